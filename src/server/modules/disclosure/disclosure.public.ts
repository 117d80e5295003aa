/**
 * The public side of a village's disclosure (the H5 page behind the village QR code and the hall's
 * display screen): only published versions, masked server-side (the clear values never leave
 * the server), the corrections shown with their dates and reasons, and what was public on any
 * earlier date; a quarter's general items with their 名单 masked. Also the resolver of reports
 * about a line (`disclosure_line`): only lines of the version public now.
 */
import type { Ctx } from '../../shared/context.js';
import { nowIso } from '../../shared/context.js';
import { type DisclosureKind, type FinanceCycle, PAYMENT_METHOD_LABELS } from '../../shared/disclosure.codes.js';
import { errors } from '../../shared/errors.js';
import { type ShownEntry, shownEntries } from './disclosure.general.js';
import { periodLabel, yuan } from './disclosure.lines.js';

/** The index lists the accounts first, then the general items, then the major matters. */
const KIND_ORDER: readonly DisclosureKind[] = ['finance', 'general', 'major_matter'];
import { type ShownLine, publicVillage, shownLines } from './disclosure.read.js';

/** A publication as the public index lists it (the version public now). */
export interface PublicPublication {
  kind: DisclosureKind;
  period: string;
  label: string;
  version: number;
  publishedAt: string;
  /** When the version now public corrected an earlier one: its publication date; else null. */
  correctedAt: string | null;
  lineCount: number;
  incomeTotal: number;
  expenseTotal: number;
  openingBalance: number | null;
  closingBalance: number | null;
}

/** The public index of a village: its publications, newest first, and its cycle. */
export async function publicIndex(
  ctx: Ctx,
  code: string,
): Promise<{ regionCode: string; villageName: string; financeCycle: FinanceCycle; publications: PublicPublication[] }> {
  const village = await publicVillage(ctx, code);
  const [rows, schedule] = await Promise.all([
    ctx.db
      .selectFrom('disclosure_batches')
      .select([
        'kind',
        'period',
        'title',
        'version',
        'published_at',
        'line_count',
        'income_total',
        'expense_total',
        'opening_balance',
        'closing_balance',
      ])
      .where('region_code', '=', code)
      .where('status', '=', 'published')
      .orderBy('published_at', 'desc')
      .limit(200)
      .execute(),
    ctx.db
      .selectFrom('disclosure_schedules')
      .select('finance_cycle')
      .where('region_code', '=', code)
      .executeTakeFirst(),
  ]);
  const publications = rows
    .map((r) => ({
      kind: r.kind as DisclosureKind,
      period: r.period,
      label: r.kind === 'major_matter' ? (r.title ?? r.period) : periodLabel(r.period),
      version: r.version,
      publishedAt: r.published_at!,
      correctedAt: r.version > 1 ? r.published_at : null,
      lineCount: r.line_count,
      incomeTotal: Number(r.income_total),
      expenseTotal: Number(r.expense_total),
      openingBalance: r.opening_balance === null ? null : Number(r.opening_balance),
      closingBalance: r.closing_balance === null ? null : Number(r.closing_balance),
    }))
    .sort((a, b) =>
      a.kind === b.kind ? b.period.localeCompare(a.period) : KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
    );
  return {
    regionCode: code,
    villageName: village.name,
    financeCycle: (schedule?.finance_cycle as FinanceCycle | undefined) ?? 'monthly',
    publications,
  };
}

/** A version of a period as the public reads it. */
export interface PublicPeriod extends PublicPublication {
  title: string | null;
  decisionRecord: string | null;
  correctionReason: string | null;
  signedByName: string | null;
  /** The version shown is the one public now (reports about a line are possible only then). */
  current: boolean;
  removedVouchers: string[];
  lines: ShownLine[];
  /** General items: the entries, masked (empty for the other kinds). */
  entries: ShownEntry[];
  /** Every published version of the period, newest first. */
  history: { version: number; publishedAt: string; supersededAt: string | null; correctionReason: string | null }[];
}

/** Serialised answers of `publicPeriodJson`, by shown version and the period's versions (LRU). */
const answers = new Map<string, string>();
const ANSWERS_KEPT = 64;

/**
 * `publicPeriod` as its JSON text, kept for the next reader: a published version's lines never
 * change, and the key names the version shown and every version's status, so a correction (or
 * anything else that changes the answer) makes a new key. Serialising a month of 500 lines costs
 * more than reading it; the display screens of a county ask for the same months all day.
 */
