// Role hierarchy: the channel team's positions and, under each owner, every partner
// account's branch (whose records roll up to whom, HIER-2) — collapsible, searchable, with
// the people at and below each role. PA-1 needs a partner account's owner to hold one.
import { Button, Card, Group, ScrollArea, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import { keys } from "../../lib/keys";
import { useHierarchyRoles, useMemberChoices } from "../../lib/queries";
import { LoadError } from "../../lib/states";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { HierarchyTree } from "./HierarchyTree";

export function HierarchyPage({ session }: { session: SessionInfo }) {
  const roles = useHierarchyRoles();
  const rows = roles.data ?? [];
  const members = useMemberChoices(can(session, "members.read")).data ?? [];
  const [name, setName] = useState("");
  const [parent, setParent] = useState<string | null>(null);
  const [member, setMember] = useState<string | null>(null);
  const [position, setPosition] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [searchText, setSearchText] = useState("");
  const [search] = useDebouncedValue(searchText, 150);
  const tree = useQuery({ queryKey: keys.hierarchyTree({ search }), queryFn: () => api.hierarchyTree({ search }) });
  const nodes = tree.data ?? [];
  const internal = rows.filter((r) => !r.account_id).map((r) => ({ value: r.id, label: r.name }));

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.hierarchyRoleCreate({ name, parent_id: parent ?? undefined });
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
    } catch (err) {
      notifyError(err);
    }
  };

  return (
    <Stack p="lg" gap="md" maw={1100} h="100%">
      <Group justify="space-between" align="end">
        <div>
          <Title order={2} size="h3">Role hierarchy</Title>
          <Text size="sm" c="dimmed">
            Whose records roll up to whom: each partner account's roles hang under its owner's position. A partner account can be
            enabled only when its owner holds a position.
          </Text>
        </div>
        <TextInput placeholder="Search roles and accounts" leftSection={<IconSearch size={16} />} w={280} value={searchText}
          onChange={(e) => setSearchText(e.currentTarget.value)} aria-label="Search the hierarchy" data-testid="hierarchy-search" data-page-search />
      </Group>
      <Card withBorder style={{ flex: 1, minHeight: 240 }} p={0}>
        <ScrollArea h="100%" p="sm">
          {(roles.error || tree.error) && <LoadError error={roles.error ?? tree.error} what="The hierarchy" retry={() => { void roles.refetch(); void tree.refetch(); }} />}
          {roles.isPending ? null : rows.length === 0 ? (
            <Text c="dimmed" size="sm">No positions yet. Add the top of your channel team first, e.g. “VP Channel”.</Text>
          ) : (
            <HierarchyTree nodes={nodes} searching={search.trim().length > 0} />
          )}
        </ScrollArea>
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
