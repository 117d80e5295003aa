/**
 * A date-time field typed and shown as `YYYY-MM-DD HH:mm` Asia/Shanghai wall-clock time, in the
 * console's language (antd's DatePicker under the app's ConfigProvider locale).
 *
 * Why not `<input type="datetime-local">`: the browser draws that control in its own UI
 * language, whatever the page's `lang` or the `Accept-Language` says: an English browser (and
 * headless Chromium, even started with `--lang=zh-CN`) shows `11/20/2026, 09:30 AM` on a Chinese
 * page. The picker's text is the console's own, so every browser shows the same format.
 *
 * The form value stays a wall-clock string: `YYYY-MM-DDTHH:mm` by default, as the case tabs
 * convert it (`shanghaiLocalToInstant`), so the field is a drop-in for the native input; the
 * measure steps keep theirs as `YYYY-MM-DD HH:mm` (`valueFormat`).
 */
import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import type { CSSProperties } from 'react';

/** How the field shows and takes a time. */
export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

/** The form value's default shape (a Shanghai wall-clock time, as `datetime-local` gave it). */
const VALUE_FORMAT = 'YYYY-MM-DDTHH:mm';

/** Props of `DateTimeField`: a controlled form field (`value`/`onChange` from `Form.Item`). */
export interface DateTimeFieldProps {
  value?: string | null;
  onChange?: (value: string) => void;
  style?: CSSProperties;
  placeholder?: string;
  /** The form value's shape (dayjs format); `YYYY-MM-DDTHH:mm` when absent. */
  valueFormat?: string;
  'data-testid'?: string;
}

/**
 * The field. The wall-clock string is read and written with the browser's zone as a neutral
 * carrier: parse and format use the same zone, so the digits typed are the digits sent on.
 */
export function DateTimeField({
  value,
  onChange,
  style,
  placeholder,
  valueFormat = VALUE_FORMAT,
  ...rest
}: DateTimeFieldProps) {
  const picked: Dayjs | null = value ? dayjs(value) : null;
  return (
    <DatePicker
      {...rest}
      showTime={{ format: 'HH:mm' }}
      format={DATE_TIME_FORMAT}
      // Typed text and a pick both take effect at once (no 确定 to press), as the native input did.
      needConfirm={false}
      style={{ width: '100%', minWidth: 180, ...style }}
      placeholder={placeholder ?? DATE_TIME_FORMAT}
      value={picked?.isValid() ? picked : null}
      onChange={(d: Dayjs | null) => onChange?.(d ? d.format(valueFormat) : '')}
    />
  );
}
