/**
 * Preparing and publishing a village's disclosure: accounts entered or uploaded (validated as a
 * whole: nothing stored when one line is wrong), submitted, reviewed and signed by the village
 * supervision committee (村务监督委员会: who and when recorded), which publishes them; a period
 * already published changes only by a correction: a new version with its reason, the old one kept.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor, scopeFor } from '../../shared/context.js';
import type { DisclosureKind, DisclosureStatus } from '../../shared/disclosure.codes.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { looksLikeOrganisation, maskAccount, maskIdNumber, maskName } from '../../shared/masking.js';
import { normalizeIdNumber, partyNumberKind } from '../../shared/id-number.js';
import { bankAccountHash, personNumberHash } from '../../shared/personal-keys.js';
import { inScope } from '../../shared/scope.js';
import type { Permission } from '../access/index.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type LineInput, type LineProblem, type NumberedLine, checkPeriod, periodDays } from './disclosure.lines.js';
import { type GeneralEntryInput, checkGeneral, insertGeneralEntries } from './disclosure.general.js';
import { type DisclosureAction, disclosurePolicy } from './disclosure.policy.js';
import type { DisclosureBatchRow } from './disclosure.tables.js';
import { importRejected } from '../../shared/spreadsheet/strict-import.js';

/** A village as disclosure knows it: its region and its 村务监督委员会 unit (the owner of its records). */
export interface Village {
  code: string;
  name: string;
  regionPath: string;
  countyCode: string | null;
  unitId: string;
  unitPath: string;
}

/**
 * The village `code` if the actor's `permission` reaches it (its committee unit in scope, or a unit
 * of the village listed in the scope); NOT_FOUND otherwise; DISCLOSURE_NOT_VILLAGE when the code
 * is not a village with a 村务监督委员会.
 */
export async function villageInScope(ctx: Ctx, code: string, permission: Permission): Promise<Village> {
  const scope = scopeFor(ctx, permission);
  const v = await findVillage(ctx, code);
  const reached =
    inScope(scope, { owner_unit_id: v.unitId, owner_unit_path: v.unitPath, region_path: v.regionPath }) ||
    (scope.unitIds.length > 0 &&
      (await ctx.db
        .selectFrom('units')
        .select('id')
        .where('id', 'in', [...scope.unitIds])
        .where('region_code', '=', code)
        .executeTakeFirst()) !== undefined);
  if (!reached) throw errors.notFound('region');
  return v;
}

/** The village `code` with its committee unit, without a scope check (public pages, jobs). */
export async function findVillage(ctx: Pick<Ctx, 'db'>, code: string): Promise<Village> {
  const row = await ctx.db
    .selectFrom('regions as r')
    .innerJoin('units as u', (j) => j.onRef('u.region_code', '=', 'r.code').on('u.kind', '=', 'village_committee'))
    .select(['r.code', 'r.name', 'r.path', 'r.county_code', 'r.level', 'u.id', 'u.path as unit_path'])
    .where('r.code', '=', code)
    .orderBy('u.id')
    .executeTakeFirst();
  if (!row || row.level !== 'village') throw domainError('DISCLOSURE_NOT_VILLAGE', { field: 'regionCode' });
  return {
    code: row.code,
    name: row.name,
    regionPath: row.path,
    countyCode: row.county_code,
    unitId: row.id,
    unitPath: row.unit_path,
  };
}

/** What preparing a version takes: the period's accounts, a major matter, or a quarter's general items. */
export interface BatchInput {
  regionCode: string;
  kind: DisclosureKind;
  /** `2026-11` / `2026-Q4` for accounts, `2026-Q4` for general items; a major matter's period only when correcting it. */
  period?: string | undefined;
  title?: string | undefined;
  decisionRecord?: string | undefined;
  /** Fen; default the previous period's published closing balance. */
  openingBalance?: number | null | undefined;
  closingBalance?: number | null | undefined;
  /** Required to correct a period already published (a new version). */
  correctionReason?: string | undefined;
  /** Accounts: the lines (none for a major matter or general items). */
  lines?: readonly LineInput[] | undefined;
  /** General items: the quarter's entries, in order. */
  entries?: readonly GeneralEntryInput[] | undefined;
}