export async function publicPeriodJson(
  ctx: Ctx,
  code: string,
  kind: DisclosureKind,
  period: string,
  asOf?: string,
): Promise<string> {
  const at = asOf ?? nowIso(ctx);
  const versions = await ctx.db
    .selectFrom('disclosure_batches')
    .select(['id', 'status', 'published_at', 'superseded_at'])
    .where('region_code', '=', code)
    .where('kind', '=', kind)
    .where('period', '=', period)
    .where('status', 'in', ['published', 'superseded'])
    .execute();
  const shown = versions.find((v) => v.published_at! <= at && (v.superseded_at === null || v.superseded_at > at));
  const key = shown
    ? `${shown.id}|${versions
        .map((v) => `${v.id}:${v.status}`)
        .sort()
        .join(',')}`
    : null;
  const kept = key ? answers.get(key) : undefined;
  if (key && kept !== undefined) {
    answers.delete(key);
    answers.set(key, kept);
    return kept;
  }
  const json = JSON.stringify(await publicPeriod(ctx, code, kind, period, asOf));
  if (key) {
    answers.set(key, json);
    if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value!);
  }
  return json;
}

/**
 * The version of a village's period that was public at `asOf` (default now), with its lines and
 * the period's history. NOT_FOUND when nothing of the period was public then.
 */
export async function publicPeriod(
  ctx: Ctx,
  code: string,
  kind: DisclosureKind,
  period: string,
  asOf?: string,
): Promise<PublicPeriod> {
  await publicVillage(ctx, code);
  const at = asOf ?? nowIso(ctx);
  const versions = await ctx.db
    .selectFrom('disclosure_batches')
    .select([
      'id',
      'version',
      'status',
      'title',
      'decision_record',
      'correction_reason',
      'signed_by_name',
      'published_at',
      'superseded_at',
      'line_count',
      'income_total',
      'expense_total',
      'opening_balance',
      'closing_balance',
      'removed_vouchers',
    ])
    .where('region_code', '=', code)
    .where('kind', '=', kind)
    .where('period', '=', period)
    .where('status', 'in', ['published', 'superseded'])
    .orderBy('version', 'desc')
    .execute();
  const shown = versions.find((v) => v.published_at! <= at && (v.superseded_at === null || v.superseded_at > at));
  if (!shown) throw errors.notFound('disclosure_batch');
  return {
    kind,
    period,
    label: kind === 'major_matter' ? (shown.title ?? period) : periodLabel(period),
    version: shown.version,
    publishedAt: shown.published_at!,
    correctedAt: shown.version > 1 ? shown.published_at : null,
    lineCount: shown.line_count,
    incomeTotal: Number(shown.income_total),
    expenseTotal: Number(shown.expense_total),
    openingBalance: shown.opening_balance === null ? null : Number(shown.opening_balance),
    closingBalance: shown.closing_balance === null ? null : Number(shown.closing_balance),
    title: shown.title,
    decisionRecord: shown.decision_record,
    correctionReason: shown.correction_reason,
    signedByName: shown.signed_by_name,
    current: shown.status === 'published',
    removedVouchers: shown.removed_vouchers ? (JSON.parse(shown.removed_vouchers) as string[]) : [],
    lines: await shownLines(ctx, shown.id),
    entries: kind === 'general' ? await shownEntries(ctx, shown.id) : [],
    history: versions.map((v) => ({
      version: v.version,
      publishedAt: v.published_at!,
      supersededAt: v.superseded_at,
      correctionReason: v.correction_reason,
    })),
  };
}

/** The label of a published line for a report about it: `2026年11月 记-012 支付 张*三 1,200.00元 修路材料`. */
export function lineLabel(l: {
  kind: string;
  period: string;
  title: string | null;
  voucher_no: string;
  direction: string;
  counterparty_shown: string;
  amount: number;
  purpose: string;
  payment_method: string;
}): string {
  const when = l.kind === 'finance' ? periodLabel(l.period) : (l.title ?? '');
  const verb = l.direction === 'income' ? '收到' : '支付';
  const method = PAYMENT_METHOD_LABELS[l.payment_method as 'cash'] ?? '';
  return `${when} ${l.voucher_no} ${verb} ${l.counterparty_shown} ${yuan(Number(l.amount))}元 ${l.purpose}（${method}）`;
}

/** Resolves a report about a line: only a line of the version public now; null otherwise. */
export async function resolveLine(ctx: Ctx, id: string): Promise<{ label: string; regionCode: string } | null> {
  const row = await ctx.db
    .selectFrom('disclosure_lines as l')
    .innerJoin('disclosure_batches as b', 'b.id', 'l.batch_id')
    .select([
      'b.kind',
      'b.period',
      'b.title',
      'b.region_code',
      'l.voucher_no',
      'l.direction',
      'l.counterparty_shown',
      'l.amount',
      'l.purpose',
      'l.payment_method',
    ])
    .where('l.id', '=', id)
    .where('b.status', '=', 'published')
    .executeTakeFirst();
  return row ? { label: lineLabel(row), regionCode: row.region_code } : null;
}
