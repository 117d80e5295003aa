import { type ExpressionBuilder, type Expression, type SqlBool, sql } from 'kysely';

/** Columns every scoped business row carries, so scope is one indexed predicate. */
export interface ScopedColumns {
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string | null;
}

/**
 * A data scope: the rows a person may touch for one permission. Scope is data: every business
 * row carries its owner unit, the owner unit's path and its region path, so a scope becomes one
 * predicate over indexed columns (prefix ranges, never a loop in JavaScript).
 */
export interface Scope {
  /** Everything (only for administrator duties, which hold no business permission). */
  global: boolean;
  /** Exact owner units (own unit, custom sets). */
  unitIds: readonly string[];
  /** Owner-unit path prefixes (unit subtrees). */
  unitPaths: readonly string[];
  /** Region path prefixes (a zone's townships). */
  regionPaths: readonly string[];
}

/** The scope that matches nothing. */
export const EMPTY_SCOPE: Scope = { global: false, unitIds: [], unitPaths: [], regionPaths: [] };

/** Unions two scopes, dropping prefixes already covered by shorter ones. */
export function unionScopes(a: Scope, b: Scope): Scope {
  return {
    global: a.global || b.global,
    unitIds: [...new Set([...a.unitIds, ...b.unitIds])],
    unitPaths: minimalPrefixes([...a.unitPaths, ...b.unitPaths]),
    regionPaths: minimalPrefixes([...a.regionPaths, ...b.regionPaths]),
  };
}

function minimalPrefixes(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  const out: string[] = [];
  for (const p of sorted) if (!out.some((q) => p.startsWith(q))) out.push(p);
  return out;
}

/**
 * Returns the exclusive upper bound of the prefix range of `prefix`. Paths end in '/', and
 * '0' is the byte after '/', so `[prefix, upper)` is exactly "starts with prefix".
 */
export function prefixUpper(prefix: string): string {
  if (!prefix.endsWith('/')) throw new RangeError('path prefixes end with /');
  return prefix.slice(0, -1) + '0';
}

/** Returns whether a path lies under `prefix` (the in-memory twin of the SQL predicate). */
export function pathUnder(path: string, prefix: string): boolean {
  return path.startsWith(prefix);
}

/** Columns a scope predicate is evaluated on; `table.column` references. */
export interface ScopeColumns {
  unitId: string;
  unitPath: string;
  regionPath: string;
}

/** The default scoped columns of business tables. */
export const DEFAULT_SCOPE_COLUMNS: ScopeColumns = {
  unitId: 'owner_unit_id',
  unitPath: 'owner_unit_path',
  regionPath: 'region_path',
};

/** The scoped columns of a table referred to by `alias` (e.g. `s` → `s.owner_unit_id`, …). */
export function scopeColumns(alias: string): ScopeColumns {
  return { unitId: `${alias}.owner_unit_id`, unitPath: `${alias}.owner_unit_path`, regionPath: `${alias}.region_path` };
}

/**
 * Builds the SQL predicate "row is in scope" for `eb` over `cols`. With `indexed: false` the same
 * rule is written so that no index can serve it (`substr(path, 1, n) = prefix`): for a scope
 * holding most rows, reading an index in the list's order and filtering beats reading the scope's
 * range and sorting all of it, and this is how the planner is told.
 */
export function scopePredicate<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  scope: Scope,
  cols: ScopeColumns = DEFAULT_SCOPE_COLUMNS,
  opts: { indexed?: boolean } = {},
): Expression<SqlBool> {
  if (scope.global) return sql<SqlBool>`1 = 1`;
  const parts: Expression<SqlBool>[] = [];
  const ref = (c: string) => sql.ref(c);
  const indexed = opts.indexed ?? true;
  const under = (col: string, p: string) =>
    indexed
      ? sql<SqlBool>`(${ref(col)} >= ${p} and ${ref(col)} < ${prefixUpper(p)})`
      : sql<SqlBool>`substr(${ref(col)}, 1, ${p.length}) = ${p}`;
  if (scope.unitIds.length > 0) {
    parts.push(
      indexed
        ? sql<SqlBool>`${ref(cols.unitId)} in (${sql.join(scope.unitIds)})`
        : sql<SqlBool>`(${ref(cols.unitId)} || '') in (${sql.join(scope.unitIds)})`,
    );
  }
  for (const p of scope.unitPaths) parts.push(under(cols.unitPath, p));
  for (const p of scope.regionPaths) parts.push(under(cols.regionPath, p));
  if (parts.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.or(parts);
}

/** In-memory twin of `scopePredicate`, for checking one loaded row (same rule, no second query). */
export function inScope(
  scope: Scope,
  row: { owner_unit_id: string; owner_unit_path: string; region_path: string },
): boolean {
  if (scope.global) return true;
  if (scope.unitIds.includes(row.owner_unit_id)) return true;
  if (scope.unitPaths.some((p) => pathUnder(row.owner_unit_path, p))) return true;
  return scope.regionPaths.some((p) => pathUnder(row.region_path, p));
}
