// A new partner account: name, business or person account, owner (its channel manager), parent.
import { Button, Drawer, Group, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import { useMemberChoices, usePartnerChoices } from "../../lib/queries";
import type { AccountKind } from "../../gen/AccountKind";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";

interface Option {
  value: string;
  label: string;
}

export function NewPartnerDrawer({ session, opened, onClose }: { session: SessionInfo; opened: boolean; onClose: () => void }) {
  const me = session.me;
  const [name, setName] = useState("");
  const [kind, setKind] = useState<AccountKind>("business");
  const [owner, setOwner] = useState<string | null>(me?.id ?? null);
  const [parent, setParent] = useState<string | null>(null);
  const members = useMemberChoices(opened).data;
  // Without member access, you can own the account yourself.
  const self: Option[] = me ? [{ value: me.id, label: `${me.name} (you)` }] : [];
  const owners = [...self, ...(members ?? []).filter((r) => r.id !== me?.id && r.status === "active").map((r) => ({ value: r.id, label: r.name || r.email }))];
  const parents = (usePartnerChoices(opened).data ?? []).map((r) => ({ value: r.id, label: r.name }));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);


  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.partnerCreate({ name, kind, owner_id: owner ?? "", parent_id: parent ?? undefined });
      notifySuccess(`${r.name} was added. Enable it as a partner when it is ready for portal access.`);
      setName("");
      setParent(null);
      onClose();
    } catch (err) {
      setError(err);
      if (!["name", "owner_id", "parent_id"].some((f) => fieldError(err, f))) notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer opened={opened} onClose={onClose} title="New partner account" position="right" size="md">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Account name" value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus
            error={fieldError(error, "name")} data-testid="partner-name" />
          <Stack gap={4}>
            <Text size="sm" fw={500}>Type</Text>
            <SegmentedControl value={kind} onChange={(v) => setKind(v as AccountKind)}
              data={[{ value: "business", label: "Business account" }, { value: "person", label: "Person account" }]} />
            <Text size="xs" c="dimmed">Only business accounts can be enabled as partners.</Text>
          </Stack>
          <Select label="Owner (channel manager)" data={owners} value={owner} onChange={setOwner} searchable
            error={fieldError(error, "owner_id")} comboboxProps={{ withinPortal: true }} />
          <Select label="Parent partner" description="For a subpartner" data={parents} value={parent} onChange={setParent}
            clearable searchable error={fieldError(error, "parent_id")} comboboxProps={{ withinPortal: true }} />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} data-testid="partner-create">Add account</Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
