// CRED-2: email and password; optional "remember me" in the OS keyring.
import { Alert, Box, Button, Center, Checkbox, Group, Paper, PasswordInput, Stack, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import { fieldError } from "../../lib/notify";
import { Logo } from "../../app/Logo";
import { AcceptInvitation } from "./AcceptInvitation";
import { ResetWithLink } from "./ResetWithLink";

const DEMO = { workspace: "Northwind Channel", email: "dana.whitfield@northwind-channel.example", password: "northwind trellis demo" };

export function SignIn({ session, onSignedIn }: { session: SessionInfo; onSignedIn: (s: SessionInfo) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [accepting, setAccepting] = useState(false);
  const [resetting, setResetting] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn({ email, password, remember }));
    } catch (err) {
      setError(err);
      setPassword("");
    } finally {
      setBusy(false);
    }
  };
  const general = error instanceof Error && !fieldError(error, "email") && !fieldError(error, "password") ? error.message : null;

  return (
    <Center h="100%">
      <Paper withBorder shadow="sm" p="xl" w={420} radius="lg">
        <form onSubmit={submit} noValidate aria-label="Sign in">
          <Stack>
            <Group gap="sm">
              <Logo size={36} />
              <Box>
                <Title order={1} size="h3">Sign in</Title>
                <Text size="sm" c="dimmed">{session.workspace?.name}</Text>
              </Box>
            </Group>
            {general && <Alert color="red" role="alert" data-testid="sign-in-error">{general}</Alert>}
            <TextInput label="Work email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required data-autofocus
              autoComplete="username" error={fieldError(error, "email")} data-testid="sign-in-email" />
            <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required
              autoComplete="current-password" error={fieldError(error, "password")} data-testid="sign-in-password" />
            <Tooltip label={session.keyring ? `Kept in the OS keyring (${session.keyring})` : "No OS keyring is available on this computer"} withArrow>
              <Box>
                <Checkbox label="Keep me signed in on this computer" checked={remember} disabled={!session.keyring}
                  onChange={(e) => setRemember(e.currentTarget.checked)} />
              </Box>
            </Tooltip>
            <Button type="submit" loading={busy} data-testid="sign-in-submit">Sign in</Button>
            <Group gap={0} justify="center">
              <Button variant="subtle" size="xs" onClick={() => setAccepting(true)} data-testid="accept-invitation-open">
                Invited? Accept an invitation
              </Button>
              <Button variant="subtle" size="xs" onClick={() => setResetting(true)} data-testid="reset-link-open">
                Have a reset link?
              </Button>
            </Group>
            {session.workspace?.name === DEMO.workspace && (
              <Alert variant="light" icon={<IconInfoCircle size={16} />} title="Demo workspace">
                <Text size="sm">Sign in as {DEMO.email} with the password “{DEMO.password}”.</Text>
              </Alert>
            )}
          </Stack>
        </form>
      </Paper>
      <AcceptInvitation opened={accepting} onClose={() => setAccepting(false)} />
      <ResetWithLink opened={resetting} onClose={() => setResetting(false)} />
    </Center>
  );
}
