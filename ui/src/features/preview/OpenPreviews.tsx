// PREV-5 in the main window: the manager's previews open now, each with its partner user,
// reason and time left, and End. Refreshed every few seconds while any is open.
import { Badge, Button, Group, Popover, Stack, Text } from "@mantine/core";
import { IconEye } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../ipc";
import { keys } from "../../lib/keys";
import { queryClient } from "../../lib/queryClient";
import type { SessionInfo } from "../../gen/SessionInfo";
import { notifyError } from "../../lib/notify";
import { can } from "../../lib/permissions";

const POLL_MS = 4000;

export function OpenPreviews({ session }: { session: SessionInfo }) {
  const allowed = can(session, "special.log_in_as_partner");
  // Previews end by themselves (time, the partner window closed): re-read every few seconds.
  const rows = useQuery({
    queryKey: keys.previews,
    queryFn: () => api.previewList().catch(() => []),
    enabled: allowed,
    refetchInterval: POLL_MS,
  }).data ?? [];
  if (!allowed || rows.length === 0) return null;
  const end = (label: string) =>
    api.previewClose({ label }).then((r) => queryClient.setQueryData(keys.previews, r), (e) => notifyError(e));
  return (
    <Popover position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <Badge component="button" color="orange" variant="filled" leftSection={<IconEye size={12} />} style={{ cursor: "pointer", border: 0 }}
          data-testid="open-previews">
          {rows.length === 1 ? "1 preview open" : `${rows.length} previews open`}
        </Badge>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" maw={380}>
          {rows.map((r) => (
            <Group key={r.label} justify="space-between" wrap="nowrap" gap="sm">
              <div>
                <Text size="sm" fw={500}>{r.partner_user} ({r.account}){r.draft ? ` — draft “${r.draft}”` : ""}</Text>
                <Text size="xs" c="dimmed" lineClamp={2}>{r.reason} · until {new Date(r.expires_at).toLocaleTimeString()}</Text>
              </div>
              <Button size="xs" variant="light" color="red" onClick={() => end(r.label)}>End</Button>
            </Group>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
