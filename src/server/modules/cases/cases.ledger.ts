/**
 * The case ledger's page: what a reader sees is the union of three arms — the cases their
 * `case.read` scope covers by the handling unit (owner columns), the cases about their own
 * township (the subject's township commission: lines), and the cases whose team they are on —
 * minus the cases they are recused from. Three ways to read a page:
 *
 * - **A search** (a whole case number, or three characters or more of a number or a subject's
 *   name): the matches are read from their index (the unique number; SQLite: the FTS5 trigram
 *   table `cases_search`; PostgreSQL: pg_trgm), each checked against the arms, up to
 *   `CASE_SEARCH_TOTAL_CAP`; so few are sorted here and the page cut from them; more (a dense
 *   term) are read newest first.
 * - **Narrow** (a township, an office: at most `NARROW_SCOPE_UNITS` units): each arm is read from
 *   its own index range, newest first, `offset + pageSize` rows each, and the arms (disjoint by
 *   construction) are merged; the total is the sum of each arm's count, each capped at what the
 *   total still lacks of the cap, stopping once the cap is passed.
 * - **By region** (a zone: its scope names its townships' regions): counted as the narrow
 *   reader is, the owner arm split into disjoint pieces (each region on its own range of
 *   `cases_region_filters`, each unit subtree on `cases_owner`); the page as the narrow one's.
 * - **Wide** (the county): the newest-first index (`cases_newest`, which carries every column
 *   the visibility and the filters read) is walked with the whole predicate; the total walks the
 *   same index until the cap.
 *
 * The member arm is a semi-join on `case_members_current` (user, case), never a list of ids.
 * A one- or two-character search (a surname) matches the start of any subject's name, checked
 * inside the covering indexes of the narrow and wide reads; read by arms, it is counted up to
 * `CASE_SHORT_NAME_TOTAL_CAP` and its rows are read in the same pass.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { CaseStatus, HandlingMode } from '../../shared/cases.codes.js';
import type { Ctx } from '../../shared/context.js';
import { scopeFor } from '../../shared/context.js';
import { EMPTY_SCOPE, type Scope, scopePredicate } from '../../shared/scope.js';
import { recusalWhereIfAny, scopeUnits } from '../access/index.js';
import { caseFullWhere, casePolicy } from './cases.policy.js';

type Eb = ExpressionBuilder<Database, never>;

/** Filters of the case ledger. */
export interface CaseLedgerQuery {
  status?: CaseStatus | undefined;
  mode?: HandlingMode | undefined;
  zoneId?: string | undefined;
  /** Part of the number or of a subject's name. */
  q?: string | undefined;
  /** Only the cases the reader is on the team of. */
  mine?: boolean | undefined;
  page: number;
  pageSize: number;
}

/** One line of the case ledger (content fields null on a line-only row). */
export interface CaseLine {
  id: string;
  number: string | null;
  status: CaseStatus;
  mode: HandlingMode;
  subjectNames: string;
  filedOn: string | null;
  handlingUnitName: string;
  zoneName: string | null;
  subjectUnitName: string | null;
  createdAt: string;
  /** 'full' when the reader sees the content, 'line' when only that a case exists. */
  visibility: 'full' | 'line';
  title: string | null;
  summary: string | null;
}

/** The ledger counts up to this many matches (more: `totalCapped`, narrow the filters). */
export const CASE_TOTAL_CAP = 10_000;
/** A search's total is counted up to this many matches (a name search needs no more). */
export const CASE_SEARCH_TOTAL_CAP = 1_000;
/** A whole case number (e.g. 渑纪案〔2026〕0001号): read by the unique index, not searched. */
const WHOLE_NUMBER = /^\S+〔\d{4}〕\d+号$/;
/** A `case.read` scope of at most this many units reads its arms by index range. */
export const NARROW_SCOPE_UNITS = 60;
/** Searches shorter than this have no trigram: they match the start of a subject's name. */
const TRIGRAM = 3;
/** A narrow reader with more cases than this (in the filters) reads its page newest first. */
const DENSE_ROWS = 2_000;
/** A search with more matches than this (a dense term) reads its page newest first. */
const DENSE_MATCHES = CASE_SEARCH_TOTAL_CAP;
/**
 * A one- or two-character search (a surname) by a reader whose arms are counted one by one (a
 * township, an office, a zone) is counted up to this many matches (more: `totalCapped`): the
 * term has no trigram, so every match is found by reading the arms' index ranges for the names'
 * starts (a surname held by 1 case in 50: ~10,000 index entries for 200, ~50,000 for 1,000).
 * As the clue ledger's `DENSE_NAME_TOTAL_CAP`.
 */
export const CASE_SHORT_NAME_TOTAL_CAP = 200;
/** A `case.read` scope naming at most this many regions (a zone's townships) counts each on its own range. */
const REGION_PIECES = 20;

