/**
 * Loading the database rows an import file refers to, before any row is validated: by the ids
 * and codes the file names, in chunks of 500 keys (never a whole table).
 */
import { countyCodeOf, expectedParentCode, levelOfCode, regionPrefixesInScope } from '../../org/index.js';
import type { ParsedWorkbook } from '../org-transfer.read.js';
import { type TransferEntity, cellText, classifyId } from '../org-transfer.workbook.js';
import type { ImportPlanner } from './planner.js';

/** The non-blank texts of one column of a sheet. */
function rawTexts(wb: ParsedWorkbook, entity: TransferEntity, field: string): string[] {
  const out: string[] = [];
  for (const rc of wb.rows[entity]) {
    const v = rc.cells[field];
    const t = v === undefined ? null : cellText(v);
    if (t !== null) out.push(t);
  }
  return out;
}

/** The UUIDs (lower case, once each) named in some columns of some sheets. */
function uuids(wb: ParsedWorkbook, pairs: [TransferEntity, string][]): string[] {
  const out = new Set<string>();
  for (const [e, f] of pairs) {
    for (const t of rawTexts(wb, e, f)) {
      const c = classifyId(t);
      if (c.kind === 'uuid') out.add(c.id);
    }
  }
  return [...out];
}

/** Loads every database row the file refers to, in chunks (no whole-table reads). */
export async function loadReferencedRows(p: ImportPlanner): Promise<void> {
  const db = p.ctx.db;
  const chunked = async <T>(keys: Iterable<string>, fn: (chunk: string[]) => Promise<T[]>): Promise<T[]> => {
    const all = [...new Set(keys)];
    const out: T[] = [];
    for (let i = 0; i < all.length; i += 500) for (const r of await fn(all.slice(i, i + 500))) out.push(r);
    return out;
  };

  const unitIds = uuids(p.wb, [
    ['units', 'id'],
    ['units', 'parentId'],
    ['zones', 'commissionUnitId'],
    ['zones', 'workroomUnitId'],
    ['memberships', 'unitId'],
    ['staff', 'unitId'],
    ['subjects', 'ownerUnitId'],
  ]);
  const zoneIds = uuids(p.wb, [
    ['zones', 'id'],
    ['memberships', 'zoneId'],
  ]);
  for (const z of await chunked(zoneIds, (c) => db.selectFrom('zones').selectAll().where('id', 'in', c).execute())) {
    p.dbZones.set(z.id, z);
  }
  const zoneUnitIds = [...p.dbZones.values()].flatMap((z) => [z.commission_unit_id, z.workroom_unit_id ?? '']);
  for (const u of await chunked([...unitIds, ...zoneUnitIds].filter(Boolean), (c) =>
    db.selectFrom('units').selectAll().where('id', 'in', c).execute(),
  )) {
    p.dbUnits.set(u.id, u);
  }
  for (const s of await chunked(uuids(p.wb, [['staff', 'id']]), (c) =>
    db.selectFrom('staff').selectAll().where('id', 'in', c).execute(),
  )) {
    p.dbStaff.set(s.id, s);
  }
  for (const s of await chunked(uuids(p.wb, [['subjects', 'id']]), (c) =>
    db.selectFrom('subjects').selectAll().where('id', 'in', c).execute(),
  )) {
    p.dbSubjects.set(s.id, s);
  }

  const codes = new Set<string>();
  for (const [e, f] of [
    ['regions', 'code'],
    ['units', 'regionCode'],
    ['zones', 'centralTownshipCode'],
    ['memberships', 'townshipCode'],
    ['subjects', 'regionCode'],
  ] as [TransferEntity, string][]) {
    for (const t of rawTexts(p.wb, e, f)) {
      codes.add(t);
      const parent = levelOfCode(t) ? expectedParentCode(t) : null;
      if (parent) codes.add(parent);
    }
  }
  for (const u of p.dbUnits.values()) codes.add(u.region_code);
  for (const z of p.dbZones.values()) if (z.central_township_code) codes.add(z.central_township_code);
  for (const s of p.dbSubjects.values()) codes.add(s.region_code);
  for (const r of await chunked(
    [...codes].filter((c) => c.length <= 15),
    (c) => db.selectFrom('regions').selectAll().where('code', 'in', c).execute(),
  )) {
    p.dbRegions.set(r.code, r);
  }

  const townships = rawTexts(p.wb, 'memberships', 'townshipCode');
  const memberUnits = uuids(p.wb, [['memberships', 'unitId']]);
  const memberships = [
    ...(await chunked(townships, (c) =>
      db.selectFrom('zone_memberships').selectAll().where('township_code', 'in', c).execute(),
    )),
    ...(await chunked(memberUnits, (c) =>
      db.selectFrom('zone_memberships').selectAll().where('unit_id', 'in', c).execute(),
    )),
  ];
  for (const m of memberships) {
    const key = m.township_code ? `t:${m.township_code}` : `u:${m.unit_id}`;
    const list = p.dbMemberships.get(key) ?? [];
    if (!list.some((x) => x.id === m.id)) list.push(m);
    p.dbMemberships.set(key, list);
  }

  // Zones of the commissions named in the file, for the one-ordinal-per-commission rule.
  const commissions = [
    ...uuids(p.wb, [['zones', 'commissionUnitId']]),
    ...[...p.dbZones.values()].map((z) => z.commission_unit_id),
  ];
  for (const z of await chunked(commissions, (c) =>
    db.selectFrom('zones').selectAll().where('commission_unit_id', 'in', c).execute(),
  )) {
    p.dbZones.set(z.id, z);
  }

  // Bodies competent for subjects without an owner unit (JK 2020 第十一条).
  const needOwner = p.wb.rows.subjects.some(
    (rc) => rc.cells.ownerUnitId === null || rc.cells.ownerUnitId === undefined,
  );
  if (needOwner) {
    const seats = new Set<string>();
    for (const code of rawTexts(p.wb, 'subjects', 'regionCode')) {
      if (!levelOfCode(code)) continue;
      seats.add(code.slice(0, 9) + '000');
      const county = countyCodeOf(code);
      if (county) seats.add(county);
    }
    for (const u of await chunked(seats, (c) =>
      db
        .selectFrom('units')
        .selectAll()
        .where('region_code', 'in', c)
        .where('kind', 'in', ['commission', 'township_commission'])
        .where('active', '=', 1)
        .execute(),
    )) {
      const list = p.competent.get(u.region_code) ?? [];
      list.push(u);
      p.competent.set(u.region_code, list);
      if (!p.dbUnits.has(u.id)) p.dbUnits.set(u.id, u);
    }
  }

  if (p.wb.rows.regions.length > 0) p.regionPrefixes = await regionPrefixesInScope(p.ctx, 'org.import');
}
