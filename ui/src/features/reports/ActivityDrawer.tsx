// Log an activity (a call, email, meeting or task you did) or open one from the detail:
// editable when Rust says the member may (read/write), read-only otherwise.
import { Button, Drawer, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ActivityRow } from "../../gen/ActivityRow";
import type { ActivityType } from "../../gen/ActivityType";
import { api } from "../../ipc";
import { fieldError, notifySuccess } from "../../lib/notify";
import { keys } from "../../lib/keys";

const TYPES: { value: ActivityType; label: string }[] = [
  { value: "call", label: "Call" },
  { value: "email", label: "Email" },
  { value: "meeting", label: "Meeting" },
  { value: "task", label: "Task" },
];

function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function ActivityDrawer({ row, onClose }: { row: ActivityRow | "new"; onClose: () => void }) {
  const existing = row === "new" ? null : row;
  const readOnly = existing !== null && !existing.write;
  const [type, setType] = useState<ActivityType>(existing?.type ?? "call");
  const [subject, setSubject] = useState(existing?.subject ?? "");
  const [when, setWhen] = useState(localInput(existing?.at ?? Date.now()));
  const [customer, setCustomer] = useState<string | null>(existing?.customer_id ?? null);
  const customers = useQuery({ queryKey: keys.customers({ search: "" }), queryFn: () => api.customerChoices({ search: "" }) });
  const save = useMutation({
    mutationFn: () => api.activitySave({
      id: existing?.id, version: existing?.version, type, subject, at: new Date(when).getTime(), customer_id: customer ?? undefined,
    }),
    onSuccess: () => { notifySuccess(existing ? "Activity saved" : "Activity logged"); onClose(); },
  });
  const err = (field: string) => fieldError(save.error, field);
  const choices = (customers.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  if (existing?.customer_id && !choices.some((c) => c.value === existing.customer_id)) {
    choices.push({ value: existing.customer_id, label: existing.customer });
  }
  return (
    <Drawer opened onClose={onClose} position="right" title={existing ? (readOnly ? "Activity" : "Edit activity") : "Log an activity"} data-testid="activity-drawer">
      <Stack>
        {existing && <Text size="sm" c="dimmed">{existing.partner} · by {existing.by}</Text>}
        <Select label="Type" data={TYPES} value={type} onChange={(t) => t && setType(t as ActivityType)} allowDeselect={false} disabled={readOnly} />
        <TextInput label="Subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={err("name")} disabled={readOnly} data-autofocus data-testid="activity-subject" />
        <TextInput label="When" type="datetime-local" value={when} onChange={(e) => setWhen(e.currentTarget.value)} error={err("at")} disabled={readOnly} data-testid="activity-when" />
        <Select label="Customer" placeholder="None" data={choices} value={customer} onChange={setCustomer} clearable searchable error={err("customer_id")} disabled={readOnly} />
        {save.error && !["name", "at", "customer_id"].some((f) => err(f)) && <Text c="red.9" size="sm" role="alert">{(save.error as { message?: string }).message}</Text>}
        {!readOnly && (
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="activity-save">{existing ? "Save" : "Log activity"}</Button>
          </Group>
        )}
      </Stack>
    </Drawer>
  );
}
