// The portal as the partner user sees it: only the pages their roles allow — what they may
// not see is absent, not greyed out (PREV-1). In the manager's preview window a banner that
// never goes away sits on top (PREV-2); on the portal server, the signed-in user's menu,
// behind sign-in and, when required, a password change (PORT-1, PORT-3).
import { AppShell, Button, Center, Loader, NavLink, Stack, Text, Title } from "@mantine/core";
import { IconBox, IconHome, IconKey, IconList, IconUsers } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { queryClient } from "../lib/queryClient";
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
import { portalKeys } from "./keys";

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
  const query = useQuery({ queryKey: portalKeys.session, queryFn: portal.session });
  const [endedHere, setEnded] = useState<string | null>(null);
  useEnded(setEnded);
  const ended = endedHere ?? (query.error ? query.error.message : null);
  if (ended)
    return (
      <Center h="100vh">
        <Stack align="center" gap="xs" data-testid="portal-ended">
          <Title order={2} size="h3">The preview has ended</Title>
          <Text c="dimmed" maw={460} ta="center">{ended}</Text>
          {/* A locked Trellis only pauses the preview: after unlocking, it goes on. */}
          <Button variant="default" mt="sm" onClick={() => { setEnded(null); void query.refetch(); }} data-testid="portal-retry">
            Try again
          </Button>
        </Stack>
      </Center>
    );
  if (!query.data) return <Center h="100vh"><Loader aria-label="Opening the portal" /></Center>;
  return <PortalShell session={query.data} header={<Banner session={query.data} onEnded={setEnded} />} />;
}

/** Where a partner's browser stands, besides "signed in" (which the queries below decide). */
type Gate =
  | { kind: "boot" }
  | { kind: "accept"; code: string }
  | { kind: "signin"; notice?: string }
  | { kind: "change"; who: PortalWhoami; required: boolean }
  | { kind: "removed"; message: string };

/** PORT-6: the server says so in these words when a manager removed the user's access. */
const REMOVED = "access to the partner portal was removed";

function ServedPortal() {
  const [gate, setGate] = useState<Gate>(() => {
    const code = window.location.pathname === "/accept" ? linkCode() : null;
    return code ? { kind: "accept", code } : { kind: "boot" };
  });
  // Who this browser's session cookie belongs to, then their portal: read, not effected.
  const booting = gate.kind === "boot";
  const who = useQuery({ queryKey: portalKeys.whoami, queryFn: portal.whoami, enabled: booting });
  const must = who.data?.must_change ?? true;
  const session = useQuery({ queryKey: portalKeys.session, queryFn: portal.session, enabled: booting && !must });
  /** Signed in (or accepted, or changed the password): the server said who; go in. */
  const enter = (me: PortalWhoami) => {
    queryClient.setQueryData(portalKeys.whoami, me);
    setGate(me.must_change ? { kind: "change", who: me, required: true } : { kind: "boot" });
  };
  const onEnded = useCallback((why: string) => {
    setGate(why.includes(REMOVED) ? { kind: "removed", message: why } : { kind: "signin", notice: why });
  }, []);
  useEnded(onEnded);
  useEffect(() => {
    // The server wants a new password first: ask again who this is (the answer says so).
    const mustChange = () => {
      queryClient.removeQueries({ queryKey: ["portal"] });
      setGate({ kind: "boot" });
    };
    window.addEventListener(MUST_CHANGE_EVENT, mustChange);
    return () => window.removeEventListener(MUST_CHANGE_EVENT, mustChange);
  }, []);
  const signOut = () => portal.signOut().finally(() => setGate({ kind: "signin", notice: "You signed out." }));
  const back = () => {
    queryClient.removeQueries({ queryKey: ["portal"] });
    setGate({ kind: "boot" });
  };
  switch (gate.kind) {
    case "boot": {
      if (who.error) return <SignInPage onSignedIn={enter} />;
      if (who.data?.must_change) {
        return <ChangePasswordPage who={who.data} required onChanged={enter} onSignOut={signOut} onCancel={back} />;
      }
      if (session.error) return <SignInPage notice={session.error.message} onSignedIn={enter} />;
      if (!session.data) return <Center h="100vh"><Loader aria-label="Signing in" /></Center>;
      const s = session.data;
      const toChange = () =>
        setGate({
          kind: "change",
          required: false,
          who: { user_name: s.user_name, user_email: s.user_email, account: s.account, must_change: false },
        });
      const everywhere = () =>
        portal.signOutEverywhere().finally(() => setGate({ kind: "signin", notice: "You signed out everywhere." }));
      return (
        <PortalShell session={s}
          header={<UserHeader session={s} onChangePassword={toChange} onSignOut={signOut} onSignOutEverywhere={everywhere} />} />
      );
    }
    case "accept":
      return <AcceptPage code={gate.code} onAccepted={enter} onSignIn={() => setGate({ kind: "signin" })} />;
    case "signin":
      return <SignInPage notice={gate.notice} onSignedIn={enter} />;
    case "removed":
      return (
        <Center h="100vh">
          <Stack align="center" gap="xs" data-testid="portal-access-removed">
            <Title order={2} size="h3">Your access was removed</Title>
            <Text c="dimmed" maw={460} ta="center">{gate.message}</Text>
            <Button variant="default" mt="sm" onClick={() => setGate({ kind: "signin" })}>Back to sign in</Button>
          </Stack>
        </Center>
      );
    case "change":
      return <ChangePasswordPage who={gate.who} required={gate.required} onChanged={enter} onSignOut={signOut} onCancel={back} />;
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
        <h1 className="sr-only">Partner portal — {session.account}</h1>
        {page.kind === "home" && <HomePage session={session} onOpen={setPage} />}
        {page.kind === "records" && <RecordsPage key={page.record} session={session} kind={page.record} />}
        {page.kind === "items" && <ItemsPage />}
        {page.kind === "users" && <UsersPage session={session} />}
        {page.kind === "access" && <MyAccessPage session={session} />}
      </AppShell.Main>
    </AppShell>
  );
}
