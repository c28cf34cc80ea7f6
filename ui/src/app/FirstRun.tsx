// WS-1: the first run creates the workspace and its Owner, or opens a demo workspace.
import { Anchor, Box, Button, Center, Divider, Group, Paper, ScrollArea, Stack, Text, TextInput, Title } from "@mantine/core";
import { PasswordFields } from "../features/auth/PasswordFields";
import { useState } from "react";
import { api, type SessionInfo } from "../ipc";
import { fieldError, notifyError, notifySuccess } from "../lib/notify";
import { Logo } from "./Logo";
import { JoinTeam } from "../features/sync/JoinTeam";

export function FirstRun({ onCreated }: { onCreated: (s: SessionInfo) => void }) {
  const [workspaceName, setWorkspaceName] = useState("");
  const [ownerName, setOwnerName] = useState("");
  const [ownerEmail, setOwnerEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<"create" | "demo" | null>(null);
  const [joining, setJoining] = useState(false);

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    if (password !== confirm) {
      setError(null);
      notifyError(new Error("The two passwords differ"), "Not created");
      return;
    }
    setBusy("create");
    setError(null);
    try {
      const s = await api.workspaceCreate({ workspace_name: workspaceName, owner_name: ownerName, owner_email: ownerEmail, password });
      notifySuccess(`Workspace “${s.workspace?.name}” created. You are its Owner.`);
      onCreated(s);
    } catch (err) {
      setError(err);
      if (!["workspace_name", "owner_name", "owner_email", "password"].some((f) => fieldError(err, f))) notifyError(err);
    } finally {
      setBusy(null);
    }
  };

  const demo = async () => {
    setBusy("demo");
    try {
      const s = await api.workspaceCreateDemo({});
      notifySuccess("Demo workspace ready: Northwind Channel, 50 members.");
      onCreated(s);
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <ScrollArea h="100%">
    <Center mih="100vh" py="xl" bg="var(--mantine-color-body)">
      <Paper withBorder shadow="sm" p="xl" w={480} radius="lg">
        {joining ? <JoinTeam onJoined={onCreated} onBack={() => setJoining(false)} /> : (
        <form onSubmit={create} aria-label="Create workspace" noValidate>
          <Stack gap="md">
            <Group gap="sm">
              <Logo size={36} />
              <Box>
                <Title order={1} size="h3">Welcome to Trellis</Title>
                <Text size="sm" c="dimmed">
                  Set up your partner program workspace. You will be its Owner.
                </Text>
              </Box>
            </Group>
            <TextInput label="Workspace name" placeholder="Acme Partner Program" value={workspaceName}
              onChange={(e) => setWorkspaceName(e.currentTarget.value)} error={fieldError(error, "workspace_name")}
              data-testid="ws-name" required autoFocus />
            <TextInput label="Your name" placeholder="Dana Whitfield" value={ownerName}
              onChange={(e) => setOwnerName(e.currentTarget.value)} error={fieldError(error, "owner_name")}
              data-testid="owner-name" required />
            <TextInput label="Work email" placeholder="dana@acme.com" value={ownerEmail} type="email"
              onChange={(e) => setOwnerEmail(e.currentTarget.value)} error={fieldError(error, "owner_email")}
              data-testid="owner-email" required />
            <PasswordFields value={password} onChange={setPassword} confirm={confirm} onConfirmChange={setConfirm}
              email={ownerEmail} name={ownerName} error={fieldError(error, "password")} />
            <Button type="submit" loading={busy === "create"} disabled={busy !== null} data-testid="create-workspace">
              Create workspace
            </Button>
            <Divider label="or" />
            <Text size="sm" ta="center">
              <Anchor component="button" type="button" onClick={demo} disabled={busy !== null} data-testid="open-demo">
                {busy === "demo" ? "Preparing the demo…" : "Explore a demo workspace"}
              </Anchor>{" "}
              with realistic members and roles.
            </Text>
            <Text size="sm" ta="center">
              Your team already uses Trellis?{" "}
              <Anchor component="button" type="button" onClick={() => setJoining(true)} disabled={busy !== null}
                data-testid="open-join">
                Connect to your team's workspace
              </Anchor>
            </Text>
          </Stack>
        </form>
        )}
      </Paper>
    </Center>
    </ScrollArea>
  );
}
