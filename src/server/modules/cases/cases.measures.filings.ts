/**
 * The ledger filed with 案管 (GZ 第四十条: the ledger is filed with 案管 periodically, who
 * cross-checks it): the handling unit files its measures of a period (报备, case.manage over the
 * unit), 案管 (case.register) acknowledges it after comparing it with the ledger as recorded
 * (measures missing from the filing, or filed but not in the ledger). Also the county settings of
 * the approver level for the measures the law leaves to "按规定报批".
 */
import { sql } from 'kysely';
import { MEASURE_KINDS, type MeasureKind } from '../../shared/cases.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor, scopeFor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { scopePredicate } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';
import { measuresInPeriod } from './cases.measures.ledger.js';
import { APPROVER_LEVEL_SETTINGS, SETTING_KINDS } from './cases.measures.rules.js';
import type { CaseMeasureFilingTable } from './cases.measures.tables.js';

/** A filing as listed. */
export interface MeasureFilingView {
  id: string;
  handlingUnitId: string;
  handlingUnitName: string;
  periodFrom: string;
  periodTo: string;
  measureIds: string[];
  measureCount: number;
  note: string | null;
  filedByName: string;
  filedAt: string;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  ackNote: string | null;
  version: number;
}

function filingView(f: CaseMeasureFilingTable): MeasureFilingView {
  return {
    id: f.id,
    handlingUnitId: f.handling_unit_id,
    handlingUnitName: f.handling_unit_name,
    periodFrom: f.period_from,
    periodTo: f.period_to,
    measureIds: JSON.parse(f.measure_ids) as string[],
    measureCount: Number(f.measure_count),
    note: f.note,
    filedByName: f.filed_by_name,
    filedAt: f.filed_at,
    acknowledgedAt: f.acknowledged_at,
    acknowledgedByName: f.acknowledged_by_name,
    ackNote: f.ack_note,
    version: Number(f.version),
  };
}

const FILING_COLUMNS = { unitId: 'f.handling_unit_id', unitPath: 'f.unit_path', regionPath: 'f.unit_path' };

/** A filing of a unit's ledger. */
export interface FilingInput {
  unitId: string;
  periodFrom: string;
  periodTo: string;
  note?: string | null | undefined;
}

/**
 * Files the measures ledger of handling unit `unitId` for a period with 案管: the measures of its
 * cases in force during the period are listed (none: a nil filing). Needs case.manage over the
 * unit (NOT_FOUND otherwise). Throws VALIDATION_FAILED (a period ending in the future or reversed).
 */
export async function fileMeasureLedger(ctx: Ctx, input: FilingInput): Promise<{ id: string; measureCount: number }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const scope = scopeFor(tx, 'case.manage');
    if (input.periodFrom > input.periodTo)
      throw errors.validation({ field: 'periodTo' }, '报备期间的结束日期不能早于开始日期');
    if (input.periodTo > toShanghaiDate(nowIso(tx))) throw errors.validation({ field: 'periodTo' }, '报备期间尚未结束');
    const unit = await tx.db
      .selectFrom('units as u')
      .select(['u.id', 'u.name', 'u.path'])
      .where('u.id', '=', input.unitId)
      .where((eb) => scopePredicate(eb, scope, { unitId: 'u.id', unitPath: 'u.path', regionPath: 'u.region_path' }))
      .executeTakeFirst();
    if (!unit) throw errors.notFound('unit');
    const ids = await measuresInPeriod(tx, unit.id, input.periodFrom, input.periodTo);
    const id = newId();
    await tx.db
      .insertInto('case_measure_filings')
      .values({
        id,
        handling_unit_id: unit.id,
        handling_unit_name: unit.name,
        unit_path: unit.path,
        period_from: input.periodFrom,
        period_to: input.periodTo,
        measure_ids: JSON.stringify(ids),
        measure_count: ids.length,
        note: input.note?.trim() || null,
        filed_by: actor.userId,
        filed_by_name: actor.displayName,
        filed_at: nowIso(tx),
        acknowledged_at: null,
        acknowledged_by: null,
        acknowledged_by_name: null,
        ack_note: null,
        version: 1,
      })
      .execute();
    await recordAudit(tx, {
      action: 'case.measure_filing',
      resourceType: 'case_measure_filing',
      resourceId: id,
      unitId: unit.id,
      changes: { period: [null, `${input.periodFrom}~${input.periodTo}`], measures: [null, ids] },
    });
    return { id, measureCount: ids.length };
  });
}

