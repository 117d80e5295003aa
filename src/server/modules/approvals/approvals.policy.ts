/**
 * Who may read an approval: its drafter, the people on its chain (any round), and holders of
 * `approval.read` whose scope covers it, never someone recused from the record it is about (the
 * recusal rules of the access seam, applied to the approval's `resource_id`). Units' posts:
 * read with org.read, managed with approval_post.manage, in scope.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, requireActor } from '../../shared/context.js';
import { scopeColumns, scopePredicate } from '../../shared/scope.js';
import { definePolicy, recusalWhere } from '../access/index.js';
import { UNIT_SCOPE_COLUMNS } from '../org/index.js';

/** The kinds of record approvals are about; recusal from the record hides its approvals. */
export const APPROVAL_RESOURCE_TYPES = ['clue', 'case', 'review', 'sanction'] as const;

/** Policies naming each record kind, so the recusal rules registered for it apply to approvals. */
const recusalPolicies = APPROVAL_RESOURCE_TYPES.map((resource) =>
  definePolicy({ resource, table: 'approvals', actions: { read: 'approval.read' } }),
);

/** Units, for the posts register: read with org.read, posts managed with approval_post.manage. */
export const postUnitPolicy = definePolicy({
  resource: 'unit',
  table: 'units',
  scopeColumns: UNIT_SCOPE_COLUMNS,
  actions: { read: 'org.read', manage: 'approval_post.manage' },
});

type Eb = ExpressionBuilder<Database, never>;

/**
 * The SQL predicate "the actor may read approval `a`" (the table aliased `a`): drafter, on the
 * chain, or approval.read in scope; and not recused from the record.
 */
export function readableWhere(ctx: Ctx) {
  const actor = requireActor(ctx);
  const scope = actor.scopes.get('approval.read');
  return <DB, TB extends keyof DB>(builder: ExpressionBuilder<DB, TB>): Expression<SqlBool> => {
    const eb = builder as unknown as Eb;
    const who: Expression<SqlBool>[] = [
      eb(sql.ref('a.drafter_id'), '=', actor.userId),
      eb.exists(
        eb
          .selectFrom('approval_steps as s')
          .select(sql<number>`1`.as('one'))
          .where(sql.ref('s.approval_id'), '=', sql.ref('a.id'))
          .where((w) => w.or([w('s.holder_id', '=', actor.userId), w('s.decided_by', '=', actor.userId)])),
      ),
    ];
    if (scope) who.push(scopePredicate(eb, scope, scopeColumns('a')));
    const parts: Expression<SqlBool>[] = [eb.or(who)];
    for (const policy of recusalPolicies) {
      const notRecused = recusalWhere(ctx, policy, 'a', 'a.resource_id');
      if (notRecused) parts.push(eb.or([eb(sql.ref('a.resource_type'), '!=', policy.resource), notRecused(eb)]));
    }
    return parts.length === 1 ? parts[0]! : eb.and(parts);
  };
}
