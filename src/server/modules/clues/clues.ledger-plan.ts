/**
 * How the clue ledger's statements are written (issue 12 §6, docs/benchmarks.md "Issue 12: clue
 * ledger at 2 M and the recusal check"): the scope as ranges, as its units or hidden from the
 * indexes, the zone filter as arms, and the keyset cursor.
 */
import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso, scopeFor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { pathUnder, prefixUpper, scopeColumns, scopePredicate } from '../../shared/scope.js';
import { recusalWhere, scopeUnits as unitsOfScope, zoneScope } from '../access/index.js';
import { cluePolicy } from './clues.policy.js';

/** A select over `clues as c` before its columns are chosen (the ledger's and the pools' queries). */
export type CluesQuery = SelectQueryBuilder<Database & { c: Database['clues'] }, 'c', object>;

/**
 * The zone filter written against the reader's own units (as the intake ledger's): arm 0 the
 * clues assigned to the zone; then `whole`, the reader's units inside the zone (all their clues
 * match), and for each member township the `rest` of the units with clues about it (a region
 * range). Each arm is an index range (`clues_zone_received`, `clues_owner_region`); the later
 * arms leave out clues assigned to the zone, so the arms are disjoint and their counts add up.
 */
export interface ZoneArms {
  zoneId: string;
  whole: string[];
  rest: string[];
  regionPaths: string[];
}

/**
 * How `clueLedgerQuery` writes the scope (SQLite steering: PostgreSQL keeps every predicate
 * plain and its planner chooses, except `units` and the zone's arms, which are exact rewrites):
 * `range` the scope's prefix ranges (its indexes may lead); `units` the scope as its units' ids
 * (a narrow scope: `clues_unit_*` seek each unit's matches); `hidden` no index can serve scope,
 * zone nor (with `hideFilters`) the equality filters, so a page is read newest first from
 * `clues_ledger_newest`, every filter checked inside the index, and stops after one page.
 */
export interface LedgerPlan {
  scope?: 'range' | 'units' | 'hidden';
  /** The reader's units in scope, for `units`. */
  units?: string[];
  hideFilters?: boolean;
  /** The search as a filter on the names (a name dense in the ledger: see `denseNameTerm`). */
  nameLike?: boolean;
  /** The zone filter as all of its arms, or one. */
  zone?: { arms: ZoneArms; arm: number | 'all' };
  /** The member arm (`memberArm`), when the caller read it already. */
  members?: string[];
}

/** The roles that make a person work on a clue (not the registrar's or an approver's signature). */
export const WORKING_ROLES = ['keeper', 'handler', 'team_member'] as const;

/** At most this many out-of-scope clues in the member arm (a person works on tens). */
const MEMBER_ARM_MAX = 1_000;

/**
 * The member arm of the ledger and the "my clues" card: clues outside the reader's clue.read
 * scope on which they are a current keeper, handler or team member (a township officer on a zone
 * team, `team.reachesOutOfScope`), not recused from. The ledger is "scope OR membership"; this
 * arm holds only the clues the scope misses, so for almost everyone it is empty and the ledger's
 * scope plans stay as they are; when not, the ids join the scope as `c.id in (…)` (a primary-key
 * seek each). Read from `clue_members_current (user_id, role, clue_id) where removed_at is null`
 * (migration 2026120613a): an index seek per role, proven by EXPLAIN in clues.member-arm.test.ts.
 * A removed member is not in it; nor is anyone without clue.read.
 */
export async function memberArm(ctx: Ctx): Promise<string[]> {
  const actor = ctx.actor;
  if (!actor?.permissions.has('clue.read')) return [];
  const scope = scopeFor(ctx, 'clue.read');
  if (scope.global) return [];
  let q = ctx.db
    .selectFrom('clues as c')
    .select('c.id')
    .where('c.id', 'in', memberClues(ctx, actor.userId))
    .where((eb) => eb.not(scopePredicate(eb, scope, scopeColumns('c'))));
  const recused = recusalWhere(ctx, cluePolicy, 'c');
  if (recused) q = q.where(recused);
  return (await q.limit(MEMBER_ARM_MAX).execute()).map((r) => r.id);
}

/** The ids of the clues `userId` currently works on (`WORKING_ROLES`, not removed), as a subquery. */
export function memberClues(ctx: Ctx, userId: string) {
  return ctx.db
    .selectFrom('clue_members as m')
    .select('m.clue_id')
    .where('m.user_id', '=', userId)
    .where('m.role', 'in', WORKING_ROLES)
    .where('m.removed_at', 'is', null);
}