/** `term` with LIKE's wildcards escaped (the statements say `escape '\\'`). */
function likeEscaped(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The search term of `query` when it is read from an index (a whole number, 3+ characters), else null. */
function indexedTerm(query: CaseLedgerQuery): string | null {
  const q = query.q?.trim() ?? '';
  return WHOLE_NUMBER.test(q) || [...q].length >= TRIGRAM ? q : null;
}

/**
 * The search `term` as read from its index: a whole number by the unique index; three characters
 * or more anywhere in the number or the subjects' names (SQLite: `cases_search`, whose phrase
 * query takes `%` and `_` as they are; PostgreSQL: ILIKE with the wildcards escaped, over the
 * pg_trgm indexes). `byIndex` false: the same match as LIKE, for a walk of `cases_newest`.
 */
function searchWhere(tx: Ctx, term: string, byIndex: boolean): Expression<SqlBool> {
  if (WHOLE_NUMBER.test(term)) return sql<SqlBool>`c.number = ${term}`;
  const like = `%${likeEscaped(term)}%`;
  if (tx.dialect.name === 'postgres') return sql<SqlBool>`(c.number ilike ${like} or c.subject_name ilike ${like})`;
  if (!byIndex) return sql<SqlBool>`(c.number like ${like} escape '\\' or c.subject_name like ${like} escape '\\')`;
  const phrase = `{number subject_name} : "${term.replace(/"/g, '""')}"`;
  return sql<SqlBool>`c.rowid in (select rowid from cases_search where cases_search match ${phrase})`;
}

/** The filters of `query` as one predicate over `c` (true when there are none). */
function filterWhere(query: CaseLedgerQuery) {
  return (eb: Eb): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    if (query.status) parts.push(eb(sql.ref('c.status'), '=', query.status));
    if (query.mode) parts.push(eb(sql.ref('c.mode'), '=', query.mode));
    if (query.zoneId) parts.push(eb(sql.ref('c.zone_id'), '=', query.zoneId));
    const q = query.q?.trim();
    // A short term (a surname): the start of any subject's name (the indexed search is apart).
    if (q && indexedTerm(query) === null) {
      const like = likeEscaped(q);
      parts.push(
        sql<SqlBool>`(c.subject_name like ${`${like}%`} escape '\\' or c.subject_name like ${`%、${like}%`} escape '\\')`,
      );
    }
    return parts.length === 0 ? sql<SqlBool>`1 = 1` : eb.and(parts);
  };
}

/** The three arms of what the reader may see, as predicates over `c`. */
async function arms(tx: Ctx) {
  const scope = scopeFor(tx, 'case.read');
  const userId = tx.actor?.userId ?? '';
  const owner = (eb: Eb) =>
    scopePredicate(eb, scope, {
      unitId: 'c.owner_unit_id',
      unitPath: 'c.owner_unit_path',
      regionPath: 'c.region_path',
    });
  const subject = (eb: Eb) =>
    scopePredicate(
      eb,
      { ...scope, regionPaths: [] },
      { unitId: 'c.subject_unit_id', unitPath: 'c.subject_unit_path', regionPath: 'c.subject_unit_path' },
    );
  // A semi-join read from `case_members_current (user_id, case_id)` (partial: current members).
  // `drives`: the arm read alone (narrow, mine) is driven from it; in an OR with the other arms
  // (wide, search) it is a set each row is checked against: SQLite's `+c.id` keeps it from
  // turning the OR into one index read per arm (all 500,000 cases of the county, then sorted);
  // PostgreSQL hashes it either way.
  const member = (drives = true): Expression<SqlBool> => {
    const id = !drives && tx.dialect.name === 'sqlite' ? sql`+c.id` : sql`c.id`;
    return sql<SqlBool>`${id} in (select m.case_id from case_members m where m.user_id = ${userId} and m.removed_at is null)`;
  };
  const recused = await recusalWhereIfAny(tx, casePolicy, 'c');
  return { scope, owner, subject, member, recused, ownerPieces: ownerPieces(scope) };
}

/**
 * The owner arm of a scope that names regions (a zone: its townships' regions, its workroom's
 * subtree) as disjoint pieces, each one index range: every region (`cases_region_filters`, which
 * holds the filters' columns: the count reads the index alone), then every unit subtree
 * (`cases_owner`), each without the rows of the pieces before it. Null for a scope the pieces
 * do not serve: global, exact units (no index leads with the unit id), no regions, or too many.
 */
