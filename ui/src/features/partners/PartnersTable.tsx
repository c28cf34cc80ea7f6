// The partners table (PA-1): 20,000 accounts filtered, sorted and paged in Rust, drawn by
// the shared server table (lib/table) — only the rows in view exist in the DOM.
import { ActionIcon, Anchor, Badge, Box, Menu, Text } from "@mantine/core";
import { IconDots, IconId, IconPencil, IconPlayerPause, IconPlayerPlay, IconUsersGroup } from "@tabler/icons-react";
import { useMemo } from "react";
import type { PartnerPage, PartnerRow, SessionInfo } from "../../ipc";
import type { PartnerSort } from "../../gen/PartnerSort";
import type { PagedList } from "../../lib/usePages";
import { Empty } from "../../lib/states";
import { can } from "../../lib/permissions";
import { ServerTable, columnsOf, type Column } from "../../lib/table/ServerTable";
import type { RecordTab } from "./record/AccountRecord";

const COLUMNS = "minmax(220px, 2fr) 110px minmax(160px, 1fr) minmax(140px, 1fr) 150px 52px";
const ROW_HEIGHT = 50;

export interface RowActions {
  show: (r: PartnerRow, tab: RecordTab) => void;
  enable: (r: PartnerRow) => void;
  disable: (r: PartnerRow) => void;
  rename: (r: PartnerRow) => void;
}

interface Props {
  session: SessionInfo;
  pages: PagedList<PartnerPage>;
  sort: PartnerSort;
  onSort: (s: PartnerSort) => void;
  actions: RowActions;
}

export function PartnersTable({ session, pages, sort, onSort, actions }: Props) {
  const columns = useMemo(() => {
    const col = columnsOf<PartnerRow>();
    const manage = can(session, "partners.update") && can(session, "special.manage_partner_access");
    const people = can(session, "partner_users.read");
    return [
      col.accessor((r) => r.name, {
        id: "name",
        header: "Account",
        cell: ({ row: { original: r } }) => (people ? (
          <Anchor component="button" fw={500} size="sm" onClick={() => actions.show(r, "overview")} data-testid="partner-open">{r.name}</Anchor>
        ) : <Text size="sm" fw={500} span>{r.name}</Text>),
      }),
      col.accessor((r) => r.kind, {
        id: "kind",
        header: "Type",
        cell: ({ row: { original: r } }) => <Badge color={r.kind === "business" ? "blue" : "gray"}>{r.kind === "business" ? "Business" : "Person"}</Badge>,
      }),
      col.accessor((r) => r.owner_name, {
        id: "owner",
        header: "Owner",
        cell: ({ row: { original: r } }) => (
          <><Text size="sm" span>{r.owner_name}</Text>{r.owner_removed && <Badge ml="xs" color="red" size="xs">removed</Badge>}</>
        ),
      }),
      col.accessor((r) => r.parent_name, {
        id: "parent",
        header: "Parent partner",
        cell: ({ row: { original: r } }) => <Text size="sm" span c={r.parent_name ? undefined : "dimmed"}>{r.parent_name ?? "—"}</Text>,
      }),
      col.accessor((r) => r.enabled, {
        id: "status",
        header: "Status",
        cell: ({ row: { original: r } }) => (
          <Badge color={r.enabled ? "teal" : "gray"} miw="max-content" data-testid="partner-status">{r.enabled ? "Enabled" : "Not enabled"}</Badge>
        ),
      }),
      col.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        cell: ({ row: { original: r } }) => <PartnerMenu row={r} session={session} actions={actions} manage={manage} people={people} />,
      }),
    ] as Column<PartnerRow>[];
  }, [session, actions]);
  return (
    <Box px="lg" style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }}>
      <ServerTable label="Partner accounts" testId="partners-table" columns={columns} template={COLUMNS} rowHeight={ROW_HEIGHT}
        pages={pages} sort={sort} onSort={(s) => onSort(s as PartnerSort)} scrollTestId="partners-scroll"
        rowProps={(r) => ({ "data-testid": "partner-row", "data-name": r.name })}
        empty={<Empty>No partner accounts match.</Empty>} />
    </Box>
  );
}

/** An account's actions: open it, its people, enable or disable, rename. */
function PartnerMenu({ row: r, session, actions, manage, people }: {
  row: PartnerRow;
  session: SessionInfo;
  actions: RowActions;
  manage: boolean;
  people: boolean;
}) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${r.name}`}><IconDots size={18} /></ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {people && (
          <>
            <Menu.Item leftSection={<IconId size={16} />} onClick={() => actions.show(r, "overview")}>Open account…</Menu.Item>
            <Menu.Item leftSection={<IconUsersGroup size={16} />} onClick={() => actions.show(r, "people")}>Contacts & users…</Menu.Item>
          </>
        )}
        {manage && !r.enabled && <Menu.Item leftSection={<IconPlayerPlay size={16} />} onClick={() => actions.enable(r)}>Enable as partner</Menu.Item>}
        {manage && r.enabled && <Menu.Item color="red.9" leftSection={<IconPlayerPause size={16} />} onClick={() => actions.disable(r)}>Disable</Menu.Item>}
        {can(session, "partners.update") && <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => actions.rename(r)}>Rename…</Menu.Item>}
      </Menu.Dropdown>
    </Menu>
  );
}
