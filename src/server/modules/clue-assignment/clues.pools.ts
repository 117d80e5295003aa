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
import { inScope, prefixUpper, scopeColumns, scopePredicate } from '../../shared/scope.js';
import { fullVisibility, recusalWhere, visibleWhere } from '../access/index.js';
import {
  type ClueExportSource,
  type CluesQuery,
  type Cursor,
  DISPOSAL_CLOCK,
  afterKey,
  cappedClueCount,
  cluePolicy,
  decodeCursor,
  encodeCursor,
  keysetBatches,
  requireClueOpen,
} from '../clues/index.js';
import type { TargetLevel } from '../../shared/approvals.codes.js';
import type { ClueSource } from '../../shared/clues.codes.js';
import type { PoolClueRow } from './clues.assignment.js';

type Eb = ExpressionBuilder<Database, never>;
/** An expression builder over `clues as c`. */
type Ec = ExpressionBuilder<Database & { c: Database['clues'] }, 'c'>;

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

/** Which pool to list (a zone's, a unit's, or neither: every pool the actor assigns from) and its filters. */
export interface PoolQuery {
  zoneId?: string | undefined;
  unitId?: string | undefined;
  /** Entered the pool on or after / on or before (Shanghai dates): how long it has been waiting. */
  pooledFrom?: string | undefined;
  pooledTo?: string | undefined;
  /** The township the matter comes from (its region code): clues about it and its villages. */
  townshipCode?: string | undefined;
  source?: ClueSource | undefined;
  /** The target level the subjects' ranks give (§1.4–§1.5), as the approval chains read it. */
  targetLevel?: TargetLevel | undefined;
}

/** Pool list parameters: filters, page and size, and optionally the keyset cursor `after`. */
export type PoolListQuery = PoolQuery & { page: number; pageSize: number; after?: string | undefined };

/** One clue waiting in a pool. */
export interface PoolLine {
  id: string;
  number: string;
  version: number;
  status: string;
  sourceKind: ClueSource;
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

/** A page of a pool. */
export interface PoolPage {
  items: PoolLine[];
  total: number;
  totalCapped: boolean;
  /** Pass as `after` for the next page (keyset); null on the last page. */
  nextCursor: string | null;
}

/** Subject ranks that raise a clue's target level (`clueTargetLevel`), highest first. */
const COMMITTEE_RANKS = ['party_committee_member', 'standing_member'];
const PRINCIPAL_RANKS = ['lower_principal', 'unit_principal'];

/** "Clue c has a subject of one of `ranks`". */
function hasRank(eb: Ec, ranks: readonly string[]): Expression<SqlBool> {
  return eb.exists(
    eb.selectFrom('clue_subjects as s').select('s.id').whereRef('s.clue_id', '=', 'c.id').where('s.rank', 'in', ranks),
  );
}

/** When clue c entered its pool: the last approval of its assignment opinion. */
function pooledAt(eb: Ec) {
  return eb
    .selectFrom('clue_events as e')
    .select((e) => e.fn.max('e.at').as('at'))
    .whereRef('e.clue_id', '=', 'c.id')
    .where('e.action', '=', 'assignment_approved');
}

/**
 * The pools' filtered query over `clues as c` (no columns): assigned clues without a handler in a
 * pool the actor assigns from, not recused from. Throws CLUE_POOL_FORBIDDEN (another unit's pool),
 * INVALID_REGION_CODE (`townshipCode` not a township).
 */
export async function poolQuery(ctx: Ctx, q: PoolQuery): Promise<CluesQuery> {
  const actor = requireActor(ctx);
  if (q.unitId && q.unitId !== actor.unitId) throw domainError('CLUE_POOL_FORBIDDEN', { unitId: q.unitId });
  const recusal = recusalWhere(ctx, cluePolicy, 'c');
  let base = (ctx.db.selectFrom('clues as c') as CluesQuery)
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
  if (q.source) base = base.where('c.source_kind', '=', q.source);
  if (q.townshipCode) {
    const township = await ctx.db
      .selectFrom('regions')
      .select(['path', 'level'])
      .where('code', '=', q.townshipCode)
      .executeTakeFirst();
    if (township?.level !== 'township')
      throw domainError('INVALID_REGION_CODE', { townshipCode: q.townshipCode, reason: 'township' });
    base = base.where('c.region_path', '>=', township.path).where('c.region_path', '<', prefixUpper(township.path));
  }
  if (q.targetLevel === 'same_level_committee_member') base = base.where((eb) => hasRank(eb, COMMITTEE_RANKS));
  if (q.targetLevel === 'next_lower_principal')
    base = base.where((eb) => eb.and([eb.not(hasRank(eb, COMMITTEE_RANKS)), hasRank(eb, PRINCIPAL_RANKS)]));
  if (q.targetLevel === 'ordinary')
    base = base.where((eb) => eb.not(hasRank(eb, [...COMMITTEE_RANKS, ...PRINCIPAL_RANKS])));
  // Shanghai days as instants, as the ledger's dates.
  if (q.pooledFrom) {
    const from = shanghaiDayStart(q.pooledFrom);
    base = base.where((eb) => eb(pooledAt(eb), '>=', from));
  }
  if (q.pooledTo) {
    const to = shanghaiDayStart(q.pooledTo, 1);
    base = base.where((eb) => eb(pooledAt(eb), '<', to));
  }
  return base;
}

/** The UTC instant at which Shanghai date `day` (+ `plusDays`) begins. */
function shanghaiDayStart(day: string, plusDays = 0): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();
}

