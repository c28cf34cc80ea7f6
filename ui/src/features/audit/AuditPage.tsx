// SEC-2: every journal entry — who, when, what, before → after — filterable and exportable.
import { Badge, Button, Code, Group, ScrollArea, Stack, Table, Text, TextInput, Title, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconChevronDown, IconChevronRight, IconDownload, IconShieldCheck } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useMemo, useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import { keys } from "../../lib/keys";
import { LoadError } from "../../lib/states";
import { notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { useSyncStatus } from "../sync/useSyncStatus";
import { IntegrityDialog } from "./IntegrityDialog";

const timeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

function dayStart(value: string): number | null {
  return value ? new Date(`${value}T00:00:00`).getTime() : null;
}

function dayEnd(value: string): number | null {
  return value ? new Date(`${value}T23:59:59.999`).getTime() : null;
}

export function AuditPage({ session }: { session: SessionInfo }) {
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [target, setTarget] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [open, setOpen] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [integrity, setIntegrity] = useState(false);
  const [sync] = useSyncStatus();
  const filters = useMemo(() => ({ actor, action, target, from: dayStart(from), to: dayEnd(to) }), [actor, action, target, from, to]);
  const [debounced] = useDebouncedValue(filters, 200);

  const query = useQuery({
    queryKey: keys.audit(debounced),
    queryFn: () => api.auditList({ ...debounced, offset: 0, limit: 200 }),
    placeholderData: keepPreviousData,
  });
  const page = query.data;

  const exportCsv = async () => {
    setBusy(true);
    try {
      const saved = await api.auditExport({ ...filters, offset: 0, limit: 0 });
      notifySuccess(`${saved.rows.toLocaleString()} rows exported to ${saved.path}`);
    } catch (e) {
      notifyError(e, "Not exported");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack h="100%" gap={0}>
      <Group justify="space-between" px="lg" pt="md" pb="xs">
        <div>
          <Title order={2} size="h3">Audit log</Title>
          <Text size="sm" c="dimmed">Every change and sign-in, with who did it and what it changed. Passwords never appear here.</Text>
        </div>
        <Group gap="sm">
          <Button leftSection={<IconShieldCheck size={16} />} variant="default" onClick={() => setIntegrity(true)} data-testid="audit-integrity">
            Verify integrity
          </Button>
          {can(session, "special.export") && (
            <Button leftSection={<IconDownload size={16} />} variant="default" onClick={exportCsv} loading={busy} data-testid="audit-export">
              Export CSV
            </Button>
          )}
        </Group>
      </Group>
      {integrity && <IntegrityDialog opened onClose={() => setIntegrity(false)} shared={Boolean(sync?.workspace)} />}
      <Group px="lg" py="sm" gap="sm" align="end">
        <TextInput label="Actor" placeholder="email" value={actor} onChange={(e) => setActor(e.currentTarget.value)} w={200} data-testid="audit-actor" data-page-search />
        <TextInput label="Action" placeholder="e.g. auth.sign_in" value={action} onChange={(e) => setAction(e.currentTarget.value)} w={180} data-testid="audit-action" />
        <TextInput label="Target" value={target} onChange={(e) => setTarget(e.currentTarget.value)} w={180} />
        <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={150} />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={150} />
        <Text size="sm" c="dimmed" ml="auto" aria-live="polite">{page ? `${page.total.toLocaleString()} entries` : "Loading…"}</Text>
      </Group>
      {query.error && <LoadError error={query.error} what="The audit log" retry={() => void query.refetch()} />}
      <ScrollArea style={{ flex: 1 }} px="lg" viewportProps={{ tabIndex: 0, "aria-label": "Audit entries" }}>
        <Table highlightOnHover verticalSpacing={6} fz="sm" stickyHeader data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={190}>Time</Table.Th>
              <Table.Th w={240}>Actor</Table.Th>
              <Table.Th w={220}>Action</Table.Th>
              <Table.Th>Target</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page?.rows.map((r) => (
              <Fragment key={r.seq}>
                <Table.Tr onClick={() => setOpen(open === r.seq ? null : r.seq)} style={{ cursor: "pointer" }} data-testid="audit-row"
                  data-action={r.action} data-actor={r.actor}>
                  <Table.Td c="dimmed">
                    {/* The row opens by click; this button opens it by keyboard, and says whether it is open. */}
                    <UnstyledButton aria-expanded={open === r.seq} aria-label={`Details of entry ${r.seq}`} mr={6}
                      onClick={(e) => { e.stopPropagation(); setOpen(open === r.seq ? null : r.seq); }} style={{ verticalAlign: "middle" }}>
                      {open === r.seq ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                    </UnstyledButton>
                    {timeFmt.format(new Date(r.at))}
                  </Table.Td>
                  <Table.Td>{r.actor}</Table.Td>
                  <Table.Td><Badge color={r.action.startsWith("auth.") ? "grape" : "blue"} tt="none">{r.action}</Badge></Table.Td>
                  <Table.Td>{r.target}</Table.Td>
                </Table.Tr>
                {open === r.seq && (
                  <Table.Tr>
                    <Table.Td colSpan={4}>
                      {r.draft && (
                        <Stack gap={2} mb="xs" data-testid="audit-draft">
                          <Text size="sm" fw={600}>
                            Draft “{r.draft.name}” · drafted by {r.draft.author}
                            {r.draft.approver ? ` · approved by ${r.draft.approver}` : ""} · published by {r.actor}
                          </Text>
                          {r.draft.changes.map((c, i) => <Text key={i} size="sm">{i + 1}. {c}</Text>)}
                        </Stack>
                      )}
                      {r.changes.length === 0 ? <Text size="sm" c="dimmed">No data changed.</Text> : (
                        <Table withTableBorder fz="xs">
                          <Table.Tbody>
                            {r.changes.map((c, i) => (
                              <Table.Tr key={i}>
                                <Table.Td w={200}>{c.kind} · {c.label}</Table.Td>
                                <Table.Td><Code>{c.before}</Code></Table.Td>
                                <Table.Td w={20}>→</Table.Td>
                                <Table.Td><Code>{c.after}</Code></Table.Td>
                              </Table.Tr>
                            ))}
                          </Table.Tbody>
                        </Table>
                      )}
                      {r.more_changes > 0 && <Text size="xs" c="dimmed" mt={4}>…and {r.more_changes.toLocaleString()} more (all are in the CSV export)</Text>}
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
