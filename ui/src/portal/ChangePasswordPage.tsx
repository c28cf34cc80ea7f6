// PORT-3, PORT-4: change the password — the current one first, then a new one against the
// workspace's policy (checked by the server). When a change is required it is the only
// page there is, with a way to sign out.
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { fieldError, portal, type PortalWhoami } from "./ipc";

export function ChangePasswordPage({ who, required, onChanged, onCancel, onSignOut }: {
  who: PortalWhoami; required: boolean; onChanged: (who: PortalWhoami) => void; onCancel?: () => void; onSignOut: () => void;
}) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = again.length > 0 && again !== next ? "The two new passwords differ" : undefined;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      onChanged(await portal.changePassword({ current_password: current, new_password: next }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const general =
    error && !fieldError(error, "current_password") && !fieldError(error, "new_password") ? (error as Error).message : undefined;
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-light)">
      <Paper withBorder shadow="sm" p="xl" w={420} component="form" onSubmit={submit} data-testid="portal-change-password">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">Change your password</Title>
            <Text size="sm" c="dimmed">
              {required
                ? `${who.user_name}, your partner manager asks you to choose a new password before you go on.`
                : "Every other place you are signed in is signed out."}
            </Text>
          </div>
          <PasswordInput label="Current password" autoComplete="current-password" required value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)} error={fieldError(error, "current_password")}
            data-testid="portal-current-password" />
          <PasswordInput label="New password" autoComplete="new-password" required value={next}
            onChange={(e) => setNext(e.currentTarget.value)} error={fieldError(error, "new_password")}
            data-testid="portal-new-password" />
          <PasswordInput label="New password again" autoComplete="new-password" required value={again}
            onChange={(e) => setAgain(e.currentTarget.value)} error={mismatch} data-testid="portal-new-password-again" />
          {general && <Alert color="red">{general}</Alert>}
          <Group justify="space-between">
            {required
              ? <Button variant="subtle" onClick={onSignOut} data-testid="portal-sign-out">Sign out</Button>
              : <Button variant="subtle" onClick={onCancel}>Cancel</Button>}
            <Button type="submit" loading={busy} data-testid="portal-change-password-submit">Change password</Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
