// MEM-2: invite by work email and role; the member appears at once as Pending.
import { Button, Drawer, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { api, type RoleRow } from "../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";

interface Props {
  opened: boolean;
  onClose: () => void;
  roles: RoleRow[];
  onInvited: () => void;
}

export function InviteDrawer({ opened, onClose, roles, onInvited }: Props) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const roleId = role ?? roles.find((r) => r.name === "Member")?.id ?? null;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const row = await api.memberInvite({ email, name, role_id: roleId ?? undefined });
      notifySuccess(`Invitation sent to ${row.email}. They appear as Pending until they accept.`);
      setEmail("");
      setName("");
      onInvited();
      onClose();
    } catch (err) {
      setError(err);
      if (!["email", "name", "role_id"].some((f) => fieldError(err, f))) notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer opened={opened} onClose={onClose} title="Invite member" position="right" size="md" data-testid="invite-drawer">
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
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} data-testid="invite-send">Send invite</Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
