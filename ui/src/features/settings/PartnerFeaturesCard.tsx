// Settings › Partner features (WS-2) and the licence pool (WS-3).
import { Button, Card, Group, NumberInput, Stack, Switch, Text, Title } from "@mantine/core";
import { useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";

export function PartnerFeaturesCard({ session, onSession }: { session: SessionInfo; onSession: (s: SessionInfo) => void }) {
  const f = session.partner_features;
  const [access, setAccess] = useState(f.partner_access);
  const [advanced, setAdvanced] = useState(f.advanced_partner_access);
  const [licences, setLicences] = useState<number>(f.licences);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const editable = can(session, "settings.update");
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await api.setPartnerFeatures({ partner_access: access, advanced_partner_access: advanced, licences });
      notifySuccess("Partner features saved.");
      onSession(s);
    } catch (err) {
      setError(err);
      if (!fieldError(err, "advanced_partner_access") && !fieldError(err, "licences")) notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder>
      <form onSubmit={save} noValidate>
        <Stack>
          <Title order={3} size="h5">Partner features</Title>
          <Switch label="Partner Access" description="Partner companies can be enabled and their people given portal access."
            checked={access} disabled={!editable} onChange={(e) => { setAccess(e.currentTarget.checked); if (!e.currentTarget.checked) setAdvanced(false); }}
            data-testid="feature-partner-access" />
          <Switch label="Advanced Partner Access" description="Needed to give the Advanced Partner Center role. Requires Partner Access."
            checked={advanced} disabled={!editable || !access} onChange={(e) => setAdvanced(e.currentTarget.checked)}
            error={fieldError(error, "advanced_partner_access")} />
          <NumberInput label="Partner licences" description="Each enabled partner user takes one." min={0} value={licences}
            onChange={(v) => setLicences(Number(v))} w={220} disabled={!editable} error={fieldError(error, "licences")}
            data-testid="feature-licences" />
          {editable && <Group><Button type="submit" loading={busy} data-testid="features-save">Save partner features</Button></Group>}
          {!editable && <Text size="xs" c="dimmed">Your role can view these settings but not change them.</Text>}
        </Stack>
      </form>
    </Card>
  );
}
