/**
 * Planning the 单位 sheet: ids (UUIDs, or temporary keys other rows may refer to), parents in
 * the database or the file (no cycle), kinds, regions, and a place within the importer's scope
 * both before and after the move. Only the columns given change an existing unit.
 */
import { type UnitRow, UNIT_KINDS } from '../../org/index.js';
import { inScope } from '../../../shared/scope.js';
import { type ImportPlan, type ImportPlanner, sameColumns } from './planner.js';

/** Validates the unit rows and plans their inserts and updates (moves included). */
export function planUnits(p: ImportPlanner, plan: ImportPlan, at: string): void {
  for (const rc of p.wb.rows.units) {
    const id = p.rowId(rc, p.unitAliases);
    if (id === null) continue;
    const existing = p.dbUnits.get(id) ?? null;
    p.fileUnits.set(id, {
      rc,
      id,
      existing,
      parentId: undefined,
      kind: existing?.kind ?? '',
      name: existing?.name ?? '',
      shortName: existing?.short_name ?? null,
      regionCode: existing?.region_code ?? '',
      region: null,
    });
  }
  // References may point to any row of the sheet, so they are resolved once all are known.
  for (const fu of p.fileUnits.values()) {
    const { rc, existing } = fu;
    const parentRaw = p.text(rc, 'parentId', 80);
    if (parentRaw === undefined) fu.parentId = existing ? existing.parent_id : null;
    else if (parentRaw === null) fu.parentId = null;
    else {
      const pid = p.resolveUnit(parentRaw);
      if (pid) fu.parentId = pid;
      else p.fail(rc, 'parentId', 'PARENT_NOT_FOUND', `上级单位 ${parentRaw} 不存在（数据库和本文件中都没有）`);
    }
    const kind = p.oneOf(rc, 'kind', UNIT_KINDS);
    const name = p.text(rc, 'name', 80);
    const shortName = p.text(rc, 'shortName', 30);
    const regionCode = p.text(rc, 'regionCode', 20);
    const isNew = !existing;
    if (kind === null || (isNew && kind === undefined)) p.need(rc, 'kind', kind);
    if (name === null || (isNew && name === undefined)) p.need(rc, 'name', name);
    if (regionCode === null || (isNew && regionCode === undefined)) p.need(rc, 'regionCode', regionCode);
    if (kind) fu.kind = kind;
    if (name) fu.name = name;
    if (shortName !== undefined) fu.shortName = shortName;
    if (regionCode) fu.regionCode = regionCode;
    if (fu.regionCode) {
      fu.region = p.finalRegion(fu.regionCode);
      if (!fu.region && !p.failedOn(rc, 'regionCode')) {
        p.fail(rc, 'regionCode', 'NOT_FOUND', `行政区划 ${fu.regionCode} 不存在`);
      }
    }
  }
  for (const fu of p.fileUnits.values()) {
    const { rc, existing, id } = fu;
    if (
      existing &&
      !inScope(p.scope, { owner_unit_id: id, owner_unit_path: existing.path, region_path: existing.region_path })
    ) {
      p.fail(rc, 'id', 'OUT_OF_SCOPE', '该单位不在您的导入权限范围内');
    }
    const path = p.unitPath(id);
    const final = p.finalUnit(id);
    if (path && final && !p.unitPlacedInScope(final)) {
      p.fail(rc, 'parentId', 'OUT_OF_SCOPE', '上级单位不在您的导入权限范围内');
    }
  }
  for (const fu of p.fileUnits.values()) {
    const { rc, existing, id } = fu;
    const path = p.unitPath(id);
    if (p.bad(rc) || !path || !fu.region || fu.parentId === undefined) continue;
    const after: UnitRow = {
      id,
      parent_id: fu.parentId,
      kind: fu.kind,
      name: fu.name,
      short_name: fu.shortName,
      region_code: fu.region.code,
      path,
      region_path: fu.region.path,
      county_code: fu.region.countyCode,
      zone_id: existing?.zone_id ?? null,
      sort: existing?.sort ?? 0,
      active: existing?.active ?? 1,
      version: existing ? existing.version + 1 : 1,
      created_at: existing?.created_at ?? at,
      updated_at: at,
    };
    if (!existing) plan.units.inserts.push(after);
    else if (
      sameColumns(existing, after, ['parent_id', 'kind', 'name', 'short_name', 'region_code', 'path', 'region_path'])
    )
      plan.unchanged.units += 1;
    else plan.units.updates.push({ before: existing, after });
  }
}
