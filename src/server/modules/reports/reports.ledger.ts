/** The intake ledger (信访举报台账): its filtered, scoped query, pages (offset, keyset, most overdue first) and counts. */
import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { type Ctx, inTransaction, nowIso, scopeFor } from '../../shared/context.js';
import { recordAudit } from '../audit/index.js';
import { errors } from '../../shared/errors.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { Database } from '../../db/types.js';
import { recusalWhere, recusalWhereIfAny, scopeUnits, zoneScope } from '../access/index.js';
import { reportPolicy } from './reports.policy.js';
import { SEARCH_TOTAL_CAP, foldBeforeSearch, searchMode, searchPredicate } from './reports.search.js';
import { TOTAL_CAP, cappedCount, estimatedRows, walkingCount } from './reports.ledger-count.js';
import { type Scope, pathUnder, prefixUpper, scopeColumns, scopePredicate } from '../../shared/scope.js';
import {
  type ListedRow,
  type ReportView,
  type ReportChannel,
  type ReportKind,
  type ReportStatus,
  VISIBLE,
  presentReport,
} from './reports.model.js';

/** Filters of the intake ledger (信访举报台账). */
export interface LedgerQuery {
  status?: string | undefined;
  channel?: string | undefined;
  kind?: string | undefined;
  category?: string | undefined;
  anonymous?: boolean | undefined;
  unitId?: string | undefined;
  zoneId?: string | undefined;
  /** Received on or after this Shanghai date. */
  from?: string | undefined;
  /** Received on or before this Shanghai date. */
  to?: string | undefined;
  /** Only reports with a running clock past due. */
  overdue?: boolean | undefined;
  /** A part of the number or of the reported person's name (`searchPredicate`). */
  q?: string | undefined;
  /** Include transfer records (reports sent up), which are not part of the ledger. */
  includeTransferRecords?: boolean | undefined;
}

/** The ledger query builder over `reports as r`. */
export type ReportsQuery = SelectQueryBuilder<Database & { r: Database['reports'] }, 'r', object>;

/** The UTC instant at which Shanghai date `day` (+ `plusDays`) begins. */
function shanghaiDayStart(day: string, plusDays = 0): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();
}

/** Above this many matches a page is read in list order rather than from the scope's range. */
const DENSE_ROWS = 2_000;

/**
 * The zone filter written against the caller's own units, for a caller whose scope is a list of
 * units (a township's secretary, a county's leader): `whole` are the caller's units inside the zone (their reports
 * all match), `rest` the others, whose reports match when they are about one of the zone's
 * member townships (`regionPaths`). Each arm — `whole`, or `rest` with one township — is an
 * equality on `owner_unit_path` and at most one `region_path` range, which `reports_owner_region`
 * reads exactly; the arms are disjoint, so their counts add up.
 */
interface ZoneArms {
  whole: string[];
  rest: string[];
  regionPaths: string[];
}

/**
 * At most this many units in the caller's scope for the zone filter's arm form (a county holds
 * ~300: one seek per unit and member township is still cheap). Beyond it — a city-wide scope —
 * the zone filter is written as scope ∩ zone; there SQLite may read `reports_owner_region`
 * over the scope's range, which is as long as the ledger.
 */
const ZONE_ARM_UNITS = 1_000;

/**
 * The caller's zone filter as arms (see `ZoneArms`), or null when the caller's scope is global,
 * region-based or holds more than ZONE_ARM_UNITS units.
 */
async function zoneArms(ctx: Ctx, zone: Scope): Promise<ZoneArms | null> {
  const units = await scopeUnits(ctx, 'report.read', ZONE_ARM_UNITS);
  if (!units) return null;
  const inZone = (u: { id: string; path: string }) =>
    zone.unitIds.includes(u.id) || zone.unitPaths.some((p) => pathUnder(u.path, p));
  return {
    whole: units.filter(inZone).map((u) => u.path),
    rest: units.filter((u) => !inZone(u)).map((u) => u.path),
    regionPaths: [...zone.regionPaths],
  };
}

/** The arms of `ZoneArms` as predicates, in order: `whole`, then `rest` per member township. */
function armPredicates(eb: ExpressionBuilder<Database & { r: Database['reports'] }, 'r'>, arms: ZoneArms) {
  const parts: Expression<SqlBool>[] = [];
  if (arms.whole.length > 0) parts.push(eb('r.owner_unit_path', 'in', arms.whole));
  if (arms.rest.length > 0)
    for (const p of arms.regionPaths)
      parts.push(
        eb.and([
          eb('r.owner_unit_path', 'in', arms.rest),
          eb('r.region_path', '>=', p),
          eb('r.region_path', '<', prefixUpper(p)),
        ]),
      );
  return parts;
}

