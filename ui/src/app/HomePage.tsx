// What the signed-in member may do, explained from the permission catalogue.
import { Badge, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import type { SessionInfo } from "../ipc";
import { useCatalog } from "../lib/queries";

export function HomePage({ session }: { session: SessionInfo }) {
  const catalog = useCatalog().data;
  const perms = new Set(session.me?.permissions ?? []);
  return (
    <Stack p="lg" gap="md" maw={980}>
      <div>
        <Title order={2}>{session.workspace?.name}</Title>
        <Text c="dimmed" size="sm">
          {session.workspace?.member_count.toLocaleString()} members · you are signed in as {session.me?.name} ({session.me?.role_name ?? "no role"})
        </Text>
      </div>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          What your role allows
        </Title>
        {catalog && (
          <Table striped withRowBorders={false} fz="sm">
            <Table.Tbody>
              {catalog.resources.map((r) => {
                const actions = catalog.actions.filter((a) => perms.has(`${r.key}.${a.key}`));
                return (
                  <Table.Tr key={r.key}>
                    <Table.Td w={200} fw={500}>{r.label}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {actions.length === 0 ? <Text size="xs" c="dimmed">No access</Text> :
                          actions.map((a) => <Badge key={a.key} size="sm">{a.label}</Badge>)}
                      </Group>
                    </Table.Td>
                    <Table.Td c="dimmed">{r.description}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
