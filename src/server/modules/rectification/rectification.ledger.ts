/**
 * The ledger (整改台账) as read: its filters (source, status, responsible unit and the units
 * under it, zone, overdue, escalation rung, due range, words of the problem, side), its pages
 * and its counts by source and by responsible unit, scoped in SQL through `rectificationListWhere`.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { walkingIndexes } from '../../db/planner.js';
import { type Ctx, requireActor } from '../../shared/context.js';
import {
  RECTIFICATION_OUTSTANDING,
  type RectificationEscalation,
  type RectificationSource,
  type RectificationStatus,
} from '../../shared/rectification.codes.js';
import { type Scope, scopePredicate } from '../../shared/scope.js';
import { ITEM_COLUMNS, type ItemView, itemsQuery, presentItem, todayOf } from './rectification.items.js';
import { type ItemWhere, cappedCount, ledgerPieces } from './rectification.ledger-pieces.js';
import { rectificationListWhere } from './rectification.policy.js';

const NONE = sql<SqlBool>`1 = 0`;

// ---------------------------------------------------------------------------------------------
// The ledger

/** Filters of the ledger (and of its counts and export). */
export interface LedgerQuery {
  source?: RectificationSource | undefined;
  status?: RectificationStatus | undefined;
  /** The responsible unit and every unit under it. */
  unitId?: string | undefined;
  zoneId?: string | undefined;
  /** true: outstanding and due before today; false: not overdue. */
  overdue?: boolean | undefined;
  /** The last rung reached (`none`: never escalated). */
  escalation?: RectificationEscalation | 'none' | undefined;
  /** true: closed, its 回头看 due today or before and not yet recorded. */
  followUpDue?: boolean | undefined;
  /** Due on or after / on or before (YYYY-MM-DD). */
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** Words of the problem. */
  q?: string | undefined;
  /** `owner`: items addressed to units in my scope; `issuer`: items my side issued. */
  side?: 'owner' | 'issuer' | undefined;
  parentId?: string | undefined;
}

