// Admin › Users (MEM-1..MEM-6): role tabs, search, the members table, invite, bulk actions.
import { Badge, Button, Group, Stack, Switch, Tabs, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch, IconUserPlus } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import type { SessionInfo } from "../../ipc";
import type { MemberSort } from "../../gen/MemberSort";
import type { MemberTab } from "../../gen/MemberTab";
import { can } from "../../lib/permissions";
import { useRoles } from "../../lib/queries";
import { BulkBar } from "./BulkBar";
import { InviteDrawer } from "./InviteDrawer";
import { MembersTable } from "./MembersTable";
import { useMemberPages } from "./useMemberPages";

function tabValue(tab: MemberTab): string {
  return tab.kind === "role" ? tab.role_id : tab.kind;
}

function tabFrom(value: string): MemberTab {
  if (value === "all") return { kind: "all" };
  if (value === "no_role") return { kind: "no_role" };
  return { kind: "role", role_id: value };
}

const COLUMN = { flex: 1, minHeight: 0, display: "flex", flexDirection: "column" } as const;

export function UsersPage({ session, initialSearch }: { session: SessionInfo; initialSearch?: string }) {
  const [tab, setTab] = useState<MemberTab>({ kind: "all" });
  const [searchText, setSearchText] = useState(initialSearch ?? "");
  const [search] = useDebouncedValue(searchText, 150);
  const [removed, setRemoved] = useState(false);
  // The selection belongs to one query: a new tab or search starts with none selected.
  const [selection, setSelection] = useState<{ of: string; ids: Set<string> }>({ of: "", ids: new Set() });
  const [inviteOpen, setInviteOpen] = useState(false);
  const roles = useRoles({ audience: "internal" }).data ?? [];

  const [sort, setSort] = useState<MemberSort>({ by: "name", descending: false });
  const query = useMemo(() => ({ tab, search, removed, sort }), [tab, search, removed, sort]);
  const pages = useMemberPages(query);
  // A new order shows the same members: what is selected stays selected.
  const queryId = JSON.stringify({ tab, search, removed });
  const selected = selection.of === queryId ? selection.ids : new Set<string>();
  const setSelected = (ids: Set<string>) => setSelection({ of: queryId, ids });
  /** After a change the rows re-read themselves (`ipc/invalidates.ts`); the selection ends. */
  const changed = () => setSelected(new Set());

  const canInvite = can(session, "members.create");

  return (
    <Stack h="100%" gap={0}>
      <Group justify="space-between" px="lg" pt="md" pb="xs">
        <div>
          <Title order={2} size="h3">Users</Title>
          <Text size="sm" c="dimmed">
            The internal team: who may use Trellis, and with which role.
          </Text>
        </div>
        {canInvite && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setInviteOpen(true)} data-testid="invite-open">
            Invite member
          </Button>
        )}
      </Group>
      {/* The list is the selected tab's panel (so every tab controls a real panel). */}
      <Tabs value={tabValue(tab)} onChange={(v) => v && setTab(tabFrom(v))} keepMounted={false} style={COLUMN}>
        <Tabs.List aria-label="Filter by role" mx="lg">
          {pages.tabs.map((t) => (
            <Tabs.Tab key={tabValue(t.tab)} value={tabValue(t.tab)} data-testid={`tab-${t.label}`}
              rightSection={<Badge size="xs" variant="light" color="gray">{t.count.toLocaleString()}</Badge>}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={tabValue(tab)} style={COLUMN}>
          <Group px="lg" py="sm" gap="md">
            <TextInput placeholder="Search by name or email" leftSection={<IconSearch size={16} />} w={320}
              value={searchText} onChange={(e) => setSearchText(e.currentTarget.value)} aria-label="Search members"
              data-testid="member-search" data-page-search />
            <Switch label="Show removed" checked={removed} onChange={(e) => setRemoved(e.currentTarget.checked)} />
            <Text size="sm" c="dimmed" ml="auto" aria-live="polite">
              {pages.loading ? "Loading…" : `${pages.total.toLocaleString()} ${pages.total === 1 ? "member" : "members"}`}
            </Text>
          </Group>
          <BulkBar session={session} selected={selected} roles={roles} onClear={() => setSelected(new Set())} onDone={changed} />
          <MembersTable session={session} pages={pages} roles={roles} selected={selected} setSelected={setSelected}
            sort={sort} onSort={setSort} onChanged={changed} />
        </Tabs.Panel>
      </Tabs>
      <InviteDrawer opened={inviteOpen} onClose={() => setInviteOpen(false)} roles={roles} />
    </Stack>
  );
}
