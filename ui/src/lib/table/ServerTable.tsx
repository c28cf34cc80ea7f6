// A long table whose rows Rust filters, sorts and pages (MEM-5, PA-1): TanStack Table holds
// the columns, the sort and the selection; TanStack Virtual draws only the rows in view; the
// rows themselves are read page by page (lib/usePages). The table is handed only the rows
// in view, so 100,000 members never become 100,000 table rows; a selection is by id and
// survives scrolling, sorting and paging.
import { Box, Checkbox, Skeleton, UnstyledButton } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconArrowsSort } from "@tabler/icons-react";
import {
  createColumnHelper,
  flexRender,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type Header,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, type ReactNode } from "react";
import { usePagedRows, type Paged, type PagedList } from "../usePages";

const features = tableFeatures({ rowSortingFeature, rowSelectionFeature });
export type TableFeatures = typeof features;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table's columns hold values of different types
export type Column<Row extends RowData> = ColumnDef<TableFeatures, Row, any>;
export const columnsOf = <Row extends RowData>() => createColumnHelper<TableFeatures, Row>();

/** One column sorted one way: what the Rust list queries take. */
export interface Sort<Key extends string> {
  by: Key;
  descending: boolean;
}

export interface Selection<Row> {
  selected: Set<string>;
  onChange: (ids: Set<string>) => void;
  /** Rows that cannot be selected show no box (a removed member). */
  canSelect: (row: Row) => boolean;
  /** "Select all loaded members", "Select Ada". */
  allLabel: string;
  rowLabel: (row: Row) => string;
}

interface Props<Row extends { id: string }, Res extends Paged<Row>> {
  label: string;
  columns: Column<Row>[];
  /** The CSS grid columns, the selection box first when there is one. */
  template: string;
  rowHeight: number;
  pages: PagedList<Res>;
  sort: Sort<string>;
  onSort: (sort: Sort<string>) => void;
  selection?: Selection<Row>;
  rowProps?: (row: Row) => Record<string, string>;
  empty: ReactNode;
  scrollTestId: string;
  testId?: string;
}

const NO_ROWS: never[] = [];

export function ServerTable<Row extends { id: string }, Res extends Paged<Row>>(props: Props<Row, Res>) {
  const { label, columns, template, rowHeight, pages, sort, onSort, selection, rowProps, empty } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: pages.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const { rowAt, loadedRows } = usePagedRows(pages, items[0]?.index ?? 0, items[items.length - 1]?.index ?? 0);
  // The rows in view that have arrived, and where each sits among them.
  const inView: Row[] = [];
  const slot = new Map<number, number>();
  for (const v of items) {
    const row = rowAt(v.index) as Row | undefined;
    if (row) {
      slot.set(v.index, inView.length);
      inView.push(row);
    }
  }

  const sorting: SortingState = [{ id: sort.by, desc: sort.descending }];
  const rowSelection: RowSelectionState = {};
  for (const id of selection?.selected ?? []) rowSelection[id] = true;
  const table = useTable({
    features,
    columns,
    data: inView.length ? inView : NO_ROWS,
    getRowId: (row) => row.id,
    state: { sorting, rowSelection },
    // Rust sorts: the table only says which column and which way.
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    sortDescFirst: false,
    onSortingChange: (next: Updater<SortingState>) => {
      const [first] = typeof next === "function" ? next(sorting) : next;
      if (first) onSort({ by: first.id, descending: first.desc });
    },
    enableRowSelection: (row) => selection?.canSelect(row.original) ?? false,
    onRowSelectionChange: (next: Updater<RowSelectionState>) => {
      const state = typeof next === "function" ? next(rowSelection) : next;
      selection?.onChange(new Set(Object.keys(state).filter((id) => state[id])));
    },
  });
  const tableRows = table.getRowModel().rows;

  // "All" is every row read so far that may be selected: the rows a manager has seen.
  const loaded = selection ? (loadedRows() as Row[]).filter(selection.canSelect) : [];
  const allLoaded = loaded.length > 0 && loaded.every((r) => selection?.selected.has(r.id));
  const toggleAll = () => selection?.onChange(allLoaded ? new Set() : new Set(loaded.map((r) => r.id)));

  return (
    <Box style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }} role="table" aria-label={label}
      aria-rowcount={pages.total} data-testid={props.testId}>
      <div className="t-grid-head" style={{ gridTemplateColumns: template, height: 36 }} role="row">
        {selection && (
          <div className="t-cell" role="columnheader">
            <Checkbox size="xs" checked={allLoaded} indeterminate={selection.selected.size > 0 && !allLoaded}
              onChange={toggleAll} aria-label={selection.allLabel} data-testid="select-all" />
          </div>
        )}
        {table.getHeaderGroups()[0]?.headers.map((h) => <HeaderCell key={h.id} header={h} />)}
      </div>
      <div ref={scrollRef} style={{ flex: 1, overflow: "auto" }} data-testid={props.scrollTestId}>
        {pages.total === 0 && !pages.loading && empty}
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((v) => {
            const at = slot.get(v.index);
            const row = at === undefined ? undefined : tableRows[at];
            return (
              <div key={v.key} style={{ position: "absolute", top: 0, left: 0, right: 0, height: v.size, transform: `translateY(${v.start}px)` }}>
                {row ? (
                  <div className="t-grid-row" style={{ gridTemplateColumns: template, height: rowHeight }} role="row"
                    data-selected={row.getIsSelected()} {...rowProps?.(row.original)}>
                    {selection && (
                      <div className="t-cell" role="cell">
                        {row.getCanSelect() && (
                          <Checkbox size="xs" checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()}
                            aria-label={selection.rowLabel(row.original)} />
                        )}
                      </div>
                    )}
                    {row.getAllCells().map((cell) => (
                      <div key={cell.id} className="t-cell" role="cell" data-column={cell.column.id}>
                        <table.FlexRender cell={cell} />
                      </div>
                    ))}
                  </div>
                ) : (
                  <Box px="md" py={14}><Skeleton height={20} /></Box>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </Box>
  );
}

/** A column's title; a sortable one is a button that says which way it sorts. */
function HeaderCell<Row extends RowData>({ header }: { header: Header<TableFeatures, Row, unknown> }) {
  const column = header.column;
  const title = flexRender(column.columnDef.header, header.getContext());
  if (!column.getCanSort()) {
    return <div className="t-cell" role="columnheader">{title}</div>;
  }
  const sorted = column.getIsSorted();
  const Icon = sorted === "asc" ? IconArrowUp : sorted === "desc" ? IconArrowDown : IconArrowsSort;
  return (
    <div className="t-cell" role="columnheader" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}>
      <UnstyledButton className="t-sort" onClick={column.getToggleSortingHandler()} data-testid={`sort-${column.id}`}
        data-sorted={sorted || undefined}>
        {title}
        <Icon size={12} aria-hidden stroke={sorted ? 2.4 : 1.6} />
      </UnstyledButton>
    </div>
  );
}
