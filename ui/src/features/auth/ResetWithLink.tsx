// Issue 19: a member chooses a new password with the reset link an administrator emailed
// them. Opened by the link itself (trellis://reset, code filled in) or from the sign-in
// screen, where the whole link can be pasted. Rust checks the link and the password.
import { Button, Group, Modal, PasswordInput, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { api } from "../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { PasswordFields } from "./PasswordFields";

export function ResetWithLink({ opened, onClose, initialCode = "" }: { opened: boolean; onClose: () => void; initialCode?: string }) {
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setCode(initialCode);
    setPassword("");
    setConfirm("");
    setError(null);
  }, [opened, initialCode]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (password !== confirm) return notifyError(new Error("The two passwords differ"), "Not changed");
    setBusy(true);
    try {
      const row = await api.memberResetWithLink({ code, password });
      notifySuccess(`New password set: sign in as ${row.email} with it.`);
      onClose();
    } catch (err) {
      setError(err);
      if (!["code", "password"].some((f) => fieldError(err, f))) notifyError(err, "Not changed");
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Choose a new password" centered size="md">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {initialCode
              ? "Your reset link filled in its code. The link works once; every session you kept signs out."
              : "Paste the reset link from your email, then choose your new password."}
          </Text>
          <PasswordInput label="Reset link or code" placeholder="trellis://reset?code=…" value={code}
            onChange={(e) => setCode(e.currentTarget.value)} error={fieldError(error, "code")} autoComplete="one-time-code"
            data-testid="reset-code" data-autofocus={initialCode ? undefined : true} />
          <PasswordFields label="New password" value={password} onChange={setPassword} confirm={confirm} onConfirmChange={setConfirm}
            error={fieldError(error, "password")} testId="reset-password" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} data-testid="reset-submit">Set the new password</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
