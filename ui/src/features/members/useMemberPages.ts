// Loads the members table page by page as rows scroll into view (MEM-5: 100,000 members).
// Pages are cached per query; any change to the query or a `version` bump starts over.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, type MemberPage, type MemberRow } from "../../ipc";
import type { MemberTab } from "../../gen/MemberTab";
import type { TabCount } from "../../gen/TabCount";
import { notifyError } from "../../lib/notify";

export const PAGE = 200;

export interface MemberQuery {
  tab: MemberTab;
  search: string;
  removed: boolean;
}

export function useMemberPages(query: MemberQuery, version: number) {
  const [total, setTotal] = useState(0);
  const [tabs, setTabs] = useState<TabCount[]>([]);
  const [loading, setLoading] = useState(true);
  const [pages, setPages] = useState<Map<number, MemberRow[]>>(new Map());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const key = JSON.stringify(query);

  const fetchPage = useCallback(
    (page: number, gen: number) => {
      if (inFlight.current.has(page)) return;
      inFlight.current.add(page);
      const q = JSON.parse(key) as MemberQuery;
      api
        .memberList({ ...q, offset: page * PAGE, limit: PAGE })
        .then((res: MemberPage) => {
          if (gen !== generation.current) return;
          setTotal(res.total);
          setTabs(res.tabs);
          setPages((old) => new Map(old).set(page, res.rows));
        }, notifyError)
        .finally(() => {
          inFlight.current.delete(page);
          if (gen === generation.current) setLoading(false);
        });
    },
    [key],
  );

  useEffect(() => {
    generation.current += 1;
    inFlight.current.clear();
    setPages(new Map());
    setLoading(true);
    fetchPage(0, generation.current);
  }, [fetchPage, version]);

  const rowAt = useCallback(
    (index: number): MemberRow | undefined => {
      const page = Math.floor(index / PAGE);
      const rows = pages.get(page);
      if (!rows) {
        fetchPage(page, generation.current);
        return undefined;
      }
      return rows[index - page * PAGE];
    },
    [pages, fetchPage],
  );

  const loadedRows = useCallback(() => [...pages.values()].flat(), [pages]);

  return { total, tabs, loading, rowAt, loadedRows };
}