/** `term` with LIKE's wildcards escaped (the statement says `escape '\\'`). */
function likeEscaped(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type Eb = ExpressionBuilder<Database & { i: Database['rectification_items'] }, 'i'>;

/**
 * The filters of `q` over items aliased `i` (a unit filter naming no unit: nothing matches).
 * `unit: false` leaves the unit filter out (the pieces carry it as a list of units);
 * `unindexed` writes each column so that no index serves it (but the status with `seekStatus`):
 * the walk of an order's index, and SQLite's pieces, for which the planner otherwise took
 * `rectification_items_source` or `rectification_items_due_order` and read a province's matches.
 */
export async function filtersWhere(
  ctx: Ctx,
  q: LedgerQuery,
  opts: { unit?: boolean; unindexed?: boolean; seekStatus?: boolean } = {},
): Promise<(eb: Eb) => Expression<SqlBool>> {
  const today = todayOf(ctx);
  let unitScope: Scope | null = null;
  if (q.unitId && opts.unit !== false) {
    const unit = await ctx.db.selectFrom('units').select('path').where('id', '=', q.unitId).executeTakeFirst();
    if (!unit) return () => NONE;
    unitScope = { global: false, unitIds: [], unitPaths: [unit.path], regionPaths: [] };
  }
  const term = q.q?.trim();
  const pg = ctx.dialect.name === 'postgres';
  const c = (col: `i.${string}`) =>
    !opts.unindexed || (opts.seekStatus && col === 'i.status')
      ? sql.ref(col)
      : pg
        ? sql`(${sql.ref(col)} || '')`
        : sql`(+${sql.ref(col)})`;
  return (eb) => {
    const parts: Expression<SqlBool>[] = [];
    if (q.source) parts.push(eb(c('i.source_kind'), '=', q.source));
    if (q.status) parts.push(eb(c('i.status'), '=', q.status));
    if (unitScope)
      parts.push(
        scopePredicate(
          eb,
          unitScope,
          { unitId: 'i.owner_unit_id', unitPath: 'i.owner_unit_path', regionPath: 'i.region_path' },
          { indexed: !opts.unindexed },
        ),
      );
    if (q.zoneId) parts.push(eb(c('i.zone_id'), '=', q.zoneId));
    // Outstanding as a list of statuses: a (unit, status, due_on) index seeks each.
    if (q.overdue === true)
      parts.push(eb(c('i.status'), 'in', [...RECTIFICATION_OUTSTANDING]), eb(c('i.due_on'), '<', today));
    if (q.overdue === false) parts.push(eb.or([eb(c('i.status'), '=', 'closed'), eb(c('i.due_on'), '>=', today)]));
    if (q.escalation === 'none') parts.push(eb(c('i.escalation'), 'is', null));
    else if (q.escalation) parts.push(eb(c('i.escalation'), '=', q.escalation));
    if (q.followUpDue)
      parts.push(
        eb(c('i.status'), '=', 'closed'),
        eb(c('i.followed_up_at'), 'is', null),
        eb(c('i.follow_up_on'), '<=', today),
      );
    if (q.dueFrom) parts.push(eb(c('i.due_on'), '>=', q.dueFrom));
    if (q.dueTo) parts.push(eb(c('i.due_on'), '<=', q.dueTo));
    if (term) parts.push(sql<SqlBool>`i.problem like ${`%${likeEscaped(term)}%`} escape '\\'`);
    if (q.parentId) parts.push(eb(c('i.parent_id'), '=', q.parentId));
    return parts.length === 0 ? sql<SqlBool>`1 = 1` : eb.and(parts);
  };
}

/** The scoped, filtered ledger query over `items as i` joined with the units (no columns). */
export async function ledgerQuery(ctx: Ctx, q: LedgerQuery) {
  requireActor(ctx);
  const filters = await filtersWhere(ctx, q);
  return itemsQuery(ctx)
    .where((eb) => rectificationListWhere(ctx, 'i', q.side ?? 'any')(eb as never))
    .where((eb) => filters(eb as never));
}

/** The ledger counts up to this many matches (more: `totalCapped`, narrow the filters). */
export const RECTIFICATION_TOTAL_CAP = 10_000;
/** Words of the problem are counted up to this many matches. */
export const RECTIFICATION_SEARCH_TOTAL_CAP = 1_000;

/** The ledger's orders: by due date (soonest first) or newest first. */
export type LedgerSort = 'dueOn' | '-createdAt';

/**
 * Past the cap, a first page is cut by walking the sort's index (`rectification_items_created`,
 * `rectification_items_due_order`) and checking each row, rather than reading and sorting every
 * match (a county's 100,000 items), for pages ending within this many rows.
 */
export const WALK_PAGE_END = 500;

/** A ledger page with its total (exact up to the cap, `totalCapped` beyond). */
export interface LedgerPage {
  items: ItemView[];
  total: number;
  totalCapped: boolean;
}

/** The unit filter's path ('' when it names no unit), or null without one. */
async function unitFilterPath(ctx: Ctx, q: LedgerQuery): Promise<string | null> {
  if (!q.unitId) return null;
  const unit = await ctx.db.selectFrom('units').select('path').where('id', '=', q.unitId).executeTakeFirst();
  return unit?.path ?? '';
}

/**
 * The ledger's pieces with the filters, or one predicate (the plain scoped one) for a reader the
 * pieces do not serve. Empty when the unit filter names no unit.
 */
async function matchWheres(ctx: Ctx, q: LedgerQuery, plain = false): Promise<{ wheres: ItemWhere[]; pieces: boolean }> {
  const path = await unitFilterPath(ctx, q);
  if (path === '') return { wheres: [], pieces: true };
  const side = q.side ?? 'any';
  const pieces = plain ? null : await ledgerPieces(ctx, side, path);
  if (pieces !== null) {
    // On SQLite no filter column but the owner pieces' status is left to an index (the planner
    // took `rectification_items_due` or `rectification_items_source` and read a province's rows).
    const sqlite = ctx.dialect.name === 'sqlite';
    const ownerFilters = await filtersWhere(ctx, q, { unit: false, unindexed: sqlite, seekStatus: true });
    const issuerFilters = await filtersWhere(ctx, q, { unit: false, unindexed: sqlite });
    return {
      wheres: [
        ...pieces.owner.map((p) => (eb: Eb) => eb.and([p(eb), ownerFilters(eb)])),
        ...pieces.issuer.map((p) => (eb: Eb) => eb.and([p(eb), issuerFilters(eb)])),
      ],
      pieces: true,
    };
  }
  const filters = await filtersWhere(ctx, q);
  return {
    wheres: [(eb: Eb) => eb.and([rectificationListWhere(ctx, 'i', side)(eb as never), filters(eb)])],
    pieces: false,
  };
}

/** Reads `ids` as ledger lines, in that order. */
async function linesOf(ctx: Ctx, ids: string[]): Promise<ItemView[]> {
  if (ids.length === 0) return [];
  const rows = await itemsQuery(ctx)
    .select([...ITEM_COLUMNS])
    .where('i.id', 'in', ids)
    .execute();
  const at = new Map(ids.map((id, k) => [id, k]));
  rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
  const today = todayOf(ctx);
  return rows.map((r) => presentItem(r, today));
}

/**
 * One page of the ledger the actor may see and its total, exact up to `RECTIFICATION_TOTAL_CAP`
 * (`RECTIFICATION_SEARCH_TOTAL_CAP` with words), read by pieces (`rectification.ledger-pieces.ts`).
 * Tests set `opts`: `walkFrom` and `cap` lower, `plain` to read with the plain scoped predicate as
 * a reader the pieces do not serve is.
 */
export async function listItems(
  ctx: Ctx,
  q: LedgerQuery & { sort?: LedgerSort | undefined; page: number; pageSize: number },
  opts: { walkFrom?: number; cap?: number; plain?: boolean } = {},
): Promise<LedgerPage> {
  requireActor(ctx);
  // PostgreSQL reads the pieces and walks with plain index scans: it cannot see that an issuer's
  // items are addressed within its own county (it estimated 30,948 rows for an empty gap piece
  // and read a bitmap of the province's statuses), nor how dense a walk's matches are.
  return walkingIndexes(ctx, (tx) => readPage(tx, q, opts));
}

async function readPage(
  ctx: Ctx,
  q: LedgerQuery & { sort?: LedgerSort | undefined; page: number; pageSize: number },
  opts: { walkFrom?: number; cap?: number; plain?: boolean },
): Promise<LedgerPage> {
  const term = q.q?.trim();
  const cap = opts.cap ?? (term ? RECTIFICATION_SEARCH_TOTAL_CAP : RECTIFICATION_TOTAL_CAP);
  const { wheres } = await matchWheres(ctx, q, opts.plain);
  const desc = q.sort !== 'dueOn';
  const key = desc ? 'i.created_at' : 'i.due_on';
  const dir = desc ? 'desc' : 'asc';
  const offset = (q.page - 1) * q.pageSize;
  // The key written so that no order index serves it: PostgreSQL otherwise walked
  // `rectification_items_created` past 257,421 rows for a due range's 8,219 (and, before, a village
  // contact's 30 overdue items past 870,505).
  const branch = (where: ItemWhere) =>
    ctx.db
      .selectFrom('rectification_items as i')
      .select([sql<string>`${sql.ref(key)} || ''`.as('k'), 'i.id as id'])
      .where((eb) => where(eb as never));
  let total = 0;
  // Words of the problem are tested on the row: the matches themselves (up to the cap) are read
  // while counting, and within the cap they are the page's source.
  let matches: { k: string; id: string }[] | null = term ? [] : null;
  for (const where of wheres) {
    if (total > cap) break;
    if (matches) {
      const rows = await branch(where)
        .limit(cap + 1 - total)
        .execute();
      matches.push(...rows);
      total += rows.length;
    } else total += await cappedCount(ctx, where, cap - total);
  }
  const totalCapped = total > cap;
  const shown = Math.min(total, cap);
  // Past the cap no page starts (narrow the filters); one that starts within it is served whole.
  if (offset >= shown) return { total: shown, totalCapped, items: [] };
  // Past the cap (or `walkFrom`), a first page: walk the order's index, the scope and the filters
  // checked on each row and written so that no other index serves them (over 10,000 matches,
  // a page of 20 is found within a few thousand rows).
  const walk = total > (opts.walkFrom ?? cap) && offset + q.pageSize <= WALK_PAGE_END;
  if (walk) {
    const filters = await filtersWhere(ctx, q, { unindexed: true });
    const ids = await ctx.db
      .selectFrom('rectification_items as i')
      .select('i.id')
      .where((eb) => rectificationListWhere(ctx, 'i', q.side ?? 'any', { indexed: false })(eb as never))
      .where((eb) => filters(eb as never))
      .orderBy(sql.ref(key), dir)
      .orderBy('i.id', dir)
      .limit(q.pageSize)
      .offset(offset)
      .execute();
    return {
      total: shown,
      totalCapped,
      items: await linesOf(
        ctx,
        ids.map((r) => r.id),
      ),
    };
  }
  if (matches && !totalCapped) {
    const sign = desc ? -1 : 1;
    matches.sort((a, b) => sign * (a.k < b.k ? -1 : a.k > b.k ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const ids = matches.slice(offset, offset + q.pageSize).map((m) => m.id);
    return { total: shown, totalCapped, items: await linesOf(ctx, ids) };
  }
  matches = null;
  // Every match's (sort key, id) from the pieces' indexes, the page cut in SQL.
  let all = branch(wheres[0]!);
  for (const where of wheres.slice(1)) all = all.unionAll(branch(where));
  const page = await all.orderBy('k', dir).orderBy('id', dir).limit(q.pageSize).offset(offset).execute();
  return {
    total: shown,
    totalCapped,
    items: await linesOf(
      ctx,
      page.map((r) => r.id),
    ),
  };
}

/** Outstanding, overdue and closed items of one group. */
export interface LedgerCount {
  outstanding: number;
  overdue: number;
  closed: number;
}

/** The ledger's counts: by source, by responsible unit (most overdue first), by township. */
export interface LedgerCounts {
  bySource: (LedgerCount & { source: RectificationSource })[];
  byUnit: (LedgerCount & { unitId: string; unitName: string })[];
  /** By the responsible unit's township (its region code's first nine digits), in code order. */
  byTownship: (LedgerCount & { regionCode: string; name: string })[];
}

/**
 * Counts of the filtered ledger by source, by responsible unit and by the unit's township: each
 * piece grouped by (unit, source) from its index alone, the groups added up here, the units' and
 * townships' names read after. `opts.plain` (tests): read with the plain scoped predicate.
 */
export async function ledgerCounts(ctx: Ctx, q: LedgerQuery, opts: { plain?: boolean } = {}): Promise<LedgerCounts> {
  requireActor(ctx);
  return walkingIndexes(ctx, (tx) => readCounts(tx, q, opts));
}

async function readCounts(ctx: Ctx, q: LedgerQuery, opts: { plain?: boolean }): Promise<LedgerCounts> {
  const today = todayOf(ctx);
  const { wheres } = await matchWheres(ctx, q, opts.plain);
  // Grouped by (unit, status, source): the owner pieces' index order, so the groups stream.
  const groups = await Promise.all(
    wheres.map((where) =>
      ctx.db
        .selectFrom('rectification_items as i')
        .where((eb) => where(eb as never))
        .select((eb) => [
          'i.owner_unit_id as unit',
          'i.status as status',
          'i.source_kind as source',
          eb.fn.countAll<number>().as('n'),
          eb.fn.sum<number>(eb.case().when('i.due_on', '<', today).then(1).else(0).end()).as('past'),
        ])
        .groupBy(['i.owner_unit_id', 'i.status', 'i.source_kind'])
        .execute(),
    ),
  );
  const bySource = new Map<string, LedgerCount>();
  const byUnit = new Map<string, LedgerCount>();
  const add = (into: Map<string, LedgerCount>, key: string, c: LedgerCount) => {
    const t = into.get(key) ?? { outstanding: 0, overdue: 0, closed: 0 };
    t.outstanding += c.outstanding;
    t.overdue += c.overdue;
    t.closed += c.closed;
    into.set(key, t);
  };
  const outstanding = new Set<string>(RECTIFICATION_OUTSTANDING);
  for (const r of groups.flat()) {
    const n = Number(r.n);
    const c = outstanding.has(r.status)
      ? { outstanding: n, overdue: Number(r.past ?? 0), closed: 0 }
      : { outstanding: 0, overdue: 0, closed: n };
    add(bySource, r.source, c);
    add(byUnit, r.unit, c);
  }
  const ids = [...byUnit.keys()];
  const units = new Map(
    ids.length === 0
      ? []
      : (await ctx.db.selectFrom('units').select(['id', 'name', 'region_code']).where('id', 'in', ids).execute()).map(
          (u) => [u.id, u],
        ),
  );
  const byTownship = new Map<string, LedgerCount>();
  for (const [unitId, c] of byUnit) {
    const u = units.get(unitId);
    if (u) add(byTownship, `${u.region_code.slice(0, 9)}000`, c);
  }
  const codes = [...byTownship.keys()];
  const regionNames = new Map(
    codes.length === 0
      ? []
      : (await ctx.db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute()).map((r) => [
          r.code,
          r.name,
        ]),
  );
  return {
    bySource: [...bySource]
      .map(([source, c]) => ({ source: source as RectificationSource, ...c }))
      .sort((a, b) => a.source.localeCompare(b.source)),
    byUnit: [...byUnit]
      .filter(([unitId]) => units.has(unitId))
      .map(([unitId, c]) => ({ unitId, unitName: units.get(unitId)!.name, ...c }))
      .sort((a, b) => b.overdue - a.overdue || b.outstanding - a.outstanding || a.unitName.localeCompare(b.unitName)),
    byTownship: [...byTownship]
      .map(([regionCode, c]) => ({ regionCode, name: regionNames.get(regionCode) ?? regionCode, ...c }))
      .sort((a, b) => a.regionCode.localeCompare(b.regionCode)),
  };
}
