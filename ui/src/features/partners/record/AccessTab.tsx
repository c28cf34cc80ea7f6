// Access: for one partner user — their roles, one per group (ROLE-6, PC-1), their hierarchy
// role (fixed for the first user, HIER-1), subpartner rights (PA-4), password (PU-3..PU-5),
// the one-shot "require change" (PU-4), and Log in as partner (PREV-1).
import { Alert, Button, Checkbox, Code, CopyButton, Divider, Group, Select, Stack, Text, Title } from "@mantine/core";
import { IconLogin } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { api, type PartnerInvitationIssued } from "../../../ipc";
import { fieldError, notifyError, notifySuccess } from "../../../lib/notify";
import { can } from "../../../lib/permissions";
import type { TabProps } from "./AccountRecord";
import { GiveAccessForm } from "./GiveAccessForm";
import { LogInAsPartnerDialog } from "../../preview/LogInAsPartnerDialog";
import { PartnerPasswordDialog } from "./PartnerPasswordDialog";
import { VisibilityPanel } from "./VisibilityPanel";

export function AccessTab({ session, record, onRecord }: TabProps) {
  const users = record.contacts.filter((c) => c.access);
  const [selected, setSelected] = useState<string | null>(users[0]?.id ?? null);
  const user = users.find((u) => u.id === selected) ?? null;
  const [portal, setPortal] = useState<string | null>(null);
  const [agent, setAgent] = useState<string | null>(null);
  const [admin, setAdmin] = useState<string | null>(null);
  const [hierarchy, setHierarchy] = useState<string | null>(null);
  const [subpartners, setSubpartners] = useState(false);
  const [requireChange, setRequireChange] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [password, setPassword] = useState(false);
  const [preview, setPreview] = useState(false);
  const [invited, setInvited] = useState<PartnerInvitationIssued | null>(null);
  // The form follows the user's *saved* access: another user, or a save, resets it; a
  // re-read that changes nothing (sync, another tab) leaves what is being edited alone.
  const saved = user
    ? [user.id, user.portal_role_id, user.agent_role_id, user.admin_role_id, user.hierarchy_role_id, user.can_grant_subpartners].join("|")
    : "";
  useEffect(() => {
    setPortal(user?.portal_role_id ?? null);
    setAgent(user?.agent_role_id ?? null);
    setAdmin(user?.admin_role_id ?? null);
    setHierarchy(user?.hierarchy_role_id ?? null);
    setSubpartners(user?.can_grant_subpartners ?? false);
    setRequireChange(false);
    setError(null);
    setInvited(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `saved` stands for `user`'s saved values
  }, [saved]);
  const manage = can(session, "special.manage_partner_access") && can(session, "partner_users.update");
  const giveTo = (
    <GiveAccessSection session={session} record={record} onRecord={onRecord} />
  );
  if (users.length === 0)
    return (
      <Stack>
        <Text c="dimmed" size="sm">Nobody at {record.account.name} has portal access yet.</Text>
        {giveTo}
      </Stack>
    );
  const options = (rows: typeof record.portal_roles) => rows.map((r) => ({ value: r.id, label: r.name }));
  const save = async () => {
    if (!user) return;
    setError(null);
    try {
      const r = await api.updateAccess({
        contact_id: user.id,
        version: user.version,
        portal_role_id: portal ?? "",
        agent_role_id: agent ?? undefined,
        admin_role_id: admin ?? undefined,
        hierarchy_role_id: hierarchy ?? "",
        can_grant_subpartners: subpartners,
      });
      if (requireChange) await api.partnerRequirePasswordChange({ contact_id: user.id });
      setRequireChange(false);
      onRecord(r);
      notifySuccess(`${user.name}'s access saved.` + (requireChange ? " They must change their password at the next sign-in." : ""));
    } catch (err) {
      setError(err);
      if (!["portal_role_id", "agent_role_id", "admin_role_id", "hierarchy_role_id"].some((f) => fieldError(err, f))) notifyError(err, "Not saved");
    }
  };
  return (
    <Stack gap="md">
      <Select label="Partner user" data={users.map((u) => ({ value: u.id, label: `${u.name} — ${u.email}` }))} value={selected}
        onChange={setSelected} w={420} searchable comboboxProps={{ withinPortal: true }} data-testid="access-user"
        description={record.users_total > users.length ? `${users.length} of ${record.users_total} shown: search in Contacts & users to reach the others` : undefined} />
      {user && (
        <>
          <Group grow align="start">
            <Select label="Portal role" data={options(record.portal_roles)} value={portal} onChange={setPortal} disabled={!manage}
              error={fieldError(error, "portal_role_id")} comboboxProps={{ withinPortal: true }} />
            <Select label="Agent role" placeholder="None" clearable data={options(record.agent_roles)} value={agent} onChange={setAgent}
              disabled={!manage} error={fieldError(error, "agent_role_id")} comboboxProps={{ withinPortal: true }} />
            <Select label="Admin role" data={options(record.admin_roles)} value={admin} onChange={setAdmin} disabled={!manage}
              error={fieldError(error, "admin_role_id")} comboboxProps={{ withinPortal: true }} />
          </Group>
          <Select label="Hierarchy role" data={record.branch.map((b) => ({ value: b.id, label: b.name }))} value={hierarchy}
            onChange={setHierarchy} disabled={!manage || user.fixed_hierarchy_role} error={fieldError(error, "hierarchy_role_id")}
            description={user.fixed_hierarchy_role ? "The account's first partner user keeps this role (HIER-1)." : undefined}
            comboboxProps={{ withinPortal: true }} w={420} />
          <Checkbox label="Can give login access to subpartners" checked={subpartners} disabled={!manage}
            onChange={(e) => setSubpartners(e.currentTarget.checked)} />
          <Checkbox label="Require password change on next login" checked={requireChange} disabled={!manage}
            onChange={(e) => setRequireChange(e.currentTarget.checked)} data-testid="access-require-change" />
          {fieldError(error, "version") && <Alert color="orange">{fieldError(error, "version")}</Alert>}
          <Group>
            {manage && <Button onClick={save} data-testid="access-save">Save access</Button>}
            {manage && <Button variant="default" onClick={() => setPassword(true)} data-testid="access-password">Set or reset password…</Button>}
            {manage && (
              <Button variant="default" data-testid="access-invite"
                onClick={() => api.partnerInvite({ contact_id: user.id }).then(setInvited, notifyError)}>
                New invitation link
              </Button>
            )}
            {can(session, "special.log_in_as_partner") && (
              <Button variant="light" leftSection={<IconLogin size={16} />} onClick={() => setPreview(true)} data-testid="log-in-as-partner">
                Log in as partner
              </Button>
            )}
          </Group>
          {invited && (
            <Alert color="teal" withCloseButton onClose={() => setInvited(null)} data-testid="access-invited"
              title={`A new link for ${invited.email} — shown once; the old one no longer works`}>
              <Group gap="xs" wrap="nowrap">
                <Code style={{ wordBreak: "break-all" }}>{invited.link ?? invited.code}</Code>
                <CopyButton value={invited.link ?? invited.code}>
                  {({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? "Copied" : "Copy"}</Button>}
                </CopyButton>
              </Group>
            </Alert>
          )}
          <Divider />
          <Group justify="space-between">
            <Title order={3} size="h6">What {user.name} sees</Title>
            {can(session, "special.log_in_as_partner") && (
              <Button size="xs" variant="subtle" leftSection={<IconLogin size={14} />} onClick={() => setPreview(true)}>
                See it as {user.name}
              </Button>
            )}
          </Group>
          <VisibilityPanel contactId={user.id} session={session} />
        </>
      )}
      <Divider />
      {giveTo}
      <PartnerPasswordDialog contact={password ? user : null} onClose={() => setPassword(false)} />
      <LogInAsPartnerDialog session={session} contact={preview ? user : null} onClose={() => setPreview(false)} />
    </Stack>
  );
}

/** PU-1 from the Access tab: pick a contact without access, then the same form as in Contacts & users. */
function GiveAccessSection({ session, record, onRecord }: Pick<TabProps, "session" | "record" | "onRecord">) {
  const candidates = record.contacts.filter((c) => !c.access);
  const [picked, setPicked] = useState<string | null>(null);
  const contact = candidates.find((c) => c.id === picked) ?? null;
  if (!can(session, "special.manage_partner_access") || !can(session, "partner_users.create")) return null;
  if (candidates.length === 0) return <Text size="sm" c="dimmed">Every contact shown has access. Add contacts in Contacts & users.</Text>;
  return (
    <Stack gap="xs">
      <Title order={3} size="h6">Give access</Title>
      <Select label="Contact" placeholder="Choose a contact without access" data={candidates.map((c) => ({ value: c.id, label: `${c.name} — ${c.email}` }))}
        value={picked} onChange={setPicked} searchable w={420} comboboxProps={{ withinPortal: true }} data-testid="access-give-contact" />
      {contact && (
        <GiveAccessForm key={contact.id} session={session} record={record} contact={contact} onRecord={onRecord} onClose={() => setPicked(null)} />
      )}
    </Stack>
  );
}
