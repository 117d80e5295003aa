/**
 * Planning the 协作区成员 sheet: a township (or a dispatched group) of the zone's county joins a
 * zone from a date, until a date or open; a member belongs to at most one zone at a time, which
 * is checked on its whole history, file rows over database rows. Rows are keyed by zone, member
 * and start date: an existing one may only change its end date.
 */
import { inScope } from '../../../shared/scope.js';
import type { RowCtx } from '../org-transfer.read.js';
import { OPEN_END } from '../org-transfer.workbook.js';
import { newId } from '../../../shared/ids.js';
import type { ZoneMembershipRow } from '../../zones/index.js';
import type { ImportPlan, ImportPlanner } from './planner.js';

/** A row of the 协作区成员 sheet, resolved. */
interface FileMembership {
  rc: RowCtx;
  zoneId: string;
  memberKey: string;
  from: string;
  to: string | null;
  existing: ZoneMembershipRow | null;
}

/** A zone as it will be after the import: its county and whether it is in scope. */
function finalZone(p: ImportPlanner, id: string): { countyCode: string | null; inScope: boolean } | null {
  const fz = p.fileZones.get(id);
  if (fz) {
    if (fz.row) return { countyCode: fz.row.county_code, inScope: inScope(p.scope, fz.row) };
    return { countyCode: null, inScope: true }; // its own row is reported
  }
  const z = p.dbZones.get(id);
  return z ? { countyCode: z.county_code, inScope: inScope(p.scope, z) } : null;
}

/** Validates the membership rows and plans their inserts and end-date changes. */
export function planMemberships(p: ImportPlanner, plan: ImportPlan, at: string): void {
  const rows: FileMembership[] = [];
  const keys = new Set<string>();
  for (const rc of p.wb.rows.memberships) {
    const zoneRaw = p.text(rc, 'zoneId', 80);
    let zoneId: string | null = null;
    if (p.need(rc, 'zoneId', zoneRaw)) {
      zoneId = p.resolveZone(zoneRaw);
      if (!zoneId) p.fail(rc, 'zoneId', 'NOT_FOUND', `协作区 ${zoneRaw} 不存在`);
    }
    const zone = zoneId ? finalZone(p, zoneId) : null;
    if (zone && !zone.inScope) p.fail(rc, 'zoneId', 'OUT_OF_SCOPE', '该协作区不在您的导入权限范围内');
    const township = p.text(rc, 'townshipCode', 20) ?? null;
    const unitRaw = p.text(rc, 'unitId', 80) ?? null;
    let memberKey: string | null = null;
    if ((township === null) === (unitRaw === null)) {
      p.fail(rc, 'townshipCode', 'REQUIRED', '乡镇代码和派驻机构单位ID须且只能填写一项');
    } else if (township !== null) {
      const r = p.finalRegion(township);
      if (!r) p.fail(rc, 'townshipCode', 'NOT_FOUND', `行政区划 ${township} 不存在`);
      else if (r.level !== 'township' || (zone?.countyCode && r.countyCode !== zone.countyCode)) {
        p.fail(rc, 'townshipCode', 'INVALID_VALUE', '须为协作区所在县的乡镇');
      } else memberKey = `t:${township}`;
    } else if (unitRaw !== null) {
      const uid = p.resolveUnit(unitRaw);
      const u = uid ? p.finalUnit(uid) : null;
      if (!u) p.fail(rc, 'unitId', 'NOT_FOUND', `单位 ${unitRaw} 不存在`);
      else if (u.kind !== 'dispatched_group' || (zone?.countyCode && u.countyCode !== zone.countyCode)) {
        p.fail(rc, 'unitId', 'INVALID_VALUE', '须为协作区所在县的派驻纪检监察组');
      } else memberKey = `u:${u.id}`;
    }
    const from = p.date(rc, 'effectiveFrom');
    p.need(rc, 'effectiveFrom', from);
    const to = p.date(rc, 'effectiveTo') ?? null;
    if (from && to && to <= from) p.fail(rc, 'effectiveTo', 'INVALID_DATE_RANGE', '终止日期须晚于起始日期');
    if (!zoneId || !memberKey || !from) continue;
    const key = `${zoneId}|${memberKey}|${from}`;
    if (keys.has(key)) {
      p.fail(rc, null, 'DUPLICATE', '同一协作区、成员和起始日期的行重复');
      continue;
    }
    keys.add(key);
    const existing =
      p.dbMemberships.get(memberKey)?.find((m) => m.zone_id === zoneId && m.effective_from === from) ?? null;
    rows.push({ rc, zoneId, memberKey, from, to, existing });
  }

  // A township (or dispatched group) belongs to at most one zone at a time: check the final
  // history of each member, file rows over database rows.
  const byMember = new Map<string, FileMembership[]>();
  for (const m of rows) byMember.set(m.memberKey, [...(byMember.get(m.memberKey) ?? []), m]);
  for (const [memberKey, fileRows] of byMember) {
    const replaced = new Set(fileRows.flatMap((m) => (m.existing ? [m.existing.id] : [])));
    const intervals = [
      ...(p.dbMemberships.get(memberKey) ?? [])
        .filter((m) => !replaced.has(m.id))
        .map((m) => ({
          from: m.effective_from,
          end: m.effective_to ?? OPEN_END,
          file: null as FileMembership | null,
        })),
      ...fileRows.map((m) => ({ from: m.from, end: m.to ?? OPEN_END, file: m })),
    ].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    let reach: (typeof intervals)[number] | null = null;
    for (const iv of intervals) {
      if (reach && iv.from < reach.end) {
        const message = '该成员在这段时间已属于一个协作区（同一时间只能属于一个协作区）';
        if (iv.file) p.fail(iv.file.rc, 'effectiveFrom', 'ZONE_MEMBERSHIP_CONFLICT', message);
        if (reach.file) p.fail(reach.file.rc, 'effectiveFrom', 'ZONE_MEMBERSHIP_CONFLICT', message);
      }
      if (!reach || iv.end > reach.end) reach = iv;
    }
  }

  for (const m of rows) {
    if (p.bad(m.rc)) continue;
    if (!m.existing) {
      const township = m.memberKey.startsWith('t:') ? m.memberKey.slice(2) : null;
      plan.memberships.inserts.push({
        id: newId(),
        zone_id: m.zoneId,
        member_kind: township ? 'township' : 'dispatched_group',
        township_code: township,
        unit_id: township ? null : m.memberKey.slice(2),
        effective_from: m.from,
        effective_to: m.to,
        created_at: at,
      });
    } else if (m.existing.effective_to !== m.to) {
      plan.memberships.updates.push({ id: m.existing.id, effective_to: m.to, before: m.existing.effective_to });
    } else {
      plan.unchanged.memberships += 1;
    }
  }
}
