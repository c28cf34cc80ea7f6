// RPT-4: access-review campaigns. Each asks reviewers to confirm, end or change people's
// access; completing one turns the revocations and changes into a draft — its effect is
// seen, four eyes apply — and nothing undecided changes by itself.
import { Alert, Badge, Button, Group, Progress, SegmentedControl, Select, Stack, Text, Title } from "@mantine/core";
import { IconBell, IconDownload, IconInfoCircle, IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ReviewCompleted } from "../../gen/ReviewCompleted";
import type { ReviewRow } from "../../gen/ReviewRow";
import { api, type SessionInfo } from "../../ipc";
import { confirm } from "../../lib/confirm";
import { keys } from "../../lib/keys";
import { notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { Empty, LoadError } from "../../lib/states";
import { FindingsPanel } from "./FindingsPanel";
import { ReviewItems } from "./ReviewItems";
import { StartReviewDrawer } from "./StartReviewDrawer";

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function decided(r: ReviewRow): number {
  return r.counts.items - r.counts.undecided;
}

function StatusBadge({ r }: { r: ReviewRow }) {
  // The status never shrinks to an ellipsis when the header is narrow.
  const keep = { flexShrink: 0 };
  if (r.status === "completed") return <Badge color="gray" size="sm" style={keep}>Completed</Badge>;
  if (r.overdue) return <Badge color="orange" size="sm" style={keep}>Overdue</Badge>;
  if (r.due_soon) return <Badge color="yellow" size="sm" variant="light" style={keep} data-testid="review-due-soon">Due soon</Badge>;
  return <Badge color="blue" size="sm" variant="light" style={keep}>Open</Badge>;
}

export function ReviewsPage({ session }: { session: SessionInfo }) {
  const query = useQuery({ queryKey: keys.reviews, queryFn: api.reviewList });
  const [selected, setSelected] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [completed, setCompleted] = useState<ReviewCompleted | null>(null);
  const [busy, setBusy] = useState(false);
  const [view, setView] = useState<"campaigns" | "findings">("campaigns");
  const canRun = can(session, "members.update") || can(session, "partner_users.update");
  const canEvidence = can(session, "audit_log.read") && can(session, "special.export");
  const list = query.data ?? [];
  const review = list.find((r) => r.id === selected) ?? list[0];

  const complete = async (r: ReviewRow) => {
    const changes = r.counts.revoke + r.counts.change;
    const ok = await confirm({
      title: `Complete “${r.name}”?`,
      message: `${changes} revocation${changes === 1 ? "" : "s"} and role change${changes === 1 ? "" : "s"} go to a new draft: you see their effect there, and nothing changes until it is published. `
        + `${r.counts.undecided} undecided ${r.counts.undecided === 1 ? "person keeps" : "people keep"} their access as it is. No more decisions can be made.`,
      confirmLabel: "Complete review",
    });
    if (!ok) return;
    setBusy(true);
    try {
      const done = await api.reviewComplete({ review_id: r.id });
      setCompleted(done);
      notifySuccess(done.draft ? `“${r.name}” completed: draft “${done.draft.row.name}” made.` : `“${r.name}” completed: every decision kept access.`);
    } catch (e) {
      notifyError(e, "Not completed");
    } finally {
      setBusy(false);
    }
  };
  const remind = async (r: ReviewRow) => {
    try {
      const done = await api.reviewRemind({ review_id: r.id });
      const n = done.reviewers.length;
      notifySuccess(`Reminder queued for ${n} reviewer${n === 1 ? "" : "s"}: ${done.reviewers.join(", ")}. See Admin › Outbox.`);
    } catch (e) {
      notifyError(e, "No reminder sent");
    }
  };
  const evidence = async (r: ReviewRow) => {
    try {
      const saved = await api.reviewEvidenceExport({ review_id: r.id });
      notifySuccess(`${saved.rows.toLocaleString()} items exported to ${saved.path}`);
    } catch (e) {
      notifyError(e, "Not exported");
    }
  };

  return (
    <Stack h="100%" gap={0}>
      <Group justify="space-between" px="lg" pt="md" pb="xs" align="start" wrap="nowrap">
        <div>
          <Title order={2} size="h3">Access reviews</Title>
          <Text size="sm" c="dimmed">Account owners confirm who keeps access; their decisions become a draft you publish.</Text>
        </div>
        <Group gap="sm" wrap="nowrap">
          {canRun && (
            <SegmentedControl size="xs" value={view} onChange={(v) => setView(v as "campaigns" | "findings")} aria-label="Show"
              data={[{ value: "campaigns", label: "Campaigns" }, { value: "findings", label: "Findings" }]} data-testid="review-view" />
          )}
          {canRun && <Button leftSection={<IconPlus size={16} />} onClick={() => setStarting(true)} data-testid="review-new">Start a review</Button>}
        </Group>
      </Group>
      {view === "findings" && canRun && <FindingsPanel />}
      {view === "campaigns" && query.error && <LoadError error={query.error} what="Access reviews" retry={() => void query.refetch()} />}
      {view === "campaigns" && query.data && list.length === 0 && <Empty>No access review yet.{canRun ? " Start one to have account owners confirm their partners' access." : ""}</Empty>}
      {view === "campaigns" && review && (
        <Stack gap={6} px="lg" pb="md" style={{ flex: 1, minHeight: 0 }} data-testid="review-detail">
          <Group justify="space-between" align="end" gap="xs">
            <Group gap="sm" align="end" wrap="nowrap">
              <Select label="Review" data={list.map((r) => ({ value: r.id, label: r.name }))} value={review.id} w={220} size="xs"
                onChange={(v) => { if (v) { setSelected(v); setCompleted(null); } }} allowDeselect={false} data-testid="review-choose" />
              <StatusBadge r={review} />
              <Stack gap={2} w={180}>
                <Progress value={review.counts.items ? (100 * decided(review)) / review.counts.items : 0} size="sm" aria-label="Decided so far" />
                <Text size="xs">{decided(review)} of {review.counts.items} decided · due {dateFmt.format(new Date(review.due))}</Text>
              </Stack>
            </Group>
            <Group gap="xs" wrap="nowrap">
              {canRun && review.status === "open" && review.counts.undecided > 0 && (
                <Button variant="default" size="xs" leftSection={<IconBell size={14} />} onClick={() => void remind(review)}
                  title="Email each reviewer how many of their items wait, and by when" data-testid="review-remind">Remind</Button>
              )}
              {canEvidence && <Button variant="default" size="xs" leftSection={<IconDownload size={14} />} onClick={() => void evidence(review)}
                data-testid="review-evidence">Evidence CSV</Button>}
              {review.can_complete && <Button size="xs" onClick={() => void complete(review)} loading={busy} data-testid="review-complete">Complete review…</Button>}
            </Group>
          </Group>
          <Text size="sm" c="dimmed">
            {review.scope} · started by {review.started_by} · fallback reviewer {review.fallback}
            {review.mine_undecided > 0 && review.status === "open" ? ` · ${review.mine_undecided} for you to decide` : ""}
            {typeof review.reminded_at === "number" && review.status === "open" ? ` · reviewers reminded ${dateFmt.format(new Date(review.reminded_at))}` : ""}
          </Text>
          <Group gap="xs">
            <Text size="sm" fw={500} data-testid="review-counts">
              {review.counts.keep} keep · {review.counts.revoke} revoke · {review.counts.change} change · {review.counts.undecided} undecided
            </Text>
            {review.status === "open" && (
              <Group gap={4} wrap="nowrap" data-testid="review-undecided-note">
                <IconInfoCircle size={14} color={review.overdue ? "var(--mantine-color-orange-7)" : "var(--mantine-color-blue-7)"} aria-hidden />
                <Text size="sm" c={review.overdue ? "orange.8" : "dimmed"}>
                  {review.overdue ? "Past its due date. " : ""}Undecided people keep their access: nothing is revoked without a decision.
                </Text>
              </Group>
            )}
          </Group>
          {completed && completed.review.id === review.id && (
            <Alert color="green" variant="light" py={6} data-testid="review-completed-note">
              {completed.draft
                ? `Draft “${completed.draft.row.name}” holds ${completed.draft.steps.length} change${completed.draft.steps.length === 1 ? "" : "s"}: open Drafts to see its effect and publish it.`
                : "Every decision kept access: nothing to publish."}
              {completed.undecided > 0 ? ` ${completed.undecided} undecided ${completed.undecided === 1 ? "person keeps" : "people keep"} their access.` : ""}
              {completed.already_done > 0 ? ` ${completed.already_done} decided change${completed.already_done === 1 ? " was" : "s were"} already in place.` : ""}
            </Alert>
          )}
          <ReviewItems key={review.id} review={review} />
        </Stack>
      )}
      <StartReviewDrawer session={session} opened={starting} onClose={() => setStarting(false)} onStarted={(r) => setSelected(r.id)} />
    </Stack>
  );
}
