// Settings › Security: the password policy (WS-4) and this computer's lock and keyring.
import { Alert, Button, Card, Group, NumberInput, Stack, Switch, Text, Title } from "@mantine/core";
import { useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { PartnerFeaturesCard } from "./PartnerFeaturesCard";
import { RemoteDatabaseCard } from "../sync/RemoteDatabaseCard";
import { PortalCard } from "./PortalCard";
import { EmailCard } from "../mail/EmailCard";
import { BackupCard } from "./BackupCard";

export function SecurityPage({ session, onSession }: { session: SessionInfo; onSession: (s: SessionInfo) => void }) {
  const [min, setMin] = useState<number>(session.password_policy.min_length);
  const [max, setMax] = useState<number>(session.password_policy.max_length);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const editable = can(session, "settings.update");
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await api.setPasswordPolicy({ min_length: min, max_length: max });
      notifySuccess(`Passwords now need ${s.password_policy.min_length} to ${s.password_policy.max_length} characters. Existing passwords keep working.`);
      onSession(s);
    } catch (err) {
      setError(err);
      if (!fieldError(err, "min_length") && !fieldError(err, "max_length")) notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack p="lg" gap="md" maw={760}>
      <div>
        <Title order={2} size="h3">Settings</Title>
        <Text size="sm" c="dimmed">Partner features, licences, the team's shared database, and how people sign in.</Text>
      </div>
      <PartnerFeaturesCard session={session} onSession={onSession} />
      <RemoteDatabaseCard session={session} />
      <PortalCard session={session} onSession={onSession} />
      <EmailCard session={session} />
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">Drafts</Title>
        <Switch
          label="Four eyes: a draft must be approved by another manager who may edit roles before it is published"
          description="Any edit to an approved draft voids the approval. Drafting, approving and publishing are in the audit log."
          checked={session.four_eyes} disabled={!editable} data-testid="four-eyes"
          onChange={(e) => api.setFourEyes({ on: e.currentTarget.checked }).then(onSession, notifyError)} />
      </Card>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">Log in as partner</Title>
        <NumberInput label="Longest preview (minutes)" min={5} max={480} w={240} defaultValue={session.preview_max_minutes}
          key={session.preview_max_minutes} disabled={!editable} data-testid="preview-max"
          description="A preview defaults to 30 minutes and ends on its own at the time chosen; start and end are audited."
          onBlur={(e) => {
            const minutes = Number(e.currentTarget.value);
            if (minutes && minutes !== session.preview_max_minutes) api.setPreviewMax({ minutes }).then(onSession, notifyError);
          }} />
      </Card>
      <Card withBorder>
        <form onSubmit={save} noValidate>
          <Stack>
            <Title order={3} size="h5">Password policy</Title>
            <Text size="sm" c="dimmed">
              Following NIST SP 800-63B: length is what counts. No required digits or symbols; common, breached and
              repetitive passwords and ones built on the person's name or email are always refused.
            </Text>
            <Group align="start">
              <NumberInput label="Minimum length" min={8} max={64} value={min} onChange={(v) => setMin(Number(v))} w={180}
                disabled={!editable} error={fieldError(error, "min_length")} data-testid="policy-min" />
              <NumberInput label="Maximum length" min={64} max={1024} value={max} onChange={(v) => setMax(Number(v))} w={180}
                disabled={!editable} error={fieldError(error, "max_length")} />
            </Group>
            {editable && <Group><Button type="submit" loading={busy} data-testid="policy-save">Save policy</Button></Group>}
          </Stack>
        </form>
      </Card>
      {can(session, "settings.read") && <BackupCard />}
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">This computer</Title>
        <Text size="sm">Trellis locks itself after {session.idle_lock_minutes ? `${session.idle_lock_minutes} minutes` : "— never —"} without activity (change it in the account menu).</Text>
        {session.keyring ? (
          <Text size="sm">Remembered sign-ins are kept in the OS keyring: {session.keyring}.</Text>
        ) : (
          <Alert color="yellow" mt="xs">No OS keyring is available here, so Trellis cannot remember your sign-in.</Alert>
        )}
      </Card>
    </Stack>
  );
}