/** The pool lines of `base`, longest waiting first (oldest received), at most `limit` after `after`. */
async function readPoolLines(ctx: Ctx, base: CluesQuery, limit: number, offset = 0) {
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
      'c.source_kind',
      'c.categories',
      'c.received_at',
      'c.received_on',
      'c.zone_id',
      'c.handling_unit_id',
      'r.name as region_name',
      'z.name as zone_name',
      'h.name as handling_unit_name',
      'k.display_name as keeper_name',
    ])
    .select((eb) => [pooledAt(eb).as('pooled_at')])
    .orderBy('c.received_at')
    .orderBy('c.id')
    .limit(limit)
    .offset(offset)
    .execute();
  // Timer 1 of the listed clues by their ids: one read through the deadlines' unique key.
  const due = new Map<string, string>();
  if (rows.length > 0) {
    const open = await ctx.db
      .selectFrom('deadlines')
      .select(['resource_id', 'due_on'])
      .where('resource_type', '=', 'clue')
      .where(
        'resource_id',
        'in',
        rows.map((r) => r.id),
      )
      .where('kind', '=', DISPOSAL_CLOCK)
      .where('met_at', 'is', null)
      .execute();
    for (const d of open)
      if (d.due_on && (!due.has(d.resource_id) || d.due_on < due.get(d.resource_id)!)) due.set(d.resource_id, d.due_on);
  }
  const today = toShanghaiDate(nowIso(ctx));
  return rows.map((r) => {
    const pooled = r.pooled_at ?? null;
    const since = pooled ? toShanghaiDate(pooled) : r.received_on;
    const dueOn = due.get(r.id) ?? null;
    return {
      receivedAt: r.received_at,
      line: {
        id: r.id,
        number: r.number,
        version: Number(r.version),
        status: r.status,
        sourceKind: r.source_kind as ClueSource,
        regionName: r.region_name ?? null,
        categories: JSON.parse(r.categories) as string[],
        receivedOn: r.received_on,
        pooledAt: pooled,
        ageDays: Math.max(0, Math.round((Date.parse(today) - Date.parse(since)) / 86_400_000)),
        dueOn,
        overdue: dueOn !== null && dueOn < today,
        zoneId: r.zone_id,
        zoneName: r.zone_name ?? null,
        handlingUnitId: r.handling_unit_id,
        handlingUnitName: r.handling_unit_name ?? null,
        keeperName: r.keeper_name ?? null,
      } satisfies PoolLine,
    };
  });
}

/**
 * A page of the pool(s), longest waiting first, with the total counted exactly up to
 * CLUE_TOTAL_CAP (as the ledger's). `after` (a previous page's `nextCursor`) pages by keyset.
 * Throws CLUE_POOL_FORBIDDEN, INVALID_REGION_CODE, VALIDATION_FAILED (a cursor not ours).
 */
