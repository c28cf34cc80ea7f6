// Sharing rules (SHARE-1): records owned at a role (and below) shared with a partner account
// or one of its partner roles (and the roles above it), read-only or read/write.
import { ActionIcon, Badge, Button, Card, Group, Menu, ScrollArea, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { IconDots, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type SessionInfo, type SharingRuleRow } from "../../ipc";
import { keys } from "../../lib/keys";
import { queryClient } from "../../lib/queryClient";
import { Empty, LoadError } from "../../lib/states";
import { confirm } from "../../lib/confirm";
import { notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { SharingRuleEditor } from "./SharingRuleEditor";

export function SharingRulesPage({ session }: { session: SessionInfo }) {
  const query = useQuery({ queryKey: keys.sharing, queryFn: api.sharingRuleList });
  const rules = query.data ?? [];
  const setRules = (rows: SharingRuleRow[]) => queryClient.setQueryData(keys.sharing, rows);
  const [editing, setEditing] = useState<SharingRuleRow | "new" | null>(null);
  const edit = can(session, "partners.update") && can(session, "special.manage_partner_access");
  const remove = async (r: SharingRuleRow) => {
    const ok = await confirm({ title: `Delete “${r.name}”?`, message: "The access it grants ends at once.", confirmLabel: "Delete rule", danger: true });
    if (!ok) return;
    try {
      setRules(await api.sharingRuleDelete({ rule_id: r.id }));
      notifySuccess(`“${r.name}” deleted.`);
    } catch (err) {
      notifyError(err);
    }
  };
  return (
    <Stack p="lg" gap="md" maw={1100} h="100%">
      <Group justify="space-between" align="end">
        <div>
          <Title order={2} size="h3">Sharing rules</Title>
          <Text size="sm" c="dimmed">Give partner accounts, or their partner roles, access to records they would not otherwise see.</Text>
        </div>
        {edit && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")} data-testid="rule-new">New sharing rule</Button>}
      </Group>
      <Card withBorder p={0} style={{ flex: 1, minHeight: 200 }}>
        <ScrollArea h="100%">
          {query.error && <LoadError error={query.error} what="Sharing rules" retry={() => void query.refetch()} />}
          <Table verticalSpacing="sm" data-testid="rules-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th><Table.Th>Records</Table.Th><Table.Th>Owned by</Table.Th><Table.Th>Shared with</Table.Th>
                <Table.Th>Access</Table.Th><Table.Th w={52}><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map((r) => (
                <Table.Tr key={r.id} data-testid="rule-row" data-name={r.name}>
                  <Table.Td fw={500}>{r.name}</Table.Td>
                  <Table.Td tt="capitalize">{r.kind}s</Table.Td>
                  <Table.Td>{r.source_name}</Table.Td>
                  <Table.Td>{r.grantee_name}</Table.Td>
                  <Table.Td><Badge color={r.access === "read_write" ? "orange" : "gray"}>{r.access === "read_write" ? "Read/write" : "Read only"}</Badge></Table.Td>
                  <Table.Td>
                    {edit && (
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${r.name}`}><IconDots size={18} /></ActionIcon></Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(r)}>Edit…</Menu.Item>
                          <Menu.Item color="red.9" leftSection={<IconTrash size={16} />} onClick={() => remove(r)}>Delete</Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
              {rules.length === 0 && (
                <Table.Tr><Table.Td colSpan={6}><Empty>No sharing rules: records are seen through the hierarchy only.</Empty></Table.Td></Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Card>
      <SharingRuleEditor rule={editing} onClose={() => setEditing(null)} onSaved={setRules} />
    </Stack>
  );
}
