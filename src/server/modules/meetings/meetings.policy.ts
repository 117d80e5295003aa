/**
 * Who may see and do what with the zones' meetings, consulted through the access seam.
 *
 * - A meeting is seen by a holder of `meeting.read` whose scope covers its scope columns (the
 *   zone's workroom and central township, or the commission for a 述职会), and by one whose scope
 *   covers a township commission of the meeting's zone (the zone's townships take part: the
 *   township secretaries are its deputy leaders), or who is an invited attendee (their account's
 *   staff record). Anyone else gets 404.
 * - Managing (reschedule, attendance, minutes, decisions, action items, close) is `meeting.manage`
 *   over the same reach, without the attendee clause.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import { type Permission, definePolicy, visibleWhere } from '../access/index.js';

type Eb = ExpressionBuilder<Database, never>;

/**
 * "`permission`'s scope covers a current township commission of the meeting's zone" (meetings
 * aliased `alias`). Empty for an actor without the permission.
 */
function zoneTownshipsWhere(eb: Eb, ctx: Ctx, permission: Permission, alias: string): Expression<SqlBool> {
  const scope = ctx.actor?.scopes.get(permission);
  if (!scope) return sql<SqlBool>`1 = 0`;
  return eb.exists(
    eb
      .selectFrom('zone_memberships as zm')
      .innerJoin('units as tu', 'tu.region_code', 'zm.township_code')
      .select(sql<number>`1`.as('one'))
      .whereRef('zm.zone_id', '=', sql.ref(`${alias}.zone_id`))
      .where('zm.effective_to', 'is', null)
      .where('tu.kind', '=', 'township_commission')
      .where((e) => scopePredicate(e, scope, { unitId: 'tu.id', unitPath: 'tu.path', regionPath: 'tu.region_path' })),
  );
}

/** "The actor's account is an attendee (by its staff record)" (meetings aliased `alias`). */
function attendeeWhere(ctx: Ctx, alias: string): Expression<SqlBool> {
  const userId = ctx.actor?.userId ?? '';
  return sql<SqlBool>`exists (select 1 from meeting_attendees ma where ma.meeting_id = ${sql.ref(`${alias}.id`)}
    and (ma.user_id = ${userId} or ma.staff_id in (select u.staff_id from users u where u.id = ${userId} and u.staff_id is not null)))`;
}

/** Meetings: read (in scope, the zone's townships, attendees), manage (in scope or the zone's townships). */
export const meetingPolicy = definePolicy<'read' | 'manage'>({
  resource: 'meeting',
  table: 'meetings',
  actions: { read: 'meeting.read', manage: 'meeting.manage' },
  reach: {
    read: (eb, ctx, alias) => eb.or([zoneTownshipsWhere(eb, ctx, 'meeting.read', alias), attendeeWhere(ctx, alias)]),
    manage: (eb, ctx, alias) => zoneTownshipsWhere(eb, ctx, 'meeting.manage', alias),
  },
});

/** An action on meetings. */
export type MeetingAction = keyof typeof meetingPolicy.actions;

/** The meetings the actor may list (meetings aliased `alias`), with the policy's reach. */
export function meetingListWhere(ctx: Ctx, alias = 'm', action: MeetingAction = 'read') {
  return (eb: Eb): Expression<SqlBool> => visibleWhere(ctx, meetingPolicy, action, { alias, reach: true })(eb);
}

/** The schedule gaps the actor may see (gaps aliased `alias`): `meeting.read` over their scope columns. */
export function gapListWhere(ctx: Ctx, alias = 'g') {
  return (eb: Eb): Expression<SqlBool> => {
    const scope = ctx.actor?.scopes.get('meeting.read');
    if (!scope) return sql<SqlBool>`1 = 0`;
    return eb.or([
      scopePredicate(eb, scope, {
        unitId: `${alias}.owner_unit_id`,
        unitPath: `${alias}.owner_unit_path`,
        regionPath: `${alias}.region_path`,
      }),
      zoneTownshipsWhere(eb, ctx, 'meeting.read', alias),
    ]);
  };
}
