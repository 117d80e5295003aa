/**
 * Clue pools (线索池): the assigned clues of a unit or a collaboration zone that have no handler
 * yet, with their age and the due date of the disposal opinion (timer 1). A zone's pool is for
 * its leader and commander (the zone-scoped holders of clue.assign), a unit's pool for its head
 * (the holder of clue.assign in that unit: a township commission's secretary, a department's
 * director). Scope and recusal are in the SQL.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { inScope, scopeColumns, scopePredicate } from '../../shared/scope.js';
import { fullVisibility, recusalWhere, visibleWhere } from '../access/index.js';
import { DISPOSAL_CLOCK, cluePolicy, requireClueOpen } from '../clues/index.js';
import type { PoolClueRow } from './clues.assignment.js';

type Eb = ExpressionBuilder<Database, keyof Database>;

/** "Clue `alias` lies in a pool the actor assigns from": a zone in their clue.assign scope, or their own unit. */
export function assignerWhere(ctx: Ctx, alias = 'c') {
  const actor = requireActor(ctx);
  const scope = actor.scopes.get('clue.assign');
  return (eb: Eb): Expression<SqlBool> => {
    if (!scope) return sql<SqlBool>`1 = 0`;
    const parts: Expression<SqlBool>[] = [
      eb.and([eb(sql.ref(`${alias}.zone_id`), 'is not', null), scopePredicate(eb, scope, scopeColumns(alias))]),
    ];
    if (actor.unitId) parts.push(eb(sql.ref(`${alias}.handling_unit_id`), '=', actor.unitId));
    return eb.or(parts);
  };
}

/** Whether the actor assigns people to this clue (the in-memory twin of `assignerWhere`). */
export function isAssigner(ctx: Ctx, row: PoolClueRow): boolean {
  const actor = requireActor(ctx);
  const scope = actor.scopes.get('clue.assign');
  if (!scope) return false;
  if (row.zone_id && inScope(scope, row)) return true;
  return !!row.handling_unit_id && row.handling_unit_id === actor.unitId;
}

/**
 * Loads a clue for its pool's assigner: NOT_FOUND when neither in their pools nor in their
 * clue.read scope (or recused); CLUE_POOL_FORBIDDEN when they see it but do not assign from its
 * pool (an investigator, another zone's leader, a clue not in any pool). With `write` (the
 * action's name), CLUE_TRANSITION first when the clue is in a final state (`requireClueOpen`).
 */
export async function loadForAssigner(ctx: Ctx, id: string, write?: string): Promise<PoolClueRow> {
  const row = await loadPooled(ctx, id);
  // A write on a closed clue is refused whoever asks (the one check of every clue write).
  if (write) await requireClueOpen(ctx, id, write);
  if (!isAssigner(ctx, row))
    throw domainError('CLUE_POOL_FORBIDDEN', { zoneId: row.zone_id, unitId: row.handling_unit_id });
  return row;
}

/**
 * Loads a clue in the actor's pools or clue.read scope (with `team`, also a clue whose team the
 * actor is on: a zone team drawn from another township works outside its own scope), not recused
 * from (NOT_FOUND otherwise); locks it on PostgreSQL.
 */
export async function loadPooled(ctx: Ctx, id: string, opts: { team?: boolean } = {}): Promise<PoolClueRow> {
  const actor = requireActor(ctx);
  const recusal = recusalWhere(ctx, cluePolicy, 'c');
  let q = ctx.db
    .selectFrom('clues as c')
    .selectAll('c')
    .where('c.id', '=', id)
    .where((eb) =>
      eb.or([
        assignerWhere(ctx)(eb as Eb),
        ...(actor.scopes.has('clue.read') ? [visibleWhere(ctx, cluePolicy, 'read', { alias: 'c' })(eb)] : []),
        ...(opts.team ? [fullVisibility(ctx, cluePolicy, 'c')(eb as Eb)] : []),
      ]),
    );
  if (recusal) q = q.where((eb) => recusal(eb));
  if (ctx.dialect.name === 'postgres') q = q.forUpdate();
  const row = (await q.executeTakeFirst()) as PoolClueRow | undefined;
  if (!row) throw errors.notFound('clue');
  return row;
}

/** Which pool to list: a zone's, a unit's, or (neither) every pool the actor assigns from. */
export interface PoolQuery {
  zoneId?: string | undefined;
  unitId?: string | undefined;
}

/** One clue waiting in a pool. */
export interface PoolLine {
  id: string;
  number: string;
  version: number;
  status: string;
  regionName: string | null;
  categories: string[];
  receivedOn: string;
  /** When the assignment opinion was approved (the clue entered the pool). */
  pooledAt: string | null;
  /** Whole days in the pool (Shanghai dates). */
  ageDays: number;
  /** Due date of the disposal opinion (timer 1), if running. */
  dueOn: string | null;
  overdue: boolean;
  zoneId: string | null;
  zoneName: string | null;
  handlingUnitId: string | null;
  handlingUnitName: string | null;
  keeperName: string | null;
}

