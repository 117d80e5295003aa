/**
 * Which dispatched group (派驻纪检监察组) supervises a county department (issue 16 §2): a
 * department has at most one; a 综合派驻 group may cover several. The link routes a public report
 * about a department's published item, on the department's staff, to its group.
 */
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { loadInScope, visibleWhere } from '../access/index.js';
import { diffChanges, recordAudit } from '../audit/index.js';
import { type UnitAction, unitPolicy } from './org.policy.js';
import type { UnitRow } from './org.tables.js';

/** The kind of unit a county department is seated as (the commission's units have their own kinds). */
export const DEPARTMENT_KIND = 'other';

/** A department's dispatched group as the console shows it (null: none linked). */
export interface DepartmentGroupView {
  groupUnitId: string;
  groupName: string;
  /** Whether the group is still active (an inactive one no longer receives reports). */
  groupActive: boolean;
}

/** The dispatched group linked to a department, or null. */
export async function departmentGroupView(ctx: Ctx, departmentUnitId: string): Promise<DepartmentGroupView | null> {
  const row = await ctx.db
    .selectFrom('department_groups as dg')
    .innerJoin('units as g', 'g.id', 'dg.group_unit_id')
    .select(['g.id', 'g.name', 'g.active'])
    .where('dg.department_unit_id', '=', departmentUnitId)
    .executeTakeFirst();
  return row ? { groupUnitId: row.id, groupName: row.name, groupActive: row.active === 1 } : null;
}

/**
 * The active dispatched group supervising a department, of the department's county, or null (no
 * link, or the group has since been deactivated or moved out of the county): the unit a report
 * on the department's staff goes to. No actor needed (the public report path calls it).
 */
export async function activeDepartmentGroup(ctx: Ctx, departmentUnitId: string): Promise<UnitRow | null> {
  const row = await ctx.db
    .selectFrom('department_groups as dg')
    .innerJoin('units as g', 'g.id', 'dg.group_unit_id')
    .innerJoin('units as d', 'd.id', 'dg.department_unit_id')
    .selectAll('g')
    .where('dg.department_unit_id', '=', departmentUnitId)
    .where('g.kind', '=', 'dispatched_group')
    .where('g.active', '=', 1)
    .whereRef('g.county_code', '=', 'd.county_code')
    .executeTakeFirst();
  return row ?? null;
}

const invalid = (reason: string, groupUnitId?: string) =>
  domainError('DEPARTMENT_GROUP_INVALID', { field: 'groupUnitId', reason, ...(groupUnitId ? { groupUnitId } : {}) });

/**
 * Links department `departmentUnitId` to dispatched group `groupUnitId`, or clears its link
 * (`null`), with org.manage over the department (NOT_FOUND outside scope). The group must be a
 * unit the actor reads (org.read, in SQL), of kind `dispatched_group`, active and of the
 * department's county; the department an active county unit of kind `other`. Otherwise
 * DEPARTMENT_GROUP_INVALID with `details.reason`. Audited in the same transaction; setting the
 * link it already has (or clearing none) changes nothing and records nothing.
 */
export async function setDepartmentGroup(
  ctx: Ctx,
  departmentUnitId: string,
  groupUnitId: string | null,
): Promise<DepartmentGroupView | null> {
  return inTransaction(ctx, async (tx) => {
    const dept = await loadInScope<UnitAction, UnitRow>(tx, unitPolicy, departmentUnitId, 'manage', {
      forUpdate: true,
    });
    const before = await departmentGroupView(tx, dept.id);
    if (groupUnitId === null) {
      if (!before) return null;
      await tx.db.deleteFrom('department_groups').where('department_unit_id', '=', dept.id).execute();
      await recordAudit(tx, {
        action: 'unit.dispatched_group_clear',
        resourceType: 'unit',
        resourceId: dept.id,
        unitId: dept.id,
        changes: diffChanges({ dispatched_group: before.groupUnitId }, { dispatched_group: null }),
      });
      return null;
    }
    if (dept.kind !== DEPARTMENT_KIND || dept.active !== 1 || !dept.county_code) throw invalid('not_department');
    const group = await tx.db
      .selectFrom('units as u')
      .selectAll('u')
      .where('u.id', '=', groupUnitId)
      .where(visibleWhere(tx, unitPolicy, 'read', { alias: 'u' }))
      .executeTakeFirst();
    if (!group) throw invalid('unknown_group', groupUnitId);
    if (group.kind !== 'dispatched_group') throw invalid('not_group', groupUnitId);
    if (group.active !== 1) throw invalid('inactive', groupUnitId);
    if (group.county_code !== dept.county_code) throw invalid('other_county', groupUnitId);
    if (before?.groupUnitId === group.id) return before;
    await tx.db.deleteFrom('department_groups').where('department_unit_id', '=', dept.id).execute();
    await tx.db
      .insertInto('department_groups')
      .values({
        department_unit_id: dept.id,
        group_unit_id: group.id,
        county_code: dept.county_code,
        created_by: tx.actor?.userId ?? null,
        created_at: nowIso(tx),
      })
      .execute();
    await recordAudit(tx, {
      action: 'unit.dispatched_group_set',
      resourceType: 'unit',
      resourceId: dept.id,
      unitId: dept.id,
      changes: diffChanges({ dispatched_group: before?.groupUnitId ?? null }, { dispatched_group: group.id }),
    });
    return { groupUnitId: group.id, groupName: group.name, groupActive: true };
  });
}
