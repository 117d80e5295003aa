/**
 * Who may see and do what with QR supervision's items and rosters, as SQL predicates.
 *
 * - An item and a roster are their department's (scope columns: the department's unit, the
 *   county's region). Managing (`qr_supervision.manage`) is over those columns: a department
 *   liaison (own unit) manages only their department's.
 * - Reading (`qr_supervision.read`) reaches them over the same columns and, beyond, wherever the
 *   permission's scope covers some unit of the record's county (the township commissions and
 *   village committees read the county departments' items and rosters); an item only once it has
 *   been published (a draft is its department's).
 */
import { type SqlBool, sql } from 'kysely';
import type { Ctx } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import { type ReachPredicate, definePolicy, visibleWhere } from '../access/index.js';

const UNIT_COLS = { unitId: 'su.id', unitPath: 'su.path', regionPath: 'su.region_path' };

/** "`qr_supervision.read`'s scope covers some unit of the record's county" (rows aliased `alias`). */
const countyReach: ReachPredicate = (eb, ctx, alias) => {
  const scope = ctx.actor?.scopes.get('qr_supervision.read');
  if (!scope) return sql<SqlBool>`1 = 0`;
  return eb.exists(
    eb
      .selectFrom('units as su')
      .select(sql<number>`1`.as('one'))
      .whereRef('su.county_code', '=', sql.ref(`${alias}.county_code`))
      .where((e) => scopePredicate(e, scope, UNIT_COLS)),
  );
};

/** "The item (aliased `alias`) has been published (now or before)": a draft is its department's until then. */
const itemCountyReach: ReachPredicate = (eb, ctx, alias) =>
  eb.and([eb(sql.ref(`${alias}.status`), '!=', 'draft'), countyReach(eb, ctx, alias)]);

/**
 * Items: read (the department and those above it over the scope columns, drafts included; the
 * county's other readers once an item has been published), manage (the department).
 */
export const qrItemPolicy = definePolicy<'read' | 'manage'>({
  resource: 'qr_item',
  table: 'qr_items',
  actions: { read: 'qr_supervision.read', manage: 'qr_supervision.manage' },
  reach: { read: itemCountyReach },
});

/** Roster imports: read (the county's readers), manage (the department). */
export const subsidyRosterPolicy = definePolicy<'read' | 'manage'>({
  resource: 'subsidy_roster',
  table: 'subsidy_rosters',
  actions: { read: 'qr_supervision.read', manage: 'qr_supervision.manage' },
  reach: { read: countyReach },
});

/** An action on items or rosters. */
export type QrAction = 'read' | 'manage';

/** The items the actor may list for `action` (aliased `alias`). */
export function qrItemListWhere(ctx: Ctx, alias = 'i', action: QrAction = 'read') {
  return visibleWhere(ctx, qrItemPolicy, action, { alias, reach: true });
}

/** The roster imports the actor may list for `action` (aliased `alias`). */
export function rosterListWhere(ctx: Ctx, alias = 'r', action: QrAction = 'read') {
  return visibleWhere(ctx, subsidyRosterPolicy, action, { alias, reach: true });
}
