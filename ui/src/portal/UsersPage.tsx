// PC-4, PC-5, PA-4: a partner's Global admin or User management admin adds colleagues
// (temporary password shown once) and changes their roles — within the account and the
// subpartners they may manage, and never beyond their own permissions (Rust decides).
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconUserPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { PortalUserRow } from "../gen/PortalUserRow";
import { queryClient } from "../lib/queryClient";
import { QueryView } from "../lib/states";
import { fieldError, portal, type PortalSession, type PortalUserCreated, type PortalUsers } from "./ipc";
import { portalKeys } from "./keys";

export function UsersPage({ session }: { session: PortalSession }) {
  const query = useQuery({ queryKey: portalKeys.users, queryFn: portal.users });
  return <QueryView query={query} what="Users">{(users) => <Users session={session} users={users} />}</QueryView>;
}

function Users({ session, users }: { session: PortalSession; users: PortalUsers }) {
  const setUsers = (next: PortalUsers) => queryClient.setQueryData(portalKeys.users, next);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<PortalUserRow | null>(null);
  const [created, setCreated] = useState<PortalUserCreated | null>(null);
  return (
    <Stack gap="sm" data-testid="portal-users">
      <Group justify="space-between">
        <Title order={2} size="h3">Users</Title>
        {!session.read_only && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)} data-testid="portal-user-add">Add user</Button>
        )}
      </Group>
      {created && (
        <Alert color="teal" title={`${created.email} added`} withCloseButton onClose={() => setCreated(null)} data-testid="portal-user-created">
          <Text size="sm">
            Send them this link — shown once; it works once, for 7 days, and lets them choose their own password:
          </Text>
          <Group gap="xs" mt={4} wrap="nowrap">
            <Code data-testid="invitation-link" style={{ wordBreak: "break-all" }}>
              {created.invitation.link ?? created.invitation.code}
            </Code>
            <CopyButton value={created.invitation.link ?? created.invitation.code}>
              {({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? "Copied" : "Copy"}</Button>}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Account</Table.Th><Table.Th>Portal role</Table.Th><Table.Th>Agent role</Table.Th><Table.Th>Admin role</Table.Th><Table.Th><span className="sr-only">Actions</span></Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.users.map((u) => (
            <Table.Tr key={u.id} data-testid="portal-user-row">
              <Table.Td>
                <Text size="sm">{u.name} {u.me && <Badge size="xs" variant="light">you</Badge>} {!u.enabled && <Badge size="xs" color="gray">no access</Badge>}</Text>
                <Text size="xs" c="dimmed">{u.email}</Text>
              </Table.Td>
              <Table.Td>{u.account}</Table.Td>
              <Table.Td>{u.portal_role}</Table.Td>
              <Table.Td>{u.agent_role ?? "—"}</Table.Td>
              <Table.Td>{u.admin_role}</Table.Td>
              <Table.Td>{u.editable && !session.read_only && <Button size="xs" variant="subtle" onClick={() => setEditing(u)}>Change roles</Button>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <UserDialog users={users} editing={editing} adding={adding}
        onClose={() => { setAdding(false); setEditing(null); }}
        onDone={(next, made) => { setUsers(next); setCreated(made ?? null); setAdding(false); setEditing(null); }} />
    </Stack>
  );
}

function UserDialog({ users, editing, adding, onClose, onDone }: {
  users: PortalUsers; editing: PortalUserRow | null; adding: boolean; onClose: () => void;
  onDone: (u: PortalUsers, created?: PortalUserCreated) => void;
}) {
  const opts = (rows: PortalUsers["portal_roles"]) => rows.map((r) => ({ value: r.id, label: r.name }));
  const [account, setAccount] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [portalRole, setPortalRole] = useState<string | null>(null);
  const [agent, setAgent] = useState<string | null>(null);
  const [admin, setAdmin] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setAccount(users.accounts[0]?.id ?? null);
    setName("");
    setEmail("");
    setPortalRole(editing?.portal_role_id ?? users.portal_roles[0]?.id ?? null);
    setAgent(editing?.agent_role_id ?? null);
    setAdmin(editing?.admin_role_id ?? null);
    setError(null);
    // Not on `users`: a re-read of the list behind must not undo what is typed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing, adding]);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const roles = { portal_role_id: portalRole ?? "", agent_role_id: agent ?? undefined, admin_role_id: admin ?? undefined };
    try {
      if (editing) {
        onDone(await portal.setRoles({ contact_id: editing.id, version: editing.version, ...roles }));
        notifications.show({ color: "teal", message: `${editing.name}'s roles changed — in the audit log.` });
      } else {
        const made = await portal.addUser({ account_id: account ?? "", name, email, ...roles });
        onDone(made.users, made);
      }
    } catch (err) {
      setError(err);
      if (!["account_id", "name", "email", "roles", "portal_role_id", "agent_role_id", "admin_role_id", "contact_id"].some((f) => fieldError(err, f)))
        notifications.show({ color: "red", title: "Not saved", message: (err as Error).message });
    }
  };
  return (
    <Modal opened={adding || editing !== null} onClose={onClose} title={editing ? `Roles of ${editing.name}` : "Add a user"} centered>
      <form onSubmit={save} noValidate>
        <Stack>
          {!editing && (
            <>
              <Select label="Account" data={users.accounts.map((a) => ({ value: a.id, label: a.name }))} value={account} onChange={setAccount}
                error={fieldError(error, "account_id")} comboboxProps={{ withinPortal: true }} />
              <TextInput label="Full name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, "name")} data-testid="portal-user-name" />
              <TextInput label="Email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, "email")} data-testid="portal-user-email" />
            </>
          )}
          <Select label="Portal role" data={opts(users.portal_roles)} value={portalRole} onChange={setPortalRole}
            error={fieldError(error, "portal_role_id") ?? fieldError(error, "roles")} comboboxProps={{ withinPortal: true }} />
          <Select label="Agent role" placeholder="None" clearable data={opts(users.agent_roles)} value={agent} onChange={setAgent}
            error={fieldError(error, "agent_role_id")} comboboxProps={{ withinPortal: true }} />
          <Select label="Admin role" placeholder="No admin role" clearable data={opts(users.admin_roles)} value={admin} onChange={setAdmin}
            error={fieldError(error, "admin_role_id") ?? fieldError(error, "contact_id")} comboboxProps={{ withinPortal: true }} />
          <Text size="xs" c="dimmed">Only roles within your own permissions are offered.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" data-testid="portal-user-save">{editing ? "Save roles" : "Add user"}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
