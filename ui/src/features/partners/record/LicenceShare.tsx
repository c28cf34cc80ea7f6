// WS-3: the account's share of the workspace's licence pool. Lowering it below what its
// users hold takes nobody's access away — Rust refuses new access there until it is back
// under, and Access reviews › Findings lists the account with a draft to fix it.
import { Alert, Badge, Button, Group, NumberInput, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { api } from "../../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../../lib/notify";
import type { TabProps } from "./AccountRecord";

export function shareSummary(used: number, share: number | undefined): string {
  if (share === undefined) return `${used} used · no share of its own`;
  return `${used} of its share of ${share} used`;
}

export function LicenceShare({ record, onRecord, manage }: Pick<TabProps, "record" | "onRecord"> & { manage: boolean }) {
  const a = record.account;
  const [value, setValue] = useState<string | number>(a.licence_share ?? "");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const over = a.licence_share !== undefined && a.licences_used > a.licence_share;
  const save = async (share: number | null) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.partnerSetLicenceShare({ account_id: a.id, version: a.version, share: share ?? undefined });
      notifySuccess(share === null ? `${a.name} draws on the workspace pool.` : `${a.name} may hold ${share} licence(s).`);
      setValue(r.account.licence_share ?? "");
      onRecord(r);
    } catch (err) {
      setError(err);
      if (!fieldError(err, "licence_share")) notifyError(err, "Share not changed");
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Title order={3} size="h6">Licence share</Title>
        {over && <Badge color="orange" size="sm" data-testid="share-over">over its share</Badge>}
      </Group>
      <Text size="sm" data-testid="share-summary">{shareSummary(a.licences_used, a.licence_share)}</Text>
      {over && (
        <Alert color="orange" p="xs">
          Nobody loses access because of a lower share. No new access is given here until it is back under; Access
          reviews › Findings proposes a draft that revokes the users beyond it.
        </Alert>
      )}
      {manage && (
        <Group align="end">
          <NumberInput label="Licences this account may hold" description="Empty: no share of its own" min={0} allowDecimal={false}
            value={value} onChange={setValue} w={260} error={fieldError(error, "licence_share")} data-testid="share-input" />
          <Button onClick={() => save(value === "" ? null : Number(value))} loading={busy} data-testid="share-save">
            Save share
          </Button>
        </Group>
      )}
      {fieldError(error, "version") && <Alert color="orange">{fieldError(error, "version")}</Alert>}
    </Stack>
  );
}
