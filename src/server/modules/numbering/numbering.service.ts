import { type UnitAction, type UnitRow, unitPolicy } from '../org/index.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { loadInScope } from '../access/index.js';
import { errors } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { arg, runCompiled } from '../../db/compiled-query.js';

/** Numbered series (the register a number belongs to). */
export const NUMBER_SERIES = ['report', 'clue', 'approval', 'case', 'recommendation'] as const;
/** A numbered series. */
export type NumberSeries = (typeof NUMBER_SERIES)[number];

/**
 * Default patterns. Placeholders: `{abbr}` the commission's short name (or name), `{year}` the
 * Shanghai year, `{seq}` the sequence (`{seq:4}` zero-padded to 4 digits).
 */
export const DEFAULT_PATTERNS: Record<NumberSeries, string> = {
  report: '{abbr}信〔{year}〕{seq:4}号',
  clue: '{abbr}线〔{year}〕{seq:4}号',
  approval: '{abbr}呈〔{year}〕{seq:4}号',
  case: '{abbr}案〔{year}〕{seq:4}号',
  // 监察建议书 / 纪律检查建议书 (issue 15).
  recommendation: '{abbr}建〔{year}〕{seq:4}号',
};

const PLACEHOLDER = /\{(abbr|year|seq)(?::(\d))?\}/g;

/** Checks a pattern: it must contain `{seq}` exactly once and only known placeholders. */
export function validatePattern(pattern: string): void {
  const stripped = pattern.replace(PLACEHOLDER, '');
  if (/[{}]/.test(stripped))
    throw errors.validation({ field: 'pattern' }, '编号格式只能使用 {abbr}、{year}、{seq} 或 {seq:N}');
  const seqCount = [...pattern.matchAll(PLACEHOLDER)].filter((m) => m[1] === 'seq').length;
  if (seqCount !== 1) throw errors.validation({ field: 'pattern' }, '编号格式须包含且只包含一个 {seq}');
  if (!pattern.includes('{year}')) throw errors.validation({ field: 'pattern' }, '编号格式须包含 {year}（按年度编号）');
}

/** Fills a pattern. */
export function formatNumber(pattern: string, values: { abbr: string; year: number; seq: number }): string {
  return pattern.replace(PLACEHOLDER, (_, name: string, width?: string) => {
    if (name === 'abbr') return values.abbr;
    if (name === 'year') return String(values.year);
    return width ? String(values.seq).padStart(Number(width), '0') : String(values.seq);
  });
}

/**
 * The default abbreviation of a commission in its numbers: 中共渑池县纪律检查委员会 → 渑纪, 城关镇纪委 → 城关纪,
 * 果园乡纪委 → 果园纪. A commission that wants another one writes it into its pattern.
 */
export function unitAbbreviation(unit: { name: string; kind: string }): string {
  const name = unit.name.replace(/^中共/, '');
  if (unit.kind === 'township_commission') {
    const place = name.replace(/(纪委|纪工委|纪律检查委员会).*$/, '').replace(/(镇|乡|街道|街道办事处)$/, '');
    return `${place || name.slice(0, 2)}纪`;
  }
  return `${name.slice(0, 1)}纪`;
}

/**
 * The commission a unit belongs to: itself when it is one, else its nearest commission ancestor
 * (an intake office numbers and registers in its commission's series).
 */
export async function commissionOf(tx: Ctx, unitId: string): Promise<UnitRow> {
  let unit = await tx.db.selectFrom('units').selectAll().where('id', '=', unitId).executeTakeFirstOrThrow();
  for (let depth = 0; depth < 10; depth++) {
    if (COMMISSION_KINDS.includes(unit.kind) || !unit.parent_id) return unit;
    unit = await tx.db.selectFrom('units').selectAll().where('id', '=', unit.parent_id).executeTakeFirstOrThrow();
  }
  return unit;
}

/** Unit kinds that are commissions (with a numbering series of their own). */
export const COMMISSION_KINDS: readonly string[] = ['commission', 'township_commission'];

