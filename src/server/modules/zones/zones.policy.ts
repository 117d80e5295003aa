/** Who may do what to collaboration zones: the module's policies, consulted through the access seam. */
import { definePolicy } from '../access/index.js';
import { UNIT_SCOPE_COLUMNS } from '../org/index.js';

/** Zones (协作区): read and manage within the permission's scope (a zone is owned by its county commission). */
export const zonePolicy = definePolicy({
  resource: 'zone',
  table: 'zones',
  actions: { read: 'zone.read', manage: 'zone.manage' },
});

/** An action on zones. */
export type ZoneAction = keyof typeof zonePolicy.actions;

/** Commissions that may set up a zone: units inside the actor's zone.manage scope (`setUp`). */
export const zoneCommissionPolicy = definePolicy({
  resource: 'unit',
  table: 'units',
  scopeColumns: UNIT_SCOPE_COLUMNS,
  actions: { setUp: 'zone.manage' },
});
