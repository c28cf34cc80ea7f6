// Always in the shell's header: where sync stands; opens the Sync screen.
import { Badge, Tooltip, UnstyledButton } from "@mantine/core";
import { IconCloud, IconCloudOff } from "@tabler/icons-react";
import type { SyncStatus } from "../../ipc";
import { syncSummary } from "./useSyncStatus";

export function SyncIndicator({ status, onOpen }: { status: SyncStatus | null; onOpen: () => void }) {
  if (!status || !status.remote) return null;
  const { text, color } = syncSummary(status);
  const when = status.last_sync_at ? new Date(status.last_sync_at).toLocaleString() : "never";
  return (
    <Tooltip label={status.last_error ? `Last sync failed: ${status.last_error}` : `Last sync: ${when}`} withArrow>
      <UnstyledButton onClick={onOpen} aria-label={`Sync: ${text}`} data-testid="sync-indicator">
        <Badge color={color} variant="light" size="lg"
          leftSection={status.offline_since ? <IconCloudOff size={14} /> : <IconCloud size={14} />}>
          {text}
        </Badge>
      </UnstyledButton>
    </Tooltip>
  );
}
