// Composes a dashboard from report tiles and publishes it to portal roles (RPT-3): for
// new and existing users or new users only, locked or changeable. Rust checks every
// field; this form only shows what it says.
import { Button, Checkbox, Drawer, Group, MultiSelect, SegmentedControl, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { api } from "../../ipc";
import type { DashboardList } from "../../gen/DashboardList";
import type { DashboardRow } from "../../gen/DashboardRow";
import type { PublishTo } from "../../gen/PublishTo";
import type { TileKind } from "../../gen/TileKind";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";

interface Props {
  list: DashboardList;
  dashboard: DashboardRow | "new" | null;
  onClose: () => void;
  onSaved: (list: DashboardList) => void;
}

const FIELDS = ["name", "tiles", "roles", "version"];

export function DashboardEditor({ list, dashboard, onClose, onSaved }: Props) {
  const existing = dashboard && dashboard !== "new" ? dashboard : null;
  return (
    <Drawer opened={dashboard !== null} onClose={onClose} title={existing ? `Edit “${existing.name}”` : "New dashboard"} position="right" size="md">
      {dashboard && <DashboardForm key={existing?.id ?? "new"} list={list} existing={existing} onClose={onClose} onSaved={onSaved} />}
    </Drawer>
  );
}

function DashboardForm({ list, existing, onClose, onSaved }: { existing: DashboardRow | null } & Omit<Props, "dashboard">) {
  const [name, setName] = useState(existing?.name ?? "");
  const [tiles, setTiles] = useState<string[]>(existing?.tiles ?? ["activities_by_type", "activity_trend", "open_opportunities", "quiet_customers"]);
  // A role deleted since stays listed (by id) until the manager removes it.
  const [roles, setRoles] = useState<string[]>(existing?.roles.map((r) => r.id) ?? []);
  const [publishTo, setPublishTo] = useState<PublishTo>(existing?.publish_to ?? "new_and_existing");
  const [locked, setLocked] = useState(existing?.locked ?? true);
  const [error, setError] = useState<unknown>(null);
  const roleData = [
    ...list.roles.map((r) => ({ value: r.id, label: r.name })),
    ...(existing?.roles.filter((r) => !r.name).map((r) => ({ value: r.id, label: "(deleted role)" })) ?? []),
  ];
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const saved = await api.dashboardSave({
        dashboard_id: existing?.id,
        version: existing?.version,
        name,
        tiles: list.tiles.map((t) => t.kind).filter((k) => tiles.includes(k)) as TileKind[],
        role_ids: roles,
        publish_to: publishTo,
        locked,
      });
      notifySuccess(roles.length ? `“${name.trim()}” published.` : `“${name.trim()}” saved, not published.`);
      onSaved(saved);
      onClose();
    } catch (err) {
      setError(err);
      if (!FIELDS.some((f) => fieldError(err, f))) notifyError(err, "Not saved");
    }
  };
  return (
    <form onSubmit={save} noValidate data-testid="dashboard-editor">
      <Stack>
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(error, "name") ?? fieldError(error, "version")} data-testid="dashboard-name" />
        <Checkbox.Group label="Tiles" description="Each partner user sees them counted over their own access; a tile they may not read is left out."
          value={tiles} onChange={setTiles} error={fieldError(error, "tiles")}>
          <Stack gap={6} mt={6}>
            {list.tiles.map((t) => <Checkbox key={t.kind} value={t.kind} label={t.title} data-testid={`dashboard-tile-${t.kind}`} />)}
          </Stack>
        </Checkbox.Group>
        <MultiSelect label="Publish to portal roles" description="None: saved, not shown to anyone" data={roleData} value={roles}
          onChange={setRoles} searchable error={fieldError(error, "roles")} comboboxProps={{ withinPortal: true }} data-testid="dashboard-roles" />
        <div>
          <Text size="sm" fw={500} mb={4}>Who gets it</Text>
          <SegmentedControl value={publishTo} onChange={(v) => setPublishTo(v as PublishTo)} fullWidth
            data={[{ value: "new_and_existing", label: "New and existing users" }, { value: "new_users_only", label: "New users only" }]} />
        </div>
        <Switch label="Locked: users cannot hide its tiles" checked={locked} onChange={(e) => setLocked(e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" data-testid="dashboard-save">{roles.length ? "Publish" : "Save"}</Button>
        </Group>
      </Stack>
    </form>
  );
}
