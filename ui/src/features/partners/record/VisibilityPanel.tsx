// What one partner user sees and why (HIER-2, PU-8, SHARE-1, ITEM-1), from the same Rust
// functions that decide it — so the explanation cannot drift from the behaviour. A reader
// of the audit log may ask for a past moment (RPT-5): the rules' answer then, replayed.
import { Badge, Group, Loader, ScrollArea, Stack, Table, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type SessionInfo } from "../../../ipc";
import { keys } from "../../../lib/keys";
import { can } from "../../../lib/permissions";
import { LoadError } from "../../../lib/states";
import { AsOfInput, momentOf } from "../../../lib/AsOf";

export function VisibilityPanel({ contactId, session }: { contactId: string; session?: SessionInfo }) {
  const [asOf, setAsOf] = useState("");
  const [debounced] = useDebouncedValue(asOf, 300);
  const at = momentOf(debounced);
  const q = { contact_id: contactId, ...(at != null ? { at } : {}) };
  const query = useQuery({ queryKey: keys.visibility(q), queryFn: () => api.visibilityReport(q), placeholderData: keepPreviousData });
  const report = query.data;
  const past = session && can(session, "audit_log.read") && (
    <AsOfInput value={asOf} onChange={setAsOf} testId="visibility-as-of" size="xs" />
  );
  if (query.error) {
    return <Stack gap="sm">{past}<LoadError error={query.error} what="What they see" retry={() => void query.refetch()} /></Stack>;
  }
  if (!report) return <Loader size="sm" aria-label="Reading what they see" />;
  return (
    <Stack gap="sm" data-testid="visibility-report">
      {past}
      <Text size="sm">{report.scope}</Text>
      <Group gap="xs">
        <Badge variant="light" data-testid="visibility-total">{report.total} records</Badge>
        {report.by_kind.map((k) => <Badge key={k.kind} variant="outline">{k.count} {k.kind}</Badge>)}
      </Group>
      <ScrollArea.Autosize mah={320} viewportProps={{ tabIndex: 0, "aria-label": "Records they see" }}>
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr><Table.Th>Record</Table.Th><Table.Th>Owner</Table.Th><Table.Th>Access</Table.Th><Table.Th>Why</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.rows.map((r, i) => (
              <Table.Tr key={i}>
                <Table.Td><Text size="sm">{r.name}</Text><Text size="xs" c="dimmed">{[r.kind, r.segments].filter(Boolean).join(" · ")}</Text></Table.Td>
                <Table.Td>{r.owner}</Table.Td>
                <Table.Td><Badge size="xs" color={r.write ? "teal" : "gray"}>{r.write ? "read/write" : "read"}</Badge></Table.Td>
                <Table.Td><Text size="xs">{r.reason}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {report.total > report.rows.length && <Text size="xs" c="dimmed">Showing the first {report.rows.length} of {report.total}.</Text>}
      <Text size="sm" fw={500}>Items in Partner Center</Text>
      <Text size="sm" c={report.items.length ? undefined : "dimmed"}>{report.items.join(", ") || "None (ITEM-1: only flagged items, with permission on items)"}</Text>
      <Text size="sm" fw={500}>Permissions (portal, agent and admin roles combined)</Text>
      <Text size="xs" c="dimmed">{report.permissions.join(", ") || "None"}</Text>
    </Stack>
  );
}
