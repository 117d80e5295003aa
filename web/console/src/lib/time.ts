/**
 * Time formatting. Instants arrive as ISO-8601 UTC; the console always shows them in
 * Asia/Shanghai (UTC+8, no daylight saving), whatever the browser's own zone is.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);

const SHANGHAI_OFFSET_HOURS = 8;

/** Formats a UTC instant as `YYYY-MM-DD HH:mm` China Standard Time; empty input gives '—'. */
export function formatInstant(iso: string | null | undefined, pattern = 'YYYY-MM-DD HH:mm'): string {
  if (!iso) return '—';
  const parsed = dayjs.utc(iso);
  if (!parsed.isValid()) return iso;
  return parsed.add(SHANGHAI_OFFSET_HOURS, 'hour').format(pattern);
}

/** Formats a calendar date (`YYYY-MM-DD`) for display; empty input gives '—'. */
export function formatDate(date: string | null | undefined): string {
  return date ? date.slice(0, 10) : '—';
}

/** Today's date in China Standard Time, as `YYYY-MM-DD`. */
export function todayInShanghai(): string {
  return dayjs.utc().add(SHANGHAI_OFFSET_HOURS, 'hour').format('YYYY-MM-DD');
}

/** The UTC instant at which a China-Standard-Time calendar day starts (for `from` filters). */
export function shanghaiDayStart(date: string): string {
  return dayjs.utc(`${date}T00:00:00Z`).subtract(SHANGHAI_OFFSET_HOURS, 'hour').toISOString();
}

/** The UTC instant at which a China-Standard-Time calendar day ends (exclusive, for `to` filters). */
export function shanghaiDayEnd(date: string): string {
  return dayjs.utc(`${date}T00:00:00Z`).add(1, 'day').subtract(SHANGHAI_OFFSET_HOURS, 'hour').toISOString();
}
