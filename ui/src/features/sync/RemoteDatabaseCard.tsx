// Settings › Remote database (SYNC-1, SYNC-4): where the team's shared PostgreSQL is,
// testing the connection, and publishing this workspace to it.
import { Alert, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import { confirm } from "../../lib/confirm";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { emptyRemote, RemoteFields, type RemoteForm } from "./RemoteFields";
import { announceSync, useSyncStatus } from "./useSyncStatus";

const FIELDS = ["host", "port", "database", "user", "password", "ca_file"];

export function RemoteDatabaseCard({ session }: { session: SessionInfo }) {
  const [status] = useSyncStatus();
  const [form, setForm] = useState<RemoteForm>(emptyRemote());
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<"connect" | "publish" | null>(null);
  const editable = can(session, "settings.update");

  useEffect(() => {
    if (loaded || !status) return;
    setLoaded(true);
    if (status.host) {
      setForm({
        host: status.host ?? "", port: status.port ?? 5432, database: status.database ?? "", user: status.user ?? "",
        password: "", tls: status.tls ?? "require", ca_file: status.ca_file ?? undefined,
      });
    }
  }, [status, loaded]);

  const connect = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy("connect");
    setError(null);
    setMessage(null);
    try {
      const r = await api.syncConnect(form);
      setMessage(r.message);
      setForm({ ...form, password: "" });
      announceSync();
    } catch (err) {
      setError(err);
      if (!FIELDS.some((f) => fieldError(err, f))) notifyError(err, "Not connected");
    } finally {
      setBusy(null);
    }
  };

  const publish = async () => {
    const ok = await confirm({
      title: "Publish this workspace?",
      message: "Its whole history goes to the shared database; from then on your team works on it together and every change syncs.",
      confirmLabel: "Publish",
    });
    if (!ok) return;
    setBusy("publish");
    try {
      await api.syncPublish();
      notifySuccess("Published. Your team can now connect to this workspace from their desktops.");
      announceSync();
    } catch (err) {
      notifyError(err, "Not published");
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card withBorder>
      <form onSubmit={connect} noValidate aria-label="Remote database">
        <Stack>
          <div>
            <Title order={3} size="h5">Remote database</Title>
            <Text size="sm" c="dimmed">
              The team's shared PostgreSQL. This desktop keeps working offline and syncs when it can; nothing is
              overwritten without asking.
            </Text>
          </div>
          <RemoteFields value={form} onChange={setForm} error={error} disabled={!editable || busy !== null} />
          {message && <Alert color="teal" data-testid="remote-message">{message}</Alert>}
          {status?.workspace && (
            <Text size="sm" data-testid="remote-following">
              This workspace is shared at {status.remote}. Log position {status.head}.
            </Text>
          )}
          {editable && (
            <Group>
              <Button type="submit" loading={busy === "connect"} disabled={busy !== null} data-testid="remote-connect">
                Test connection and save
              </Button>
              {status?.remote && !status.workspace && (
                <Button variant="light" onClick={publish} loading={busy === "publish"} disabled={busy !== null}
                  data-testid="remote-publish">
                  Publish this workspace
                </Button>
              )}
            </Group>
          )}
          {!editable && <Text size="xs" c="dimmed">Your role can view these settings but not change them.</Text>}
        </Stack>
      </form>
    </Card>
  );
}