/** How `ledgerQuery` writes the zone filter: as scope ∩ zone, as all arms, or as one arm. */
type ZoneForm = { arms: ZoneArms; arm: number | 'all' } | undefined;

/**
 * The filtered, scoped ledger query (no columns selected yet). Shared by list, export and counts.
 * A zone is resolved to its members' path ranges first (as a zone scope is); overdue
 * reports are found from the open clocks (`deadlines_open_unit`, `deadlines_open_region`, `deadlines_open`),
 * not by probing every report. With `form`, scope and zone are written as the zone's arms instead
 * (all of them, or one), which stand for both.
 */
export async function ledgerQuery(
  ctx: Ctx,
  q: LedgerQuery,
  indexedScope = !(q.q || q.overdue),
  form?: ZoneForm,
  leadBySearch: boolean | 'number' | 'matches' = true,
): Promise<ReportsQuery> {
  const scope = scopeFor(ctx, 'report.read');
  // Writing a predicate so no index can serve it steers SQLite's planner, which has only coarse
  // statistics. PostgreSQL's planner has real ones and reads `substr(…) = …` as matching 0.5 % of
  // rows: it would then sort the whole scope (seconds at 1 M rows). There every predicate stays
  // plain and the planner chooses.
  // A sparse search (`leadBySearch` 'matches': fewer than SEARCH_PROBE matches in the whole
  // database) is the exception: its trigram bitmap leads and the scope only filters the matches,
  // so the planner cannot intersect it with a bitmap of the whole scope (354,000 rows for a
  // township at 5 M: the count then cost more than the matches).
  if (ctx.dialect.name === 'postgres' && leadBySearch !== 'matches') indexedScope = true;
  // Selective filters (a number or name, overdue clocks) lead; the scope then only filters.
  const opts = { indexed: indexedScope };
  let base = ctx.db.selectFrom('reports as r') as ReportsQuery;
  if (form)
    base = base.where((eb) => {
      const arms = armPredicates(eb, form.arms);
      const chosen = form.arm === 'all' ? arms : arms.slice(form.arm, form.arm + 1);
      return chosen.length > 0 ? eb.or(chosen) : sql<SqlBool>`1 = 0`;
    });
  else base = base.where((eb) => scopePredicate(eb, scope, scopeColumns('r'), opts));
  // The scope is written by hand above (the tuned strategies); recusal still comes from the seam.
  // Only where the actor is recused from some report: without it a township's count reads
  // `reports_owner_region` alone, index-only on PostgreSQL and covering on SQLite (see
  // `recusalWhereIfAny`).
  const recused = await recusalWhereIfAny(ctx, reportPolicy, 'r');
  if (recused) base = base.where(recused);
  if (!q.includeTransferRecords) base = base.where('r.in_ledger', '=', 1);
  // In list order (indexedScope false) the status and channel filter rows too, not lead.
  const column = (c: 'r.status' | 'r.channel') => (indexedScope ? sql.ref(c) : sql`(${sql.ref(c)} || '')`);
  if (q.status) base = base.where(column('r.status'), '=', q.status);
  if (q.channel) base = base.where(column('r.channel'), '=', q.channel);
  if (q.kind) base = base.where('r.kind', '=', q.kind);
  if (q.category) base = base.where('r.categories', 'like', `%"${q.category.replace(/[%_"\\]/g, '')}"%`);
  if (q.anonymous !== undefined) base = base.where('r.anonymous', '=', q.anonymous ? 1 : 0);
  if (q.unitId) {
    // By path: `reports_ledger_scope` (owner_unit_path, in_ledger, received_at) reads it in list order.
    const unit = await ctx.db.selectFrom('units').select('path').where('id', '=', q.unitId).executeTakeFirst();
    base = base.where('r.owner_unit_path', '=', unit?.path ?? '');
  }
  if (q.zoneId && !form) {
    // The zone's current members (townships by region, dispatched groups by unit) and its workroom.
    const zone = await zoneScope(ctx.db, q.zoneId, toShanghaiDate(nowIso(ctx)));
    base = base.where((eb) => scopePredicate(eb, zone, scopeColumns('r'), opts));
  }
  // Dates are Shanghai days; as instants they use the received_at indexes.
  if (q.from) base = base.where('r.received_at', '>=', shanghaiDayStart(q.from));
  if (q.to) base = base.where('r.received_at', '<', shanghaiDayStart(q.to, 1));
  if (q.q)
    base = base.where(
      leadBySearch === 'number'
        ? (eb) => eb('r.number', '=', q.q!.trim())
        : searchPredicate(ctx, q.q, leadBySearch !== false),
    );
  if (q.overdue) {
    const today = toShanghaiDate(nowIso(ctx));
    base = base.where(
      'r.id',
      'in',
      ctx.db
        .selectFrom('deadlines as d')
        .select('d.resource_id')
        .where('d.resource_type', '=', 'report')
        .where('d.met_at', 'is', null)
        .where('d.due_on', '<', today)
        // Clocks carry their record's scope columns: only the caller's open clocks are looked up
        // (deadlines_open_unit / deadlines_open_region), not every overdue clock of the county.
        .where((eb) => scopePredicate(eb, scope, scopeColumns('d'))),
    );
  }
  return base;
}

