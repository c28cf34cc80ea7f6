// ITEM-1: the products and services available in Partner Center.
import { Stack, Table, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Empty, LoadError } from "../lib/states";
import { portal } from "./ipc";
import { portalKeys } from "./keys";

export function ItemsPage() {
  const query = useQuery({ queryKey: portalKeys.items, queryFn: portal.items });
  const items = query.data;
  return (
    <Stack gap="sm" data-testid="portal-items">
      <Title order={2} size="h3">Products & services</Title>
      {query.error && <LoadError error={query.error} what="Products & services" retry={() => void query.refetch()} />}
      {items && items.length === 0 && <Empty>Nothing is available to you yet.</Empty>}
      <Table striped>
        <Table.Tbody>
          {items?.map((name) => <Table.Tr key={name}><Table.Td>{name}</Table.Td></Table.Tr>)}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
