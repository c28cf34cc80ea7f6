// Settings › Email (MAIL-1): the SMTP server, the sender, and whether this desktop sends.
// The password goes to this desktop's OS keyring (left empty, the kept one stays); Rust
// checks every field and names the one at fault. "Send a test message" goes to you.
import { Alert, Button, Card, Group, NumberInput, PasswordInput, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type MailInfo, type MailSettingsRequest, type SessionInfo } from "../../ipc";
import { keys } from "../../lib/keys";
import { QueryView } from "../../lib/states";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";

type Security = MailSettingsRequest["security"];

const SECURITY: { value: Security; label: string }[] = [
  { value: "start_tls", label: "STARTTLS, required (port 587)" },
  { value: "tls", label: "TLS (port 465)" },
  { value: "none", label: "None — a server on this computer only" },
];

export function EmailCard({ session }: { session: SessionInfo }) {
  const query = useQuery({ queryKey: keys.email, queryFn: api.emailSettings });
  // The form starts from what Rust said once; a re-read underneath never undoes typing.
  return <QueryView query={query} what="Email settings">{(info) => <EmailForm session={session} initial={info} />}</QueryView>;
}

function EmailForm({ session, initial }: { session: SessionInfo; initial: MailInfo }) {
  const [info, setInfo] = useState<MailInfo>(initial);
  const [host, setHost] = useState(initial.host ?? "");
  const [port, setPort] = useState<number>(initial.port ?? 587);
  const [security, setSecurity] = useState<Security>(initial.security ?? "start_tls");
  const [user, setUser] = useState(initial.user ?? "");
  const [password, setPassword] = useState("");
  const [fromName, setFromName] = useState(initial.from_name ?? session.workspace?.name ?? "");
  const [fromAddress, setFromAddress] = useState(initial.from_address ?? "");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<"save" | "test" | null>(null);
  const editable = can(session, "settings.update");
  const show = (i: MailInfo) => {
    setInfo(i);
    setHost(i.host ?? "");
    setPort(i.port ?? 587);
    setSecurity(i.security ?? "start_tls");
    setUser(i.user ?? "");
    setFromName(i.from_name ?? session.workspace?.name ?? "");
    setFromAddress(i.from_address ?? "");
    setPassword("");
  };
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy("save");
    setError(null);
    try {
      show(await api.setEmail({
        host, port, security, user: user.trim() || undefined, password: password || undefined,
        from_name: fromName, from_address: fromAddress,
      }));
      notifySuccess("Email settings saved. This computer sends mail; its password is in the OS keyring.");
    } catch (err) {
      setError(err);
      const named = ["host", "port", "security", "user", "password", "from_name", "from_address"].some((f) => fieldError(err, f));
      if (!named) notifyError(err);
    } finally {
      setBusy(null);
    }
  };
  const test = async () => {
    setBusy("test");
    try {
      const r = await api.testEmail();
      notifySuccess(`Sent to ${r.to}. The server said: ${r.server_reply}`);
    } catch (err) {
      notifyError(err, "Test message not sent");
    } finally {
      setBusy(null);
    }
  };
  const configured = Boolean(info?.host);
  return (
    <Card withBorder>
      <form onSubmit={save} noValidate data-testid="email-settings">
        <Stack gap="sm">
          <div>
            <Title order={3} size="h5">Email</Title>
            <Text size="sm" c="dimmed">
              Invitations, access notifications and password resets are sent through this server. Links in them point
              to the portal address above.
            </Text>
          </div>
          {info && configured && (
            <Alert color={info.sends_here ? "green" : "blue"} data-testid="email-sender">
              {info.sends_here
                ? `This computer sends the workspace's mail (secrets in ${info.secrets_in ?? "the OS keyring"}).`
                : "Another computer or the portal server sends the workspace's mail. Saving here makes this computer the sender, with a new key that the others do not hold; to send from both, import the other's secret instead (trellis settings email import-secret)."}
            </Alert>
          )}
          <Group align="start" grow>
            <TextInput label="SMTP server" placeholder="smtp.example.com" value={host} disabled={!editable}
              onChange={(e) => setHost(e.currentTarget.value)} error={fieldError(error, "host")} data-testid="email-host" />
            <NumberInput label="Port" min={1} max={65535} value={port} disabled={!editable} maw={120}
              onChange={(v) => setPort(Number(v))} error={fieldError(error, "port")} data-testid="email-port" />
          </Group>
          <Select label="Security" data={SECURITY} value={security} allowDeselect={false} disabled={!editable}
            onChange={(v) => v && setSecurity(v as Security)} error={fieldError(error, "security")} data-testid="email-security" />
          <Group align="start" grow>
            <TextInput label="User (if the server wants one)" value={user} disabled={!editable} autoComplete="off"
              onChange={(e) => setUser(e.currentTarget.value)} error={fieldError(error, "user")} data-testid="email-user" />
            <PasswordInput label="Password" value={password} disabled={!editable} autoComplete="new-password"
              placeholder={configured ? "unchanged" : ""} onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError(error, "password")} data-testid="email-password" />
          </Group>
          <Group align="start" grow>
            <TextInput label="From name" value={fromName} disabled={!editable}
              onChange={(e) => setFromName(e.currentTarget.value)} error={fieldError(error, "from_name")} data-testid="email-from-name" />
            <TextInput label="From address" placeholder="partners@example.com" value={fromAddress} disabled={!editable}
              onChange={(e) => setFromAddress(e.currentTarget.value)} error={fieldError(error, "from_address")}
              data-testid="email-from-address" />
          </Group>
          {editable && (
            <Group>
              <Button type="submit" loading={busy === "save"} data-testid="email-save">Save email settings</Button>
              <Button variant="default" onClick={test} loading={busy === "test"} disabled={!configured} data-testid="email-test">
                Send a test message to me
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