/** Whether the caller's scope, or the zone asked for, covers nothing (no query needed). */
async function reachesNothing(ctx: Ctx, q: LedgerQuery): Promise<boolean> {
  const empty = (s: Scope) =>
    !s.global && s.unitIds.length === 0 && s.unitPaths.length === 0 && s.regionPaths.length === 0;
  if (empty(scopeFor(ctx, 'report.read'))) return true;
  return q.zoneId ? empty(await zoneScope(ctx.db, q.zoneId, toShanghaiDate(nowIso(ctx)))) : false;
}

/**
 * `cappedCount` of a zone filter in arm form: each arm counted on its own (an index range each;
 * together as one OR, PostgreSQL would gather every matching row into a bitmap before counting).
 * The arms are disjoint, so the counts add up; counting stops once the cap is passed.
 */
async function armsCount(
  ctx: Ctx,
  q: LedgerQuery,
  arms: ZoneArms,
  cap = TOTAL_CAP,
  lead: boolean | 'number' | 'matches' = true,
): Promise<{ total: number; totalCapped: boolean }> {
  const n = (arms.whole.length > 0 ? 1 : 0) + (arms.rest.length > 0 ? arms.regionPaths.length : 0);
  let sum = 0;
  for (let arm = 0; arm < n && sum <= cap; arm++) {
    const part = await cappedCount(ctx, await ledgerQuery(ctx, q, undefined, { arms, arm }, lead), cap);
    sum += part.totalCapped ? cap + 1 : part.total;
  }
  return { total: Math.min(sum, cap), totalCapped: sum > cap };
}

/** Selects the listed columns (with region and unit names) on a ledger query. */
export function withColumns(base: ReportsQuery) {
  return base
    .leftJoin('regions as g', 'g.code', 'r.region_code')
    .leftJoin('units as u', 'u.id', 'r.owner_unit_id')
    .select(VISIBLE)
    .select(['g.name as region_name', 'u.name as unit_name']);
}

/** A page's position in the list order: the last row's sort key and id. */
interface Cursor {
  key: string;
  id: string;
}

/** Encodes a keyset cursor (opaque to clients: base64url of the sort key and id). */
function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

/** Decodes a cursor from `after`; VALIDATION_FAILED when it was not made by `encodeCursor`. */
function decodeCursor(after: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { key: v[0], id: v[1] };
  } catch {
    // falls through to the validation error
  }
  throw errors.validation({ field: 'after' }, '翻页位置无效，请回到第一页');
}

/** A ledger page: rows, the total and the cursor of the next page (null on the last page). */
export interface LedgerPage {
  items: ReportView[];
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}

/** Ledger list parameters: filters, page and size, and optionally the keyset cursor `after`. */
export type LedgerListQuery = LedgerQuery & { page: number; pageSize: number; after?: string | undefined };

/** Whether `q` filters on the report rows themselves (beyond scope, ledger membership and overdue). */
function filtersReports(q: LedgerQuery): boolean {
  return Boolean(
    q.status ||
    q.channel ||
    q.kind ||
    q.category ||
    q.anonymous !== undefined ||
    q.unitId ||
    q.zoneId ||
    q.from ||
    q.to ||
    q.q,
  );
}

