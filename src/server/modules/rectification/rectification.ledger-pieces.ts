/**
 * The ledger's page, total and counts read by **pieces** (issue 15 §4's bench: 1,000,000 items,
 * p95 ≤ 50 ms). What a reader may see (`rectification.read` over the owner columns, or over the
 * issuer columns) is read as disjoint pieces, each a run of seeks on an index that carries every
 * column the filters, the orders and the counts read (migration `2026120807d`):
 *
 * - addressed to the units the scope holds: `owner_unit_id in (…)` on
 *   `rectification_items_owner_pieces (owner_unit_id, status, due_on, …)` — one seek per unit, and
 *   per (unit, status) when a status or "overdue" (an outstanding status, due before today) is
 *   asked. An item's `owner_unit_path` is its unit's path (`moveScopedRows` moves it with the
 *   unit), so this is the scope's owner test;
 * - addressed to a unit of a region the scope reaches (a zone's townships), not one of those units;
 * - issued by the units the scope holds (`rectification_items_issuer_pieces`), or by a unit of a
 *   region it reaches, and not addressed to the scope (for a reader of both sides).
 *
 * The total is the sum of the pieces' counts, each capped at what the total still lacks of
 * `RECTIFICATION_TOTAL_CAP` (`RECTIFICATION_SEARCH_TOTAL_CAP` for words of the problem). Within the
 * cap the page is cut in SQL from the pieces' (sort key, id) pairs; past it, SQLite walks the
 * sort's index for the first pages with the scope checked on each row (a county's page 1: a few
 * hundred rows), as the sanctions ledger does. The counts group each piece by (unit, source) and
 * add the groups up here, by source, by unit and by township.
 *
 * A global scope, or one holding more than `PIECE_UNITS` units, is not read by pieces
 * (`ledgerPieces` answers null) and the ledger reads it with the plain scoped predicate.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, scopeFor } from '../../shared/context.js';
import { RECTIFICATION_OUTSTANDING } from '../../shared/rectification.codes.js';
import { prefixUpper } from '../../shared/scope.js';

type Eb = ExpressionBuilder<Database & { i: Database['rectification_items'] }, 'i'>;
/** A predicate over items aliased `i`. */
export type ItemWhere = (eb: Eb) => Expression<SqlBool>;

/** A scope holding more units than this is not read unit by unit. */
export const PIECE_UNITS = 500;

const NONE = sql<SqlBool>`1 = 0`;

/** The units under `paths` or named in `ids` (null: more than `PIECE_UNITS`). */
async function unitsOf(ctx: Ctx, paths: readonly string[], ids: readonly string[]): Promise<string[] | null> {
  if (paths.length === 0) return [...new Set(ids)];
  const units = await ctx.db
    .selectFrom('units')
    .select('id')
    .where((eb) =>
      eb.or([
        ...paths.map((p) => eb.and([eb('path', '>=', p), eb('path', '<', prefixUpper(p))])),
        ...(ids.length > 0 ? [eb('id', 'in', [...ids])] : []),
      ]),
    )
    .limit(PIECE_UNITS + 1)
    .execute();
  if (units.length > PIECE_UNITS) return null;
  return [...new Set([...units.map((u) => u.id), ...ids])];
}

/**
 * The reader's ledger as disjoint pieces for `side` (see the module's comment): those of the
 * responsible units (whose index seeks a status) and those of the issuer side, each already
 * narrowed to the responsible units under `unitPath` when the unit filter names one; or null when
 * the pieces do not serve this reader (a global scope, too many units) or this filter (a unit
 * with more than `PIECE_UNITS` units under it).
 */
