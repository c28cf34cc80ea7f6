// Items: products and services, and which are offered in Partner Center (ITEM-1). Partner
// users see only flagged items, and only with a permission on items.
import { Badge, Button, Card, Group, ScrollArea, Stack, Switch, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { api, type ItemRow, type SessionInfo } from "../../ipc";
import { keys } from "../../lib/keys";
import { useItems } from "../../lib/queries";
import { queryClient } from "../../lib/queryClient";
import { Empty, LoadError } from "../../lib/states";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";

export function ItemsPage({ session }: { session: SessionInfo }) {
  const query = useItems();
  const items = query.data ?? [];
  const setItems = (rows: ItemRow[]) => queryClient.setQueryData(keys.items, rows);
  const [name, setName] = useState("");
  const [available, setAvailable] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setItems(await api.itemCreate({ name, available_in_partner_center: available }));
      notifySuccess(`${name.trim()} added.`);
      setName("");
      setAvailable(false);
    } catch (err) {
      setError(err);
      if (!fieldError(err, "name")) notifyError(err);
    }
  };
  const flag = async (item: ItemRow, on: boolean) => {
    try {
      setItems(await api.itemSetAvailability({ item_id: item.id, available_in_partner_center: on }));
      notifySuccess(`${item.name} is ${on ? "now offered in" : "no longer offered in"} Partner Center.`);
    } catch (err) {
      notifyError(err);
    }
  };
  const edit = can(session, "items.update");
  const offered = items.filter((i) => i.available_in_partner_center).length;
  return (
    <Stack p="lg" gap="md" maw={900} h="100%">
      <div>
        <Title order={2} size="h3">Items</Title>
        <Text size="sm" c="dimmed">
          Products and services. Partner users see an item only when it is available in Partner Center and their role may read items.
          {` ${offered} of ${items.length} offered.`}
        </Text>
      </div>
      <Card withBorder p={0} style={{ flex: 1, minHeight: 200 }}>
        <ScrollArea h="100%">
          {query.error && <LoadError error={query.error} what="Items" retry={() => void query.refetch()} />}
          <Table verticalSpacing="sm" data-testid="items-table">
            <Table.Thead>
              <Table.Tr><Table.Th>Item</Table.Th><Table.Th w={260}>Available in Partner Center</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.id} data-testid="item-row" data-name={i.name}>
                  <Table.Td fw={500}>{i.name}</Table.Td>
                  <Table.Td>
                    {edit ? (
                      <Switch checked={i.available_in_partner_center} onChange={(e) => flag(i, e.currentTarget.checked)}
                        label={i.available_in_partner_center ? "Offered" : "Internal only"} data-testid="item-flag" />
                    ) : (
                      <Badge color={i.available_in_partner_center ? "teal" : "gray"}>{i.available_in_partner_center ? "Offered" : "Internal only"}</Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
              {items.length === 0 && (
                <Table.Tr><Table.Td colSpan={2}><Empty>No items yet.</Empty></Table.Td></Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Card>
      {can(session, "items.create") && (
        <Card withBorder>
          <form onSubmit={create} noValidate>
            <Group align="end">
              <TextInput label="New item" placeholder="Edge Router X200" value={name} onChange={(e) => setName(e.currentTarget.value)}
                error={fieldError(error, "name")} w={320} data-testid="item-name" />
              <Switch label="Available in Partner Center" checked={available} onChange={(e) => setAvailable(e.currentTarget.checked)} mb={8} />
              <Button type="submit" data-testid="item-add">Add item</Button>
            </Group>
          </form>
        </Card>
      )}
    </Stack>
  );
}
