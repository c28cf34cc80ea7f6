// RPT-4: one campaign's items — each person's access with its why, last sign-in and who
// gave it — and the reviewer's decisions: one by one, or every item a filter shows that
// they review. Rust decides who may decide what; the buttons only ask.
import { Alert, Badge, Button, Checkbox, Group, Menu, Pagination, Popover, ScrollArea, SegmentedControl, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconCheck, IconChevronDown, IconUserMinus } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Person } from "../../gen/Person";
import type { ReviewDecideRequest } from "../../gen/ReviewDecideRequest";
import type { ReviewItemFilter } from "../../gen/ReviewItemFilter";
import type { ReviewItemRow } from "../../gen/ReviewItemRow";
import type { ReviewItemsQuery } from "../../gen/ReviewItemsQuery";
import type { ReviewRoleChoice } from "../../gen/ReviewRoleChoice";
import type { ReviewRow } from "../../gen/ReviewRow";
import { api } from "../../ipc";
import { keys } from "../../lib/keys";
import { notifyError, notifySuccess } from "../../lib/notify";
import { Empty, LoadError } from "../../lib/states";
import { WhyButton } from "../drafts/WhyButton";

const PAGE = 50;
const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const when = (ms: number | null) => (ms == null ? "—" : dateFmt.format(new Date(ms)));

type Decision = "all" | "undecided" | "keep" | "revoke" | "change";

function DecisionBadge({ row }: { row: ReviewItemRow }) {
  const d = row.decision;
  if (!d) return <Text size="sm" c="dimmed">Undecided</Text>;
  const label = d.verdict.verdict === "keep" ? "Keep" : d.verdict.verdict === "revoke" ? "Revoke" : `Change to ${d.role ?? "a role"}`;
  const color = d.verdict.verdict === "keep" ? "green" : d.verdict.verdict === "revoke" ? "red" : "blue";
  return (
    <Stack gap={0}>
      <Badge color={color} variant="light" tt="none" style={{ alignSelf: "flex-start" }}>{label}</Badge>
      <Text size="xs" c="dimmed">{d.by}, {when(d.at)}</Text>
      {d.comment && <Text size="xs" fs="italic">“{d.comment}”</Text>}
    </Stack>
  );
}

/** The person's permissions, each with the chain that grants it. */
function WhyList({ row }: { row: ReviewItemRow }) {
  const count = `${row.permissions.length} permission${row.permissions.length === 1 ? "" : "s"}`;
  return (
    <Popover width={380} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <Button variant="subtle" size="compact-xs" aria-label={`${count} of ${row.name || row.email}`}>{count}</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah={300}>
          <Stack gap={2}>
            {row.permissions.map((p) => (
              <Group key={p} gap={4} wrap="nowrap">
                <Text size="xs" ff="monospace">{p}</Text>
                <WhyButton person={row.person} permission={p} />
              </Group>
            ))}
            {row.permissions.length === 0 && <Text size="sm" c="dimmed">No permission now: their access already went.</Text>}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}

function ChangeMenu({ roles, person, label, onPick }: { roles: ReviewRoleChoice[]; person: Person; label: string; onPick: (roleId: string) => void }) {
  const fit = roles.filter((r) => r.audience === (person.kind === "member" ? "internal" : "partner"));
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="compact-xs" variant="default" rightSection={<IconChevronDown size={12} />} aria-label={`Change the role of ${label}`}>Change</Button>
      </Menu.Target>
      <Menu.Dropdown>
        {fit.map((r) => <Menu.Item key={r.id} onClick={() => onPick(r.id)}>{r.name}</Menu.Item>)}
      </Menu.Dropdown>
    </Menu>
  );
}

