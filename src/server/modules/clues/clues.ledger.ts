/**
 * The clue ledger (问题线索台账): its filtered, scoped query, pages (newest first), the capped
 * total, the export's stream and the counts by disposal and month. Scope is written in SQL
 * through the policy seam (`visibleWhere`); need-to-know is a computed column (`fullVisibility`):
 * a row the reader is not on the team of shows its ledger line only.
 */
import { type SqlBool, sql } from 'kysely';
import { walkingIndexes } from '../../db/planner.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type ClueClockState, type ClueDisposal, type ClueSource, type ClueStatus } from '../../shared/clues.codes.js';
import { type Ctx, inTransaction, nowIso, scopeFor } from '../../shared/context.js';
import { scopeColumns, scopePredicate } from '../../shared/scope.js';
import { fullVisibility, recusalWhere, visibleWhere, zoneScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { DUE_SOON_DAYS, addDays } from '../deadlines/index.js';
import {
  type CluesQuery,
  type LedgerPlan,
  type ZoneArms,
  afterKey,
  armPredicates,
  decodeCursor,
  encodeCursor,
  hiddenRef,
  memberArm,
  scopeUnits,
  zoneArms,
} from './clues.ledger-plan.js';
import { cluePolicy } from './clues.policy.js';
import {
  DENSE_NAME_TOTAL_CAP,
  NARROW_SCOPE_UNITS,
  denseNameTerm,
  nameLikePredicate,
  searchPredicate,
} from './clues.ledger-search.js';
import { DISPOSAL_CLOCK } from './clues.service.js';
import { VERIFICATION_CLOCK } from './clues.verification.clock.js';

/** Filters of the clue ledger. */
export interface ClueLedgerQuery {
  source?: ClueSource | undefined;
  status?: ClueStatus | undefined;
  disposal?: ClueDisposal | undefined;
  /** The owning commission or the handling unit. */
  unitId?: string | undefined;
  /** Assigned to the zone, or about one of its member townships. */
  zoneId?: string | undefined;
  keeperId?: string | undefined;
  /** The state of its running ledger clock (`LEDGER_CLOCKS`): overdue, due within DUE_SOON_DAYS, or running. */
  clock?: ClueClockState | undefined;
  /** Received on or after / on or before (Shanghai dates). */
  from?: string | undefined;
  to?: string | undefined;
  /** One of the subjects is this subject record. */
  subjectId?: string | undefined;
  /** A part of the number or of a subject's name. */
  q?: string | undefined;
  /** Only clues flagged for the higher organ (GZ 第二十二条) and not yet reported. */
  unreported?: boolean | undefined;
}

/** The ledger query builder over `clues as c`. */
export type { CluesQuery };

/** The UTC instant at which Shanghai date `day` (+ `plusDays`) begins. */
function shanghaiDayStart(day: string, plusDays = 0): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();
}

/**
 * The filtered, scoped ledger query (no columns selected). Shared by list, export and counts;
 * `plan` says how scope, zone and filters are written (see `LedgerPlan`; default: plain ranges).
 */
