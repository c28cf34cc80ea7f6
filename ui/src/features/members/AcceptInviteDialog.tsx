// MEM-2 + CRED-2: stands in for the invitee following the emailed link: they set a password.
import { Alert, Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { api, type MemberRow } from "../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { PasswordFields } from "../auth/PasswordFields";

export function AcceptInviteDialog({ member, onClose, onDone }: { member: MemberRow | null; onClose: () => void; onDone: () => void }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setName(member?.name ?? "");
    setPassword("");
    setConfirm("");
    setError(null);
  }, [member]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!member) return;
    if (password !== confirm) return notifyError(new Error("The two passwords differ"), "Not accepted");
    setBusy(true);
    try {
      await api.memberAcceptInvite({ member_id: member.id, name, password });
      notifySuccess(`${member.email} accepted the invitation and can now sign in.`);
      onDone();
      onClose();
    } catch (err) {
      setError(err);
      if (!fieldError(err, "password") && !fieldError(err, "name")) notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={member !== null} onClose={onClose} title={`Accept the invitation for ${member?.email ?? ""}`} centered size="md">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Alert variant="light">Until invitation emails are sent, this is what the invitee does when they follow the link.</Alert>
          <TextInput label="Their name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, "name")}
            data-testid="accept-name" />
          <PasswordFields label="Their password" value={password} onChange={setPassword} confirm={confirm} onConfirmChange={setConfirm}
            email={member?.email} name={name} error={fieldError(error, "password")} testId="accept-password" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} data-testid="accept-submit">Accept invitation</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
