/** Conversions between `YYYY-MM-DD` strings and the dayjs values antd's date pickers use. */
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';

/** A date picker value from a `YYYY-MM-DD` string (undefined when empty). */
export function toPickerDate(date: string | null | undefined): Dayjs | undefined {
  return date ? dayjs(date.slice(0, 10)) : undefined;
}

/** A `YYYY-MM-DD` string from a date picker value (null when empty). */
export function fromPickerDate(value: Dayjs | null | undefined): string | null {
  return value ? value.format('YYYY-MM-DD') : null;
}

/** Today in China Standard Time as a date picker value (the browser's own zone may differ). */
export function todayPickerDate(): Dayjs {
  const shanghai = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return dayjs(shanghai);
}

/** A `YYYY-MM-DD` string from a required date picker value (a form rule guarantees it is set). */
export function pickerDateString(value: Dayjs): string {
  return value.format('YYYY-MM-DD');
}

/**
 * A period of two picked dates as official documents write it: "2026年12月10日至12月20日" (the
 * year repeated only when the period crosses one).
 */
export function periodText(from: Dayjs, to: Dayjs): string {
  const start = from.format('YYYY年M月D日');
  return `${start}至${to.format(from.year() === to.year() ? 'M月D日' : 'YYYY年M月D日')}`;
}