export async function clueLedgerQuery(ctx: Ctx, q: ClueLedgerQuery, plan: LedgerPlan = {}): Promise<CluesQuery> {
  const mode = plan.scope ?? 'range';
  const indexed = mode !== 'hidden' || ctx.dialect.name === 'postgres';
  const hide = plan.hideFilters === true;
  const members = plan.members ?? (plan.zone ? [] : await memberArm(ctx));
  let base = ctx.db.selectFrom('clues as c') as CluesQuery;
  if (plan.zone) {
    // The arms stand for scope and zone both; recusal still comes from the seam.
    const { arms, arm } = plan.zone;
    base = base.where((eb) => {
      const all = armPredicates(ctx, eb, arms);
      const chosen = arm === 'all' ? all : all.slice(arm, arm + 1);
      return chosen.length > 0 ? eb.or(chosen) : sql<SqlBool>`1 = 0`;
    });
    const recused = recusalWhere(ctx, cluePolicy, 'c');
    if (recused) base = base.where(recused);
  } else {
    const scope =
      mode === 'units' ? { global: false, unitIds: plan.units ?? [], unitPaths: [], regionPaths: [] } : undefined;
    // Scope OR membership: the clues the reader works on outside their scope (usually none).
    base = base.where((eb) => {
      const visible = visibleWhere(ctx, cluePolicy, 'read', { alias: 'c', indexed, ...(scope ? { scope } : {}) })(eb);
      return members.length > 0 ? eb.or([visible, eb('c.id', 'in', members)]) : visible;
    });
  }
  if (q.source) base = base.where(hiddenRef(ctx, 'c.source_kind', hide), '=', q.source);
  if (q.status) base = base.where(hiddenRef(ctx, 'c.status', hide), '=', q.status);
  if (q.disposal) base = base.where(hiddenRef(ctx, 'c.disposal', hide), '=', q.disposal);
  if (q.keeperId) base = base.where(hiddenRef(ctx, 'c.keeper_id', hide), '=', q.keeperId);
  if (q.unitId) {
    const unitId = q.unitId;
    base = base.where((eb) => eb.or([eb('c.owner_unit_id', '=', unitId), eb('c.handling_unit_id', '=', unitId)]));
  }
  if (q.zoneId && !plan.zone) {
    const zoneId = q.zoneId;
    const zone = await zoneScope(ctx.db, zoneId, toShanghaiDate(nowIso(ctx)));
    base = base.where((eb) =>
      eb.or([
        eb(hiddenRef(ctx, 'c.zone_id', !indexed), '=', zoneId),
        scopePredicate(eb, zone, scopeColumns('c'), { indexed }),
      ]),
    );
  }
  // Shanghai days as instants: a range of the received_at indexes.
  if (q.from) base = base.where('c.received_at', '>=', shanghaiDayStart(q.from));
  if (q.to) base = base.where('c.received_at', '<', shanghaiDayStart(q.to, 1));
  if (q.unreported) base = base.where('c.higher_report_required', '=', 1).where('c.higher_reported_on', 'is', null);
  if (q.subjectId)
    base = base.where(
      'c.id',
      'in',
      ctx.db.selectFrom('clue_subjects as s').select('s.clue_id').where('s.subject_id', '=', q.subjectId),
    );
  if (q.q) {
    // A whole number is unique: read it by its index (its trigrams, '线〔202', are in every number).
    const term = q.q.trim();
    base = base.where(
      (await isNumber(ctx, term))
        ? sql<SqlBool>`c.number = ${term}`
        : plan.nameLike
          ? nameLikePredicate(ctx, term)
          : searchPredicate(ctx, q.q),
    );
  }
  if (q.clock) {
    const today = toShanghaiDate(nowIso(ctx));
    let clocks = ctx.db
      .selectFrom('deadlines as d')
      .select('d.resource_id')
      .where('d.resource_type', '=', 'clue')
      .where('d.kind', 'in', LEDGER_CLOCKS)
      .where('d.met_at', 'is', null)
      // Clocks carry their clue's scope columns: only the reader's open clocks are looked up.
      .where((eb) => {
        const inScope = scopePredicate(eb, scopeFor(ctx, 'clue.read'), scopeColumns('d'));
        return members.length > 0 ? eb.or([inScope, eb('d.resource_id', 'in', members)]) : inScope;
      });
    if (q.clock === 'overdue') clocks = clocks.where('d.due_on', '<', today);
    if (q.clock === 'due_soon')
      clocks = clocks.where('d.due_on', '>=', today).where('d.due_on', '<=', addDays(today, DUE_SOON_DAYS));
    // PostgreSQL: up to CLOCK_LIST clocks are read first and given as ids (a primary-key lookup
    // each); as a subquery the planner hash-joined them with a scan of all 2 M clues (3.3 s).
    if (ctx.dialect.name === 'postgres') {
      const listed = await clocks.limit(CLOCK_LIST + 1).execute();
      if (listed.length <= CLOCK_LIST)
        return listed.length === 0
          ? base.where(sql<SqlBool>`1 = 0`)
          : base.where(
              'c.id',
              'in',
              listed.map((r) => r.resource_id),
            );
    }
    // Dense (SQLite, page read newest first): the clocks are a set each row is checked against,
    // not the list the page is read from and then sorted.
    base = indexed ? base.where('c.id', 'in', clocks) : base.where(sql<string>`(c.id || '')`, 'in', clocks);
  }
  return base;
}

