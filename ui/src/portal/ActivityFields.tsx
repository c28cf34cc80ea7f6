// RPT-1: an activity's facts in the portal — its type, when it happened (in this
// browser's time zone) and the customer it concerns, chosen among the customers this
// partner user sees. Rust checks all three (a customer they may not see is not found).
import { Group, Select, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ActivityType } from "../gen/ActivityType";
import { fieldError, portal } from "./ipc";

export interface ActivityDraft {
  kind: ActivityType;
  /** `YYYY-MM-DDTHH:MM`, local time, as a datetime-local input holds it. */
  when: string;
  customer: string | null;
}

const TYPES: { value: ActivityType; label: string }[] = [
  { value: "call", label: "Call" }, { value: "email", label: "Email" }, { value: "meeting", label: "Meeting" }, { value: "task", label: "Task" },
];

const pad = (n: number) => String(n).padStart(2, "0");

/** `at` (UTC ms) as this browser's local `YYYY-MM-DDTHH:MM`. */
export function localInput(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** What Rust receives: UTC ms (NaN when the field is empty, which Rust names as `at`). */
export function toMillis(when: string): number {
  const t = new Date(when).getTime();
  return Number.isNaN(t) ? 0 : t;
}

export function ActivityFields({ value, onChange, error, customers }: {
  value: ActivityDraft; onChange: (v: ActivityDraft) => void; error: unknown; customers: boolean;
}) {
  const list = useQuery({
    queryKey: ["portal", "records", "customer-choices"],
    queryFn: () => portal.records({ kind: "customer", search: "", offset: 0, limit: 200 }),
    enabled: customers,
  }).data;
  return (
    <>
      <Group grow>
        <Select label="Type" data={TYPES} value={value.kind} allowDeselect={false}
          onChange={(k) => onChange({ ...value, kind: (k ?? "call") as ActivityType })} comboboxProps={{ withinPortal: true }}
          data-testid="portal-activity-type" />
        <TextInput label="When" type="datetime-local" value={value.when} onChange={(e) => onChange({ ...value, when: e.currentTarget.value })}
          error={fieldError(error, "at")} data-testid="portal-activity-when" />
      </Group>
      {customers && (
        <Select label="Customer" placeholder="None" clearable searchable value={value.customer}
          data={(list?.rows ?? []).map((r) => ({ value: r.id, label: r.name }))}
          onChange={(c) => onChange({ ...value, customer: c })} error={fieldError(error, "customer_id")}
          comboboxProps={{ withinPortal: true }} data-testid="portal-activity-customer" />
      )}
    </>
  );
}
