/**
 * The ledger (整改台账) as read: its filters (source, status, responsible unit and the units
 * under it, zone, overdue, escalation rung, due range, words of the problem, side), its pages
 * and its counts by source and by responsible unit, scoped in SQL through `rectificationListWhere`.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, requireActor } from '../../shared/context.js';
import type {
  RectificationEscalation,
  RectificationSource,
  RectificationStatus,
} from '../../shared/rectification.codes.js';
import { type Scope, scopePredicate } from '../../shared/scope.js';
import { ITEM_COLUMNS, type ItemView, itemsQuery, presentItem, todayOf } from './rectification.items.js';
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

/** The filters of `q` over items aliased `i` (null: a unit filter naming no unit: nothing matches). */
async function filtersWhere(ctx: Ctx, q: LedgerQuery): Promise<(eb: Eb) => Expression<SqlBool>> {
  const today = todayOf(ctx);
  let unitScope: Scope | null = null;
  if (q.unitId) {
    const unit = await ctx.db.selectFrom('units').select('path').where('id', '=', q.unitId).executeTakeFirst();
    if (!unit) return () => NONE;
    unitScope = { global: false, unitIds: [], unitPaths: [unit.path], regionPaths: [] };
  }
  const term = q.q?.trim();
  return (eb) => {
    const parts: Expression<SqlBool>[] = [];
    if (q.source) parts.push(eb('i.source_kind', '=', q.source));
    if (q.status) parts.push(eb('i.status', '=', q.status));
    if (unitScope)
      parts.push(
        scopePredicate(eb, unitScope, {
          unitId: 'i.owner_unit_id',
          unitPath: 'i.owner_unit_path',
          regionPath: 'i.region_path',
        }),
      );
    if (q.zoneId) parts.push(eb('i.zone_id', '=', q.zoneId));
    if (q.overdue === true) parts.push(eb('i.status', '!=', 'closed'), eb('i.due_on', '<', today));
    if (q.overdue === false) parts.push(eb.or([eb('i.status', '=', 'closed'), eb('i.due_on', '>=', today)]));
    if (q.escalation === 'none') parts.push(eb('i.escalation', 'is', null));
    else if (q.escalation) parts.push(eb('i.escalation', '=', q.escalation));
    if (q.followUpDue)
      parts.push(eb('i.status', '=', 'closed'), eb('i.followed_up_at', 'is', null), eb('i.follow_up_on', '<=', today));
    if (q.dueFrom) parts.push(eb('i.due_on', '>=', q.dueFrom));
    if (q.dueTo) parts.push(eb('i.due_on', '<=', q.dueTo));
    if (term) parts.push(sql<SqlBool>`i.problem like ${`%${likeEscaped(term)}%`} escape '\\'`);
    if (q.parentId) parts.push(eb('i.parent_id', '=', q.parentId));
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

/**
 * The ledger's scope as disjoint pieces, each one index range (counted from a covering index,
 * migration 2026120719a): the items addressed to units in scope, then the items issued by my side
 * and not addressed to my scope (for `side: 'any'`). Their union is `rectificationListWhere`'s.
 */
function scopePieces(ctx: Ctx, side: 'any' | 'owner' | 'issuer'): ((eb: Eb) => Expression<SqlBool>)[] {
  const owner = (eb: Eb) => rectificationListWhere(ctx, 'i', 'owner')(eb as never);
  const issuer = (eb: Eb) => rectificationListWhere(ctx, 'i', 'issuer')(eb as never);
  if (side === 'owner') return [owner];
  if (side === 'issuer') return [issuer];
  return [owner, (eb) => eb.and([issuer(eb), eb.not(owner(eb))])];
}

/** The filtered ledger's size: the pieces counted on the items alone (every item has its units). */
async function ledgerTotal(ctx: Ctx, q: LedgerQuery, filters: (eb: Eb) => Expression<SqlBool>): Promise<number> {
  const counts = await Promise.all(
    scopePieces(ctx, q.side ?? 'any').map((piece) =>
      ctx.db
        .selectFrom('rectification_items as i')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb.and([piece(eb as never), filters(eb as never)]))
        .executeTakeFirstOrThrow(),
    ),
  );
  return counts.reduce((s, c) => s + Number(c.n), 0);
}

/** The ledger's orders: by due date (soonest first) or newest first. */
export type LedgerSort = 'dueOn' | '-createdAt';

/**
 * From how many matches a page is cut by walking the sort's index (`rectification_items_created`,
 * `rectification_items_due_order`) and checking each row, rather than reading and sorting every
 * match (a county's 100,000 items: seconds); only for pages ending within `WALK_PAGE_END` rows.
 */
export const WALK_FROM = 2000;
/** The last row of a page that may be cut by walking. */
export const WALK_PAGE_END = 500;

/** One page of the ledger the actor may see. */
export async function listItems(
  ctx: Ctx,
  q: LedgerQuery & { sort?: LedgerSort | undefined; page: number; pageSize: number },
  opts: { walkFrom?: number } = {},
): Promise<{ items: ItemView[]; total: number }> {
  requireActor(ctx);
  const filters = await filtersWhere(ctx, q);
  const total = await ledgerTotal(ctx, q, filters);
  const offset = (q.page - 1) * q.pageSize;
  if (total === 0 || offset >= total) return { total, items: [] };
  const side = q.side ?? 'any';
  // Walking: the scope written so that no scope index serves it on SQLite (the planner would read
  // and sort every match); PostgreSQL weighs the walk against the scope's index with its statistics.
  const walk = total >= (opts.walkFrom ?? WALK_FROM) && offset + q.pageSize <= WALK_PAGE_END;
  const indexed = !walk || ctx.dialect.name === 'postgres';
  const scoped = ctx.db
    .selectFrom('rectification_items as i')
    .select('i.id')
    .where((eb) => rectificationListWhere(ctx, 'i', side, { indexed })(eb as never))
    .where((eb) => filters(eb as never));
  // Not walking, the order is written so that no order index serves it: PostgreSQL otherwise
  // walked `rectification_items_due_order` for a village contact's 30 overdue items (2.4 s, 870,505
  // rows removed by the filter; 26 ms from the scope's indexes and a sort).
  const key = (col: 'i.due_on' | 'i.created_at') => (walk ? sql.ref(col) : sql`${sql.ref(col)} || ''`);
  const ordered =
    q.sort === 'dueOn'
      ? scoped.orderBy(key('i.due_on')).orderBy('i.id')
      : scoped.orderBy(key('i.created_at'), 'desc').orderBy('i.id', 'desc');
  const ids = (await ordered.limit(q.pageSize).offset(offset).execute()).map((r) => r.id);
  const rows =
    ids.length === 0
      ? []
      : await itemsQuery(ctx)
          .select([...ITEM_COLUMNS])
          .where('i.id', 'in', ids)
          .execute();
  const at = new Map(ids.map((id, k) => [id, k]));
  rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
  const today = todayOf(ctx);
  return { total, items: rows.map((r) => presentItem(r, today)) };
}

/** Outstanding, overdue and closed items of one group. */
export interface LedgerCount {
  outstanding: number;
  overdue: number;
  closed: number;
}

/**
 * Counts of the filtered ledger by source and by responsible unit (most overdue first), summed
 * over the scope's pieces (read from the items alone; the units' names after).
 */
export async function ledgerCounts(
  ctx: Ctx,
  q: LedgerQuery,
): Promise<{
  bySource: (LedgerCount & { source: RectificationSource })[];
  byUnit: (LedgerCount & { unitId: string; unitName: string })[];
}> {
  requireActor(ctx);
  const today = todayOf(ctx);
  const filters = await filtersWhere(ctx, q);
  const sums = (eb: Eb) => [
    eb.fn.sum<number>(eb.case().when('i.status', '!=', 'closed').then(1).else(0).end()).as('outstanding'),
    eb.fn
      .sum<number>(
        eb
          .case()
          .when(eb.and([eb('i.status', '!=', 'closed'), eb('i.due_on', '<', today)]))
          .then(1)
          .else(0)
          .end(),
      )
      .as('overdue'),
    eb.fn.sum<number>(eb.case().when('i.status', '=', 'closed').then(1).else(0).end()).as('closed'),
  ];
  const pieces = scopePieces(ctx, q.side ?? 'any');
  const grouped = await Promise.all(
    pieces.map(async (piece) => {
      const base = ctx.db
        .selectFrom('rectification_items as i')
        .where((eb) => eb.and([piece(eb as never), filters(eb as never)]));
      const [bySource, byUnit] = await Promise.all([
        base
          .select('i.source_kind as key')
          .select((eb) => sums(eb as never))
          .groupBy('i.source_kind')
          .execute(),
        base
          .select('i.owner_unit_id as key')
          .select((eb) => sums(eb as never))
          .groupBy('i.owner_unit_id')
          .execute(),
      ]);
      return { bySource, byUnit };
    }),
  );
  const add = (
    into: Map<string, LedgerCount>,
    rows: { key: string; outstanding: unknown; overdue: unknown; closed: unknown }[],
  ) => {
    for (const r of rows) {
      const c = into.get(r.key) ?? { outstanding: 0, overdue: 0, closed: 0 };
      c.outstanding += Number(r.outstanding ?? 0);
      c.overdue += Number(r.overdue ?? 0);
      c.closed += Number(r.closed ?? 0);
      into.set(r.key, c);
    }
  };
  const bySource = new Map<string, LedgerCount>();
  const byUnit = new Map<string, LedgerCount>();
  for (const g of grouped) {
    add(bySource, g.bySource);
    add(byUnit, g.byUnit);
  }
  const ids = [...byUnit.keys()];
  const names = new Map(
    ids.length === 0
      ? []
      : (await ctx.db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute()).map((u) => [
          u.id,
          u.name,
        ]),
  );
  return {
    bySource: [...bySource]
      .map(([source, c]) => ({ source: source as RectificationSource, ...c }))
      .sort((a, b) => a.source.localeCompare(b.source)),
    byUnit: [...byUnit]
      .filter(([unitId]) => names.has(unitId))
      .map(([unitId, c]) => ({ unitId, unitName: names.get(unitId)!, ...c }))
      .sort((a, b) => b.overdue - a.overdue || b.outstanding - a.outstanding || a.unitName.localeCompare(b.unitName)),
  };
}