/** The arms of `ZoneArms` as predicates, in order (see there). */
export function armPredicates(
  ctx: Ctx,
  eb: ExpressionBuilder<Database & { c: Database['clues'] }, 'c'>,
  arms: ZoneArms,
) {
  const notAssigned = eb.or([eb('c.zone_id', 'is', null), eb('c.zone_id', '!=', arms.zoneId)]);
  const mine = [...arms.whole, ...arms.rest];
  // Arm 0 reads `zone_id` (its index checks the units inside): as an index seek per unit, SQLite
  // read all the county's clues (670 ms at 2 M).
  const assigned = eb.and([
    eb('c.zone_id', '=', arms.zoneId),
    eb(hiddenRef(ctx, 'c.owner_unit_path', true), 'in', mine),
  ]);
  const parts: Expression<SqlBool>[] = [mine.length > 0 ? assigned : sql<SqlBool>`1 = 0`];
  if (arms.whole.length > 0) parts.push(eb.and([eb('c.owner_unit_path', 'in', arms.whole), notAssigned]));
  if (arms.rest.length > 0)
    for (const p of arms.regionPaths)
      parts.push(
        eb.and([
          eb('c.owner_unit_path', 'in', arms.rest),
          eb('c.region_path', '>=', p),
          eb('c.region_path', '<', prefixUpper(p)),
          notAssigned,
        ]),
      );
  return parts;
}

/** Hides `column` from SQLite's index choice (`(c.x || '')`); PostgreSQL: the column itself. */
export function hiddenRef(ctx: Ctx, column: string, hide: boolean) {
  return hide && ctx.dialect.name === 'sqlite' ? sql`(${sql.ref(column)} || '')` : sql.ref(column);
}

/** At most this many units in the reader's scope for the zone's arms (a county holds ~150). */
const ZONE_ARM_UNITS = 1_000;

/**
 * The units of the reader's clue.read scope (id and path), or null when the scope is global,
 * region-based or holds more than ZONE_ARM_UNITS units.
 */
export async function scopeUnits(ctx: Ctx): Promise<{ id: string; path: string }[] | null> {
  return unitsOfScope(ctx, 'clue.read', ZONE_ARM_UNITS);
}

/** The zone filter as arms over the reader's `units` (see `ZoneArms`). */
export async function zoneArms(ctx: Ctx, zoneId: string, units: { id: string; path: string }[]): Promise<ZoneArms> {
  const zone = await zoneScope(ctx.db, zoneId, toShanghaiDate(nowIso(ctx)));
  const inZone = (u: { id: string; path: string }) =>
    zone.unitIds.includes(u.id) || zone.unitPaths.some((p) => pathUnder(u.path, p));
  return {
    zoneId,
    whole: units.filter(inZone).map((u) => u.path),
    rest: units.filter((u) => !inZone(u)).map((u) => u.path),
    regionPaths: [...zone.regionPaths],
  };
}

/** A page's position in the list order: the last row's received_at and id. */
export interface Cursor {
  at: string;
  id: string;
}

/** Encodes a keyset cursor (opaque to clients: base64url of the sort key and id). */
export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** Which way a walk over (received_at, id) goes: newest first (the ledger) or oldest first (a pool). */
export type KeysetOrder = 'desc' | 'asc';

/**
 * `base` narrowed to the rows after `cursor` in `order`: a range on received_at (the indexes'
 * order) narrowed on id. Every clue list that pages or streams by keyset writes its bound here.
 */
export function afterKey(base: CluesQuery, cursor: Cursor, order: KeysetOrder = 'desc'): CluesQuery {
  const [strict, loose] = order === 'desc' ? (['<', '<='] as const) : (['>', '>='] as const);
  return base
    .where('c.received_at', loose, cursor.at)
    .where((eb) => eb.or([eb('c.received_at', strict, cursor.at), eb('c.id', strict, cursor.id)]));
}

/**
 * Walks a clue query in keyset order, one statement of at most `batch` rows at a time: `read` gets
 * the bound after the last row read (null first) and applies it with `afterKey`. Memory holds one
 * batch; a deep batch costs what the first does.
 */
export async function* keysetBatches<R extends { id: string; received_at: string }>(
  read: (after: Cursor | null) => Promise<R[]>,
  batch: number,
): AsyncGenerator<R[]> {
  let after: Cursor | null = null;
  for (;;) {
    const rows = await read(after);
    if (rows.length > 0) yield rows;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.received_at, id: last.id };
  }
}

/** Decodes a cursor from `after`; VALIDATION_FAILED when it was not made by `encodeCursor`. */
export function decodeCursor(after: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { at: v[0], id: v[1] };
  } catch {
    // falls through to the validation error
  }
  throw errors.validation({ field: 'after' }, '翻页位置无效，请回到第一页');
}
