// The members table (MEM-5): 100,000 members, sorted and paged in Rust, drawn by the shared
// server table (lib/table) — only the rows in view exist in the DOM.
import { ActionIcon, Avatar, Badge, Box, Group, Menu, Modal, Text } from "@mantine/core";
import { IconDatabase, IconDots, IconHelpCircle, IconKey, IconMailForward, IconMailOff, IconRefreshAlert, IconTrash, IconUserShield } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { InvitationCode } from "./InvitationCode";
import type { InvitationIssued } from "../../gen/InvitationIssued";
import type { MemberSort } from "../../gen/MemberSort";
import { ResetPasswordDialog } from "./ResetPasswordDialog";
import { DbLoginDialog } from "./DbLoginDialog";
import { PermissionsWhyDialog } from "../drafts/PermissionsWhyDialog";
import { api, type MemberRow, type RoleRow, type SessionInfo } from "../../ipc";
import { confirm } from "../../lib/confirm";
import { formatDate, initials } from "../../lib/format";
import { notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import type { MemberPages } from "./useMemberPages";
import { Empty } from "../../lib/states";
import { ServerTable, columnsOf, type Column } from "../../lib/table/ServerTable";

const COLUMNS = "44px minmax(240px, 2fr) minmax(140px, 1fr) 110px 130px 52px";
const ROW_HEIGHT = 52;

const STATUS_COLOR = { active: "teal", pending: "yellow", removed: "gray" } as const;

interface Props {
  session: SessionInfo;
  pages: MemberPages;
  roles: RoleRow[];
  selected: Set<string>;
  setSelected: (s: Set<string>) => void;
  sort: MemberSort;
  onSort: (s: MemberSort) => void;
  onChanged: () => void;
}

export function MembersTable({ session, pages, roles, selected, setSelected, sort, onSort, onChanged }: Props) {
  const [issued, setIssued] = useState<InvitationIssued | null>(null);
  const [resetting, setResetting] = useState<MemberRow | null>(null);
  const [linking, setLinking] = useState<MemberRow | null>(null);
  const [whying, setWhying] = useState<MemberRow | null>(null);
  const columns = useMemo(() => {
    const col = columnsOf<MemberRow>();
    return [
      col.accessor((r) => r.name || r.email, { id: "name", header: "Member", cell: ({ row }) => <MemberCell row={row.original} /> }),
      col.accessor((r) => r.role_name, {
        id: "role",
        header: "Role",
        cell: ({ row: { original: r } }) => (r.role_name ? <Text size="sm" data-testid="member-role">{r.role_name}</Text>
          : <Text size="sm" c="dimmed" fs="italic" data-testid="member-role">No role</Text>),
      }),
      col.accessor((r) => r.status, {
        id: "status",
        header: "Status",
        cell: ({ row: { original: r } }) => (
          <Badge color={STATUS_COLOR[r.status]} data-testid="member-status">
            {r.status === "active" ? "Active" : r.status === "pending" ? "Pending" : "Removed"}
          </Badge>
        ),
      }),
      col.accessor((r) => r.invited_at, {
        id: "invited",
        header: "Invited",
        cell: ({ row }) => <Text size="sm" c="dimmed">{formatDate(row.original.invited_at)}</Text>,
      }),
      col.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        cell: ({ row: { original: r } }) => r.status !== "removed" && (
          <MemberMenu row={r} session={session} roles={roles} onChanged={onChanged} onIssued={setIssued}
            onReset={() => setResetting(r)} onDbLogin={() => setLinking(r)} onWhy={() => setWhying(r)} />
        ),
      }),
    ] as Column<MemberRow>[];
  }, [session, roles, onChanged]);

  return (
    <>
      <ServerTable label="Members" columns={columns} template={COLUMNS} rowHeight={ROW_HEIGHT} pages={pages}
        sort={sort} onSort={(s) => onSort(s as MemberSort)} scrollTestId="members-scroll"
        selection={{
          selected,
          onChange: setSelected,
          canSelect: (r) => r.status !== "removed",
          allLabel: "Select all loaded members",
          rowLabel: (r) => `Select ${r.name || r.email}`,
        }}
        rowProps={(r) => ({ "data-testid": "member-row", "data-email": r.email })}
        empty={<Empty>No members match. Try another tab or search.</Empty>} />
      <Modal opened={issued !== null} onClose={() => setIssued(null)} title="New invitation code" centered size="lg">
        {issued && <InvitationCode issued={issued} />}
      </Modal>
      <ResetPasswordDialog member={resetting} onClose={() => setResetting(null)} />
      <DbLoginDialog member={linking} onClose={() => setLinking(null)} onDone={onChanged} />
      <PermissionsWhyDialog member={whying} roles={roles} session={session} onClose={() => setWhying(null)} />
    </>
  );
}

function MemberCell({ row }: { row: MemberRow }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <Avatar size={30} radius="xl" color="teal">{initials(row.name || row.email)}</Avatar>
      <Box style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>{row.name || "—"}</Text>
        <Text size="xs" c="dimmed" truncate>{row.email}</Text>
      </Box>
    </Group>
  );
}

interface MenuProps {
  row: MemberRow;
  session: SessionInfo;
  roles: RoleRow[];
  onChanged: () => void;
  onIssued: (issued: InvitationIssued) => void;
  onReset: () => void;
  onDbLogin: () => void;
  onWhy: () => void;
}

/** A member's actions: their permissions and why, role, invitation, password, removal. */
function MemberMenu({ row, session, roles, onChanged, onIssued, onReset, onDbLogin, onWhy }: MenuProps) {
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
  const sendReset = async () => {
    const ok = await confirm({
      title: `Email ${name} a reset link?`,
      message: `${row.email} gets a link to choose a new password. It works once, for an hour; their password keeps working until they use it, and every session they kept signs out when they do.`,
      confirmLabel: "Email the link",
    });
    if (ok) await run(() => api.memberSendReset({ member_id: row.id }), `Reset link emailed to ${row.email}.`);
  };
  return (
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
            <Menu.Item leftSection={<IconMailForward size={16} />} onClick={sendReset} data-testid="send-reset">
              Email a reset link…
            </Menu.Item>
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
  );
}
