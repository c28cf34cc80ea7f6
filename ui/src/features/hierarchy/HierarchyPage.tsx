// Role hierarchy: the channel team's positions (whose records roll up to whom, HIER-2) and
// who holds each. PA-1 needs a partner account's owner to hold one.
import { Badge, Box, Button, Card, Group, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconSitemap } from "@tabler/icons-react";
import { useCallback, useEffect, useState } from "react";
import { api, type HierarchyRoleRow, type MemberRow, type SessionInfo } from "../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";

function Tree({ rows, parent, depth }: { rows: HierarchyRoleRow[]; parent: string | null; depth: number }) {
  const children = rows.filter((r) => (r.parent_id ?? null) === parent);
  return (
    <>
      {children.map((r) => (
        <Box key={r.id}>
          <Group gap="xs" pl={depth * 24} py={4} data-testid="hierarchy-node" data-name={r.name}>
            <IconSitemap size={16} />
            <Text size="sm" fw={500}>{r.name}</Text>
            {r.account_id && <Badge size="xs" color="grape">partner branch</Badge>}
            <Badge size="xs" color="gray">{r.member_count} {r.member_count === 1 ? "member" : "members"}</Badge>
          </Group>
          <Tree rows={rows} parent={r.id} depth={depth + 1} />
        </Box>
      ))}
    </>
  );
}

export function HierarchyPage({ session }: { session: SessionInfo }) {
  const [rows, setRows] = useState<HierarchyRoleRow[]>([]);
  const [members, setMembers] = useState<MemberRow[]>([]);
  const [name, setName] = useState("");
  const [parent, setParent] = useState<string | null>(null);
  const [member, setMember] = useState<string | null>(null);
  const [position, setPosition] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api.hierarchyList().then(setRows, notifyError);
    if (can(session, "members.read")) {
      api.memberList({ tab: { kind: "all" }, search: "", removed: false, offset: 0, limit: 1000 }).then((p) => setMembers(p.rows), notifyError);
    }
  }, [session]);
  useEffect(load, [load]);
  const internal = rows.filter((r) => !r.account_id).map((r) => ({ value: r.id, label: r.name }));

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setRows(await api.hierarchyRoleCreate({ name, parent_id: parent ?? undefined }));
      notifySuccess(`Position “${name.trim()}” added.`);
      setName("");
    } catch (err) {
      setError(err);
      if (!fieldError(err, "name") && !fieldError(err, "parent_id")) notifyError(err);
    }
  };
  const place = async () => {
    if (!member) return;
    try {
      const row = await api.memberSetHierarchyRole({ member_id: member, hierarchy_role_id: position ?? undefined });
      notifySuccess(`${row.name || row.email} placed.`);
      load();
    } catch (err) {
      notifyError(err);
    }
  };

  return (
    <Stack p="lg" gap="md" maw={980}>
      <div>
        <Title order={3}>Role hierarchy</Title>
        <Text size="sm" c="dimmed">Whose records roll up to whom. A partner account can be enabled only when its owner holds a position.</Text>
      </div>
      <Card withBorder>
        {rows.length === 0 ? <Text c="dimmed" size="sm">No positions yet. Add the top of your channel team first, e.g. “VP Channel”.</Text> : <Tree rows={rows} parent={null} depth={0} />}
      </Card>
      {can(session, "roles.create") && (
        <Card withBorder>
          <form onSubmit={create} noValidate>
            <Group align="end">
              <TextInput label="New position" placeholder="Channel Manager" value={name} onChange={(e) => setName(e.currentTarget.value)}
                error={fieldError(error, "name")} w={260} data-testid="hierarchy-name" />
              <Select label="Reports to" data={internal} value={parent} onChange={setParent} clearable placeholder="Top of the hierarchy"
                w={260} comboboxProps={{ withinPortal: true }} />
              <Button type="submit" data-testid="hierarchy-add">Add position</Button>
            </Group>
          </form>
        </Card>
      )}
      {can(session, "members.update") && members.length > 0 && (
        <Card withBorder>
          <Group align="end">
            <Select label="Member" data={members.filter((m) => m.status === "active").map((m) => ({ value: m.id, label: m.name || m.email }))}
              value={member} onChange={setMember} searchable w={260} comboboxProps={{ withinPortal: true }} data-testid="hierarchy-member" />
            <Select label="Position" data={internal} value={position} onChange={setPosition} clearable placeholder="No position"
              w={260} comboboxProps={{ withinPortal: true }} data-testid="hierarchy-position" />
            <Button variant="light" onClick={place} disabled={!member} data-testid="hierarchy-place">Place member</Button>
          </Group>
        </Card>
      )}
    </Stack>
  );
}