/** At most this many open clocks are given to PostgreSQL as a list of ids (see `clueLedgerQuery`). */
const CLOCK_LIST = 5_000;

/** Whether `term` is a whole clue number (read by its unique index). */
async function isNumber(ctx: Ctx, term: string): Promise<boolean> {
  return Boolean(await ctx.db.selectFrom('clues').select('id').where('number', '=', term).executeTakeFirst());
}

/** Above this many matches a page is read newest first rather than from the scope's range. */
const DENSE_ROWS = 2_000;

/** Totals above this are reported as "more than". */
export const CLUE_TOTAL_CAP = 10_000;

/**
 * Totals of a search (`q`) above this are reported as "more than" (as the intake ledger's): a
 * search finding more is refined, not paged through, and counting 10,000 clues of a common
 * surname read 140,000 index entries at 2 M.
 */
export const CLUE_SEARCH_TOTAL_CAP = 1_000;

/** Counts a ledger query exactly up to `cap`. */
export async function cappedClueCount(
  ctx: Ctx,
  base: CluesQuery,
  cap = CLUE_TOTAL_CAP,
): Promise<{ total: number; totalCapped: boolean }> {
  const inner = base.select(sql<number>`1`.as('one')).limit(cap + 1);
  const row = await ctx.db
    .selectFrom(inner.as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { total: Math.min(n, cap), totalCapped: n > cap };
}

/**
 * `cappedClueCount` of a zone filter in arms: each arm counted on its own (an index range each);
 * the arms are disjoint, so the counts add up; counting stops once the cap is passed.
 */
async function armsCount(
  ctx: Ctx,
  q: ClueLedgerQuery,
  arms: ZoneArms,
  cap: number,
): Promise<{ total: number; totalCapped: boolean }> {
  const n = 1 + (arms.whole.length > 0 ? 1 : 0) + (arms.rest.length > 0 ? arms.regionPaths.length : 0);
  let sum = 0;
  for (let arm = 0; arm < n && sum <= cap; arm++) {
    const part = await cappedClueCount(ctx, await clueLedgerQuery(ctx, q, { zone: { arms, arm } }), cap);
    sum += part.totalCapped ? cap + 1 : part.total;
  }
  return { total: Math.min(sum, cap), totalCapped: sum > cap };
}

/** Selects a ledger line's columns (with unit, keeper and region names and the need-to-know flag). */
export function withClueColumns(ctx: Ctx, base: CluesQuery) {
  return base
    .leftJoin('units as u', 'u.id', 'c.owner_unit_id')
    .leftJoin('units as h', 'h.id', 'c.handling_unit_id')
    .leftJoin('users as k', 'k.id', 'c.keeper_id')
    .leftJoin('regions as g', 'g.code', 'c.region_code')
    .select([
      'c.id',
      'c.number',
      'c.status',
      'c.disposal',
      'c.source_kind',
      'c.source_ref',
      'c.report_id',
      'c.received_at',
      'c.received_on',
      'c.owner_unit_id',
      'c.handling_unit_id',
      'c.zone_id',
      'c.keeper_id',
      'c.region_code',
      'c.subject_name',
      'c.summary',
      'c.categories',
      'c.amount_fen',
      'c.version',
      'c.higher_report_required',
      'c.higher_reported_on',
      'u.name as unit_name',
      'h.name as handling_unit_name',
      'k.display_name as keeper_name',
      'g.name as region_name',
    ])
    .select((eb) =>
      sql<number | boolean>`case when ${fullVisibility(ctx, cluePolicy, 'c')(eb as never)} then 1 else 0 end`.as(
        'full',
      ),
    );
}

/** A ledger row as read. */
export type ClueLedgerRow = Awaited<ReturnType<ReturnType<typeof withClueColumns>['execute']>>[number];

/** A ledger line as the API shows it; content fields are null on a line-only row (need-to-know). */
export interface ClueLine {
  id: string;
  number: string;
  status: ClueStatus;
  disposal: ClueDisposal | null;
  sourceKind: ClueSource;
  receivedAt: string;
  receivedOn: string;
  ownerUnitId: string;
  unitName: string | null;
  handlingUnitId: string | null;
  handlingUnitName: string | null;
  zoneId: string | null;
  keeperId: string | null;
  keeperName: string | null;
  regionName: string | null;
  higherReportRequired: boolean;
  higherReportedOn: string | null;
  version: number;
  /** `full`: the reader is on the team; `line`: the ledger line only. */
  visibility: 'full' | 'line';
  subjectNames: string | null;
  summary: string | null;
  sourceRef: string | null;
  reportId: string | null;
  categories: string[] | null;
  amountFen: number | null;
  /** The due date (Shanghai) of its running ledger clock (timer 1 or the verification plan's), null when none runs. */
  dueOn: string | null;
  overdue: boolean;
}

/** Presents a ledger row: content blanked unless the reader may see it all. */
export function presentLine(r: ClueLedgerRow, clock: { dueOn: string; overdue: boolean } | undefined): ClueLine {
  const full = r.full === true || Number(r.full) === 1;
  return {
    id: r.id,
    number: r.number,
    status: r.status as ClueStatus,
    disposal: (r.disposal as ClueDisposal | null) ?? null,
    sourceKind: r.source_kind as ClueSource,
    receivedAt: r.received_at,
    receivedOn: r.received_on,
    ownerUnitId: r.owner_unit_id,
    unitName: r.unit_name,
    handlingUnitId: r.handling_unit_id,
    handlingUnitName: r.handling_unit_name,
    zoneId: r.zone_id,
    keeperId: r.keeper_id,
    keeperName: r.keeper_name,
    regionName: r.region_name,
    higherReportRequired: Number(r.higher_report_required) === 1,
    higherReportedOn: r.higher_reported_on,
    version: Number(r.version),
    visibility: full ? 'full' : 'line',
    subjectNames: full ? r.subject_name : null,
    summary: full ? r.summary : null,
    sourceRef: full ? r.source_ref : null,
    reportId: full ? r.report_id : null,
    categories: full ? (JSON.parse(r.categories) as string[]) : null,
    amountFen: full ? r.amount_fen : null,
    dueOn: clock?.dueOn ?? null,
    overdue: clock?.overdue ?? false,
  };
}

/**
 * The clue clocks the ledger shows and filters by: timer 1 (the disposal opinion) and the
 * verification plan's period (初核工作方案期限); a clue runs at most one of them at a time.
 */
export const LEDGER_CLOCKS = [DISPOSAL_CLOCK, VERIFICATION_CLOCK];

/** The running ledger clock (`LEDGER_CLOCKS`) of each clue in `ids`, the earliest due if several (one query). */
export async function disposalClocks(ctx: Ctx, ids: readonly string[]) {
  const out = new Map<string, { dueOn: string; overdue: boolean }>();
  if (ids.length === 0) return out;
  const today = toShanghaiDate(nowIso(ctx));
  const rows = await ctx.db
    .selectFrom('deadlines')
    .select(['resource_id', 'due_on'])
    .where('resource_type', '=', 'clue')
    .where('resource_id', 'in', ids)
    .where('kind', 'in', LEDGER_CLOCKS)
    .where('met_at', 'is', null)
    .execute();
  for (const r of rows) {
    const held = out.get(r.resource_id);
    if (r.due_on && (!held || r.due_on < held.dueOn))
      out.set(r.resource_id, { dueOn: r.due_on, overdue: r.due_on < today });
  }
  return out;
}

/** A page of the clue ledger. */
export interface ClueLedgerPage {
  items: ClueLine[];
  total: number;
  totalCapped: boolean;
  /** Pass as `after` for the next page (keyset); null on the last page. */
  nextCursor: string | null;
}

/** Ledger list parameters: filters, page and size, and optionally the keyset cursor `after`. */
export type ClueLedgerListQuery = ClueLedgerQuery & { page: number; pageSize: number; after?: string | undefined };

/** A page's ids newest first, as a subquery. */
function chosenIds(base: CluesQuery, pageSize: number, offset: number) {
  return base.select('c.id').orderBy('c.received_at', 'desc').orderBy('c.id', 'desc').limit(pageSize).offset(offset);
}

/** Compares two strings as SQL's binary collation does (ids and ISO instants are ASCII). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Reads one page of the ledger, newest first (no audit: see `listClues`). `after` (a previous
 * page's `nextCursor`) pages by keyset instead of offset: a deep page costs what the first does.
 */
export async function readClueLedgerPage(ctx: Ctx, q: ClueLedgerListQuery): Promise<ClueLedgerPage> {
  const cursor = q.after ? decodeCursor(q.after) : null;
  const units = await scopeUnits(ctx);
  const members = await memberArm(ctx);
  // The zone's arms stand for the scope alone: with a member arm the zone is a plain filter.
  const arms = q.zoneId && units && members.length === 0 ? await zoneArms(ctx, q.zoneId, units) : null;
  const cap = q.q ? CLUE_SEARCH_TOTAL_CAP : CLUE_TOTAL_CAP;
  // The count: an equality filter per unit of the scope (`clues_unit_*`), or from the filter's
  // index with the scope checked inside it (a scope of regions or too many units); a zone arm by
  // arm; anything else from the scope's range.
  const equality = Boolean(q.status || q.disposal || q.source || q.keeperId) && !q.q && !q.clock;
  const countPlan: LedgerPlan = !equality
    ? { members }
    : units
      ? { scope: 'units', units: units.map((u) => u.id), members }
      : { scope: 'hidden', members };
  // A name common in the ledger (`denseNameTerm`). For a reader of a few units its matches are many
  // and spread over the county, so reading them (one clue read each to check the scope: 20,000 for
  // 1 clue in 100 at 2 M, 0.4–1.3 s) costs more than reading the scope's index, which holds the
  // names: counted and, when few, listed in that one pass. For any reader its page, when many,
  // is read newest first with the name checked in `clues_ledger_newest` (the term's 20,000 matches
  // as a list cost SQLite 60 ms for the county).
  const nameLike = Boolean(q.q && !arms && !q.clock && members.length === 0 && (await denseNameTerm(ctx, q.q.trim())));
  const narrowName = nameLike && units !== null && units.length <= NARROW_SCOPE_UNITS;
  let matches: { id: string; received_at: string }[] | null = null;
  let count: { total: number; totalCapped: boolean };
  if (narrowName) {
    // Built on the walking transaction's connection (PostgreSQL: `set local` holds only there).
    // Ids alone: `clues_owner_region` holds scope, name and id (covering); selecting received_at
    // too made SQLite read the table for every clue in scope (1 s at 2 M).
    const nameCap = Math.min(cap, DENSE_NAME_TOTAL_CAP);
    const found = await walkingIndexes(ctx, async (c) =>
      (await clueLedgerQuery(c, q, { nameLike, members }))
        .select('c.id')
        .limit(nameCap + 1)
        .execute(),
    );
    if (found.length <= nameCap && found.length > 0)
      matches = await ctx.db
        .selectFrom('clues')
        .select(['id', 'received_at'])
        .where(
          'id',
          'in',
          found.map((r) => r.id),
        )
        .execute();
    else matches = [];
    count = { total: Math.min(found.length, nameCap), totalCapped: found.length > nameCap };
    if (count.totalCapped) matches = null;
  } else
    count = arms
      ? await armsCount(ctx, q, arms, cap)
      : await cappedClueCount(ctx, await clueLedgerQuery(ctx, q, countPlan), cap);
  const offset = cursor ? 0 : (q.page - 1) * q.pageSize;
  if (!cursor && !count.totalCapped && offset >= count.total) return { items: [], ...count, nextCursor: null };
  // Many matches: read newest first, everything checked in `clues_ledger_newest`, stopping after
  // one page; few: read them as counted and sort them.
  const dense = count.totalCapped || count.total > DENSE_ROWS;
  const pagePlan: LedgerPlan = dense
    ? { scope: 'hidden', hideFilters: true, nameLike, members }
    : arms
      ? { zone: { arms, arm: 'all' } }
      : countPlan;
  // Few matches: all of them are read (id, received_at) and ordered here, so no planner walks the
  // ledger newest first looking for them (PostgreSQL did for the county's 1,123 overdue clues,
  // 314 ms at 2 M). Many: the page's ids are chosen from the index (page 50 by offset had joined
  // the 2,450 rows it skipped). Either way only the page's rows are joined to their names.
  let ids: string[] | ReturnType<typeof chosenIds>;
  if (dense && nameLike) {
    // PostgreSQL intersected the name's trigram bitmap with the scope's (258 ms at 2 M): walking
    // `clues_ledger_newest`, which holds scope and name, stops after one page.
    ids = (
      await walkingIndexes(ctx, async (c) => {
        let base = await clueLedgerQuery(c, q, pagePlan);
        if (cursor) base = afterKey(base, cursor);
        return chosenIds(base, q.pageSize, offset).execute();
      })
    ).map((r) => r.id);
  } else if (dense) {
    let base = await clueLedgerQuery(ctx, q, pagePlan);
    if (cursor) base = afterKey(base, cursor);
    ids = chosenIds(base, q.pageSize, offset);
  } else {
    let all = matches;
    if (!all) {
      let base = await clueLedgerQuery(ctx, q, pagePlan);
      if (cursor) base = afterKey(base, cursor);
      all = await base.select(['c.id', 'c.received_at']).execute();
    } else if (cursor)
      all = all.filter(
        (r) => cmp(r.received_at, cursor.at) < 0 || (r.received_at === cursor.at && cmp(r.id, cursor.id) < 0),
      );
    all.sort((a, b) => cmp(b.received_at, a.received_at) || cmp(b.id, a.id));
    ids = all.slice(offset, offset + q.pageSize).map((r) => r.id);
  }
  const rows =
    Array.isArray(ids) && ids.length === 0
      ? []
      : await withClueColumns(ctx, ctx.db.selectFrom('clues as c').where('c.id', 'in', ids) as CluesQuery)
          .orderBy('c.received_at', 'desc')
          .orderBy('c.id', 'desc')
          .execute();
  const clocks = await disposalClocks(
    ctx,
    rows.map((r) => r.id),
  );
  const last = rows.at(-1);
  return {
    items: rows.map((r) => presentLine(r, clocks.get(r.id))),
    ...count,
    nextCursor: last && rows.length === q.pageSize ? encodeCursor(last.received_at, last.id) : null,
  };
}

/**
 * The ledger page with who saw it recorded: one `clue.list` audit event per non-empty page,
 * naming the clues shown and which of them in full (as the intake ledger's `report.list`).
 */
export async function listClues(ctx: Ctx, q: ClueLedgerListQuery): Promise<ClueLedgerPage> {
  const page = await readClueLedgerPage(ctx, q);
  if (page.items.length > 0)
    await inTransaction(ctx, (tx) =>
      recordAudit(tx, {
        action: 'clue.list',
        resourceType: 'clue',
        changes: {
          clues: [null, page.items.map((r) => r.id)],
          full: [null, page.items.filter((r) => r.visibility === 'full').map((r) => r.id)],
        },
      }),
    );
  return page;
}

/** Counts of the filtered ledger by disposal (null: not yet disposed of) and by month received. */
export async function clueStats(
  ctx: Ctx,
  q: ClueLedgerQuery,
): Promise<{
  byDisposal: { disposal: ClueDisposal | null; count: number }[];
  byMonth: { month: string; count: number }[];
}> {
  const base = await clueLedgerQuery(ctx, q);
  const month = sql<string>`substr(c.received_on, 1, 7)`;
  const [disposals, months] = await Promise.all([
    base
      .select(['c.disposal', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('c.disposal')
      .execute(),
    base
      .select([month.as('month'), (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(month)
      .orderBy(month)
      .execute(),
  ]);
  return {
    byDisposal: disposals.map((r) => ({ disposal: (r.disposal as ClueDisposal | null) ?? null, count: Number(r.n) })),
    byMonth: months.map((r) => ({ month: r.month, count: Number(r.n) })),
  };
}