/**
 * The filings the reader may see (case.read over the filing unit: 案管 the county's, a township
 * its own), newest first; `pending` only those 案管 has not acknowledged.
 */
export async function listMeasureFilings(
  ctx: Ctx,
  query: { pending?: boolean | undefined; page: number; pageSize: number },
): Promise<{ items: MeasureFilingView[]; total: number }> {
  const scope = scopeFor(ctx, 'case.read');
  let q = ctx.db.selectFrom('case_measure_filings as f').where((eb) => scopePredicate(eb, scope, FILING_COLUMNS));
  if (query.pending) q = q.where('f.acknowledged_at', 'is', null);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await q
    .selectAll('f')
    .orderBy('f.filed_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: rows.map(filingView), total: Number(total?.n ?? 0) };
}

/**
 * 案管 acknowledges a filing after cross-checking it against the ledger as recorded: the measures
 * of the unit's cases in force during the period that the filing missed, and those filed that are
 * not in it any more; the note says what was found. Needs case.register over the unit (NOT_FOUND).
 * Throws MEASURE_STEP (acknowledged already), CONFLICT (stale version).
 */
export async function acknowledgeFiling(
  ctx: Ctx,
  id: string,
  input: { version: number; note?: string | null | undefined },
): Promise<{ version: number; missing: string[]; extra: string[]; ackNote: string }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const scope = scopeFor(tx, 'case.register');
    const f = await tx.db
      .selectFrom('case_measure_filings as f')
      .selectAll('f')
      .where('f.id', '=', id)
      .where((eb) => scopePredicate(eb, scope, FILING_COLUMNS))
      .executeTakeFirst();
    if (!f) throw errors.notFound('measure_filing');
    if (f.acknowledged_at)
      throw domainError('MEASURE_STEP', { status: 'acknowledged', step: 'acknowledge' }, '该报备已经确认');
    const filed = JSON.parse(f.measure_ids) as string[];
    const current = await measuresInPeriod(tx, f.handling_unit_id, f.period_from, f.period_to);
    const missing = current.filter((m) => !filed.includes(m));
    const extra = filed.filter((m) => !current.includes(m));
    const found =
      missing.length + extra.length === 0
        ? '经核对，与措施台账一致'
        : `经核对，台账中有${missing.length}项措施未报备，${extra.length}项报备措施不在台账中`;
    const ackNote = [found, input.note?.trim()].filter(Boolean).join('；');
    const res = await tx.db
      .updateTable('case_measure_filings')
      .set({
        acknowledged_at: nowIso(tx),
        acknowledged_by: actor.userId,
        acknowledged_by_name: actor.displayName,
        ack_note: ackNote,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id, version: f.version });
    await recordAudit(tx, {
      action: 'case.measure_filing_ack',
      resourceType: 'case_measure_filing',
      resourceId: id,
      unitId: f.handling_unit_id,
      changes: { missing: [null, missing], extra: [null, extra] },
    });
    return { version: input.version + 1, missing, extra, ackNote };
  });
}

/** One kind's approver level in a county. */
export interface ApproverLevelView {
  kind: MeasureKind;
  level: number;
  isDefault: boolean;
  defaultLevel: number;
}

/** A county's approver levels of the 按规定报批 measures (setting.manage over the county). */
export async function approverLevels(ctx: Ctx, regionCode: string): Promise<ApproverLevelView[]> {
  const out: ApproverLevelView[] = [];
  for (const kind of SETTING_KINDS) {
    const s = await APPROVER_LEVEL_SETTINGS[kind]!.read(ctx, regionCode);
    out.push({ kind, level: s.value, isDefault: s.isDefault, defaultLevel: s.defaultValue });
  }
  return out;
}

/**
 * Sets a county's approver level of one 按规定报批 measure (measures recorded from now on need it),
 * audited. Throws VALIDATION_FAILED (a kind the law names the approver of, a level outside 1–3).
 */
export async function setApproverLevel(
  ctx: Ctx,
  regionCode: string,
  input: { kind: MeasureKind; level: number },
): Promise<ApproverLevelView[]> {
  const setting = MEASURE_KINDS.includes(input.kind) ? APPROVER_LEVEL_SETTINGS[input.kind] : undefined;
  if (!setting) throw errors.validation({ field: 'kind' }, '该措施的审批人由法律规定，不能由县设置');
  await setting.set(ctx, regionCode, input.level);
  return approverLevels(ctx, regionCode);
}
