// DRAFT-2: what the draft does — counts first (people gaining and losing, by permission,
// by role, by partner account, items), then person by person: each permission gained or
// lost (with "Why?"), and on opening a person, each record that becomes visible, hidden,
// read-only or read/write. Computed in Rust by the same code that decides access.
import { Alert, Badge, Button, Card, Group, Pagination, Select, SimpleGrid, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDownload } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { api, type EffectFilter, type PersonEffect } from "../../ipc";
import { keys } from "../../lib/keys";
import { LoadError } from "../../lib/states";
import { notifyError, notifySuccess } from "../../lib/notify";
import { PersonRecords } from "./PersonRecords";
import { WhyButton } from "./WhyButton";

const PAGE = 50;
const FILTERS: { value: EffectFilter; label: string }[] = [
  { value: "all", label: "Everyone affected" },
  { value: "gaining", label: "Gaining" },
  { value: "losing", label: "Losing" },
  { value: "records", label: "Records change" },
  { value: "items", label: "Items change" },
  { value: "members", label: "Members" },
  { value: "partner_users", label: "Partner users" },
];

function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase">{label}</Text>
      <Text fz={26} fw={700} c={color}>{value.toLocaleString()}</Text>
    </Card>
  );
}

function keyOf(p: PersonEffect): string {
  return `${p.person.kind}:${p.person.id}`;
}

