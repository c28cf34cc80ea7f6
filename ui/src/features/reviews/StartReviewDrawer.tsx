// RPT-4: starting an access review — whose access, narrowed to accounts and roles, by
// when, and who covers for account owners who cannot review. Rust chooses the items and
// checks every field; this form only says what it answers.
import { Alert, Button, Drawer, Group, MultiSelect, SegmentedControl, Select, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { ReviewPeople } from "../../gen/ReviewPeople";
import type { ReviewRow } from "../../gen/ReviewRow";
import { api, type SessionInfo } from "../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { useMemberChoices, usePartnerChoices, useRoles } from "../../lib/queries";

const FIELDS = ["name", "due", "fallback", "accounts", "account_ids", "roles", "role_ids", "scope"];

/** Today + `days`, as a `date` input's value (this machine's calendar). */
function dayFromNow(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** The end of that day, this machine's time, in ms. */
export function endOfDay(value: string): number {
  const t = new Date(`${value}T23:59:59`).getTime();
  return Number.isNaN(t) ? 0 : t;
}

export function StartReviewDrawer({ session, opened, onClose, onStarted }: {
  session: SessionInfo;
  opened: boolean;
  onClose: () => void;
  onStarted: (r: ReviewRow) => void;
}) {
  return (
    <Drawer opened={opened} onClose={onClose} title="Start an access review" position="right" size="md">
      {opened && <StartForm session={session} onClose={onClose} onStarted={onStarted} />}
    </Drawer>
  );
}

function StartForm({ session, onClose, onStarted }: { session: SessionInfo; onClose: () => void; onStarted: (r: ReviewRow) => void }) {
  const canPartners = can(session, "partner_users.update") && can(session, "special.manage_partner_access");
  const canMembers = can(session, "members.update");
  const [name, setName] = useState("");
  const [people, setPeople] = useState<ReviewPeople>(canPartners ? "partner_users" : "members");
  const [accountIds, setAccountIds] = useState<string[]>([]);
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [changedOnly, setChangedOnly] = useState(false);
  const [due, setDue] = useState(dayFromNow(14));
  const [fallback, setFallback] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const accounts = usePartnerChoices(people !== "members").data ?? [];
  const internal = useRoles({ audience: "internal" }).data ?? [];
  const partner = useRoles({ audience: "partner" }).data ?? [];
  const members = useMemberChoices(can(session, "members.read")).data ?? [];
  const roleOptions = [
    ...(people !== "partner_users" ? [{ group: "Internal roles", items: internal.map((r) => ({ value: r.id, label: r.name })) }] : []),
    ...(people !== "members" ? [{ group: "Partner roles", items: partner.map((r) => ({ value: r.id, label: r.name })) }] : []),
  ];
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const row = await api.reviewStart({
        name,
        people,
        account_ids: people === "members" ? [] : accountIds,
        role_ids: roleIds,
        changed_only: changedOnly,
        due: endOfDay(due),
        fallback_id: fallback ?? undefined,
      });
      notifySuccess(`“${row.name}” started: ${row.counts.items} people to review.`);
      onStarted(row);
      onClose();
    } catch (err) {
      setError(err);
      if (!FIELDS.some((f) => fieldError(err, f))) notifyError(err, "Not started");
    } finally {
      setBusy(false);
    }
  };
  const scopeError = fieldError(error, "scope");
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus
          error={fieldError(error, "name")} data-testid="review-name" />
        <div>
          <Text size="sm" fw={500} mb={4}>Whose access</Text>
          <SegmentedControl value={people} onChange={(v) => setPeople(v as ReviewPeople)} aria-label="Whose access" fullWidth
            data={[
              { value: "partner_users", label: "Partner users", disabled: !canPartners },
              { value: "members", label: "Members", disabled: !canMembers },
              { value: "everyone", label: "Everyone", disabled: !(canPartners && canMembers) },
            ]} />
        </div>
        {people !== "members" && (
          <MultiSelect label="Partner accounts" description="Empty: every account" data={accounts.map((a) => ({ value: a.id, label: a.name }))}
            value={accountIds} onChange={setAccountIds} searchable clearable error={fieldError(error, "accounts") ?? fieldError(error, "account_ids")} />
        )}
        <MultiSelect label="Holding one of these roles" description="Empty: any role" data={roleOptions} value={roleIds} onChange={setRoleIds}
          searchable clearable error={fieldError(error, "roles") ?? fieldError(error, "role_ids")} />
        <Switch label="Only people whose access changed since their last review" checked={changedOnly}
          onChange={(e) => setChangedOnly(e.currentTarget.checked)} data-testid="review-changed-only" />
        <TextInput label="Due" type="date" value={due} onChange={(e) => setDue(e.currentTarget.value)} required
          description="Nothing happens by itself on that day: undecided people keep their access." error={fieldError(error, "due")}
          data-testid="review-due" />
        <Select label="Fallback reviewer" description="Reviews members, and accounts whose owner cannot. Empty: you."
          data={members.filter((m) => m.status === "active").map((m) => ({ value: m.id, label: m.name || m.email }))}
          value={fallback} onChange={setFallback} searchable clearable error={fieldError(error, "fallback")} />
        {scopeError && <Alert color="orange" role="alert">{scopeError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={busy} data-testid="review-start-submit">Start review</Button>
        </Group>
      </Stack>
    </form>
  );
}
