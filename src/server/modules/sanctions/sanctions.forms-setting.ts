/**
 * The county's four-forms mapping (四种形态对应关系, issue 14 §6) as a setting: read and set by a
 * holder of `setting.manage` over the county's commission (NOT_FOUND outside scope), kept in
 * `sanction_four_forms` as the county's override laid over the national default, version-checked
 * (CONFLICT when stale), validated by `fourFormsMappingProblems` (VALIDATION_FAILED naming each
 * problem in words) and audited (`sanction.four_forms_set`) in the same transaction. A county
 * without a mapping uses the national default; `fourFormsFor` reads the table when a form is fixed.
 */
import {
  DEFAULT_FOUR_FORMS,
  FORM_OUTCOME_LABELS,
  type FormOutcome,
  type FourForm,
} from '../../shared/sanctions.codes.js';
import { type Ctx, inTransaction, nowIso, scopeFor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { inScope } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';
import { type MappingProblem, fourFormsMappingProblems } from './sanctions.forms.js';

/** A county's mapping as the setting shows it. */
export interface FourFormsSetting {
  regionCode: string;
  /** The full mapping in force (override over the default). */
  mapping: Record<FormOutcome, FourForm>;
  /** Only what the county set differently from nothing (its override as stored), empty when none. */
  override: Partial<Record<FormOutcome, FourForm>>;
  isDefault: boolean;
  /** The stored row's version; 0 while the county keeps none. */
  version: number;
  updatedAt: string | null;
}

/** A problem in words. */
export function problemText(p: MappingProblem): string {
  const name = FORM_OUTCOME_LABELS[p.outcome as FormOutcome] ?? p.outcome;
  switch (p.problem) {
    case 'unknown':
      return p.outcome ? `没有“${p.outcome}”这种处理` : '对应关系应为“处理 → 形态”的对照表';
    case 'form':
      return `“${name}”应归入第一至第四种形态之一`;
    case 'prosecution':
      return '移送审查起诉应归入第四种形态';
    case 'order':
      return `“${name}”重于前一种处分，不能归入更轻的形态`;
  }
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

async function stateOf(ctx: Ctx, regionCode: string): Promise<FourFormsSetting> {
  const row = await ctx.db
    .selectFrom('sanction_four_forms')
    .selectAll()
    .where('county_code', '=', regionCode)
    .executeTakeFirst();
  const override = row ? (JSON.parse(row.mapping) as Partial<Record<FormOutcome, FourForm>>) : {};
  return {
    regionCode,
    mapping: { ...DEFAULT_FOUR_FORMS, ...override },
    override,
    isDefault: !row,
    version: row?.version ?? 0,
    updatedAt: row?.updated_at ?? null,
  };
}

/** Reads a county's mapping. VALIDATION_FAILED (not a county), NOT_FOUND (outside scope). */
export async function readFourFormsSetting(ctx: Ctx, regionCode: string): Promise<FourFormsSetting> {
  await requireCounty(ctx, regionCode);
  return stateOf(ctx, regionCode);
}

/**
 * Sets a county's override (`override` laid over the national default; an empty one returns the
 * county to the default). `version`: the version read (0 while none is kept). Records decided
 * before keep the form they were given.
 */
export async function setFourFormsSetting(
  ctx: Ctx,
  regionCode: string,
  body: { mapping: Record<string, unknown>; version: number },
): Promise<FourFormsSetting> {
  const problems = fourFormsMappingProblems(body.mapping);
  if (problems.length > 0)
    throw errors.validation(
      { field: 'mapping', problems },
      `四种形态对应关系设置不正确：${problems.map(problemText).join('；')}`,
    );
  return inTransaction(ctx, async (tx) => {
    await requireCounty(tx, regionCode);
    const before = await stateOf(tx, regionCode);
    if (before.version !== body.version) throw errors.conflict({ regionCode, version: before.version });
    // Only what differs from the default is kept: a later change of the default reaches the rest.
    const override: Partial<Record<FormOutcome, FourForm>> = {};
    for (const [k, v] of Object.entries(body.mapping))
      if (DEFAULT_FOUR_FORMS[k as FormOutcome] !== v) override[k as FormOutcome] = v as FourForm;
    const now = nowIso(tx);
    const text = JSON.stringify(override);
    if (before.isDefault)
      await tx.db
        .insertInto('sanction_four_forms')
        .values({
          county_code: regionCode,
          mapping: text,
          version: 1,
          updated_by: tx.actor?.userId ?? null,
          updated_at: now,
        })
        .execute();
    else {
      const res = await tx.db
        .updateTable('sanction_four_forms')
        .set({ mapping: text, version: before.version + 1, updated_by: tx.actor?.userId ?? null, updated_at: now })
        .where('county_code', '=', regionCode)
        .where('version', '=', before.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ regionCode });
    }
    await recordAudit(tx, {
      action: 'sanction.four_forms_set',
      resourceType: 'setting',
      resourceId: `sanction.four_forms:${regionCode}`,
      unitId: null,
      changes: { mapping: [before.override, override] },
    });
    return stateOf(tx, regionCode);
  });
}
