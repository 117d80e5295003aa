/**
 * The sanctions ledger's page and total (处分台账, issue 14 §6, §7's bench). What a reader may see
 * (`sanction.read` over the handling commission's units, or the person's region through
 * `reach_path`) is read as disjoint **pieces**, each one index range of an index that carries
 * every column the filters, the sorts and the recusal check read (migration `2026120617f`):
 *
 * - the units the scope's unit paths and units hold, `owner_unit_id in (…)` on
 *   `sanctions_unit_ledger` (one seek per unit; "under an effect period on D" then seeks the
 *   decided records whose period ends on or after D). A record's `owner_unit_path` is always its
 *   unit's path (`moveScopedRows` moves it with the unit), so this is the scope's owner test;
 * - each region the scope reaches, a `reach_path` range on `sanctions_reach_ledger`, without the
 *   records of those units (a zone's workroom owns records about people of its townships).
 *   A scope's region prefixes are minimal (`unionScopes`), so the regions never overlap.
 *
 * The total is the sum of the pieces' counts, each capped at what the total still lacks of
 * `SANCTION_TOTAL_CAP`. The page is cut in SQL from the pieces' (sort key, id) pairs, read from
 * the same indexes; except that past the cap (a county's or a zone's thousands), SQLite walks the
 * sort's index for the first pages with the scope checked on each row, which finds such a page
 * within a few thousand rows. A global scope, or one holding more than `PIECE_UNITS` units, is read the latter way
 * with an exact count up to the cap.
 *
 * The recusal predicates are added only when the reader is recused from something
 * (`recusalWhereIfAny`): they read the record's id and case, which both indexes also carry.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, inTransaction, scopeFor } from '../../shared/context.js';
import { prefixUpper } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';
import { recusalWhereIfAny } from '../access/index.js';
import {
  type LineRow,
  SANCTION_DENSE_ROWS,
  SANCTION_TOTAL_CAP,
  SORT_COLUMNS,
  type SanctionLedgerQuery,
  type SanctionLine,
  linesFrom,
  presentLine,
  sanctionFilterWhere,
  sanctionVisibleWhere,
} from './sanctions.ledger.js';
import { notRecusedFromSanctionCaseIfAny, sanctionPolicy } from './sanctions.policy.js';

type Eb = ExpressionBuilder<Database, never>;
type Where = (eb: Eb) => Expression<SqlBool>;

/** A scope holding more units than this is not read unit by unit. */
const PIECE_UNITS = 500;
/** Past the cap, SQLite walks the sort's index for pages ending within this many rows. */
const WALK_ROWS = 500;

/** A ledger page with its total (exact up to `SANCTION_TOTAL_CAP`, `totalCapped` beyond). */
export interface SanctionLedgerPage {
  items: SanctionLine[];
  total: number;
  totalCapped: boolean;
}

/**
 * The reader's `sanction.read` scope as disjoint pieces (see the module's comment), or null for a
 * scope the pieces do not serve (global, or more than `PIECE_UNITS` units).
 */
async function visiblePieces(ctx: Ctx): Promise<Where[] | null> {
  const scope = scopeFor(ctx, sanctionPolicy.actions.read);
  if (scope.global) return null;
  let unitIds: string[] = [];
  if (scope.unitPaths.length > 0 || scope.unitIds.length > 0) {
    const units = await ctx.db
      .selectFrom('units')
      .select('id')
      .where((eb) =>
        eb.or([
          ...scope.unitPaths.map((p) => eb.and([eb('path', '>=', p), eb('path', '<', prefixUpper(p))])),
          ...(scope.unitIds.length > 0 ? [eb('id', 'in', scope.unitIds)] : []),
        ]),
      )
      .limit(PIECE_UNITS + 1)
      .execute();
    if (units.length > PIECE_UNITS) return null;
    unitIds = [...new Set([...units.map((u) => u.id), ...scope.unitIds])];
  }
  const owned = (eb: Eb) => eb(sql.ref('s.owner_unit_id'), 'in', unitIds);
  const pieces: Where[] = unitIds.length > 0 ? [owned] : [];
  for (const p of scope.regionPaths) {
    pieces.push((eb) => {
      const reach = eb.and([eb(sql.ref('s.reach_path'), '>=', p), eb(sql.ref('s.reach_path'), '<', prefixUpper(p))]);
      return unitIds.length > 0 ? eb.and([reach, eb.not(owned(eb))]) : reach;
    });
  }
  return pieces;
}

/** Counts the rows of `where` up to `cap` (one capped subquery). */
async function cappedCount(ctx: Ctx, where: Where, cap: number): Promise<number> {
  const inner = ctx.db
    .selectFrom('sanctions as s')
    .select(sql<number>`1`.as('one'))
    .where((eb) => where(eb as Eb))
    .limit(cap + 1);
  const row = await ctx.db
    .selectFrom(inner.as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The lines of `ids`, in that order. */
async function linesOf(ctx: Ctx, ids: string[]): Promise<SanctionLine[]> {
  if (ids.length === 0) return [];
  const rows = (await linesFrom(ctx, (eb) => eb(sql.ref('s.id'), 'in', ids)).execute()) as LineRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [presentLine(r)] : [];
  });
}

/**
 * One ledger page and its total (exact up to `SANCTION_TOTAL_CAP`), read only (the benchmark
 * replays it); `listSanctions` adds the audit event.
 */
