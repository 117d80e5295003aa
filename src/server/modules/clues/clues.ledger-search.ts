/**
 * The clue ledger's search (`q`): by the term's matches (FTS5 trigram table on SQLite, pg_trgm on
 * PostgreSQL), or, for a name common in the whole ledger searched by a reader of a few units,
 * through the scope's index of names (docs/benchmarks.md, issue 12).
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Ctx } from '../../shared/context.js';

/** Searches shorter than this have no trigram: they match the start of a subject's name. */
const TRIGRAM = 3;

/** `term` with LIKE's wildcards escaped. */
function likeEscaped(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The search (`q`): three characters or more anywhere in the number or the subjects' names
 * (SQLite: FTS5 trigram table `clues_search`; PostgreSQL: ILIKE over the pg_trgm indexes); one or
 * two characters (a surname) the start of any subject's name. Never a reporter's identity.
 */
export function searchPredicate(ctx: Ctx, raw: string): Expression<SqlBool> {
  const term = raw.trim();
  const like = likeEscaped(term);
  if ([...term].length < TRIGRAM)
    return sql<SqlBool>`(c.subject_name like ${`${like}%`} or c.subject_name like ${`%、${like}%`})`;
  if (ctx.dialect.name === 'postgres')
    return sql<SqlBool>`(c.number ilike ${`%${like}%`} or c.subject_name ilike ${`%${like}%`})`;
  const phrase = `{number subject_name} : "${term.replace(/"/g, '""')}"`;
  return sql<SqlBool>`c.rowid in (select rowid from clues_search where clues_search match ${phrase})`;
}

/**
 * The search as a filter on the subjects' names alone (`like`, no index leads): for a name
 * common in the ledger (`denseNameTerm`) the scope's index that holds the name
 * (`clues_owner_region`, `clues_ledger_newest`) is read instead of the term's matches, each of
 * which would cost a read of its clue to check the scope.
 */
export function nameLikePredicate(ctx: Ctx, term: string): Expression<SqlBool> {
  const pattern = `%${likeEscaped(term)}%`;
  // A term without letters that have a case (Chinese names) is matched by `like`, the same answer
  // as `ilike` at a fraction of its cost per row on PostgreSQL.
  const caseless = term.toLowerCase() === term.toUpperCase();
  return ctx.dialect.name === 'postgres'
    ? caseless
      ? sql<SqlBool>`c.subject_name like ${pattern}`
      : sql<SqlBool>`c.subject_name ilike ${pattern}`
    : sql<SqlBool>`c.subject_name like ${pattern} escape '\\'`;
}

/**
 * A reader of at most this many units (a township with its villages' units, a zone's townships)
 * searches a dense name through its scope; a wider scope (the county's ~150 units) holds most of
 * the name's matches, which are then the shorter read.
 */
export const NARROW_SCOPE_UNITS = 60;

/**
 * Totals of a dense name's search in a narrow scope above this are "more than": the count reads
 * the scope's names until it passes the cap (a name on 1 clue in 100: ~20,000 index entries of a
 * township at 2 M for 200, ~100,000 for 1,000).
 */
export const DENSE_NAME_TOTAL_CAP = 200;

/** A name held by more than this many clues' subjects is dense (see `denseNameTerm`). */
const DENSE_TERM = 2_000;

/**
 * Whether `term` (three characters or more) is a name common in the whole ledger: more than
 * DENSE_TERM clues name it and no clue number holds it. One probe of the term's matches, stopped
 * at DENSE_TERM (SQLite: the FTS doclist alone, ~5 ms for 20,000 matches at 2 M; PostgreSQL: the
 * trigram index), and one of the numbers.
 */
export async function denseNameTerm(ctx: Ctx, term: string): Promise<boolean> {
  if ([...term].length < TRIGRAM) return false;
  if (ctx.dialect.name === 'sqlite') {
    const phrase = (column: string) => `{${column}} : "${term.replace(/"/g, '""')}"`;
    const { rows } = await sql<{ n: number }>`select count(*) as n from (select rowid from clues_search
      where clues_search match ${phrase('subject_name')} limit ${DENSE_TERM + 1})`.execute(ctx.db);
    if (Number(rows[0]?.n ?? 0) <= DENSE_TERM) return false;
    const inNumbers =
      await sql`select rowid from clues_search where clues_search match ${phrase('number')} limit 1`.execute(ctx.db);
    return inNumbers.rows.length === 0;
  }
  const pattern = `%${likeEscaped(term)}%`;
  const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from clues
    where subject_name ilike ${pattern} limit ${DENSE_TERM + 1}) m`.execute(ctx.db);
  if (Number(rows[0]?.n ?? 0) <= DENSE_TERM) return false;
  const inNumbers = await sql`select 1 from clues where number ilike ${pattern} limit 1`.execute(ctx.db);
  return inNumbers.rows.length === 0;
}
