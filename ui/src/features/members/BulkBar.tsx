// MEM-3/MEM-4 on a selection: "Change to ‹role›" and "Remove", both confirmed, all or nothing.
import { Button, Group, Paper, Select, Text } from "@mantine/core";
import { useState } from "react";
import { api, type RoleRow, type SessionInfo } from "../../ipc";
import { confirm } from "../../lib/confirm";
import { plural } from "../../lib/format";
import { notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";

const NO_ROLE = "__none__";

interface Props {
  session: SessionInfo;
  selected: Set<string>;
  roles: RoleRow[];
  onClear: () => void;
  onDone: () => void;
}

export function BulkBar({ session, selected, roles, onClear, onDone }: Props) {
  const [role, setRole] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (selected.size === 0) return null;
  const ids = [...selected];
  const count = plural(ids.length, "member");

  const change = async () => {
    if (!role) return;
    const label = role === NO_ROLE ? "No role" : roles.find((r) => r.id === role)?.name ?? "";
    const ok = await confirm({
      title: `Change ${count} to ${label}?`,
      message: `The change takes effect immediately for all ${count}. If any one of them cannot be changed, none is.`,
      confirmLabel: `Change to ${label}`,
    });
    if (!ok) return;
    setBusy(true);
    try {
      const out = await api.memberChangeRole({ member_ids: ids, role_id: role === NO_ROLE ? undefined : role });
      notifySuccess(`${plural(out.changed, "member")} changed to ${label}` + (out.unchanged ? ` (${out.unchanged} already were).` : "."));
      setRole(null);
      onDone();
    } catch (e) {
      notifyError(e, "No member was changed");
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    const ok = await confirm({
      title: `Remove ${count}?`,
      message: "Their access ends immediately. This cannot be undone except by inviting them again.",
      confirmLabel: `Remove ${count}`,
      danger: true,
    });
    if (!ok) return;
    setBusy(true);
    try {
      const out = await api.memberRemove({ member_ids: ids });
      notifySuccess(`${plural(out.changed, "member")} removed.`);
      onDone();
    } catch (e) {
      notifyError(e, "No member was removed");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper mx="lg" mb="xs" px="md" py={8} withBorder bg="var(--mantine-primary-color-light)" data-testid="bulk-bar">
      <Group gap="sm">
        <Text size="sm" fw={600}>{count} selected</Text>
        {can(session, "members.update") && (
          <>
            <Select placeholder="Change to…" w={200} value={role} onChange={setRole} aria-label="Change selected to role"
              data={[...roles.map((r) => ({ value: r.id, label: r.name })), { value: NO_ROLE, label: "No role" }]}
              data-testid="bulk-role" comboboxProps={{ withinPortal: true }} />
            <Button onClick={change} disabled={!role} loading={busy} data-testid="bulk-apply">Apply</Button>
          </>
        )}
        {can(session, "members.delete") && (
          <Button color="red" variant="light" onClick={remove} loading={busy} data-testid="bulk-remove">Remove</Button>
        )}
        <Button variant="subtle" color="gray" ml="auto" onClick={onClear}>Clear selection</Button>
      </Group>
    </Paper>
  );
}
