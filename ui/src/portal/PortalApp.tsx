// The portal as the partner user sees it: a banner that never goes away (PREV-2), and only
// the pages their roles allow — what they may not see is absent, not greyed out (PREV-1).
import { AppShell, Button, Center, Loader, NavLink, Stack, Text, Title } from "@mantine/core";
import { IconBox, IconHome, IconKey, IconList, IconUsers } from "@tabler/icons-react";
import { useCallback, useEffect, useState } from "react";
import type { RecordKind } from "../gen/RecordKind";
import { ENDED_EVENT, portal, type PortalSession } from "./ipc";
import { Banner } from "./Banner";
import { HomePage } from "./HomePage";
import { RecordsPage } from "./RecordsPage";
import { ItemsPage } from "./ItemsPage";
import { UsersPage } from "./UsersPage";
import { MyAccessPage } from "./MyAccessPage";

export type Page = { kind: "home" } | { kind: "records"; record: RecordKind } | { kind: "items" } | { kind: "users" } | { kind: "access" };

export function PortalApp() {
  const [session, setSession] = useState<PortalSession | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const [page, setPage] = useState<Page>({ kind: "home" });
  const load = useCallback(() => portal.session().then(setSession, (e: Error) => setEnded(e.message)), []);
  useEffect(() => {
    void load();
    const onEnded = (e: Event) => setEnded((e as CustomEvent<string>).detail);
    window.addEventListener(ENDED_EVENT, onEnded);
    return () => window.removeEventListener(ENDED_EVENT, onEnded);
  }, [load]);
  if (ended)
    return (
      <Center h="100vh">
        <Stack align="center" gap="xs" data-testid="portal-ended">
          <Title order={3}>The preview has ended</Title>
          <Text c="dimmed" maw={460} ta="center">{ended}</Text>
          {/* A locked Trellis only pauses the preview: after unlocking, it goes on. */}
          <Button variant="default" mt="sm" onClick={() => { setEnded(null); void load(); }} data-testid="portal-retry">
            Try again
          </Button>
        </Stack>
      </Center>
    );
  if (!session) return <Center h="100vh"><Loader /></Center>;
  const nav = (target: Page, label: string, icon: React.ReactNode, testid: string) => (
    <NavLink key={testid} label={label} leftSection={icon} data-testid={testid}
      active={JSON.stringify(page) === JSON.stringify(target)} onClick={() => setPage(target)} />
  );
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Banner session={session} onEnded={setEnded} />
      </AppShell.Header>
      <AppShell.Navbar p="xs" data-testid="portal-nav">
        <Text size="xs" c="dimmed" px="sm" py={6}>{session.account} · Partner portal</Text>
        {nav({ kind: "home" }, "Home", <IconHome size={16} />, "portal-nav-home")}
        {session.kinds.map((k) => nav({ kind: "records", record: k.kind }, k.label, <IconList size={16} />, `portal-nav-${k.kind}`))}
        {session.items && nav({ kind: "items" }, "Products & services", <IconBox size={16} />, "portal-nav-items")}
        {session.users && nav({ kind: "users" }, "Users", <IconUsers size={16} />, "portal-nav-users")}
        {nav({ kind: "access" }, "My access", <IconKey size={16} />, "portal-nav-access")}
      </AppShell.Navbar>
      <AppShell.Main>
        {page.kind === "home" && <HomePage session={session} onOpen={setPage} />}
        {page.kind === "records" && <RecordsPage key={page.record} session={session} kind={page.record} />}
        {page.kind === "items" && <ItemsPage />}
        {page.kind === "users" && <UsersPage session={session} />}
        {page.kind === "access" && <MyAccessPage session={session} />}
      </AppShell.Main>
    </AppShell>
  );
}
