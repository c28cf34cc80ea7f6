// The portal as the partner user sees it: only the pages their roles allow — what they may
// not see is absent, not greyed out (PREV-1). In the manager's preview window a banner that
// never goes away sits on top (PREV-2); on the portal server, the signed-in user's menu,
// behind sign-in and, when required, a password change (PORT-1, PORT-3).
import { AppShell, Button, Center, Loader, NavLink, Stack, Text, Title } from "@mantine/core";
import { IconBox, IconHome, IconKey, IconList, IconUsers } from "@tabler/icons-react";
import { useCallback, useEffect, useState } from "react";
import type { RecordKind } from "../gen/RecordKind";
import { ENDED_EVENT, inBrowser, MUST_CHANGE_EVENT, portal, type PortalSession, type PortalWhoami } from "./ipc";
import { Banner } from "./Banner";
import { HomePage } from "./HomePage";
import { RecordsPage } from "./RecordsPage";
import { ItemsPage } from "./ItemsPage";
import { UsersPage } from "./UsersPage";
import { MyAccessPage } from "./MyAccessPage";
import { SignInPage } from "./SignInPage";
import { ChangePasswordPage } from "./ChangePasswordPage";
import { UserHeader } from "./UserHeader";
import { AcceptPage, linkCode } from "./AcceptPage";

export type Page = { kind: "home" } | { kind: "records"; record: RecordKind } | { kind: "items" } | { kind: "users" } | { kind: "access" };

export function PortalApp() {
  return inBrowser ? <ServedPortal /> : <PreviewPortal />;
}

function useEnded(onEnded: (why: string) => void) {
  useEffect(() => {
    const listener = (e: Event) => onEnded((e as CustomEvent<string>).detail);
    window.addEventListener(ENDED_EVENT, listener);
    return () => window.removeEventListener(ENDED_EVENT, listener);
  }, [onEnded]);
}

function PreviewPortal() {
  const [session, setSession] = useState<PortalSession | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const load = useCallback(() => portal.session().then(setSession, (e: Error) => setEnded(e.message)), []);
  useEffect(() => void load(), [load]);
  useEnded(setEnded);
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
  return <PortalShell session={session} header={<Banner session={session} onEnded={setEnded} />} />;
}

type Gate =
  | { kind: "boot" }
  | { kind: "accept"; code: string }
  | { kind: "signin"; notice?: string }
  | { kind: "change"; who: PortalWhoami; required: boolean }
  | { kind: "removed"; message: string }
  | { kind: "in"; session: PortalSession };

/** PORT-6: the server says so in these words when a manager removed the user's access. */
const REMOVED = "access to the partner portal was removed";

function ServedPortal() {
  const [gate, setGate] = useState<Gate>(() => {
    const code = window.location.pathname === "/accept" ? linkCode() : null;
    return code ? { kind: "accept", code } : { kind: "boot" };
  });
  const enter = useCallback(async (who: PortalWhoami) => {
    if (who.must_change) return setGate({ kind: "change", who, required: true });
    try {
      setGate({ kind: "in", session: await portal.session() });
    } catch (e) {
      setGate({ kind: "signin", notice: (e as Error).message });
    }
  }, []);
  useEffect(() => {
    if (gate.kind === "boot") portal.whoami().then(enter, () => setGate({ kind: "signin" }));
  }, [gate.kind, enter]);
  const onEnded = useCallback((why: string) => {
    setGate(why.includes(REMOVED) ? { kind: "removed", message: why } : { kind: "signin", notice: why });
  }, []);
  useEnded(onEnded);
  useEffect(() => {
    const mustChange = () => portal.whoami().then(enter, () => setGate({ kind: "signin" }));
    window.addEventListener(MUST_CHANGE_EVENT, mustChange);
    return () => window.removeEventListener(MUST_CHANGE_EVENT, mustChange);
  }, [enter]);
  const signOut = () => portal.signOut().finally(() => setGate({ kind: "signin", notice: "You signed out." }));
  switch (gate.kind) {
    case "boot":
      return <Center h="100vh"><Loader /></Center>;
    case "accept":
      return <AcceptPage code={gate.code} onAccepted={(who) => void enter(who)} onSignIn={() => setGate({ kind: "signin" })} />;
    case "signin":
      return <SignInPage notice={gate.notice} onSignedIn={(who) => void enter(who)} />;
    case "removed":
      return (
        <Center h="100vh">
          <Stack align="center" gap="xs" data-testid="portal-access-removed">
            <Title order={3}>Your access was removed</Title>
            <Text c="dimmed" maw={460} ta="center">{gate.message}</Text>
            <Button variant="default" mt="sm" onClick={() => setGate({ kind: "signin" })}>Back to sign in</Button>
          </Stack>
        </Center>
      );
    case "change":
      return (
        <ChangePasswordPage who={gate.who} required={gate.required} onChanged={(who) => void enter(who)} onSignOut={signOut}
          onCancel={() => void portal.whoami().then(enter, () => setGate({ kind: "signin" }))} />
      );
    case "in": {
      const session = gate.session;
      const toChange = () =>
        setGate({
          kind: "change",
          required: false,
          who: { user_name: session.user_name, user_email: session.user_email, account: session.account, must_change: false },
        });
      const everywhere = () =>
        portal.signOutEverywhere().finally(() => setGate({ kind: "signin", notice: "You signed out everywhere." }));
      return (
        <PortalShell session={session}
          header={<UserHeader session={session} onChangePassword={toChange} onSignOut={signOut} onSignOutEverywhere={everywhere} />} />
      );
    }
  }
}

function PortalShell({ session, header }: { session: PortalSession; header: React.ReactNode }) {
  const [page, setPage] = useState<Page>({ kind: "home" });
  const nav = (target: Page, label: string, icon: React.ReactNode, testid: string) => (
    <NavLink key={testid} label={label} leftSection={icon} data-testid={testid}
      active={JSON.stringify(page) === JSON.stringify(target)} onClick={() => setPage(target)} />
  );
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <AppShell.Header>{header}</AppShell.Header>
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
