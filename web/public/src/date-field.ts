/**
 * A date chosen in Chinese order (年 月 日) from three selects, whatever the phone's locale
 * (a native date input shows month/day/year on an English-language phone). The value is kept
 * in a hidden input as `YYYY-MM-DD` (empty until all three are chosen), so the form reads it
 * like any other field.
 */
import { h } from './dom.js';

/** The three selects, the hidden input carrying the value, and the wrapper to place. */
export interface DateField {
  root: HTMLElement;
  input: HTMLInputElement;
}

const option = (value: string, text: string) => h('option', { value }, text);

/** Builds the field for `id` with years from `today`'s down to `years` back. */
export function chineseDateField(id: string, today: string, years = 30): DateField {
  const thisYear = Number(today.slice(0, 4));
  const select = (part: string, label: string, options: HTMLOptionElement[]) =>
    h(
      'select',
      { id: `${id}-${part}`, 'data-testid': `${id}-${part}`, 'aria-label': label },
      option('', '—'),
      ...options,
    );
  const year = select(
    'year',
    '年',
    Array.from({ length: years + 1 }, (_, i) => option(String(thisYear - i), String(thisYear - i))),
  );
  const month = select(
    'month',
    '月',
    Array.from({ length: 12 }, (_, i) => option(String(i + 1).padStart(2, '0'), String(i + 1))),
  );
  const day = select(
    'day',
    '日',
    Array.from({ length: 31 }, (_, i) => option(String(i + 1).padStart(2, '0'), String(i + 1))),
  );
  const input = h('input', { type: 'hidden' });
  // Focus on the field (an error shown for it) lands on its first select.
  input.focus = () => year.focus();
  const update = () => {
    const y = year.value;
    const m = month.value;
    // Days past the month's end are not offered (2月30日).
    const last = y && m ? new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate() : 31;
    for (const o of day.options) if (o.value) o.disabled = Number(o.value) > last;
    if (day.value && Number(day.value) > last) day.value = '';
    input.value = y && m && day.value ? `${y}-${m}-${day.value}` : '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  for (const s of [year, month, day]) s.addEventListener('change', update);
  const unit = (text: string) => h('span', { class: 'date-unit', 'aria-hidden': 'true' }, text);
  const root = h(
    'div',
    { class: 'date-field', 'data-testid': id },
    year,
    unit('年'),
    month,
    unit('月'),
    day,
    unit('日'),
  );
  return { root, input };
}
