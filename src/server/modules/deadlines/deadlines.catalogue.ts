/**
 * The timer catalogue: national defaults (seeded from `NATIONAL_TIMERS`), province and county
 * overrides, every version kept. Clocks read the effective rule for their county from a
 * per-process cache (the intake's group commit opens clocks at well over a thousand a second),
 * dropped at once by any change made in this process and refreshed after `TTL_MS` otherwise.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { transact } from '../../db/durability.js';
import type { DeadlineUnit } from '../../shared/calendar/calendar.js';
import { newId } from '../../shared/ids.js';
import { NATIONAL_TIMERS } from './deadlines.catalogue-defaults.js';
import {
  type ExtensionStep,
  type TimerLevel,
  type TimerRuleSpec,
  type TimerStage,
  sameRule,
} from './deadlines.rules.js';
import type { TimerRuleRow } from './deadlines.tables.js';

/** One stored version of a rule. */
export interface RuleVersion extends TimerRuleSpec {
  id: string;
  level: TimerLevel;
  /** '' for national. */
  regionCode: string;
  version: number;
  withdrawn: boolean;
  reason: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** The current rules of one kind, per level (withdrawn overrides left out). */
interface KindRules {
  national: RuleVersion | null;
  province: Map<string, RuleVersion>;
  county: Map<string, RuleVersion>;
}

/** The whole catalogue as this process holds it. */
export interface Catalogue {
  /** Every version, oldest first. */
  versions: RuleVersion[];
  byId: Map<string, RuleVersion>;
  current: Map<string, KindRules>;
  /** The first national version of each kind: the rule of clocks started before the catalogue. */
  firstNational: Map<string, RuleVersion>;
}

const TTL_MS = 30_000;
// Per database (keyed by its dialect adapter, which its transactions share): tests open SQLite
// and PostgreSQL platforms in one process.
let cached = new WeakMap<object, { at: number; catalogue: Catalogue }>();
// Bumped on every change: a load that began before a change never fills the cache.
let generation = 0;

/** Forgets the cached catalogue (every change to `timer_rules` calls it, after its commit too). */
export function invalidateCatalogue(): void {
  cached = new WeakMap();
  generation++;
}

/** Reads a stored version. */
export function presentVersion(r: TimerRuleRow): RuleVersion {
  return {
    id: r.id,
    kind: r.kind,
    level: r.level as TimerLevel,
    regionCode: r.region_code,
    version: Number(r.version),
    label: r.label,
    stage: r.stage as TimerStage,
    startEvent: r.start_event,
    amount: r.amount === null ? null : Number(r.amount),
    unit: r.unit as DeadlineUnit,
    extendOverHoliday: r.extend_over_holiday === 1,
    pausable: r.pausable === 1,
    repeatable: r.repeatable === 1,
    maxRestarts: r.max_restarts === null ? null : Number(r.max_restarts),
    extensions: JSON.parse(r.extensions) as ExtensionStep[],
    source: r.source,
    note: r.note,
    withdrawn: r.withdrawn === 1,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/** Builds the catalogue from every stored version. */
export function buildCatalogue(rows: readonly TimerRuleRow[]): Catalogue {
  const versions = rows
    .map(presentVersion)
    .sort((a, b) => a.version - b.version || (a.createdAt < b.createdAt ? -1 : 1));
  const current = new Map<string, KindRules>();
  const firstNational = new Map<string, RuleVersion>();
  const byId = new Map<string, RuleVersion>();
  for (const v of versions) {
    byId.set(v.id, v);
    let k = current.get(v.kind);
    if (!k) current.set(v.kind, (k = { national: null, province: new Map(), county: new Map() }));
    if (v.level === 'national') {
      if (!firstNational.has(v.kind)) firstNational.set(v.kind, v);
      k.national = v;
      continue;
    }
    const map = v.level === 'province' ? k.province : k.county;
    if (v.withdrawn) map.delete(v.regionCode);
    else map.set(v.regionCode, v);
  }
  return { versions, byId, current, firstNational };
}

/** The catalogue (cached per process; see the file comment). */
export async function loadCatalogue(db: Kysely<Database>, nowMs: number): Promise<Catalogue> {
  const key = db.getExecutor().adapter;
  const hit = cached.get(key);
  if (hit && Math.abs(nowMs - hit.at) < TTL_MS) return hit.catalogue;
  const started = generation;
  const catalogue = buildCatalogue(await db.selectFrom('timer_rules').selectAll().execute());
  if (started === generation) cached.set(key, { at: nowMs, catalogue });
  return catalogue;
}

/** The province code (two digits and zeros) a county or lower code belongs to. */
export function provinceOf(code: string): string {
  return `${code.slice(0, 2)}0000000000`;
}

/** The county (and so province) whose rules apply to a record: its county, else its region path's top. */
export function ruleRegionOf(owner: { county_code: string | null; region_path: string }): string {
  return owner.county_code ?? owner.region_path.slice(1, 13);
}

/**
 * The rule a new clock of `kind` starts under in `regionCode`'s county: the county's override,
 * else its province's, else the national default; null when the catalogue has no such timer.
 */
export function effectiveRule(catalogue: Catalogue, kind: string, regionCode: string): RuleVersion | null {
  const k = catalogue.current.get(kind);
  if (!k) return null;
  return (
    k.county.get(`${regionCode.slice(0, 6)}000000`) ?? k.province.get(provinceOf(regionCode)) ?? k.national ?? null
  );
}

/** The rule a clock runs under: the version it started with, or (older clocks) the first national one. */
export function ruleOfClock(catalogue: Catalogue, clock: { rule_id: string | null; kind: string }): RuleVersion | null {
  return (clock.rule_id ? catalogue.byId.get(clock.rule_id) : catalogue.firstNational.get(clock.kind)) ?? null;
}

/** The row of a rule version. */
export function versionRow(
  spec: TimerRuleSpec,
  v: { level: TimerLevel; regionCode: string; version: number; withdrawn?: boolean; reason?: string | null },
  by: string | null,
  at: string,
): TimerRuleRow {
  return {
    id: newId(),
    kind: spec.kind,
    level: v.level,
    region_code: v.regionCode,
    version: v.version,
    label: spec.label,
    stage: spec.stage,
    start_event: spec.startEvent,
    amount: spec.amount,
    unit: spec.unit,
    extend_over_holiday: spec.extendOverHoliday ? 1 : 0,
    pausable: spec.pausable ? 1 : 0,
    repeatable: spec.repeatable ? 1 : 0,
    max_restarts: spec.maxRestarts,
    extensions: JSON.stringify(spec.extensions),
    source: spec.source,
    note: spec.note,
    withdrawn: v.withdrawn ? 1 : 0,
    reason: v.reason ?? null,
    created_by: by,
    created_at: at,
  };
}

/**
 * Seeds the national defaults at start: a timer not yet stored gets version 1; one whose default
 * changed in the code (a law revised) gets a new national version, so clocks already running
 * keep the rule they started under. Returns the kinds written.
 */
export async function seedTimerCatalogue(db: Kysely<Database>, at: string): Promise<string[]> {
  const written: string[] = [];
  await transact(db, async (trx) => {
    const catalogue = buildCatalogue(await trx.selectFrom('timer_rules').selectAll().execute());
    const rows: TimerRuleRow[] = [];
    for (const spec of NATIONAL_TIMERS) {
      const now = catalogue.current.get(spec.kind)?.national;
      if (now && sameRule(now, spec)) continue;
      rows.push(
        versionRow(
          spec,
          { level: 'national', regionCode: '', version: (now?.version ?? 0) + 1, reason: null },
          null,
          at,
        ),
      );
      written.push(spec.kind);
    }
    if (rows.length) await trx.insertInto('timer_rules').values(rows).execute();
  });
  if (written.length) invalidateCatalogue();
  return written;
}
