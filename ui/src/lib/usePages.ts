// A long list read from Rust page by page as rows scroll into view. Each page is its own
// query (`[...key, "page", n]`), so a scrollbar dragged to row 90,000 of 100,000 reads that
// page and no other — an infinite query would read the 450 before it, in order. The cache,
// the de-duplication of a page asked for twice, and invalidation are TanStack Query's.
import { keepPreviousData, useQueries, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useCallback } from "react";

export interface Paged<Row> {
  total: number;
  rows: Row[];
}

type RowOf<Res> = Res extends Paged<infer Row> ? Row : never;

export interface PagedList<Res extends Paged<unknown>> {
  key: QueryKey;
  pageSize: number;
  fetch: (offset: number, limit: number) => Promise<Res>;
  /** The first page's answer: the total and what comes with it (tab counts, filter options). */
  first: Res | undefined;
  total: number;
  loading: boolean;
  error: unknown;
}

function pageQuery<Res extends Paged<unknown>>(list: Pick<PagedList<Res>, "key" | "fetch" | "pageSize">, page: number) {
  return {
    queryKey: [...list.key, "page", page],
    queryFn: () => list.fetch(page * list.pageSize, list.pageSize),
  };
}

/** The list's first page: enough to size the table before any row is drawn. */
export function usePagedList<Res extends Paged<unknown>>(
  key: QueryKey,
  fetch: (offset: number, limit: number) => Promise<Res>,
  pageSize: number,
): PagedList<Res> {
  // While a new search is read, the old answer stays on screen instead of a blank table.
  const first = useQuery({ ...pageQuery({ key, fetch, pageSize }, 0), placeholderData: keepPreviousData });
  return {
    key,
    pageSize,
    fetch,
    first: first.data,
    total: first.data?.total ?? 0,
    loading: first.isPending,
    error: first.error,
  };
}

/** The rows from `from` to `to` (the virtualiser's window): their pages are read, once. */
export function usePagedRows<Res extends Paged<unknown>>(list: PagedList<Res>, from: number, to: number) {
  type Row = RowOf<Res>;
  const pages: number[] = [];
  if (list.total > 0) {
    for (let p = Math.floor(from / list.pageSize); p <= Math.floor(to / list.pageSize); p++) pages.push(p);
  }
  const results = useQueries({ queries: pages.map((p) => pageQuery(list, p)) });
  const client = useQueryClient();
  const rowAt = (index: number): Row | undefined => {
    const page = Math.floor(index / list.pageSize);
    const at = pages.indexOf(page);
    const data = at >= 0 ? results[at]?.data : undefined;
    return data?.rows[index - page * list.pageSize] as Row | undefined;
  };
  /** Every row read so far (for "select all loaded"). */
  const loadedRows = useCallback(
    (): Row[] =>
      client
        .getQueriesData<Res>({ queryKey: [...list.key, "page"] })
        .sort(([a], [b]) => Number(a[a.length - 1]) - Number(b[b.length - 1]))
        .flatMap(([, d]) => (d?.rows ?? []) as Row[]),
    [client, list.key],
  );
  return { rowAt, loadedRows };
}
