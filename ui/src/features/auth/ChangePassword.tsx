// PU-4/PU-5: the forced change at sign-in, and the voluntary one from the user menu.
import { Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { PasswordFields } from "./PasswordFields";

interface Props {
  session: SessionInfo;
  forced: boolean;
  onDone: (s: SessionInfo) => void;
  onCancel?: () => void;
}

export function ChangePasswordForm({ session, forced, onDone, onCancel }: Props) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (next !== confirm) return notifyError(new Error("The two passwords differ"), "Not changed");
    setBusy(true);
    setError(null);
    try {
      const s = await api.changePassword({ current_password: current, new_password: next });
      notifySuccess("Your password was changed.");
      onDone(s);
    } catch (err) {
      setError(err);
      if (!fieldError(err, "current_password") && !fieldError(err, "new_password")) notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  const signOut = () => api.signOut().then(onDone, notifyError);
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {forced && <Text size="sm">You must choose a new password before you continue.</Text>}
        <PasswordInput label="Current password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} required
          error={fieldError(error, "current_password")} data-testid="current-password" data-autofocus autoComplete="current-password" />
        <PasswordFields label="New password" value={next} onChange={setNext} confirm={confirm} onConfirmChange={setConfirm}
          email={session.me?.email} name={session.me?.name} error={fieldError(error, "new_password")} testId="new-password" />
        <Group justify="space-between">
          {forced ? <Button variant="subtle" color="gray" onClick={signOut}>Sign out</Button> : <Button variant="default" onClick={onCancel}>Cancel</Button>}
          <Button type="submit" loading={busy} data-testid="change-password-submit">Change password</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ForcedPasswordChange({ session, onDone }: { session: SessionInfo; onDone: (s: SessionInfo) => void }) {
  return (
    <Center h="100%">
      <Paper withBorder shadow="sm" p="xl" w={460} radius="lg">
        <Title order={1} size="h3" mb="sm">Choose a new password</Title>
        <ChangePasswordForm session={session} forced onDone={onDone} />
      </Paper>
    </Center>
  );
}
