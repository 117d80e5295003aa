/**
 * The catalogue as administrators see and change it: each timer with its national default, the
 * province and county overrides and the history of every version. A change appends a version
 * (never updates one) and is audited in its transaction; it applies to clocks started after it.
 */
import { type Ctx, inTransaction, nowIso, scopeFor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { inScope } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';
import {
  type RuleVersion,
  buildCatalogue,
  effectiveRule,
  invalidateCatalogue,
  loadCatalogue,
  provinceOf,
  versionRow,
} from './deadlines.catalogue.js';
import {
  type ExtensionStep,
  type TimerLevel,
  type TimerRuleSpec,
  type TimerStage,
  longerThanNational,
  ruleProblems,
} from './deadlines.rules.js';

/** Provinces (GB/T 2260 two-digit codes) by code. */
// prettier-ignore
export const PROVINCES: Record<string, string> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省',
  '31': '上海市', '32': '江苏省', '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区', '46': '海南省',
  '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省', '54': '西藏自治区',
  '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区', '65': '新疆维吾尔自治区',
  '71': '台湾省', '81': '香港特别行政区', '82': '澳门特别行政区',
};

/** A place whose rules may differ: a province or a county. */
export interface RulePlace {
  code: string;
  name: string;
  level: Exclude<TimerLevel, 'national'>;
}

/** A rule version as the API shows it: with the names of its place and of who set it. */
export type RuleView = RuleVersion & { createdByName: string | null; regionName: string | null };

/** One timer of the catalogue: its national default and the overrides in force. */
export interface CatalogueEntry {
  kind: string;
  label: string;
  stage: TimerStage;
  /** null for a timer that exists only locally (a province or county added it). */
  national: RuleView | null;
  /** Overrides in force, provinces first. */
  overrides: RuleView[];
}

/** The places an override may be set for: the provinces and counties of the platform's regions. */
async function places(ctx: Ctx): Promise<RulePlace[]> {
  const counties = await ctx.db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('level', '=', 'county')
    .orderBy('code')
    .execute();
  const provinces = [...new Set(counties.map((c) => c.code.slice(0, 2)))].map((p) => ({
    code: provinceOf(p),
    name: PROVINCES[p] ?? p,
    level: 'province' as const,
  }));
  return [...provinces, ...counties.map((c) => ({ code: c.code, name: c.name, level: 'county' as const }))];
}

