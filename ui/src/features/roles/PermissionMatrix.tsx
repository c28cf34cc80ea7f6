// ROLE-4: resources × read/create/update/delete, plus special permissions, each explained.
import { Checkbox, SimpleGrid, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import type { PermissionCatalog } from "../../ipc";

interface Props {
  catalog: PermissionCatalog;
  value: Set<string>;
  onChange?: (next: Set<string>) => void;
  /** Partner roles also carry portal features (PC-2, PC-3). */
  partner?: boolean;
  /** MEM-6: what the editor holds. Any other permission is locked here — nobody grants more
   * than they have (Rust refuses it anyway; this says so before the click). Portal
   * features are exempt: managers grant them to partner roles without holding them. */
  held?: ReadonlySet<string>;
}

export const LOCK_REASON = "Your role does not hold this permission, so you cannot grant it: nobody may grant more than they have.";

export function PermissionMatrix({ catalog, value, onChange, partner = false, held }: Props) {
  const readOnly = !onChange;
  const locked = (key: string) => !readOnly && held !== undefined && !held.has(key);
  const toggle = (key: string) => {
    if (!onChange || locked(key)) return;
    const next = new Set(value);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    onChange(next);
  };
  const toggleRow = (resource: string) => {
    if (!onChange) return;
    const keys = catalog.actions.map((a) => `${resource}.${a.key}`).filter((k) => !locked(k));
    const all = keys.every((k) => value.has(k));
    const next = new Set(value);
    keys.forEach((k) => (all ? next.delete(k) : next.add(k)));
    onChange(next);
  };

  return (
    <Stack gap="md" data-testid="permission-matrix">
      <Table className="t-matrix" withTableBorder withColumnBorders verticalSpacing={6} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Resource</Table.Th>
            {catalog.actions.map((a) => (
              <Table.Th key={a.key} w={84}>
                <Tooltip label={a.description} withArrow><span>{a.label}</span></Tooltip>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {catalog.resources.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>
                <Tooltip label={r.description} withArrow position="right" multiline w={280}>
                  <Text size="sm" fw={500} component={readOnly ? "span" : "button"} type="button"
                    onClick={() => toggleRow(r.key)} style={{ all: readOnly ? undefined : "unset", cursor: readOnly ? undefined : "pointer" }}
                    aria-label={readOnly ? undefined : `Toggle all ${r.label} permissions`}>
                    {r.label}
                  </Text>
                </Tooltip>
              </Table.Td>
              {catalog.actions.map((a) => {
                const key = `${r.key}.${a.key}`;
                const box = (
                  <Checkbox checked={value.has(key)} readOnly={readOnly} disabled={locked(key)} onChange={() => toggle(key)}
                    aria-label={`${a.label} ${r.label}`} aria-description={locked(key) ? LOCK_REASON : undefined}
                    data-perm={key} data-locked={locked(key) || undefined} style={{ display: "inline-block" }} />
                );
                return (
                  <Table.Td key={a.key}>
                    {locked(key) ? (
                      <Tooltip label={LOCK_REASON} withArrow multiline w={260}>
                        <span style={{ display: "inline-flex", alignItems: "center", gap: 2 }}>{box}<IconLock size={12} aria-hidden /></span>
                      </Tooltip>
                    ) : box}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {partner && (
        <Stack gap={6} data-testid="portal-features">
          <Text size="sm" fw={600}>Portal features</Text>
          <SimpleGrid cols={2} spacing={6}>
            {catalog.portal_features.map((f) => {
              const key = `portal.${f.key}`;
              return (
                <Checkbox key={key} checked={value.has(key)} readOnly={readOnly} onChange={() => toggle(key)}
                  label={f.label} description={f.description} data-perm={key} />
              );
            })}
          </SimpleGrid>
        </Stack>
      )}
      <Stack gap={6}>
        <Text size="sm" fw={600}>Special permissions</Text>
        {catalog.specials.map((s) => {
          const key = `special.${s.key}`;
          return (
            <Checkbox key={key} checked={value.has(key)} readOnly={readOnly} disabled={locked(key)} onChange={() => toggle(key)}
              label={locked(key) ? <>{s.label} <IconLock size={12} aria-label="locked" /></> : s.label}
              description={locked(key) ? `${s.description} — ${LOCK_REASON}` : s.description}
              data-perm={key} data-locked={locked(key) || undefined} />
          );
        })}
      </Stack>
    </Stack>
  );
}
