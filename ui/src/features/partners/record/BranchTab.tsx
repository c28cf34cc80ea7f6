// Hierarchy: the account's partner roles (HIER-1..HIER-3). 1–3 roles; a new one goes on
// top; delete one or several at once, renaming the rest so the branch stays contiguous;
// when the deleted roles have users, the manager chooses in the same action where they go.
import { Alert, Badge, Button, Checkbox, Group, Select, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { IconArrowUp, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { api } from "../../../ipc";
import { confirm } from "../../../lib/confirm";
import { fieldError, notifyError, notifySuccess } from "../../../lib/notify";
import { can } from "../../../lib/permissions";
import type { TabProps } from "./AccountRecord";

export function BranchTab({ session, record, onRecord }: TabProps) {
  const [picked, setPicked] = useState<string[]>([]);
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const edit = can(session, "partners.update");
  const branch = record.branch;
  if (branch.length === 0)
    return <Text c="dimmed" size="sm">{record.account.name} has no partner roles yet: they are created with its first partner user (HIER-1).</Text>;
  const keeping = branch.filter((b) => !picked.includes(b.id));
  const affected = branch.filter((b) => picked.includes(b.id)).reduce((n, b) => n + b.member_count, 0);
  const toggle = (id: string, on: boolean) => setPicked((p) => (on ? [...p, id] : p.filter((x) => x !== id)));
  const remove = async () => {
    const names = branch.filter((b) => picked.includes(b.id)).map((b) => b.name);
    const target = keeping.find((k) => k.id === moveTo)?.name;
    const ok = await confirm({
      title: `Delete ${names.length === 1 ? names[0] : `${names.length} partner roles`}?`,
      message:
        (affected > 0 ? `${affected} partner user(s) move to ${target ?? "the role you chose"}. ` : "") +
        "The remaining roles are renamed so the branch stays contiguous; their ids do not change.",
      confirmLabel: "Delete",
      danger: true,
    });
    if (!ok) return;
    setError(null);
    try {
      const r = await api.deletePartnerRoles({ account_id: record.account.id, role_ids: picked, move_to: moveTo ?? undefined });
      notifySuccess(`Deleted. ${r.account.name}'s partner roles: ${r.branch.map((b) => b.name).join(" › ")}.`);
      setPicked([]);
      setMoveTo(null);
      onRecord(r);
    } catch (err) {
      setError(err);
      if (!fieldError(err, "move_to") && !fieldError(err, "roles")) notifyError(err, "Not deleted");
    }
  };
  const addTop = async () => {
    try {
      const r = await api.addPartnerRole({ account_id: record.account.id });
      notifySuccess(`Added ${r.branch[0]?.name} on top.`);
      onRecord(r);
    } catch (err) {
      notifyError(err, "Not added");
    }
  };
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Under <b>{record.owner_role ?? "the owner's role"}</b>. Partner User rolls up to Partner Manager, to Partner Executive,
        to the owner's role. Fewer roles are recommended.
      </Text>
      <Table verticalSpacing="xs" data-testid="branch-table">
        <Table.Thead>
          <Table.Tr><Table.Th w={40}><VisuallyHidden>Select</VisuallyHidden></Table.Th><Table.Th>Partner role</Table.Th><Table.Th>Users</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {branch.map((b, i) => (
            <Table.Tr key={b.id} data-testid="branch-role" data-name={b.name}>
              <Table.Td>
                {edit && <Checkbox checked={picked.includes(b.id)} onChange={(e) => toggle(b.id, e.currentTarget.checked)} aria-label={`Select ${b.name}`} />}
              </Table.Td>
              <Table.Td><Text size="sm" pl={i * 16}>{i > 0 ? "└ " : ""}{b.name}</Text></Table.Td>
              <Table.Td><Badge variant="light" color="gray">{b.member_count}</Badge></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {edit && picked.length > 0 && (
        <Stack gap="xs" p="sm" style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 }}>
          {affected > 0 && (
            <Select label={`Move the ${affected} partner user(s) of the deleted roles to`} placeholder="Choose a role that stays"
              data={keeping.map((k) => ({ value: k.id, label: k.name }))} value={moveTo} onChange={setMoveTo} w={360}
              error={fieldError(error, "move_to")} comboboxProps={{ withinPortal: true }} data-testid="branch-move-to" />
          )}
          {fieldError(error, "roles") && <Alert color="red">{fieldError(error, "roles")}</Alert>}
          <Group>
            <Button color="red" leftSection={<IconTrash size={16} />} onClick={remove} data-testid="branch-delete">
              Delete {picked.length} role{picked.length === 1 ? "" : "s"}
            </Button>
            <Button variant="default" onClick={() => setPicked([])}>Clear selection</Button>
          </Group>
        </Stack>
      )}
      {edit && branch.length < 3 && (
        <Group><Button variant="light" leftSection={<IconArrowUp size={16} />} onClick={addTop} data-testid="branch-add">Add a role on top</Button></Group>
      )}
    </Stack>
  );
}