/**
 * The caller's overdue reports as (resource_id, earliest due date) from the open clocks alone.
 * Clocks carry their report's scope columns, so this reads only the caller's part of
 * `deadlines_open_unit` / `deadlines_open_region`. The only open clock of a transfer record
 * (in_ledger = 0) is `transfer_up` (createReport opens nothing else for it, and transferUp meets
 * every clock), so leaving that kind out is the ledger's `in_ledger = 1` without reading reports.
 */
function overdueClocks(ctx: Ctx, q: LedgerQuery) {
  return openOverdueClocks(ctx, q)
    .select(['d.resource_id', (eb) => eb.fn.min<string>('d.due_on').as('due_on')])
    .groupBy('d.resource_id');
}

/** The caller's open, overdue clocks of reports (one row per clock; see `overdueClocks`). */
function openOverdueClocks(ctx: Ctx, q: LedgerQuery) {
  const scope = scopeFor(ctx, 'report.read');
  let clocks = ctx.db
    .selectFrom('deadlines as d')
    .where('d.resource_type', '=', 'report')
    .where('d.met_at', 'is', null)
    // On SQLite `+due_on` keeps the due-date index `deadlines_open` out of the plan: with it
    // SQLite read every overdue clock of the county (48,000 at 5 M reports) for a township's
    // 3,700; the scoped index reads only the caller's. PostgreSQL chooses by its statistics (and
    // has no unary plus on text): reading `deadlines_open` in order for the county's first page.
    .where(
      ctx.dialect.name === 'sqlite' ? sql<string>`+${sql.ref('d.due_on')}` : sql.ref('d.due_on'),
      '<',
      toShanghaiDate(nowIso(ctx)),
    )
    .where((eb) => scopePredicate(eb, scope, scopeColumns('d')));
  const recused = recusalWhere(ctx, reportPolicy, undefined, 'd.resource_id');
  if (recused) clocks = clocks.where(recused);
  if (!q.includeTransferRecords) clocks = clocks.where('d.kind', '!=', 'transfer_up');
  return clocks;
}

/** A report on the overdue list: its id and the earliest due date of its open overdue clocks. */
interface OverdueEntry {
  resource_id: string;
  due_on: string;
}

/**
 * One page of the overdue list (most overdue first, then by id) read from the clocks in due-date
 * order, without grouping every overdue clock of the scope first: a report first appears at its
 * earliest clock, so the first distinct ids of that order are the page. Grouping 48,000 county
 * clocks to sort them took 85–130 ms on PostgreSQL at 5 M reports; this reads a few clocks per
 * row of the page. After a cursor, a report met again at a later clock was listed before (its
 * earliest clock lies before the cursor); the earliest clocks of the candidates are checked.
 */
async function overduePage(
  ctx: Ctx,
  q: LedgerListQuery,
  cursor: Cursor | null,
  offset: number,
): Promise<OverdueEntry[]> {
  const need = offset + q.pageSize;
  for (let limit = need * 3; ; limit *= 4) {
    let clocks = openOverdueClocks(ctx, q).select(['d.resource_id', 'd.due_on']);
    if (cursor) clocks = clocks.where('d.due_on', '>=', cursor.key);
    const rows = await clocks.orderBy('d.due_on').orderBy('d.resource_id').limit(limit).execute();
    const first = new Map<string, string>();
    for (const r of rows) if (!first.has(r.resource_id)) first.set(r.resource_id, r.due_on);
    let entries = [...first].map(([resource_id, due_on]) => ({ resource_id, due_on }));
    if (cursor) {
      entries = entries.filter((e) => e.due_on > cursor.key || e.resource_id > cursor.id);
      if (entries.length > 0) {
        const earliest = await openOverdueClocks(ctx, q)
          .select(['d.resource_id', (eb) => eb.fn.min<string>('d.due_on').as('due_on')])
          .where(
            'd.resource_id',
            'in',
            entries.map((e) => e.resource_id),
          )
          .groupBy('d.resource_id')
          .execute();
        const min = new Map(earliest.map((e) => [e.resource_id, e.due_on]));
        entries = entries.filter((e) => min.get(e.resource_id) === e.due_on);
      }
    }
    // Every clock was read, or enough distinct reports were found among those read.
    if (rows.length < limit || entries.length >= need) return entries.slice(offset, need);
  }
}

/**
 * The overdue ledger, most overdue first (earliest due date of an open clock), which is the order
 * a supervisor works it in. Without other filters, count and page come from the clocks' index
 * and only the page's reports are read.
 */
