/**
 * Disclosure as read: the staff's list of versions in scope (with "what was public on date D":
 * `asOf`), one version with its lines (masked: the clear identifiers stay sealed for the
 * cross-checks, no page shows them), and the public pages' village and period, only published
 * data, masked server-side.
 */
import type { Ctx } from '../../shared/context.js';
import { requireActor } from '../../shared/context.js';
import type { DisclosureKind, DisclosureStatus } from '../../shared/disclosure.codes.js';
import { errors } from '../../shared/errors.js';
import { loadInScope } from '../access/index.js';
import { type ShownEntry, shownEntries } from './disclosure.general.js';
import { periodLabel } from './disclosure.lines.js';
import { type DisclosureAction, disclosureListWhere, disclosurePolicy } from './disclosure.policy.js';
import { findVillage } from './disclosure.service.js';
import type { DisclosureBatchRow, DisclosureLineRow } from './disclosure.tables.js';

/** A version as listed. */
export interface BatchLine {
  id: string;
  regionCode: string;
  villageName: string;
  kind: DisclosureKind;
  period: string;
  periodLabel: string;
  title: string | null;
  version: number;
  status: DisclosureStatus;
  lineCount: number;
  incomeTotal: number;
  expenseTotal: number;
  openingBalance: number | null;
  closingBalance: number | null;
  correctionReason: string | null;
  signedByName: string | null;
  publishedAt: string | null;
  supersededAt: string | null;
  createdAt: string;
}

/** The list's filters. */
export interface BatchQuery {
  regionCode?: string | undefined;
  kind?: DisclosureKind | undefined;
  status?: DisclosureStatus | undefined;
  period?: string | undefined;
  /** An instant: only the versions that were the public ones then. */
  asOf?: string | undefined;
  page: number;
  pageSize: number;
}

function toLine(r: DisclosureBatchRow & { village_name: string }): BatchLine {
  return {
    id: r.id,
    regionCode: r.region_code,
    villageName: r.village_name,
    kind: r.kind as DisclosureKind,
    period: r.period,
    periodLabel: r.kind === 'major_matter' ? (r.title ?? r.period) : periodLabel(r.period),
    title: r.title,
    version: r.version,
    status: r.status as DisclosureStatus,
    lineCount: r.line_count,
    incomeTotal: Number(r.income_total),
    expenseTotal: Number(r.expense_total),
    openingBalance: r.opening_balance === null ? null : Number(r.opening_balance),
    closingBalance: r.closing_balance === null ? null : Number(r.closing_balance),
    correctionReason: r.correction_reason,
    signedByName: r.signed_by_name,
    publishedAt: r.published_at,
    supersededAt: r.superseded_at,
    createdAt: r.created_at,
  };
}

function filtered(ctx: Ctx, q: Omit<BatchQuery, 'page' | 'pageSize'>) {
  let base = ctx.db
    .selectFrom('disclosure_batches as b')
    .innerJoin('regions as r', 'r.code', 'b.region_code')
    .where((eb) => disclosureListWhere(ctx, 'b')(eb as never));
  if (q.regionCode) base = base.where('b.region_code', '=', q.regionCode);
  if (q.kind) base = base.where('b.kind', '=', q.kind);
  if (q.status) base = base.where('b.status', '=', q.status);
  if (q.period) base = base.where('b.period', '=', q.period);
  if (q.asOf) {
    const at = q.asOf;
    base = base
      .where('b.published_at', '<=', at)
      .where((eb) => eb.or([eb('b.superseded_at', 'is', null), eb('b.superseded_at', '>', at)]));
  }
  return base;
}

