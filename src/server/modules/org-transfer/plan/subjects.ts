/**
 * Planning the 监督对象 sheet: persons under supervision with a region and a cadre authority;
 * a row without an owner unit is owned by the body competent for it by cadre authority (JK 2020
 * 第十一条), as the organisation will be after the import. Only the columns given change an
 * existing person.
 */
import { CADRE_AUTHORITIES, type SubjectRow } from '../../people/index.js';
import { GENDERS } from '../org-transfer.workbook.js';
import { inScope } from '../../../shared/scope.js';
import { type FinalRegion, type FinalUnit, type ImportPlan, type ImportPlanner, sameColumns } from './planner.js';

/** The body competent for a person by cadre authority, as the organisation will be. */
function competentUnit(
  p: ImportPlanner,
  seats: Map<string, string>,
  region: FinalRegion,
  authority: string,
): FinalUnit | null {
  const pickAt = (code: string, kind: string): FinalUnit | null => {
    const fileId = seats.get(`${code}|${kind}`);
    if (fileId) return p.finalUnit(fileId);
    const u = (p.competent.get(code) ?? []).find((x) => x.kind === kind && !p.fileUnits.has(x.id));
    return u ? p.finalUnit(u.id) : null;
  };
  if (authority !== 'county_managed' && region.level !== 'county' && region.level !== 'city') {
    const t = pickAt(region.code.slice(0, 9) + '000', 'township_commission');
    if (t) return t;
  }
  return region.countyCode ? pickAt(region.countyCode, 'commission') : null;
}

/** Validates the subject rows and plans their inserts and updates. */
export function planSubjects(p: ImportPlanner, plan: ImportPlan, at: string): void {
  const seen = new Set<string>();
  let seats: Map<string, string> | null = null;
  // The valid units of the file by `regionCode|kind`, built on first use (after every unit row is planned).
  const fileSeats = (): Map<string, string> => {
    if (!seats) {
      seats = new Map();
      for (const fu of p.fileUnits.values()) {
        const key = `${fu.regionCode}|${fu.kind}`;
        if (!p.bad(fu.rc) && !seats.has(key)) seats.set(key, fu.id);
      }
    }
    return seats;
  };
  for (const rc of p.wb.rows.subjects) {
    const id = p.personId(rc, seen);
    if (id === null) continue;
    const existing = p.dbSubjects.get(id) ?? null;
    if (existing && !inScope(p.scope, existing)) {
      p.fail(rc, 'id', 'OUT_OF_SCOPE', '该监督对象不在您的导入权限范围内');
    }
    const pick = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);
    const name = pick(p.text(rc, 'name', 40), existing?.name);
    const position = pick(p.text(rc, 'position', 60), existing?.position);
    const employer = pick(p.text(rc, 'employer', 80), existing?.employer);
    const regionCode = pick(p.text(rc, 'regionCode', 20), existing?.region_code);
    const authority = pick(p.oneOf(rc, 'cadreAuthority', CADRE_AUTHORITIES), existing?.cadre_authority);
    p.need(rc, 'name', name);
    p.need(rc, 'position', position);
    p.need(rc, 'employer', employer);
    p.need(rc, 'regionCode', regionCode);
    p.need(rc, 'cadreAuthority', authority);
    const gender = pick(p.oneOf(rc, 'gender', GENDERS), existing?.gender ?? null);
    const party = pick(p.bool(rc, 'partyMember'), existing ? existing.party_member === 1 : false);
    const region = regionCode ? p.finalRegion(regionCode) : null;
    if (regionCode && !region) p.fail(rc, 'regionCode', 'NOT_FOUND', `行政区划 ${regionCode} 不存在`);
    let owner: FinalUnit | null = null;
    const ownerCell = rc.cells.ownerUnitId;
    if (ownerCell === null || (ownerCell === undefined && !existing)) {
      // No owner given: the body competent by cadre authority (JK 2020 第十一条).
      if (region && authority) {
        owner = competentUnit(p, fileSeats(), region, authority);
        if (!owner) p.fail(rc, 'ownerUnitId', 'REQUIRED', '找不到有管辖权的单位，请填写归属单位ID');
        else if (!p.unitPlacedInScope(owner)) {
          p.fail(rc, 'ownerUnitId', 'OUT_OF_SCOPE', '有管辖权的单位不在您的导入权限范围内');
        }
      }
    } else {
      owner = p.personUnit(rc, 'ownerUnitId', existing?.owner_unit_id, true);
    }
    if (p.bad(rc) || !owner?.path || !region || !name || !position || !employer || !authority) continue;
    const after: SubjectRow = {
      id,
      name,
      gender,
      position,
      employer,
      region_code: region.code,
      cadre_authority: authority,
      party_member: party ? 1 : 0,
      active: existing?.active ?? 1,
      owner_unit_id: owner.id,
      owner_unit_path: owner.path,
      region_path: region.path,
      county_code: region.countyCode,
      version: existing ? existing.version + 1 : 1,
      created_at: existing?.created_at ?? at,
      updated_at: at,
    };
    if (!existing) plan.subjects.inserts.push(after);
    else if (
      sameColumns(existing, after, [
        'name',
        'gender',
        'position',
        'employer',
        'region_code',
        'cadre_authority',
        'party_member',
        'owner_unit_id',
        'owner_unit_path',
        'region_path',
      ])
    )
      plan.unchanged.subjects += 1;
    else plan.subjects.updates.push({ before: existing, after });
  }
}
