// Issue 19: a member chooses a new password with the reset link an administrator emailed
// them. Opened by the link itself (trellis://reset, code filled in) or from the sign-in
// screen, where the whole link can be pasted. Rust checks the link and the password.
import { Button, Group, Modal, PasswordInput, Stack, Text } from "@mantine/core";
import { api } from "../../ipc";
import { fieldError, notifySuccess } from "../../lib/notify";
import { PasswordFields } from "./PasswordFields";
import { useCodeForm } from "./useCodeForm";

export function ResetWithLink({ opened, onClose, initialCode = "" }: { opened: boolean; onClose: () => void; initialCode?: string }) {
  const { code, setCode, password, setPassword, confirm, setConfirm, error, busy, submit } = useCodeForm(opened, initialCode);
  const onSubmit = submit("Not changed", ["code", "password"], async () => {
    const row = await api.memberResetWithLink({ code, password });
    notifySuccess(`New password set: sign in as ${row.email} with it.`);
    onClose();
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Choose a new password" centered size="md">
      <form onSubmit={onSubmit} noValidate>
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