/** A prepared version: its id, version and what the clerk should know. */
export interface PreparedBatch {
  id: string;
  version: number;
  lineCount: number;
  incomeTotal: number;
  expenseTotal: number;
  /** Notices in words (an opening balance differing from the previous closing balance). */
  notices: string[];
}

/** The period before `period` of the same cycle. */
export function previousPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
  }
  const q = /^(\d{4})-Q([1-4])$/.exec(period)!;
  return q[2] === '1' ? `${Number(q[1]) - 1}-Q4` : `${q[1]}-Q${Number(q[2]) - 1}`;
}

/**
 * Prepares a version (a draft) of a village's accounts or a major matter the actor may prepare
 * (`disclosure.prepare` over the village; NOT_FOUND otherwise). The lines are checked as a whole
 * (`checkPeriod`); problems throw `rejected` (DISCLOSURE_LINES_REJECTED for entry,
 * IMPORT_REJECTED for an upload) with `details.rows`, and nothing is written. A period already
 * published needs `correctionReason` (DISCLOSURE_ALREADY_PUBLISHED otherwise) and becomes a new
 * version, its lines marked against the published one; a period with an open version throws
 * DISCLOSURE_OPEN_VERSION. ID numbers and accounts are hashed and sealed, private names sealed and
 * masked; one `disclosure.create` (or `.import`) audit event, in one transaction.
 */
