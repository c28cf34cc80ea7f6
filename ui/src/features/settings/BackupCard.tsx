// Settings › Backup (issue 17): this desktop's file, when it was last backed up and where,
// and *Back up now* — a consistent copy made while Trellis uses the file (SQLite's online
// backup, in Rust), saved in Downloads. Restoring is a CLI step on a closed workspace.
import { Button, Card, Code, Group, Stack, Text, Title } from "@mantine/core";
import { IconDatabaseExport } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../ipc";
import { keys } from "../../lib/keys";
import { notifyError, notifySuccess } from "../../lib/notify";
import { QueryView } from "../../lib/states";

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function size(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function BackupCard() {
  const query = useQuery({ queryKey: keys.backup, queryFn: api.settingsBackupInfo });
  const [busy, setBusy] = useState(false);
  const backUp = async () => {
    setBusy(true);
    try {
      const made = await api.workspaceBackupNow();
      notifySuccess(`Backup saved: ${made.path} (${size(made.bytes)}).`);
    } catch (e) {
      notifyError(e, "No backup made");
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder data-testid="backup-card">
      <Stack gap="xs">
        <Title order={3} size="h5">Backup</Title>
        <QueryView query={query} what="Backup" inline>
          {(info) => (
            <>
              <Text size="sm" data-testid="backup-last">
                {info.last_at === null ? "Never backed up from this computer." : `Last backup ${when.format(new Date(info.last_at))}: ${info.last_path ?? ""}`}
              </Text>
              <Text size="xs" c="dimmed">
                This computer's workspace file: {info.database}. To restore, close Trellis and run{" "}
                <Code>trellis --db NEW-FILE restore BACKUP-FILE</Code>; it refuses a backup of another workspace or a newer Trellis.
              </Text>
            </>
          )}
        </QueryView>
        <Group>
          <Button variant="default" leftSection={<IconDatabaseExport size={16} />} loading={busy} onClick={() => void backUp()}
            data-testid="backup-now">Back up now</Button>
        </Group>
      </Stack>
    </Card>
  );
}
