// RPT-3: the dashboards published to the partner user's portal role, each tile counted
// by Rust over their own access. A tile they may not read never arrives; nothing here
// decides access. The chart is plain SVG (the portal bundle stays small), with the same
// numbers as a table for screen readers.
import { ActionIcon, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconEyeOff } from "@tabler/icons-react";
import type { TileKind } from "../gen/TileKind";
import { portal } from "./ipc";
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

function Tile({ tile, onHide }: { tile: DashboardTile; onHide?: () => void }) {
  return (
    <Card withBorder data-testid={`tile-${tile.kind}`}>
      <Group justify="space-between" align="start" wrap="nowrap" gap={4}>
        <Text size="xs" c="dimmed" tt="uppercase">{tile.title}</Text>
        {onHide && (
          <Tooltip label="Hide from my Home" withinPortal>
            <ActionIcon size="sm" variant="subtle" color="gray" aria-label={`Hide ${tile.title}`} onClick={onHide}>
              <IconEyeOff size={14} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
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

/** A changeable dashboard's tiles can be hidden from this user's Home, and shown again;
 * Rust keeps the choice (and refuses it on a locked one). */
export function DashboardTiles({ dashboards, readOnly }: { dashboards: DashboardView[]; readOnly: boolean }) {
  const arrange = async (d: DashboardView, hidden: TileKind[]) => {
    try {
      await portal.arrangeHome({ dashboard_id: d.id, hidden });
    } catch (err) {
      notifications.show({ color: "red", title: "Not changed", message: (err as Error).message });
    }
  };
  return (
    <>
      {dashboards.map((d) => {
        const changeable = !d.locked && !readOnly;
        const hidden = d.hidden.map((h) => h.kind);
        return (
          <Stack key={d.id} gap="xs" data-testid="portal-dashboard">
            <Group justify="space-between">
              <Title order={3} size="h4">{d.name}</Title>
              {changeable && hidden.length > 0 && (
                <Button size="xs" variant="subtle" onClick={() => void arrange(d, [])} data-testid="portal-dashboard-show-all">
                  Show {hidden.length} hidden tile{hidden.length === 1 ? "" : "s"}
                </Button>
              )}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              {d.tiles.map((t) => (
                <Tile key={t.kind} tile={t} onHide={changeable ? () => void arrange(d, [...hidden, t.kind]) : undefined} />
              ))}
            </SimpleGrid>
          </Stack>
        );
      })}
    </>
  );
}
