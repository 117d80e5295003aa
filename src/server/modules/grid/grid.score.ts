/**
 * Scoring per event (按事记分) and the quarterly rankings. The job `grid.score` looks for source
 * events not yet scored — an informant's report that became a clue, a case filed on that clue, a
 * clue concluded as a false accusation (诬告陷害), a task the township confirmed — and gives each
 * its county's points once (a unique index on the source makes a second run a no-op), in the
 * quarter the event happened (the clue registered, the case filed, the task confirmed).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { insertRow } from '../../db/insert-row.js';
import { transact } from '../../db/durability.js';
import type { Clock } from '../../shared/clock.js';
import type { Ctx } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { JobDefinition } from '../../shared/module.js';
import { type ScoreRules, rulesOf } from './grid.service.js';
import { gridWhere } from './grid.policy.js';

/** The job kind of scoring. */
export const SCORE_JOB = 'grid.score';
/** The kinds of scored event, with the rule that gives their points. */
export const SCORE_SOURCES = {
  report_clue: 'cluePoints',
  clue_case: 'casePoints',
  false_report: 'falseReportPoints',
  task: 'taskPoints',
} as const satisfies Record<string, keyof ScoreRules>;
/** A kind of scored event. */
export type ScoreSource = keyof typeof SCORE_SOURCES;

/** The quarter (`2026-Q4`) of an instant (China time) or of a `YYYY-MM-DD` date. */
export function quarterOf(iso: string): string {
  const d = iso.length === 10 ? iso : toShanghaiDate(iso);
  return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
}

interface Candidate {
  source_id: string;
  informant_id: string;
  /** When the event happened (its quarter is the one it counts in). */
  at: string;
}

/** Scores every source event not yet scored; returns how many events were scored. Idempotent. */
export async function scoreGrid(db: Kysely<Database>, clock: Clock): Promise<number> {
  const notScored = (kind: ScoreSource, ref: string) =>
    sql<boolean>`not exists (select 1 from grid_score_events e where e.source_kind = ${kind} and e.source_id = ${sql.ref(ref)})`;
  const found: [ScoreSource, Candidate[]][] = [
    [
      'report_clue',
      (await db
        .selectFrom('reports as r')
        .innerJoin('clues as cl', 'cl.id', 'r.clue_id')
        .select(['r.id as source_id', 'r.informant_id as informant_id', 'cl.created_at as at'])
        .where('r.informant_id', 'is not', null)
        .where(notScored('report_clue', 'r.id'))
        .execute()) as Candidate[],
    ],
    [
      'clue_case',
      (await db
        .selectFrom('cases as c')
        .innerJoin('reports as r', 'r.clue_id', 'c.clue_id')
        .select(['c.id as source_id', 'r.informant_id as informant_id', 'c.filed_at as at'])
        .where('r.informant_id', 'is not', null)
        .where('c.filed_at', 'is not', null)
        .where(notScored('clue_case', 'c.id'))
        .execute()) as Candidate[],
    ],
    [
      'false_report',
      (await db
        .selectFrom('clues as cl')
        .innerJoin('reports as r', 'r.clue_id', 'cl.id')
        .select(['r.id as source_id', 'r.informant_id as informant_id', 'cl.updated_at as at'])
        .where('r.informant_id', 'is not', null)
        .where('cl.inquiry_outcome', '=', 'false_accusation')
        .where(notScored('false_report', 'r.id'))
        .execute()) as Candidate[],
    ],
    [
      'task',
      (await db
        .selectFrom('grid_tasks as t')
        .select(['t.id as source_id', 't.informant_id', 't.confirmed_at as at'])
        .where('t.status', '=', 'confirmed')
        .where(notScored('task', 't.id'))
        .execute()) as Candidate[],
    ],
  ];
  const at = new Date(clock.nowMs()).toISOString();
  const rules = new Map<string, ScoreRules>();
  let scored = 0;
  await transact(db, async (trx) => {
    for (const [kind, rows] of found)
      for (const c of rows) {
        const i = await trx
          .selectFrom('grid_informants')
          .select(['region_code', 'owner_unit_id', 'owner_unit_path', 'region_path', 'county_code'])
          .where('id', '=', c.informant_id)
          .executeTakeFirst();
        if (!i) continue;
        const key = i.county_code ?? '';
        if (!rules.has(key)) rules.set(key, await rulesOf({ db: trx }, i.county_code));
        await insertRow(trx, 'grid_score_events', {
          id: newId(),
          informant_id: c.informant_id,
          region_code: i.region_code,
          source_kind: kind,
          source_id: c.source_id,
          points: rules.get(key)![SCORE_SOURCES[kind]],
          quarter: quarterOf(c.at ?? at),
          owner_unit_id: i.owner_unit_id,
          owner_unit_path: i.owner_unit_path,
          region_path: i.region_path,
          county_code: i.county_code,
          scored_at: at,
        });
        scored++;
      }
  });
  return scored;
}