function ownerPieces(scope: Scope): ((eb: Eb) => Expression<SqlBool>)[] | null {
  if (scope.global || scope.unitIds.length > 0) return null;
  if (scope.regionPaths.length === 0 || scope.regionPaths.length > REGION_PIECES) return null;
  const parts: Scope[] = [
    ...scope.regionPaths.map((p) => ({ ...EMPTY_SCOPE, regionPaths: [p] })),
    ...scope.unitPaths.map((p) => ({ ...EMPTY_SCOPE, unitPaths: [p] })),
  ];
  const cols = { unitId: 'c.owner_unit_id', unitPath: 'c.owner_unit_path', regionPath: 'c.region_path' };
  return parts.map((part, k) => (eb: Eb) => {
    const own = scopePredicate(eb, part, cols);
    if (k === 0) return own;
    // Disjoint: a case under two pieces (a workroom's case in a member township) counts once.
    const before = parts.slice(0, k).map((p) => scopePredicate(eb, p, cols));
    return eb.and([own, eb.not(eb.or(before))]);
  });
}

/** Counts the rows of `where` up to `cap` (one capped subquery). */
async function cappedCount(tx: Ctx, where: (eb: Eb) => Expression<SqlBool>, cap: number): Promise<number> {
  const inner = tx.db
    .selectFrom('cases as c')
    .select(sql<number>`1`.as('one'))
    .where((eb) => where(eb as Eb))
    .limit(cap + 1);
  const row = await tx.db
    .selectFrom(inner.as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One page of the case ledger, newest first, with the content on the lines the reader sees in
 * full; the total exact up to `CASE_TOTAL_CAP`. Reads only (no audit: `listCases` writes it), on
 * whatever connection `ctx` holds (the benchmark replays it).
 */
export async function readCaseLedgerPage(
  tx: Ctx,
  query: CaseLedgerQuery,
): Promise<{ items: CaseLine[]; total: number; totalCapped: boolean }> {
  const a = await arms(tx);
  const filters = filterWhere(query);
  const keep = (eb: Eb, p: Expression<SqlBool>) => eb.and([p, filters(eb), ...(a.recused ? [a.recused(eb)] : [])]);
  const take = query.page * query.pageSize;
  const term = indexedTerm(query);
  // A surname: no trigram, matched by the names' starts inside the arms' indexes.
  const short = term === null && Boolean(query.q?.trim());
  const narrow = term === null && (query.mine || (await scopeUnits(tx, 'case.read', NARROW_SCOPE_UNITS)) !== null);
  // Disjoint arms: owner; subject township but not owner; team but neither. `drives`: the member
  // arm is read alone (its rows from the team index) rather than checked inside an OR.
  const armsOf = (drives: boolean): ((eb: Eb) => Expression<SqlBool>)[] =>
    query.mine
      ? [(eb) => keep(eb, a.member(drives))]
      : [
          (eb) => keep(eb, a.owner(eb)),
          (eb) => keep(eb, eb.and([a.subject(eb), eb.not(a.owner(eb))])),
          (eb) => keep(eb, eb.and([a.member(drives), eb.not(eb.or([a.owner(eb), a.subject(eb)]))])),
        ];
  const armList = armsOf(narrow);
  // A zone reader (its scope names regions): the owner arm counted piece by piece, each region on
  // its own range of `cases_region_filters` (the filters read there), then the other two arms
  // driven from their own indexes; before, the total walked the county's newest-first index
  // until 10,000 of the zone's cases matched. Not for a zone filter (`cases_zone` serves it).
  const pieces = term === null && !narrow && !query.zoneId ? a.ownerPieces : null;
  const counted = pieces ? [...pieces.map((p) => (eb: Eb) => keep(eb, p(eb))), ...armsOf(true).slice(1)] : armList;
  const byArms = narrow || pieces !== null;
  const cap = !query.q ? CASE_TOTAL_CAP : short && byArms ? CASE_SHORT_NAME_TOTAL_CAP : CASE_SEARCH_TOTAL_CAP;
  /** The page's ids read newest first from `cases_newest`, the whole predicate checked in it. */
  const newestPage = async () =>
    (
      await tx.db
        .selectFrom('cases as c')
        .select('c.id')
        .where((eb) => eb.or(armsOf(false).map((arm) => arm(eb as Eb))))
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute()
    ).map((r) => r.id);
  let total = 0;
  let idsWhere: (eb: Eb) => Expression<SqlBool>;
  if (term !== null) {
    // The matches, each checked against the arms (one read of its case), up to the cap.
    const visible = (eb: Eb) => eb.and([searchWhere(tx, term, true), eb.or(armList.map((arm) => arm(eb)))]);
    const matches = await tx.db
      .selectFrom('cases as c')
      .select(['c.id', 'c.created_at'])
      .where((eb) => visible(eb as Eb))
      .limit(cap + 1)
      .execute();
    total = matches.length;
    let page: string[];
    if (matches.length <= DENSE_MATCHES) {
      page = matches
        .map((r) => `${r.created_at}\u0000${r.id}`)
        .sort()
        .reverse()
        .slice((query.page - 1) * query.pageSize, take)
        .map((k) => k.slice(k.indexOf('\u0000') + 1));
    } else {
      // A dense term (a common name, a year): newest first, the term checked row by row.
      page = (
        await tx.db
          .selectFrom('cases as c')
          .select('c.id')
          .where((eb) => eb.and([searchWhere(tx, term, false), eb.or(armList.map((arm) => arm(eb as Eb)))]))
          .orderBy('c.created_at', 'desc')
          .orderBy('c.id', 'desc')
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize)
          .execute()
      ).map((r) => r.id);
    }
    idsWhere = (eb) => (page.length === 0 ? sql<SqlBool>`1 = 0` : eb(sql.ref('c.id'), 'in', page));
  } else if (byArms) {
    // The arms are disjoint: their capped counts add up, stopping once the cap is passed. A
    // surname's arms (cap CASE_SHORT_NAME_TOTAL_CAP) give their rows (id, created_at: in every
    // arm's index) while counted, so a total within the cap is its page too.
    const found: string[] = [];
    for (const arm of counted) {
      if (total > cap) break;
      if (!short) {
        total += await cappedCount(tx, arm, cap + 1 - total);
        continue;
      }
      const rows = await tx.db
        .selectFrom('cases as c')
        .select(['c.id', 'c.created_at'])
        .where((eb) => arm(eb as Eb))
        .limit(cap + 1 - total)
        .execute();
      total += rows.length;
      found.push(...rows.map((r) => `${r.created_at}\u0000${r.id}`));
    }
    // Many (a township's thousands, more than the cap): read newest first, stopping after the
    // page — an arm's index range spans several units, so reading it newest first would sort the
    // whole range. Few: each arm's rows, merged here.
    if (total > cap || total > DENSE_ROWS) {
      const page = await newestPage();
      idsWhere = (eb) => (page.length === 0 ? sql<SqlBool>`1 = 0` : eb(sql.ref('c.id'), 'in', page));
    } else {
      const picked: string[] = found;
      for (const arm of short ? [] : counted) {
        // All of the arm's rows (at most DENSE_ROWS in all), unordered: asked for them newest
        // first, PostgreSQL walked the whole ledger newest first to find a member's 1,500.
        const rows = await tx.db
          .selectFrom('cases as c')
          .select(['c.id', 'c.created_at'])
          .where((eb) => arm(eb as Eb))
          .execute();
        picked.push(...rows.map((r) => `${r.created_at}\u0000${r.id}`));
      }
      const page = picked
        .sort()
        .reverse()
        .slice((query.page - 1) * query.pageSize, take)
        .map((k) => k.slice(k.indexOf('\u0000') + 1));
      idsWhere = (eb) => (page.length === 0 ? sql<SqlBool>`1 = 0` : eb(sql.ref('c.id'), 'in', page));
    }
  } else {
    const visible = (eb: Eb) => eb.or(armList.map((arm) => arm(eb)));
    total = await cappedCount(tx, visible, cap);
    const page = await newestPage();
    idsWhere = (eb) => (page.length === 0 ? sql<SqlBool>`1 = 0` : eb(sql.ref('c.id'), 'in', page));
  }
  const rows = await tx.db
    .selectFrom('cases as c')
    .leftJoin('units as h', 'h.id', 'c.handling_unit_id')
    .leftJoin('zones as z', 'z.id', 'c.zone_id')
    .leftJoin('units as s', 's.id', 'c.subject_unit_id')
    .where((eb) => idsWhere(eb as Eb))
    .select((eb) => [
      'c.id',
      'c.number',
      'c.status',
      'c.mode',
      'c.subject_name',
      'c.filed_on',
      'c.created_at',
      'c.title',
      'c.summary',
      'h.name as handling_unit_name',
      'z.name as zone_name',
      's.name as subject_unit_name',
      sql<boolean>`${caseFullWhere(tx, 'c')(eb as never)}`.as('full'),
    ])
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  const items: CaseLine[] = rows.map((r) => {
    const full = r.full === true || Number(r.full) === 1;
    return {
      id: r.id,
      number: r.number,
      status: r.status as CaseStatus,
      mode: r.mode as HandlingMode,
      subjectNames: r.subject_name,
      filedOn: r.filed_on,
      handlingUnitName: r.handling_unit_name ?? '',
      zoneName: r.zone_name ?? null,
      subjectUnitName: r.subject_unit_name ?? null,
      createdAt: r.created_at,
      visibility: full ? 'full' : 'line',
      title: full ? r.title : null,
      summary: full ? r.summary : null,
    };
  });
  return { items, total: Math.min(total, cap), totalCapped: total > cap };
}
