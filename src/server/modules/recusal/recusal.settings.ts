/**
 * A county's recusal setting: the workplace window (回避审查的原工作单位年限, years back a former
 * workplace still warns; `DEFAULT_WORKPLACE_YEARS` unless the county set its own), read and set
 * by a holder of `setting.manage` over the county's commission, every change audited and kept in
 * `recusal_setting_changes` as the setting's history.
 */
import { type Ctx, inTransaction, nowIso, scopeFor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { inScope } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';
import { DEFAULT_WORKPLACE_YEARS, workplaceYearsKey } from './conflict.service.js';

/** Longest workplace window a county may set, in years. */
export const MAX_WORKPLACE_YEARS = 30;

/** One change of the window, newest first in the history. */
export interface WorkplaceWindowChange {
  before: number | null;
  after: number;
  changedBy: string | null;
  changedByName: string | null;
  changedAt: string;
}

/** A county's workplace window as the API shows it, with its history. */
export interface WorkplaceWindow {
  regionCode: string;
  workplaceYears: number;
  /** True while the county has not set its own window. */
  isDefault: boolean;
  defaultYears: number;
  history: WorkplaceWindowChange[];
}

/**
 * Refuses a code that is not a county of the platform (VALIDATION_FAILED) or whose commission
 * lies outside the caller's `setting.manage` scope (NOT_FOUND); a global scope covers every county.
 */
async function requireCounty(ctx: Ctx, regionCode: string): Promise<void> {
  const county = await ctx.db
    .selectFrom('regions')
    .select('code')
    .where('code', '=', regionCode)
    .where('level', '=', 'county')
    .executeTakeFirst();
  if (!county) throw errors.validation({ field: 'regionCode' }, '只能为本平台的县（市、区）设置');
  const scope = scopeFor(ctx, 'setting.manage');
  if (scope.global) return;
  const commission = await ctx.db
    .selectFrom('units')
    .select(['id as owner_unit_id', 'path as owner_unit_path', 'region_path'])
    .where('region_code', '=', regionCode)
    .where('kind', '=', 'commission')
    .executeTakeFirst();
  if (!commission || !inScope(scope, commission)) throw errors.notFound('county');
}

async function storedYears(ctx: Ctx, regionCode: string): Promise<number | null> {
  const row = await ctx.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', workplaceYearsKey(regionCode))
    .executeTakeFirst();
  const years = row ? Number(JSON.parse(row.value)) : NaN;
  return Number.isInteger(years) && years > 0 ? years : null;
}

async function windowOf(ctx: Ctx, regionCode: string): Promise<WorkplaceWindow> {
  const years = await storedYears(ctx, regionCode);
  const history = await ctx.db
    .selectFrom('recusal_setting_changes as c')
    .leftJoin('users as u', 'u.id', 'c.changed_by')
    .select(['c.value_before', 'c.value_after', 'c.changed_by', 'c.changed_at', 'u.display_name'])
    .where('c.county_code', '=', regionCode)
    .where('c.setting', '=', 'workplace_years')
    .orderBy('c.changed_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(50)
    .execute();
  return {
    regionCode,
    workplaceYears: years ?? DEFAULT_WORKPLACE_YEARS,
    isDefault: years === null,
    defaultYears: DEFAULT_WORKPLACE_YEARS,
    history: history.map((h) => ({
      before: h.value_before === null ? null : Number(h.value_before),
      after: Number(h.value_after),
      changedBy: h.changed_by,
      changedByName: h.display_name,
      changedAt: h.changed_at,
    })),
  };
}

/** Reads a county's workplace window and its last 50 changes. VALIDATION_FAILED, NOT_FOUND as `requireCounty`. */
export async function readWorkplaceWindow(ctx: Ctx, regionCode: string): Promise<WorkplaceWindow> {
  await requireCounty(ctx, regionCode);
  return windowOf(ctx, regionCode);
}

/**
 * Sets a county's workplace window (1 to MAX_WORKPLACE_YEARS years): the value, its history row
 * and a `setting.update` audit event in one transaction; checks run from now on use it.
 * VALIDATION_FAILED (out of range, not a county), NOT_FOUND (outside the caller's scope).
 */
export async function setWorkplaceWindow(ctx: Ctx, regionCode: string, years: number): Promise<WorkplaceWindow> {
  if (!Number.isInteger(years) || years < 1 || years > MAX_WORKPLACE_YEARS)
    throw errors.validation({ field: 'workplaceYears' }, `原工作单位回避年限应为 1 至 ${MAX_WORKPLACE_YEARS} 年`);
  return inTransaction(ctx, async (tx) => {
    await requireCounty(tx, regionCode);
    const before = await storedYears(tx, regionCode);
    const now = nowIso(tx);
    const key = workplaceYearsKey(regionCode);
    const value = JSON.stringify(years);
    await tx.db
      .insertInto('settings')
      .values({ key, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
    await tx.db
      .insertInto('recusal_setting_changes')
      .values({
        id: newId(),
        county_code: regionCode,
        setting: 'workplace_years',
        value_before: before,
        value_after: years,
        changed_by: tx.actor?.userId ?? null,
        changed_at: now,
      })
      .execute();
    await recordAudit(tx, {
      action: 'setting.update',
      resourceType: 'setting',
      resourceId: key,
      changes: { workplaceYears: [before ?? DEFAULT_WORKPLACE_YEARS, years] },
    });
    return windowOf(tx, regionCode);
  });
}
