// PU-1: give a contact portal access — one role per group (ROLE-6: portal, agent, admin),
// the hierarchy role (fixed for the first user, HIER-1), and how the password is delivered:
// a notification (PU-2, default), a typed password (PU-3, PU-4), or a temporary one (PU-5).
import { Alert, Button, Checkbox, Code, CopyButton, Group, Radio, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { api, type AccessGiven, type AccountPeople, type SessionInfo } from "../../../ipc";
import type { ContactRow } from "../../../gen/ContactRow";
import type { Delivery } from "../../../gen/Delivery";
import { fieldError, notifyError, notifySuccess } from "../../../lib/notify";
import { PasswordFields } from "../../auth/PasswordFields";
import { ShownOnce } from "../../auth/ShownOnce";

interface Props {
  session: SessionInfo;
  record: AccountPeople;
  contact: ContactRow;
  onRecord: (r: AccountPeople) => void;
  onClose: () => void;
}

const FIELDS = ["portal_role_id", "agent_role_id", "admin_role_id", "hierarchy_role_id", "password", "licences", "account_id"];
type Method = Delivery["method"];

export function GiveAccessForm({ session, record, contact, onRecord, onClose }: Props) {
  const first = record.branch.length === 0;
  // PU-1's default is Advanced Partner Center, which needs Advanced Partner Access (WS-2).
  const preferred = session.partner_features.advanced_partner_access ? "Advanced Partner Center" : "Standard Partner Center";
  const initial = record.portal_roles.find((r) => r.name === preferred) ?? record.portal_roles[0];
  const [portal, setPortal] = useState<string | null>(initial?.id ?? null);
  const [agent, setAgent] = useState<string | null>(null);
  const [admin, setAdmin] = useState<string | null>(record.admin_roles.find((r) => r.name === "No admin")?.id ?? null);
  const [hierarchy, setHierarchy] = useState<string | null>(record.branch[record.branch.length - 1]?.id ?? null);
  const [subpartners, setSubpartners] = useState(false);
  const [method, setMethod] = useState<Method>("notification");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  // PU-4: always shown unchecked; saving checked sets the one-shot flag.
  const [requireChange, setRequireChange] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [given, setGiven] = useState<AccessGiven | null>(null);
  const options = (rows: AccountPeople["portal_roles"]) => rows.map((r) => ({ value: r.id, label: r.name }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (method === "manual" && password !== repeat) return notifyError(new Error("The two passwords differ"), "Access not given");
    setBusy(true);
    setError(null);
    const delivery: Delivery =
      method === "manual" ? { method, password, require_change: requireChange } : method === "temporary" ? { method } : { method: "notification" };
    try {
      const r = await api.giveAccess({
        contact_id: contact.id,
        portal_role_id: portal ?? "",
        agent_role_id: agent ?? undefined,
        admin_role_id: admin ?? undefined,
        hierarchy_role_id: first ? undefined : hierarchy ?? undefined,
        can_grant_subpartners: subpartners,
        delivery,
      });
      setRequireChange(false);
      setPassword("");
      setRepeat("");
      onRecord(r.record);
      notifySuccess(`${contact.name} now has portal access.` + (r.branch_created ? ` ${record.account.name}'s partner roles were created.` : ""));
      setGiven(r);
    } catch (err) {
      setError(err);
      if (!FIELDS.some((f) => fieldError(err, f))) notifyError(err, "Access not given");
    } finally {
      setBusy(false);
    }
  };

  const frame = { border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 };
  if (given) return <Confirmation given={given} onClose={onClose} style={frame} />;
  return (
    <form onSubmit={submit} noValidate data-testid="give-access-form">
      <Stack gap="sm" p="md" style={frame}>
        <Title order={3} size="h6">Give {contact.name} portal access</Title>
        <Group grow align="start">
          <Select label="Portal role" data={options(record.portal_roles)} value={portal} onChange={setPortal}
            error={fieldError(error, "portal_role_id")} comboboxProps={{ withinPortal: true }} data-testid="give-role" />
          <Select label="Agent role" placeholder="None" clearable data={options(record.agent_roles)} value={agent} onChange={setAgent}
            error={fieldError(error, "agent_role_id")} comboboxProps={{ withinPortal: true }} description="What customer data they work with" />
          <Select label="Admin role" data={options(record.admin_roles)} value={admin} onChange={setAdmin}
            error={fieldError(error, "admin_role_id")} comboboxProps={{ withinPortal: true }} description="Portal features they administer" />
        </Group>
        {first ? (
          <TextInput label="Hierarchy role" value={`${record.account.name} Partner User`} readOnly
            description="The first partner user gets this role; the account's three partner roles are created with it (HIER-1)." />
        ) : (
          <Select label="Hierarchy role" data={record.branch.map((b) => ({ value: b.id, label: b.name }))} value={hierarchy}
            onChange={setHierarchy} error={fieldError(error, "hierarchy_role_id")} comboboxProps={{ withinPortal: true }} />
        )}
        <Checkbox label="Can give login access to subpartners" checked={subpartners} onChange={(e) => setSubpartners(e.currentTarget.checked)} />
        <Radio.Group label="Sign-in details" value={method} onChange={(v) => setMethod(v as Method)}>
          <Stack gap={6} mt={6}>
            <Radio value="notification" label="Send access notification — they set their own password (recommended)" data-testid="delivery-notification" />
            <Radio value="manual" label="Manually assign a password" data-testid="delivery-manual" />
            <Radio value="temporary" label="Generate a temporary password, shown once" data-testid="delivery-temporary" />
          </Stack>
        </Radio.Group>
        {method === "manual" && (
          <>
            <PasswordFields value={password} onChange={setPassword} confirm={repeat} onConfirmChange={setRepeat}
              email={contact.email} name={contact.name} error={fieldError(error, "password")} testId="partner-password" />
            <Checkbox label="Require password change on next login" checked={requireChange} onChange={(e) => setRequireChange(e.currentTarget.checked)} />
            <Text size="xs" c="dimmed">Pass the password on by phone or in person — never by email.</Text>
          </>
        )}
        {fieldError(error, "licences") && <Alert color="red">{fieldError(error, "licences")}</Alert>}
        {fieldError(error, "account_id") && <Alert color="red">{fieldError(error, "account_id")}</Alert>}
        <Text size="xs" c="dimmed">Takes one partner licence: {record.licences_used} of {record.features.licences} in use.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={busy} data-testid="give-access-submit">Give access</Button>
        </Group>
      </Stack>
    </form>
  );
}

function Confirmation({ given, onClose, style }: { given: AccessGiven; onClose: () => void; style: React.CSSProperties }) {
  const details = (
    <Stack gap={4}>
      <Text size="sm">Signs in to the partner portal as <b>{given.email}</b>, at <b>{given.hierarchy_role}</b>.</Text>
      <Text size="sm">Roles: {given.roles.join(" · ")}</Text>
      <Text size="xs" c="dimmed">May: {given.permissions.join(", ") || "nothing yet"}</Text>
    </Stack>
  );
  return (
    <Stack p="md" style={style} data-testid="access-given">
      <Title order={3} size="h6">Access given</Title>
      {given.temporary_password ? (
        <ShownOnce email={given.email} password={given.temporary_password}>{details}</ShownOnce>
      ) : (
        <>
          {given.delivery === "notification" ? (
            <Alert color="teal">
              An access notification for {given.email} is in the outbox; they set their own password with this
              one-time link (shown once, works for 7 days):
              {given.invitation && (
                <Group gap="xs" mt={6} wrap="nowrap">
                  <Code data-testid="access-invitation-link" style={{ wordBreak: "break-all" }}>
                    {given.invitation.link ?? given.invitation.code}
                  </Code>
                  <CopyButton value={given.invitation.link ?? given.invitation.code}>
                    {({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? "Copied" : "Copy"}</Button>}
                  </CopyButton>
                </Group>
              )}
              {given.invitation && !given.invitation.link && (
                <Text size="xs" mt={4}>Set the portal's address in Settings to get a link instead of a code.</Text>
              )}
            </Alert>
          ) : (
            <Alert color="teal">
              Password set{given.must_change ? "; it must be changed at the first sign-in" : ""}. Pass it on by a channel other than email.
            </Alert>
          )}
          {details}
        </>
      )}
      <Group justify="flex-end"><Button onClick={onClose} data-testid="access-given-done">Done</Button></Group>
    </Stack>
  );
}
