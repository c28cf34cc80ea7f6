// RPT-4's findings: access that looks unused, as Rust finds it — each with "Make a draft",
// whose effect is seen (and four eyes apply) before anything changes.
import { Badge, Button, Card, Group, NumberInput, Stack, Table, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Finding } from "../../gen/Finding";
import { api } from "../../ipc";
import { keys } from "../../lib/keys";
import { notifyError, notifySuccess } from "../../lib/notify";
import { LoadError } from "../../lib/states";

const SHOWN = 10;

function FindingCard({ f, days }: { f: Finding; days: number }) {
  const [busy, setBusy] = useState(false);
  const [more, setMore] = useState(false);
  const draft = async () => {
    setBusy(true);
    try {
      const d = await api.reviewFindingDraft({ kind: f.kind, quiet_days: days });
      notifySuccess(`Draft “${d.row.name}” made with ${d.steps.length} change${d.steps.length === 1 ? "" : "s"}: open Drafts to see its effect and publish it.`);
    } catch (e) {
      notifyError(e, "No draft made");
    } finally {
      setBusy(false);
    }
  };
  const rows = more ? f.rows : f.rows.slice(0, SHOWN);
  return (
    <Card withBorder padding="sm" data-testid="finding" data-kind={f.kind}>
      <Group justify="space-between" wrap="nowrap" align="start">
        <div>
          <Group gap="xs">
            <Text fw={600} size="sm">{f.title}</Text>
            <Badge color={f.total ? "orange" : "gray"} variant="light" size="sm">{f.total}</Badge>
          </Group>
          {f.total > 0 && <Text size="xs" c="dimmed">Its draft: {f.remedy.toLowerCase()}.</Text>}
        </div>
        {f.total > 0 && <Button size="xs" variant="light" onClick={() => void draft()} loading={busy} data-testid="finding-draft">Make a draft</Button>}
      </Group>
      {f.total === 0 && <Text size="sm" c="dimmed" mt={4}>Nothing found.</Text>}
      {f.total > 0 && (
        <Table fz="sm" mt="xs" verticalSpacing={4}>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={`${r.person?.id ?? r.account_id}`}>
                <Table.Td><Text size="sm">{r.name}</Text><Text size="xs" c="dimmed">{r.detail}</Text></Table.Td>
                <Table.Td><Text size="sm">{r.why}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {f.rows.length > SHOWN && (
        <Button variant="subtle" size="compact-xs" mt={4} onClick={() => setMore((m) => !m)}>
          {more ? "Show fewer" : `Show all ${f.rows.length}${f.total > f.rows.length ? ` of ${f.total}` : ""}`}
        </Button>
      )}
    </Card>
  );
}

export function FindingsPanel() {
  const [days, setDays] = useState(30);
  const [debounced] = useDebouncedValue(days, 300);
  const query = useQuery({
    queryKey: keys.reviewFindings(debounced),
    queryFn: () => api.reviewFindings({ quiet_days: debounced }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm" px="lg" pb="md" style={{ flex: 1, minHeight: 0, overflow: "auto" }} data-testid="findings">
      <Group gap="sm" align="end">
        <NumberInput label="Quiet after (days)" value={days} onChange={(v) => setDays(typeof v === "number" ? v : 30)} min={1} max={3650}
          w={160} size="xs" data-testid="findings-days" />
        <Text size="sm" c="dimmed">Nothing here changes anyone's access: each draft shows its effect first.</Text>
      </Group>
      {query.error && <LoadError error={query.error} what="The findings" retry={() => void query.refetch()} />}
      {query.data?.findings.map((f) => <FindingCard key={f.kind} f={f} days={query.data.quiet_days} />)}
    </Stack>
  );
}
