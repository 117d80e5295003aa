/**
 * The one access-policy seam. Every per-record decision goes through here: scope (in SQL: the
 * record is read with the scope predicate, never loaded and then checked), recusal (a person
 * recused from a record sees nothing of it: 404) and need-to-know (a person in scope but not
 * on the record's team sees its ledger line only). Each module states its rules once, in its
 * `<module>.policy.ts`, with `definePolicy`; routes never check scope themselves.
 */
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import { requireActor, scopeFor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { DEFAULT_SCOPE_COLUMNS, type Scope, type ScopeColumns, scopePredicate } from '../../shared/scope.js';
import type { Permission } from './permissions.js';

/** How much of a record a person may see: all of it, or only its ledger line (need-to-know). */
export type Visibility = 'full' | 'line';

/**
 * Answers, in SQL, whether the actor is recused from a record: an expression over the record's
 * id column. Registered by the module that keeps the recusal register (see `registerRecusal`).
 */
export type RecusalPredicate = (
  eb: ExpressionBuilder<Database, never>,
  ctx: Ctx,
  resource: string,
  idColumn: string,
) => Expression<SqlBool>;

/**
 * Answers, in SQL, whether the actor is on the team of a record (need-to-know): an expression
 * over the record's id column. Absent: everyone in scope may see the whole record. `action` is
 * the action asked for (undefined: reading the content, as a list's full/line column asks), for a
 * rule that lets someone read a record's content without doing its work.
 */
export type TeamPredicate = (
  eb: ExpressionBuilder<Database, never>,
  ctx: Ctx,
  idColumn: string,
  action?: string,
) => Expression<SqlBool>;

/**
 * A further reach of one action, in SQL, beside the permission's scope over the scope columns: an
 * expression over the record's columns, qualified with `alias` (the table's name when unaliased).
 * The sanctions' subject township is one: a township commission reads its own people's sanctions
 * whoever handled the case.
 */
export type ReachPredicate = (eb: ExpressionBuilder<Database, never>, ctx: Ctx, alias: string) => Expression<SqlBool>;

/** What a module says about one kind of its records. */
export interface PolicyDefinition<A extends string> {
  /** The resource name, as errors and audit events name it (`report`, `staff`, `unit`). */
  resource: string;
  /** The table the records live in. */
  table: keyof Database;
  /** Its primary key column (default `id`). */
  idColumn?: string;
  /** Its scope columns (default owner_unit_id / owner_unit_path / region_path). */
  scopeColumns?: ScopeColumns;
  /** Who may do what: each action is granted by one permission, within that permission's scope. */
  actions: Record<A, Permission>;
  /**
   * Need-to-know: actions that need the actor on the record's team (the others show the line).
   * `reachesOutOfScope`: being on the team also opens the record (its object reads and actions,
   * not the lists) to a holder of the action's permission whose scope does not cover it — a
   * township officer drawn into a zone team on a clue the county commission owns.
   */
  team?: { predicate: TeamPredicate; actions: readonly A[]; reachesOutOfScope?: boolean };
  /**
   * Per action, records that are in scope besides those the permission's scope covers: OR-ed into
   * the scope predicate of `loadInScope` (one record), and of a list's `visibleWhere` that asks
   * for it (`reach: true`; a tuned ledger leaves it out until its plans are measured with it).
   * Recusal still applies.
   */
  reach?: Partial<Record<A, ReachPredicate>>;
}

/** A module's policy for one kind of record (made by `definePolicy`). */
export interface Policy<A extends string> extends Required<Omit<PolicyDefinition<A>, 'team' | 'reach'>> {
  team: PolicyDefinition<A>['team'] | null;
  reach: Partial<Record<A, ReachPredicate>>;
}

/** States a module's rules for one kind of its records. */
export function definePolicy<A extends string>(def: PolicyDefinition<A>): Policy<A> {
  return {
    resource: def.resource,
    table: def.table,
    idColumn: def.idColumn ?? 'id',
    scopeColumns: def.scopeColumns ?? DEFAULT_SCOPE_COLUMNS,
    actions: def.actions,
    team: def.team ?? null,
    reach: def.reach ?? {},
  };
}

const recusals: RecusalPredicate[] = [];

/**
 * Adds a recusal rule (the recusal register calls it once at load): from then on every
 * `loadInScope` and `visibleWhere` leaves out the records the actor is recused from.
 */
export function registerRecusal(predicate: RecusalPredicate): void {
  if (!recusals.includes(predicate)) recusals.push(predicate);
}

/** Removes every recusal rule (tests only). */
export function clearRecusalsForTest(): void {
  recusals.length = 0;
  lookups.length = 0;
  presences.length = 0;
}

/**
 * Answers which of `userIds` are recused from record `resourceId` of kind `resource` (not the
 * actor: approvers, team members, keepers being chosen). Registered by the recusal register.
 */
export type RecusalLookup = (
  ctx: Ctx,
  resource: string,
  resourceId: string,
  userIds: readonly string[],
) => Promise<ReadonlySet<string>>;

const lookups: RecusalLookup[] = [];

/** Adds a recusal lookup (the recusal register calls it once at load, beside `registerRecusal`). */
export function registerRecusalLookup(lookup: RecusalLookup): void {
  if (!lookups.includes(lookup)) lookups.push(lookup);
}

/**
 * The users among `userIds` who are recused from the record: the union of every registered
 * lookup (empty while none is registered). Engines that pick people for a record (the approval
 * chain skipping a recused approver, team assignment) ask here rather than the register itself.
 */
export async function recusedAmong(
  ctx: Ctx,
  resource: string,
  resourceId: string,
  userIds: readonly string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  if (userIds.length === 0) return out;
  for (const lookup of lookups) for (const id of await lookup(ctx, resource, resourceId, userIds)) out.add(id);
  return out;
}

/**
 * Answers whether the actor is recused from any record of kind `resource` at all (registered by
 * the recusal register beside its predicate).
 */
export type RecusalPresence = (ctx: Ctx, resource: string) => Promise<boolean>;

const presences: RecusalPresence[] = [];

/** Adds a recusal presence check (the recusal register calls it once at load). */
export function registerRecusalPresence(presence: RecusalPresence): void {
  if (!presences.includes(presence)) presences.push(presence);
}

/**
 * `recusalWhere`, or null when the actor is recused from no record of the policy's kind (checked
 * now, one index probe per registered register). Almost no one is recused from anything, and the
 * "not recused from" predicate needs the record's id: leaving it out lets PostgreSQL answer a
 * list from an index that holds every column it filters on, without the table (a township's
 * count of a common surname at 5 M: 688 ms through two lossy bitmaps, 15 ms index-only). A recusal
 * recorded between this check and the list's statement is as if the list had run a moment earlier.
 */
export async function recusalWhereIfAny<A extends string>(
  ctx: Ctx,
  policy: Policy<A>,
  alias?: string,
  idColumn?: string,
): Promise<ReturnType<typeof recusalWhere>> {
  const where = recusalWhere(ctx, policy, alias, idColumn);
  if (!where || presences.length === 0 || !ctx.actor) return where;
  for (const present of presences) if (await present(ctx, policy.resource)) return where;
  return null;
}

/** Qualifies a column with the table alias, unless it already is. */
function col(alias: string | null, column: string): string {
  return alias && !column.includes('.') ? `${alias}.${column}` : column;
}

function qualified(cols: ScopeColumns, alias: string | null): ScopeColumns {
  return {
    unitId: col(alias, cols.unitId),
    unitPath: col(alias, cols.unitPath),
    regionPath: col(alias, cols.regionPath),
  };
}

/**
 * The SQL predicate of the records the actor may see for `action`: in the action's scope and
 * not recused from. Lists use it in their WHERE (with `alias` when the table is aliased);
 * `scope` may be passed when the caller already narrowed it (e.g. a zone filter); `reach` adds
 * the policy's further reach of the action (see `PolicyDefinition.reach`).
 */
export function visibleWhere<A extends string>(
  ctx: Ctx,
  policy: Policy<A>,
  action: A,
  opts: { alias?: string; scope?: Scope; indexed?: boolean; team?: boolean; reach?: boolean } = {},
) {
  const scope = opts.scope ?? scopeFor(ctx, policy.actions[action]);
  const alias = opts.alias ?? null;
  // Generic over the caller's query (any tables, any aliases): the predicate names its columns itself.
  return <DB, TB extends keyof DB>(builder: ExpressionBuilder<DB, TB>): Expression<SqlBool> => {
    const eb = builder as unknown as ExpressionBuilder<Database, never>;
    const scoped = scopePredicate(eb, scope, qualified(policy.scopeColumns, alias), { indexed: opts.indexed ?? true });
    const reach = opts.reach && !opts.scope ? policy.reach[action] : undefined;
    const inScope =
      reach && ctx.actor?.permissions.has(policy.actions[action])
        ? eb.or([scoped, reach(eb, ctx, alias ?? policy.table)])
        : scoped;
    const team = opts.team && policy.team?.reachesOutOfScope ? policy.team : null;
    const parts = [
      team && ctx.actor?.permissions.has(policy.actions[action])
        ? eb.or([inScope, team.predicate(eb, ctx, col(alias, policy.idColumn), action)])
        : inScope,
    ];
    for (const recused of recusals) parts.push(eb.not(recused(eb, ctx, policy.resource, col(alias, policy.idColumn))));
    return parts.length === 1 ? parts[0]! : eb.and(parts);
  };
}

/**
 * The recusal rules alone, for lists that write their scope predicate themselves (the ledger's
 * tuned strategies): null while no rule is registered (nothing to add to the query), else "not
 * recused from" over `idColumn` (qualified with `alias`).
 */
export function recusalWhere<A extends string>(ctx: Ctx, policy: Policy<A>, alias?: string, idColumn?: string) {
  if (recusals.length === 0) return null;
  const column = idColumn ?? col(alias ?? null, policy.idColumn);
  return <DB, TB extends keyof DB>(builder: ExpressionBuilder<DB, TB>): Expression<SqlBool> => {
    const eb = builder as unknown as ExpressionBuilder<Database, never>;
    return eb.and(recusals.map((recused) => eb.not(recused(eb, ctx, policy.resource, column))));
  };
}

/**
 * The recusal check a record inherits from another (a review or a sanction is hidden from whoever
 * is recused from its case), made before `loadInScope` checks the record's own rules: NOT_FOUND
 * `resource` unless row `id` of `table`, aliased `alias` (the alias `notRecused` was made for),
 * passes `notRecused`. No query while no recusal rule is registered (`notRecused` is null).
 */
export async function assertNotRecusedThrough(
  ctx: Ctx,
  from: { table: keyof Database; alias: string; id: string },
  notRecused: ReturnType<typeof recusalWhere>,
  resource: string,
): Promise<void> {
  if (!notRecused) return;
  const db = ctx.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const row = await db
    .selectFrom(`${from.table} as ${from.alias}`)
    .select(sql<number>`1`.as('one'))
    .where(sql.ref(`${from.alias}.id`), '=', from.id)
    .where((eb) => notRecused(eb))
    .executeTakeFirst();
  if (!row) throw errors.notFound(resource);
}

/**
 * The SQL expression "the actor may see all of this record" for a list's column (need-to-know):
 * true without a team rule, else the team predicate. Lists show only the ledger line of rows
 * where it is false.
 */
export function fullVisibility<A extends string>(ctx: Ctx, policy: Policy<A>, alias?: string) {
  return (eb: ExpressionBuilder<Database, never>): Expression<SqlBool> =>
    policy.team ? policy.team.predicate(eb, ctx, col(alias ?? null, policy.idColumn)) : sql<SqlBool>`1 = 1`;
}

/** The computed column that says whether the actor is on a record's team. */
const ON_TEAM = '__on_team';

/** Options of `loadInScope`. */
export interface LoadOptions {
  /** The record's expected version (optimistic lock): another answers CONFLICT with the current one. */
  version?: number;
  /** Lock the row for the rest of the transaction (PostgreSQL; SQLite's writer is single). */
  forUpdate?: boolean;
}

/**
 * Loads record `id` for `action`, or answers 404: the row is read with the action's scope and
 * every recusal rule in its WHERE, so a record out of scope or recused from is simply not
 * found. An action that needs the record's team answers 403 (NEED_TO_KNOW) to someone in scope
 * who is not on it (they may see the ledger line, so existence is no secret to them).
 */
export async function loadInScope<A extends string, Row = Record<string, unknown>>(
  ctx: Ctx,
  policy: Policy<A>,
  id: string,
  action: A,
  opts: LoadOptions = {},
): Promise<Row> {
  requireActor(ctx);
  const db = ctx.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const asDb = (eb: unknown) => eb as ExpressionBuilder<Database, never>;
  const team = policy.team;
  let q = db
    .selectFrom(policy.table)
    .selectAll()
    .where(policy.idColumn, '=', id)
    .where((eb) => visibleWhere(ctx, policy, action, { team: true, reach: true })(asDb(eb)));
  if (team) q = q.select((eb) => sql<SqlBool>`${team.predicate(asDb(eb), ctx, policy.idColumn, action)}`.as(ON_TEAM));
  if (opts.forUpdate && ctx.dialect.name === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) {
    await noteOutOfScope(ctx, policy, id, action);
    throw errors.notFound(policy.resource);
  }
  if (team) {
    const onTeam = row[ON_TEAM] === true || Number(row[ON_TEAM]) === 1;
    delete row[ON_TEAM];
    if (!onTeam && team.actions.includes(action)) {
      ctx.denials?.push({
        status: 403,
        attempted: `${policy.resource}.${action}`,
        resourceType: policy.resource,
        resourceId: id,
        unitId: (row[policy.scopeColumns.unitId] as string | null | undefined) ?? null,
      });
      throw domainError('NEED_TO_KNOW', { resource: policy.resource });
    }
  }
  if (opts.version !== undefined && row.version !== opts.version) throw errors.conflict({ version: row.version });
  return row as Row;
}

/**
 * Notes a cross-scope attempt (the 404 of `loadInScope` on a record that exists) on the request,
 * which records it as a security event once the request has failed. An id that names nothing is
 * no attempt on anyone's record and is not noted. One primary-key read, only on the 404 path.
 */
async function noteOutOfScope<A extends string>(ctx: Ctx, policy: Policy<A>, id: string, action: A): Promise<void> {
  if (!ctx.denials) return;
  const db = ctx.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const unitColumn = policy.scopeColumns.unitId;
  const found = await db
    .selectFrom(policy.table)
    .select(sql.ref<string | null>(unitColumn).as('unit_id'))
    .where(policy.idColumn, '=', id)
    .executeTakeFirst();
  if (!found) return;
  ctx.denials.push({
    status: 404,
    attempted: `${policy.resource}.${action}`,
    resourceType: policy.resource,
    resourceId: id,
    unitId: found.unit_id ?? null,
  });
}

/**
 * Whether the actor may see record `id` for `action` and how much of it: null when out of
 * scope or recused (the caller answers 404), 'line' when only the ledger line (need-to-know).
 */
export async function visibilityOf<A extends string>(
  ctx: Ctx,
  policy: Policy<A>,
  id: string,
  action: A,
): Promise<Visibility | null> {
  try {
    await loadInScope(ctx, policy, id, action);
    return 'full';
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'NEED_TO_KNOW') return 'line';
    if (err instanceof Error && 'code' in err && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}