export function EffectView({ draftId }: { draftId: string }) {
  const [search, setSearch] = useState("");
  const [filter, setFilter] = useState<EffectFilter>("all");
  const [permission, setPermission] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(search, 200);

  const q = { draft_id: draftId, search: debounced, filter, permission: permission ?? undefined, offset: (page - 1) * PAGE, limit: PAGE };
  // The last answer stays on screen while a new filter is computed.
  const query = useQuery({ queryKey: keys.effect(q), queryFn: () => api.draftEffect(q), placeholderData: keepPreviousData });
  const data = query.data;

  const exportCsv = () =>
    api.draftEffectExport({ draft_id: draftId }).then((f) => notifySuccess(`${f.rows.toLocaleString()} rows exported to ${f.path}`), notifyError);

  if (query.error && !data) return <LoadError error={query.error} what="The effect" retry={() => void query.refetch()} />;
  if (!data) return <Text size="sm" c="dimmed">Computing the effect…</Text>;
  const s = data.summary;
  return (
    <Stack gap="md" data-testid="effect-view">
      <SimpleGrid cols={4}>
        <Stat label="People affected" value={s.people} />
        <Stat label="Gain something" value={s.gaining} color="teal" />
        <Stat label="Lose something" value={s.losing} color="red" />
        <Stat label="See other records" value={s.records} color="blue" />
      </SimpleGrid>
      {s.warnings.map((w) => <Alert key={w} color="orange">{w}</Alert>)}
      {s.people === 0 && <Alert color="gray" data-testid="effect-none">Nobody's access changes with this draft (yet).</Alert>}
      {s.by_permission.length > 0 && (
        <Group align="start" grow>
          <Card withBorder padding="sm">
            <Text fw={600} size="sm" mb={4}>By permission</Text>
            <Table fz="sm" data-testid="effect-by-permission">
              <Table.Tbody>
                {s.by_permission.map((p) => (
                  <Table.Tr key={p.permission} style={{ cursor: "pointer" }} onClick={() => { setPermission(permission === p.permission ? null : p.permission); setPage(1); }}
                    bg={permission === p.permission ? "var(--mantine-color-blue-0)" : undefined}>
                    <Table.Td>{p.label}</Table.Td>
                    <Table.Td c="teal" w={70}>{p.gained > 0 ? `+${p.gained}` : ""}</Table.Td>
                    <Table.Td c="red" w={70}>{p.lost > 0 ? `−${p.lost}` : ""}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <Card withBorder padding="sm">
            <Text fw={600} size="sm" mb={4}>By role</Text>
            {s.by_role.slice(0, 8).map((r) => <Text key={r.name} size="sm">{r.name}: {r.people.toLocaleString()}</Text>)}
            <Text fw={600} size="sm" mt="sm" mb={4}>By account</Text>
            {s.by_account.slice(0, 8).map((r) => <Text key={r.name} size="sm">{r.name}: {r.people.toLocaleString()}</Text>)}
            {s.items.map((i) => <Text key={i.name} size="sm">Item {i.name}: {i.shown > 0 ? `appears for ${i.shown}` : ""}{i.hidden > 0 ? `disappears for ${i.hidden}` : ""}</Text>)}
          </Card>
        </Group>
      )}
      <Group gap="sm" align="end">
        <TextInput label="Search" placeholder="name, email or account" value={search} onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }} w={260} data-testid="effect-search" />
        <Select label="Show" data={FILTERS} value={filter} onChange={(v) => { setFilter((v as EffectFilter) ?? "all"); setPage(1); }} w={200} allowDeselect={false} />
        {permission && <Badge size="lg" variant="light" onClick={() => setPermission(null)} style={{ cursor: "pointer" }}>{permission} ✕</Badge>}
        <Text size="sm" c="dimmed" ml="auto">{data.total.toLocaleString()} people</Text>
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={exportCsv} data-testid="effect-export">Export CSV</Button>
      </Group>
      <Table fz="sm" verticalSpacing={6} highlightOnHover data-testid="effect-people">
        <Table.Thead>
          <Table.Tr><Table.Th>Person</Table.Th><Table.Th>Role</Table.Th><Table.Th>Gains</Table.Th><Table.Th>Loses</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.people.map((p) => (
            <Fragment key={keyOf(p)}>
              <Table.Tr data-testid="effect-person" data-email={p.email} onClick={() => setOpen(open === keyOf(p) ? null : keyOf(p))} style={{ cursor: "pointer" }}>
                <Table.Td>
                  <Text size="sm" fw={500}>{p.name}</Text>
                  <Text size="xs" c="dimmed">{p.email}{p.account ? ` · ${p.account}` : ""}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{p.roles_before.join(", ") || "—"} → {p.roles_after.join(", ") || "—"}</Text>
                </Table.Td>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Group gap={4}>
                    {p.gained.map((k) => (
                      <Group key={k} gap={0}><Badge color="teal" variant="light" tt="none">{k}</Badge><WhyButton person={p.person} permission={k} draftId={draftId} /></Group>
                    ))}
                    {p.items_shown.map((i) => <Badge key={i} color="teal" variant="outline" tt="none">item {i}</Badge>)}
                    {p.dashboards_shown.map((d) => <Badge key={d} color="teal" variant="outline" tt="none">dashboard {d}</Badge>)}
                  </Group>
                </Table.Td>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Group gap={4}>
                    {p.lost.map((k) => (
                      <Group key={k} gap={0}><Badge color="red" variant="light" tt="none">{k}</Badge><WhyButton person={p.person} permission={k} draftId={draftId} label="Why not, in the draft?" /></Group>
                    ))}
                    {p.items_hidden.map((i) => <Badge key={i} color="red" variant="outline" tt="none">item {i}</Badge>)}
                    {p.dashboards_hidden.map((d) => <Badge key={d} color="red" variant="outline" tt="none">dashboard {d}</Badge>)}
                    {p.records_change && <Badge color="blue" variant="light" tt="none">records change</Badge>}
                  </Group>
                </Table.Td>
              </Table.Tr>
              {open === keyOf(p) && (
                <Table.Tr><Table.Td colSpan={4}><PersonRecords draftId={draftId} person={p.person} /></Table.Td></Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
      {data.total > PAGE && <Pagination total={Math.ceil(data.total / PAGE)} value={page} onChange={setPage} />}
    </Stack>
  );
}
