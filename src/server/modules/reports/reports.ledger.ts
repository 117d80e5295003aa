import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { type Ctx, can, inTransaction, nowIso, scopeFor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { Database } from '../../db/types.js';
import { zoneScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type Scope, inScope, pathUnder, prefixUpper, scopeColumns, scopePredicate } from '../../shared/scope.js';
import { type DeadlineView, clockOf, deadlinesOf } from '../deadlines/index.js';
import {
  type ListedRow,
  type MessageView,
  type ReportView,
  type ReporterIdentity,
  type TimelineStep,
  type ReportEvent,
  type ReportChannel,
  type ReportKind,
  type ReportStatus,
  VISIBLE,
  presentMessage,
  presentReport,
  reporterContext,
} from './reports.service.js';

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
  /** Number or name of the person reported (prefix match). */
  q?: string | undefined;
  /** Include transfer records (reports sent up), which are not part of the ledger. */
  includeTransferRecords?: boolean | undefined;
}

type ReportsQuery = SelectQueryBuilder<Database & { r: Database['reports'] }, 'r', object>;

/** The UTC instant at which Shanghai date `day` (+ `plusDays`) begins. */
function shanghaiDayStart(day: string, plusDays = 0): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();
}

/** Above this many matches a page is read in list order rather than from the scope's range. */
const DENSE_ROWS = 2_000;

