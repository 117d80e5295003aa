/** The people an inspection plan's team picker offers (检查组成员候选). */
import { type Ctx, requireActor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';

/** One person the picker offers. */
export interface TeamCandidate {
  id: string;
  name: string;
  unitName: string;
}

/**
 * Active accounts of the actor's county (a township officer may sit on a county team), by part
 * of the name (`q`), at most 100. Whether a person may join is the conflict check's answer when
 * the plan is made, not this list's. FORBIDDEN for an actor without a unit.
 */
export async function teamCandidates(ctx: Ctx, q: string | undefined): Promise<{ items: TeamCandidate[] }> {
  const actor = requireActor(ctx);
  if (!actor.unitId) throw errors.forbidden('inspection.manage');
  const own = await ctx.db
    .selectFrom('units')
    .select('county_code')
    .where('id', '=', actor.unitId)
    .executeTakeFirstOrThrow();
  let query = ctx.db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'n.name as unit_name'])
    .where('u.disabled', '=', 0)
    .where('n.county_code', '=', own.county_code);
  const words = q?.trim().replace(/[\\%_]/g, '');
  if (words) query = query.where('u.display_name', 'like', `%${words}%`);
  const rows = await query.orderBy('u.display_name').orderBy('u.id').limit(100).execute();
  return { items: rows.map((r) => ({ id: r.id, name: r.display_name, unitName: r.unit_name })) };
}
