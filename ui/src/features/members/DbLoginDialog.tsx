// Links a member to the shared database login their changes travel under: the shared log
// accepts a change as theirs only when the database says that login appended it.
import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { api, type MemberRow } from "../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";

export function DbLoginDialog({ member, onClose, onDone }: { member: MemberRow | null; onClose: () => void; onDone: () => void }) {
  const [login, setLogin] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setLogin(member?.db_login ?? "");
    setError(null);
  }, [member]);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!member) return;
    setBusy(true);
    try {
      await api.memberSetDbLogin({ member_id: member.id, login: login.trim() || undefined });
      notifySuccess(login.trim() ? `${member.email} now syncs as ${login.trim()}.` : `${member.email} has no database login.`);
      onDone();
      onClose();
    } catch (err) {
      setError(err);
      if (!fieldError(err, "login")) notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={member !== null} onClose={onClose} title={`Database login of ${member?.email ?? ""}`} zIndex={400}>
      <form onSubmit={save} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            The login this member uses for the team's shared database. Their changes are accepted by every desktop only
            when the database says this login sent them. One login per member.
          </Text>
          <TextInput label="Database login" value={login} onChange={(e) => setLogin(e.currentTarget.value)}
            error={fieldError(error, "login")} data-testid="db-login" data-autofocus />
          <Group justify="end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} data-testid="db-login-save">Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
