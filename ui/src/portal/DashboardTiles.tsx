// RPT-3: the dashboards published to the partner user's portal role, each tile counted
// by Rust over their own access. A tile they may not read never arrives; nothing here
// decides access. The chart is plain SVG (the portal bundle stays small), with the same
// numbers as a table for screen readers.
import { Card, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import type { DashboardTile } from "../gen/DashboardTile";
import type { DashboardView } from "../gen/DashboardView";

const TYPES = [["call", "call"], ["email", "email"], ["meeting", "meeting"], ["task", "task"]] as const;

function Trend({ tile }: { tile: DashboardTile }) {
  const max = Math.max(1, ...tile.counts);
  const w = 8;
  const gap = 3;
  const h = 48;
  return (
    <>
      <svg width={tile.counts.length * (w + gap)} height={h} role="img"
        aria-label={`${tile.total} activities over ${tile.counts.length} weeks`}>
        {tile.counts.map((c, i) => {
          const bh = Math.max(c > 0 ? 2 : 0, (c / max) * h);
          return <rect key={tile.buckets[i]} x={i * (w + gap)} y={h - bh} width={w} height={bh} rx={1}
            fill="var(--mantine-color-blue-6)"><title>{`Week of ${tile.buckets[i]}: ${c}`}</title></rect>;
        })}
      </svg>
      <VisuallyHidden>
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Week of</Table.Th><Table.Th>Activities</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {tile.counts.map((c, i) => <Table.Tr key={tile.buckets[i]}><Table.Td>{tile.buckets[i]}</Table.Td><Table.Td>{c}</Table.Td></Table.Tr>)}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </>
  );
}

function Tile({ tile }: { tile: DashboardTile }) {
  return (
    <Card withBorder data-testid={`tile-${tile.kind}`}>
      <Text size="xs" c="dimmed" tt="uppercase">{tile.title}</Text>
      <Text fz={28} fw={700}>{tile.total}</Text>
      {tile.by_type && (
        <Text size="xs" c="dimmed">
          {TYPES.map(([k, word]) => {
            const n = tile.by_type?.[k] ?? 0;
            return `${n} ${word}${n === 1 ? "" : "s"}`;
          }).join(" · ")}
        </Text>
      )}
      {tile.counts.length > 0 && <Trend tile={tile} />}
      {tile.rows.length > 0 && (
        <Stack gap={2} mt={4}>
          {tile.rows.map((r) => <Text key={r.id} size="sm" truncate>{r.label}</Text>)}
          {tile.total > tile.rows.length && <Text size="xs" c="dimmed">and {tile.total - tile.rows.length} more</Text>}
        </Stack>
      )}
    </Card>
  );
}

export function DashboardTiles({ dashboards }: { dashboards: DashboardView[] }) {
  return (
    <>
      {dashboards.map((d) => (
        <Stack key={d.id} gap="xs" data-testid="portal-dashboard">
          <Title order={3} size="h4">{d.name}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            {d.tiles.map((t) => <Tile key={t.kind} tile={t} />)}
          </SimpleGrid>
        </Stack>
      ))}
    </>
  );
}
