/**
 * The one hook behind every list page: server-side paging, the filters the table shows, the
 * Excel export of exactly those filters, and the open/closed state of the page's edit drawer.
 * Filters live in component state (no list page keeps them in the URL).
 *
 * Lists that answer a `nextCursor` (the intake ledger) are paged by keyset when the user steps to
 * the next page (`after=<cursor>`): a deep page then costs what the first one does. A jump to a
 * page not reached that way falls back to the page number.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TablePaginationConfig } from 'antd';
import { errorMessage } from '../api/request.js';
import type { Query } from '../api/request.js';
import i18n from '../i18n/index.js';

/** Paging parameters the hook adds to the filters. */
export interface PageParams {
  page: number;
  pageSize: number;
  /** Keyset cursor of the page, where the list answered one for the page before. */
  after?: string;
}

/** What a list endpoint answers; short catalogues (roles) may leave out the paging fields. */
export interface ListAnswer<T> {
  items: T[];
  total?: number;
  /** More rows match than the list counts (`total` is its cap): shown as "≥ total". */
  totalCapped?: boolean;
  nextCursor?: string | null;
}

/** How a list page reads its rows. */
export interface ListPageOptions<T, F extends Query> {
  /**
   * Fetches one page for the filters: a function of src/api/<domain>.ts such as `listStaff`.
   * Read when a fetch starts, so it may be a new function on every render.
   */
  fetchPage: (query: F & PageParams, signal: AbortSignal) => Promise<ListAnswer<T>>;
  /** Download link of the Excel export for the filters (no paging): the rows the table filters. */
  exportUrl?: (filters: F) => string;
  /** Filters before the first search. */
  initialFilters?: F;
  /** Rows per page at first. */
  pageSize?: number;
}

/** What a list page gets. */
export interface ListPage<T, F extends Query> {
  items: T[];
  total: number;
  /** The server counted up to `total` and more match (the pagination shows "≥ total"). */
  totalCapped: boolean;
  loading: boolean;
  /** Message of the last failed fetch, in the user's language. */
  error: string | null;
  /** The filters the table shows. */
  filters: F;
  /** Replaces the filters and goes back to page 1. */
  setFilters: (filters: F) => void;
  /** Takes a filter form's values: trims text, drops empty values, back to page 1. */
  search: (values: F) => void;
  /** Clears the filters. */
  reset: () => void;
  /** Fetches the current page again. */
  reload: () => void;
  /** antd Table pagination, driving the server-side paging. */
  pagination: TablePaginationConfig;
  /** Download link of the Excel export of exactly the filtered rows (undefined without `exportUrl`). */
  exportHref: string | undefined;
}

/** Trims text values and leaves out empty ones (undefined, null, '', whitespace only). */
export function cleanFilters<F extends Query>(values: F): F {
  const out: Query = {};
  for (const [key, value] of Object.entries(values)) {
    const v = typeof value === 'string' ? value.trim() : value;
    if (v === undefined || v === null || v === '') continue;
    out[key] = v;
  }
  return out as F;
}

/** Fetches one page of a list with the filters; refetches when page, size or filters change. */
export function useListPage<T, F extends Query>(options: ListPageOptions<T, F>): ListPage<T, F> {
  const { exportUrl } = options;
  const fetchRef = useRef(options.fetchPage);
  fetchRef.current = options.fetchPage;
  const [filters, setFiltersState] = useState<F>(options.initialFilters ?? ({} as F));
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(options.pageSize ?? 20);
  const [data, setData] = useState<{ items: T[]; total: number; totalCapped: boolean } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const filterKey = JSON.stringify(filters);
  // Cursor that fetches page n, learnt from page n − 1's answer; valid for one filter set and size.
  const cursors = useRef({ key: '', byPage: new Map<number, string>() });
  const cursorKey = `${filterKey}|${pageSize}`;
  if (cursors.current.key !== cursorKey) cursors.current = { key: cursorKey, byPage: new Map() };

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    const after = cursors.current.byPage.get(page);
    const known = cursors.current;
    fetchRef
      .current({ ...filters, page, pageSize, ...(after ? { after } : {}) }, controller.signal)
      .then((result) => {
        if (result.nextCursor && known === cursors.current) known.byPage.set(page + 1, result.nextCursor);
        setData({
          items: result.items,
          total: typeof result.total === 'number' ? result.total : result.items.length,
          totalCapped: result.totalCapped === true,
        });
        setError(null);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setData(null);
        setError(errorMessage(err));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
    // filterKey stands for filters, which may be a new object on every render of the caller.
  }, [filterKey, page, pageSize, nonce]);

  const setFilters = useCallback((next: F) => {
    setFiltersState(next);
    setPage(1);
  }, []);
  const search = useCallback((values: F) => setFilters(cleanFilters(values)), [setFilters]);
  const reset = useCallback(() => setFilters({} as F), [setFilters]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  const pagination = useMemo<TablePaginationConfig>(
    () => ({
      current: page,
      pageSize,
      total: data?.total ?? 0,
      showSizeChanger: true,
      pageSizeOptions: [10, 20, 50, 100, 200],
      // A capped count (the ledgers count up to a cap): "≥ N", never a false exact total.
      showTotal: (total) => i18n.t(data?.totalCapped ? 'common.totalAtLeast' : 'common.total', { total }),
      onChange: (nextPage, nextSize) => {
        if (nextSize !== pageSize) {
          setPageSize(nextSize);
          setPage(1);
        } else {
          setPage(nextPage);
        }
      },
    }),
    [page, pageSize, data?.total, data?.totalCapped],
  );

  const exportHref = useMemo(() => exportUrl?.(filters), [exportUrl, filters]);

  return {
    items: data?.items ?? [],
    total: data?.total ?? 0,
    totalCapped: data?.totalCapped ?? false,
    loading,
    error,
    filters,
    setFilters,
    search,
    reset,
    reload,
    pagination,
    exportHref,
  };
}

/** The open/closed state of a page's create/edit drawer. */
export interface Editor<T> {
  open: boolean;
  /** The record being edited; null when creating. */
  record: T | null;
  /** Opens the drawer empty, to create a record. */
  create: () => void;
  /** Opens the drawer on a record. */
  edit: (record: T) => void;
  close: () => void;
}

/** State of a create/edit drawer over a list. */
export function useEditor<T>(): Editor<T> {
  const [state, setState] = useState<{ open: boolean; record: T | null }>({ open: false, record: null });
  return useMemo(
    () => ({
      ...state,
      create: () => setState({ open: true, record: null }),
      edit: (record: T) => setState({ open: true, record }),
      close: () => setState((s) => ({ ...s, open: false })),
    }),
    [state],
  );
}
