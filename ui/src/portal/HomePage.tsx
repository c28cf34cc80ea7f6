// Home: the partner user's own numbers — what they see, own and may change — and the
// dashboards published to their portal role (RPT-3).
import { Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { portal, type PortalSession } from "./ipc";
import { portalKeys } from "./keys";
import type { Page } from "./PortalApp";
import { DashboardTiles } from "./DashboardTiles";

export function HomePage({ session, onOpen }: { session: PortalSession; onOpen: (p: Page) => void }) {
  const home = useQuery({ queryKey: portalKeys.home, queryFn: portal.home }).data;
  return (
    <Stack gap="md" data-testid="portal-home">
      <div>
        <Title order={2} size="h3">Welcome, {session.user_name}</Title>
        <Text size="sm" c="dimmed">{session.account} — your partnership at a glance.</Text>
      </div>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {home?.counts.map((c) => (
          <Card key={c.kind} withBorder style={{ cursor: "pointer" }} onClick={() => onOpen({ kind: "records", record: c.kind })}
            data-testid={`portal-count-${c.kind}`}>
            <Text size="xs" c="dimmed" tt="uppercase">{c.label}</Text>
            <Text fz={28} fw={700}>{c.visible}</Text>
            <Text size="xs" c="dimmed">{c.own} yours · {c.writable} you may edit</Text>
          </Card>
        ))}
        {session.items && (
          <Card withBorder style={{ cursor: "pointer" }} onClick={() => onOpen({ kind: "items" })}>
            <Text size="xs" c="dimmed" tt="uppercase">Products & services</Text>
            <Text fz={28} fw={700}>{home?.items ?? "…"}</Text>
          </Card>
        )}
        {home?.colleagues != null && (
          <Card withBorder style={{ cursor: "pointer" }} onClick={() => onOpen({ kind: "users" })}>
            <Text size="xs" c="dimmed" tt="uppercase">Users you manage</Text>
            <Text fz={28} fw={700}>{home.colleagues}</Text>
          </Card>
        )}
      </SimpleGrid>
      {home && <DashboardTiles dashboards={home.dashboards} readOnly={session.read_only} />}
      {home && home.counts.length === 0 && (
        <Group><Text c="dimmed" size="sm">Your portal roles show no records.</Text></Group>
      )}
    </Stack>
  );
}
