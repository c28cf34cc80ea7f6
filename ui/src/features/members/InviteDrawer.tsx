// MEM-2: invite by work email and role; the member appears at once as Pending, and the
// invitation's code is shown once to pass on (SEC-4: Trellis sends nothing).
import { Button, Drawer, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { api, type RoleRow } from "../../ipc";
import { fieldError, notifyError } from "../../lib/notify";
import type { InvitationIssued } from "../../gen/InvitationIssued";
import { InvitationCode } from "./InvitationCode";

interface Props {
  opened: boolean;
  onClose: () => void;
  roles: RoleRow[];
}

export function InviteDrawer({ opened, onClose, roles }: Props) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<InvitationIssued | null>(null);
  const close = () => {
    setIssued(null);
    onClose();
  };
  const roleId = role ?? roles.find((r) => r.name === "Member")?.id ?? null;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setIssued(await api.memberInvite({ email, name, role_id: roleId ?? undefined }));
      setEmail("");
      setName("");
    } catch (err) {
      setError(err);
      if (!["email", "name", "role_id"].some((f) => fieldError(err, f))) notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer opened={opened} onClose={close} title="Invite member" position="right" size="md" data-testid="invite-drawer">
      {issued ? (
        <Stack>
          <InvitationCode issued={issued} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setIssued(null)}>Invite another</Button>
            <Button onClick={close} data-testid="invite-done">Done</Button>
          </Group>
        </Stack>
      ) : (
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            The invitee gets exactly the permissions of the role you choose once they accept.
          </Text>
          <TextInput label="Email address" placeholder="name@company.com" value={email} required data-autofocus
            onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, "email")} data-testid="invite-email" />
          <TextInput label="Name" description="Optional: they can add it when they accept." value={name}
            onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, "name")} data-testid="invite-name" />
          <Select label="Role" value={roleId} onChange={setRole} error={fieldError(error, "role_id")}
            data={roles.map((r) => ({ value: r.id, label: r.name }))} data-testid="invite-role" comboboxProps={{ withinPortal: true }} />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button type="submit" loading={busy} data-testid="invite-send">Create invitation</Button>
          </Group>
        </Stack>
      </form>
      )}
    </Drawer>
  );
}