export async function listPool(ctx: Ctx, q: PoolListQuery): Promise<PoolPage> {
  const cursor = q.after ? decodeCursor(q.after) : null;
  const base = await poolQuery(ctx, q);
  const count = await cappedClueCount(ctx, base);
  const offset = cursor ? 0 : (q.page - 1) * q.pageSize;
  if (!cursor && !count.totalCapped && offset >= count.total) return { items: [], ...count, nextCursor: null };
  const read = await readPoolLines(ctx, cursor ? afterKey(base, cursor, 'asc') : base, q.pageSize, offset);
  const last = read.at(-1);
  return {
    items: read.map((r) => r.line),
    ...count,
    nextCursor: last && read.length === q.pageSize ? encodeCursor(last.receivedAt, last.line.id) : null,
  };
}

/** Whether any clue of the actor's pools has timer 1 overdue (one indexed probe, for the workbench). */
export async function poolHasOverdue(ctx: Ctx): Promise<boolean> {
  const today = toShanghaiDate(nowIso(ctx));
  const base = await poolQuery(ctx, {});
  const hit = await base
    .select('c.id')
    .where(
      'c.id',
      'in',
      ctx.db
        .selectFrom('deadlines as d')
        .select('d.resource_id')
        .where('d.resource_type', '=', 'clue')
        .where('d.kind', '=', DISPOSAL_CLOCK)
        .where('d.met_at', 'is', null)
        .where('d.due_on', '<', today),
    )
    .limit(1)
    .executeTakeFirst();
  return hit !== undefined;
}

/** Rows per statement of the pool's export. */
const POOL_STREAM_BATCH = 250;

/** The pool export's source: the pool query, longest waiting first, audited as `clue.pool_export`. */
export function poolExportSource(q: PoolQuery): ClueExportSource {
  return { action: 'clue.pool_export', filters: q, query: (ctx) => poolQuery(ctx, q), order: 'asc' };
}

/** Streams the pool lines of `q` (keyset, oldest first); only the clues in `granted` are yielded. */
export async function* streamPoolLines(ctx: Ctx, q: PoolQuery, granted: ReadonlySet<string>): AsyncGenerator<PoolLine> {
  const read = async (after: Cursor | null) => {
    const base = await poolQuery(ctx, q);
    const rows = await readPoolLines(ctx, after ? afterKey(base, after, 'asc') : base, POOL_STREAM_BATCH);
    return rows.map((r) => ({ id: r.line.id, received_at: r.receivedAt, line: r.line }));
  };
  for await (const rows of keysetBatches(read, POOL_STREAM_BATCH))
    for (const r of rows) if (granted.has(r.id)) yield r.line;
}

/** A person who may be put on a pooled clue. */
export interface Candidate {
  userId: string;
  name: string;
  unitName: string | null;
}

/** Which candidates to read: a part of the name or unit (`q`), or exactly `ids`; at most `limit`. */
export interface CandidateQuery {
  q?: string | undefined;
  ids?: readonly string[] | undefined;
  limit?: number | undefined;
}

/** Candidates listed when the caller asks for no limit. */
export const CANDIDATE_LIMIT = 50;

/** `term` with LIKE's wildcards escaped (the statement says `escape '\\'`). */
function likeEscaped(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The people a pooled clue may be given to: for a zone, the staff of its townships' commissions,
 * of its workroom and of the assigner's own unit (a zone leader's county office: `previewConflicts`
 * admits the assigner's own unit, so each can be checked for recusal); for a unit, the staff of
 * that unit (and below). Active accounts only, searched by a part of the name or the unit's name
 * (`q`), or read by `ids` (the assignment's check, uncapped); otherwise the first `limit` by unit
 * and name.
 */
export async function poolCandidates(ctx: Ctx, row: PoolClueRow, find: CandidateQuery = {}): Promise<Candidate[]> {
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
  if (find.ids) {
    if (find.ids.length === 0) return [];
    q = q.where('u.id', 'in', [...find.ids]);
  } else {
    const term = find.q?.trim();
    if (term) {
      const like = `%${likeEscaped(term)}%`;
      q = q.where(sql<SqlBool>`(u.display_name like ${like} escape '\\' or n.name like ${like} escape '\\')`);
    }
    q = q.limit(find.limit ?? CANDIDATE_LIMIT);
  }
  const rows = await q.orderBy('n.path').orderBy('u.display_name').orderBy('u.id').execute();
  return rows.map((r) => ({ userId: r.id, name: r.display_name, unitName: r.unit_name }));
}