/** Names of users who made changes. */
async function userNames(ctx: Ctx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

function view(v: RuleVersion, names: Map<string, string>, placeNames: Map<string, string>): RuleView {
  return {
    ...v,
    createdByName: v.createdBy ? (names.get(v.createdBy) ?? null) : null,
    regionName: v.regionCode ? (placeNames.get(v.regionCode) ?? null) : null,
  };
}

/** The catalogue: every timer, national default and overrides in force, and the places. */
export async function listTimerRules(ctx: Ctx): Promise<{ items: CatalogueEntry[]; places: RulePlace[] }> {
  const catalogue = buildCatalogue(await ctx.db.selectFrom('timer_rules').selectAll().execute());
  const where = await places(ctx);
  const placeNames = new Map(where.map((p) => [p.code, p.name]));
  const names = await userNames(
    ctx,
    catalogue.versions.map((v) => v.createdBy),
  );
  const items: CatalogueEntry[] = [];
  for (const [kind, k] of catalogue.current) {
    const overrides = [...k.province.values(), ...k.county.values()].map((v) => view(v, names, placeNames));
    const head = k.national ?? overrides[0];
    if (!head) continue;
    items.push({
      kind,
      label: head.label,
      stage: head.stage,
      national: k.national ? view(k.national, names, placeNames) : null,
      overrides,
    });
  }
  return { items, places: where };
}

/** Every version of one timer's rules, at every level, newest first; NOT_FOUND for an unknown timer. */
export async function timerRuleHistory(ctx: Ctx, kind: string): Promise<{ items: RuleView[] }> {
  const rows = await ctx.db.selectFrom('timer_rules').selectAll().where('kind', '=', kind).execute();
  if (rows.length === 0) throw errors.notFound('timer_rule');
  const versions = buildCatalogue(rows).versions;
  const names = await userNames(
    ctx,
    versions.map((v) => v.createdBy),
  );
  const placeNames = new Map((await places(ctx)).map((p) => [p.code, p.name]));
  return {
    items: versions
      .map((v) => view(v, names, placeNames))
      .sort((a, b) => (a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : b.version - a.version)),
  };
}

/** What an administrator sets for a province or county. */
export interface OverrideInput {
  amount: number | null;
  unit: TimerRuleSpec['unit'];
  extensions: ExtensionStep[];
  note: string | null;
  /** Why (the local rule's document, e.g. 豫纪发〔2025〕3号). */
  reason: string;
  /** Only for a timer the nation does not have (a local timer): what it is. */
  label?: string | undefined;
  stage?: TimerStage | undefined;
  startEvent?: string | undefined;
  source?: string | undefined;
}

/** The level of a place code, or null when it names neither a province nor a county. */
function levelOf(code: string): Exclude<TimerLevel, 'national'> | null {
  if (/^\d{2}0{10}$/.test(code)) return 'province';
  if (/^\d{4}(?!00)\d{2}0{6}$/.test(code)) return 'county';
  return null;
}

/**
 * Refuses a change the caller may not make: a province's rules need a global `timer.manage`
 * scope; a county's, a scope covering that county's commission.
 */
async function requirePlace(ctx: Ctx, code: string): Promise<{ level: Exclude<TimerLevel, 'national'> }> {
  const level = levelOf(code);
  const known = (await places(ctx)).find((p) => p.code === code);
  if (!level || !known) throw errors.validation({ field: 'regionCode' }, '只能为本平台的省或县（市、区）设置');
  const scope = scopeFor(ctx, 'timer.manage');
  if (scope.global) return { level };
  if (level === 'county') {
    const commission = await ctx.db
      .selectFrom('units')
      .select(['id as owner_unit_id', 'path as owner_unit_path', 'region_path'])
      .where('region_code', '=', code)
      .where('kind', '=', 'commission')
      .executeTakeFirst();
    if (commission && inScope(scope, commission)) return { level };
  }
  throw errors.forbidden('timer.manage');
}

/**
 * Sets a province's or county's rule for a timer (a new version). For a national timer the
 * override keeps what the timer is (name, stage, start event, pause and restart rules) and sets
 * its length and extensions; it may be stricter than the law, never longer (TIMER_RULE_INVALID
 * with the reasons). A timer the nation does not have is a local timer: its name, stage, start
 * event and source come with it. The change applies to clocks started after it.
 */
export async function setTimerOverride(
  ctx: Ctx,
  kind: string,
  regionCode: string,
  input: OverrideInput,
): Promise<RuleView> {
  const { level } = await requirePlace(ctx, regionCode);
  const result = await inTransaction(ctx, async (tx) => {
    const rows = await tx.db.selectFrom('timer_rules').selectAll().where('kind', '=', kind).execute();
    const catalogue = buildCatalogue(rows);
    const k = catalogue.current.get(kind);
    const national = k?.national ?? null;
    const base = national ?? (level === 'county' ? k?.province.get(provinceOf(regionCode)) : undefined) ?? null;
    const spec: TimerRuleSpec = {
      kind,
      label: base?.label ?? input.label ?? '',
      stage: base?.stage ?? input.stage ?? 'case',
      startEvent: base?.startEvent ?? input.startEvent ?? '',
      amount: input.amount,
      unit: input.unit,
      extendOverHoliday: base?.extendOverHoliday ?? true,
      pausable: base?.pausable ?? false,
      repeatable: base?.repeatable ?? false,
      maxRestarts: base?.maxRestarts ?? null,
      extensions: input.extensions,
      source: national ? national.source : (input.source ?? base?.source ?? ''),
      note: input.note,
    };
    const problems = ruleProblems(spec);
    if (!national && (!spec.label || !spec.startEvent || !spec.source))
      problems.push({ field: 'label', code: 'local_fields' });
    if (national) problems.push(...longerThanNational(national, spec));
    const roles = [...new Set(spec.extensions.flatMap((s) => s.approverRoles))];
    if (roles.length) {
      const known = new Set(
        (await tx.db.selectFrom('roles').select('key').where('key', 'in', roles).execute()).map((r) => r.key),
      );
      spec.extensions.forEach((st, i) => {
        for (const r of st.approverRoles)
          if (!known.has(r)) problems.push({ field: 'approverRoles', step: i + 1, code: 'unknown_role', value: r });
      });
    }
    if (problems.length) throw domainError('TIMER_RULE_INVALID', { problems });
    const prior = rows.filter((r) => r.level === level && r.region_code === regionCode);
    const previous = (level === 'province' ? k?.province : k?.county)?.get(regionCode) ?? null;
    const row = versionRow(
      spec,
      {
        level,
        regionCode,
        version: prior.reduce((m, r) => Math.max(m, Number(r.version)), 0) + 1,
        reason: input.reason,
      },
      tx.actor?.userId ?? null,
      nowIso(tx),
    );
    await tx.db.insertInto('timer_rules').values(row).execute();
    await recordAudit(tx, {
      action: 'timer_rule.override',
      resourceType: 'timer_rule',
      resourceId: `${kind}@${regionCode}`,
      changes: {
        version: [previous?.version ?? null, row.version],
        amount: [previous?.amount ?? national?.amount ?? null, spec.amount],
        unit: [previous?.unit ?? national?.unit ?? null, spec.unit],
        extensions: [JSON.stringify(previous?.extensions ?? national?.extensions ?? []), row.extensions],
        reason: [null, input.reason],
      },
    });
    invalidateCatalogue();
    return row;
  }).finally(invalidateCatalogue);
  return (await timerRuleHistory(ctx, kind)).items.find((v) => v.id === result.id)!;
}

/** Withdraws a province's or county's override (a new, withdrawn version): the level above applies again. */
export async function withdrawTimerOverride(ctx: Ctx, kind: string, regionCode: string, reason: string): Promise<void> {
  const { level } = await requirePlace(ctx, regionCode);
  await inTransaction(ctx, async (tx) => {
    const rows = await tx.db.selectFrom('timer_rules').selectAll().where('kind', '=', kind).execute();
    const k = buildCatalogue(rows).current.get(kind);
    const current = (level === 'province' ? k?.province : k?.county)?.get(regionCode);
    if (!current) throw errors.notFound('timer_rule');
    const version = rows
      .filter((r) => r.level === level && r.region_code === regionCode)
      .reduce((m, r) => Math.max(m, Number(r.version)), 0);
    await tx.db
      .insertInto('timer_rules')
      .values(
        versionRow(
          current,
          { level, regionCode, version: version + 1, withdrawn: true, reason },
          tx.actor?.userId ?? null,
          nowIso(tx),
        ),
      )
      .execute();
    await recordAudit(tx, {
      action: 'timer_rule.withdraw',
      resourceType: 'timer_rule',
      resourceId: `${kind}@${regionCode}`,
      changes: { version: [current.version, version + 1], reason: [null, reason] },
    });
    invalidateCatalogue();
  }).finally(invalidateCatalogue);
}

/** The effective rule of a timer for a county (what a clock started now would run under). */
export async function effectiveRuleFor(ctx: Ctx, kind: string, regionCode: string): Promise<RuleVersion | null> {
  return effectiveRule(await loadCatalogue(ctx.db, ctx.clock.nowMs()), kind, regionCode);
}
