// Admin › Outbox (MAIL-2): invitations, access notifications and reset links — queued,
// sent (with the server's answer), failed (with its reason) — with Resend, Cancel and
// Send now. The command layer decides who may; the words of a message (a code may be in
// them) never reach the window.
import { Badge, Button, Group, ScrollArea, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type OutboxMessage, type SessionInfo } from "../../ipc";
import { keys } from "../../lib/keys";
import { Empty, LoadError } from "../../lib/states";
import { notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";

const timeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

const STATUS: Record<OutboxMessage["status"], { label: string; color: string }> = {
  queued: { label: "Queued", color: "blue" },
  sending: { label: "Sending", color: "blue" },
  sent: { label: "Sent", color: "green" },
  failed: { label: "Failed", color: "red" },
  held: { label: "Held (change set aside)", color: "orange" },
  withdrawn: { label: "Withdrawn", color: "gray" },
  cancelled: { label: "Cancelled", color: "gray" },
  superseded: { label: "Not needed", color: "gray" },
};

const KIND: Record<OutboxMessage["kind"], string> = {
  member_invitation: "Invitation",
  partner_access: "Portal access",
  password_reset: "Password reset",
  password_changed: "Password changed",
  test: "Test message",
  legacy: "Notification",
  review_reminder: "Review reminder",
  member_reset: "Reset link",
};

function detail(m: OutboxMessage): string {
  if (m.status === "sent") return m.server_reply ?? "";
  if (m.status === "queued" && m.attempts > 0) return `Tried ${m.attempts}×, next at ${timeFmt.format(m.next_at)}: ${m.last_error ?? ""}`;
  return m.last_error ?? "";
}

export function OutboxPage({ session }: { session: SessionInfo }) {
  // Delivery runs in the background: while anything waits, the list re-reads itself.
  const query = useQuery({
    queryKey: keys.outbox,
    queryFn: api.outboxList,
    refetchInterval: (q) => (q.state.data?.some((m) => m.status === "queued" || m.status === "sending") ? 3000 : false),
  });
  const rows = query.data;
  const [busy, setBusy] = useState(false);
  const editable = can(session, "partner_users.update");
  const act = async (m: OutboxMessage, resend: boolean) => {
    try {
      await (resend ? api.outboxResend({ id: m.id }) : api.outboxCancel({ id: m.id }));
      notifySuccess(resend ? `The message to ${m.to} is queued again.` : `The message to ${m.to} is cancelled.`);
    } catch (e) {
      notifyError(e);
    }
  };
  const sendNow = async () => {
    setBusy(true);
    try {
      const r = await api.outboxSendNow();
      if (r.idle) notifyError(new Error(`Nothing sent: ${r.idle}.`));
      else notifySuccess(`${r.sent} sent, ${r.retried} to retry, ${r.failed} failed.`);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack h="100%" gap={0}>
      <Group justify="space-between" px="lg" pt="md" pb="xs">
        <div>
          <Title order={2} size="h3">Outbox</Title>
          <Text size="sm" c="dimmed">
            Invitations and notifications Trellis sends. Failed messages keep the mail server's reason.
          </Text>
        </div>
        {editable && (
          <Button leftSection={<IconSend size={16} />} variant="default" onClick={sendNow} loading={busy} data-testid="outbox-send-now">
            Send now
          </Button>
        )}
      </Group>
      {query.error && <LoadError error={query.error} what="The outbox" retry={() => void query.refetch()} />}
      {rows && rows.length === 0 && (
        <Empty testId="outbox-empty">Nothing has been queued yet.</Empty>
      )}
      <ScrollArea flex={1} px="lg">
        <Table striped verticalSpacing="xs" data-testid="outbox-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Queued</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>Message</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Details</Table.Th>
              <Table.Th><span className="sr-only">Actions</span></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rows ?? []).map((m) => (
              <Table.Tr key={m.id} data-testid="outbox-row" data-status={m.status}>
                <Table.Td><Text size="sm">{timeFmt.format(m.queued_at)}</Text></Table.Td>
                <Table.Td><Text size="sm">{m.to}</Text></Table.Td>
                <Table.Td>
                  <Text size="sm">{KIND[m.kind]}</Text>
                  <Text size="xs" c="dimmed">{m.subject}</Text>
                </Table.Td>
                <Table.Td><Badge color={STATUS[m.status].color} variant="light">{STATUS[m.status].label}</Badge></Table.Td>
                <Table.Td maw={320}>
                  <Tooltip label={detail(m)} disabled={!detail(m)} multiline w={360}>
                    <Text size="xs" c={m.status === "failed" ? "red" : "dimmed"} lineClamp={2}>{detail(m)}</Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  {editable && (
                    <Group gap={4} wrap="nowrap">
                      {["failed", "cancelled"].includes(m.status) && (
                        <Button size="compact-xs" variant="subtle" onClick={() => act(m, true)} data-testid="outbox-resend">Resend</Button>
                      )}
                      {["queued", "held", "failed"].includes(m.status) && (
                        <Button size="compact-xs" variant="subtle" color="red" onClick={() => act(m, false)} data-testid="outbox-cancel">Cancel</Button>
                      )}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