export async function ledgerPieces(
  ctx: Ctx,
  side: 'any' | 'owner' | 'issuer',
  unitPath: string | null,
): Promise<{ owner: ItemWhere[]; issuer: ItemWhere[] } | null> {
  const scope = scopeFor(ctx, 'rectification.read');
  if (scope.global) return null;
  const units = await unitsOf(ctx, scope.unitPaths, scope.unitIds);
  if (units === null) return null;
  const filterUnits = unitPath === null ? null : await unitsOf(ctx, [unitPath], []);
  if (unitPath !== null && filterUnits === null) return null;
  const regions = scope.regionPaths;
  const inList = (eb: Eb, col: 'i.owner_unit_id' | 'i.issuer_unit_id', ids: readonly string[]) =>
    ids.length === 0 ? NONE : eb(col, 'in', [...ids]);
  const under = (eb: Eb, col: 'i.region_path' | 'i.issuer_region_path', p: string) =>
    eb.and([eb(col, '>=', p), eb(col, '<', prefixUpper(p))]);
  // The unit filter: a smaller list for the owner piece, a condition on the others.
  const ownerUnits = filterUnits === null ? units : units.filter((u) => filterUnits.includes(u));
  const keepUnits = (eb: Eb, parts: Expression<SqlBool>[]) =>
    eb.and(filterUnits === null ? parts : [...parts, inList(eb, 'i.owner_unit_id', filterUnits)]);

  const ownerTest = (eb: Eb) =>
    eb.or([inList(eb, 'i.owner_unit_id', units), ...regions.map((p) => under(eb, 'i.region_path', p))]);
  const owner: ItemWhere[] = [];
  if (ownerUnits.length > 0) owner.push((eb) => inList(eb, 'i.owner_unit_id', ownerUnits));
  for (const p of regions)
    owner.push((eb) =>
      keepUnits(eb, [
        under(eb, 'i.region_path', p),
        ...(units.length > 0 ? [eb.not(inList(eb, 'i.owner_unit_id', units))] : []),
      ]),
    );
  if (side === 'owner') return { owner, issuer: [] };

  // The issuer side, without what the owner pieces hold. For a reader of both sides the items
  // addressed under the scope's unit paths are left out by seeking the gaps between those paths
  // (`rectification_items_issuer_pieces` has the responsible unit's path second): the county's
  // issuer piece is empty, and found so without reading its 33,000 entries. The scope's listed
  // units and regions are then left out row by row.
  const gaps = side === 'any' ? pathGaps(scope.unitPaths) : [null];
  const rest = (eb: Eb): Expression<SqlBool>[] =>
    side === 'any' && (scope.unitIds.length > 0 || regions.length > 0) ? [eb.not(ownerTest(eb))] : [];
  // A unit filter naming units all in scope: nothing of the issuer side is left.
  const filteredMine = filterUnits !== null && filterUnits.every((u) => units.includes(u));
  const issuer: ItemWhere[] = [];
  if (!(side === 'any' && filteredMine))
    for (const gap of gaps) {
      const inGap = (eb: Eb): Expression<SqlBool>[] =>
        gap === null
          ? []
          : [
              ...(gap.from !== null ? [eb('i.owner_unit_path', '>=', gap.from)] : []),
              ...(gap.to !== null ? [eb('i.owner_unit_path', '<', gap.to)] : []),
            ];
      if (units.length > 0)
        issuer.push((eb) => keepUnits(eb, [inList(eb, 'i.issuer_unit_id', units), ...inGap(eb), ...rest(eb)]));
      for (const p of regions)
        issuer.push((eb) =>
          keepUnits(eb, [
            under(eb, 'i.issuer_region_path', p),
            ...(units.length > 0 ? [eb.not(inList(eb, 'i.issuer_unit_id', units))] : []),
            ...inGap(eb),
            ...rest(eb),
          ]),
        );
    }
  if (side === 'issuer') return { owner: [], issuer };
  // The gaps are usually empty (a county's items are addressed within it): each is counted
  // without the filters first, from its index alone, and left out when it holds nothing.
  // PostgreSQL misjudges them with a filter read on the row (words of the problem): it estimated
  // 55,000 rows for an empty gap and read the responsible units' path index over 900,000.
  const held = await Promise.all(issuer.map((piece) => cappedCount(ctx, piece, 0)));
  return { owner, issuer: issuer.filter((_, k) => held[k]! > 0) };
}

/**
 * The gaps between unit-path subtrees `paths` (each `[from, to)`, null for no bound), in order:
 * a path lies in a gap exactly when it lies under none of `paths`.
 */
export function pathGaps(paths: readonly string[]): { from: string | null; to: string | null }[] {
  const sorted = [...new Set(paths)].sort();
  // Minimal: a path under another is dropped.
  const top = sorted.filter((p, k) => !sorted.slice(0, k).some((q) => p.startsWith(q)));
  const gaps: { from: string | null; to: string | null }[] = [];
  let from: string | null = null;
  for (const p of top) {
    gaps.push({ from, to: p });
    from = prefixUpper(p);
  }
  gaps.push({ from, to: null });
  return gaps;
}

/** Counts the items of `where` up to `cap` + 1 (one capped subquery). */
export async function cappedCount(ctx: Ctx, where: ItemWhere, cap: number): Promise<number> {
  const inner = ctx.db
    .selectFrom('rectification_items as i')
    .select(sql<number>`1`.as('one'))
    .where((eb) => where(eb as never))
    .limit(cap + 1);
  const row = await ctx.db
    .selectFrom(inner.as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The outstanding statuses, written so that a (unit, status) index seeks them. */
export function outstandingWhere(eb: Eb): Expression<SqlBool> {
  return eb('i.status', 'in', [...RECTIFICATION_OUTSTANDING]);
}
