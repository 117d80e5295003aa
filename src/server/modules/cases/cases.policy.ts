/**
 * Who may do what to cases (案件), consulted through the access seam.
 *
 * - The ledger line: `case.read` within its scope over the handling unit (owner columns) **or**
 *   over the subject's own township commission (`subject_unit_*`): that township sees that a case
 *   exists, not its content (`caseLineWhere`).
 * - The content (`detail`) and the work (`manage`): the case team (current members, anywhere in
 *   the county: a township officer on a zone team), or a holder of `case.detail` whose scope
 *   covers the handling unit (its head, the zone commander, 案管, the county's leaders).
 * - A person recused from the case sees nothing (404), through the recusal register.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import { scopeFor } from '../../shared/context.js';
import { type ScopeColumns, scopePredicate } from '../../shared/scope.js';
import { definePolicy, recusalWhere } from '../access/index.js';

type Eb = ExpressionBuilder<Database, never>;

/** Qualifies `c` with the alias of `idColumn` (`c.id` → `c.owner_unit_id`). */
function qualifier(idColumn: string) {
  const alias = idColumn.includes('.') ? idColumn.slice(0, idColumn.indexOf('.')) : null;
  return (c: string) => (alias ? `${alias}.${c}` : c);
}

/** "The actor is a current member of case `idColumn`'s team" (index `case_members_current`). */
export function caseMemberWhere(ctx: Ctx, idColumn: string) {
  const userId = ctx.actor?.userId ?? '';
  // An unqualified column would bind to case_members' own `id` inside the subquery (loadInScope
  // passes the bare `id` of an unaliased `cases`): qualify it with the table.
  const outer = idColumn.includes('.') ? idColumn : `cases.${idColumn}`;
  return sql<SqlBool>`exists (select 1 from case_members m where m.case_id = ${sql.ref(outer)}
    and m.user_id = ${userId} and m.removed_at is null)`;
}

/** The team predicate: a current member, or `case.detail` over the handling unit (supervisors). */
function onCaseTeam(eb: Eb, ctx: Ctx, idColumn: string): Expression<SqlBool> {
  const member = caseMemberWhere(ctx, idColumn);
  const supervises = ctx.actor?.scopes.get('case.detail');
  if (!supervises) return member;
  const col = qualifier(idColumn);
  return eb.or([
    scopePredicate(eb, supervises, {
      unitId: col('owner_unit_id'),
      unitPath: col('owner_unit_path'),
      regionPath: col('region_path'),
    }),
    member,
  ]);
}

/**
 * Cases: read (the ledger line), detail (the content: team or supervisors), manage (the work:
 * team or supervisors), assign (form the team, authorise a zone case), register (案管's central
 * management: the measures ledger, closing records).
 */
export const casePolicy = definePolicy<'read' | 'detail' | 'manage' | 'assign' | 'register'>({
  resource: 'case',
  table: 'cases',
  actions: {
    read: 'case.read',
    detail: 'case.read',
    manage: 'case.manage',
    assign: 'case.assign',
    register: 'case.register',
  },
  team: { predicate: onCaseTeam, actions: ['detail', 'manage'], reachesOutOfScope: true },
});

/** An action on cases. */
export type CaseAction = keyof typeof casePolicy.actions;

/**
 * Answers, in SQL, whether the actor may read case `idColumn`'s file read-only although neither
 * their scope nor need-to-know would let them: the review stage's reviewers on that case's review
 * team (查审分离 keeps them off the case team). Registered by the module that knows (review).
 */
export type CaseFileReader = (ctx: Ctx, idColumn: string) => Expression<SqlBool>;

const fileReaders: CaseFileReader[] = [];

/**
 * Adds a case-file reader (the review module calls it once at load): from then on reading a case
 * (`detail`: its page, documents, evidence lists) also lets in whom the reader names, never the
 * work (`manage`, `assign`, `register`) and never the ledger lists. Recusal still applies.
 */
export function registerCaseFileReader(reader: CaseFileReader): void {
  if (!fileReaders.includes(reader)) fileReaders.push(reader);
}

/** The team predicate for reading: the team or supervisors, or a registered file reader. */
function readsCaseFile(eb: Eb, ctx: Ctx, idColumn: string): Expression<SqlBool> {
  const team = onCaseTeam(eb, ctx, idColumn);
  if (fileReaders.length === 0) return team;
  const outer = idColumn.includes('.') ? idColumn : `cases.${idColumn}`;
  return eb.or([team, ...fileReaders.map((r) => r(ctx, outer))]);
}

/**
 * The cases policy for reading one case's file (`detail` only): as `casePolicy`, and the
 * registered file readers (a reviewer on the case's review team) reach it read-only even out of
 * their scope. Only `loadCase(…, 'detail')` uses it.
 */
export const caseFilePolicy = definePolicy<'detail'>({
  resource: 'case',
  table: 'cases',
  actions: { detail: 'case.read' },
  team: { predicate: readsCaseFile, actions: ['detail'], reachesOutOfScope: true },
});

/** The subject township's columns, as a scope predicate reads them. */
const SUBJECT_COLUMNS = (alias: string): ScopeColumns => ({
  unitId: `${alias}.subject_unit_id`,
  unitPath: `${alias}.subject_unit_path`,
  regionPath: `${alias}.subject_unit_path`,
});

/**
 * The ledger lines the actor may see (cases aliased `alias`): `case.read` over the handling
 * unit, over the subject's own township commission, or on the team; never a case they are
 * recused from.
 */
export function caseLineWhere(ctx: Ctx, alias = 'c') {
  const scope = scopeFor(ctx, 'case.read');
  const recused = recusalWhere(ctx, casePolicy, alias);
  return (eb: Eb): Expression<SqlBool> => {
    const owner = scopePredicate(eb, scope, {
      unitId: `${alias}.owner_unit_id`,
      unitPath: `${alias}.owner_unit_path`,
      regionPath: `${alias}.region_path`,
    });
    const subjectTownship = scopePredicate(eb, { ...scope, regionPaths: [] }, SUBJECT_COLUMNS(alias));
    const visible = eb.or([owner, subjectTownship, caseMemberWhere(ctx, `${alias}.id`)]);
    return recused ? eb.and([visible, recused(eb)]) : visible;
  };
}

/** "The actor sees case `alias`'s content" (the ledger's full/line column). */
export function caseFullWhere(ctx: Ctx, alias = 'c') {
  return (eb: Eb): Expression<SqlBool> => onCaseTeam(eb, ctx, `${alias}.id`);
}
