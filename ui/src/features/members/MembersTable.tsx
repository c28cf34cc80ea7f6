// The virtualised members table: only visible rows exist in the DOM; pages load as they scroll in.
import { ActionIcon, Avatar, Badge, Box, Checkbox, Group, Menu, Modal, Skeleton, Text } from "@mantine/core";
import { IconDatabase, IconDots, IconHelpCircle, IconKey, IconMailForward, IconMailOff, IconRefreshAlert, IconTrash, IconUserShield } from "@tabler/icons-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, useState } from "react";
import { InvitationCode } from "./InvitationCode";
import type { InvitationIssued } from "../../gen/InvitationIssued";
import { ResetPasswordDialog } from "./ResetPasswordDialog";
import { DbLoginDialog } from "./DbLoginDialog";
import { PermissionsWhyDialog } from "../drafts/PermissionsWhyDialog";
import { api, type MemberRow, type RoleRow, type SessionInfo } from "../../ipc";
import { confirm } from "../../lib/confirm";
import { formatDate, initials } from "../../lib/format";
import { notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import type { MemberPages } from "./useMemberPages";
import { usePagedRows } from "../../lib/usePages";
import { Empty } from "../../lib/states";

const COLUMNS = "44px minmax(240px, 2fr) minmax(140px, 1fr) 110px 130px 52px";
const ROW_HEIGHT = 52;

const STATUS_COLOR = { active: "teal", pending: "yellow", removed: "gray" } as const;

interface Props {
  session: SessionInfo;
  pages: MemberPages;
  roles: RoleRow[];
  selected: Set<string>;
  setSelected: (s: Set<string>) => void;
  onChanged: () => void;
}

export function MembersTable({ session, pages, roles, selected, setSelected, onChanged }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [issued, setIssued] = useState<InvitationIssued | null>(null);
  const [resetting, setResetting] = useState<MemberRow | null>(null);
  const [linking, setLinking] = useState<MemberRow | null>(null);
  const [whying, setWhying] = useState<MemberRow | null>(null);
  const virtualizer = useVirtualizer({
    count: pages.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const rows = usePagedRows(pages, items[0]?.index ?? 0, items[items.length - 1]?.index ?? 0);

  const loaded = rows.loadedRows().filter((r) => r.status !== "removed");
  const allLoadedSelected = loaded.length > 0 && loaded.every((r) => selected.has(r.id));
  const toggleAll = () => setSelected(allLoadedSelected ? new Set() : new Set(loaded.map((r) => r.id)));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  return (
    <Box style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }} role="table" aria-label="Members"
      aria-rowcount={pages.total}>
      <div className="t-grid-head" style={{ gridTemplateColumns: COLUMNS, height: 36 }} role="row">
        <div className="t-cell" role="columnheader">
          <Checkbox size="xs" checked={allLoadedSelected} indeterminate={selected.size > 0 && !allLoadedSelected}
            onChange={toggleAll} aria-label="Select all loaded members" data-testid="select-all" />
        </div>
        <div className="t-cell" role="columnheader">Member</div>
        <div className="t-cell" role="columnheader">Role</div>
        <div className="t-cell" role="columnheader">Status</div>
        <div className="t-cell" role="columnheader">Invited</div>
        <div className="t-cell" role="columnheader"><span className="sr-only">Actions</span></div>
      </div>
      <div ref={scrollRef} style={{ flex: 1, overflow: "auto" }} data-testid="members-scroll">
        {pages.total === 0 && !pages.loading && (
          <Empty>No members match. Try another tab or search.</Empty>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((v) => {
            const row = rows.rowAt(v.index);
            return (
              <div key={v.key} style={{ position: "absolute", top: 0, left: 0, right: 0, height: v.size, transform: `translateY(${v.start}px)` }}>
                {row ? (
                  <MemberLine row={row} session={session} roles={roles} checked={selected.has(row.id)}
                    onToggle={() => toggle(row.id)} onChanged={onChanged} onIssued={setIssued}
                    onReset={() => setResetting(row)} onDbLogin={() => setLinking(row)} onWhy={() => setWhying(row)} />
                ) : (
                  <Box px="md" py={14}><Skeleton height={20} /></Box>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <Modal opened={issued !== null} onClose={() => setIssued(null)} title="New invitation code" centered size="lg">
        {issued && <InvitationCode issued={issued} />}
      </Modal>
      <ResetPasswordDialog member={resetting} onClose={() => setResetting(null)} />
      <DbLoginDialog member={linking} onClose={() => setLinking(null)} onDone={onChanged} />
      <PermissionsWhyDialog member={whying} roles={roles} session={session} onClose={() => setWhying(null)} />
    </Box>
  );
}

interface LineProps {
  row: MemberRow;
  session: SessionInfo;
  roles: RoleRow[];
  checked: boolean;
  onToggle: () => void;
  onChanged: () => void;
  onIssued: (issued: InvitationIssued) => void;
  onReset: () => void;
  onDbLogin: () => void;
  onWhy: () => void;
}

function MemberLine({ row, session, roles, checked, onToggle, onChanged, onIssued, onReset, onDbLogin, onWhy }: LineProps) {
  const name = row.name || row.email;
  const run = async (action: () => Promise<unknown>, success: string) => {
    try {
      await action();
      notifySuccess(success);
      onChanged();
    } catch (e) {
      notifyError(e);
    }
  };
  const changeRole = (role: RoleRow | null) =>
    run(() => api.memberChangeRole({ member_ids: [row.id], role_id: role?.id }), `${name} is now ${role ? role.name : "without a role"}.`);
  const remove = async () => {
    const ok = await confirm({
      title: `Remove ${name}?`,
      message: "Their access ends immediately. This cannot be undone except by inviting them again. Their partner accounts and records keep them as owner.",
      confirmLabel: "Remove member",
      danger: true,
    });
    if (ok) await run(() => api.memberRemove({ member_ids: [row.id] }), `${name} was removed.`);
  };
  const current = row.status !== "removed";

  return (
    <div className="t-grid-row" style={{ gridTemplateColumns: COLUMNS, height: ROW_HEIGHT }} role="row"
      data-selected={checked} data-testid="member-row" data-email={row.email}>
      <div className="t-cell" role="cell">
        {current && <Checkbox size="xs" checked={checked} onChange={onToggle} aria-label={`Select ${name}`} />}
      </div>
      <div className="t-cell" role="cell">
        <Group gap="sm" wrap="nowrap">
          <Avatar size={30} radius="xl" color="teal">{initials(name)}</Avatar>
          <Box style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} truncate>{row.name || "—"}</Text>
            <Text size="xs" c="dimmed" truncate>{row.email}</Text>
          </Box>
        </Group>
      </div>
      <div className="t-cell" role="cell" data-testid="member-role">
        {row.role_name ? <Text size="sm">{row.role_name}</Text> : <Text size="sm" c="dimmed" fs="italic">No role</Text>}
      </div>
      <div className="t-cell" role="cell">
        <Badge color={STATUS_COLOR[row.status]} data-testid="member-status">
          {row.status === "active" ? "Active" : row.status === "pending" ? "Pending" : "Removed"}
        </Badge>
      </div>
      <div className="t-cell" role="cell"><Text size="sm" c="dimmed">{formatDate(row.invited_at)}</Text></div>
      <div className="t-cell" role="cell">
        {current && (
          <Menu position="bottom-end" withinPortal shadow="md" width={240}>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${name}`} data-testid="row-menu">
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {can(session, "roles.read") && (
                <Menu.Item leftSection={<IconHelpCircle size={16} />} onClick={onWhy} data-testid="why-open">
                  Permissions and why…
                </Menu.Item>
              )}
              {can(session, "members.update") && (
                <>
                  <Menu.Label>Change role</Menu.Label>
                  {roles.map((r) => (
                    <Menu.Item key={r.id} leftSection={<IconUserShield size={16} />} disabled={r.id === row.role_id}
                      onClick={() => changeRole(r)}>
                      {r.name}
                    </Menu.Item>
                  ))}
                  <Menu.Item disabled={!row.role_id} onClick={() => changeRole(null)}>No role</Menu.Item>
                  <Menu.Divider />
                  <Menu.Item leftSection={<IconDatabase size={16} />} onClick={onDbLogin} data-testid="db-login-open">
                    Database login{row.db_login ? `: ${row.db_login}` : "…"}
                  </Menu.Item>
                </>
              )}
              {row.status === "pending" && (
                <>
                  <Menu.Divider />
                  <Menu.Label>Invitation</Menu.Label>
                  <Menu.Item leftSection={<IconMailForward size={16} />} data-testid="invite-new-code"
                    onClick={() => api.memberResendInvite({ member_id: row.id }).then((i) => { onIssued(i); onChanged(); }, notifyError)}>
                    New invitation code…
                  </Menu.Item>
                  <Menu.Item leftSection={<IconMailOff size={16} />}
                    onClick={() => run(() => api.memberRevokeInvite({ member_id: row.id }), `Invitation to ${row.email} revoked.`)}>
                    Revoke invite
                  </Menu.Item>
                </>
              )}
              {row.status === "active" && can(session, "members.update") && (
                <>
                  <Menu.Divider />
                  <Menu.Label>Password</Menu.Label>
                  <Menu.Item leftSection={<IconKey size={16} />} onClick={onReset}>Reset password…</Menu.Item>
                  <Menu.Item leftSection={<IconRefreshAlert size={16} />}
                    onClick={() => run(() => api.memberRequirePasswordChange({ member_id: row.id }), `${row.email} must change their password at the next sign-in.`)}>
                    Require password change
                  </Menu.Item>
                </>
              )}
              {can(session, "members.delete") && (
                <>
                  <Menu.Divider />
                  <Menu.Item color="red.9" leftSection={<IconTrash size={16} />} onClick={remove}>Remove</Menu.Item>
                </>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </div>
    </div>
  );
}
