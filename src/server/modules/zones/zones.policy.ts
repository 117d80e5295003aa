/** Who may do what to collaboration zones: the module's policy, consulted through the access seam. */
import { definePolicy } from '../access/index.js';

/** Zones (协作区): read and manage within the permission's scope (a zone is owned by its county commission). */
export const zonePolicy = definePolicy({
  resource: 'zone',
  table: 'zones',
  actions: { read: 'zone.read', manage: 'zone.manage' },
});
