// Records of one kind, as the partner user sees them (HIER-2, PU-8, SHARE-1): read-only or
// read/write per record, with why; create and edit where their roles allow (PREV-2).
import { Badge, Button, Group, Pagination, Stack, Table, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPlus, IconSearch } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { RecordKind } from "../gen/RecordKind";
import { Empty, LoadError } from "../lib/states";
import { portal, type PortalRecordRow, type PortalSession } from "./ipc";
import { portalKeys } from "./keys";
import { RecordDialog } from "./RecordDialog";

const PAGE = 25;

export function RecordsPage({ session, kind }: { session: PortalSession; kind: RecordKind }) {
  const label = session.kinds.find((k) => k.kind === kind)?.label ?? "Records";
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 200);
  const [pageNo, setPageNo] = useState(1);
  const [editing, setEditing] = useState<PortalRecordRow | "new" | null>(null);
  const q = { kind, search: debounced, offset: (pageNo - 1) * PAGE, limit: PAGE };
  const query = useQuery({ queryKey: portalKeys.records(q), queryFn: () => portal.records(q), placeholderData: keepPreviousData });
  const page = query.data;
  return (
    <Stack gap="sm" data-testid={`portal-records-${kind}`}>
      <Group justify="space-between">
        <Title order={2} size="h3">{label}</Title>
        {page?.can_create && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")} data-testid="portal-record-new">New</Button>
        )}
      </Group>
      <TextInput placeholder={`Search ${label.toLowerCase()}`} leftSection={<IconSearch size={16} />} value={search} w={320}
        onChange={(e) => { setSearch(e.currentTarget.value); setPageNo(1); }} />
      {query.error && <LoadError error={query.error} what={label} retry={() => void query.refetch()} />}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Owner</Table.Th><Table.Th>{kind === "activity" ? "Type · when · customer" : "Department · location · class"}</Table.Th><Table.Th>Access</Table.Th><Table.Th><span className="sr-only">Actions</span></Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {page?.rows.map((r) => (
            <Table.Tr key={r.id} data-testid="portal-record-row">
              <Table.Td>{r.name}</Table.Td>
              <Table.Td>{r.owner}</Table.Td>
              <Table.Td c="dimmed">
                {r.activity
                  ? [r.activity.kind, new Date(r.activity.at).toLocaleString(), r.activity.customer].filter(Boolean).join(" · ")
                  : [r.department, r.location, r.class].filter(Boolean).join(" · ")}
              </Table.Td>
              <Table.Td>
                <Tooltip label={r.why} withinPortal>
                  <Badge variant="light" color={r.write ? "teal" : "gray"}>{r.write ? "Read/write" : "Read only"}</Badge>
                </Tooltip>
              </Table.Td>
              <Table.Td>
                {r.write && !session.read_only && (
                  <Button size="xs" variant="subtle" onClick={() => setEditing(r)} data-testid="portal-record-edit">Edit</Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {page && page.total === 0 && <Empty>No {label.toLowerCase()} to show.</Empty>}
      {page && page.total > PAGE && <Pagination total={Math.ceil(page.total / PAGE)} value={pageNo} onChange={setPageNo} />}
      {page && <Text size="xs" c="dimmed">{page.total} in all</Text>}
      <RecordDialog kind={kind} label={label} editing={editing} onClose={() => setEditing(null)}
        customers={session.kinds.some((k) => k.kind === "customer")}
        onSaved={() => setEditing(null)} />
    </Stack>
  );
}
