/**
 * Small helpers of the team, actions, evidence and property tabs' forms: times are typed as
 * Asia/Shanghai wall-clock times (`DateTimeField`, whatever the browser's zone and language)
 * and sent as UTC instants; money is kept in fen and shown in yuan.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import { CASE_FILING_STATES, CASE_WORKING_STATES, type CaseDetail } from '../../api/cases.js';

dayjs.extend(utc);

/** A Shanghai wall-clock time `YYYY-MM-DDTHH:mm` as a UTC instant (null when empty or invalid). */
export function shanghaiLocalToInstant(value: string | null | undefined): string | null {
  if (!value) return null;
  const parsed = dayjs.utc(`${value.length === 16 ? `${value}:00` : value}Z`);
  return parsed.isValid() ? parsed.subtract(8, 'hour').toISOString() : null;
}

/** A UTC instant as a Shanghai wall-clock time `YYYY-MM-DDTHH:mm` (for a form's initial value). */
export function instantToShanghaiLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const parsed = dayjs.utc(iso);
  return parsed.isValid() ? parsed.add(8, 'hour').format('YYYY-MM-DDTHH:mm') : '';
}

/** Now, as a Shanghai wall-clock time `YYYY-MM-DDTHH:mm`. */
export function nowShanghaiLocal(): string {
  return dayjs.utc().add(8, 'hour').format('YYYY-MM-DDTHH:mm');
}

/** Fen as yuan with two decimals and thousands separators (`12,345.60 元`); null gives '—'. */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
}

/** Yuan as typed (`1234.5`) in fen, or null when empty; NaN for what is not an amount. */
export function yuanToFen(value: string | null | undefined): number | null {
  const v = value?.trim().replace(/,/g, '');
  if (!v) return null;
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return Number.NaN;
  return Math.round(Number(v) * 100);
}

/** Whether the case is past its filing (the team, actions, evidence and property tabs apply). */
export function caseFiled(kase: Pick<CaseDetail, 'status'>): boolean {
  return !CASE_FILING_STATES.includes(kase.status) && kase.status !== 'filing_rejected';
}

/** Whether the reader may work the case now: `case.manage` on it, in a working state. */
export function canWork(kase: Pick<CaseDetail, 'status' | 'can'>): boolean {
  return kase.can.manage && CASE_WORKING_STATES.includes(kase.status);
}
