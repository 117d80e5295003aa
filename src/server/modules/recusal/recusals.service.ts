/**
 * Recusal requests and decisions (回避申请、决定; domain rules §8): asked by the officer, by the
 * subject or the reporter (recorded by staff; an oral request recorded as such), or ordered by
 * the organ; decided by the organ's principal leader (the holder of `recusal.decide` over the
 * record), whose own recusal is decided one level up (ZW 第四十八条, TL21 第二百六十四条). A
 * person recused from a record sees nothing of it: the SQL predicate registered with the access
 * seam leaves it out of every load and list (404), and `recusedAmong` names them to engines that
 * pick people.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, can, inTransaction, nowIso, requireActor, scopeFor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { RecusalRequester, RecusalState } from '../../shared/recusal.codes.js';
import { inScope, prefixUpper } from '../../shared/scope.js';
import { buildAccessProfile, loadInScope, visibleWhere } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type RecusalAction, recusalPolicy } from './recusal.policy.js';
import type { RecusalRow } from './recusal.tables.js';
import { loadRecusalTarget } from './recusal.targets.js';

/** A new recusal request (or an order, `requestedBy: 'organ'`, which is decided at once). */
export interface RecusalInput {
  resource: string;
  resourceId: string;
  /** The person to step aside. */
  userId: string;
  requestedBy: RecusalRequester;
  /** An oral request, recorded by staff (TL21 第二百六十四条). */
  oral?: boolean | undefined;
  reasons: string;
}

/** A recusal as lists show it, with what the caller may do with it. */
export interface RecusalView {
  id: string;
  resource: string;
  resourceId: string;
  userId: string;
  userName: string;
  requestedBy: RecusalRequester;
  oral: boolean;
  reasons: string;
  recordedBy: string | null;
  recordedByName: string | null;
  state: RecusalState;
  /** The person is the organ's principal leader: the organ above decides. */
  escalated: boolean;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
  version: number;
  canDecide: boolean;
  canWithdraw: boolean;
}

