// PU-3/PU-5 after access was given: type a password (with PU-4's flag) or generate a
// temporary one, shown once.
import { Button, Checkbox, Group, Modal, SegmentedControl, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { api } from "../../../ipc";
import type { ContactRow } from "../../../gen/ContactRow";
import type { PartnerPasswordReset } from "../../../gen/PartnerPasswordReset";
import { fieldError, notifyError, notifySuccess } from "../../../lib/notify";
import { PasswordFields } from "../../auth/PasswordFields";
import { ShownOnce } from "../../auth/ShownOnce";

export function PartnerPasswordDialog({ contact, onClose }: { contact: ContactRow | null; onClose: () => void }) {
  const [mode, setMode] = useState<"temporary" | "manual">("temporary");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [requireChange, setRequireChange] = useState(false);
  const [result, setResult] = useState<PartnerPasswordReset | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setMode("temporary");
    setPassword("");
    setRepeat("");
    setRequireChange(false);
    setResult(null);
    setError(null);
  }, [contact]);
  const close = () => {
    setResult(null);
    onClose();
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!contact) return;
    if (mode === "manual" && password !== repeat) return notifyError(new Error("The two passwords differ"), "Not saved");
    try {
      const r = await api.partnerSetPassword({ contact_id: contact.id, password: mode === "manual" ? password : null, require_change: requireChange });
      if (r.temporary_password) setResult(r);
      else {
        notifySuccess(`Password set for ${r.email}. Pass it on by phone or in person, never by email.`);
        close();
      }
    } catch (err) {
      setError(err);
      if (!fieldError(err, "password")) notifyError(err);
    }
  };
  return (
    <Modal opened={contact !== null} onClose={close} title={`Password for ${contact?.email ?? ""}`} centered size="md">
      {result ? (
        <Stack>
          <ShownOnce email={result.email} password={result.temporary_password ?? ""} />
          <Group justify="flex-end"><Button onClick={close}>Done</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <SegmentedControl value={mode} onChange={(v) => setMode(v as "temporary" | "manual")}
              data={[{ value: "temporary", label: "Generate a temporary password" }, { value: "manual", label: "Type a password" }]} />
            {mode === "manual" && (
              <>
                <PasswordFields value={password} onChange={setPassword} confirm={repeat} onConfirmChange={setRepeat}
                  email={contact?.email} name={contact?.name} error={fieldError(error, "password")} testId="partner-reset-password" />
                <Checkbox label="Require password change on next login" checked={requireChange} onChange={(e) => setRequireChange(e.currentTarget.checked)} />
                <Text size="xs" c="dimmed">Tell them the password by phone or in person — never by email.</Text>
              </>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit">{mode === "temporary" ? "Generate" : "Set password"}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
