// Create or edit a record in the portal. Rust decides whether it may (the partner user's
// own rights); a refusal is shown next to the field it names.
import { Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";
import type { RecordKind } from "../gen/RecordKind";
import { fieldError, portal, type PortalRecordRow } from "./ipc";
import { ActivityFields, localInput, toMillis, type ActivityDraft } from "./ActivityFields";

export function RecordDialog({ kind, label, editing, onClose, onSaved, customers = false }: {
  kind: RecordKind; label: string; editing: PortalRecordRow | "new" | null; onClose: () => void; onSaved: () => void;
  /** Whether this user sees customers (an activity may then name one). */
  customers?: boolean;
}) {
  const isActivity = kind === "activity";
  const [activity, setActivity] = useState<ActivityDraft>({ kind: "call", when: localInput(Date.now()), customer: null });
  const [name, setName] = useState("");
  const [department, setDepartment] = useState("");
  const [location, setLocation] = useState("");
  const [klass, setKlass] = useState("");
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const r = editing === "new" ? null : editing;
    setName(r?.name ?? "");
    setDepartment(r?.department ?? "");
    setLocation(r?.location ?? "");
    setKlass(r?.class ?? "");
    setActivity(r?.activity
      ? { kind: r.activity.kind, when: localInput(r.activity.at), customer: r.activity.customer_id ?? null }
      : { kind: "call", when: localInput(Date.now()), customer: null });
    setError(null);
  }, [editing]);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const parts = { department: department || undefined, location: location || undefined, class: klass || undefined };
    const facts = isActivity
      ? { activity: { kind: activity.kind, at: toMillis(activity.when), customer_id: activity.customer ?? undefined } }
      : {};
    try {
      if (editing === "new") await portal.createRecord({ kind, name, ...parts, ...facts });
      else if (editing) await portal.updateRecord({ record_id: editing.id, version: editing.version, name, ...parts, ...facts });
      notifications.show({ color: "teal", message: "Saved — the change is in the audit log." });
      onSaved();
    } catch (err) {
      setError(err);
      if (!["name", "department", "location", "class", "at", "customer_id"].some((f) => fieldError(err, f)))
        notifications.show({ color: "red", title: "Not saved", message: (err as Error).message });
    }
  };
  return (
    <Modal opened={editing !== null} onClose={onClose} title={editing === "new" ? `New ${label.toLowerCase()}` : "Edit"} centered>
      <form onSubmit={save} noValidate>
        <Stack>
          <TextInput label={isActivity ? "Subject" : "Name"} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, "name")}
            data-autofocus data-testid="portal-record-name" />
          {isActivity && <ActivityFields value={activity} onChange={setActivity} error={error} customers={customers} />}
          {/* An activity's department, location and class are set when it is logged. */}
          {!(isActivity && editing !== "new") && <Group grow>
            <TextInput label="Department" value={department} onChange={(e) => setDepartment(e.currentTarget.value)} error={fieldError(error, "department")} />
            <TextInput label="Location" value={location} onChange={(e) => setLocation(e.currentTarget.value)} error={fieldError(error, "location")} />
            <TextInput label="Class" value={klass} onChange={(e) => setKlass(e.currentTarget.value)} error={fieldError(error, "class")} />
          </Group>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" data-testid="portal-record-save">Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
