// The virtualised partners table: 20,000 accounts scroll smoothly because only the visible
// rows exist in the DOM, and pages of them load from Rust as they scroll in.
import { ActionIcon, Anchor, Badge, Box, Menu, Skeleton, Text } from "@mantine/core";
import { IconDots, IconId, IconPencil, IconPlayerPause, IconPlayerPlay, IconUsersGroup } from "@tabler/icons-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import type { PartnerPage, PartnerRow, SessionInfo } from "../../ipc";
import { usePagedRows, type PagedList } from "../../lib/usePages";
import { Empty } from "../../lib/states";
import { can } from "../../lib/permissions";
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
  actions: RowActions;
}

export function PartnersTable({ session, pages, actions }: Props) {
  const { total, loading } = pages;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const { rowAt } = usePagedRows(pages, items[0]?.index ?? 0, items[items.length - 1]?.index ?? 0);
  return (
    <Box style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }} px="lg" role="table"
      aria-label="Partner accounts" aria-rowcount={total} data-testid="partners-table">
      <div className="t-grid-head" style={{ gridTemplateColumns: COLUMNS, height: 36 }} role="row">
        <div className="t-cell" role="columnheader">Account</div>
        <div className="t-cell" role="columnheader">Type</div>
        <div className="t-cell" role="columnheader">Owner</div>
        <div className="t-cell" role="columnheader">Parent partner</div>
        <div className="t-cell" role="columnheader">Status</div>
        <div className="t-cell" role="columnheader"><span className="sr-only">Actions</span></div>
      </div>
      <div ref={scrollRef} style={{ flex: 1, overflow: "auto" }} data-testid="partners-scroll">
        {total === 0 && !loading && <Empty>No partner accounts match.</Empty>}
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((v) => {
            const row = rowAt(v.index);
            return (
              <div key={v.key} style={{ position: "absolute", top: 0, left: 0, right: 0, height: v.size, transform: `translateY(${v.start}px)` }}>
                {row ? <PartnerLine row={row} session={session} actions={actions} /> : <Box px="md" py={14}><Skeleton height={20} /></Box>}
              </div>
            );
          })}
        </div>
      </div>
    </Box>
  );
}

function PartnerLine({ row: r, session, actions }: { row: PartnerRow; session: SessionInfo; actions: RowActions }) {
  const manage = can(session, "partners.update") && can(session, "special.manage_partner_access");
  const people = can(session, "partner_users.read");
  return (
    <div className="t-grid-row" style={{ gridTemplateColumns: COLUMNS, height: ROW_HEIGHT }} role="row"
      data-testid="partner-row" data-name={r.name}>
      <div className="t-cell" role="cell">
        {people ? (
          <Anchor component="button" fw={500} size="sm" onClick={() => actions.show(r, "overview")} data-testid="partner-open">{r.name}</Anchor>
        ) : <Text size="sm" fw={500} span>{r.name}</Text>}
      </div>
      <div className="t-cell" role="cell"><Badge color={r.kind === "business" ? "blue" : "gray"}>{r.kind === "business" ? "Business" : "Person"}</Badge></div>
      <div className="t-cell" role="cell">
        <Text size="sm" span>{r.owner_name}</Text>{r.owner_removed && <Badge ml="xs" color="red" size="xs">removed</Badge>}
      </div>
      <div className="t-cell" role="cell"><Text size="sm" span c={r.parent_name ? undefined : "dimmed"}>{r.parent_name ?? "—"}</Text></div>
      <div className="t-cell" role="cell">
        <Badge color={r.enabled ? "teal" : "gray"} miw="max-content" data-testid="partner-status">{r.enabled ? "Enabled" : "Not enabled"}</Badge>
      </div>
      <div className="t-cell" role="cell">
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
      </div>
    </div>
  );
}