/** The clues in the pool(s), longest waiting first (at most 500). */
export async function listPool(ctx: Ctx, q: PoolQuery): Promise<{ items: PoolLine[]; total: number }> {
  const actor = requireActor(ctx);
  if (q.unitId && q.unitId !== actor.unitId) throw domainError('CLUE_POOL_FORBIDDEN', { unitId: q.unitId });
  const recusal = recusalWhere(ctx, cluePolicy, 'c');
  let base = ctx.db
    .selectFrom('clues as c')
    .where('c.status', '=', 'assigned')
    .where((eb) => assignerWhere(ctx)(eb as Eb))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('clue_members as m')
            .select('m.user_id')
            .whereRef('m.clue_id', '=', 'c.id')
            .where('m.role', '=', 'handler')
            .where('m.removed_at', 'is', null),
        ),
      ),
    );
  if (recusal) base = base.where((eb) => recusal(eb));
  if (q.zoneId) base = base.where('c.zone_id', '=', q.zoneId);
  if (q.unitId) base = base.where('c.handling_unit_id', '=', q.unitId);
  const rows = await base
    .leftJoin('regions as r', 'r.code', 'c.region_code')
    .leftJoin('zones as z', 'z.id', 'c.zone_id')
    .leftJoin('units as h', 'h.id', 'c.handling_unit_id')
    .leftJoin('users as k', 'k.id', 'c.keeper_id')
    .select([
      'c.id',
      'c.number',
      'c.version',
      'c.status',
      'c.categories',
      'c.received_on',
      'c.zone_id',
      'c.handling_unit_id',
      'r.name as region_name',
      'z.name as zone_name',
      'h.name as handling_unit_name',
      'k.display_name as keeper_name',
    ])
    .select((eb) => [
      eb
        .selectFrom('clue_events as e')
        .select((e) => e.fn.max('e.at').as('at'))
        .whereRef('e.clue_id', '=', 'c.id')
        .where('e.action', '=', 'assignment_approved')
        .as('pooled_at'),
    ])
    .orderBy('c.received_at')
    .orderBy('c.id')
    .limit(500)
    .execute();
  // Timer 1 of the listed clues by their ids: one read through the deadlines' unique key.
  const due = new Map<string, string>();
  for (let at = 0; at < rows.length; at += 250) {
    const open = await ctx.db
      .selectFrom('deadlines')
      .select(['resource_id', 'due_on'])
      .where('resource_type', '=', 'clue')
      .where(
        'resource_id',
        'in',
        rows.slice(at, at + 250).map((r) => r.id),
      )
      .where('kind', '=', DISPOSAL_CLOCK)
      .where('met_at', 'is', null)
      .execute();
    for (const d of open)
      if (d.due_on && (!due.has(d.resource_id) || d.due_on < due.get(d.resource_id)!)) due.set(d.resource_id, d.due_on);
  }
  const today = toShanghaiDate(nowIso(ctx));
  const items = rows.map((r) => {
    const pooledAt = r.pooled_at ?? null;
    const since = pooledAt ? toShanghaiDate(pooledAt) : r.received_on;
    const dueOn = due.get(r.id) ?? null;
    return {
      id: r.id,
      number: r.number,
      version: Number(r.version),
      status: r.status,
      regionName: r.region_name ?? null,
      categories: JSON.parse(r.categories) as string[],
      receivedOn: r.received_on,
      pooledAt,
      ageDays: Math.max(0, Math.round((Date.parse(today) - Date.parse(since)) / 86_400_000)),
      dueOn,
      overdue: dueOn !== null && dueOn < today,
      zoneId: r.zone_id,
      zoneName: r.zone_name ?? null,
      handlingUnitId: r.handling_unit_id,
      handlingUnitName: r.handling_unit_name ?? null,
      keeperName: r.keeper_name ?? null,
    };
  });
  return { items, total: items.length };
}

/** A person who may be put on a pooled clue. */
export interface Candidate {
  userId: string;
  name: string;
  unitName: string | null;
}

/**
 * The people a pooled clue may be given to: for a zone, the staff of its townships' commissions,
 * of its workroom and of the assigner's own unit (a zone leader's county office); for a unit, the
 * staff of that unit (and below). Active accounts only. Each can be checked for recusal by the
 * assigner (`previewConflicts` admits the assigner's own unit).
 */
export async function poolCandidates(ctx: Ctx, row: PoolClueRow): Promise<Candidate[]> {
  const actor = requireActor(ctx);
  let q = ctx.db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'n.name as unit_name'])
    .where('u.disabled', '=', 0);
  if (row.zone_id) {
    const today = toShanghaiDate(nowIso(ctx));
    const zoneId = row.zone_id;
    q = q.where((eb) =>
      eb.or([
        eb(
          'n.region_code',
          'in',
          eb
            .selectFrom('zone_memberships as m')
            .select('m.township_code')
            .where('m.zone_id', '=', zoneId)
            .where('m.township_code', 'is not', null)
            .where('m.effective_from', '<=', today)
            .where((w) => w.or([w('m.effective_to', 'is', null), w('m.effective_to', '>', today)])),
        ).and('n.kind', '=', 'township_commission'),
        eb('n.id', 'in', eb.selectFrom('zones as z').select('z.workroom_unit_id').where('z.id', '=', zoneId)),
        eb('n.id', '=', actor.unitId ?? ''),
      ]),
    );
  } else {
    const unit = await ctx.db
      .selectFrom('units')
      .select('path')
      .where('id', '=', row.handling_unit_id ?? '')
      .executeTakeFirst();
    if (!unit) return [];
    q = q.where('n.path', '>=', unit.path).where('n.path', '<', `${unit.path.slice(0, -1)}0`);
  }
  const rows = await q.orderBy('n.path').orderBy('u.display_name').limit(500).execute();
  return rows.map((r) => ({ userId: r.id, name: r.display_name, unitName: r.unit_name }));
}
