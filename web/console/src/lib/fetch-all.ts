/** Reads every page of a list (up to a cap), for trees whose levels must be shown whole. */
import type { Page } from '../api/types.js';

/** Fetches pages of 200 with `fetchPage` until `total` is reached or `maxPages` were read. */
export async function fetchAll<T, Q extends object>(
  fetchPage: (query: Q & { page: number; pageSize: number }) => Promise<Page<T>>,
  query: Q,
  maxPages = 10,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const result = await fetchPage({ ...query, page, pageSize: 200 });
    items.push(...result.items);
    if (result.items.length === 0 || items.length >= result.total) break;
  }
  return items;
}
