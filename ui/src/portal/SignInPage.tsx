// PORT-1: a partner user signs in to the portal server. Every failure reads the same
// (the server decides that); the page only shows what it is told. "Forgot your
// password?" asks for a reset link (SEC-6): the answer is the same for every email.
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { fieldError, portal, type PortalWhoami } from "./ipc";

function ForgotPassword({ email: initial, onBack }: { email: string; onBack: () => void }) {
  const [email, setEmail] = useState(initial);
  const [answer, setAnswer] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setAnswer((await portal.forgotPassword({ email })).message);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const general = error && !fieldError(error, "email") ? (error as Error).message : undefined;
  return (
    <Paper withBorder shadow="sm" p="xl" w={400} component="form" onSubmit={submit} data-testid="portal-forgot">
      <Stack gap="md">
        <div>
          <Title order={1} size="h2">Forgot your password?</Title>
          <Text size="sm" c="dimmed">We will email you a link to choose a new one.</Text>
        </div>
        {answer ? (
          <Alert color="blue" data-testid="portal-forgot-answer">{answer}</Alert>
        ) : (
          <>
            <TextInput label="Email" type="email" autoComplete="username" required value={email}
              onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, "email")}
              data-testid="portal-forgot-email" />
            {general && <Alert color="red">{general}</Alert>}
            <Button type="submit" loading={busy} data-testid="portal-forgot-submit">Email me a link</Button>
          </>
        )}
        <Anchor component="button" type="button" size="sm" onClick={onBack} data-testid="portal-forgot-back">
          Back to sign in
        </Anchor>
      </Stack>
    </Paper>
  );
}

export function SignInPage({ notice, onSignedIn }: { notice?: string; onSignedIn: (who: PortalWhoami) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [forgot, setForgot] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await portal.signIn({ email, password }));
    } catch (err) {
      setError(err);
      setPassword("");
    } finally {
      setBusy(false);
    }
  };
  const general = error && !fieldError(error, "email") ? (error as Error).message : undefined;
  if (forgot)
    return (
      <Center mih="100vh" bg="var(--mantine-color-gray-light)">
        <ForgotPassword email={email} onBack={() => setForgot(false)} />
      </Center>
    );
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-light)">
      <Paper withBorder shadow="sm" p="xl" w={400} component="form" onSubmit={submit} data-testid="portal-sign-in">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">Partner portal</Title>
            <Text size="sm" c="dimmed">Sign in with the email your partner manager gave access to.</Text>
          </div>
          {notice && <Alert color="blue" data-testid="portal-sign-in-notice">{notice}</Alert>}
          <TextInput label="Email" type="email" autoComplete="username" required value={email}
            onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, "email")} data-testid="portal-email" />
          <PasswordInput label="Password" autoComplete="current-password" required value={password}
            onChange={(e) => setPassword(e.currentTarget.value)} data-testid="portal-password" />
          {general && <Alert color="red" data-testid="portal-sign-in-error">{general}</Alert>}
          <Button type="submit" loading={busy} data-testid="portal-sign-in-submit">Sign in</Button>
          <Anchor component="button" type="button" size="sm" onClick={() => setForgot(true)} data-testid="portal-forgot-link">
            Forgot your password?
          </Anchor>
        </Stack>
      </Paper>
    </Center>
  );
}
