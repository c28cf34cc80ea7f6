// RPT-1 Partner Activity Summary: totals, activity over time by partner (a chart, or the
// same numbers as a table), and one row per partner that opens onto its people.
import { Badge, Group, Paper, ScrollArea, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, lazy, Suspense, useState } from "react";
import type { ActivityFilterRequest } from "../../gen/ActivityFilterRequest";
import type { ActivityGroupRow } from "../../gen/ActivityGroupRow";
import type { ActivitySummary } from "../../gen/ActivitySummary";
import type { Bucket } from "../../gen/Bucket";
import { api } from "../../ipc";
import { keys } from "../../lib/keys";
import { Empty, LoadError } from "../../lib/states";

const ActivityChart = lazy(() => import("./ActivityChart"));
const dayFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="xl" fw={700} data-testid={`stat-${label.toLowerCase()}`}>{value.toLocaleString()}</Text>
    </Paper>
  );
}

function TrendTable({ s }: { s: ActivitySummary }) {
  return (
    <ScrollArea h={260} viewportProps={{ tabIndex: 0, "aria-label": "Activity over time" }}>
      <Table fz="sm" stickyHeader striped data-testid="activity-trend-table">
        <Table.Thead>
          <Table.Tr><Table.Th>{s.bucket === "day" ? "Day" : s.bucket === "week" ? "Week of" : "Month"}</Table.Th>
            {s.series.map((x) => <Table.Th key={x.name} ta="right">{x.name}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {s.buckets.map((b, i) => (
            <Table.Tr key={b}><Table.Td>{b}</Table.Td>{s.series.map((x) => <Table.Td key={x.name} ta="right">{x.counts[i]}</Table.Td>)}</Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

function Counts({ r }: { r: ActivityGroupRow }) {
  return (
    <>
      <Table.Td ta="right" fw={600}>{r.total.toLocaleString()}</Table.Td>
      <Table.Td ta="right">{r.by_type.call}</Table.Td>
      <Table.Td ta="right">{r.by_type.email}</Table.Td>
      <Table.Td ta="right">{r.by_type.meeting}</Table.Td>
      <Table.Td ta="right">{r.by_type.task}</Table.Td>
      <Table.Td ta="right">{r.customers}</Table.Td>
      <Table.Td>{dayFmt.format(new Date(r.first))}</Table.Td>
      <Table.Td>{dayFmt.format(new Date(r.last))}</Table.Td>
    </>
  );
}

function People({ filter, bucket, account }: { filter: ActivityFilterRequest; bucket: Bucket; account: string }) {
  const req = { ...filter, bucket, expand: account };
  const query = useQuery({ queryKey: keys.activitySummary(req), queryFn: () => api.activitySummary(req) });
  if (!query.data) return <Table.Tr><Table.Td colSpan={10}><Skeleton h={16} /></Table.Td></Table.Tr>;
  return (
    <>
      {query.data.people.map((p) => (
        <Table.Tr key={p.name} data-testid="activity-person-row">
          <Table.Td pl={40}>{p.name}</Table.Td><Table.Td />
          <Counts r={p} />
        </Table.Tr>
      ))}
    </>
  );
}

export function SummaryView({ filter }: { filter: ActivityFilterRequest }) {
  const [bucket, setBucket] = useState<Bucket>("week");
  const [view, setView] = useState("chart");
  const [open, setOpen] = useState<string | null>(null);
  const req = { ...filter, bucket };
  const query = useQuery({ queryKey: keys.activitySummary(req), queryFn: () => api.activitySummary(req), placeholderData: keepPreviousData });
  if (query.error) return <LoadError error={query.error} what="The activity summary" retry={() => void query.refetch()} />;
  const s = query.data;
  if (!s) return <Skeleton h={300} mx="lg" />;
  return (
    <Stack gap="md" px="lg" pb="lg">
      <SimpleGrid cols={{ base: 3, md: 6 }}>
        <Stat label="Activities" value={s.total} />
        <Stat label="Calls" value={s.by_type.call} />
        <Stat label="Emails" value={s.by_type.email} />
        <Stat label="Meetings" value={s.by_type.meeting} />
        <Stat label="Tasks" value={s.by_type.task} />
        <Stat label="Customers" value={s.customers} />
      </SimpleGrid>
      {s.total === 0 ? <Empty testId="activity-empty">No activity you can see in this period.</Empty> : (
        <>
          <Paper withBorder p="md" radius="md">
            <Group justify="space-between" mb="sm">
              <Text fw={600} component="h3" m={0} size="md">Activity over time</Text>
              <Group gap="sm">
                <SegmentedControl size="xs" value={bucket} onChange={(b) => setBucket(b as Bucket)} aria-label="Group by"
                  data={[{ value: "day", label: "Day" }, { value: "week", label: "Week" }, { value: "month", label: "Month" }]} />
                <SegmentedControl size="xs" value={view} onChange={setView} aria-label="Show as" data-testid="activity-view"
                  data={[{ value: "chart", label: "Chart" }, { value: "table", label: "Table" }]} />
              </Group>
            </Group>
            {s.bucket !== bucket && <Text size="xs" c="dimmed" mb="xs">Grouped by {s.bucket}: this period is too long to show by {bucket}.</Text>}
            {view === "chart" ? (
              <Suspense fallback={<Skeleton h={260} />}><ActivityChart summary={s} /></Suspense>
            ) : <TrendTable s={s} />}
          </Paper>
          <Table highlightOnHover fz="sm" data-testid="activity-summary-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Partner</Table.Th><Table.Th>Channel manager</Table.Th><Table.Th ta="right">Activities</Table.Th>
                <Table.Th ta="right">Calls</Table.Th><Table.Th ta="right">Emails</Table.Th><Table.Th ta="right">Meetings</Table.Th>
                <Table.Th ta="right">Tasks</Table.Th><Table.Th ta="right">Customers</Table.Th><Table.Th>First</Table.Th><Table.Th>Last</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.rows.map((r) => {
                const id = r.account_id;
                const expanded = id !== undefined && open === id;
                return (
                  <Fragment key={id ?? "internal"}>
                    <Table.Tr data-testid="activity-summary-row" data-partner={r.name}>
                      <Table.Td>
                        {id ? (
                          <UnstyledButton aria-expanded={expanded} onClick={() => setOpen(expanded ? null : id)} aria-label={`${r.name}: ${expanded ? "hide" : "show"} people`}>
                            <Group gap={4} wrap="nowrap">{expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}<Text size="sm" fw={500}>{r.name}</Text></Group>
                          </UnstyledButton>
                        ) : <Badge variant="light" color="gray" tt="none">{r.name}</Badge>}
                      </Table.Td>
                      <Table.Td>{r.owner}</Table.Td>
                      <Counts r={r} />
                    </Table.Tr>
                    {expanded && <People filter={filter} bucket={bucket} account={id} />}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
