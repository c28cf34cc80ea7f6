// ITEM-1: the products and services available in Partner Center.
import { Stack, Table, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { portal } from "./ipc";

export function ItemsPage() {
  const [items, setItems] = useState<string[] | null>(null);
  useEffect(() => {
    portal.items().then(setItems, () => undefined);
  }, []);
  return (
    <Stack gap="sm" data-testid="portal-items">
      <Title order={3}>Products & services</Title>
      {items && items.length === 0 && <Text c="dimmed">Nothing is available to you yet.</Text>}
      <Table striped>
        <Table.Tbody>
          {items?.map((name) => <Table.Tr key={name}><Table.Td>{name}</Table.Td></Table.Tr>)}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
