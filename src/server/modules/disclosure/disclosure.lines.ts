/**
 * The lines of a period's accounts as entered or uploaded, and the rules a month must keep
 * before it is stored: every date inside the period, amounts positive whole fen, voucher numbers
 * unique and without gaps, ID numbers and credit codes valid, and the totals matching the opening
 * and closing balances. Every problem is named with its row and reason in Chinese, so the clerk
 * fixes the whole file at once; one problem stores nothing.
 */
import {
  DISCLOSURE_DIRECTION_LABELS,
  type DisclosureDirection,
  PAYMENT_METHOD_LABELS,
  type PaymentMethod,
} from '../../shared/disclosure.codes.js';
import { ID_NUMBER_PROBLEMS, idNumberProblem, isCreditCode, normalizeIdNumber } from '../../shared/id-number.js';

/** One line as entered (amount in fen). */
export interface LineInput {
  voucherNo: string;
  occurredOn: string;
  direction: DisclosureDirection;
  counterparty: string;
  /** Whether the counterparty is a private person (masked on public pages); default: guessed from the name. */
  counterpartyPrivate?: boolean | undefined;
  partyNumber?: string | null | undefined;
  amount: number;
  paymentMethod: PaymentMethod;
  account?: string | null | undefined;
  purpose: string;
  category: string;
  approvalPath?: string | null | undefined;
  approvers?: string | null | undefined;
}

/** A line with the row it came from (Excel row, or 1-based position when entered). */
export interface NumberedLine extends LineInput {
  row: number;
}

/** One problem of an upload or entry. */
export interface LineProblem {
  /** The Excel row (or the line's position); null for a problem of the whole period (the totals). */
  row: number | null;
  field: string;
  reason: string;
}

