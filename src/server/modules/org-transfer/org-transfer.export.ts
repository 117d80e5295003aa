/**
 * The organisation export: one workbook of everything in the caller's scope, in the layout of
 * `org-transfer.workbook.ts` (machine values, so the file can be edited and imported again).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { type RegionRow, type UnitRow, regionPrefixesInScope } from '../org/index.js';
import type { StaffRow, SubjectRow } from '../people/index.js';
import type { ZoneMembershipRow, ZoneRow } from '../zones/index.js';
import { recordAudit } from '../audit/index.js';
import { type Ctx, can, inTransaction, scopeFor } from '../../shared/context.js';
import { type Scope, prefixUpper, scopePredicate } from '../../shared/scope.js';
import { type XlsxSheet, xlsxSheet } from '../../shared/spreadsheet/sheet.js';
import { SHEET_HEADERS, SHEET_NAMES } from './org-transfer.workbook.js';

/** Pages through a query by a unique, ordered key, so a large table never sits in memory. */
async function* keyset<R>(fetch: (after: string | null) => Promise<R[]>, key: (r: R) => string): AsyncGenerator<R> {
  let after: string | null = null;
  for (;;) {
    const rows = await fetch(after);
    for (const r of rows) yield r;
    if (rows.length < EXPORT_BATCH) return;
    after = key(rows.at(-1)!);
  }
}
const EXPORT_BATCH = 1000;

