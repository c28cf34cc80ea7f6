// Partners: which partner companies exist, which are enabled for portal access (PA-1, PA-2),
// and how much of the licence pool is used (WS-3).
import { Badge, Button, Group, Modal, Progress, SegmentedControl, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconBuildingStore, IconSearch } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { api, type PartnerPage, type PartnerRow, type SessionInfo } from "../../ipc";
import { keys } from "../../lib/keys";
import type { AccountKind } from "../../gen/AccountKind";
import type { PartnerStatusFilter } from "../../gen/PartnerStatusFilter";
import { confirm } from "../../lib/confirm";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { usePagedList } from "../../lib/usePages";
import { NewPartnerDrawer } from "./NewPartnerDrawer";
import { PartnersTable } from "./PartnersTable";
import type { PartnerSort } from "../../gen/PartnerSort";
import { AccountRecord, type RecordTab } from "./record/AccountRecord";

const PAGE = 200;

export function PartnersPage({ session, initialAccount }: { session: SessionInfo; initialAccount?: PartnerRow }) {
  const [searchText, setSearchText] = useState("");
  const [search] = useDebouncedValue(searchText, 150);
  const [status, setStatus] = useState<PartnerStatusFilter>("all");
  const [kind, setKind] = useState<AccountKind | null>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<PartnerRow | null>(null);
  const [open, setOpen] = useState<PartnerRow | null>(initialAccount ?? null);
  const [tab, setTab] = useState<RecordTab>("overview");
  const [sort, setSort] = useState<PartnerSort>({ by: "name", descending: false });
  const show = (r: PartnerRow, t: RecordTab) => {
    setTab(t);
    setOpen(r);
  };
  // Paged in Rust (20,000 accounts are never sent whole), loaded as rows scroll in.
  const q = { search, status, kind: kind ?? undefined, owner_id: owner ?? undefined, sort };
  const pages = usePagedList<PartnerPage>(keys.partners(q), (offset, limit) => api.partnerList({ ...q, offset, limit }), PAGE);
  const page = pages.first;

  const enable = async (r: PartnerRow) => {
    try {
      await api.partnerEnable({ account_id: r.id });
      notifySuccess(`${r.name} is enabled as a partner.`);
    } catch (e) {
      notifyError(e, `${r.name} was not enabled`);
    }
  };
  const disable = async (r: PartnerRow) => {
    const ok = await confirm({
      title: `Disable ${r.name}?`,
      message: "Its portal access ends and its partner users' licences are freed. Nothing is deleted; you can enable it again.",
      confirmLabel: "Disable partner",
      danger: true,
    });
    if (!ok) return;
    try {
      await api.partnerDisable({ account_id: r.id });
      notifySuccess(`${r.name} is disabled.`);
    } catch (e) {
      notifyError(e);
    }
  };
  const f = page?.features;
  const used = page?.licences_used ?? 0;

  return (
    <Stack h="100%" gap={0}>
      <Group justify="space-between" px="lg" pt="md" pb="xs">
        <div>
          <Title order={2} size="h3">Partners</Title>
          <Text size="sm" c="dimmed">Partner companies, their channel manager, and whether they have portal access.</Text>
        </div>
        {can(session, "partners.create") && (
          <Button leftSection={<IconBuildingStore size={16} />} onClick={() => setCreating(true)} data-testid="partner-new">New partner account</Button>
        )}
      </Group>
      <Group px="lg" py="xs" gap="lg">
        <Stack gap={2} w={280}>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">Partner licences</Text>
            <Text size="xs" data-testid="licence-usage">{used} of {f?.licences ?? 0} used</Text>
          </Group>
          <Progress value={f && f.licences > 0 ? (100 * used) / f.licences : 0} aria-label="Licence usage" />
        </Stack>
        <Badge color={f?.partner_access ? "teal" : "gray"}>Partner Access {f?.partner_access ? "on" : "off"}</Badge>
        <Badge color={f?.advanced_partner_access ? "teal" : "gray"}>Advanced Partner Access {f?.advanced_partner_access ? "on" : "off"}</Badge>
      </Group>
      <Group px="lg" py="sm">
        <TextInput placeholder="Search accounts" leftSection={<IconSearch size={16} />} w={300} value={searchText}
          onChange={(e) => setSearchText(e.currentTarget.value)} aria-label="Search partner accounts" data-page-search />
        <SegmentedControl value={status} onChange={(v) => setStatus(v as PartnerStatusFilter)}
          data={[{ value: "all", label: "All" }, { value: "enabled", label: "Enabled" }, { value: "disabled", label: "Not enabled" }]} />
        <Select placeholder="Any type" clearable w={160} value={kind} onChange={(v) => setKind(v as AccountKind | null)}
          data={[{ value: "business", label: "Business" }, { value: "person", label: "Person" }]} aria-label="Account type" />
        <Select placeholder="Any owner" clearable searchable w={220} value={owner} onChange={setOwner} aria-label="Owner"
          data={(page?.owners ?? []).map((o) => ({ value: o.id, label: o.name }))} data-testid="partner-owner-filter" />
      </Group>
      <PartnersTable session={session} pages={pages} sort={sort} onSort={setSort}
        actions={{ show, enable, disable, rename: setRenaming }} />
      <Text size="xs" c="dimmed" px="lg" py={6} data-testid="partners-count">
        {pages.total.toLocaleString()} {pages.total === 1 ? "account" : "accounts"}
      </Text>
      <NewPartnerDrawer session={session} opened={creating} onClose={() => setCreating(false)} />
      <RenameDialog account={renaming} onClose={() => setRenaming(null)} />
      <AccountRecord session={session} account={open} tab={tab} onTab={setTab} onClose={() => setOpen(null)} />
    </Stack>
  );
}

function RenameDialog({ account, onClose }: { account: PartnerRow | null; onClose: () => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setName(account?.name ?? "");
    setError(null);
  }, [account]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!account) return;
    try {
      const r = await api.partnerRename({ account_id: account.id, version: account.version, name });
      notifySuccess(`Renamed to ${r.name}; its partner hierarchy roles were renamed too.`);
      onClose();
    } catch (err) {
      setError(err);
      if (!fieldError(err, "name")) notifyError(err);
    }
  };
  return (
    <Modal opened={account !== null} onClose={onClose} title={`Rename ${account?.name ?? ""}`} centered>
      <form onSubmit={submit} noValidate>
        <TextInput label="Account name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, "name")} data-autofocus />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit">Rename</Button>
        </Group>
      </form>
    </Modal>
  );
}
