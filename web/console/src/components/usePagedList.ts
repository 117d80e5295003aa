/**
 * Server-side paging for list pages: keeps page, page size and filters, fetches
 * `{ items, total, page, pageSize }` and hands antd's Table a ready pagination config.
 * Lists that answer a `nextCursor` (the intake ledger) are paged by keyset when the user steps
 * to the next page (`after=<cursor>`): a deep page then costs what the first one does. A jump to
 * a page not reached that way falls back to the page number.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TablePaginationConfig } from 'antd';
import { apiGet, errorMessage } from '../api/request.js';
import type { Query } from '../api/request.js';
import type { Page } from '../api/types.js';
import i18n from '../i18n/index.js';

/** What a paged list offers its page. */
export interface PagedList<T, F extends Query> {
  items: T[];
  total: number;
  loading: boolean;
  error: string | null;
  filters: F;
  /** Replaces the filters and goes back to page 1. */
  setFilters: (filters: F) => void;
  /** Fetches the current page again. */
  reload: () => void;
  pagination: TablePaginationConfig;
}

/** Fetches one page of `path` with the filters; refetches when page, size or filters change. */
export function usePagedList<T, F extends Query>(
  path: string,
  initialFilters: F,
  defaultPageSize = 20,
): PagedList<T, F> {
  const [filters, setFiltersState] = useState<F>(initialFilters);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(defaultPageSize);
  const [data, setData] = useState<Page<T> | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const filterKey = JSON.stringify(filters);
  // Cursor that fetches page n, learnt from page n − 1's answer; valid for one filter set and size.
  const cursors = useRef({ key: '', byPage: new Map<number, string>() });
  const cursorKey = `${path}|${filterKey}|${pageSize}`;
  if (cursors.current.key !== cursorKey) cursors.current = { key: cursorKey, byPage: new Map() };

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    const after = cursors.current.byPage.get(page);
    const known = cursors.current;
    apiGet<Page<T> & { nextCursor?: string | null }>(
      path,
      { ...filters, page, pageSize, ...(after ? { after } : {}) },
      controller.signal,
    )
      .then((result) => {
        if (result.nextCursor && known === cursors.current) known.byPage.set(page + 1, result.nextCursor);
        // Short catalogues (roles) answer `{ items }` without paging fields.
        setData({ ...result, total: typeof result.total === 'number' ? result.total : result.items.length });
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
  }, [path, filterKey, page, pageSize, nonce]);

  const setFilters = useCallback((next: F) => {
    setFiltersState(next);
    setPage(1);
  }, []);

  const reload = useCallback(() => setNonce((n) => n + 1), []);

  const pagination = useMemo<TablePaginationConfig>(
    () => ({
      current: page,
      pageSize,
      total: data?.total ?? 0,
      showSizeChanger: true,
      pageSizeOptions: [10, 20, 50, 100, 200],
      showTotal: (total) => i18n.t('common.total', { total }),
      onChange: (nextPage, nextSize) => {
        if (nextSize !== pageSize) {
          setPageSize(nextSize);
          setPage(1);
        } else {
          setPage(nextPage);
        }
      },
    }),
    [page, pageSize, data?.total],
  );

  return {
    items: data?.items ?? [],
    total: data?.total ?? 0,
    loading,
    error,
    filters,
    setFilters,
    reload,
    pagination,
  };
}
