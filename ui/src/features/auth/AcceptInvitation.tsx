// SEC-4, MEM-2, CRED-2: the invitee, on the sign-in screen, enters the code their manager
// gave them and sets their name and password. The code names the invitation: nothing
// else does, so nobody at the desk can accept someone else's.
import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { api } from "../../ipc";
import { fieldError, notifySuccess } from "../../lib/notify";
import { PasswordFields } from "./PasswordFields";
import { useCodeForm } from "./useCodeForm";

/** `initialCode`: the code a trellis:// link carried (`LinkedInvitation`). */
export function AcceptInvitation({ opened, onClose, initialCode = "" }: { opened: boolean; onClose: () => void; initialCode?: string }) {
  const { code, setCode, password, setPassword, confirm, setConfirm, error, busy, submit } = useCodeForm(opened, initialCode);
  const [name, setName] = useState("");
  useEffect(() => setName(""), [opened, initialCode]);
  const onSubmit = submit("Not accepted", ["code", "password", "name"], async () => {
    const row = await api.memberAcceptInvite({ code, name, password });
    notifySuccess(`Welcome${row.name ? `, ${row.name}` : ""}: sign in as ${row.email} with your new password.`);
    onClose();
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Accept an invitation" centered size="md">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {initialCode ? "Your invitation link filled in the code: choose your password." : "Enter the invitation code you were given, then choose your password."}
          </Text>
          <PasswordInput label="Invitation code" placeholder="xxxxx-xxxxx-xxxxx-xxxxx" value={code} data-autofocus
            onChange={(e) => setCode(e.currentTarget.value)} error={fieldError(error, "code")} autoComplete="one-time-code"
            data-testid="accept-code" />
          <TextInput label="Your name" description="Optional if your manager entered it." value={name}
            onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, "name")} data-testid="accept-name" />
          <PasswordFields label="Your password" value={password} onChange={setPassword} confirm={confirm} onConfirmChange={setConfirm}
            name={name} error={fieldError(error, "password")} testId="accept-password" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} data-testid="accept-submit">Accept invitation</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
