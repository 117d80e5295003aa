/** The ledger's search (`q`): a part of a report's number or of the reported person's name, on both engines. */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Ctx } from '../../shared/context.js';
import type { Database } from '../../db/types.js';
import { transact } from '../../db/durability.js';

/** Searches of fewer characters than this have no trigram: they match the start of the name. */
const TRIGRAM = 3;

/** `term` with LIKE's wildcards and its escape character escaped (PostgreSQL's default escape `\`). */
function likeEscaped(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The FTS5 query for `term`: a phrase of the trigram tokenizer is a substring match; `"` is escaped by doubling it. */
function ftsPhrase(term: string): string {
  return `{number subject_name} : "${term.replace(/"/g, '""')}"`;
}

/**
 * The ledger's search (`q`): a part of the report's number or of the reported person's name
 * (both stored in clear; the reporter's sealed identity is never searched). Three characters or
 * more match anywhere in either (SQLite: the FTS5 trigram table `reports_search`; PostgreSQL:
 * `ILIKE` served by the pg_trgm GIN indexes); one or two characters (a surname: 王) match the start
 * of the name (`reports_subject_name` on SQLite; the trigram index's word-start trigrams on
 * PostgreSQL). With `lead` false (a dense page read newest-first) SQLite is kept from reading
 * the matches through their index and sorting them all: the predicate only filters.
 */
export function searchPredicate(ctx: Ctx, raw: string, lead: boolean): Expression<SqlBool> {
  const term = raw.trim();
  const short = [...term].length < TRIGRAM;
  if (ctx.dialect.name === 'postgres') {
    const like = likeEscaped(term);
    // PostgreSQL's planner has the trigram statistics and chooses between the search index and
    // the scope's itself: hiding the columns from it (as `lead` false does on SQLite) made it
    // expect 14 rows of 70,000 and read them all through a bitmap.
    return short
      ? sql<SqlBool>`r.subject_name like ${`${like}%`}`
      : sql<SqlBool>`(r.number ilike ${`%${like}%`} or r.subject_name ilike ${`%${like}%`})`;
  }
  if (short)
    return lead
      ? sql<SqlBool>`(r.subject_name >= ${term} and r.subject_name < ${`${term}\u{10FFFF}`})`
      : sql<SqlBool>`substr(r.subject_name, 1, ${[...term].length}) = ${term}`;
  // The index, and in the same statement (one snapshot) the reports not folded into it yet. CROSS
  // JOIN fixes the join order: without statistics SQLite scanned all of `reports` and probed the
  // (usually empty) pending table for each row.
  const like = `%${likeEscaped(term)}%`;
  const matches = sql`(select rowid from reports_search where reports_search match ${ftsPhrase(term)}
    union all select p.report_rowid from reports_search_pending p cross join reports x on x.rowid = p.report_rowid
    where x.number like ${like} escape '\\' or x.subject_name like ${like} escape '\\')`;
  return lead ? sql<SqlBool>`r.rowid in ${matches}` : sql<SqlBool>`+r.rowid in ${matches}`;
}

/** Reports folded into the search index per transaction (one FTS5 segment each). */
export const FOLD_BATCH = 500;

/**
 * A search that finds at least this many reports pending folds them first: the pending rows are
 * scanned with LIKE by every search, which is cheap for a few hundred and not for an unbounded
 * backlog (no worker running).
 */
const FOLD_BEFORE_SEARCH = 2_000;

/**
 * The two statements of one fold step on SQLite (run in one transaction): `index` writes the
 * trigrams of the first `limit` pending reports into `reports_search`, `forget` removes those
 * pending rows. Exported for the benchmark, which runs them on a raw connection.
 */
export function foldSearchSql(limit: number): { index: string; forget: string } {
  const batch = `select report_rowid from reports_search_pending order by report_rowid limit ${Math.trunc(limit)}`;
  return {
    index: `insert into reports_search (rowid, number, subject_name)
      select r.rowid, r.number, r.subject_name from reports r where r.rowid in (${batch})`,
    forget: `delete from reports_search_pending where report_rowid in (${batch})`,
  };
}

/**
 * Folds the reports pending in `reports_search_pending` into the FTS5 table `reports_search`,
 * FOLD_BATCH per transaction, until none is pending (SQLite; PostgreSQL's trigram indexes need
 * nothing). Safe to run from several processes at once: each batch is chosen inside its own
 * write transaction. Returns how many reports were folded.
 */
export async function foldSearchIndex(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<number> {
  if (dialect !== 'sqlite') return 0;
  const step = foldSearchSql(FOLD_BATCH);
  let folded = 0;
  for (;;) {
    const n = await transact(db, async (trx) => {
      await sql.raw(step.index).execute(trx);
      const res = await sql.raw(step.forget).execute(trx);
      return Number(res.numAffectedRows ?? 0);
    });
    folded += n;
    if (n < FOLD_BATCH) return folded;
  }
}

/** Folds the search index before a search when the backlog is large (see FOLD_BEFORE_SEARCH). */
export async function foldBeforeSearch(ctx: Ctx): Promise<void> {
  if (ctx.dialect.name !== 'sqlite') return;
  const { rows } = await sql`select 1 from reports_search_pending
    order by report_rowid limit 1 offset ${FOLD_BEFORE_SEARCH - 1}`.execute(ctx.db);
  if (rows.length > 0) await foldSearchIndex(ctx.db, 'sqlite');
}

/**
 * Searches matching at least this many reports in the whole database are dense: their count and
 * page read the caller's scope newest-first and check the search on each row, instead of reading
 * every match through the search index and checking the scope on each (a surname matches one
 * report in a dozen: 400,000 at 5 M reports).
 */
const SEARCH_PROBE = 2_000;

/**
 * A search's total is counted exactly up to this many matches, then reported as "more than": a
 * search finding more is refined, not paged through, and counting 10,000 matches of a surname
 * in a township's scope would read 120,000 reports.
 */
export const SEARCH_TOTAL_CAP = 1_000;

/**
 * How the ledger reads a search: by an exact number, through its matches (sparse: the search's
 * matches lead and the scope only filters them), or by scope (dense: the scope's newest-first index
 * leads and the search filters).
 */
export type SearchMode = 'number' | 'sparse' | 'dense';

/**
 * Decides how the search `q` is read: a whole number (its unique index), or whether the term
 * matches fewer than SEARCH_PROBE reports in the whole database. SQLite counts them in the
 * search's own index (the name index, or the trigram table without a seek into reports);
 * PostgreSQL through the trigram indexes' bitmap (its planner's estimate for `ILIKE '%…%'` is a
 * histogram sample, far too coarse to tell 100 matches from 10,000), stopping at SEARCH_PROBE; a
 * one- or two-character search is dense there without a probe (its planner chooses, as before).
 */
export async function searchMode(ctx: Ctx, raw: string): Promise<SearchMode> {
  const term = raw.trim();
  if ([...term].length >= TRIGRAM) {
    // A whole number is unique; its trigrams ('纪信〔', '202') are in every number, so read by it.
    const hit = await ctx.db.selectFrom('reports').select('id').where('number', '=', term).executeTakeFirst();
    if (hit) return 'number';
  }
  const short = [...term].length < TRIGRAM;
  // PostgreSQL serves a prefix (`like '李%'`) only through the trigram index's bitmap of every
  // report with that surname (the B-tree's collation is not C): its planner reads the walk
  // newest-first or the bitmap by its own statistics, which it has for a name's first characters.
  if (ctx.dialect.name === 'postgres' && short) return 'dense';
  const probe =
    ctx.dialect.name === 'postgres' || short
      ? sql`select 1 from reports r where ${searchPredicate(ctx, term, true)} limit ${SEARCH_PROBE}`
      : sql`select rowid from reports_search where reports_search match ${ftsPhrase(term)} limit ${SEARCH_PROBE}`;
  const { rows } = await sql<{ n: number }>`select count(*) as n from (${probe}) as probe`.execute(ctx.db);
  return Number(rows[0]?.n ?? 0) >= SEARCH_PROBE ? 'dense' : 'sparse';
}
