// Drafts (DRAFT-1..5): prepare access changes, see exactly what they do, have them
// approved, publish them as one. The list on the left; the selected draft on the right.
import { Badge, Button, Group, Modal, ScrollArea, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type DraftState, type SessionInfo } from "../../ipc";
import { keys } from "../../lib/keys";
import { Empty, LoadError } from "../../lib/states";
import { fieldError, notifyError } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { DraftDetailPanel } from "./DraftDetailPanel";

const STATE_COLOR: Record<DraftState, string> = {
  editing: "blue",
  stale: "orange",
  ready: "teal",
  published: "gray",
  discarded: "gray",
};

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

// The selected draft outlives the screen's remount when a draft is opened or left.
let remembered: string | null = null;

export function StateBadge({ state }: { state: DraftState }) {
  return <Badge color={STATE_COLOR[state]} variant="light" style={{ flexShrink: 0 }} data-testid="draft-state">{state}</Badge>;
}

interface Props {
  session: SessionInfo;
  onSession: (s: SessionInfo) => void;
  /** Opened from the banner: this draft is selected. */
  initial?: string;
}

export function DraftsPage({ session, onSession, initial }: Props) {
  const list = useQuery({ queryKey: keys.drafts, queryFn: api.draftList });
  const rows = list.data;
  const [selected, select] = useState<string | null>(initial ?? session.draft?.id ?? remembered);
  const setSelected = (id: string | null) => {
    remembered = id;
    select(id);
  };
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<unknown>(null);

  const create = async () => {
    try {
      const d = await api.draftCreate({ name, description });
      await api.draftOpen({ draft_id: d.row.id });
      setCreating(false);
      setName("");
      setDescription("");
      setSelected(d.row.id);
    } catch (e) {
      setError(e);
      if (!fieldError(e, "name") && !fieldError(e, "description")) notifyError(e);
    }
  };

  return (
    <Group h="100%" gap={0} align="stretch" wrap="nowrap">
      <Stack w={340} miw={340} gap={0} style={{ borderRight: "1px solid var(--mantine-color-gray-3)" }}>
        <Group justify="space-between" px="lg" pt="md" pb="xs">
          <div>
            <Title order={2} size="h3">Drafts</Title>
            <Text size="sm" c="dimmed">Access changes prepared before anyone's access changes.</Text>
          </div>
          <Button leftSection={<IconPlus size={16} />} onClick={() => { setError(null); setCreating(true); }} data-testid="draft-new">
            New draft
          </Button>
        </Group>
        {list.error && <LoadError error={list.error} what="Drafts" retry={() => void list.refetch()} />}
        <ScrollArea style={{ flex: 1 }}>
          <Table highlightOnHover verticalSpacing={8} fz="sm" data-testid="draft-list">
            <Table.Tbody>
              {rows?.length === 0 && (
                <Table.Tr><Table.Td><Empty>No drafts yet. A draft lets you change roles and assignments, see who gains and who loses what, and publish it all at once.</Empty></Table.Td></Table.Tr>
              )}
              {rows?.map((r) => (
                <Table.Tr key={r.id} onClick={() => setSelected(r.id)} style={{ cursor: "pointer" }}
                  bg={selected === r.id ? "var(--mantine-color-blue-0)" : undefined} data-testid="draft-row" data-name={r.name}>
                  <Table.Td>
                    <Group justify="space-between" wrap="nowrap">
                      <div>
                        <Text fw={500}>{r.name}</Text>
                        <Text size="xs" c="dimmed">{r.changes} change(s) · {r.author} · {when.format(new Date(r.updated_at))}</Text>
                        {r.approved_by && <Text size="xs" c="teal">Approved by {r.approved_by}</Text>}
                      </div>
                      <StateBadge state={r.state} />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Stack>
      <ScrollArea style={{ flex: 1 }}>
        {selected ? (
          <DraftDetailPanel key={selected} draftId={selected} session={session} onSession={onSession}
            canApprove={can(session, "roles.update")} />
        ) : (
          <Text c="dimmed" p="xl">Choose a draft, or start a new one.</Text>
        )}
      </ScrollArea>
      <Modal opened={creating} onClose={() => setCreating(false)} title="New draft">
        <Stack>
          <TextInput label="Name" placeholder="e.g. Deal Desk" value={name} onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(error, "name")} data-testid="draft-name" data-autofocus />
          <Textarea label="Description" placeholder="What this draft is for" value={description}
            onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(error, "description")} data-testid="draft-description" />
          <Text size="xs" c="dimmed">The draft opens at once: the Users, Permissions and Partners screens then show and change the draft, under an orange banner.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setCreating(false)}>Cancel</Button>
            <Button onClick={create} data-testid="draft-create">Create and open</Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