/**
 * Issues the next number of `series` for `unit` in the Shanghai year of `at`, in the caller's
 * transaction. The counter row is created on first use and advanced by one upsert, so two
 * concurrent transactions serialise on it and never share a number. Pass the unit row when the
 * caller holds it (the hot intake path does), or its id.
 */
export async function issueNumber(
  tx: Ctx,
  unitOrId: string | Pick<UnitRow, 'id' | 'name' | 'kind'>,
  series: NumberSeries,
  at: string,
): Promise<string> {
  const year = Number(new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 4));
  const unit =
    typeof unitOrId === 'string'
      ? await tx.db
          .selectFrom('units')
          .select(['id', 'name', 'kind'])
          .where('id', '=', unitOrId)
          .executeTakeFirstOrThrow()
      : unitOrId;
  const patternRow = (
    await runCompiled(
      tx.db,
      'numbering.pattern',
      (d) =>
        d
          .selectFrom('numbering_patterns')
          .select('pattern')
          .where('unit_id', '=', arg<string>(0))
          .where('series', '=', arg<string>(1)),
      [unit.id, series],
    )
  ).rows[0];
  const row = (
    await runCompiled(
      tx.db,
      'numbering.counter',
      (d) =>
        d
          .insertInto('number_counters')
          .values({ unit_id: arg<string>(0), series: arg<string>(1), year: arg<number>(2), last_seq: 1 })
          .onConflict((oc) =>
            oc
              .columns(['unit_id', 'series', 'year'])
              .doUpdateSet((eb) => ({ last_seq: eb('number_counters.last_seq', '+', 1) })),
          )
          .returning('last_seq'),
      [unit.id, series, year],
    )
  ).rows[0];
  if (!row) throw new Error('number counter returned no row');
  return formatNumber(patternRow?.pattern ?? DEFAULT_PATTERNS[series], {
    abbr: unitAbbreviation(unit),
    year,
    seq: Number(row.last_seq),
  });
}

/** The numbering patterns of a unit (defaults where none is set). */
export async function getPatterns(ctx: Ctx, unitId: string): Promise<Record<NumberSeries, string>> {
  const rows = await ctx.db
    .selectFrom('numbering_patterns')
    .select(['series', 'pattern'])
    .where('unit_id', '=', unitId)
    .execute();
  const out = { ...DEFAULT_PATTERNS };
  for (const r of rows)
    if ((NUMBER_SERIES as readonly string[]).includes(r.series)) out[r.series as NumberSeries] = r.pattern;
  return out;
}

/**
 * Sets the pattern of a series for a commission inside the actor's org.manage scope (audited).
 * Throws NOT_FOUND (unit missing or out of scope), VALIDATION_FAILED (not a commission, bad pattern).
 */
export async function setUnitPattern(ctx: Ctx, unitId: string, series: NumberSeries, pattern: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const unit = await loadInScope<UnitAction, UnitRow>(tx, unitPolicy, unitId, 'manage');
    if (!COMMISSION_KINDS.includes(unit.kind)) throw errors.validation({ field: 'id' }, '只有纪检监察机关有编号规则');
    await setPattern(tx, unit.id, series, pattern);
  });
}

/** Sets a unit's pattern for a series (audited). */
export async function setPattern(tx: Ctx, unitId: string, series: NumberSeries, pattern: string): Promise<void> {
  validatePattern(pattern);
  const now = nowIso(tx);
  const before = await tx.db
    .selectFrom('numbering_patterns')
    .select('pattern')
    .where('unit_id', '=', unitId)
    .where('series', '=', series)
    .executeTakeFirst();
  await tx.db
    .insertInto('numbering_patterns')
    .values({ unit_id: unitId, series, pattern, updated_at: now })
    .onConflict((oc) => oc.columns(['unit_id', 'series']).doUpdateSet({ pattern, updated_at: now }))
    .execute();
  await recordAudit(tx, {
    action: 'numbering.set',
    resourceType: 'unit',
    resourceId: unitId,
    unitId,
    changes: { [series]: [before?.pattern ?? DEFAULT_PATTERNS[series], pattern] },
  });
}
