/**
 * The ledger (整改台账) as read: its filters (source, status, responsible unit and the units
 * under it, zone, overdue, escalation rung, due range, words of the problem, side), its pages
 * and its counts by source and by responsible unit, scoped in SQL through `rectificationListWhere`.
 */
import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
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

/** The scoped, filtered ledger query over `items as i` joined with the units (no columns). */
export async function ledgerQuery(ctx: Ctx, q: LedgerQuery) {
  requireActor(ctx);
  const today = todayOf(ctx);
  let query = itemsQuery(ctx).where((eb) => rectificationListWhere(ctx, 'i', q.side ?? 'any')(eb as never));
  if (q.source) query = query.where('i.source_kind', '=', q.source);
  if (q.status) query = query.where('i.status', '=', q.status);
  if (q.unitId) {
    const unit = await ctx.db.selectFrom('units').select('path').where('id', '=', q.unitId).executeTakeFirst();
    if (!unit) return query.where(NONE);
    const scope: Scope = { global: false, unitIds: [], unitPaths: [unit.path], regionPaths: [] };
    query = query.where((eb) =>
      scopePredicate(eb, scope, {
        unitId: 'i.owner_unit_id',
        unitPath: 'i.owner_unit_path',
        regionPath: 'i.region_path',
      }),
    );
  }
  if (q.zoneId) query = query.where('i.zone_id', '=', q.zoneId);
  if (q.overdue === true) query = query.where('i.status', '!=', 'closed').where('i.due_on', '<', today);
  if (q.overdue === false)
    query = query.where((eb) => eb.or([eb('i.status', '=', 'closed'), eb('i.due_on', '>=', today)]));
  if (q.escalation === 'none') query = query.where('i.escalation', 'is', null);
  else if (q.escalation) query = query.where('i.escalation', '=', q.escalation);
  if (q.dueFrom) query = query.where('i.due_on', '>=', q.dueFrom);
  if (q.dueTo) query = query.where('i.due_on', '<=', q.dueTo);
  const term = q.q?.trim();
  if (term) query = query.where(sql<SqlBool>`i.problem like ${`%${likeEscaped(term)}%`} escape '\\'`);
  if (q.parentId) query = query.where('i.parent_id', '=', q.parentId);
  return query;
}

/** The ledger's orders: by due date (soonest first) or newest first. */
export type LedgerSort = 'dueOn' | '-createdAt';

/** One page of the ledger the actor may see. */
export async function listItems(
  ctx: Ctx,
  q: LedgerQuery & { sort?: LedgerSort | undefined; page: number; pageSize: number },
): Promise<{ items: ItemView[]; total: number }> {
  const base = await ledgerQuery(ctx, q);
  const ordered =
    q.sort === 'dueOn'
      ? base
          .select([...ITEM_COLUMNS])
          .orderBy('i.due_on')
          .orderBy('i.id')
      : base
          .select([...ITEM_COLUMNS])
          .orderBy('i.created_at', 'desc')
          .orderBy('i.id', 'desc');
  const [rows, count] = await Promise.all([
    ordered
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const today = todayOf(ctx);
  return { total: Number(count.n), items: rows.map((r) => presentItem(r, today)) };
}

/** Outstanding, overdue and closed items of one group. */
export interface LedgerCount {
  outstanding: number;
  overdue: number;
  closed: number;
}

/** Counts of the filtered ledger by source and by responsible unit (most overdue first). */
export async function ledgerCounts(
  ctx: Ctx,
  q: LedgerQuery,
): Promise<{
  bySource: (LedgerCount & { source: RectificationSource })[];
  byUnit: (LedgerCount & { unitId: string; unitName: string })[];
}> {
  const today = todayOf(ctx);
  const base = await ledgerQuery(ctx, q);
  const sums = (eb: ExpressionBuilder<Database & { i: Database['rectification_items'] }, 'i'>) => [
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
  const [bySource, byUnit] = await Promise.all([
    base
      .select('i.source_kind')
      .select((eb) => sums(eb as never))
      .groupBy('i.source_kind')
      .execute(),
    base
      .select(['i.owner_unit_id', 'ou.name'])
      .select((eb) => sums(eb as never))
      .groupBy(['i.owner_unit_id', 'ou.name'])
      .execute(),
  ]);
  const n = (r: { outstanding: unknown; overdue: unknown; closed: unknown }) => ({
    outstanding: Number(r.outstanding ?? 0),
    overdue: Number(r.overdue ?? 0),
    closed: Number(r.closed ?? 0),
  });
  return {
    bySource: bySource
      .map((r) => ({ source: r.source_kind as RectificationSource, ...n(r) }))
      .sort((a, b) => a.source.localeCompare(b.source)),
    byUnit: byUnit
      .map((r) => ({ unitId: r.owner_unit_id, unitName: r.name, ...n(r) }))
      .sort((a, b) => b.overdue - a.overdue || b.outstanding - a.outstanding || a.unitName.localeCompare(b.unitName)),
  };
}
