// PORT-1: an invitation link (`/accept#code=…`). The code lives in the URL's fragment,
// which the browser never sends to a server; this page posts it, then takes it out of the
// address bar. The invitee chooses a password against the workspace's policy (the server
// checks it) and is signed in. A used, replaced or expired link says so.
import { Alert, Button, Center, Loader, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { fieldError, portal, type PortalWhoami } from "./ipc";
import { portalKeys } from "./keys";

/** The code from `#code=…`, read once. */
export function linkCode(): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  return params.get("code");
}

export function AcceptPage({ code, onAccepted, onSignIn }: {
  code: string; onAccepted: (who: PortalWhoami) => void; onSignIn: () => void;
}) {
  // A link's code is asked about once and not kept once the page is gone.
  const lookup = useQuery({ queryKey: portalKeys.invitation(code), queryFn: () => portal.invitation({ code }), gcTime: 0 });
  const invitee = lookup.data;
  const [refused, setInvalid] = useState<string | null>(null);
  const invalid = refused ?? (lookup.error ? lookup.error.message : null);
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // The code leaves the address bar (and the history) at once.
    window.history.replaceState(null, "", "/");
  }, [code]);
  const mismatch = again.length > 0 && again !== password ? "The two passwords differ" : undefined;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      onAccepted(await portal.acceptInvitation({ code, password }));
    } catch (err) {
      if (fieldError(err, "code")) setInvalid((err as Error).message);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (invalid)
    return (
      <Center mih="100vh">
        <Stack align="center" gap="xs" data-testid="portal-accept-invalid">
          <Title order={2} size="h3">This link does not work any more</Title>
          <Text c="dimmed" maw={460} ta="center">{invalid}</Text>
          <Button variant="default" mt="sm" onClick={onSignIn}>Go to sign in</Button>
        </Stack>
      </Center>
    );
  if (!invitee) return <Center h="100vh"><Loader /></Center>;
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-light)">
      <Paper withBorder shadow="sm" p="xl" w={440} component="form" onSubmit={submit} data-testid="portal-accept">
        <Stack gap="md">
          <div>
            {invitee.resetting ? (
              <>
                <Title order={1} size="h2">Choose a new password</Title>
                <Text size="sm" c="dimmed">
                  For {invitee.user_email} at the {invitee.workspace} partner portal. Every other session of yours
                  signs out.
                </Text>
              </>
            ) : (
              <>
                <Title order={1} size="h2">Welcome, {invitee.user_name}</Title>
                <Text size="sm" c="dimmed">
                  {invitee.workspace} gave {invitee.account} access to its partner portal. Choose the password you
                  will sign in with as {invitee.user_email}.
                </Text>
              </>
            )}
          </div>
          <PasswordInput label="Password" autoComplete="new-password" required value={password}
            onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(error, "password")}
            data-testid="portal-accept-password" />
          <PasswordInput label="Password again" autoComplete="new-password" required value={again}
            onChange={(e) => setAgain(e.currentTarget.value)} error={mismatch} data-testid="portal-accept-password-again" />
          {error !== null && !fieldError(error, "password") && <Alert color="red">{(error as Error).message}</Alert>}
          <Button type="submit" loading={busy} data-testid="portal-accept-submit">Set password and sign in</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
