// New role / Edit role (ROLE-3) and View permissions (read-only), in one modal.
import { Badge, Button, Group, Modal, ScrollArea, SegmentedControl, Select, Stack, TagsInput, Text, TextInput, Textarea } from "@mantine/core";
import { useEffect, useState } from "react";
import { api, type PermissionCatalog, type RoleRow } from "../../ipc";
import type { Audience } from "../../gen/Audience";
import type { PartnerRestriction } from "../../gen/PartnerRestriction";
import type { RoleGroup } from "../../gen/RoleGroup";
import type { SegmentFilter } from "../../gen/SegmentFilter";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { PermissionMatrix } from "./PermissionMatrix";

const NO_SEGMENTS: SegmentFilter = { departments: [], locations: [], classes: [] };

const RESTRICTIONS: { value: PartnerRestriction; label: string }[] = [
  { value: "own_and_subordinates", label: "Own and subordinates' records (default)" },
  { value: "own_only", label: "Own records only" },
  { value: "whole_account", label: "Whole account (super user)" },
];

export type EditorMode = { kind: "new" } | { kind: "edit"; role: RoleRow } | { kind: "view"; role: RoleRow };

interface Props {
  mode: EditorMode | null;
  catalog: PermissionCatalog | null;
  onClose: () => void;
  /** Called with the saved row, so the list shows it before it reloads. */
  onSaved: (row: RoleRow) => void;
  /** MEM-6: the editor's own permissions; others are locked in the matrix. */
  held?: ReadonlySet<string>;
}

