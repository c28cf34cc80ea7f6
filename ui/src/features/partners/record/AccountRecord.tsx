// The partner account record: Overview, Contacts & users, Access, Hierarchy. Every tab
// works on the same record from Rust and replaces it with what each command returns.
import { Badge, Drawer, Group, Loader, Tabs, Text } from "@mantine/core";
import { IconBinaryTree, IconId, IconKey, IconUsersGroup } from "@tabler/icons-react";
import { useCallback, useEffect, useState } from "react";
import { api, type AccountPeople, type PartnerRow, type SessionInfo } from "../../../ipc";
import { notifyError } from "../../../lib/notify";
import { AccessTab } from "./AccessTab";
import { BranchTab } from "./BranchTab";
import { ContactsTab } from "./ContactsTab";
import { OverviewTab } from "./OverviewTab";

export type RecordTab = "overview" | "people" | "access" | "hierarchy";

interface Props {
  session: SessionInfo;
  account: PartnerRow | null;
  tab: RecordTab;
  onTab: (t: RecordTab) => void;
  onClose: () => void;
  onChanged: () => void;
}

export interface TabProps {
  session: SessionInfo;
  record: AccountPeople;
  /** Replace the record with the one a command returned, and refresh the list behind. */
  onRecord: (r: AccountPeople) => void;
  reload: () => void;
  /** The page of contacts shown: a search over names and emails, and an offset. */
  page: ContactPage;
  onPage: (p: ContactPage) => void;
}

export interface ContactPage {
  search: string;
  offset: number;
}

export const PAGE_SIZE = 200;

export function AccountRecord({ session, account, tab, onTab, onClose, onChanged }: Props) {
  const [record, setRecord] = useState<AccountPeople | null>(null);
  const [page, setPage] = useState<ContactPage>({ search: "", offset: 0 });
  const load = useCallback(() => {
    if (!account) return;
    const q = { account_id: account.id, search: page.search, offset: page.offset, limit: PAGE_SIZE };
    api.partnerPeople(q).then(setRecord, notifyError);
  }, [account, page]);
  useEffect(() => setPage({ search: "", offset: 0 }), [account]);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    if (!account) setRecord(null);
  }, [account]);
  const onRecord = (r: AccountPeople) => {
    setRecord(r);
    onChanged();
  };
  const a = record?.account ?? account;
  const title = (
    <Group gap="sm">
      <Text fw={600} size="lg">{a?.name}</Text>
      {a && <Badge color={a.enabled ? "teal" : "gray"} data-testid="record-status">{a.enabled ? "Enabled" : "Not enabled"}</Badge>}
      {a && <Badge variant="light" color={a.kind === "business" ? "blue" : "gray"}>{a.kind === "business" ? "Business" : "Person"} account</Badge>}
    </Group>
  );
  const props = record ? { session, record, onRecord, reload: load, page, onPage: setPage } : null;
  return (
    <Drawer opened={account !== null} onClose={onClose} title={title} position="right" size="xl" data-testid="account-record">
      <Tabs value={tab} onChange={(v) => onTab((v ?? "overview") as RecordTab)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview" leftSection={<IconId size={16} />} data-testid="tab-overview">Overview</Tabs.Tab>
          <Tabs.Tab value="people" leftSection={<IconUsersGroup size={16} />} data-testid="tab-people">Contacts & users</Tabs.Tab>
          <Tabs.Tab value="access" leftSection={<IconKey size={16} />} data-testid="tab-access">Access</Tabs.Tab>
          <Tabs.Tab value="hierarchy" leftSection={<IconBinaryTree size={16} />} data-testid="tab-hierarchy">Hierarchy</Tabs.Tab>
        </Tabs.List>
        {!props && <Loader size="sm" />}
        {props && (
          <>
            <Tabs.Panel value="overview"><OverviewTab {...props} /></Tabs.Panel>
            <Tabs.Panel value="people"><ContactsTab {...props} /></Tabs.Panel>
            <Tabs.Panel value="access"><AccessTab {...props} /></Tabs.Panel>
            <Tabs.Panel value="hierarchy"><BranchTab {...props} /></Tabs.Panel>
          </>
        )}
      </Tabs>
    </Drawer>
  );
}
