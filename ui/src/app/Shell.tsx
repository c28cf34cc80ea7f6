import { AppShell, Badge, Box, Group, NavLink, ScrollArea, Stack, Text } from "@mantine/core";
import { IconBuildingStore, IconCloud, IconGitPullRequestDraft, IconHistory, IconHome, IconLockCog, IconMail, IconShieldLock, IconPackage, IconShare, IconSitemap, IconUsers } from "@tabler/icons-react";
import { DraftBanner } from "../features/drafts/DraftBanner";
import { DraftsPage } from "../features/drafts/DraftsPage";
import { SyncIndicator } from "../features/sync/SyncIndicator";
import { OpenPreviews } from "../features/preview/OpenPreviews";
import { SyncPage } from "../features/sync/SyncPage";
import { HierarchyPage } from "../features/hierarchy/HierarchyPage";
import { ItemsPage } from "../features/items/ItemsPage";
import { SharingRulesPage } from "../features/sharing/SharingRulesPage";
import { PartnersPage } from "../features/partners/PartnersPage";
import { SecurityPage } from "../features/settings/SecurityPage";
import { AuditPage } from "../features/audit/AuditPage";
import { OutboxPage } from "../features/mail/OutboxPage";
import { UserMenu } from "./UserMenu";
import { useHotkeys } from "@mantine/hooks";
import { lazy, Suspense, useState } from "react";
import { SCREENS, type Focus, type Nav, type Screen } from "./screens";
import { ShortcutsHelp } from "./ShortcutsHelp";
import { useSyncInvalidation, useSyncStatus } from "../features/sync/useSyncStatus";
import type { SessionInfo } from "../ipc";
import { can } from "../lib/permissions";
import { UsersPage } from "../features/members/UsersPage";
import { PermissionsPage } from "../features/roles/PermissionsPage";
import { HomePage } from "./HomePage";
import { Logo } from "./Logo";

/** Loaded on first Ctrl+K: the first screen does not pay for it. */
const CommandPalette = lazy(() => import("./CommandPalette"));

interface Props {
  session: SessionInfo;
  onSession: (s: SessionInfo) => void;
}

