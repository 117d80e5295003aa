/** Who may do what to clues (问题线索) and clue-review meetings, consulted through the access seam. */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import { definePolicy } from '../access/index.js';

/**
 * Need-to-know on a clue: the actor is on its team (`clue_members`, not removed), or registers
 * clues where the clue lies (案管 manages every clue centrally, GZ 第二十三条; a township
 * commission's secretary its own township's). Everyone else in scope sees the ledger line only.
 */
function onClueTeam(eb: ExpressionBuilder<Database, never>, ctx: Ctx, idColumn: string): Expression<SqlBool> {
  const userId = ctx.actor?.userId ?? '';
  const alias = idColumn.includes('.') ? idColumn.slice(0, idColumn.indexOf('.')) : null;
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  const member = sql<SqlBool>`exists (select 1 from clue_members m where m.clue_id = ${sql.ref(idColumn)}
    and m.user_id = ${userId} and m.removed_at is null)`;
  const registers = ctx.actor?.scopes.get('clue.register');
  if (!registers) return member;
  const central = scopePredicate(eb, registers, {
    unitId: col('owner_unit_id'),
    unitPath: col('owner_unit_path'),
    regionPath: col('region_path'),
  });
  return eb.or([central, member]);
}

/**
 * Clues: read (the ledger line; within the scope of clue.read), detail (subjects, summary,
 * trail: needs the team), manage (corrections, meeting decisions: needs the team), register
 * (案管's numbering and the GZ 第二十二条 report record).
 */
export const cluePolicy = definePolicy<'read' | 'detail' | 'manage' | 'register'>({
  resource: 'clue',
  table: 'clues',
  actions: {
    read: 'clue.read',
    detail: 'clue.read',
    manage: 'clue.manage',
    register: 'clue.register',
  },
  // A zone team drawn from the townships works on clues the county commission owns.
  team: { predicate: onClueTeam, actions: ['detail', 'manage'], reachesOutOfScope: true },
});

/** An action on clues. */
export type ClueAction = keyof typeof cluePolicy.actions;

/** Clue-review meetings: read within clue.read's scope, record within clue.manage's. */
export const clueMeetingPolicy = definePolicy<'read' | 'manage'>({
  resource: 'clue_meeting',
  table: 'clue_meetings',
  actions: { read: 'clue.read', manage: 'clue.manage' },
});