/** The versions the actor may see (scope in SQL), newest period first. */
export async function listBatches(ctx: Ctx, q: BatchQuery): Promise<{ items: BatchLine[]; total: number }> {
  requireActor(ctx);
  const base = filtered(ctx, q);
  const [rows, count] = await Promise.all([
    base
      .selectAll('b')
      .select('r.name as village_name')
      .orderBy('b.period', 'desc')
      .orderBy('b.region_code')
      .orderBy('b.version', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toLine), total: Number(count.n) };
}

/** Every version the filters select (for the export), at most `cap`. */
export async function exportBatchLines(
  ctx: Ctx,
  q: Omit<BatchQuery, 'page' | 'pageSize'>,
  cap = 10_000,
): Promise<BatchLine[]> {
  requireActor(ctx);
  const rows = await filtered(ctx, q)
    .selectAll('b')
    .select('r.name as village_name')
    .orderBy('b.period', 'desc')
    .orderBy('b.region_code')
    .limit(cap)
    .execute();
  return rows.map(toLine);
}

/** A line as shown (staff and public alike: masked). */
export interface ShownLine {
  id: string;
  seq: number;
  voucherNo: string;
  occurredOn: string;
  direction: 'income' | 'expense';
  counterparty: string;
  partyNumber: string | null;
  amount: number;
  paymentMethod: 'cash' | 'transfer';
  account: string | null;
  purpose: string;
  category: string;
  approvalPath: string | null;
  approvers: string | null;
  change: 'added' | 'changed' | null;
}

/** The lines of version `batchId`, masked, in order. */
export async function shownLines(ctx: Pick<Ctx, 'db'>, batchId: string): Promise<ShownLine[]> {
  const rows = await ctx.db
    .selectFrom('disclosure_lines')
    .select([
      'id',
      'seq',
      'voucher_no',
      'occurred_on',
      'direction',
      'counterparty_shown',
      'party_number_masked',
      'amount',
      'payment_method',
      'account_masked',
      'purpose',
      'category',
      'approval_path',
      'approvers',
      'change',
    ])
    .where('batch_id', '=', batchId)
    .orderBy('seq')
    .execute();
  return rows.map((r: Pick<DisclosureLineRow, 'id'> & Record<string, unknown>) => ({
    id: r.id,
    seq: Number(r.seq),
    voucherNo: r.voucher_no as string,
    occurredOn: r.occurred_on as string,
    direction: r.direction as 'income' | 'expense',
    counterparty: r.counterparty_shown as string,
    partyNumber: (r.party_number_masked as string | null) ?? null,
    amount: Number(r.amount),
    paymentMethod: r.payment_method as 'cash' | 'transfer',
    account: (r.account_masked as string | null) ?? null,
    purpose: r.purpose as string,
    category: r.category as string,
    approvalPath: (r.approval_path as string | null) ?? null,
    approvers: (r.approvers as string | null) ?? null,
    change: (r.change as 'added' | 'changed' | null) ?? null,
  }));
}

/** One version for the console: the listed fields, the review and the lines. */
export interface BatchView extends BatchLine {
  decisionRecord: string | null;
  carriedBalance: number | null;
  removedVouchers: string[];
  returnReason: string | null;
  reviewOpinion: string | null;
  submittedAt: string | null;
  previousId: string | null;
  lines: ShownLine[];
  /** General items: the entries, masked (empty for the other kinds). */
  entries: ShownEntry[];
  abilities: { submit: boolean; review: boolean };
}

/** One version in scope (NOT_FOUND otherwise) with its lines. */
export async function readBatch(ctx: Ctx, id: string): Promise<BatchView> {
  const actor = requireActor(ctx);
  const row = await loadInScope<DisclosureAction, DisclosureBatchRow>(ctx, disclosurePolicy, id, 'read');
  const village = await findVillage(ctx, row.region_code);
  const may = async (action: DisclosureAction) => {
    if (!actor.permissions.has(disclosurePolicy.actions[action])) return false;
    return (
      (await ctx.db
        .selectFrom('disclosure_batches as b')
        .select('b.id')
        .where('b.id', '=', id)
        .where((eb) => disclosureListWhere(ctx, 'b', action)(eb as never))
        .executeTakeFirst()) !== undefined
    );
  };
  return {
    ...toLine({ ...row, village_name: village.name }),
    decisionRecord: row.decision_record,
    carriedBalance: row.carried_balance === null ? null : Number(row.carried_balance),
    removedVouchers: row.removed_vouchers ? (JSON.parse(row.removed_vouchers) as string[]) : [],
    returnReason: row.return_reason,
    reviewOpinion: row.review_opinion,
    submittedAt: row.submitted_at,
    previousId: row.previous_id,
    lines: await shownLines(ctx, id),
    entries: row.kind === 'general' ? await shownEntries(ctx, id) : [],
    abilities: {
      submit: row.status === 'draft' && (await may('prepare')),
      review: row.status === 'submitted' && row.prepared_by !== actor.userId && (await may('review')),
    },
  };
}

/** Throws NOT_FOUND unless `code` is a village (public pages: the same answer as an unknown code). */
export async function publicVillage(ctx: Ctx, code: string) {
  try {
    return await findVillage(ctx, code);
  } catch {
    throw errors.notFound('region');
  }
}
