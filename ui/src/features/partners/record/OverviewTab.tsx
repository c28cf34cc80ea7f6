// Overview: who owns the account and where its partner branch hangs (PA-3), its parent and
// subpartners (PA-4), its users and licences. Changing the owner moves the whole branch.
import { Alert, Badge, Button, Group, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconArrowsExchange } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "../../../ipc";
import { useMemberChoices } from "../../../lib/queries";
import { confirm } from "../../../lib/confirm";
import { fieldError, notifyError, notifySuccess } from "../../../lib/notify";
import { can } from "../../../lib/permissions";
import type { TabProps } from "./AccountRecord";
import { LicenceShare } from "./LicenceShare";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <div>{children}</div>
    </Stack>
  );
}

/** Who may own the account: the active members (or only me, without members.read). */
function useOwners(session: TabProps["session"]) {
  const members = useMemberChoices(can(session, "members.read"));
  const me = session.me;
  if (members.data) return members.data.filter((m) => m.status === "active").map((m) => ({ value: m.id, label: m.name || m.email }));
  return me ? [{ value: me.id, label: me.name || me.email }] : [];
}

export function OverviewTab({ session, record, onRecord }: TabProps) {
  const a = record.account;
  const owners = useOwners(session);
  const [owner, setOwner] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const manage = can(session, "partners.update") && can(session, "special.manage_partner_access");
  const toggle = async () => {
    try {
      if (a.enabled) {
        const ok = await confirm({
          title: `Disable ${a.name}?`,
          message: "Its portal access ends and its partner users' licences are freed. Nothing is deleted; you can enable it again.",
          confirmLabel: "Disable partner",
          danger: true,
        });
        if (!ok) return;
        await api.partnerDisable({ account_id: a.id });
        notifySuccess(`${a.name} is disabled.`);
      } else {
        await api.partnerEnable({ account_id: a.id });
        notifySuccess(`${a.name} is enabled as a partner.`);
      }
      onRecord(await api.partnerPeople({ account_id: a.id }));
    } catch (err) {
      setError(err);
      notifyError(err, a.enabled ? "Not disabled" : "Not enabled");
    }
  };
  const change = async () => {
    if (!owner) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.partnerChangeOwner({ account_id: a.id, version: a.version, owner_id: owner });
      notifySuccess(`${r.account.owner_name} now owns ${a.name}. Its partner roles moved under ${r.owner_role ?? "their role"}.`);
      setOwner(null);
      onRecord(r);
    } catch (err) {
      setError(err);
      if (!fieldError(err, "owner_id")) notifyError(err, "Owner not changed");
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="lg">
      <SimpleGrid cols={3} spacing="lg">
        <Fact label="Owner (channel manager)">
          <Text size="sm" fw={500} data-testid="record-owner">{a.owner_name}</Text>
          {a.owner_removed && <Badge color="red" size="xs">removed</Badge>}
          <Text size="xs" c="dimmed" data-testid="record-owner-role">{record.owner_role ?? "Holds no hierarchy role"}</Text>
        </Fact>
        <Fact label="Parent partner"><Text size="sm">{a.parent_name ?? "—"}</Text></Fact>
        <Fact label="Subpartners">
          <Text size="sm">{record.subpartners.length === 0 ? "—" : record.subpartners.map((s) => s.name).join(", ")}</Text>
        </Fact>
        <Fact label="Partner users"><Text size="sm">{record.users_total} with access</Text></Fact>
        <Fact label="Partner roles">
          <Text size="sm">{record.branch.length === 0 ? "Created with the first partner user" : record.branch.map((b) => b.name).join(" › ")}</Text>
        </Fact>
        <Fact label="Licences (workspace)"><Text size="sm">{record.licences_used} of {record.features.licences} used</Text></Fact>
      </SimpleGrid>
      {manage && (
        <Group>
          <Button variant={a.enabled ? "default" : "filled"} color={a.enabled ? "red" : undefined} onClick={toggle} data-testid="record-toggle">
            {a.enabled ? "Disable partner" : "Enable as partner"}
          </Button>
          {!a.enabled && <Text size="xs" c="dimmed">Needs Partner Access, a business account, and an owner who holds a hierarchy role (PA-1).</Text>}
        </Group>
      )}
      <LicenceShare record={record} onRecord={onRecord} manage={manage} />
      {can(session, "partners.update") && (
        <Stack gap="xs">
          <Title order={3} size="h6">Change owner</Title>
          <Text size="sm" c="dimmed">
            The account's partner roles — and everyone in them — move under the new owner's hierarchy role, and its data
            rolls up to them from now on. Nothing is rewritten per user or record.
          </Text>
          <Group align="end">
            <Select label="New owner" placeholder="Choose a member" data={owners.filter((o) => o.value !== a.owner_id)} value={owner}
              onChange={setOwner} searchable w={320} error={fieldError(error, "owner_id")} comboboxProps={{ withinPortal: true }}
              data-testid="owner-select" />
            <Button leftSection={<IconArrowsExchange size={16} />} onClick={change} loading={busy} disabled={!owner} data-testid="owner-change">
              Change owner
            </Button>
          </Group>
          {fieldError(error, "version") && <Alert color="orange">{fieldError(error, "version")}</Alert>}
        </Stack>
      )}
    </Stack>
  );
}
