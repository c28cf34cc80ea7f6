// The partner account record: Overview, Contacts & users, Access, Hierarchy. Every tab
// works on the same record from Rust and replaces it with what each command returns.
import { Badge, Drawer, Group, Tabs, Text } from "@mantine/core";
import { IconBinaryTree, IconId, IconKey, IconUsersGroup } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type AccountPeople, type PartnerRow, type SessionInfo } from "../../../ipc";
import { keys } from "../../../lib/keys";
import { queryClient } from "../../../lib/queryClient";
import { QueryView } from "../../../lib/states";
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
}

export interface TabProps {
  session: SessionInfo;
  record: AccountPeople;
  /** Show the record a command returned at once (its re-read follows). */
  onRecord: (r: AccountPeople) => void;
  /** The page of contacts shown: a search over names and emails, and an offset. */
  page: ContactPage;
  onPage: (p: ContactPage) => void;
}

export interface ContactPage {
  search: string;
  offset: number;
}

export const PAGE_SIZE = 200;

export function AccountRecord({ session, account, tab, onTab, onClose }: Props) {
  // The contacts' page belongs to one account: another account starts at its first page.
  const [paging, setPaging] = useState<{ of?: string; page: ContactPage }>({ page: { search: "", offset: 0 } });
  const page = paging.of === account?.id ? paging.page : { search: "", offset: 0 };
  const setPage = (p: ContactPage) => setPaging({ of: account?.id, page: p });
  const q = { account_id: account?.id ?? "", search: page.search, offset: page.offset, limit: PAGE_SIZE };
  const query = useQuery({ queryKey: keys.people(q), queryFn: () => api.partnerPeople(q), enabled: account !== null });
  const record = account ? query.data : undefined;
  const onRecord = (r: AccountPeople) => queryClient.setQueryData(keys.people(q), r);
  const a = record?.account ?? account;
  const title = (
    <Group gap="sm">
      <Text fw={600} size="lg">{a?.name}</Text>
      {a && <Badge color={a.enabled ? "teal" : "gray"} data-testid="record-status">{a.enabled ? "Enabled" : "Not enabled"}</Badge>}
      {a && <Badge variant="light" color={a.kind === "business" ? "blue" : "gray"}>{a.kind === "business" ? "Business" : "Person"} account</Badge>}
    </Group>
  );

  return (
    <Drawer opened={account !== null} onClose={onClose} title={title} position="right" size="xl" data-testid="account-record">
      <Tabs value={tab} onChange={(v) => onTab((v ?? "overview") as RecordTab)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview" leftSection={<IconId size={16} />} data-testid="tab-overview">Overview</Tabs.Tab>
          <Tabs.Tab value="people" leftSection={<IconUsersGroup size={16} />} data-testid="tab-people">Contacts & users</Tabs.Tab>
          <Tabs.Tab value="access" leftSection={<IconKey size={16} />} data-testid="tab-access">Access</Tabs.Tab>
          <Tabs.Tab value="hierarchy" leftSection={<IconBinaryTree size={16} />} data-testid="tab-hierarchy">Hierarchy</Tabs.Tab>
        </Tabs.List>
        {account && (
          <QueryView query={query} what="The account">
            {(record) => {
              const props = { session, record, onRecord, page, onPage: setPage };
              return (
                <>
                  <Tabs.Panel value="overview"><OverviewTab {...props} /></Tabs.Panel>
                  <Tabs.Panel value="people"><ContactsTab {...props} /></Tabs.Panel>
                  <Tabs.Panel value="access"><AccessTab {...props} /></Tabs.Panel>
                  <Tabs.Panel value="hierarchy"><BranchTab {...props} /></Tabs.Panel>
                </>
              );
            }}
          </QueryView>
        )}
      </Tabs>
    </Drawer>
  );
}