function pathPrefixes<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: string,
  prefixes: string[],
): Expression<SqlBool> {
  if (prefixes.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.or(
    prefixes.map((p) => sql<SqlBool>`(${sql.ref(column)} >= ${p} and ${sql.ref(column)} < ${prefixUpper(p)})`),
  );
}

/**
 * Builds the sheets of an organisation export limited to the caller's scope: regions, units and
 * zones within the `org.export` scope; staff and subjects within the `staff.read` /
 * `subject.read` scopes, and only when the caller holds those permissions. Records the export
 * (`organisation.export`, with row counts) in the audit chain. Throws FORBIDDEN.
 */
export async function exportOrganisation(ctx: Ctx): Promise<XlsxSheet[]> {
  const scope = scopeFor(ctx, 'org.export');
  const prefixes = await regionPrefixesInScope(ctx, 'org.export');
  const db = ctx.db;
  const H = SHEET_HEADERS;
  const unitScope = { unitId: 'id', unitPath: 'path', regionPath: 'region_path' };
  const zoneScope = { unitId: 'z.owner_unit_id', unitPath: 'z.owner_unit_path', regionPath: 'z.region_path' };
  const staffScope = can(ctx, 'staff.read') ? scopeFor(ctx, 'staff.read') : null;
  const subjectScope = can(ctx, 'subject.read') ? scopeFor(ctx, 'subject.read') : null;

  const regions = () => db.selectFrom('regions').where((eb) => pathPrefixes(eb, 'path', prefixes));
  const units = () => db.selectFrom('units').where((eb) => scopePredicate(eb, scope, unitScope));
  const zones = () => db.selectFrom('zones as z').where((eb) => scopePredicate(eb, scope, zoneScope));
  const memberships = () =>
    db
      .selectFrom('zone_memberships as m')
      .innerJoin('zones as z', 'z.id', 'm.zone_id')
      .where((eb) => scopePredicate(eb, scope, zoneScope));
  const staff = (s: Scope) => db.selectFrom('staff').where((eb) => scopePredicate(eb, s));
  const subjects = (s: Scope) => db.selectFrom('subjects').where((eb) => scopePredicate(eb, s));

  const n = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
  const counts = {
    regions: await n(
      regions()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    units: await n(
      units()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    zones: await n(
      zones()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    memberships: await n(
      memberships()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    staff: staffScope
      ? await n(
          staff(staffScope)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow(),
        )
      : null,
    subjects: subjectScope
      ? await n(
          subjects(subjectScope)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow(),
        )
      : null,
  };

  const sheets: XlsxSheet[] = [
    xlsxSheet<RegionRow>(
      SHEET_NAMES.regions,
      [
        { header: H.regions.code, width: 18, text: true, value: (r) => r.code },
        { header: H.regions.parentCode, width: 18, text: true, value: (r) => r.parent_code },
        { header: H.regions.level, width: 14, value: (r) => r.level },
        { header: H.regions.name, width: 24, value: (r) => r.name },
      ],
      keyset(
        (after) => {
          let q = regions().selectAll();
          if (after !== null) q = q.where('path', '>', after);
          return q.orderBy('path').limit(EXPORT_BATCH).execute();
        },
        (r) => r.path,
      ),
    ),
    xlsxSheet<UnitRow>(
      SHEET_NAMES.units,
      [
        { header: H.units.id, width: 38, text: true, value: (r) => r.id },
        { header: H.units.parentId, width: 38, text: true, value: (r) => r.parent_id },
        { header: H.units.kind, width: 20, value: (r) => r.kind },
        { header: H.units.name, width: 40, value: (r) => r.name },
        { header: H.units.shortName, width: 20, value: (r) => r.short_name },
        { header: H.units.regionCode, width: 18, text: true, value: (r) => r.region_code },
      ],
      keyset(
        (after) => {
          let q = units().selectAll();
          if (after !== null) q = q.where('path', '>', after);
          return q.orderBy('path').limit(EXPORT_BATCH).execute();
        },
        (r) => r.path,
      ),
    ),
    xlsxSheet<ZoneRow>(
      SHEET_NAMES.zones,
      [
        { header: H.zones.id, width: 38, text: true, value: (r) => r.id },
        { header: H.zones.commissionUnitId, width: 38, text: true, value: (r) => r.commission_unit_id },
        { header: H.zones.ordinal, width: 8, value: (r) => r.ordinal },
        { header: H.zones.name, width: 32, value: (r) => r.name },
        { header: H.zones.centralTownshipCode, width: 18, text: true, value: (r) => r.central_township_code },
        { header: H.zones.workroomUnitId, width: 38, text: true, value: (r) => r.workroom_unit_id },
      ],
      keyset(
        (after) => {
          let q = zones().selectAll('z');
          if (after !== null) q = q.where('z.id', '>', after);
          return q.orderBy('z.id').limit(EXPORT_BATCH).execute();
        },
        (r) => r.id,
      ),
    ),
    xlsxSheet<ZoneMembershipRow>(
      SHEET_NAMES.memberships,
      [
        { header: H.memberships.zoneId, width: 38, text: true, value: (r) => r.zone_id },
        { header: H.memberships.townshipCode, width: 18, text: true, value: (r) => r.township_code },
        { header: H.memberships.unitId, width: 38, text: true, value: (r) => r.unit_id },
        { header: H.memberships.effectiveFrom, width: 12, text: true, value: (r) => r.effective_from },
        { header: H.memberships.effectiveTo, width: 12, text: true, value: (r) => r.effective_to },
      ],
      keyset(
        (after) => {
          let q = memberships().selectAll('m');
          if (after !== null) q = q.where('m.id', '>', after);
          return q.orderBy('m.id').limit(EXPORT_BATCH).execute();
        },
        (r) => r.id,
      ),
    ),
  ];
  if (staffScope) {
    sheets.push(
      xlsxSheet<StaffRow>(
        SHEET_NAMES.staff,
        [
          { header: H.staff.id, width: 38, text: true, value: (r) => r.id },
          { header: H.staff.unitId, width: 38, text: true, value: (r) => r.unit_id },
          { header: H.staff.name, width: 12, value: (r) => r.name },
          { header: H.staff.gender, width: 8, value: (r) => r.gender },
          { header: H.staff.position, width: 30, value: (r) => r.position },
          { header: H.staff.education, width: 12, value: (r) => r.education },
          { header: H.staff.partyMember, width: 8, value: (r) => r.party_member === 1 },
          { header: H.staff.birthDate, width: 12, text: true, value: (r) => r.birth_date },
          { header: H.staff.workStartDate, width: 12, text: true, value: (r) => r.work_start_date },
          { header: H.staff.unitStartDate, width: 12, text: true, value: (r) => r.unit_start_date },
          { header: H.staff.active, width: 8, value: (r) => r.active === 1 },
        ],
        keyset(
          (after) => {
            let q = staff(staffScope).selectAll();
            if (after !== null) q = q.where('id', '>', after);
            return q.orderBy('id').limit(EXPORT_BATCH).execute();
          },
          (r) => r.id,
        ),
      ),
    );
  }
  if (subjectScope) {
    sheets.push(
      xlsxSheet<SubjectRow>(
        SHEET_NAMES.subjects,
        [
          { header: H.subjects.id, width: 38, text: true, value: (r) => r.id },
          { header: H.subjects.name, width: 12, value: (r) => r.name },
          { header: H.subjects.gender, width: 8, value: (r) => r.gender },
          { header: H.subjects.position, width: 24, value: (r) => r.position },
          { header: H.subjects.employer, width: 30, value: (r) => r.employer },
          { header: H.subjects.regionCode, width: 18, text: true, value: (r) => r.region_code },
          { header: H.subjects.cadreAuthority, width: 18, value: (r) => r.cadre_authority },
          { header: H.subjects.partyMember, width: 8, value: (r) => r.party_member === 1 },
          { header: H.subjects.ownerUnitId, width: 38, text: true, value: (r) => r.owner_unit_id },
        ],
        keyset(
          (after) => {
            let q = subjects(subjectScope).selectAll();
            if (after !== null) q = q.where('id', '>', after);
            return q.orderBy('id').limit(EXPORT_BATCH).execute();
          },
          (r) => r.id,
        ),
      ),
    );
  }

  await inTransaction(ctx, async (tx) => {
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries(counts)) if (v !== null) changes[k] = [null, v];
    await recordAudit(tx, {
      action: 'organisation.export',
      resourceType: 'organisation',
      resourceId: null,
      unitId: ctx.actor?.unitId ?? null,
      changes,
    });
  });
  return sheets;
}
