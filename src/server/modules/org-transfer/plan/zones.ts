/**
 * Planning the 协作区 sheet: zones set up by a county commission, one ordinal per commission
 * (counting the zones the file does not touch), a central township of that county and a
 * workroom; a new zone without a name gets the standard one (XX县纪检监察第X协作区).
 */
import { chineseOrdinal } from '../../org/index.js';
import { inScope } from '../../../shared/scope.js';
import { type ImportPlan, type ImportPlanner, sameColumns } from './planner.js';

/** Validates the zone rows and plans their inserts and updates. */
export function planZones(p: ImportPlanner, plan: ImportPlan, at: string): void {
  for (const rc of p.wb.rows.zones) {
    const id = p.rowId(rc, p.zoneAliases);
    if (id === null) continue;
    p.fileZones.set(id, { rc, id, existing: p.dbZones.get(id) ?? null, row: null });
  }
  const ordinals = new Map<string, string[]>();
  for (const fz of p.fileZones.values()) {
    const { rc, existing, id } = fz;
    if (existing && !inScope(p.scope, existing)) p.fail(rc, 'id', 'OUT_OF_SCOPE', '该协作区不在您的导入权限范围内');
    const commissionRaw = p.text(rc, 'commissionUnitId', 80);
    let commissionId: string | null | undefined = existing?.commission_unit_id;
    if (commissionRaw !== undefined) {
      commissionId = commissionRaw === null ? null : p.resolveUnit(commissionRaw);
      if (commissionRaw !== null && !commissionId) {
        p.fail(rc, 'commissionUnitId', 'NOT_FOUND', `单位 ${commissionRaw} 不存在`);
      }
    }
    if (commissionRaw === null || (commissionRaw === undefined && !existing)) p.need(rc, 'commissionUnitId', null);
    const commission = commissionId ? p.finalUnit(commissionId) : null;
    const county = commission ? p.finalRegion(commission.regionCode) : null;
    if (commission) {
      if (commission.kind !== 'commission' || county?.level !== 'county') {
        p.fail(rc, 'commissionUnitId', 'INVALID_VALUE', '协作区须由县级纪委监委设立');
      } else if (!p.unitPlacedInScope(commission)) {
        p.fail(rc, 'commissionUnitId', 'OUT_OF_SCOPE', '该纪委监委不在您的导入权限范围内');
      }
    }
    const ordinalCell = p.int(rc, 'ordinal', 1, 999);
    const ordinal = ordinalCell ?? (ordinalCell === undefined ? existing?.ordinal : undefined);
    if (ordinalCell === null || (ordinalCell === undefined && !existing)) p.need(rc, 'ordinal', ordinalCell);
    const nameCell = p.text(rc, 'name', 100);
    const centralCell = p.text(rc, 'centralTownshipCode', 20);
    const central = centralCell === undefined ? (existing?.central_township_code ?? null) : centralCell;
    if (central && county) {
      const r = p.finalRegion(central);
      if (!r) p.fail(rc, 'centralTownshipCode', 'NOT_FOUND', `行政区划 ${central} 不存在`);
      else if (r.level !== 'township' || r.countyCode !== county.code) {
        p.fail(rc, 'centralTownshipCode', 'INVALID_VALUE', '中心乡镇须为本县的乡镇');
      }
    }
    const workroomRaw = p.text(rc, 'workroomUnitId', 80);
    let workroomId: string | null = existing?.workroom_unit_id ?? null;
    if (workroomRaw !== undefined) {
      workroomId = workroomRaw === null ? null : p.resolveUnit(workroomRaw);
      if (workroomRaw !== null && !workroomId) p.fail(rc, 'workroomUnitId', 'NOT_FOUND', `单位 ${workroomRaw} 不存在`);
    }
    if (workroomId) {
      const w = p.finalUnit(workroomId);
      if (w && w.kind !== 'workroom') p.fail(rc, 'workroomUnitId', 'INVALID_VALUE', '须为乡镇纪检监察工作室');
    }
    if (commission && ordinal !== undefined) {
      const key = `${commission.id}|${ordinal}`;
      ordinals.set(key, [...(ordinals.get(key) ?? []), id]);
    }
    if (p.bad(rc) || !commission || !county || !commission.path || ordinal === undefined) continue;
    const name =
      nameCell === undefined && existing
        ? existing.name
        : (nameCell ?? `${county.name}纪检监察第${chineseOrdinal(ordinal)}协作区`);
    fz.row = {
      id,
      commission_unit_id: commission.id,
      ordinal,
      name,
      central_township_code: central,
      workroom_unit_id: workroomId,
      owner_unit_id: commission.id,
      owner_unit_path: commission.path,
      region_path: county.path,
      county_code: county.code,
      active: existing?.active ?? 1,
      version: existing ? existing.version + 1 : 1,
      created_at: existing?.created_at ?? at,
      updated_at: at,
    };
  }
  // One zone per ordinal and commission, counting the zones the file does not touch.
  for (const z of p.dbZones.values()) {
    if (p.fileZones.has(z.id)) continue;
    const key = `${z.commission_unit_id}|${z.ordinal}`;
    if (ordinals.has(key)) ordinals.set(key, [...ordinals.get(key)!, z.id]);
  }
  for (const [key, ids] of ordinals) {
    if (ids.length < 2) continue;
    for (const id of ids) {
      const fz = p.fileZones.get(id);
      if (fz) p.fail(fz.rc, 'ordinal', 'CONFLICT', `该纪委监委已有第 ${key.split('|')[1]} 协作区`);
    }
  }
  for (const fz of p.fileZones.values()) {
    if (p.bad(fz.rc) || !fz.row) continue;
    if (!fz.existing) plan.zones.inserts.push(fz.row);
    else if (
      sameColumns(fz.existing, fz.row, [
        'commission_unit_id',
        'ordinal',
        'name',
        'central_township_code',
        'workroom_unit_id',
        'owner_unit_path',
        'region_path',
      ])
    )
      plan.unchanged.zones += 1;
    else plan.zones.updates.push({ before: fz.existing, after: fz.row });
  }
}
