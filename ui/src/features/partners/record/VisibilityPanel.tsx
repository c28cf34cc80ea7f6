// What one partner user sees and why (HIER-2, PU-8, SHARE-1, ITEM-1), from the same Rust
// functions that decide it — so the explanation cannot drift from the behaviour.
import { Badge, Group, Loader, ScrollArea, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../ipc";
import { keys } from "../../../lib/keys";
import { LoadError } from "../../../lib/states";

export function VisibilityPanel({ contactId }: { contactId: string }) {
  const q = { contact_id: contactId };
  const query = useQuery({ queryKey: keys.visibility(q), queryFn: () => api.visibilityReport(q) });
  const report = query.data;
  if (query.error) return <LoadError error={query.error} what="What they see" retry={() => void query.refetch()} />;
  if (!report) return <Loader size="sm" aria-label="Reading what they see" />;
  return (
    <Stack gap="sm" data-testid="visibility-report">
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
