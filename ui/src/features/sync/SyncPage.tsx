// The Sync screen (SYNC-1..3): where sync stands, own changes waiting to be sent, and
// those waiting for a decision — conflicts shown as base / theirs / mine, refusals with
// the rule's message.
import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type ParkedChange } from "../../ipc";
import { keys } from "../../lib/keys";
import { notifyError, notifySuccess } from "../../lib/notify";
import { ConflictCard } from "./ConflictCard";
import { announceSync, syncSummary, useSyncStatus } from "./useSyncStatus";

export function SyncPage() {
  const [status, refreshStatus] = useSyncStatus();
  // Background sync moves the queue: re-read every few seconds while this screen is open.
  const queue = useQuery({ queryKey: keys.syncQueue, queryFn: api.syncQueue, refetchInterval: 3000 }).data ?? null;
  const [busy, setBusy] = useState(false);

  const syncNow = async () => {
    setBusy(true);
    try {
      const r = await api.syncNow();
      notifySuccess(`Received ${r.received} change(s), sent ${r.sent}${r.parked ? `, ${r.parked} set aside` : ""}.`);
    } catch (err) {
      notifyError(err, "Sync failed");
    } finally {
      setBusy(false);
      refreshStatus();
      announceSync();
    }
  };

  const decide = async (p: ParkedChange, keep: "theirs" | "mine") => {
    try {
      await api.syncResolve({ id: p.id, keep });
      notifySuccess(keep === "theirs" ? "Kept theirs; your change was dropped." : "Your change is applied on top and will be sent.");
    } catch (err) {
      notifyError(err, keep === "mine" ? "Still refused" : "Not done");
    } finally {
      announceSync();
    }
  };

  if (status && !status.remote) {
    return (
      <Stack p="lg" maw={860}>
        <Title order={2} size="h3">Sync</Title>
        <Alert>This workspace is not connected to a shared database. Set one in Settings › Remote database.</Alert>
      </Stack>
    );
  }
  const summary = status ? syncSummary(status) : null;
  const conflicts = queue?.parked.filter((p) => p.reason.kind === "conflict") ?? [];
  const refused = queue?.parked.filter((p) => p.reason.kind === "refused") ?? [];
  return (
    <Stack p="lg" gap="md" maw={960}>
      <Group justify="space-between">
        <div>
          <Title order={2} size="h3">Sync</Title>
          <Text size="sm" c="dimmed">{status?.remote} · log position {status?.head ?? 0}</Text>
        </div>
        <Group>
          {summary && <Badge color={summary.color} size="lg" variant="light" data-testid="sync-summary">{summary.text}</Badge>}
          <Button leftSection={<IconRefresh size={16} />} onClick={syncNow} loading={busy} data-testid="sync-now">
            Sync now
          </Button>
        </Group>
      </Group>
      {status?.last_error && <Alert color="red" title="The last sync failed">{status.last_error}</Alert>}

      <Card withBorder>
        <Title order={3} size="h5" mb="xs">Conflicts</Title>
        {conflicts.length === 0 ? (
          <Text size="sm" c="dimmed">None. Changes to different things, or different fields, merge without asking.</Text>
        ) : (
          <Stack>
            {conflicts.map((p) => (
              <ConflictCard key={p.id} change={p} onKeep={(keep) => decide(p, keep)} />
            ))}
          </Stack>
        )}
      </Card>

      <Card withBorder>
        <Title order={3} size="h5" mb="xs">Refused</Title>
        {refused.length === 0 ? (
          <Text size="sm" c="dimmed">None. A change a shared rule refuses (the last licence, the last Owner, a taken name) waits here.</Text>
        ) : (
          <Table data-testid="sync-refused">
            <Table.Tbody>
              {refused.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td><Text size="sm" fw={500}>{p.summary}</Text><Text size="xs" c="dimmed">{p.action}</Text></Table.Td>
                  <Table.Td><Text size="sm">{p.reason.kind === "refused" ? p.reason.error.message : ""}</Text></Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="end" wrap="nowrap">
                      <Button size="xs" variant="light" onClick={() => decide(p, "mine")}>Try again</Button>
                      <Button size="xs" variant="subtle" color="red" onClick={() => decide(p, "theirs")}>Discard</Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      <Card withBorder>
        <Title order={3} size="h5" mb="xs">Waiting to be sent</Title>
        {!queue || queue.pending.length === 0 ? (
          <Text size="sm" c="dimmed">Nothing: every change made here is in the shared database.</Text>
        ) : (
          <Table data-testid="sync-pending">
            <Table.Tbody>
              {queue.pending.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td><Text size="sm">{p.summary}</Text></Table.Td>
                  <Table.Td><Text size="xs" c="dimmed">{p.action}</Text></Table.Td>
                  <Table.Td><Text size="xs" c="dimmed">{new Date(p.at).toLocaleString()}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
