// One person in a draft's effect: each record that becomes visible, hidden, read-only or
// read/write for them, with the reason before and after.
import { Badge, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { Person } from "../../gen/Person";
import { api } from "../../ipc";
import { keys } from "../../lib/keys";
import { LoadError } from "../../lib/states";

const COLOR: Record<string, string> = { visible: "teal", hidden: "red", "read/write": "blue", "read only": "gray" };

export function PersonRecords({ draftId, person }: { draftId: string; person: Person }) {
  const q = { draft_id: draftId, person };
  const query = useQuery({ queryKey: keys.effectPerson(q), queryFn: () => api.draftEffectPerson(q) });
  const d = query.data;
  if (query.error) return <LoadError error={query.error} what="This person's records" retry={() => void query.refetch()} />;
  if (!d) return <Text size="xs" c="dimmed">Comparing records…</Text>;
  if (d.records.length === 0) return <Text size="xs" c="dimmed">No record changes for this person.</Text>;
  return (
    <Table fz="xs" withTableBorder data-testid="person-records">
      <Table.Thead><Table.Tr><Table.Th>Record</Table.Th><Table.Th>Becomes</Table.Th><Table.Th>Now</Table.Th><Table.Th>After publishing</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {d.records.slice(0, 200).map((r) => (
          <Table.Tr key={r.change.id}>
            <Table.Td>{r.change.kind} · {r.change.name}</Table.Td>
            <Table.Td><Badge size="sm" color={COLOR[r.becomes] ?? "gray"} variant="light" tt="none">{r.becomes}</Badge></Table.Td>
            <Table.Td c="dimmed">{r.before}</Table.Td>
            <Table.Td>{r.after}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      {d.records.length > 200 && <Table.Caption>…and {d.records.length - 200} more (all are in the CSV export)</Table.Caption>}
    </Table>
  );
}
