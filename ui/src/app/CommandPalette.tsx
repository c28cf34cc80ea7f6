// Ctrl+K: jump to any screen, person, role or partner account by typing (issue 22). Loaded
// only when first opened, so the first screen does not pay for it. People and accounts are
// searched by Rust (100,000 members are never sent whole); roles are the cached list.
import { Badge, Group, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { Spotlight, createSpotlight } from "@mantine/spotlight";
import "@mantine/spotlight/styles.css";
import { IconBuildingStore, IconLayoutDashboard, IconSearch, IconShieldLock, IconUser } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { api, type SessionInfo } from "../ipc";
import { keys } from "../lib/keys";
import { can } from "../lib/permissions";
import { useRoles } from "../lib/queries";
import { visibleScreens, type Focus, type Screen } from "./screens";

const [store, palette] = createSpotlight();
const LIMIT = 6;

interface Props {
  session: SessionInfo;
  onGo: (screen: Screen, focus?: Focus) => void;
  onClose: () => void;
}

function Item({ id, icon, label, hint, onPick }: { id: string; icon: ReactNode; label: string; hint?: string; onPick: () => void }) {
  return (
    <Spotlight.Action onClick={onPick} data-testid="palette-item" data-id={id}>
      <Group wrap="nowrap" gap="sm" w="100%">
        {icon}
        <Text size="sm" style={{ flex: 1 }} truncate>{label}</Text>
        {hint && <Text size="xs" c="dimmed" truncate maw={260}>{hint}</Text>}
      </Group>
    </Spotlight.Action>
  );
}

/** Enter with nothing chosen opens the first result — also when results arrived from Rust
 * after the typing (Mantine selects the first only when the query changes). */
function enterOpensFirst(e: React.KeyboardEvent<HTMLInputElement>) {
  if (e.key !== "Enter" || e.nativeEvent.isComposing) return;
  const list = document.querySelector("[data-testid=command-palette]") ?? document;
  if (list.querySelector("[data-testid=palette-item][data-selected]")) return;
  const first = list.querySelector<HTMLElement>("[data-testid=palette-item]");
  if (first) {
    e.preventDefault();
    first.click();
  }
}

export default function CommandPalette({ session, onGo, onClose }: Props) {
  const [query, setQuery] = useState("");
  const [search] = useDebouncedValue(query.trim(), 120);
  useEffect(() => palette.open(), []);
  const enough = search.length >= 2;
  const people = useQuery({
    queryKey: [...keys.members({ tab: { kind: "all" }, search, removed: false }), "palette"],
    queryFn: () => api.memberList({ tab: { kind: "all" }, search, removed: false, offset: 0, limit: LIMIT }),
    enabled: enough && can(session, "members.read"),
  }).data?.rows ?? [];
  const accounts = useQuery({
    queryKey: [...keys.partners({ search, status: "all" }), "palette"],
    queryFn: () => api.partnerList({ search, status: "all", offset: 0, limit: LIMIT }),
    enabled: enough && can(session, "partners.read"),
  }).data?.rows ?? [];
  const roles = (useRoles({}).data ?? []).filter((r) => can(session, "roles.read") && r.name.toLowerCase().includes(search.toLowerCase()));
  const needle = query.trim().toLowerCase();
  const screens = visibleScreens(session).filter((s) => !needle || s.label.toLowerCase().includes(needle) || s.description.toLowerCase().includes(needle));
  const go = (screen: Screen, focus?: Focus) => {
    palette.close();
    onGo(screen, focus);
  };
  const nothing = screens.length + (enough ? people.length + accounts.length : 0) + (search ? roles.length : 0) === 0;
  return (
    <Spotlight.Root store={store} query={query} onQueryChange={setQuery} onSpotlightClose={onClose} scrollable maxHeight={440}
      shortcut={null} clearQueryOnClose={false} data-testid="command-palette">
      <Spotlight.Search placeholder="Jump to a screen, person, role or account…" leftSection={<IconSearch size={18} />}
        aria-label="Jump to" data-testid="palette-search" onKeyDown={enterOpensFirst} />
      <Spotlight.ActionsList aria-label="Results">
        {screens.length > 0 && (
          <Spotlight.ActionsGroup label="Screens">
            {screens.map((s) => (
              <Item key={s.id} id={`screen:${s.id}`} icon={<IconLayoutDashboard size={16} />} label={s.label} hint={s.description}
                onPick={() => go(s.id)} />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {enough && people.length > 0 && (
          <Spotlight.ActionsGroup label="People">
            {people.map((m) => (
              <Item key={m.id} id={`member:${m.id}`} icon={<IconUser size={16} />} label={m.name || m.email} hint={`${m.email} · ${m.role_name ?? "no role"}`}
                onPick={() => go("users", { kind: "search", text: m.email })} />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {search && roles.length > 0 && (
          <Spotlight.ActionsGroup label="Roles">
            {roles.slice(0, LIMIT).map((r) => (
              <Item key={r.id} id={`role:${r.id}`} icon={<IconShieldLock size={16} />} label={r.name}
                hint={`${r.audience === "partner" ? "Partner" : "Internal"} · held by ${r.member_count}`}
                onPick={() => go("permissions", { kind: "role", id: r.id })} />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {enough && accounts.length > 0 && (
          <Spotlight.ActionsGroup label="Partner accounts">
            {accounts.map((a) => (
              <Item key={a.id} id={`account:${a.id}`} icon={<IconBuildingStore size={16} />} label={a.name} hint={a.owner_name}
                onPick={() => go("partners", { kind: "account", row: a })} />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {nothing && <Spotlight.Empty>Nothing matches “{query}”.</Spotlight.Empty>}
      </Spotlight.ActionsList>
      <Group px="md" py={6} gap="xs" style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}>
        <Badge variant="default" size="xs">↑↓</Badge><Text size="xs" c="dimmed">choose</Text>
        <Badge variant="default" size="xs">Enter</Badge><Text size="xs" c="dimmed">open</Text>
        <Badge variant="default" size="xs">Esc</Badge><Text size="xs" c="dimmed">close</Text>
      </Group>
    </Spotlight.Root>
  );
}
