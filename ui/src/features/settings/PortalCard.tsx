// Settings › Partner portal (PORT-4, PORT-5): the portal service's database login (whose
// rows desktops accept as partner users' changes), the portal's address for invitation
// links, and how long an unused portal session lasts. Rust checks every value.
import { Button, Card, Group, NumberInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";

export function PortalCard({ session, onSession }: { session: SessionInfo; onSession: (s: SessionInfo) => void }) {
  const [login, setLogin] = useState(session.portal_login ?? "");
  const [url, setUrl] = useState(session.portal_url ?? "");
  const [error, setError] = useState<unknown>(null);
  const editable = can(session, "settings.update");
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      let s = session;
      if ((login.trim() || null) !== (session.portal_login ?? null))
        s = await api.setPortalLogin({ login: login.trim() || undefined });
      if ((url.trim() || null) !== (session.portal_url ?? null)) s = await api.setPortalAddress({ url: url.trim() || undefined });
      onSession(s);
      notifySuccess("Partner portal settings saved; the portal picks them up at its next sync.");
    } catch (err) {
      setError(err);
      if (!fieldError(err, "login") && !fieldError(err, "portal_url")) notifyError(err);
    }
  };
  return (
    <Card withBorder>
      <form onSubmit={save} noValidate>
        <Stack gap="sm">
          <div>
            <Title order={3} size="h5">Partner portal</Title>
            <Text size="sm" c="dimmed">
              Partner users sign in to the portal server in their browsers (docs/PORTAL.md). Desktops accept the
              changes it sends only from the database login linked here, and only for partner users with access.
            </Text>
          </div>
          <Group align="start" grow>
            <TextInput label="Portal service database login" placeholder="trellis_portal_web" value={login}
              onChange={(e) => setLogin(e.currentTarget.value)} disabled={!editable} error={fieldError(error, "login")}
              data-testid="portal-login" />
            <TextInput label="Portal address (for invitation links)" placeholder="https://partners.example.com" value={url}
              onChange={(e) => setUrl(e.currentTarget.value)} disabled={!editable} error={fieldError(error, "portal_url")}
              data-testid="portal-url" />
          </Group>
          <NumberInput label="Sign out unused portal sessions after (minutes)" min={5} max={480} w={320}
            defaultValue={session.portal_idle_minutes} key={session.portal_idle_minutes} disabled={!editable}
            description="Every session also ends 12 hours after sign-in."
            onBlur={(e) => {
              const minutes = Number(e.currentTarget.value);
              if (minutes && minutes !== session.portal_idle_minutes) api.setPortalIdle({ minutes }).then(onSession, notifyError);
            }} />
          {editable && <Group><Button type="submit" data-testid="portal-settings-save">Save portal settings</Button></Group>}
        </Stack>
      </form>
    </Card>
  );
}