/** The scoring job, run hourly by the worker. */
export const gridJobs: readonly JobDefinition[] = [
  {
    kind: SCORE_JOB,
    every: 'hour',
    async run(_payload, _job, env) {
      const n = await scoreGrid(env.db, env.clock);
      if (n > 0) env.log.info({ scored: n }, 'grid events scored');
    },
  },
];

/** One line of a ranking. */
export interface RankLine {
  rank: number;
  key: string;
  name: string;
  village: string;
  points: number;
  events: number;
}

/** The quarter's rankings of informants and villages in the actor's reach (highest first). */
export async function rankings(
  ctx: Ctx,
  quarter: string,
): Promise<{ quarter: string; informants: RankLine[]; villages: RankLine[] }> {
  // Sum the quarter's events first (one indexed range, scope in SQL), then name the few lines.
  const perInformant = ctx.db
    .selectFrom('grid_score_events as e')
    .select(['e.informant_id', sql<number>`sum(e.points)`.as('points'), sql<number>`count(*)`.as('events')])
    .where('e.quarter', '=', quarter)
    .where((eb) => gridWhere(ctx, 'grid.read', 'e')(eb as never))
    .groupBy('e.informant_id');
  const informants = await ctx.db
    .selectFrom(perInformant.as('a'))
    .innerJoin('grid_informants as i', 'i.id', 'a.informant_id')
    .innerJoin('regions as v', 'v.code', 'i.region_code')
    .select(['a.informant_id as key', 'i.name_masked as name', 'v.name as village', 'a.points', 'a.events'])
    .orderBy('a.points', 'desc')
    .orderBy('a.informant_id')
    .limit(500)
    .execute();
  const perVillage = ctx.db
    .selectFrom('grid_score_events as e')
    .select(['e.region_code', sql<number>`sum(e.points)`.as('points'), sql<number>`count(*)`.as('events')])
    .where('e.quarter', '=', quarter)
    .where((eb) => gridWhere(ctx, 'grid.read', 'e')(eb as never))
    .groupBy('e.region_code');
  const villages = await ctx.db
    .selectFrom(perVillage.as('a'))
    .innerJoin('regions as v', 'v.code', 'a.region_code')
    .select(['a.region_code as key', 'v.name as name', 'a.points', 'a.events'])
    .orderBy('a.points', 'desc')
    .orderBy('a.region_code')
    .limit(500)
    .execute();
  const ranked = <T extends { points: number; events: number }>(rows: T[]) =>
    rows.map((r, n) => ({ ...r, rank: n + 1, points: Number(r.points), events: Number(r.events) }));
  return {
    quarter,
    informants: ranked(informants),
    villages: ranked(villages.map((v) => ({ ...v, village: v.name }))),
  };
}

/** Reports of informants in reach, as the township sees them: number, date, status, outcome, never content. */
export async function informantReports(ctx: Ctx) {
  const rows = await ctx.db
    .selectFrom('reports as r')
    .innerJoin('grid_informants as i', 'i.id', 'r.informant_id')
    .leftJoin('clues as cl', 'cl.id', 'r.clue_id')
    .select([
      'r.number',
      'r.received_at',
      'r.status',
      'r.disposition',
      'r.clue_id',
      'cl.inquiry_outcome',
      'i.name_masked',
    ])
    .where((eb) => gridWhere(ctx, 'grid.read', 'i')(eb as never))
    .orderBy('r.received_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    number: r.number ?? '',
    receivedAt: r.received_at,
    status: r.status,
    outcome: r.inquiry_outcome === 'false_accusation' ? 'false_report' : r.clue_id ? 'clue' : (r.disposition ?? null),
    informant: r.name_masked,
  }));
}
