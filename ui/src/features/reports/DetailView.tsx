// RPT-1 Partner Activity Detail: every activity in the filter, searched, sorted and paged
// by Rust; a row opens the activity.
import { Badge, Group, Pagination, ScrollArea, Stack, Table, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconArrowDown, IconArrowUp } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ActivityFilterRequest } from "../../gen/ActivityFilterRequest";
import type { ActivityRow } from "../../gen/ActivityRow";
import type { ActivitySort } from "../../gen/ActivitySort";
import { api } from "../../ipc";
import { keys } from "../../lib/keys";
import { Empty, LoadError } from "../../lib/states";
import { TYPE_COLORS } from "./period";

const PAGE = 50;
const COLUMNS: { sort: ActivitySort; label: string; w?: number }[] = [
  { sort: "at", label: "When", w: 150 },
  { sort: "type", label: "Type", w: 100 },
  { sort: "subject", label: "Subject" },
  { sort: "customer", label: "Customer" },
  { sort: "partner", label: "Partner" },
  { sort: "by", label: "By" },
];

export function DetailView({ filter, onOpen }: { filter: ActivityFilterRequest; onOpen: (row: ActivityRow) => void }) {
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<ActivitySort>("at");
  const [descending, setDescending] = useState(true);
  const [page, setPage] = useState(0);
  const [debounced] = useDebouncedValue(search, 200);
  const req = { ...filter, search: debounced, sort, descending, page, page_size: PAGE };
  const query = useQuery({ queryKey: keys.activityDetail(req), queryFn: () => api.activityDetail(req), placeholderData: keepPreviousData });
  const data = query.data;
  const sortBy = (s: ActivitySort) => {
    if (s === sort) setDescending(!descending);
    else { setSort(s); setDescending(s === "at"); }
    setPage(0);
  };
  return (
    <Stack gap="xs" px="lg" pb="lg" style={{ flex: 1, minHeight: 0 }}>
      <Group>
        <TextInput placeholder="Search subject, customer, partner or person" value={search} w={360} data-page-search
          aria-label="Search activities" data-testid="activity-search"
          onChange={(e) => { setSearch(e.currentTarget.value); setPage(0); }} />
        <Text size="sm" c="dimmed" ml="auto" aria-live="polite">{data ? `${data.total.toLocaleString()} activities` : "Loading…"}</Text>
      </Group>
      {query.error && <LoadError error={query.error} what="The activities" retry={() => void query.refetch()} />}
      {data && data.total === 0 ? <Empty testId="activity-detail-empty">No activity you can see matches.</Empty> : (
        <ScrollArea style={{ flex: 1 }} viewportProps={{ tabIndex: 0, "aria-label": "Activities" }}>
          <Table highlightOnHover fz="sm" stickyHeader data-testid="activity-detail-table">
            <Table.Thead>
              <Table.Tr>
                {COLUMNS.map((c) => (
                  <Table.Th key={c.sort} w={c.w} aria-sort={c.sort === sort ? (descending ? "descending" : "ascending") : "none"}>
                    <UnstyledButton onClick={() => sortBy(c.sort)} fw={600} fz="sm" data-testid={`activity-sort-${c.sort}`}>
                      <Group gap={4} wrap="nowrap">{c.label}{c.sort === sort && (descending ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}</Group>
                    </UnstyledButton>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data?.rows.map((r) => (
                <Table.Tr key={r.id} data-testid="activity-row" style={{ cursor: "pointer" }} onClick={() => onOpen(r)}>
                  <Table.Td>
                    <UnstyledButton fz="sm" onClick={(e) => { e.stopPropagation(); onOpen(r); }} aria-label={`Open ${r.subject}, ${r.when}`}>{r.when}</UnstyledButton>
                  </Table.Td>
                  <Table.Td><Badge variant="light" color={TYPE_COLORS[r.type]} tt="none">{r.type}</Badge></Table.Td>
                  <Table.Td>{r.subject}</Table.Td>
                  <Table.Td c={r.customer_id ? undefined : "dimmed"}>{r.customer || "—"}</Table.Td>
                  <Table.Td>{r.partner}</Table.Td>
                  <Table.Td>{r.by}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {data && data.total > PAGE && (
        <Pagination total={Math.ceil(data.total / PAGE)} value={page + 1} onChange={(p) => setPage(p - 1)} size="sm"
          getControlProps={(c) => ({ "aria-label": c === "previous" ? "Previous page" : c === "next" ? "Next page" : c })} />
      )}
    </Stack>
  );
}
