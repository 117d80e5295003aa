/**
 * Planning the 行政区划 sheet: GB/T 2260 codes whose parent and level follow from the code, a
 * parent that exists in the database or the file, and a place within the importer's scope.
 * Regions are keyed by code: an existing code renames, a new one inserts.
 */
import { countyCodeOf, expectedParentCode, levelOfCode } from '../../org/index.js';
import type { ImportPlan, ImportPlanner } from './planner.js';

/** Validates the region rows and plans their inserts and renames. */
export function planRegions(p: ImportPlanner, plan: ImportPlan, at: string): void {
  for (const rc of p.wb.rows.regions) {
    const code = p.text(rc, 'code', 20);
    if (!p.need(rc, 'code', code)) continue;
    const level = levelOfCode(code);
    if (!level) {
      p.fail(rc, 'code', 'INVALID_REGION_CODE', '行政区划代码须为 12 位数字（村民小组 15 位）的 GB/T 2260 代码');
      continue;
    }
    if (p.fileRegions.has(code)) {
      p.fail(rc, 'code', 'DUPLICATE', `代码 ${code} 在本表中重复`);
      continue;
    }
    const expected = expectedParentCode(code);
    const parentGiven = p.text(rc, 'parentCode', 20);
    let valid = true;
    if (parentGiven !== undefined && parentGiven !== null && parentGiven !== expected) {
      p.fail(rc, 'parentCode', 'INVALID_REGION_CODE', `按代码规则，上级代码应为 ${expected ?? '空'}`);
      valid = false;
    }
    const levelGiven = p.text(rc, 'level', 20);
    if (levelGiven !== undefined && levelGiven !== null && levelGiven !== level) {
      p.fail(rc, 'level', 'INVALID_ENUM', `按代码规则，级别应为 ${level}`);
    }
    const existing = p.dbRegions.get(code) ?? null;
    const name = p.text(rc, 'name', 60);
    if (name === null || (name === undefined && !existing)) p.need(rc, 'name', name);
    p.fileRegions.set(code, { rc, code, level, name, existing, valid });
  }
  for (const fr of p.fileRegions.values()) {
    const { rc, code } = fr;
    if (!fr.existing) {
      const parentCode = expectedParentCode(code);
      if (parentCode && !p.dbRegions.has(parentCode) && !p.fileRegions.get(parentCode)?.valid) {
        p.fail(rc, 'parentCode', 'PARENT_NOT_FOUND', `上级区划 ${parentCode} 不存在（数据库和本文件中都没有）`);
      }
    }
    const final = p.finalRegion(code);
    if (final && !p.regionPrefixes.some((prefix) => final.path.startsWith(prefix))) {
      p.fail(rc, 'code', 'OUT_OF_SCOPE', '该区划不在您的导入权限范围内');
    }
    if (p.bad(rc) || !final) continue;
    if (!fr.existing) {
      plan.regions.inserts.push({
        code,
        parent_code: expectedParentCode(code),
        level: fr.level,
        name: fr.name ?? '',
        path: final.path,
        county_code: countyCodeOf(code),
        sort: 0,
        created_at: at,
        updated_at: at,
      });
    } else if (fr.name && fr.name !== fr.existing.name) {
      plan.regions.updates.push({ code, name: fr.name });
    } else {
      plan.unchanged.regions += 1;
    }
  }
}
