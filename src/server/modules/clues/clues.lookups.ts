/** Small reads of a clue for engines that already hold it (numbers, subjects, team): no access check. */
import type { Ctx } from '../../shared/context.js';

/** The number of a clue, or null when there is none with this id. */
export async function clueNumberOf(ctx: Ctx, id: string): Promise<string | null> {
  const row = await ctx.db.selectFrom('clues').select('number').where('id', '=', id).executeTakeFirst();
  return row?.number ?? null;
}

/**
 * A clue's subjects in order (no access check: for engines that already hold the clue, such as
 * the approval chain choosing by rank and the recusal check comparing people).
 */
export async function clueSubjectsOf(ctx: Ctx, clueId: string) {
  const rows = await ctx.db
    .selectFrom('clue_subjects')
    .select(['subject_id', 'name', 'position', 'employer', 'authority', 'region_code', 'rank'])
    .where('clue_id', '=', clueId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    subjectId: r.subject_id,
    name: r.name,
    position: r.position,
    employer: r.employer,
    authority: r.authority,
    regionCode: r.region_code,
    rank: r.rank,
  }));
}

/**
 * The active members of a clue's team (user id and role); with `all`, everyone who ever was on it
 * (removed members too: the review stage's 查审分离 looks at the whole clue stage).
 */
export async function clueMembersOf(
  ctx: Ctx,
  clueId: string,
  opts: { all?: boolean } = {},
): Promise<{ userId: string; role: string }[]> {
  let q = ctx.db.selectFrom('clue_members').select(['user_id', 'role']).where('clue_id', '=', clueId);
  if (!opts.all) q = q.where('removed_at', 'is', null);
  const rows = await q.execute();
  return rows.map((r) => ({ userId: r.user_id, role: r.role }));
}
