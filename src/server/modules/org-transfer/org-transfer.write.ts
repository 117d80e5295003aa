/**
 * Writing a validated import: each owning module applies its part in the caller's transaction
 * (this module writes no table of its own), parents before children.
 */
import { applyRegionImport, applyUnitImport } from '../org/index.js';
import { applyStaffImport, applySubjectImport, followUnitRegions } from '../people/index.js';
import { applyZoneImport, applyZoneMembershipImport } from '../zones/index.js';
import type { Ctx } from '../../shared/context.js';
import type { ImportPlan } from './plan/planner.js';

/**
 * Writes a validated plan in the caller's transaction: regions, then units (moved units carry
 * their subtrees and scoped rows), then the staff of units seated in another region, zones,
 * memberships, staff and subjects. Throws CONFLICT when a row changed since it was read.
 */
export async function writePlan(tx: Ctx, plan: ImportPlan): Promise<void> {
  await applyRegionImport(tx, plan.regions);
  await applyUnitImport(tx, plan.units);
  await followUnitRegions(
    tx,
    plan.units.updates.filter((u) => u.before.region_path !== u.after.region_path).map((u) => u.after),
  );
  await applyZoneImport(tx, plan.zones);
  await applyZoneMembershipImport(tx, plan.memberships);
  await applyStaffImport(tx, plan.staff);
  await applySubjectImport(tx, plan.subjects);
}
