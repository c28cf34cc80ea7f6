// An account's contacts and partner users: add a contact, give access (PU-1, HIER-1), revoke (PU-6).
import { Badge, Button, Checkbox, Drawer, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useCallback, useEffect, useState } from "react";
import { api, type AccountPeople, type PartnerRow, type SessionInfo } from "../../ipc";
import type { ContactRow } from "../../gen/ContactRow";
import { confirm } from "../../lib/confirm";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";

interface Props {
  session: SessionInfo;
  account: PartnerRow | null;
  onClose: () => void;
  onChanged: () => void;
}

export function PeopleDrawer({ session, account, onClose, onChanged }: Props) {
  const [people, setPeople] = useState<AccountPeople | null>(null);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [giving, setGiving] = useState<ContactRow | null>(null);
  const load = useCallback(() => {
    if (account) api.partnerPeople({ account_id: account.id }).then(setPeople, notifyError);
  }, [account]);
  useEffect(() => {
    setPeople(null);
    setGiving(null);
    load();
  }, [load]);
  const update = (p: AccountPeople) => {
    setPeople(p);
    onChanged();
  };
  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!account) return;
    setError(null);
    try {
      update(await api.contactCreate({ account_id: account.id, name, email }));
      notifySuccess(`${name.trim()} added to ${account.name}.`);
      setName("");
      setEmail("");
    } catch (err) {
      setError(err);
      if (!fieldError(err, "name") && !fieldError(err, "email")) notifyError(err);
    }
  };
  const revoke = async (c: ContactRow) => {
    const ok = await confirm({ title: `Revoke ${c.name}'s portal access?`, message: "Their licence is freed and their records stop rolling up. The contact stays.", confirmLabel: "Revoke access", danger: true });
    if (!ok) return;
    try {
      update(await api.revokeAccess({ contact_id: c.id }));
      notifySuccess(`${c.name} no longer has portal access.`);
    } catch (err) {
      notifyError(err);
    }
  };
  const manage = can(session, "special.manage_partner_access");
  return (
    <Drawer opened={account !== null} onClose={onClose} title={`${account?.name ?? ""} — contacts & users`} position="right" size="xl">
      <Stack>
        <Table verticalSpacing="xs" data-testid="people-table">
          <Table.Thead>
            <Table.Tr><Table.Th>Person</Table.Th><Table.Th>Portal role</Table.Th><Table.Th>Hierarchy role</Table.Th><Table.Th>Access</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {people?.contacts.map((c) => (
              <Table.Tr key={c.id} data-testid="person-row" data-email={c.email}>
                <Table.Td><Text size="sm" fw={500}>{c.name}</Text><Text size="xs" c="dimmed">{c.email}</Text></Table.Td>
                <Table.Td>{c.portal_role ?? "—"}</Table.Td>
                <Table.Td data-testid="person-hierarchy">{c.hierarchy_role ?? "—"}</Table.Td>
                <Table.Td><Badge color={c.access ? "teal" : c.revoked ? "red" : "gray"} data-testid="person-access">{c.access ? "Has access" : c.revoked ? "Revoked" : "No access"}</Badge></Table.Td>
                <Table.Td>
                  {manage && !c.access && <Button size="xs" variant="light" onClick={() => setGiving(c)} data-testid="give-access-open">Give access…</Button>}
                  {manage && c.access && <Button size="xs" variant="subtle" color="red" onClick={() => revoke(c)}>Revoke</Button>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {people && people.contacts.length === 0 && <Text c="dimmed" size="sm">No contacts yet.</Text>}
        {giving && people && <GiveAccessForm session={session} people={people} contact={giving} onDone={(p) => { setGiving(null); update(p); }} onCancel={() => setGiving(null)} />}
        {can(session, "partner_users.create") && (
          <form onSubmit={add} noValidate>
            <Title order={6} mb="xs">Add a contact</Title>
            <Group align="end">
              <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, "name")} data-testid="contact-name" />
              <TextInput label="Email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, "email")} w={260} data-testid="contact-email" />
              <Button type="submit" variant="default" data-testid="contact-add">Add contact</Button>
            </Group>
          </form>
        )}
      </Stack>
    </Drawer>
  );
}

interface GiveProps {
  session: SessionInfo;
  people: AccountPeople;
  contact: ContactRow;
  onDone: (p: AccountPeople) => void;
  onCancel: () => void;
}

function GiveAccessForm({ session, people, contact, onDone, onCancel }: GiveProps) {
  const first = people.branch.length === 0;
  // PU-1's default is Advanced Partner Center, which needs Advanced Partner Access (WS-2).
  const preferred = session.partner_features.advanced_partner_access ? "Advanced Partner Center" : "Standard Partner Center";
  const initial = people.portal_roles.find((r) => r.name === preferred) ?? people.portal_roles[0];
  const [role, setRole] = useState<string | null>(initial?.id ?? null);
  const [hierarchy, setHierarchy] = useState<string | null>(people.branch[people.branch.length - 1]?.id ?? null);
  const [subpartners, setSubpartners] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const p = await api.giveAccess({ contact_id: contact.id, portal_role_id: role ?? "", hierarchy_role_id: first ? undefined : hierarchy ?? undefined, can_grant_subpartners: subpartners });
      notifySuccess(`${contact.name} now has portal access.` + (first ? ` ${people.account.name}'s partner roles were created.` : ""));
      onDone(p);
    } catch (err) {
      setError(err);
      if (!fieldError(err, "portal_role_id") && !fieldError(err, "hierarchy_role_id")) notifyError(err, "Access not given");
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="give-access-form">
      <Stack gap="sm" p="md" style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 }}>
        <Title order={6}>Give {contact.name} portal access</Title>
        <Select label="Portal role" data={people.portal_roles.map((r) => ({ value: r.id, label: r.name }))} value={role} onChange={setRole}
          error={fieldError(error, "portal_role_id")} comboboxProps={{ withinPortal: true }} data-testid="give-role" />
        {first ? (
          <TextInput label="Hierarchy role" value={`${people.account.name} Partner User`} readOnly
            description="The first partner user of an account gets this role; the account's partner roles are created with it." />
        ) : (
          <Select label="Hierarchy role" data={people.branch.map((b) => ({ value: b.id, label: b.name }))} value={hierarchy} onChange={setHierarchy}
            error={fieldError(error, "hierarchy_role_id")} comboboxProps={{ withinPortal: true }} />
        )}
        <Checkbox label="Can give login access to subpartners" checked={subpartners} onChange={(e) => setSubpartners(e.currentTarget.checked)} />
        <Text size="xs" c="dimmed">Takes one partner licence. Sign-in details (notification or password) arrive in the next release.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" loading={busy} data-testid="give-access-submit">Give access</Button>
        </Group>
      </Stack>
    </form>
  );
}