export async function prepareBatch(
  ctx: Ctx,
  input: BatchInput,
  source: 'entry' | 'upload' = 'entry',
  rows?: readonly number[],
): Promise<PreparedBatch> {
  const actor = requireActor(ctx);
  const village = await villageInScope(ctx, input.regionCode, 'disclosure.prepare');
  const today = toShanghaiDate(nowIso(ctx));
  const reject = (problems: LineProblem[]): never => {
    if (source === 'upload') importRejected(problems);
    throw domainError('DISCLOSURE_LINES_REJECTED', { rows: problems.slice(0, 500), total: problems.length });
  };
  const finance = input.kind === 'finance';
  const general = input.kind === 'general';
  const inputLines = input.lines ?? [];
  const entries = input.entries ?? [];
  if (general) {
    const problems = checkGeneral(input.period, entries, today);
    if (inputLines.length > 0)
      problems.push({ row: null, field: 'lines', reason: '村务一般事项不含收支明细，财务收支请按期另行编制' });
    if (problems.length > 0)
      throw domainError('DISCLOSURE_GENERAL_REJECTED', { rows: problems.slice(0, 500), total: problems.length });
  } else if (entries.length > 0) reject([{ row: null, field: 'entries', reason: '只有村务一般事项才填写公开条目' }]);
  if (finance && (!input.period || !periodDays(input.period)))
    reject([{ row: null, field: 'period', reason: '期间应写作 2026-11（按月）或 2026-Q4（按季度）' }]);
  if (finance && input.period! > today.slice(0, 7) && !input.period!.includes('Q'))
    reject([{ row: null, field: 'period', reason: '不能公开尚未开始的月份' }]);
  if (input.kind === 'major_matter' && (!input.title?.trim() || !input.decisionRecord?.trim()))
    reject([
      {
        row: null,
        field: 'decisionRecord',
        reason: '重大事项须填写事项名称和决策记录（村民会议或村民代表会议的决定）',
      },
    ]);
  return inTransaction(ctx, async (tx) => {
    const period = finance || general ? input.period! : (input.period ?? `M${newId().slice(-12)}`);
    const versions = await tx.db
      .selectFrom('disclosure_batches')
      .select(['id', 'version', 'status', 'closing_balance'])
      .where('region_code', '=', village.code)
      .where('kind', '=', input.kind)
      .where('period', '=', period)
      .orderBy('version', 'desc')
      .execute();
    // A draft (never submitted, or returned by the committee) is replaced by the new upload; a
    // version waiting for the committee is not: the committee returns it first.
    const waiting = versions.find((v) => v.status === 'submitted');
    if (waiting) throw domainError('DISCLOSURE_OPEN_VERSION', { batchId: waiting.id, period });
    const draft = versions.find((v) => v.status === 'draft') ?? null;
    if (draft) {
      await tx.db.deleteFrom('disclosure_lines').where('batch_id', '=', draft.id).execute();
      await tx.db.deleteFrom('disclosure_general_roster').where('batch_id', '=', draft.id).execute();
      await tx.db.deleteFrom('disclosure_general_entries').where('batch_id', '=', draft.id).execute();
      await tx.db.deleteFrom('disclosure_batches').where('id', '=', draft.id).execute();
      versions.splice(versions.indexOf(draft), 1);
    }
    const published = versions.find((v) => v.status === 'published') ?? null;
    const reason = input.correctionReason?.trim() || null;
    if (published && !reason)
      throw domainError('DISCLOSURE_ALREADY_PUBLISHED', { period, version: versions[0]!.version });
    if (input.kind === 'major_matter' && input.period && !published) throw errors.notFound('disclosure_batch');
    if (!published && reason) reject([{ row: null, field: 'correctionReason', reason: '该期尚未公开，无需更正' }]);
    const notices: string[] = [];
    let opening = input.openingBalance ?? null;
    let carried: number | null = null;
    if (finance) {
      const prev = await tx.db
        .selectFrom('disclosure_batches')
        .select('closing_balance')
        .where('region_code', '=', village.code)
        .where('kind', '=', 'finance')
        .where('period', '=', previousPeriod(period))
        .where('status', '=', 'published')
        .executeTakeFirst();
      const prevClosing = prev?.closing_balance ?? null;
      if (opening === null) opening = prevClosing;
      else if (prevClosing !== null && prevClosing !== opening) {
        carried = prevClosing;
        notices.push(`期初余额与上期公开的期末余额（${(prevClosing / 100).toFixed(2)} 元）不一致，请在公开说明中解释`);
      }
    }
    const numbered: NumberedLine[] = inputLines.map((l, i) => ({ ...l, row: rows?.[i] ?? i + 1 }));
    const { problems, totals } = finance
      ? checkPeriod(period, numbered, { opening, closing: input.closingBalance ?? null }, today)
      : checkPeriod(numbered[0]?.occurredOn.slice(0, 7) ?? today.slice(0, 7), numbered, null, today);
    if (!finance && numbered.length === 0) problems.length = 0;
    if (general) problems.length = 0;
    if (problems.length > 0) reject(problems);
    const id = newId();
    const at = nowIso(tx);
    const previousLines = published
      ? await tx.db
          .selectFrom('disclosure_lines')
          .select([
            'voucher_no',
            'occurred_on',
            'direction',
            'amount',
            'purpose',
            'counterparty_shown',
            'category',
            'payment_method',
          ])
          .where('batch_id', '=', published.id)
          .execute()
      : [];
    const before = new Map(previousLines.map((l) => [l.voucher_no, l]));
    const rowsOut = numbered.map((l, i) => lineRow(tx, id, i + 1, l));
    if (published)
      for (const r of rowsOut) {
        const old = before.get(r.voucher_no);
        r.change = !old
          ? 'added'
          : old.occurred_on !== r.occurred_on ||
              old.direction !== r.direction ||
              Number(old.amount) !== r.amount ||
              old.purpose !== r.purpose ||
              old.counterparty_shown !== r.counterparty_shown ||
              old.category !== r.category ||
              old.payment_method !== r.payment_method
            ? 'changed'
            : null;
      }
    const kept = new Set(rowsOut.map((r) => r.voucher_no));
    const removed = previousLines.map((l) => l.voucher_no).filter((v) => !kept.has(v));
    const version = (versions[0]?.version ?? 0) + 1;
    await tx.db
      .insertInto('disclosure_batches')
      .values({
        id,
        region_code: village.code,
        kind: input.kind,
        period,
        version,
        status: 'draft',
        title: input.title?.trim() || null,
        decision_record: input.decisionRecord?.trim() || null,
        correction_reason: reason,
        previous_id: published?.id ?? null,
        opening_balance: finance ? opening : null,
        closing_balance: finance ? (input.closingBalance ?? null) : null,
        income_total: totals.income,
        expense_total: totals.expense,
        line_count: general ? entries.length : rowsOut.length,
        carried_balance: carried,
        removed_vouchers: removed.length ? JSON.stringify(removed) : null,
        return_reason: null,
        prepared_by: actor.userId,
        submitted_by: null,
        submitted_at: null,
        signed_by: null,
        signed_by_name: null,
        review_opinion: null,
        published_at: null,
        superseded_at: null,
        owner_unit_id: village.unitId,
        owner_unit_path: village.unitPath,
        region_path: village.regionPath,
        county_code: village.countyCode,
        created_at: at,
        updated_at: at,
      })
      .execute();
    for (let i = 0; i < rowsOut.length; i += 500)
      await tx.db
        .insertInto('disclosure_lines')
        .values(rowsOut.slice(i, i + 500))
        .execute();
    if (general) await insertGeneralEntries(tx, id, entries);
    await recordAudit(tx, {
      action: source === 'upload' ? 'disclosure.import' : 'disclosure.create',
      resourceType: 'disclosure_batch',
      resourceId: id,
      unitId: village.unitId,
      changes: {
        ...(draft ? { replaces: [draft.id, null] } : {}),
        period: [null, period],
        version: [null, version],
        ...(general ? { entries: [null, entries.length] } : { lines: [null, rowsOut.length] }),
        ...(reason ? { correction_reason: [null, reason] } : {}),
      },
    });
    return {
      id,
      version,
      lineCount: general ? entries.length : rowsOut.length,
      incomeTotal: totals.income,
      expenseTotal: totals.expense,
      notices,
    };
  });
}

