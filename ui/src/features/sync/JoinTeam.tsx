// First run: "Connect to your team's workspace" — downloads the shared workspace into
// this desktop; then each member signs in with their own password.
import { Alert, Button, Group, Progress, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import type { JoinProgress } from "../../gen/JoinProgress";
import { keys } from "../../lib/keys";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { emptyRemote, RemoteFields, type RemoteForm } from "./RemoteFields";

const FIELDS = ["host", "port", "database", "user", "password", "ca_file", "workspace"];

export function JoinTeam({ onJoined, onBack }: { onJoined: (s: SessionInfo) => void; onBack: () => void }) {
  const [form, setForm] = useState<RemoteForm>(emptyRemote());
  const [workspace, setWorkspace] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // While the download runs, where it stands, re-read a few times a second.
  const progress: JoinProgress = useQuery({
    queryKey: keys.joinProgress,
    queryFn: api.syncJoinProgress,
    enabled: busy,
    refetchInterval: 300,
  }).data ?? { phase: "connecting", done: 0, total: 0 };
  const join = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await api.syncJoinHere({ remote: form, workspace: workspace.trim() || undefined });
      notifySuccess(`Connected to “${s.workspace?.name}”. Sign in with your own email and password.`);
      onJoined(s);
    } catch (err) {
      setError(err);
      if (!FIELDS.some((f) => fieldError(err, f))) notifyError(err, "Not connected");
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={join} aria-label="Connect to your team's workspace" noValidate>
      <Stack gap="md">
        <div>
          <Title order={1} size="h3">Connect to your team's workspace</Title>
          <Text size="sm" c="dimmed">
            Use the shared database your administrator gave you, with your own database login.
          </Text>
        </div>
        <RemoteFields value={form} onChange={setForm} error={error} disabled={busy} />
        <TextInput label="Workspace" description="Only when the database holds more than one." value={workspace}
          onChange={(e) => setWorkspace(e.currentTarget.value)} error={fieldError(error, "workspace")} disabled={busy} />
        {busy && (
          <Stack gap={4}>
            <Text size="sm" data-testid="join-progress">{joinStep(progress)}</Text>
            <Progress value={joinShare(progress)} animated />
          </Stack>
        )}
        {fieldError(error, "db") && <Alert color="red">{fieldError(error, "db")}</Alert>}
        <Group justify="space-between">
          <Button variant="subtle" onClick={onBack} disabled={busy}>Back</Button>
          <Button type="submit" loading={busy} data-testid="join-team">Connect and download</Button>
        </Group>
      </Stack>
    </form>
  );
}

// What the join is doing, in words: every phase, not only the download (issue 17).
function joinStep(p: JoinProgress): string {
  switch (p.phase) {
    case "connecting":
      return "Connecting…";
    case "downloading":
      return `Step 1 of 4 · Downloading the team's changes: ${p.done.toLocaleString()} of ${p.total.toLocaleString()}`;
    case "replaying":
      return `Step 2 of 4 · Checking ${p.total.toLocaleString()} changes against the rules…`;
    case "saving":
      return "Step 3 of 4 · Saving the workspace on this computer…";
    case "credentials":
    case "done":
      return "Step 4 of 4 · Fetching sign-in details and syncing…";
  }
}

// The bar: the download is the first 70 %, each later phase a share of the rest.
function joinShare(p: JoinProgress): number {
  const download = p.total > 0 ? (70 * p.done) / p.total : 0;
  const after = { connecting: 0, downloading: download, replaying: 75, saving: 85, credentials: 95, done: 100 };
  return after[p.phase];
}
