// "My access": the roles held, whose records they see, and each permission with why.
import { Accordion, Badge, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { QueryView } from "../lib/states";
import { portal, type PortalMyAccess, type PortalSession } from "./ipc";
import { portalKeys } from "./keys";

export function MyAccessPage({ session }: { session: PortalSession }) {
  const query = useQuery({ queryKey: portalKeys.access, queryFn: portal.myAccess });
  return <QueryView query={query} what="Your access">{(access) => <Access session={session} access={access} />}</QueryView>;
}

function Access({ session, access }: { session: PortalSession; access: PortalMyAccess }) {
  return (
    <Stack gap="md" data-testid="portal-access">
      <Title order={2} size="h3">My access</Title>
      <Table withTableBorder maw={640}>
        <Table.Tbody>
          {access.roles.map((r) => (
            <Table.Tr key={r.kind}><Table.Td c="dimmed" w={180}>{r.kind}</Table.Td><Table.Td>{r.name}</Table.Td></Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm"><b>Records:</b> {access.scope}</Text>
      <Title order={3} size="h5">What {session.user_name} may do, and why</Title>
      <Accordion variant="separated" maw={760}>
        {access.permissions.map((p) => (
          <Accordion.Item key={p.label} value={p.label}>
            <Accordion.Control>
              <Group gap="xs"><Badge size="xs" color="teal">yes</Badge><Text size="sm">{p.label}</Text></Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Text size="sm">{p.why.summary}</Text>
              <List size="sm" mt={4}>{p.why.chain.map((c) => <List.Item key={c}>{c}</List.Item>)}</List>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}
