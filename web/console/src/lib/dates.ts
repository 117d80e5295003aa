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