/**
 * Whether a counterparty is a private person (masked when published): an ID number says so, a
 * credit code says not; otherwise the name (an organisation's ends in 公司, 局, 所 …). When unsure:
 * a person (a masked office costs less than an unmasked villager).
 */
export function isPrivatePerson(name: string, number: string | null): boolean {
  if (number) {
    const kind = partyNumberKind(number);
    if (kind === 'id_number') return true;
    if (kind === 'credit_code') return false;
  }
  if (looksLikeOrganisation(name)) return false;
  return !([...name].length >= 4 && /(局|厅|委|办|所|站|院|厂|店|社|部|队|会|处|场|馆|室|组)$/.test(name));
}

/** A line as stored: identifiers hashed and sealed (context `disclosure_lines.<column>:<id>`), names masked. */
function lineRow(ctx: Ctx, batchId: string, seq: number, l: NumberedLine) {
  const id = newId();
  const name = l.counterparty.trim();
  const number = l.partyNumber ? normalizeIdNumber(l.partyNumber) : null;
  const isPrivate = l.counterpartyPrivate ?? isPrivatePerson(name, number);
  const account = l.account ? l.account.replace(/[\s-]+/g, '') : null;
  return {
    id,
    batch_id: batchId,
    seq,
    voucher_no: l.voucherNo.trim(),
    occurred_on: l.occurredOn,
    direction: l.direction,
    counterparty_shown: isPrivate ? maskName(name) : name,
    counterparty_private: isPrivate ? 1 : 0,
    counterparty_enc: isPrivate ? ctx.keyring.seal(name, `disclosure_lines.counterparty_enc:${id}`) : null,
    party_number_hash: number ? personNumberHash(ctx.keyring, number) : null,
    party_number_enc: number ? ctx.keyring.seal(number, `disclosure_lines.party_number_enc:${id}`) : null,
    party_number_masked: number ? maskIdNumber(number) : null,
    amount: l.amount,
    payment_method: l.paymentMethod,
    account_hash: account ? bankAccountHash(ctx.keyring, account) : null,
    account_enc: account ? ctx.keyring.seal(account, `disclosure_lines.account_enc:${id}`) : null,
    account_masked: account ? maskAccount(account) : null,
    purpose: l.purpose.trim(),
    category: l.category.trim(),
    approval_path: l.approvalPath?.trim() || null,
    approvers: l.approvers?.trim() || null,
    change: null as string | null,
  };
}