export async function readSanctionLedgerPage(ctx: Ctx, q: SanctionLedgerQuery): Promise<SanctionLedgerPage> {
  const filters = sanctionFilterWhere(ctx, q);
  const sort = q.sort ?? (q.underEffectOn ? 'effectEnd' : '-decidedOn');
  const desc = sort.startsWith('-');
  const dir = desc ? 'desc' : 'asc';
  const column = SORT_COLUMNS[sort.replace('-', '') as keyof typeof SORT_COLUMNS];
  const offset = (q.page - 1) * q.pageSize;
  /**
   * The page walked in the sort's index, the scope checked on each row (written so no index
   * serves it), its ids first: joined to the units, SQLite read the scope's units one by one
   * through `sanctions_unit_ledger` and sorted all 100,000 of a county's records.
   */
  const walked = async () => {
    const page = await ctx.db
      .selectFrom('sanctions as s')
      .select('s.id')
      .where((eb) => eb.and([sanctionVisibleWhere(ctx, 'read', false)(eb as Eb), filters(eb as Eb)]))
      .orderBy(sql.ref(column), dir)
      .orderBy('s.id', dir)
      .limit(q.pageSize)
      .offset(offset)
      .execute();
    return linesOf(
      ctx,
      page.map((r) => r.id),
    );
  };
  const pieces = await visiblePieces(ctx);
  if (pieces === null) return readUnpieced(ctx, q, walked);

  const recused = await recusalWhereIfAny(ctx, sanctionPolicy, 's');
  const caseRecused = await notRecusedFromSanctionCaseIfAny(ctx, 's');
  const kept = pieces.map(
    (piece): Where =>
      (eb) =>
        eb.and([piece(eb), filters(eb), ...(recused ? [recused(eb)] : []), ...(caseRecused ? [caseRecused(eb)] : [])]),
  );
  let total = 0;
  for (const piece of kept) {
    if (total > SANCTION_TOTAL_CAP) break;
    total += await cappedCount(ctx, piece, SANCTION_TOTAL_CAP + 1 - total);
  }
  const capped = total > SANCTION_TOTAL_CAP;
  // Past the cap, SQLite walks the sort's index for the first pages (a county's page 1: ~500
  // rows read); PostgreSQL does not (it took the unindexable scope for a rare one, estimated 11
  // rows, and scanned the whole table: 490 ms), nor does a deep page (a zone's page 20 walked
  // ~40,000 rows): both cut the page from the pieces, whose indexes a county holds ~100,000
  // entries of.
  const walk = capped && ctx.dialect.name === 'sqlite' && offset + q.pageSize <= WALK_ROWS;
  let items: SanctionLine[] = [];
  if (walk) items = await walked();
  else if (total > offset && kept.length > 0) {
    // Every match's (sort key, id) from the pieces' indexes, the page cut in SQL.
    const branch = (where: Where) =>
      ctx.db
        .selectFrom('sanctions as s')
        .select([sql.ref(column).as('k'), 's.id as id'])
        .where((eb) => where(eb as Eb));
    let all = branch(kept[0]!);
    for (const piece of kept.slice(1)) all = all.unionAll(branch(piece));
    const page = await all.orderBy('k', dir).orderBy('id', dir).limit(q.pageSize).offset(offset).execute();
    items = await linesOf(
      ctx,
      page.map((r) => r.id),
    );
  }
  return { items, total: Math.min(total, SANCTION_TOTAL_CAP), totalCapped: capped };
}

/**
 * A scope the pieces do not serve (global, or many units): counted up to the cap with the whole
 * predicate; many matches walked in the sort's index, few read from the scope's range and sorted.
 */
async function readUnpieced(
  ctx: Ctx,
  q: SanctionLedgerQuery,
  walked: () => Promise<SanctionLine[]>,
): Promise<SanctionLedgerPage> {
  const visible = sanctionVisibleWhere(ctx, 'read');
  const filters = sanctionFilterWhere(ctx, q);
  const where: Where = (eb) => eb.and([visible(eb), filters(eb)]);
  const total = await cappedCount(ctx, where, SANCTION_TOTAL_CAP);
  const sort = q.sort ?? (q.underEffectOn ? 'effectEnd' : '-decidedOn');
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const column = SORT_COLUMNS[sort.replace('-', '') as keyof typeof SORT_COLUMNS];
  const items =
    total > SANCTION_DENSE_ROWS
      ? await walked()
      : (
          (await linesFrom(ctx, where)
            .orderBy(sql.ref(column), dir)
            .orderBy('s.id', dir)
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize)
            .execute()) as LineRow[]
        ).map(presentLine);
  return { items, total: Math.min(total, SANCTION_TOTAL_CAP), totalCapped: total > SANCTION_TOTAL_CAP };
}

/** The ledger page, audited (`sanction.list`, naming the records shown) in the same transaction. */
export async function listSanctions(ctx: Ctx, q: SanctionLedgerQuery): Promise<SanctionLedgerPage> {
  return inTransaction(ctx, async (tx) => {
    const page = await readSanctionLedgerPage(tx, q);
    if (page.items.length > 0)
      await recordAudit(tx, {
        action: 'sanction.list',
        resourceType: 'sanction',
        resourceId: null,
        unitId: null,
        changes: { shown: [null, page.items.map((i) => i.id)] },
      });
    return page;
  });
}
