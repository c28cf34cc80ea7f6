// The members table's list, read page by page as rows scroll into view (MEM-5: 100,000
// members). Each query (tab, search, removed) has its own cached pages.
import { api, type MemberPage } from "../../ipc";
import type { MemberSort } from "../../gen/MemberSort";
import type { MemberTab } from "../../gen/MemberTab";
import { keys } from "../../lib/keys";
import { usePagedList } from "../../lib/usePages";

export const PAGE = 200;

export interface MemberQuery {
  tab: MemberTab;
  search: string;
  removed: boolean;
  /** The column the table is sorted by (Rust sorts). */
  sort: MemberSort;
}

export function useMemberPages(query: MemberQuery) {
  const list = usePagedList<MemberPage>(
    keys.members(query),
    (offset, limit) => api.memberList({ ...query, offset, limit }),
    PAGE,
  );
  return { ...list, tabs: list.first?.tabs ?? [] };
}

export type MemberPages = ReturnType<typeof useMemberPages>;
