// Rows of a long list loaded page by page as they scroll into view (a virtualised table
// asks for row i; its page is fetched once). A new `key` (the query) or `version` starts over.
import { useCallback, useEffect, useRef, useState } from "react";
import { notifyError } from "./notify";

export interface Paged<Row> {
  total: number;
  rows: Row[];
}

export function usePagedRows<Row, Res extends Paged<Row>>(
  key: string,
  fetch: (offset: number, limit: number) => Promise<Res>,
  version: number,
  pageSize: number,
) {
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [pages, setPages] = useState<Map<number, Row[]>>(new Map());
  // The latest answer, for what comes with every page (tab counts, filters' options).
  const [latest, setLatest] = useState<Res | null>(null);
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  const fetchPage = useCallback(
    (page: number, gen: number) => {
      if (inFlight.current.has(page)) return;
      inFlight.current.add(page);
      fetchRef
        .current(page * pageSize, pageSize)
        .then((res) => {
          if (gen !== generation.current) return;
          setTotal(res.total);
          setLatest(res);
          setPages((old) => new Map(old).set(page, res.rows));
        }, notifyError)
        .finally(() => {
          inFlight.current.delete(page);
          if (gen === generation.current) setLoading(false);
        });
    },
    [pageSize],
  );

  useEffect(() => {
    generation.current += 1;
    inFlight.current.clear();
    setPages(new Map());
    setLoading(true);
    fetchPage(0, generation.current);
  }, [fetchPage, key, version]);

  const rowAt = useCallback(
    (index: number): Row | undefined => {
      const page = Math.floor(index / pageSize);
      const rows = pages.get(page);
      if (!rows) {
        fetchPage(page, generation.current);
        return undefined;
      }
      return rows[index - page * pageSize];
    },
    [pages, fetchPage, pageSize],
  );

  const loadedRows = useCallback(() => [...pages.values()].flat(), [pages]);

  return { total, loading, rowAt, loadedRows, latest };
}
