// PU-3/PU-4/PU-5 for a member: a temporary password shown once, or one typed by the manager.
import { Button, Checkbox, Group, Modal, SegmentedControl, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { api, type MemberRow } from "../../ipc";
import type { PasswordReset } from "../../gen/PasswordReset";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { PasswordFields } from "../auth/PasswordFields";
import { ShownOnce } from "../auth/ShownOnce";

export function ResetPasswordDialog({ member, onClose }: { member: MemberRow | null; onClose: () => void }) {
  const [mode, setMode] = useState<"temporary" | "manual">("temporary");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  // PU-4: always shown unchecked; saving checked sets the one-shot flag.
  const [requireChange, setRequireChange] = useState(false);
  const [result, setResult] = useState<PasswordReset | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setMode("temporary");
    setPassword("");
    setConfirm("");
    setRequireChange(false);
    setResult(null);
    setError(null);
  }, [member]);
  const close = () => {
    setResult(null); // the temporary password is gone for good once the dialog closes
    onClose();
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!member) return;
    if (mode === "manual" && password !== confirm) return notifyError(new Error("The two passwords differ"), "Not saved");
    setBusy(true);
    try {
      const r = await api.memberResetPassword({ member_id: member.id, password: mode === "manual" ? password : null, require_change: requireChange });
      setRequireChange(false);
      if (r.temporary_password) setResult(r);
      else {
        notifySuccess(`Password set for ${r.email}. Pass it on by phone or in person, never by email.`);
        close();
      }
    } catch (err) {
      setError(err);
      if (!fieldError(err, "password")) notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={member !== null} onClose={close} title={`Reset the password of ${member?.email ?? ""}`} centered size="md">
      {result ? (
        <Stack>
          <ShownOnce email={result.email} password={result.temporary_password ?? ""}>
            <Text size="sm">
              Signs in to Trellis as <b>{result.email}</b> with the role <b>{member?.role_name ?? "no role"}</b>.
            </Text>
          </ShownOnce>
          <Group justify="flex-end"><Button onClick={close}>Done</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <SegmentedControl value={mode} onChange={(v) => setMode(v as "temporary" | "manual")}
              data={[{ value: "temporary", label: "Generate a temporary password" }, { value: "manual", label: "Type a password" }]} />
            {mode === "manual" && (
              <>
                <PasswordFields value={password} onChange={setPassword} confirm={confirm} onConfirmChange={setConfirm}
                  email={member?.email} name={member?.name} error={fieldError(error, "password")} testId="reset-password" />
                <Checkbox label="Require password change on next login" checked={requireChange}
                  onChange={(e) => setRequireChange(e.currentTarget.checked)} />
                <Text size="xs" c="dimmed">Tell them the password by phone or in person — never by email.</Text>
              </>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" loading={busy} data-testid="reset-submit">{mode === "temporary" ? "Generate" : "Set password"}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