/** The first and last day of a period (`2026-11` or `2026-Q4`), or null when the period is malformed. */
export function periodDays(period: string): { from: string; to: string } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!m && !q) return null;
  const year = Number((m ?? q)![1]);
  const first = m ? Number(m[2]) : (Number(q![2]) - 1) * 3 + 1;
  const last = m ? first : first + 2;
  if (first < 1 || first > 12) return null;
  const end = new Date(Date.UTC(year, last, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(end)}` };
}

/** `2026年11月` or `2026年第4季度`. */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  return q ? `${q[1]}年第${q[2]}季度` : period;
}

/** Yuan with two decimals and thousands separators: 120000 → `1,200.00`. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

const VOUCHER = /^(.*?)(\d{1,6})$/;

/** Validates one line's own fields (not the month's). */
function lineProblems(l: NumberedLine, days: { from: string; to: string }, today: string): LineProblem[] {
  const out: LineProblem[] = [];
  const bad = (field: string, reason: string) => out.push({ row: l.row, field, reason });
  if (!l.voucherNo.trim() || !VOUCHER.test(l.voucherNo.trim())) bad('凭证号', '凭证号应以数字结尾，如“记-001”');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(l.occurredOn)) bad('日期', '日期应写作 2026-11-05');
  else if (l.occurredOn < days.from || l.occurredOn > days.to)
    bad('日期', `日期 ${l.occurredOn} 不在本期（${days.from} 至 ${days.to}）内`);
  if (!Number.isSafeInteger(l.amount) || l.amount <= 0) bad('金额（元）', '金额应为大于零的数，最多两位小数');
  else if (l.amount > 100_000_000_000) bad('金额（元）', '金额超过 10 亿元，请核对');
  if (!l.counterparty.trim()) bad('对方单位或个人', '请填写对方单位或个人');
  if (l.partyNumber) {
    const n = normalizeIdNumber(l.partyNumber);
    if (n.length === 18 && /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}/.test(n) && !/^\d{17}[\dX]$/.test(n)) {
      if (!isCreditCode(n)) bad('证件号码或统一社会信用代码', '统一社会信用代码不正确，请核对是否抄错');
    } else if (!isCreditCode(n)) {
      const problem = idNumberProblem(n, today);
      if (problem) bad('证件号码或统一社会信用代码', ID_NUMBER_PROBLEMS[problem]);
    }
  }
  if (!l.purpose.trim()) bad('用途摘要', '请填写用途摘要');
  if (!l.category.trim()) bad('类别', '请填写类别');
  if (l.paymentMethod === 'transfer' && l.direction === 'expense' && !l.account?.trim())
    bad('银行账号', '转账支出请填写收款银行账号');
  if (l.account && !/^\d{8,32}$/.test(l.account.replace(/[\s-]+/g, ''))) bad('银行账号', '银行账号应为 8 至 32 位数字');
  return out;
}

/** The totals of a period's lines. */
export interface LineTotals {
  income: number;
  expense: number;
}

/**
 * Checks a period's lines: each line's fields, the voucher numbers (unique, no gaps: the numbers
 * run from 1 without a hole), and opening + income − expense = closing. Returns the problems (empty
 * when the month may be stored) and the totals.
 */
export function checkPeriod(
  period: string,
  lines: readonly NumberedLine[],
  balances: { opening: number | null; closing: number | null } | null,
  today: string,
): { problems: LineProblem[]; totals: LineTotals } {
  const problems: LineProblem[] = [];
  const days = periodDays(period);
  if (!days)
    return {
      problems: [{ row: null, field: 'period', reason: '期间应写作 2026-11 或 2026-Q4' }],
      totals: { income: 0, expense: 0 },
    };
  const seen = new Map<string, number>();
  const numbers = new Map<number, number>();
  let income = 0;
  let expense = 0;
  for (const l of lines) {
    problems.push(...lineProblems(l, days, today));
    const v = l.voucherNo.trim();
    const first = seen.get(v);
    if (first !== undefined) problems.push({ row: l.row, field: '凭证号', reason: `凭证号 ${v} 与第 ${first} 行重复` });
    else seen.set(v, l.row);
    const n = VOUCHER.exec(v);
    if (n && first === undefined) numbers.set(Number(n[2]), l.row);
    if (Number.isSafeInteger(l.amount) && l.amount > 0) {
      if (l.direction === 'income') income += l.amount;
      else expense += l.amount;
    }
  }
  if (numbers.size > 0) {
    const sorted = [...numbers.keys()].sort((a, b) => a - b);
    const prefix = VOUCHER.exec(lines[0]!.voucherNo.trim())?.[1] ?? '';
    const width = VOUCHER.exec(lines[0]!.voucherNo.trim())?.[2]?.length ?? 3;
    const missing: number[] = [];
    for (let k = 1, i = 0; k <= sorted.at(-1)!; k++) {
      if (sorted[i] === k) i++;
      else missing.push(k);
    }
    if (missing.length > 0) {
      const names = missing.slice(0, 10).map((k) => `${prefix}${String(k).padStart(width, '0')}`);
      const after = numbers.get(sorted.find((k) => k > missing[0]!) ?? sorted[0]!) ?? null;
      problems.push({
        row: after,
        field: '凭证号',
        reason: `凭证号不连续：缺少 ${names.join('、')}${missing.length > 10 ? ` 等 ${missing.length} 张` : ''}`,
      });
    }
  }
  if (balances) {
    if (balances.opening === null)
      problems.push({ row: null, field: '期初余额', reason: '请填写期初余额（本村尚无上期公开数）' });
    if (balances.closing === null) problems.push({ row: null, field: '期末余额', reason: '请填写期末余额' });
    if (
      balances.opening !== null &&
      balances.closing !== null &&
      balances.opening + income - expense !== balances.closing
    )
      problems.push({
        row: null,
        field: '期末余额',
        reason: `收支与余额不符：期初 ${yuan(balances.opening)} + 收入 ${yuan(income)} − 支出 ${yuan(expense)} = ${yuan(balances.opening + income - expense)} 元，而期末余额填写为 ${yuan(balances.closing)} 元`,
      });
  }
  problems.sort((a, b) => (a.row ?? Number.MAX_SAFE_INTEGER) - (b.row ?? Number.MAX_SAFE_INTEGER));
  return { problems, totals: { income, expense } };
}

/** The direction named in Chinese (收入/支出) or as a code, or null. */
export function directionOf(text: string): DisclosureDirection | null {
  for (const [code, label] of Object.entries(DISCLOSURE_DIRECTION_LABELS))
    if (text === label || text === code) return code as DisclosureDirection;
  return null;
}

/** The payment method named in Chinese (现金/转账) or as a code, or null. */
export function paymentMethodOf(text: string): PaymentMethod | null {
  for (const [code, label] of Object.entries(PAYMENT_METHOD_LABELS))
    if (text === label || text === code) return code as PaymentMethod;
  return null;
}
