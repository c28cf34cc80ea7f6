// DRAFT-1: while a draft is open every screen shows and changes the draft, never live.
// This banner makes that unmistakable, and is the way back out.
import { Button, Group, Paper, Text } from "@mantine/core";
import { IconPencilBolt } from "@tabler/icons-react";
import { api, type SessionInfo } from "../../ipc";
import { notifyError } from "../../lib/notify";

interface Props {
  session: SessionInfo;
  onSession: (s: SessionInfo) => void;
  onReview: () => void;
}

/** Dark orange on the light orange band: 7:1, where orange 9 was 3.5:1 (WCAG AA needs 4.5). */
const INK = "color-mix(in srgb, var(--mantine-color-orange-9), black 45%)";

export function DraftBanner({ session, onSession, onReview }: Props) {
  const draft = session.draft;
  if (!draft) return null;
  const leave = () => api.draftClose().then(onSession, (e) => notifyError(e));
  return (
    <Paper radius={0} px="md" py={6} bg="orange.1" style={{ borderBottom: "2px solid var(--mantine-color-orange-5)" }}
      data-testid="draft-banner" role="status">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <IconPencilBolt size={18} color={INK} />
          <Text size="sm" fw={700} c={INK}>Draft: {draft.name}</Text>
          <Text size="sm" c={INK}>— what you change here affects nobody until the draft is published.</Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" color="orange" onClick={onReview} data-testid="draft-review">Effect & publish</Button>
          <Button size="xs" variant="default" onClick={leave} data-testid="draft-leave">Leave draft</Button>
        </Group>
      </Group>
    </Paper>
  );
}