export function Shell({ session, onSession }: Props) {
  const showUsers = can(session, "members.read");
  const showPermissions = can(session, "roles.read");
  const showAudit = can(session, "audit_log.read");
  const showOutbox = can(session, "partner_users.read");
  const showSecurity = can(session, "settings.read");
  const showPartners = can(session, "partners.read");
  const showHierarchy = can(session, "roles.read");
  const showItems = can(session, "items.read");
  const showSharing = can(session, "partners.read");
  const showDrafts = can(session, "roles.read");
  const [nav, setNav] = useState<Nav>({ screen: showUsers ? "users" : "home", n: 0 });
  const screen = nav.screen;
  const focus = nav.focus;
  const setScreen = (next: Screen, f?: Focus) => setNav((old) => ({ screen: next, focus: f, n: old.n + 1 }));
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  useHotkeys([
    // "/" focuses the list's search; "?" lists the shortcuts. Neither fires while typing.
    ["/", () => document.querySelector<HTMLInputElement>("main [data-page-search]")?.focus()],
    ["shift+?", () => setHelp(true)],
    ["?", () => setHelp(true)],
  ]);
  // mod+K works in inputs too (it is never typed text).
  useHotkeys([["mod+K", () => setPalette(true)]], []);
  const me = session.me;
  const [sync] = useSyncStatus();
  // Others' changes arrived: what they can alter is re-read in place (a dialog keeps what
  // is typed in it). Rust checks every permission anyway; the session here only decides
  // what the window offers.
  useSyncInvalidation(sync);

  return (
    <AppShell header={{ height: session.draft ? 90 : 52 }} navbar={{ width: 232, breakpoint: 0 }} padding={0}>
      <AppShell.Header>
        <Group h={52} px="md" justify="space-between">
          <Group gap="sm">
            <Logo />
            <Text fw={600}>Trellis</Text>
            <Text c="dimmed" size="sm">
              {session.workspace?.name}
            </Text>
          </Group>
          <Group gap="md">
          <OpenPreviews session={session} />
          <SyncIndicator status={sync} onOpen={() => setScreen("sync")} />
          <UserMenu session={session} onSession={onSession}>
            <Group gap="xs" data-testid="signed-in">
              <Box ta="right">
                <Text size="sm" fw={500} lh={1.2}>
                  {me?.name}
                </Text>
                <Text size="xs" c="dimmed" lh={1.2}>
                  {me?.email}
                </Text>
              </Box>
              <Badge>{me?.role_name ?? "No role"}</Badge>
            </Group>
          </UserMenu>
          </Group>
        </Group>
        <DraftBanner session={session} onSession={onSession} onReview={() => setScreen("drafts")} />
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <ScrollArea>
          <Stack gap={2} component="nav" aria-label="Main">
            <NavLink label="Overview" leftSection={<IconHome size={18} />} active={screen === "home"}
              onClick={() => setScreen("home")} />
            {showPartners && (
              <NavLink label="Partners" leftSection={<IconBuildingStore size={18} />} active={screen === "partners"}
                onClick={() => setScreen("partners")} data-testid="nav-partners" />
            )}
            {showHierarchy && (
              <NavLink label="Role hierarchy" leftSection={<IconSitemap size={18} />} active={screen === "hierarchy"}
                onClick={() => setScreen("hierarchy")} data-testid="nav-hierarchy" />
            )}
            {showItems && (
              <NavLink label="Items" leftSection={<IconPackage size={18} />} active={screen === "items"}
                onClick={() => setScreen("items")} data-testid="nav-items" />
            )}
            {showSharing && (
              <NavLink label="Sharing rules" leftSection={<IconShare size={18} />} active={screen === "sharing"}
                onClick={() => setScreen("sharing")} data-testid="nav-sharing" />
            )}
            {(showUsers || showPermissions || showAudit || showSecurity) && (
              <Text c="dimmed" px="sm" pt="md" pb={4} tt="uppercase" fz="xs" fw={700}>
                Admin
              </Text>
            )}
            {showUsers && (
              <NavLink label="Users" leftSection={<IconUsers size={18} />} active={screen === "users"}
                onClick={() => setScreen("users")} data-testid="nav-users" />
            )}
            {showPermissions && (
              <NavLink label="Permissions" leftSection={<IconShieldLock size={18} />} active={screen === "permissions"}
                onClick={() => setScreen("permissions")} data-testid="nav-permissions" />
            )}
            {showDrafts && (
              <NavLink label="Drafts" leftSection={<IconGitPullRequestDraft size={18} />} active={screen === "drafts"}
                onClick={() => setScreen("drafts")} data-testid="nav-drafts"
                rightSection={session.draft ? <Badge size="xs" color="orange">open</Badge> : undefined} />
            )}
            {showAudit && (
              <NavLink label="Audit log" leftSection={<IconHistory size={18} />} active={screen === "audit"}
                onClick={() => setScreen("audit")} data-testid="nav-audit" />
            )}
            {showOutbox && (
              <NavLink label="Outbox" leftSection={<IconMail size={18} />} active={screen === "outbox"}
                onClick={() => setScreen("outbox")} data-testid="nav-outbox" />
            )}
            {showSecurity && (
              <NavLink label="Settings" leftSection={<IconLockCog size={18} />} active={screen === "security"}
                onClick={() => setScreen("security")} data-testid="nav-security" />
            )}
            <NavLink label="Sync" leftSection={<IconCloud size={18} />} active={screen === "sync"}
              onClick={() => setScreen("sync")} data-testid="nav-sync" />
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main h="100dvh" key={`${session.draft?.id ?? "live"}:${nav.n}`}>
        <h1 className="sr-only">{SCREENS.find((s) => s.id === screen)?.label ?? "Trellis"} — {session.workspace?.name}</h1>
        {screen === "users" && showUsers && <UsersPage session={session} initialSearch={focus?.kind === "search" ? focus.text : undefined} />}
        {screen === "permissions" && showPermissions && <PermissionsPage session={session} initialRole={focus?.kind === "role" ? focus.id : undefined} />}
        {screen === "drafts" && showDrafts && (
          <DraftsPage session={session} onSession={onSession} />
        )}
        {screen === "audit" && showAudit && <AuditPage session={session} />}
        {screen === "outbox" && showOutbox && <OutboxPage session={session} />}
        {screen === "security" && showSecurity && <SecurityPage session={session} onSession={onSession} />}
        {screen === "partners" && showPartners && <PartnersPage session={session} initialAccount={focus?.kind === "account" ? focus.row : undefined} />}
        {screen === "hierarchy" && showHierarchy && <HierarchyPage session={session} />}
        {screen === "items" && showItems && <ItemsPage session={session} />}
        {screen === "sharing" && showSharing && <SharingRulesPage session={session} />}
        {screen === "home" && <HomePage session={session} />}
        {screen === "sync" && <SyncPage />}
      </AppShell.Main>
      {palette && (
        <Suspense fallback={null}>
          <CommandPalette session={session} onGo={(to, f) => setScreen(to, f)} onClose={() => setPalette(false)} />
        </Suspense>
      )}
      <ShortcutsHelp opened={help} onClose={() => setHelp(false)} />
    </AppShell>
  );
}
