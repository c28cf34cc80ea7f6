// SYNC-2: one own change that collided with someone else's — per field, the value both
// started from, theirs (now in place) and mine (set aside) — and the two ways out.
import { Button, Group, Paper, Table, Text } from "@mantine/core";
import type { FieldConflict, ParkedChange } from "../../ipc";

function show(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (field.startsWith("permissions.") && typeof v === "boolean") return v ? "granted" : "not granted";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "yes" : "no";
  return JSON.stringify(v);
}

function fieldName(f: FieldConflict): string {
  if (f.field === "") return "(the whole thing)";
  if (f.field.startsWith("permissions.")) return `permission ${f.field.slice("permissions.".length)}`;
  return f.field.replace(/_/g, " ");
}

export function ConflictCard({ change, onKeep }: { change: ParkedChange; onKeep: (keep: "theirs" | "mine") => void }) {
  const fields = change.reason.kind === "conflict" ? change.reason.fields : [];
  return (
    <Paper withBorder p="sm" data-testid="sync-conflict">
      <Group justify="space-between" mb="xs">
        <div>
          <Text fw={500}>{change.summary}</Text>
          <Text size="xs" c="dimmed">{change.action} · made {new Date(change.at).toLocaleString()}</Text>
        </div>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => onKeep("theirs")} data-testid="keep-theirs">Keep theirs</Button>
          <Button size="xs" onClick={() => onKeep("mine")} data-testid="keep-mine">Apply mine on top</Button>
        </Group>
      </Group>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>What</Table.Th>
            <Table.Th>Before</Table.Th>
            <Table.Th>Theirs (in place)</Table.Th>
            <Table.Th>Mine (set aside)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {fields.map((f) => (
            <Table.Tr key={`${f.kind}:${f.id}:${f.field}`}>
              <Table.Td><Text size="sm">{f.label} · {fieldName(f)}</Text></Table.Td>
              <Table.Td><Text size="sm" c="dimmed">{show(f.field, f.base)}</Text></Table.Td>
              <Table.Td><Text size="sm">{show(f.field, f.theirs)}</Text></Table.Td>
              <Table.Td><Text size="sm" fw={500}>{show(f.field, f.mine)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