export function RoleEditor({ mode, catalog, onClose, onSaved, held }: Props) {
  const role = mode && mode.kind !== "new" ? mode.role : null;
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [audience, setAudience] = useState<Audience>("internal");
  const [perms, setPerms] = useState<Set<string>>(new Set());
  const [group, setGroup] = useState<RoleGroup>("portal");
  const [restriction, setRestriction] = useState<PartnerRestriction>("own_and_subordinates");
  const [segments, setSegments] = useState<SegmentFilter>(NO_SEGMENTS);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setName(role?.name ?? "");
    setDescription(role?.description ?? "");
    setAudience(role?.audience ?? "internal");
    setPerms(new Set(role?.permissions ?? []));
    setGroup(role?.audience === "partner" ? role.group : "portal");
    setRestriction(role?.restriction ?? "own_and_subordinates");
    setSegments(role?.segments ?? NO_SEGMENTS);
    setError(null);
  }, [mode, role]);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!mode || mode.kind === "view") return;
    setBusy(true);
    setError(null);
    try {
      const permissions = [...perms];
      const saved =
        mode.kind === "new"
          ? await api.roleCreate({
              name,
              description,
              audience,
              permissions,
              group: audience === "partner" ? group : undefined,
              restriction: audience === "partner" && group === "portal" ? restriction : undefined,
              segments: audience === "partner" && group === "portal" ? segments : undefined,
            })
          : await api.roleUpdate({
              role_id: mode.role.id,
              version: mode.role.version,
              name,
              description,
              permissions,
              restriction: mode.role.audience === "partner" && mode.role.group === "portal" ? restriction : undefined,
              segments: mode.role.audience === "partner" && mode.role.group === "portal" ? segments : undefined,
            });
      notifySuccess(`Role “${saved.name}” saved with ${saved.permissions.length} permissions.`);
      onSaved(saved);
      onClose();
    } catch (err) {
      setError(err);
      if (!["name", "description", "segments", "departments", "locations", "classes"].some((f) => fieldError(err, f))) notifyError(err, "Role not saved");
    } finally {
      setBusy(false);
    }
  };

  const title = mode?.kind === "new" ? "New role" : mode?.kind === "edit" ? `Edit ${role?.name}` : `${role?.name} — permissions`;
  const viewing = mode?.kind === "view";

  return (
    <Modal opened={mode !== null} onClose={onClose} title={title} size="xl" scrollAreaComponent={ScrollArea.Autosize}
      data-testid="role-editor">
      <form onSubmit={save} noValidate>
        <Stack>
          {viewing ? (
            <Group gap="xs">
              <Badge color={role?.builtin ? "gray" : "teal"}>{role?.builtin ? "Built-in" : "Custom"}</Badge>
              <Badge color={role?.audience === "partner" ? "grape" : "blue"}>{role?.audience === "partner" ? `Partner · ${role.group} role` : "Internal"}</Badge>
              {role?.audience === "partner" && role.group === "portal" && (
                <Badge variant="outline">{RESTRICTIONS.find((r) => r.value === role.restriction)?.label}</Badge>
              )}
              {role && [...role.segments.departments, ...role.segments.locations, ...role.segments.classes].length > 0 && (
                <Badge variant="outline" color="orange">
                  Only {[...role.segments.departments, ...role.segments.locations, ...role.segments.classes].join(", ")}
                </Badge>
              )}
              <Text size="sm" c="dimmed">{role?.description}</Text>
            </Group>
          ) : (
            <>
              <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus
                error={fieldError(error, "name")} data-testid="role-name" />
              <Textarea label="Description" value={description} autosize minRows={2}
                onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(error, "description")} />
              {mode?.kind === "new" && (
                <Stack gap={4}>
                  <Text size="sm" fw={500}>Audience</Text>
                  <SegmentedControl value={audience} onChange={(v) => setAudience(v as Audience)} w={320}
                    data={[{ value: "internal", label: "Internal team" }, { value: "partner", label: "Partner users" }]} />
                </Stack>
              )}
              {mode?.kind === "new" && audience === "partner" && (
                <Stack gap={4}>
                  <Text size="sm" fw={500}>Kind of partner role (one of each per partner user)</Text>
                  <SegmentedControl value={group} onChange={(v) => setGroup(v as RoleGroup)} w={420} data-testid="role-group"
                    data={[{ value: "portal", label: "Portal role" }, { value: "agent", label: "Agent role" }, { value: "admin", label: "Admin role" }]} />
                </Stack>
              )}
              {(mode?.kind === "new" ? audience === "partner" && group === "portal" : role?.audience === "partner" && role.group === "portal") && (
                <Select label="Partner restriction" description="Whose records its holders see (PU-8)" w={420}
                  value={restriction} onChange={(v) => setRestriction((v ?? "own_and_subordinates") as PartnerRestriction)}
                  data={RESTRICTIONS} comboboxProps={{ withinPortal: true }} data-testid="role-restriction" />
              )}
              {(mode?.kind === "new" ? audience === "partner" && group === "portal" : role?.audience === "partner" && role.group === "portal") && (
                <Group grow align="start">
                  <TagsInput label="Only departments" placeholder="Any" value={segments.departments} error={fieldError(error, "departments")}
                    onChange={(v) => setSegments({ ...segments, departments: v })} />
                  <TagsInput label="Only locations" placeholder="Any" value={segments.locations} error={fieldError(error, "locations")}
                    onChange={(v) => setSegments({ ...segments, locations: v })} />
                  <TagsInput label="Only classes" placeholder="Any" value={segments.classes} error={fieldError(error, "classes")}
                    onChange={(v) => setSegments({ ...segments, classes: v })} />
                </Group>
              )}
              {fieldError(error, "segments") && <Text c="red" size="sm">{fieldError(error, "segments")}</Text>}
            </>
          )}
          {fieldError(error, "permissions") && <Text c="red" size="sm" role="alert">{fieldError(error, "permissions")}</Text>}
          {catalog && (
            <PermissionMatrix catalog={catalog} value={perms} onChange={viewing ? undefined : setPerms}
              partner={(role?.audience ?? audience) === "partner"} held={held} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{viewing ? "Close" : "Cancel"}</Button>
            {!viewing && <Button type="submit" loading={busy} data-testid="role-save">Save role</Button>}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