async function loadForStep(ctx: Ctx, id: string, action: DisclosureAction): Promise<DisclosureBatchRow> {
  return loadInScope<DisclosureAction, DisclosureBatchRow>(ctx, disclosurePolicy, id, action, { forUpdate: true });
}

function requireStatus(row: DisclosureBatchRow, status: string, action: string): void {
  if (row.status !== status) throw domainError('DISCLOSURE_STATE', { status: row.status, action });
}

/** Submits a draft for the committee's review (`disclosure.prepare`). DISCLOSURE_STATE when not a draft. */
export async function submitBatch(ctx: Ctx, id: string): Promise<{ id: string; status: DisclosureStatus }> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const row = await loadForStep(tx, id, 'prepare');
    requireStatus(row, 'draft', 'submit');
    const at = nowIso(tx);
    await tx.db
      .updateTable('disclosure_batches')
      .set({ status: 'submitted', submitted_by: actor.userId, submitted_at: at, return_reason: null, updated_at: at })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      action: 'disclosure.submit',
      resourceType: 'disclosure_batch',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: ['draft', 'submitted'] },
    });
    return { id, status: 'submitted' as const };
  });
}

/** Returns a submitted version to the clerk with the committee's reason (`disclosure.review`). */
export async function returnBatch(
  ctx: Ctx,
  id: string,
  reason: string,
): Promise<{ id: string; status: DisclosureStatus }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadForStep(tx, id, 'review');
    requireStatus(row, 'submitted', 'return');
    await tx.db
      .updateTable('disclosure_batches')
      .set({ status: 'draft', return_reason: reason.trim(), updated_at: nowIso(tx) })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      action: 'disclosure.return',
      resourceType: 'disclosure_batch',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: ['submitted', 'draft'] },
    });
    return { id, status: 'draft' as const };
  });
}

/**
 * The village supervision committee reviews and signs a submitted version (`disclosure.review`),
 * which publishes it (`published_at`, signer and opinion recorded); a correction supersedes the
 * version published before (kept, with `superseded_at`). The preparer may not sign their own
 * (DISCLOSURE_STATE). One `disclosure.sign` audit event, in one transaction.
 */
export async function signBatch(
  ctx: Ctx,
  id: string,
  opinion: string,
): Promise<{ id: string; status: DisclosureStatus; publishedAt: string }> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const row = await loadForStep(tx, id, 'review');
    requireStatus(row, 'submitted', 'sign');
    if (row.prepared_by === actor.userId)
      throw domainError('DISCLOSURE_STATE', { status: row.status, action: 'sign_own' });
    const at = nowIso(tx);
    if (row.previous_id)
      await tx.db
        .updateTable('disclosure_batches')
        .set({ status: 'superseded', superseded_at: at, updated_at: at })
        .where('id', '=', row.previous_id)
        .where('status', '=', 'published')
        .execute();
    await tx.db
      .updateTable('disclosure_batches')
      .set({
        status: 'published',
        signed_by: actor.userId,
        signed_by_name: actor.displayName,
        review_opinion: opinion.trim(),
        published_at: at,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      action: 'disclosure.sign',
      resourceType: 'disclosure_batch',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        status: ['submitted', 'published'],
        ...(row.previous_id ? { supersedes: [null, row.previous_id] } : {}),
      },
    });
    return { id, status: 'published' as const, publishedAt: at };
  });
}
