/** Reads every page of a list endpoint (up to a cap), for trees whose levels must be shown whole. */
import { apiGet } from '../api/request.js';
import type { Query } from '../api/request.js';
import type { Page } from '../api/types.js';

/** Fetches pages of 200 until `total` is reached or `maxPages` were read. */
export async function fetchAll<T>(path: string, query: Query, maxPages = 10): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const result = await apiGet<Page<T>>(path, { ...query, page, pageSize: 200 });
    items.push(...result.items);
    if (result.items.length === 0 || items.length >= result.total) break;
  }
  return items;
}
