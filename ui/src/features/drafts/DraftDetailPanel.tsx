// One draft: its changes (in order, each removable), what live changed meanwhile
// (base / live / draft, then rebase), warnings, what stands between it and publishing,
// and its effect (DRAFT-2).
import { ActionIcon, Alert, Button, Group, List, Stack, Table, Tabs, Text, Title, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type DraftDetail, type SessionInfo } from "../../ipc";
import { keys } from "../../lib/keys";
import { queryClient } from "../../lib/queryClient";
import { QueryView } from "../../lib/states";
import { confirm } from "../../lib/confirm";
import { notifyError, notifySuccess } from "../../lib/notify";
import { StateBadge } from "./DraftsPage";
import { EffectView } from "./EffectView";

function show(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (field.startsWith("permissions.") && typeof v === "boolean") return v ? "granted" : "not granted";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

interface Props {
  draftId: string;
  session: SessionInfo;
  onSession: (s: SessionInfo) => void;
  canApprove: boolean;
}

export function DraftDetailPanel(props: Props) {
  const query = useQuery({ queryKey: keys.draft(props.draftId), queryFn: () => api.draftShow({ draft_id: props.draftId }) });
  return <QueryView query={query} what="The draft">{(d) => <Detail {...props} d={d} />}</QueryView>;
}

function Detail({ draftId, session, onSession, canApprove, d }: Props & { d: DraftDetail }) {
  const [tab, setTab] = useState<string | null>("changes");
  const ref = { draft_id: draftId };
  const editing = d.row.state !== "published" && d.row.state !== "discarded";
  const me = session.me?.email;

  const run = async (what: () => Promise<DraftDetail>, done: string) => {
    try {
      queryClient.setQueryData(keys.draft(draftId), await what());
      notifySuccess(done);
    } catch (e) {
      notifyError(e);
      void queryClient.invalidateQueries({ queryKey: keys.draft(draftId) });
    }
  };
  const open = () => run(() => api.draftOpen(ref), "Draft open: your changes now go to it.");
  const leave = () => api.draftClose().then(onSession, (e) => notifyError(e));
  const publish = async () => {
    const ok = await confirm({
      title: `Publish “${d.row.name}”?`,
      message: `Its ${d.row.changes} change(s) are checked again against live and applied all together — or, if one is refused, none.`,
      confirmLabel: "Publish",
    });
    if (ok) await run(() => api.draftPublish(ref), "Published: everyone's access follows the draft now.");
  };
  const discard = async () => {
    const ok = await confirm({ title: `Discard “${d.row.name}”?`, message: "Nobody's access changes. The draft stays in the list, discarded.", confirmLabel: "Discard", danger: true });
    if (ok) await run(() => api.draftDiscard(ref), "Discarded.");
  };

  return (
    <Stack p="lg" gap="md" data-testid="draft-detail">
      <Group justify="space-between" align="start">
        <div>
          <Group gap="sm"><Title order={2} size="h3">{d.row.name}</Title><StateBadge state={d.row.state} /></Group>
          {d.row.description && <Text size="sm">{d.row.description}</Text>}
          <Text size="xs" c="dimmed">
            By {d.row.author} · based on change #{d.row.base} of the journal{d.row.approved_by ? ` · approved by ${d.row.approved_by}` : ""}
            {d.row.closed_by ? ` · ${d.row.state} by ${d.row.closed_by}` : ""}
            {d.four_eyes ? " · four eyes: another manager must approve" : ""}
          </Text>
        </div>
        {editing && (
          <Group gap="xs">
            {d.open
              ? <Button variant="default" onClick={leave} data-testid="draft-close">Leave draft</Button>
              : <Button variant="default" onClick={open} data-testid="draft-open">Open for editing</Button>}
            {d.four_eyes && canApprove && d.row.author !== me && !d.row.approved_by && (
              <Button variant="light" onClick={() => run(() => api.draftApprove(ref), "Approved.")} data-testid="draft-approve">Approve</Button>
            )}
            <Button color="red" variant="subtle" onClick={discard} data-testid="draft-discard">Discard</Button>
            <Tooltip label={d.blockers.join(" · ")} disabled={d.blockers.length === 0}>
              <Button onClick={publish} disabled={d.blockers.length > 0} data-testid="draft-publish">Publish</Button>
            </Tooltip>
          </Group>
        )}
      </Group>
      {editing && d.blockers.length > 0 && (
        <Alert color="gray" title="Before this can be published" data-testid="draft-blockers">
          <List size="sm">{d.blockers.map((b) => <List.Item key={b}>{b}</List.Item>)}</List>
        </Alert>
      )}
      {d.warnings.map((w) => (
        <Alert key={w} color="orange" icon={<IconAlertTriangle size={18} />} data-testid="draft-warning">{w}</Alert>
      ))}
      {d.conflicts.length > 0 && (
        <Alert color="orange" title="Live changed what this draft changes" data-testid="draft-conflicts">
          <Table withTableBorder fz="sm" mb="sm" bg="white">
            <Table.Thead><Table.Tr><Table.Th>What</Table.Th><Table.Th>When drafted</Table.Th><Table.Th>Live now</Table.Th><Table.Th>Draft</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {d.conflicts.map((c) => (
                <Table.Tr key={`${c.kind}:${c.id}:${c.field}`}>
                  <Table.Td>{c.label} · {c.field.replace(/_/g, " ")}</Table.Td>
                  <Table.Td c="dimmed">{show(c.field, c.base)}</Table.Td>
                  <Table.Td>{show(c.field, c.theirs)}</Table.Td>
                  <Table.Td fw={600}>{show(c.field, c.mine)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Button size="xs" color="orange" onClick={() => run(() => api.draftRebase(ref), "Rebased on live: the draft's values go on top.")} data-testid="draft-rebase">
            Rebase: keep the draft's values on top of live
          </Button>
        </Alert>
      )}
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="changes">Changes ({d.steps.length})</Tabs.Tab>
          {editing && <Tabs.Tab value="effect" data-testid="tab-effect">Effect</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="changes" pt="sm">
          {d.steps.length === 0 ? (
            <Text size="sm" c="dimmed">No changes yet. {d.open ? "Use Users, Permissions or Partners: changes you make there go to this draft." : "Open the draft, then use Users, Permissions or Partners."}</Text>
          ) : (
            <Table fz="sm" data-testid="draft-steps">
              <Table.Tbody>
                {d.steps.map((s) => (
                  <Table.Tr key={s.index} data-testid="draft-step">
                    <Table.Td w={30} c="dimmed">{s.index + 1}.</Table.Td>
                    <Table.Td>{s.description}</Table.Td>
                    <Table.Td c="dimmed" w={220}>{s.by}</Table.Td>
                    <Table.Td w={40}>
                      {editing && (
                        <ActionIcon variant="subtle" color="red" aria-label={`Remove change ${s.index + 1}`}
                          onClick={() => run(() => api.draftRemoveChange({ draft_id: draftId, index: s.index }), "Change removed.")}>
                          <IconTrash size={15} />
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>
        {editing && (
          <Tabs.Panel value="effect" pt="sm">
            {tab === "effect" && <EffectView draftId={draftId} />}
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
