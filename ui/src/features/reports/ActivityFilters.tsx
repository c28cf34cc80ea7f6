// The report's filter: a period (preset or custom days), partners, channel manager,
// activity types and customer. Everything here is sent to Rust, which decides what counts.
import { Chip, Group, MultiSelect, Select, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ActivityFilterRequest } from "../../gen/ActivityFilterRequest";
import type { ActivityType } from "../../gen/ActivityType";
import { api } from "../../ipc";
import { keys } from "../../lib/keys";
import { useMemberChoices, usePartnerChoices } from "../../lib/queries";
import { PRESETS, presetRange, TYPE_LABELS, type Preset } from "./period";

export interface FilterState {
  preset: Preset;
  filter: ActivityFilterRequest;
}

export function applyPreset(state: FilterState, preset: Preset): FilterState {
  if (preset === "custom") return { ...state, preset };
  return { preset, filter: { ...state.filter, ...presetRange(preset) } };
}

export function ActivityFilters({ value, onChange }: { value: FilterState; onChange: (v: FilterState) => void }) {
  const partners = usePartnerChoices();
  const members = useMemberChoices();
  const customers = useQuery({ queryKey: keys.customers({ search: "" }), queryFn: () => api.customerChoices({ search: "" }) });
  const f = value.filter;
  const set = (patch: Partial<ActivityFilterRequest>) => onChange({ ...value, filter: { ...f, ...patch } });
  const owners = (members.data ?? []).filter((m) => m.status === "active");
  return (
    <Group px="lg" py="sm" gap="sm" align="end" wrap="wrap">
      <Select label="Period" data={PRESETS} value={value.preset} w={160} allowDeselect={false}
        onChange={(p) => p && onChange(applyPreset(value, p as Preset))} data-testid="report-period" />
      <TextInput label="From" type="date" value={f.from} w={150} data-testid="report-from"
        onChange={(e) => onChange({ preset: "custom", filter: { ...f, from: e.currentTarget.value } })} />
      <TextInput label="To" type="date" value={f.to} w={150} data-testid="report-to"
        onChange={(e) => onChange({ preset: "custom", filter: { ...f, to: e.currentTarget.value } })} />
      <MultiSelect label="Partners" placeholder={f.partners.length ? undefined : "All partners"} searchable clearable w={260}
        data={(partners.data ?? []).map((p) => ({ value: p.id, label: p.name }))} value={f.partners}
        onChange={(partners) => set({ partners })} data-testid="report-partners" />
      <Select label="Channel manager" placeholder="Anyone" clearable searchable w={200}
        data={owners.map((m) => ({ value: m.id, label: m.name || m.email }))} value={f.owner ?? null}
        onChange={(owner) => set({ owner: owner ?? undefined })} />
      <Select label="Customer" placeholder="Any customer" clearable searchable w={220}
        data={(customers.data ?? []).map((c) => ({ value: c.id, label: c.name }))} value={f.customer ?? null}
        onChange={(customer) => set({ customer: customer ?? undefined })} data-testid="report-customer" />
      <Chip.Group multiple value={f.types} onChange={(types) => set({ types: types as ActivityType[] })}>
        <Group gap={6} role="group" aria-label="Activity types" pb={6}>
          {(Object.keys(TYPE_LABELS) as ActivityType[]).map((t) => (
            <Chip key={t} value={t} size="sm" data-testid={`report-type-${t}`}>{TYPE_LABELS[t]}</Chip>
          ))}
        </Group>
      </Chip.Group>
    </Group>
  );
}
