// RPT-2, RPT-5: who holds which permission, through which role — now, or as the journal
// says it was at any past moment. Every filter, count and row is Rust's answer.
import { Badge, Button, Group, MultiSelect, Pagination, ScrollArea, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDownload } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { AccessGroupBy } from "../../gen/AccessGroupBy";
import type { AccessPeople } from "../../gen/AccessPeople";
import type { AccessReportQuery } from "../../gen/AccessReportQuery";
import { AsOfInput, momentOf } from "../../lib/AsOf";
import { api, type SessionInfo } from "../../ipc";
import { keys } from "../../lib/keys";
import { notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { useCatalog, usePartnerChoices, useRoles } from "../../lib/queries";
import { Empty, LoadError } from "../../lib/states";
import { WhyButton } from "../drafts/WhyButton";

const PAGE = 100;
const timeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });


const GROUPS: { value: AccessGroupBy | "none"; label: string }[] = [
  { value: "none", label: "Each row" },
  { value: "person", label: "By person" },
  { value: "role", label: "By role" },
  { value: "account", label: "By partner account" },
  { value: "permission", label: "By permission" },
  { value: "resource", label: "By resource" },
];

const GROUP_HEADERS: Record<AccessGroupBy, string> = {
  person: "Person",
  role: "Role",
  account: "Partner account",
  permission: "Permission",
  resource: "Resource",
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export function AccessPage({ session }: { session: SessionInfo }) {
  const [people, setPeople] = useState<AccessPeople>("everyone");
  const [search, setSearch] = useState("");
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [accountIds, setAccountIds] = useState<string[]>([]);
  const [permissions, setPermissions] = useState<string[]>([]);
  const [resources, setResources] = useState<string[]>([]);
  const [groupBy, setGroupBy] = useState<AccessGroupBy | "none">("none");
  const [asOf, setAsOf] = useState("");
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState(false);

  const internal = useRoles({ audience: "internal" }).data ?? [];
  const partner = useRoles({ audience: "partner" }).data ?? [];
  const accounts = usePartnerChoices().data ?? [];
  const catalog = useCatalog().data;
  const canPast = can(session, "audit_log.read");

  const filters = useMemo(
    () => ({
      people,
      search,
      role_ids: roleIds,
      account_ids: accountIds,
      permissions,
      resources,
      group_by: groupBy === "none" ? undefined : groupBy,
      at: momentOf(asOf),
    }),
    [people, search, roleIds, accountIds, permissions, resources, groupBy, asOf],
  );
  const [debounced] = useDebouncedValue(filters, 200);
  const q: AccessReportQuery = { ...debounced, offset: (page - 1) * PAGE, limit: PAGE };
  const query = useQuery({ queryKey: keys.access(q), queryFn: () => api.accessReport(q), placeholderData: keepPreviousData });
  const report = query.data;

  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage(1); };

  const exportCsv = async () => {
    setBusy(true);
    try {
      const saved = await api.accessReportExport({ ...filters, offset: 0, limit: 0 });
      notifySuccess(`${saved.rows.toLocaleString()} rows exported to ${saved.path}`);
    } catch (e) {
      notifyError(e, "Not exported");
    } finally {
      setBusy(false);
    }
  };

  const roleOptions = [
    { group: "Internal roles", items: internal.map((r) => ({ value: r.id, label: r.name })) },
    { group: "Partner roles", items: partner.map((r) => ({ value: r.id, label: r.name })) },
  ];
  const resourceOptions = [
    ...(catalog?.resources ?? []).map((r) => ({ value: r.key, label: r.label })),
    { value: "special", label: "Special permissions" },
    { value: "portal", label: "Partner portal features" },
  ];
  const permissionOptions = [
    ...(catalog?.resources ?? []).flatMap((r) => (catalog?.actions ?? []).map((a) => ({ value: `${r.key}.${a.key}`, label: `${a.label} ${r.label.toLowerCase()}` }))),
    ...(catalog?.specials ?? []).map((s) => ({ value: `special.${s.key}`, label: s.label })),
    ...(catalog?.portal_features ?? []).map((f) => ({ value: `portal.${f.key}`, label: f.label })),
  ];

  return (
    <Stack h="100%" gap={0}>
      <Group justify="space-between" px="lg" pt="md" pb="xs" align="start">
        <div>
          <Title order={2} size="h3">Access report</Title>
          <Text size="sm" c="dimmed">
            Who holds which permission, and through which role — now, or at any moment since the workspace began.
          </Text>
        </div>
        {can(session, "special.export") && (
          <Button leftSection={<IconDownload size={16} />} variant="default" onClick={exportCsv} loading={busy} data-testid="access-export">
            Export CSV
          </Button>
        )}
      </Group>
      <Group px="lg" py="xs" gap="sm" align="end" wrap="wrap">
        <SegmentedControl value={people} onChange={(v) => reset(setPeople)(v as AccessPeople)} aria-label="Whose access"
          data={[{ value: "everyone", label: "Everyone" }, { value: "members", label: "Members" }, { value: "partner_users", label: "Partner users" }]} />
        <TextInput label="Person" placeholder="name or email" value={search} onChange={(e) => reset(setSearch)(e.currentTarget.value)} w={200}
          data-testid="access-search" data-page-search />
        <MultiSelect label="Role" data={roleOptions} value={roleIds} onChange={reset(setRoleIds)} searchable clearable w={220} data-testid="access-roles" />
        <MultiSelect label="Partner account" data={accounts.map((a) => ({ value: a.id, label: a.name }))} value={accountIds}
          onChange={reset(setAccountIds)} searchable clearable w={220} />
        <MultiSelect label="Resource" data={resourceOptions} value={resources} onChange={reset(setResources)} searchable clearable w={200} />
        <MultiSelect label="Permission" data={permissionOptions} value={permissions} onChange={reset(setPermissions)} searchable clearable w={220}
          data-testid="access-permissions" />
        <Select label="Show" data={GROUPS} value={groupBy} onChange={(v) => reset(setGroupBy)((v ?? "none") as AccessGroupBy | "none")} w={170}
          allowDeselect={false} data-testid="access-group" />
        {canPast && (
          <AsOfInput value={asOf} onChange={reset(setAsOf)} testId="access-as-of" />
        )}
      </Group>
      <Group px="lg" pb="xs" gap="xs">
        <Text size="sm" aria-live="polite" data-testid="access-total">
          {report ? `${plural(report.total_rows, "permission", "permissions")} held by ${plural(report.people, "person", "people")}` : "Loading…"}
        </Text>
        {report?.at != null && <Badge color="grape" variant="light" data-testid="access-past">as of {timeFmt.format(new Date(report.at))}</Badge>}
      </Group>
      {query.error && <LoadError error={query.error} what="The access report" retry={() => void query.refetch()} />}
      <ScrollArea style={{ flex: 1 }} px="lg" viewportProps={{ tabIndex: 0, "aria-label": "Access rows" }}>
        {report && report.total_rows === 0 && <Empty>No one holds a permission that matches these filters.</Empty>}
        {report && report.total_rows > 0 && debounced.group_by && (
          <Table highlightOnHover fz="sm" stickyHeader data-testid="access-groups">
            <Table.Thead>
              <Table.Tr><Table.Th>{GROUP_HEADERS[debounced.group_by]}</Table.Th><Table.Th w={140}>Permissions held</Table.Th><Table.Th w={120}>People</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.groups.map((g) => (
                <Table.Tr key={g.key} data-testid="access-group-row">
                  <Table.Td>{g.label}</Table.Td>
                  <Table.Td>{g.rows.toLocaleString()}</Table.Td>
                  <Table.Td>{g.people.toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {report && report.total_rows > 0 && !debounced.group_by && (
          <Table highlightOnHover fz="sm" stickyHeader data-testid="access-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Person</Table.Th>
                <Table.Th>Partner account</Table.Th>
                <Table.Th>Permission</Table.Th>
                <Table.Th>Resource</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rows.map((r) => (
                <Table.Tr key={`${r.person_id}:${r.permission}`} data-testid="access-row">
                  <Table.Td>
                    <Text size="sm">{r.name || r.email}</Text>
                    <Text size="xs" c="dimmed">{r.email}</Text>
                  </Table.Td>
                  <Table.Td>{r.account ?? <Text span size="sm" c="dimmed">Member</Text>}</Table.Td>
                  <Table.Td title={r.permission}>{r.permission_label}</Table.Td>
                  <Table.Td>{r.resource}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Text size="sm">{r.why}</Text>
                      <WhyButton person={{ kind: r.kind === "member" ? "member" : "contact", id: r.person_id }} permission={r.permission}
                        at={report.at ?? undefined} label="The whole chain" />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </ScrollArea>
      {report && !debounced.group_by && report.total_rows > PAGE && (
        <Group justify="center" py="xs">
          <Pagination total={Math.ceil(report.total_rows / PAGE)} value={page} onChange={setPage} size="sm"
            getItemProps={(p) => ({ "aria-label": `Page ${p}` })}
            getControlProps={(c) => ({ "aria-label": c === "previous" ? "Previous page" : c === "next" ? "Next page" : c })} />
        </Group>
      )}
    </Stack>
  );
}
