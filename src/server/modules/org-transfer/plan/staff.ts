/**
 * Planning the 干部 sheet: staff of a unit within the importer's scope, taking the unit's place
 * and region. Only the columns given change an existing person.
 */
import type { StaffRow } from '../../people/index.js';
import { GENDERS } from '../org-transfer.workbook.js';
import { inScope } from '../../../shared/scope.js';
import { type ImportPlan, type ImportPlanner, sameColumns } from './planner.js';

/** Validates the staff rows and plans their inserts and updates. */
export function planStaff(p: ImportPlanner, plan: ImportPlan, at: string): void {
  const seen = new Set<string>();
  for (const rc of p.wb.rows.staff) {
    const id = p.personId(rc, seen);
    if (id === null) continue;
    const existing = p.dbStaff.get(id) ?? null;
    if (existing && !inScope(p.scope, existing)) p.fail(rc, 'id', 'OUT_OF_SCOPE', '该干部不在您的导入权限范围内');
    const unit = p.personUnit(rc, 'unitId', existing?.unit_id, true);
    const pick = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);
    const name = pick(p.text(rc, 'name', 40), existing?.name);
    const position = pick(p.text(rc, 'position', 60), existing?.position);
    p.need(rc, 'name', name);
    p.need(rc, 'position', position);
    const gender = pick(p.oneOf(rc, 'gender', GENDERS), existing?.gender ?? null);
    const education = pick(p.text(rc, 'education', 30), existing?.education ?? null);
    const party = pick(p.bool(rc, 'partyMember'), existing ? existing.party_member === 1 : true);
    const birth = pick(p.date(rc, 'birthDate'), existing?.birth_date ?? null);
    const work = pick(p.date(rc, 'workStartDate'), existing?.work_start_date ?? null);
    const since = pick(p.date(rc, 'unitStartDate'), existing?.unit_start_date ?? null);
    const active = pick(p.bool(rc, 'active'), existing ? existing.active === 1 : true);
    if (p.bad(rc) || !unit?.path || !unit.regionPath || !name || !position) continue;
    const after: StaffRow = {
      id,
      unit_id: unit.id,
      name,
      gender,
      position,
      education,
      party_member: party === false ? 0 : 1,
      birth_date: birth,
      work_start_date: work,
      unit_start_date: since,
      active: active === false ? 0 : 1,
      owner_unit_id: unit.id,
      owner_unit_path: unit.path,
      region_path: unit.regionPath,
      county_code: unit.countyCode,
      version: existing ? existing.version + 1 : 1,
      created_at: existing?.created_at ?? at,
      updated_at: at,
    };
    if (!existing) plan.staff.inserts.push(after);
    else if (
      sameColumns(existing, after, [
        'unit_id',
        'name',
        'gender',
        'position',
        'education',
        'party_member',
        'birth_date',
        'work_start_date',
        'unit_start_date',
        'active',
        'owner_unit_path',
        'region_path',
      ])
    )
      plan.unchanged.staff += 1;
    else plan.staff.updates.push({ before: existing, after });
  }
}
