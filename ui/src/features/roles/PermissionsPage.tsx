// Admin › Permissions (ROLE-1..ROLE-5): roles with member counts; view, new, edit, clone, delete.
import { ActionIcon, Badge, Box, Button, Group, Menu, Modal, ScrollArea, Stack, Table, Text, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { IconCopy, IconDots, IconEye, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { api, type RoleRow, type SessionInfo } from "../../ipc";
import { keys } from "../../lib/keys";
import { useCatalog, useRoles } from "../../lib/queries";
import { queryClient } from "../../lib/queryClient";
import { LoadError } from "../../lib/states";
import { confirm } from "../../lib/confirm";
import { plural } from "../../lib/format";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { RoleEditor, type EditorMode } from "./RoleEditor";

export function PermissionsPage({ session, initialRole }: { session: SessionInfo; initialRole?: string }) {
  const list = useRoles({});
  const roles = list.data;
  const catalog = useCatalog().data ?? null;
  const [chosen, setEditor] = useState<EditorMode | null>(null);
  // Opened from the command palette: that role is shown once the list has it.
  const [asked, setAsked] = useState(initialRole);
  const askedRole = asked ? roles?.find((r) => r.id === asked) : undefined;
  const editor: EditorMode | null = chosen ?? (askedRole ? { kind: "view", role: askedRole } : null);
  const [cloning, setCloning] = useState<RoleRow | null>(null);


  const remove = async (role: RoleRow) => {
    const ok = await confirm({
      title: `Delete “${role.name}”?`,
      message:
        role.member_count === 0
          ? "Nobody holds this role."
          : role.audience === "partner"
            ? `${plural(role.member_count, "partner user")} hold this role; give them another before deleting it.`
            : `${plural(role.member_count, "member")} hold this role. They stay in the workspace with no role until you assign another.`,
      confirmLabel: "Delete role",
      danger: true,
    });
    if (!ok) return;
    try {
      const out = await api.roleDelete({ role_id: role.id });
      notifySuccess(`Role “${role.name}” deleted.` + (out.members_without_role ? ` ${plural(out.members_without_role, "member")} now have no role.` : ""));
    } catch (e) {
      notifyError(e, "Role not deleted");
    }
  };

  return (
    <Stack h="100%" gap={0}>
      <Group justify="space-between" px="lg" pt="md" pb="md">
        <div>
          <Title order={2} size="h3">Permissions</Title>
          <Text size="sm" c="dimmed">Roles decide what people may do. Built-in roles cannot be changed; clone one to make your own.</Text>
        </div>
        {can(session, "roles.create") && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditor({ kind: "new" })} data-testid="role-new">New role</Button>
        )}
      </Group>
      <ScrollArea style={{ flex: 1 }} px="lg">
        {list.error && <LoadError error={list.error} what="Roles" retry={() => void list.refetch()} />}
        <Table highlightOnHover verticalSpacing="sm" data-testid="roles-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Role</Table.Th>
              <Table.Th w={150}>Audience</Table.Th>
              <Table.Th w={110}>Type</Table.Th>
              <Table.Th w={110} ta="right">Held by</Table.Th>
              <Table.Th w={120} ta="right">Permissions</Table.Th>
              <Table.Th w={52}><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {roles?.map((r) => (
              <Table.Tr key={r.id} data-testid="role-row" data-role={r.name}>
                <Table.Td>
                  <Text size="sm" fw={500}>{r.name}</Text>
                  <Text size="xs" c="dimmed" lineClamp={1}>{r.description || "—"}</Text>
                </Table.Td>
                <Table.Td><Badge color={r.audience === "partner" ? "grape" : "blue"}>{r.audience === "partner" ? `Partner · ${r.group}` : "Internal"}</Badge></Table.Td>
                <Table.Td><Badge color={r.builtin ? "gray" : "teal"}>{r.builtin ? "Built-in" : "Custom"}</Badge></Table.Td>
                <Table.Td ta="right" data-testid="role-members">{r.member_count.toLocaleString()}</Table.Td>
                <Table.Td ta="right">{r.permissions.length}</Table.Td>
                <Table.Td>
                  <Menu position="bottom-end" withinPortal shadow="md">
                    <Menu.Target>
                      <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${r.name}`} data-testid="role-menu"><IconDots size={18} /></ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconEye size={16} />} onClick={() => setEditor({ kind: "view", role: r })}>View permissions</Menu.Item>
                      {can(session, "roles.update") && (
                        <Menu.Item leftSection={<IconPencil size={16} />} disabled={r.builtin} data-testid="role-edit"
                          onClick={() => setEditor({ kind: "edit", role: r })}>Edit</Menu.Item>
                      )}
                      {can(session, "roles.create") && (
                        <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => setCloning(r)} data-testid="role-clone">Clone</Menu.Item>
                      )}
                      {can(session, "roles.delete") && (
                        <Menu.Item color="red.9" leftSection={<IconTrash size={16} />} disabled={r.builtin} onClick={() => remove(r)}
                          data-testid="role-delete">Delete</Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <RoleEditor mode={editor} catalog={catalog} held={new Set(session.me?.permissions ?? [])} onClose={() => { setEditor(null); setAsked(undefined); }} onSaved={(row) => {
        // The list shows the saved row at once, before its re-read answers.
        queryClient.setQueryData(keys.roles({}), (old: RoleRow[] | undefined) =>
          old?.some((r) => r.id === row.id) ? old.map((r) => (r.id === row.id ? row : r)) : [...(old ?? []), row]);
      }} />
      <CloneDialog source={cloning} onClose={() => setCloning(null)} />
    </Stack>
  );
}

function CloneDialog({ source, onClose }: { source: RoleRow | null; onClose: () => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setName(source ? `${source.name} (copy)` : "");
    setError(null);
  }, [source]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!source) return;
    setBusy(true);
    try {
      const row = await api.roleClone({ source_id: source.id, name });
      notifySuccess(`“${row.name}” created from “${source.name}”. It changes independently.`);
      onClose();
    } catch (err) {
      setError(err);
      if (!fieldError(err, "name")) notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={source !== null} onClose={onClose} title={`Clone ${source?.name ?? ""}`} centered>
      <form onSubmit={submit} noValidate>
        <Box>
          <TextInput label="Name of the new role" value={name} onChange={(e) => setName(e.currentTarget.value)} required
            data-autofocus error={fieldError(error, "name")} data-testid="clone-name" />
          <Group justify="flex-end" mt="lg">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} data-testid="clone-save">Clone role</Button>
          </Group>
        </Box>
      </form>
    </Modal>
  );
}
