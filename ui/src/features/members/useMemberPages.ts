// Loads the members table page by page as rows scroll into view (MEM-5: 100,000 members).
// Pages are cached per query; any change to the query or a `version` bump starts over.
import { useCallback } from "react";
import { api, type MemberPage, type MemberRow } from "../../ipc";
import type { MemberTab } from "../../gen/MemberTab";
import { usePagedRows } from "../../lib/usePagedRows";

export const PAGE = 200;

export interface MemberQuery {
  tab: MemberTab;
  search: string;
  removed: boolean;
}

export function useMemberPages(query: MemberQuery, version: number) {
  const key = JSON.stringify(query);
  const fetch = useCallback(
    (offset: number, limit: number) => api.memberList({ ...(JSON.parse(key) as MemberQuery), offset, limit }),
    [key],
  );
  const paged = usePagedRows<MemberRow, MemberPage>(key, fetch, version, PAGE);
  return { ...paged, tabs: paged.latest?.tabs ?? [] };
}
