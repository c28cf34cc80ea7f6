import { AppShell, Badge, Box, Group, NavLink, ScrollArea, Stack, Text } from "@mantine/core";
import { IconBuildingStore, IconChartLine, IconCloud, IconGitPullRequestDraft, IconHistory, IconHome, IconLayoutDashboard, IconLockCog, IconMail, IconShieldLock, IconPackage, IconShare, IconSitemap, IconUsers, IconChecklist, IconUserShield } from "@tabler/icons-react";
import { DraftBanner } from "../features/drafts/DraftBanner";
import { SyncIndicator } from "../features/sync/SyncIndicator";
import { OpenPreviews } from "../features/preview/OpenPreviews";
import { UserMenu } from "./UserMenu";
import { useHotkeys } from "@mantine/hooks";
import { Fragment, lazy, Suspense, useState, type ReactNode } from "react";
import { SCREENS, visibleScreens, type Focus, type Nav, type Screen } from "./screens";
import { ShortcutsHelp } from "./ShortcutsHelp";
import { useSyncInvalidation, useSyncStatus } from "../features/sync/useSyncStatus";
import type { SessionInfo } from "../ipc";
import { UsersPage } from "../features/members/UsersPage";
import { HomePage } from "./HomePage";
import { Logo } from "./Logo";
import { Loading } from "../lib/states";

const ICONS: Record<Screen, ReactNode> = {
  home: <IconHome size={18} />,
  partners: <IconBuildingStore size={18} />,
  hierarchy: <IconSitemap size={18} />,
  items: <IconPackage size={18} />,
  sharing: <IconShare size={18} />,
  users: <IconUsers size={18} />,
  permissions: <IconShieldLock size={18} />,
  drafts: <IconGitPullRequestDraft size={18} />,
  access: <IconUserShield size={18} />,
  reviews: <IconChecklist size={18} />,
  audit: <IconHistory size={18} />,
  reports: <IconChartLine size={18} />,
  dashboards: <IconLayoutDashboard size={18} />,
  outbox: <IconMail size={18} />,
  security: <IconLockCog size={18} />,
  sync: <IconCloud size={18} />,
};

/** Loaded on first Ctrl+K: the first screen does not pay for it. */
const CommandPalette = lazy(() => import("./CommandPalette"));
// Every screen but the first (Users, or Home) loads on its first visit: the first screen
// does not pay for the others. Reports' chart library loads later still, with a chart.
const DashboardsPage = lazy(() => import("../features/dashboards/DashboardsPage").then((m) => ({ default: m.DashboardsPage })));
const ReportsPage = lazy(() => import("../features/reports/ReportsPage").then((m) => ({ default: m.ReportsPage })));
const ReviewsPage = lazy(() => import("../features/reviews/ReviewsPage").then((m) => ({ default: m.ReviewsPage })));
const DraftsPage = lazy(() => import("../features/drafts/DraftsPage").then((m) => ({ default: m.DraftsPage })));
const SyncPage = lazy(() => import("../features/sync/SyncPage").then((m) => ({ default: m.SyncPage })));
const HierarchyPage = lazy(() => import("../features/hierarchy/HierarchyPage").then((m) => ({ default: m.HierarchyPage })));
const ItemsPage = lazy(() => import("../features/items/ItemsPage").then((m) => ({ default: m.ItemsPage })));
const SharingRulesPage = lazy(() => import("../features/sharing/SharingRulesPage").then((m) => ({ default: m.SharingRulesPage })));
const PartnersPage = lazy(() => import("../features/partners/PartnersPage").then((m) => ({ default: m.PartnersPage })));
const SecurityPage = lazy(() => import("../features/settings/SecurityPage").then((m) => ({ default: m.SecurityPage })));
const AuditPage = lazy(() => import("../features/audit/AuditPage").then((m) => ({ default: m.AuditPage })));
const OutboxPage = lazy(() => import("../features/mail/OutboxPage").then((m) => ({ default: m.OutboxPage })));
const PermissionsPage = lazy(() => import("../features/roles/PermissionsPage").then((m) => ({ default: m.PermissionsPage })));
const AccessPage = lazy(() => import("../features/access/AccessPage").then((m) => ({ default: m.AccessPage })));

interface Props {
  session: SessionInfo;
  onSession: (s: SessionInfo) => void;
}

export function Shell({ session, onSession }: Props) {
  // One list of screens for the navigation, the palette and the help (screens.ts).
  const visible = visibleScreens(session);
  const shows = (id: Screen) => visible.some((s) => s.id === id);
  const [nav, setNav] = useState<Nav>({ screen: shows("users") ? "users" : "home", n: 0 });
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
        {/* When the screens outgrow a short window (a draft's banner takes room too), the
            list scrolls: its region is reachable by keyboard, as every scroll area is. */}
        <ScrollArea viewportProps={{ tabIndex: 0, "aria-label": "Screens" }}>
          <Stack gap={2} component="nav" aria-label="Main">
            {visible.map((s, i) => (
              <Fragment key={s.id}>
                {s.admin && !visible[i - 1]?.admin && (
                  <Text c="dimmed" px="sm" pt="md" pb={4} tt="uppercase" fz="xs" fw={700}>Admin</Text>
                )}
                <NavLink label={s.label} leftSection={ICONS[s.id]} active={screen === s.id} onClick={() => setScreen(s.id)}
                  data-testid={`nav-${s.id}`}
                  rightSection={s.id === "drafts" && session.draft ? <Badge size="xs" color="orange">open</Badge> : undefined} />
              </Fragment>
            ))}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main h="100dvh" key={`${session.draft?.id ?? "live"}:${nav.n}`}>
        <h1 className="sr-only">{SCREENS.find((s) => s.id === screen)?.label ?? "Trellis"} — {session.workspace?.name}</h1>
        <Suspense fallback={<Loading />}>
          {screen === "users" && shows("users") && <UsersPage session={session} initialSearch={focus?.kind === "search" ? focus.text : undefined} />}
          {screen === "permissions" && shows("permissions") && <PermissionsPage session={session} initialRole={focus?.kind === "role" ? focus.id : undefined} />}
          {screen === "drafts" && shows("drafts") && (
            <DraftsPage session={session} onSession={onSession} />
          )}
          {screen === "audit" && shows("audit") && <AuditPage session={session} />}
          {screen === "access" && shows("access") && <AccessPage session={session} />}
          {screen === "reviews" && shows("reviews") && <ReviewsPage session={session} />}
          {screen === "reports" && shows("reports") && <ReportsPage session={session} />}
          {screen === "dashboards" && shows("dashboards") && <DashboardsPage session={session} />}
          {screen === "outbox" && shows("outbox") && <OutboxPage session={session} />}
          {screen === "security" && shows("security") && <SecurityPage session={session} onSession={onSession} />}
          {screen === "partners" && shows("partners") && <PartnersPage session={session} initialAccount={focus?.kind === "account" ? focus.row : undefined} />}
          {screen === "hierarchy" && shows("hierarchy") && <HierarchyPage session={session} />}
          {screen === "items" && shows("items") && <ItemsPage session={session} />}
          {screen === "sharing" && shows("sharing") && <SharingRulesPage session={session} />}
          {screen === "home" && <HomePage session={session} />}
          {screen === "sync" && <SyncPage />}
        </Suspense>
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
