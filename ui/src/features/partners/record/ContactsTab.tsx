// Contacts & users: add contacts, give access (PU-1..PU-5, HIER-1), revoke (PU-6), and see
// what each partner user sees and why.
import { ActionIcon, Badge, Button, Group, Modal, Stack, Table, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconEye, IconLogin, IconSearch } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { api } from "../../../ipc";
import type { ContactRow } from "../../../gen/ContactRow";
import { confirm } from "../../../lib/confirm";
import { fieldError, notifyError, notifySuccess } from "../../../lib/notify";
import { can } from "../../../lib/permissions";
import { PAGE_SIZE, type TabProps } from "./AccountRecord";
import { GiveAccessForm } from "./GiveAccessForm";
import { VisibilityPanel } from "./VisibilityPanel";
import { LogInAsPartnerDialog } from "../../preview/LogInAsPartnerDialog";

export function ContactsTab({ session, record, onRecord, page, onPage }: TabProps) {
  const [searchText, setSearchText] = useState(page.search);
  const [search] = useDebouncedValue(searchText, 200);
  useEffect(() => {
    if (search !== page.search) onPage({ search, offset: 0 });
  }, [search, page.search, onPage]);
  const last = Math.min(page.offset + record.contacts.length, record.contacts_total);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [giving, setGiving] = useState<ContactRow | null>(null);
  const [viewing, setViewing] = useState<ContactRow | null>(null);
  const [previewing, setPreviewing] = useState<ContactRow | null>(null);
  const account = record.account;
  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      onRecord(await api.contactCreate({ account_id: account.id, name, email }));
      notifySuccess(`${name.trim()} added to ${account.name}.`);
      setName("");
      setEmail("");
    } catch (err) {
      setError(err);
      if (!fieldError(err, "name") && !fieldError(err, "email")) notifyError(err);
    }
  };
  const revoke = async (c: ContactRow) => {
    const ok = await confirm({
      title: `Revoke ${c.name}'s portal access?`,
      message: "Their licence is freed and their records stop rolling up to the account's partner roles. The contact stays.",
      confirmLabel: "Revoke access",
      danger: true,
    });
    if (!ok) return;
    try {
      onRecord(await api.revokeAccess({ contact_id: c.id }));
      notifySuccess(`${c.name} no longer has portal access.`);
    } catch (err) {
      notifyError(err);
    }
  };
  const manage = can(session, "special.manage_partner_access");
  return (
    <Stack>
      <Group justify="space-between">
        <TextInput placeholder="Search people" leftSection={<IconSearch size={16} />} w={280} value={searchText}
          onChange={(e) => setSearchText(e.currentTarget.value)} aria-label="Search contacts and users" data-testid="people-search" />
        <Group gap="xs">
          <Text size="xs" c="dimmed" data-testid="people-count">
            {record.contacts_total === 0 ? "No one" : `${page.offset + 1}–${last} of ${record.contacts_total}`} · {record.users_total} with access
          </Text>
          <Button size="xs" variant="default" disabled={page.offset === 0}
            onClick={() => onPage({ ...page, offset: Math.max(0, page.offset - PAGE_SIZE) })}>Previous</Button>
          <Button size="xs" variant="default" disabled={last >= record.contacts_total}
            onClick={() => onPage({ ...page, offset: page.offset + PAGE_SIZE })}>Next</Button>
        </Group>
      </Group>
      <Table verticalSpacing="xs" data-testid="people-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Person</Table.Th>
            <Table.Th>Roles</Table.Th>
            <Table.Th>Hierarchy role</Table.Th>
            <Table.Th>Access</Table.Th>
            <Table.Th><span className="sr-only">Actions</span></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {record.contacts.map((c) => (
            <Table.Tr key={c.id} data-testid="person-row" data-email={c.email}>
              <Table.Td><Text size="sm" fw={500}>{c.name}</Text><Text size="xs" c="dimmed">{c.email}</Text></Table.Td>
              <Table.Td>
                <Text size="sm">{c.portal_role ?? "—"}</Text>
                {c.access && <Text size="xs" c="dimmed">{[c.agent_role, c.admin_role].filter(Boolean).join(" · ")}</Text>}
              </Table.Td>
              <Table.Td data-testid="person-hierarchy">{c.hierarchy_role ?? "—"}</Table.Td>
              <Table.Td>
                <Badge color={c.access ? "teal" : c.revoked ? "red" : "gray"} miw="max-content" data-testid="person-access">
                  {c.access ? "Has access" : c.revoked ? "Revoked" : "No access"}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  {c.access && (
                    <Tooltip label="What they see, and why">
                      <ActionIcon variant="subtle" onClick={() => setViewing(c)} aria-label={`What ${c.name} sees`} data-testid="person-sees">
                        <IconEye size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                  {manage && !c.access && (
                    <Button size="xs" variant="light" onClick={() => setGiving(c)} data-testid="give-access-open">Give access…</Button>
                  )}
                  {manage && c.access && <Button size="xs" variant="subtle" color="red" onClick={() => revoke(c)}>Revoke</Button>}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {record.contacts.length === 0 && <Text c="dimmed" size="sm">{page.search ? "Nobody matches." : "No contacts yet."}</Text>}
      {giving && (
        <GiveAccessForm session={session} record={record} contact={giving} onRecord={onRecord} onClose={() => setGiving(null)} />
      )}
      {can(session, "partner_users.create") && !giving && (
        <form onSubmit={add} noValidate>
          <Title order={3} size="h6" mb="xs">Add a contact</Title>
          <Group align="end">
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, "name")} data-testid="contact-name" />
            <TextInput label="Email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, "email")} w={260} data-testid="contact-email" />
            <Button type="submit" variant="default" data-testid="contact-add">Add contact</Button>
          </Group>
        </form>
      )}
      <Modal opened={viewing !== null} onClose={() => setViewing(null)} title={`What ${viewing?.name ?? ""} sees`} size="xl" centered>
        {viewing && <VisibilityPanel contactId={viewing.id} session={session} />}
        {viewing?.access && can(session, "special.log_in_as_partner") && (
          <Group justify="flex-end" mt="md">
            <Button variant="light" leftSection={<IconLogin size={16} />} onClick={() => { setPreviewing(viewing); setViewing(null); }}
              data-testid="sees-log-in-as-partner">
              Log in as {viewing.name}
            </Button>
          </Group>
        )}
      </Modal>
      <LogInAsPartnerDialog session={session} contact={previewing} onClose={() => setPreviewing(null)} />
    </Stack>
  );
}