function today(ctx: Ctx): string {
  return new Date(ctx.clock.nowMs() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The SQL predicate "the actor is recused from this record", registered with the access seam. */
export function recusedPredicate(
  eb: ExpressionBuilder<Database, never>,
  ctx: Ctx,
  resource: string,
  idColumn: string,
): Expression<SqlBool> {
  // Uncorrelated (the records the actor is recused from, a handful, read once through the
  // index by user): the caller's id column may be unqualified, which inside a correlated
  // subquery would bind to the recusal's own id.
  const recusedFrom = eb
    .selectFrom('recusals as rc_')
    .select('rc_.resource_id')
    .where('rc_.user_id', '=', ctx.actor?.userId ?? '')
    .where('rc_.resource', '=', resource)
    .where('rc_.state', '=', sql.lit('recused'));
  return sql<SqlBool>`${sql.ref(idColumn)} in (${recusedFrom})`;
}

/** Whether the actor is recused from any record of kind `resource` (the presence check registered with the access seam). */
export async function recusedFromAny(ctx: Ctx, resource: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('recusals')
    .select('resource_id')
    .where('user_id', '=', ctx.actor?.userId ?? '')
    .where('resource', '=', resource)
    .where('state', '=', sql.lit('recused'))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of `userIds` are recused from the record (the lookup registered with the access seam). */
export async function recusedUsers(
  ctx: Ctx,
  resource: string,
  resourceId: string,
  userIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await ctx.db
    .selectFrom('recusals')
    .select('user_id')
    .where('resource', '=', resource)
    .where('resource_id', '=', resourceId)
    .where('state', '=', sql.lit('recused'))
    .where('user_id', 'in', [...userIds])
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** The people recused from a record, named, for its trail (the caller has loaded the record). */
export async function recusalsOf(
  ctx: Ctx,
  resource: string,
  resourceId: string,
): Promise<
  {
    id: string;
    userId: string;
    userName: string;
    requestedBy: RecusalRequester;
    decidedByName: string | null;
    decidedAt: string | null;
  }[]
> {
  const rows = await ctx.db
    .selectFrom('recusals as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .select(['r.id', 'r.user_id', 'u.display_name', 'r.requested_by_kind', 'd.display_name as decider', 'r.decided_at'])
    .where('r.resource', '=', resource)
    .where('r.resource_id', '=', resourceId)
    .where('r.state', '=', 'recused')
    .orderBy('r.decided_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    userName: r.display_name,
    requestedBy: r.requested_by_kind as RecusalRequester,
    decidedByName: r.decider,
    decidedAt: r.decided_at,
  }));
}

/** The actor's unit path (null without a unit). */
async function actorUnitPath(ctx: Ctx): Promise<string | null> {
  const unitId = requireActor(ctx).unitId;
  if (!unitId) return null;
  const unit = await ctx.db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirst();
  return unit?.path ?? null;
}

/**
 * Refuses a decider who may not decide this recusal (RECUSAL_DECIDER): nobody decides their own;
 * a principal leader's is decided by the organ above (the decider's unit strictly above theirs).
 */
async function assertDecider(
  ctx: Ctx,
  row: Pick<RecusalRow, 'user_id' | 'escalated' | 'target_unit_path'>,
): Promise<void> {
  const actor = requireActor(ctx);
  if (row.user_id === actor.userId) throw domainError('RECUSAL_DECIDER', { reason: 'own_recusal' });
  if (row.escalated !== 1) return;
  const mine = await actorUnitPath(ctx);
  if (!mine || mine === row.target_unit_path || !row.target_unit_path.startsWith(mine))
    throw domainError('RECUSAL_DECIDER', { reason: 'higher_organ' });
}

/**
 * Records a recusal request: the officer's own (`self`, any signed-in person who may see the
 * record), one by the subject or the reporter (`recusal.request`), or an order of the organ
 * (`organ`, `recusal.decide`; decided at once, under the same rule of who decides). NOT_FOUND
 * (record or person out of reach), FORBIDDEN, VALIDATION_FAILED, RECUSAL_EXISTS, RECUSAL_DECIDER.
 */
export async function createRecusal(ctx: Ctx, input: RecusalInput): Promise<RecusalView> {
  const actor = requireActor(ctx);
  if (!input.reasons.trim()) throw errors.validation({ field: 'reasons' }, '请写明回避的理由');
  if (input.requestedBy === 'self' && input.userId !== actor.userId)
    throw errors.validation({ field: 'userId' }, '本人申请回避只能为自己申请');
  const permission =
    input.requestedBy === 'organ' ? 'recusal.decide' : input.requestedBy === 'self' ? null : 'recusal.request';
  if (permission && !can(ctx, permission)) throw errors.forbidden(permission);
  return inTransaction(ctx, async (tx) => {
    const target = await loadRecusalTarget(tx, input.resource, input.resourceId);
    if (permission && !inScope(scopeFor(tx, permission), target)) throw errors.notFound(input.resource);
    const person = await tx.db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select(['u.id', 'n.path'])
      .where('u.id', '=', input.userId)
      .executeTakeFirst();
    if (!person) throw errors.validation({ field: 'userId' }, '回避人员不存在或未关联单位');
    const open = await tx.db
      .selectFrom('recusals')
      .select('id')
      .where('resource', '=', input.resource)
      .where('resource_id', '=', input.resourceId)
      .where('user_id', '=', input.userId)
      .where('state', 'in', ['requested', 'recused'])
      .executeTakeFirst();
    if (open) throw domainError('RECUSAL_EXISTS', { recusalId: open.id });
    // The person is a principal leader of the organ when they hold recusal.decide over the record.
    const profile = await buildAccessProfile(tx.db, input.userId, today(tx));
    const leaderScope = profile.scopes.get('recusal.decide');
    const escalated = leaderScope && inScope(leaderScope, target) ? 1 : 0;
    const ordered = input.requestedBy === 'organ';
    if (ordered) await assertDecider(tx, { user_id: input.userId, escalated, target_unit_path: person.path });
    const id = newId();
    const now = nowIso(tx);
    await tx.db
      .insertInto('recusals')
      .values({
        id,
        resource: input.resource,
        resource_id: input.resourceId,
        user_id: input.userId,
        requested_by_kind: input.requestedBy,
        oral: input.oral ? 1 : 0,
        reasons: input.reasons.trim(),
        recorded_by: actor.userId,
        state: ordered ? 'recused' : 'requested',
        escalated,
        target_unit_path: person.path,
        decided_by: ordered ? actor.userId : null,
        decided_at: ordered ? now : null,
        decision_note: null,
        withdrawn_at: null,
        owner_unit_id: target.owner_unit_id,
        owner_unit_path: target.owner_unit_path,
        region_path: target.region_path,
        county_code: target.county_code,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(tx, {
      action: ordered ? 'recusal.order' : 'recusal.request',
      resourceType: 'recusal',
      resourceId: id,
      unitId: target.owner_unit_id,
      changes: {
        resource: [null, `${input.resource}:${input.resourceId}`],
        userId: [null, input.userId],
        requestedBy: [null, input.requestedBy],
        oral: [null, Boolean(input.oral)],
      },
    });
    return (await viewOf(tx, id))!;
  });
}

async function viewOf(ctx: Ctx, id: string): Promise<RecusalView | null> {
  const [row] = await listQuery(ctx).where('r.id', '=', id).execute();
  return row ? present(ctx, row, await actorUnitPath(ctx)) : null;
}

function listQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('recusals as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('users as c', 'c.id', 'r.recorded_by')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .selectAll('r')
    .select(['u.display_name as user_name', 'c.display_name as recorder_name', 'd.display_name as decider_name']);
}

type ListRow = RecusalRow & { user_name: string; recorder_name: string | null; decider_name: string | null };

function present(ctx: Ctx, r: ListRow, unitPath: string | null): RecusalView {
  const actor = requireActor(ctx);
  const scope = actor.scopes.get('recusal.decide');
  const decider =
    r.state === 'requested' &&
    !!scope &&
    inScope(scope, r) &&
    r.user_id !== actor.userId &&
    (r.escalated !== 1 || (!!unitPath && unitPath !== r.target_unit_path && r.target_unit_path.startsWith(unitPath)));
  return {
    id: r.id,
    resource: r.resource,
    resourceId: r.resource_id,
    userId: r.user_id,
    userName: r.user_name,
    requestedBy: r.requested_by_kind as RecusalRequester,
    oral: r.oral === 1,
    reasons: r.reasons,
    recordedBy: r.recorded_by,
    recordedByName: r.recorder_name,
    state: r.state as RecusalState,
    escalated: r.escalated === 1,
    decidedBy: r.decided_by,
    decidedByName: r.decider_name,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    createdAt: r.created_at,
    version: r.version,
    canDecide: decider,
    canWithdraw: r.state === 'requested' && (r.recorded_by === actor.userId || r.user_id === actor.userId),
  };
}

/** Filters of the recusal list. */
export interface RecusalQuery {
  state?: RecusalState | undefined;
  resource?: string | undefined;
  resourceId?: string | undefined;
  /** Only those waiting for the caller's decision. */
  toDecide?: boolean | undefined;
  page: number;
  pageSize: number;
}

/**
 * Lists the recusals the actor may see: their own (as the person or the recorder) and those of
 * records in their `recusal.request` or `recusal.decide` scope; newest first.
 */
export async function listRecusals(ctx: Ctx, q: RecusalQuery): Promise<{ items: RecusalView[]; total: number }> {
  const actor = requireActor(ctx);
  const unitPath = await actorUnitPath(ctx);
  const actions = (['record', 'decide'] as RecusalAction[]).filter((a) => can(ctx, recusalPolicy.actions[a]));
  let base = listQuery(ctx).where((eb) =>
    eb.or([
      eb('r.user_id', '=', actor.userId),
      eb('r.recorded_by', '=', actor.userId),
      ...actions.map((a) => visibleWhere(ctx, recusalPolicy, a, { alias: 'r' })(eb)),
    ]),
  );
  if (q.state) base = base.where('r.state', '=', q.state);
  if (q.resource) base = base.where('r.resource', '=', q.resource);
  if (q.resourceId) base = base.where('r.resource_id', '=', q.resourceId);
  if (q.toDecide) base = toDecideWhere(ctx, base, unitPath);
  const total = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: Number(total.n), items: rows.map((r) => present(ctx, r, unitPath)) };
}

/** Narrows a recusal query to those waiting for the actor's decision (in scope, not their own, the right level). */
export function toDecideWhere<Q extends ReturnType<typeof listQuery>>(ctx: Ctx, base: Q, unitPath: string | null): Q {
  const actor = requireActor(ctx);
  if (!can(ctx, 'recusal.decide')) return base.where(sql<SqlBool>`1 = 0`) as Q;
  return base
    .where('r.state', '=', 'requested')
    .where('r.user_id', '<>', actor.userId)
    .where(visibleWhere(ctx, recusalPolicy, 'decide', { alias: 'r' }))
    .where((eb) =>
      eb.or([
        eb('r.escalated', '=', 0),
        ...(unitPath
          ? [eb.and([eb('r.target_unit_path', '>', unitPath), eb('r.target_unit_path', '<', prefixUpper(unitPath))])]
          : []),
      ]),
    ) as Q;
}

/** The requests waiting for the actor's decision, for the workbench card. */
export async function recusalsToDecide(ctx: Ctx, limit: number): Promise<{ total: number; items: RecusalView[] }> {
  const unitPath = await actorUnitPath(ctx);
  const base = toDecideWhere(ctx, listQuery(ctx), unitPath);
  const rows = await base.orderBy('r.created_at').limit(200).execute();
  return { total: rows.length, items: rows.slice(0, limit).map((r) => present(ctx, r, unitPath)) };
}

/**
 * Decides a request: the person steps aside (`recused`, from then on the record answers them 404)
 * or not (`rejected`), with a note. NOT_FOUND (out of the decider's scope), CONFLICT (stale
 * version), RECUSAL_STATE (no longer waiting), RECUSAL_DECIDER (own, or the wrong level).
 */
export async function decideRecusal(
  ctx: Ctx,
  id: string,
  input: { decision: 'recused' | 'rejected'; note?: string | null | undefined; version: number },
): Promise<RecusalView> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<RecusalAction, RecusalRow>(tx, recusalPolicy, id, 'decide', {
      version: input.version,
      forUpdate: true,
    });
    if (row.state !== 'requested') throw domainError('RECUSAL_STATE', { state: row.state });
    await assertDecider(tx, row);
    const now = nowIso(tx);
    const done = await tx.db
      .updateTable('recusals')
      .set({
        state: input.decision,
        decided_by: requireActor(tx).userId,
        decided_at: now,
        decision_note: input.note?.trim() || null,
        version: row.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw errors.conflict({ version: row.version });
    await recordAudit(tx, {
      action: 'recusal.decide',
      resourceType: 'recusal',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { state: [row.state, input.decision] },
    });
    return (await viewOf(tx, id))!;
  });
}

/**
 * Withdraws a request still waiting, by whoever recorded it or the person it concerns. NOT_FOUND
 * (neither of them), CONFLICT (stale version), RECUSAL_STATE (already decided).
 */
export async function withdrawRecusal(ctx: Ctx, id: string, version: number): Promise<RecusalView> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    let q = tx.db
      .selectFrom('recusals')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => eb.or([eb('recorded_by', '=', actor.userId), eb('user_id', '=', actor.userId)]));
    if (tx.dialect.name === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw errors.notFound('recusal');
    if (row.version !== version) throw errors.conflict({ version: row.version });
    if (row.state !== 'requested') throw domainError('RECUSAL_STATE', { state: row.state });
    const now = nowIso(tx);
    await tx.db
      .updateTable('recusals')
      .set({ state: 'withdrawn', withdrawn_at: now, version: row.version + 1, updated_at: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      action: 'recusal.withdraw',
      resourceType: 'recusal',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { state: [row.state, 'withdrawn'] },
    });
    return (await viewOf(tx, id))!;
  });
}