/** Totals above this are reported as "more than" (counting millions of rows costs seconds). */
export const TOTAL_CAP = 10_000;

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
  const scope = scopeFor(ctx, 'report.read');
  if (scope.global || scope.regionPaths.length > 0) return null;
  const units = await ctx.db
    .selectFrom('units')
    .select(['id', 'path'])
    .where((eb) =>
      eb.or([
        ...scope.unitPaths.map((p) => eb.and([eb('path', '>=', p), eb('path', '<', prefixUpper(p))])),
        ...(scope.unitIds.length > 0 ? [eb('id', 'in', scope.unitIds)] : []),
      ]),
    )
    .limit(ZONE_ARM_UNITS + 1)
    .execute();
  if (units.length > ZONE_ARM_UNITS) return null;
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
): Promise<ReportsQuery> {
  const scope = scopeFor(ctx, 'report.read');
  // Writing a predicate so no index can serve it steers SQLite's planner, which has only coarse
  // statistics. PostgreSQL's planner has real ones and reads `substr(…) = …` as matching 0.5 % of
  // rows: it would then sort the whole scope (seconds at 1 M rows). There every predicate stays
  // plain and the planner chooses.
  if (ctx.dialect.name === 'postgres') indexedScope = true;
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
  if (q.q) {
    const term = q.q.trim();
    base = base.where((eb) => eb.or([eb('r.number', '=', term), eb('r.subject_name', '=', term)]));
  }
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

/** Counts the rows of a ledger query, exactly up to TOTAL_CAP; beyond it says "more than". */
export async function cappedCount(ctx: Ctx, base: ReportsQuery): Promise<{ total: number; totalCapped: boolean }> {
  const inner = base.select(sql<number>`1`.as('one')).limit(TOTAL_CAP + 1);
  const row = await ctx.db
    .selectFrom(inner.as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { total: Math.min(n, TOTAL_CAP), totalCapped: n > TOTAL_CAP };
}

/**
 * `cappedCount` of a zone filter in arm form: each arm counted on its own (an index range each;
 * together as one OR, PostgreSQL would gather every matching row into a bitmap before counting).
 * The arms are disjoint, so the counts add up; counting stops once the cap is passed.
 */
async function armsCount(ctx: Ctx, q: LedgerQuery, arms: ZoneArms): Promise<{ total: number; totalCapped: boolean }> {
  const n = (arms.whole.length > 0 ? 1 : 0) + (arms.rest.length > 0 ? arms.regionPaths.length : 0);
  let sum = 0;
  for (let arm = 0; arm < n && sum <= TOTAL_CAP; arm++) {
    const part = await cappedCount(ctx, await ledgerQuery(ctx, q, undefined, { arms, arm }));
    sum += part.totalCapped ? TOTAL_CAP + 1 : part.total;
  }
  return { total: Math.min(sum, TOTAL_CAP), totalCapped: sum > TOTAL_CAP };
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
export async function listReports(ctx: Ctx, q: LedgerListQuery): Promise<LedgerPage> {
  if (await reachesNothing(ctx, q)) return { items: [], total: 0, totalCapped: false, nextCursor: null };
  if (q.overdue) return listOverdue(ctx, q);
  const cursor = q.after ? decodeCursor(q.after) : null;
  const arms = q.zoneId ? await zoneArms(ctx, await zoneScope(ctx.db, q.zoneId, toShanghaiDate(nowIso(ctx)))) : null;
  const base = await ledgerQuery(ctx, q, undefined, arms ? { arms, arm: 'all' } : undefined);
  const count = arms ? await armsCount(ctx, q, arms) : await cappedCount(ctx, base);
  // Nothing on this page: no page query (a planner that misjudged the filters could still walk the
  // whole list looking for the rows the count just failed to find).
  if (!count.totalCapped && (q.page - 1) * q.pageSize >= count.total) return { items: [], ...count, nextCursor: null };
  // Many matches: read newest-first and filter (stops after one page); few: read the scope's range.
  const dense = count.totalCapped || count.total > DENSE_ROWS;
  const pageBase = dense ? await ledgerQuery(ctx, q, false) : base;
  let pageQuery = withColumns(pageBase);
  // Keyset: the rows after the previous page's last one, written as a range on received_at (the
  // index's order) narrowed on id, so a deep page reads no more than the first one.
  if (cursor)
    pageQuery = pageQuery
      .where('r.received_at', '<=', cursor.key)
      .where((eb) => eb.or([eb('r.received_at', '<', cursor.key), eb('r.id', '<', cursor.id)]));
  const rows = await pageQuery
    .orderBy('r.received_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(q.pageSize)
    .offset(cursor ? 0 : (q.page - 1) * q.pageSize)
    .execute();
  const last = rows.at(-1);
  return {
    items: rows.map((r) => presentReport(r as ListedRow)),
    ...count,
    nextCursor: last && rows.length === q.pageSize ? encodeCursor(last.received_at, last.id) : null,
  };
}

/**
 * Rows per read of `streamLedger`. Small on purpose: a 2,000-row batch outlives several young
 * garbage collections while the export writes it, gets promoted, and let the server's heap grow
 * by ~180 MB over a 100,000-row export before a full collection; at 250 the heap stays flat
 * (bench/ledger-export.bench.ts, docs/benchmarks.md).
 */
export const STREAM_BATCH = 250;

/** Streams the ledger rows of `q` in pages of `batch` (keyset on received_at, id), newest first. */
export async function* streamLedger(
  ctx: Ctx,
  q: LedgerQuery,
  batch = STREAM_BATCH,
): AsyncGenerator<ListedRow & { reporter_enc: string | null }> {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    // In list order (the scope only filters) with an index-friendly keyset bound: each batch is a
    // range read, never a sort of the whole scope.
    let query = withColumns(await ledgerQuery(ctx, q, false)).select('r.reporter_enc');
    if (after) {
      const { at, id } = after;
      query = query
        .where('r.received_at', '<=', at)
        .where((eb) => eb.or([eb('r.received_at', '<', at), eb('r.id', '<', id)]));
    }
    const rows = (await query
      .orderBy('r.received_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(batch)
      .execute()) as (ListedRow & {
      reporter_enc: string | null;
    })[];
    for (const r of rows) yield r;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.received_at, id: last.id };
  }
}

/** Opens a sealed identity (for the export of a holder of report.identity). */
export function openIdentity(ctx: Ctx, id: string, sealed: string): ReporterIdentity {
  return JSON.parse(ctx.keyring.openText(sealed, reporterContext(id))) as ReporterIdentity;
}

/** Whether an export by the caller may include reporter identity. */
export function exportIncludesIdentity(ctx: Ctx): boolean {
  return can(ctx, 'report.identity');
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

async function loadInScope(ctx: Ctx, id: string, permission: 'report.read' | 'report.identity') {
  const row = await withColumns(ctx.db.selectFrom('reports as r') as ReportsQuery)
    .select(['r.reporter_enc', 'r.recheck_reason', 'r.recheck_forwarded_to', 'r.transfer_from_unit_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row || !inScope(scopeFor(ctx, permission), row)) throw errors.notFound('report');
  return row as ListedRow & {
    reporter_enc: string | null;
    recheck_reason: string | null;
    recheck_forwarded_to: string | null;
    transfer_from_unit_id: string | null;
  };
}

/** Who answers a report's re-check, as its page shows it. */
export interface RecheckView {
  /** Display name of the organ that re-checks (the commission above the handler, XF 第三十五条). */
  by: string;
  /** Sent up off the platform: the owner records the higher organ's opinion with its number. */
  forwarded: boolean;
  /** The re-check has been answered (its clock is met). */
  answered: boolean;
  /** The caller may answer (or extend) it now: the clock runs and is in their scope. */
  canAnswer: boolean;
}

/** The re-check of a report as the caller may act on it, or null when none was asked for. */
async function recheckView(
  ctx: Ctx,
  row: ListedRow & { recheck_forwarded_to: string | null },
): Promise<RecheckView | null> {
  if (!row.recheck_requested_at) return null;
  const clock = await clockOf(ctx, 'report', row.id, 'recheck');
  if (!clock) return null;
  const manage = can(ctx, 'report.manage') ? scopeFor(ctx, 'report.manage') : null;
  const forwarded = row.recheck_forwarded_to !== null;
  // Forwarded: the higher organ re-checks and the owner records its opinion (the caller's scope over
  // the report decides); otherwise whoever holds the clock answers.
  const organ = await ctx.db
    .selectFrom('units')
    .select(['name', 'short_name'])
    .where('id', '=', row.recheck_forwarded_to ?? clock.owner_unit_id)
    .executeTakeFirstOrThrow();
  return {
    by: organ.short_name ?? organ.name,
    forwarded,
    answered: clock.met_at !== null,
    canAnswer: clock.met_at === null && manage !== null && inScope(manage, forwarded ? row : clock),
  };
}

/** An attachment as staff see it (the name is opened for them). */
export interface AttachmentView {
  id: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string;
  createdAt: string;
}

/** A report with everything its page shows. */
export interface ReportDetail extends ReportView {
  details: Record<string, unknown> | null;
  recheckReason: string | null;
  recheck: RecheckView | null;
  messages: MessageView[];
  timeline: (TimelineStep & { public: boolean })[];
  deadlines: DeadlineView[];
  attachments: AttachmentView[];
  clueNumber: string | null;
  repeats: { id: string; number: string | null; receivedAt: string }[];
}

/** Reads one report in scope (NOT_FOUND outside it); the read is audited. */
export async function readReportAudited(ctx: Ctx, id: string): Promise<ReportDetail> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope(tx, id, 'report.read');
    const [messages, events, deadlines, files, clue, repeats, recheck] = await Promise.all([
      tx.db
        .selectFrom('report_messages')
        .select(['author', 'body', 'created_at'])
        .where('report_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      tx.db
        .selectFrom('report_events')
        .select(['event', 'note', 'public', 'created_at'])
        .where('report_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      deadlinesOf(tx, 'report', id),
      tx.db
        .selectFrom('attachments')
        .selectAll()
        .where('report_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      row.clue_id
        ? tx.db.selectFrom('clues').select('number').where('id', '=', row.clue_id).executeTakeFirst()
        : undefined,
      tx.db
        .selectFrom('reports')
        .select(['id', 'number', 'received_at'])
        .where((eb) =>
          eb.or([
            eb('repeat_of', '=', id),
            ...(row.repeat_of ? [eb('id', '=', row.repeat_of), eb('repeat_of', '=', row.repeat_of)] : []),
          ]),
        )
        .where('id', '!=', id)
        .orderBy('received_at')
        .execute(),
      recheckView(tx, row),
    ]);
    await recordAudit(tx, { action: 'report.read', resourceType: 'report', resourceId: id, unitId: row.owner_unit_id });
    return {
      ...presentReport(row),
      details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
      recheckReason: row.recheck_reason,
      recheck,
      messages: messages.map(presentMessage),
      timeline: events.map((e) => ({
        event: e.event as ReportEvent,
        at: e.created_at,
        note: e.note,
        public: e.public === 1,
      })),
      deadlines,
      attachments: files.map((f) => ({
        id: f.id,
        name: tx.keyring.openText(f.name_enc, `attachments.name:${f.id}`),
        contentType: f.content_type,
        sizeBytes: Number(f.size_bytes),
        uploadedBy: f.uploaded_by,
        createdAt: f.created_at,
      })),
      clueNumber: clue?.number ?? null,
      repeats: repeats.map((r) => ({ id: r.id, number: r.number, receivedAt: r.received_at })),
    };
  });
}

/**
 * Reveals a named reporter's identity to a holder of `report.identity` in scope, recording who
 * looked and why in the same transaction. NOT_FOUND outside scope or for an anonymous report;
 * INTEGRITY_ERROR if the sealed identity was altered.
 */
export async function revealIdentity(ctx: Ctx, id: string, reason: string): Promise<ReporterIdentity> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope(tx, id, 'report.identity');
    if (row.anonymous === 1 || !row.reporter_enc) throw errors.notFound('reporter');
    await recordAudit(tx, {
      action: 'report.identity_reveal',
      resourceType: 'report',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { reason: [null, reason] },
    });
    const identity = openIdentity(tx, id, row.reporter_enc);
    return { name: identity.name, phone: identity.phone, idNumber: identity.idNumber, address: identity.address };
  });
}

/** Loads a report in read scope with its sealed identity, for documents (callers audit). */
export async function loadReportForDocument(ctx: Ctx, id: string) {
  return loadInScope(ctx, id, 'report.read');
}
