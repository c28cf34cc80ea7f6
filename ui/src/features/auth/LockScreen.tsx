// CRED-2: the locked app; only the signed-in member's password unlocks it.
import { Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import { notifyError } from "../../lib/notify";

export function LockScreen({ session, onChange }: { session: SessionInfo; onChange: (s: SessionInfo) => void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onChange(await api.unlock({ password }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setPassword("");
    } finally {
      setBusy(false);
    }
  };
  const signOut = () => api.signOut().then(onChange, notifyError);
  return (
    <Center h="100%">
      <Paper withBorder shadow="sm" p="xl" w={400} radius="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group gap="xs"><IconLock size={22} /><Title order={1} size="h3">Trellis is locked</Title></Group>
            <Text size="sm" c="dimmed">{session.me?.name} ({session.me?.email})</Text>
            <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-autofocus
              error={error} data-testid="unlock-password" autoComplete="current-password" />
            <Group justify="space-between">
              <Button variant="subtle" color="gray" onClick={signOut}>Sign out</Button>
              <Button type="submit" loading={busy} data-testid="unlock-submit">Unlock</Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
