// Creates or edits a sharing rule (SHARE-1). The source is any hierarchy role (its records
// and those below it); the grantee is a whole partner account or one of its partner roles.
import { Button, Drawer, Group, SegmentedControl, Select, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { api, type SharingRuleRow } from "../../ipc";
import type { GranteeKind } from "../../gen/GranteeKind";
import { useHierarchyRoles, usePartnerChoices } from "../../lib/queries";
import type { RecordKind } from "../../gen/RecordKind";
import type { ShareAccess } from "../../gen/ShareAccess";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";

interface Props {
  rule: SharingRuleRow | "new" | null;
  onClose: () => void;
  onSaved: (rules: SharingRuleRow[]) => void;
}

const FIELDS = ["name", "source_role_id", "grantee", "version"];

export function SharingRuleEditor({ rule, onClose, onSaved }: Props) {
  const existing = rule && rule !== "new" ? rule : null;
  return (
    <Drawer opened={rule !== null} onClose={onClose} title={existing ? `Edit “${existing.name}”` : "New sharing rule"} position="right" size="md">
      {/* Keyed by the rule: another rule starts a fresh form; a re-read of the list behind
          (sync, another change) leaves what is typed here alone. */}
      {rule && <RuleForm key={existing?.id ?? "new"} existing={existing} onClose={onClose} onSaved={onSaved} />}
    </Drawer>
  );
}

function RuleForm({ existing, onClose, onSaved }: { existing: SharingRuleRow | null } & Omit<Props, "rule">) {
  const roles = useHierarchyRoles().data ?? [];
  const accounts = usePartnerChoices().data ?? [];
  const [name, setName] = useState(existing?.name ?? "");
  const [kind, setKind] = useState<RecordKind>(existing?.kind ?? "lead");
  const [source, setSource] = useState<string | null>(existing?.source_role_id ?? null);
  const [granteeKind, setGranteeKind] = useState<GranteeKind>(existing?.grantee.kind ?? "account");
  const [grantee, setGrantee] = useState<string | null>(existing?.grantee.id ?? null);
  const [access, setAccess] = useState<ShareAccess>(existing?.access ?? "read");
  const [error, setError] = useState<unknown>(null);
  const partnerRoles = roles.filter((r) => r.account_id).map((r) => ({ value: r.id, label: r.name }));
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const rows = await api.sharingRuleSave({
        rule_id: existing?.id,
        version: existing?.version,
        name,
        kind,
        source_role_id: source ?? "",
        grantee_kind: granteeKind,
        grantee_id: grantee ?? "",
        access,
      });
      notifySuccess(`Sharing rule “${name.trim()}” saved.`);
      onSaved(rows);
      onClose();
    } catch (err) {
      setError(err);
      if (!FIELDS.some((f) => fieldError(err, f))) notifyError(err, "Not saved");
    }
  };
  return (
      <form onSubmit={save} noValidate data-testid="rule-editor">
        <Stack>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, "name") ?? fieldError(error, "version")} data-testid="rule-name" />
          <Select label="Records" data={[{ value: "lead", label: "Leads" }, { value: "opportunity", label: "Opportunities" }, { value: "customer", label: "Customers" }, { value: "activity", label: "Activities" }]}
            value={kind} onChange={(v) => setKind((v ?? "lead") as RecordKind)} comboboxProps={{ withinPortal: true }} />
          <Select label="Owned by people at" description="…and everyone below that role" data={roles.map((r) => ({ value: r.id, label: r.name }))}
            value={source} onChange={setSource} searchable error={fieldError(error, "source_role_id")} comboboxProps={{ withinPortal: true }} data-testid="rule-source" />
          <SegmentedControl value={granteeKind} onChange={(v) => { setGranteeKind(v as GranteeKind); setGrantee(null); }}
            data={[{ value: "account", label: "A whole partner account" }, { value: "role", label: "A partner role (and above)" }]} />
          <Select label="Shared with" data={granteeKind === "account" ? accounts.map((a) => ({ value: a.id, label: a.name })) : partnerRoles}
            value={grantee} onChange={setGrantee} searchable error={fieldError(error, "grantee")} comboboxProps={{ withinPortal: true }} data-testid="rule-grantee" />
          <SegmentedControl value={access} onChange={(v) => setAccess(v as ShareAccess)}
            data={[{ value: "read", label: "Read only" }, { value: "read_write", label: "Read/write" }]} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" data-testid="rule-save">Save rule</Button>
          </Group>
        </Stack>
      </form>
  );
}
