// PC-4, PC-5, PA-4: as a partner's own Global admin or User management admin, add a
// colleague to the account (or a subpartner, when allowed). Rust applies the partner
// admin's rights — never beyond their own permissions — and the new user gets a temporary
// password, shown once. The journal records the manager acting as the partner user.
import { Button, Group, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { api, type AccountPeople } from "../../../ipc";
import type { ContactRow } from "../../../gen/ContactRow";
import type { PortalUserAdded } from "../../../gen/PortalUserAdded";
import { fieldError, notifyError } from "../../../lib/notify";
import { ShownOnce } from "../../auth/ShownOnce";

const FIELDS = ["name", "email", "account_id", "roles", "portal_role_id", "agent_role_id", "admin_role_id"];

export function PartnerAdminForm({ record, admin, onRecord }: { record: AccountPeople; admin: ContactRow; onRecord: (r: AccountPeople) => void }) {
  const accounts = [record.account, ...record.subpartners].map((a) => ({ value: a.id, label: a.name }));
  const options = (rows: AccountPeople["portal_roles"]) => rows.map((r) => ({ value: r.id, label: r.name }));
  const [account, setAccount] = useState<string | null>(record.account.id);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [portal, setPortal] = useState<string | null>(record.portal_roles.find((r) => r.name === "Standard Partner Center")?.id ?? null);
  const [agent, setAgent] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [added, setAdded] = useState<PortalUserAdded | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.portalAddUser({
        as_contact_id: admin.id,
        account_id: account ?? "",
        name,
        email,
        portal_role_id: portal ?? "",
        agent_role_id: agent ?? undefined,
        admin_role_id: role ?? undefined,
      });
      setAdded(r);
      setName("");
      setEmail("");
      if (r.record.account.id === record.account.id) onRecord(r.record);
    } catch (err) {
      setError(err);
      if (!FIELDS.some((f) => fieldError(err, f))) notifyError(err, "Not added");
    }
  };
  return (
    <Stack gap="xs" data-testid="partner-admin-form">
      <Title order={6}>As {admin.name}: add a colleague</Title>
      <Text size="xs" c="dimmed">
        What {admin.name} may do in the portal as {admin.admin_role}: add users to {record.account.name}
        {record.subpartners.length > 0 ? " or its subpartners (when allowed to)" : ""}, never beyond their own permissions.
      </Text>
      {added ? (
        <Stack>
          <ShownOnce email={added.email} password={added.temporary_password}>
            <Text size="sm">{added.email} was added to {added.record.account.name}.</Text>
          </ShownOnce>
          <Group><Button variant="default" onClick={() => setAdded(null)}>Add another</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <Group grow align="start">
              <Select label="Account" data={accounts} value={account} onChange={setAccount} error={fieldError(error, "account_id")} comboboxProps={{ withinPortal: true }} />
              <TextInput label="Full name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, "name")} data-testid="padmin-name" />
              <TextInput label="Email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, "email")} data-testid="padmin-email" />
            </Group>
            <Group grow align="start">
              <Select label="Portal role" data={options(record.portal_roles)} value={portal} onChange={setPortal}
                error={fieldError(error, "portal_role_id") ?? fieldError(error, "roles")} comboboxProps={{ withinPortal: true }} />
              <Select label="Agent role" placeholder="None" clearable data={options(record.agent_roles)} value={agent} onChange={setAgent}
                error={fieldError(error, "agent_role_id")} comboboxProps={{ withinPortal: true }} />
              <Select label="Admin role" placeholder="No admin" clearable data={options(record.admin_roles)} value={role} onChange={setRole}
                error={fieldError(error, "admin_role_id")} comboboxProps={{ withinPortal: true }} />
            </Group>
            <Group><Button type="submit" variant="light" data-testid="padmin-add">Add user as {admin.name}</Button></Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