export function ReviewItems({ review }: { review: ReviewRow }) {
  const [search, setSearch] = useState("");
  const [decision, setDecision] = useState<Decision>("all");
  const [mine, setMine] = useState(false);
  const [changed, setChanged] = useState(false);
  const [page, setPage] = useState(1);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const filter: ReviewItemFilter = { search, account_ids: [], role_ids: [], mine, decision: decision === "all" ? undefined : decision, changed };
  const [debounced] = useDebouncedValue(filter, 200);
  const q: ReviewItemsQuery = { review_id: review.id, filter: debounced, offset: (page - 1) * PAGE, limit: PAGE };
  const query = useQuery({ queryKey: keys.reviewItems(q), queryFn: () => api.reviewItems(q), placeholderData: keepPreviousData });
  const data = query.data;
  const open = review.status === "open";
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage(1); };

  const decide = async (req: Omit<ReviewDecideRequest, "review_id" | "comment">, what: string) => {
    setBusy(true);
    try {
      const done = await api.reviewDecide({ ...req, review_id: review.id, comment });
      notifySuccess(done.decided === 0 ? "Already decided that way." : `${what}: ${done.decided} decided.`);
    } catch (e) {
      notifyError(e, "Not decided");
    } finally {
      setBusy(false);
    }
  };
  // In bulk, only what nobody decided yet — unless the filter asks for a decision: a
  // bulk keep must not quietly overturn the revocations just made.
  const bulkFilter: ReviewItemFilter = { ...debounced, decision: debounced.decision ?? "undecided" };
  const one = (row: ReviewItemRow, verdict: string, roleId?: string) =>
    decide({ people: [row.person], verdict, role_id: roleId }, row.name || row.email);

  return (
    <Stack gap="xs" style={{ flex: 1, minHeight: 0 }}>
      <Group gap="sm" align="end" wrap="wrap">
        <TextInput label="Person" placeholder="name or email" value={search} onChange={(e) => reset(setSearch)(e.currentTarget.value)} w={180}
          size="xs" data-testid="review-search" />
        <SegmentedControl size="xs" value={decision} onChange={(v) => reset(setDecision)(v as Decision)} aria-label="Decision"
          data={[
            { value: "all", label: "All" }, { value: "undecided", label: "Undecided" }, { value: "keep", label: "Keep" },
            { value: "revoke", label: "Revoke" }, { value: "change", label: "Change" },
          ]} />
        <Checkbox size="xs" label="Only mine to decide" checked={mine} onChange={(e) => reset(setMine)(e.currentTarget.checked)} />
        <Checkbox size="xs" label="Roles changed since it started" checked={changed} onChange={(e) => reset(setChanged)(e.currentTarget.checked)} />
      </Group>
      {open && (
        <Group gap="xs" align="end" wrap="wrap">
          <TextInput size="xs" label="Comment, kept with each decision" value={comment} onChange={(e) => setComment(e.currentTarget.value)} w={300}
            data-testid="review-comment" maxLength={1000} />
          <Button size="xs" variant="light" color="green" leftSection={<IconCheck size={14} />} loading={busy} disabled={!data?.total}
            onClick={() => void decide({ people: [], filter: bulkFilter, verdict: "keep" }, "Kept")} data-testid="review-bulk-keep">
            Keep every undecided one shown
          </Button>
          <Button size="xs" variant="light" color="red" leftSection={<IconUserMinus size={14} />} loading={busy} disabled={!data?.total}
            onClick={() => void decide({ people: [], filter: bulkFilter, verdict: "revoke" }, "Revoked")} data-testid="review-bulk-revoke">
            Revoke every undecided one shown
          </Button>
        </Group>
      )}
      <Text size="sm" aria-live="polite" data-testid="review-items-total">
        {data ? `${data.total.toLocaleString()} ${data.total === 1 ? "person" : "people"} shown` : "Loading…"}
      </Text>
      {query.error && <LoadError error={query.error} what="The review's items" retry={() => void query.refetch()} />}
      <ScrollArea style={{ flex: 1 }} scrollbars="y" viewportProps={{ tabIndex: 0, "aria-label": "Review items" }}>
        {data && data.total === 0 && <Empty>No one in this review matches these filters.</Empty>}
        {data && data.total > 0 && (
          <Table highlightOnHover fz="sm" stickyHeader layout="fixed" data-testid="review-items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="30%">Person</Table.Th>
                <Table.Th w="26%">Roles when it started</Table.Th>
                <Table.Th w="22%">Activity</Table.Th>
                <Table.Th w="22%">Decision</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((r) => {
                const label = r.name || r.email;
                return (
                  <Table.Tr key={`${r.person.kind}:${r.person.id}`} data-testid="review-item" data-email={r.email}>
                    <Table.Td>
                      <Text size="sm">{label}</Text>
                      <Text size="xs" c="dimmed">{r.email} · {r.account}</Text>
                      <Text size="xs" c="dimmed">Reviewer: {r.reviewer}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{r.roles.map((role) => role.name).join(", ")}</Text>
                      <Group gap={4}>
                        <WhyList row={r} />
                        {r.changed && <Badge color="orange" variant="outline" size="xs">changed since</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">Signed in: {r.last_sign_in == null ? "not known here" : when(r.last_sign_in)}</Text>
                      <Text size="xs" c="dimmed">Given {when(r.given_at)}{r.given_by ? ` by ${r.given_by}` : ""}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        <DecisionBadge row={r} />
                        {open && r.mine && (
                          <Group gap={4} wrap="nowrap">
                            <Button size="compact-xs" variant="light" color="green" onClick={() => void one(r, "keep")} aria-label={`Keep ${label}`}
                              data-testid="review-keep">Keep</Button>
                            <Button size="compact-xs" variant="light" color="red" onClick={() => void one(r, "revoke")} aria-label={`Revoke ${label}`}
                              data-testid="review-revoke">Revoke</Button>
                            <ChangeMenu roles={data.roles} person={r.person} label={label} onPick={(id) => void one(r, "change", id)} />
                          </Group>
                        )}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </ScrollArea>
      {data && data.total > PAGE && (
        <Group justify="center" py="xs">
          <Pagination total={Math.ceil(data.total / PAGE)} value={page} onChange={setPage} size="sm"
            getItemProps={(p) => ({ "aria-label": `Page ${p}` })}
            getControlProps={(c) => ({ "aria-label": c === "previous" ? "Previous page" : c === "next" ? "Next page" : c })} />
        </Group>
      )}
      {!open && <Alert color="gray" variant="light">This review is completed: its decisions can no longer change.</Alert>}
    </Stack>
  );
}
