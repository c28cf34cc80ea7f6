// PREV-2, PREV-5: who is looking, as whom, that changes are real and audited, how long is
// left, and the way out. Counted from the desktop's clock, not the page's.
import { Button, Group, Stack, Text } from "@mantine/core";
import { IconEye } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { portal, type PortalSession } from "./ipc";

function left(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = Math.floor(s / 60);
  return `${String(mm).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** White on dark orange at 5:1 and more (orange 7 gave 2.7:1; WCAG AA needs 4.5). */
const BAND = "color-mix(in srgb, var(--mantine-color-orange-9), black 25%)";

export function Banner({ session, onEnded }: { session: PortalSession; onEnded: (why: string) => void }) {
  const [skew] = useState(() => session.now - Date.now());
  const [now, setNow] = useState(() => Date.now() + skew);
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now() + skew), 1000);
    return () => window.clearInterval(id);
  }, [skew]);
  const remaining = session.expires_at - now;
  useEffect(() => {
    if (remaining <= 0) onEnded("This preview's time is up: it has ended.");
  }, [remaining, onEnded]);
  const end = () => portal.end().then(() => onEnded("You ended the preview."), () => onEnded("The preview has ended."));
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" bg={session.read_only ? "grape.8" : BAND} c="white"
      data-testid="portal-banner">
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <IconEye size={20} style={{ flexShrink: 0 }} />
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate>
            {session.manager} viewing the portal as {session.user_name} ({session.account})
          </Text>
          <Text size="xs" truncate title={session.reason}>
            {session.read_only
              ? `Showing draft “${session.draft}”: read-only, nothing here is live`
              : "Changes are saved and audited"}
            {" · Reason: "}{session.reason}
          </Text>
        </Stack>
      </Group>
      <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
        <Text size="sm" fw={600} ff="monospace" data-testid="portal-countdown">ends in {left(remaining)}</Text>
        <Button size="xs" variant="white" color="dark" onClick={end} data-testid="portal-end">End preview</Button>
      </Group>
    </Group>
  );
}