async function listOverdue(ctx: Ctx, q: LedgerListQuery): Promise<LedgerPage> {
  const cursor = q.after ? decodeCursor(q.after) : null;
  const offset = cursor ? 0 : (q.page - 1) * q.pageSize;
  const next = (last: { due_on: string; id: string } | undefined, n: number) =>
    last && n === q.pageSize ? encodeCursor(last.due_on, last.id) : null;
  if (!filtersReports(q)) {
    // Independent statements: on PostgreSQL they run side by side on two pooled connections.
    const [counted, page] = await Promise.all([
      ctx.db
        .selectFrom(
          overdueClocks(ctx, q)
            .limit(TOTAL_CAP + 1)
            .as('capped'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      overduePage(ctx, q, cursor, offset),
    ]);
    const n = Number(counted.n);
    const total = { total: Math.min(n, TOTAL_CAP), totalCapped: n > TOTAL_CAP };
    if (page.length === 0) return { items: [], ...total, nextCursor: null };
    // The rows are read by id, and the caller's scope is checked on them as well.
    const rows = await withColumns(await ledgerQuery(ctx, { ...q, overdue: false }, false))
      .where(
        'r.id',
        'in',
        page.map((p) => p.resource_id),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items = page.flatMap((p) => {
      const r = byId.get(p.resource_id);
      return r ? [presentReport(r)] : [];
    });
    const last = page.at(-1);
    return { items, ...total, nextCursor: next(last && { due_on: last.due_on, id: last.resource_id }, page.length) };
  }
  const base = (await ledgerQuery(ctx, { ...q, overdue: false }, false)).innerJoin(
    overdueClocks(ctx, q).as('o'),
    'o.resource_id',
    'r.id',
  );
  const count = await cappedCount(ctx, base);
  let pageQuery = withColumns(base as unknown as ReportsQuery).select(sql<string>`o.due_on`.as('overdue_since'));
  if (cursor)
    pageQuery = pageQuery.where(
      sql<boolean>`(o.due_on > ${cursor.key} or (o.due_on = ${cursor.key} and r.id > ${cursor.id}))`,
    );
  const rows = await pageQuery.orderBy(sql.ref('o.due_on')).orderBy('r.id').limit(q.pageSize).offset(offset).execute();
  const last = rows.at(-1);
  return {
    items: rows.map((r) => presentReport(r as ListedRow)),
    ...count,
    nextCursor: next(last && { due_on: last.overdue_since, id: last.id }, rows.length),
  };
}

/**
 * Lists the ledger inside the caller's scope (one SQL predicate), newest first; with `overdue`,
 * most overdue first. `after` (a previous page's `nextCursor`) pages by keyset instead of offset.
 */
export async function readLedgerPage(ctx: Ctx, q: LedgerListQuery): Promise<LedgerPage> {
  if (await reachesNothing(ctx, q)) return { items: [], total: 0, totalCapped: false, nextCursor: null };
  if (q.overdue) return listOverdue(ctx, q);
  const cursor = q.after ? decodeCursor(q.after) : null;
  const arms = q.zoneId ? await zoneArms(ctx, await zoneScope(ctx.db, q.zoneId, toShanghaiDate(nowIso(ctx)))) : null;
  // A search is read by its matches (few), by its number, or by the caller's scope with the
  // search as a filter (dense: see SEARCH_PROBE); its total is capped lower.
  if (q.q) await foldBeforeSearch(ctx);
  const mode = q.q ? await searchMode(ctx, q.q) : null;
  const lead = mode === 'number' ? 'number' : mode === 'sparse' ? 'matches' : mode !== 'dense';
  const cap = mode ? SEARCH_TOTAL_CAP : TOTAL_CAP;
  const base = await ledgerQuery(
    ctx,
    q,
    mode === 'dense' ? true : undefined,
    arms ? { arms, arm: 'all' } : undefined,
    lead,
  );
  // A term dense in the scope too, on PostgreSQL: counted by walking the scope (see walkingCount).
  const walk =
    ctx.dialect.name === 'postgres' && mode === 'dense' && !arms && (await estimatedRows(ctx, base)) >= DENSE_ROWS;
  const count = arms
    ? await armsCount(ctx, q, arms, cap, lead)
    : walk
      ? await walkingCount(ctx, base, cap)
      : await cappedCount(ctx, base, cap);
  // Nothing on this page: no page query (a planner that misjudged the filters could still walk the
  // whole list looking for the rows the count just failed to find).
  if (!count.totalCapped && (q.page - 1) * q.pageSize >= count.total) return { items: [], ...count, nextCursor: null };
  // Many matches: read newest-first and filter (stops after one page); few: read the scope's range.
  // A sparse search reads its page from its matches (at most SEARCH_PROBE, sorted) even when its
  // total is capped: walking the scope newest-first for a term spread thinly over the whole
  // ledger read 125,000 rows for 50 matches at 5 M.
  const dense = mode !== 'sparse' && (count.totalCapped || count.total > DENSE_ROWS || mode === 'dense');
  const pageBase = dense ? await ledgerQuery(ctx, q, false, undefined, lead === 'number' ? lead : false) : base;
  let pageRows = pageBase;
  // Keyset: the rows after the previous page's last one, written as a range on received_at (the
  // index's order) narrowed on id, so a deep page reads no more than the first one.
  if (cursor)
    pageRows = pageRows
      .where('r.received_at', '<=', cursor.key)
      .where((eb) => eb.or([eb('r.received_at', '<', cursor.key), eb('r.id', '<', cursor.id)]));
  const offset = cursor ? 0 : (q.page - 1) * q.pageSize;
  // A sparse search's page is chosen among its matches first and only its rows are joined to
  // their region and unit: PostgreSQL joined all 858 matches of a 4-digit term before sorting
  // them (45 of 56 ms at 5 M).
  const newestFirst = <T extends ReturnType<typeof withColumns>>(b: T) =>
    b.orderBy('r.received_at', 'desc').orderBy('r.id', 'desc');
  const chosen = pageRows
    .select('r.id')
    .orderBy('r.received_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(q.pageSize)
    .offset(offset);
  const rows = await (
    mode === 'sparse'
      ? newestFirst(withColumns(ctx.db.selectFrom('reports as r').where('r.id', 'in', chosen) as ReportsQuery))
      : newestFirst(withColumns(pageRows)).limit(q.pageSize).offset(offset)
  ).execute();
  const last = rows.at(-1);
  return {
    items: rows.map((r) => presentReport(r as ListedRow)),
    ...count,
    nextCursor: last && rows.length === q.pageSize ? encodeCursor(last.received_at, last.id) : null,
  };
}

/** Counts of the ledger by unit, Shanghai month, channel, kind and status (the filters apply). */
export async function ledgerCounts(
  ctx: Ctx,
  q: LedgerQuery,
): Promise<
  {
    unitId: string;
    unitName: string | null;
    month: string;
    channel: ReportChannel;
    kind: ReportKind;
    status: ReportStatus;
    count: number;
  }[]
> {
  const month = 'substr(r.received_on, 1, 7)';
  const rows = await (
    await ledgerQuery(ctx, q)
  )
    .leftJoin('units as u', 'u.id', 'r.owner_unit_id')
    .select([
      'r.owner_unit_id',
      'u.name as unit_name',
      sql<string>`${sql.raw(month)}`.as('month'),
      'r.channel',
      'r.kind',
      'r.status',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['r.owner_unit_id', 'u.name', sql.raw(month), 'r.channel', 'r.kind', 'r.status'])
    .orderBy('r.owner_unit_id')
    .orderBy(sql.raw(month))
    .execute();
  return rows.map((r) => ({
    unitId: r.owner_unit_id,
    unitName: r.unit_name,
    month: r.month,
    channel: r.channel as ReportChannel,
    kind: r.kind as ReportKind,
    status: r.status as ReportStatus,
    count: Number(r.n),
  }));
}

/**
 * The ledger page of `readLedgerPage`, with who saw it recorded: one `report.list` audit event per
 * page naming the ids of the reports shown (a page shows each report's content; who saw a
 * whistleblower's report is the first question after a leak). One small insert per page, none
 * for an empty page, so the ledger's latency barely moves (docs/benchmarks.md).
 */
export async function listReports(ctx: Ctx, q: LedgerListQuery): Promise<LedgerPage> {
  const page = await readLedgerPage(ctx, q);
  if (page.items.length > 0)
    await inTransaction(ctx, (tx) =>
      recordAudit(tx, {
        action: 'report.list',
        resourceType: 'report',
        changes: { reports: [null, page.items.map((r) => r.id)] },
      }),
    );
  return page;
}
