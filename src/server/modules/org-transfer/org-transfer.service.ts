import { createHash } from 'node:crypto';
import { type ExpressionBuilder, type Expression, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import {
  type RegionLevel,
  type RegionRow,
  type UnitRow,
  UNIT_KINDS,
  chineseOrdinal,
  countyCodeOf,
  expectedParentCode,
  levelOfCode,
  regionPath,
  regionPrefixesInScope,
} from '../org/index.js';
import { type StaffRow, type SubjectRow, CADRE_AUTHORITIES } from '../people/index.js';
import type { ZoneMembershipRow, ZoneRow } from '../zones/index.js';
import { type Ctx, can, inTransaction, nowIso, scopeFor } from '../../shared/context.js';
import { type DomainError, domainError, errors } from '../../shared/errors.js';
import { UUID_PATTERN, newId } from '../../shared/ids.js';
import { invalidateAccessCache } from '../access/index.js';
import { type Scope, inScope, prefixUpper, scopePredicate } from '../../shared/scope.js';
import { type XlsxSheet, xlsxSheet } from '../../shared/spreadsheet/sheet.js';
import { type XlsxCell, readXlsxSheets } from '../../shared/spreadsheet/xlsx-reader.js';
import { recordAudit } from '../audit/index.js';

/**
 * Import and export of the organisation as one Excel workbook (capability C1): regions, units,
 * zones, zone memberships, staff and subjects, one sheet each, with Chinese headers and machine
 * values (codes, English enums, `YYYY-MM-DD` dates), so that an export can be edited and
 * imported again. An import is all or nothing: every row is validated first, and one bad row
 * rejects the whole file with the list of bad rows (IMPORT_REJECTED).
 */

/** The entities of the workbook, in the order they are validated and written. */
export const TRANSFER_ENTITIES = ['regions', 'units', 'zones', 'memberships', 'staff', 'subjects'] as const;
/** One entity (one sheet) of the workbook. */
export type TransferEntity = (typeof TRANSFER_ENTITIES)[number];

/** Sheet names of the workbook (Chinese, as the console and users see them). */
export const SHEET_NAMES: Record<TransferEntity, string> = {
  regions: '行政区划',
  units: '单位',
  zones: '协作区',
  memberships: '协作区成员',
  staff: '干部',
  subjects: '监督对象',
};

/** Column headers of each sheet, by field. Import matches columns by these headers. */
export const SHEET_HEADERS = {
  regions: { code: '代码', parentCode: '上级代码', level: '级别', name: '名称' },
  units: {
    id: 'ID',
    parentId: '上级单位ID',
    kind: '类型',
    name: '名称',
    shortName: '简称',
    regionCode: '行政区划代码',
  },
  zones: {
    id: 'ID',
    commissionUnitId: '县纪委监委单位ID',
    ordinal: '序号',
    name: '名称',
    centralTownshipCode: '中心乡镇代码',
    workroomUnitId: '工作室单位ID',
  },
  memberships: {
    zoneId: '协作区ID',
    townshipCode: '乡镇代码',
    unitId: '派驻机构单位ID',
    effectiveFrom: '起始日期',
    effectiveTo: '终止日期',
  },
  staff: {
    id: 'ID',
    unitId: '单位ID',
    name: '姓名',
    gender: '性别',
    position: '职务',
    education: '学历',
    partyMember: '党员',
    birthDate: '出生日期',
    workStartDate: '参加工作时间',
    unitStartDate: '任现单位时间',
    active: '在岗',
  },
  subjects: {
    id: 'ID',
    name: '姓名',
    gender: '性别',
    position: '职务',
    employer: '工作单位',
    regionCode: '行政区划代码',
    cadreAuthority: '干部管理权限',
    partyMember: '党员',
    ownerUnitId: '归属单位ID',
  },
} as const satisfies Record<TransferEntity, Record<string, string>>;

/** Most data rows one import may hold (all sheets together). */
export const IMPORT_ROW_LIMIT = 200_000;
/** Most rejected rows listed in an IMPORT_REJECTED answer (the total is always given). */
const MAX_REPORTED_ERRORS = 1000;
const GENDERS = ['male', 'female'] as const;
const UUID_RE = new RegExp(UUID_PATTERN, 'i');
const OPEN_END = '9999-12-31';

// ---------------------------------------------------------------------------------------------
// Export

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

// ---------------------------------------------------------------------------------------------
// Reading a workbook

/** One rejected cell or row of an import file; `row` is the Excel row number (header = 1). */
export interface ImportRowError {
  sheet: string;
  row: number;
  field: string | null;
  code: string;
  message: string;
}

/** One data row: cells by field; a field that is absent had no column, `null` is a blank cell. */
interface RowCtx {
  entity: TransferEntity;
  row: number;
  cells: Partial<Record<string, XlsxCell>>;
  /** Fields already reported (`*` for the row); null until the first error. */
  failed: Set<string> | null;
}

/** The rows of the sheets of an import file, by entity. */
export interface ParsedWorkbook {
  rows: Record<TransferEntity, RowCtx[]>;
  headerErrors: ImportRowError[];
  dataRows: number;
}

const ENTITY_BY_SHEET = new Map<string, TransferEntity>(TRANSFER_ENTITIES.map((e) => [SHEET_NAMES[e], e]));

function rejected(rows: ImportRowError[], total = rows.length): DomainError {
  return domainError('IMPORT_REJECTED', {
    rows: rows.slice(0, MAX_REPORTED_ERRORS),
    total,
    truncated: total > MAX_REPORTED_ERRORS,
  });
}

/**
 * Reads an uploaded workbook: streams the known sheets row by row (`readXlsxSheets`), stopping
 * past IMPORT_ROW_LIMIT rows (rows of unknown sheets count too). Header problems are collected
 * for the rejection, not thrown. Throws INVALID_FILE (not an xlsx, damaged, no known sheet) and
 * IMPORT_REJECTED (too many rows).
 */
export async function readTransferWorkbook(buffer: Buffer, opts: { rowLimit?: number } = {}): Promise<ParsedWorkbook> {
  const rowLimit = opts.rowLimit ?? IMPORT_ROW_LIMIT;
  const out: ParsedWorkbook = {
    rows: { regions: [], units: [], zones: [], memberships: [], staff: [], subjects: [] },
    headerErrors: [],
    dataRows: 0,
  };
  let known = 0;
  for await (const sheet of readXlsxSheets(buffer)) {
    const name = sheet.name;
    const entity = ENTITY_BY_SHEET.get(name) ?? null;
    if (entity) known += 1;
    const headers = entity ? (SHEET_HEADERS[entity] as Record<string, string>) : {};
    const fieldByHeader = new Map(Object.entries(headers).map(([f, h]) => [h, f]));
    let columns: Map<number, string> | null = null;
    for await (const row of sheet.rows) {
      if (!entity) {
        out.dataRows += 1;
        if (out.dataRows > rowLimit) throw tooMany(name, row.number, rowLimit);
        continue;
      }
      if (columns === null) {
        columns = new Map();
        if (row.number !== 1) {
          // Without a header the columns cannot be known: the whole sheet is rejected.
          out.headerErrors.push({
            sheet: name,
            row: 1,
            field: null,
            code: 'MISSING_HEADER',
            message: '第 1 行须为表头',
          });
          continue;
        }
        const seen = new Set<string>();
        row.cells.forEach((h, i) => {
          const field = typeof h === 'string' ? fieldByHeader.get(h) : undefined;
          if (!field) return;
          if (seen.has(field)) {
            out.headerErrors.push({
              sheet: name,
              row: 1,
              field: h as string,
              code: 'DUPLICATE',
              message: '表头重复',
            });
          }
          seen.add(field);
          columns!.set(i, field);
        });
        continue;
      }
      const cells: Partial<Record<string, XlsxCell>> = {};
      let blank = true;
      for (const [i, field] of columns) {
        const c = row.cells[i] ?? null;
        cells[field] = c;
        if (c !== null) blank = false;
      }
      if (blank) continue;
      out.dataRows += 1;
      if (out.dataRows > rowLimit) throw tooMany(name, row.number, rowLimit);
      out.rows[entity].push({ entity, row: row.number, cells, failed: null });
    }
  }
  if (known === 0) {
    throw domainError('INVALID_FILE', { reason: '文件中没有可导入的工作表', sheets: Object.values(SHEET_NAMES) });
  }
  return out;
}

function tooMany(sheetName: string, row: number, limit: number): DomainError {
  return rejected([
    {
      sheet: sheetName,
      row,
      field: null,
      code: 'TOO_MANY_ROWS',
      message: `一次最多导入 ${limit} 行数据，请拆分文件`,
    },
  ]);
}

// ---------------------------------------------------------------------------------------------
// Validating and planning an import

/** Row counts per entity. */
export interface TransferCounts {
  regions: number;
  units: number;
  zones: number;
  memberships: number;
  staff: number;
  subjects: number;
}

/** What an import did (or, in a dry run, would do). */
export interface ImportResult {
  /** Rows inserted plus rows updated, per sheet. */
  imported: TransferCounts;
  inserted: TransferCounts;
  updated: TransferCounts;
  /** Rows identical to the database (nothing written). */
  unchanged: TransferCounts;
  dryRun: boolean;
}

function zeroCounts(): TransferCounts {
  return { regions: 0, units: 0, zones: 0, memberships: 0, staff: 0, subjects: 0 };
}

/** A region as it will be once the import is written. */
interface FinalRegion {
  code: string;
  level: string;
  name: string;
  path: string;
  countyCode: string | null;
}

/** A unit as it will be once the import is written (path null when it cannot be placed). */
interface FinalUnit {
  id: string;
  kind: string;
  path: string | null;
  regionCode: string;
  regionPath: string | null;
  countyCode: string | null;
}

interface FileRegion {
  rc: RowCtx;
  code: string;
  level: RegionLevel;
  name: string | null | undefined;
  existing: RegionRow | null;
  valid: boolean;
}

interface FileUnit {
  rc: RowCtx;
  id: string;
  existing: UnitRow | null;
  /** Resolved parent id; null for a root; undefined while unresolved or unresolvable. */
  parentId: string | null | undefined;
  kind: string;
  name: string;
  shortName: string | null;
  regionCode: string;
  region: FinalRegion | null;
}

interface FileZone {
  rc: RowCtx;
  id: string;
  existing: ZoneRow | null;
  row: ZoneRow | null;
}

interface FileMembership {
  rc: RowCtx;
  zoneId: string;
  memberKey: string;
  from: string;
  to: string | null;
  existing: ZoneMembershipRow | null;
}

/** The writes of a validated import. */
interface ImportPlan {
  regionInserts: RegionRow[];
  regionUpdates: { code: string; name: string }[];
  unitInserts: UnitRow[];
  unitUpdates: { before: UnitRow; after: UnitRow }[];
  zoneInserts: ZoneRow[];
  zoneUpdates: { before: ZoneRow; after: ZoneRow }[];
  membershipInserts: ZoneMembershipRow[];
  membershipUpdates: { id: string; effective_to: string | null; before: string | null }[];
  staffInserts: StaffRow[];
  staffUpdates: { before: StaffRow; after: StaffRow }[];
  subjectInserts: SubjectRow[];
  subjectUpdates: { before: SubjectRow; after: SubjectRow }[];
  unchanged: TransferCounts;
}

type IdClass = { kind: 'blank' } | { kind: 'uuid'; id: string } | { kind: 'temp'; key: string };

function classifyId(raw: string | null | undefined): IdClass {
  if (raw === null || raw === undefined) return { kind: 'blank' };
  if (UUID_RE.test(raw)) return { kind: 'uuid', id: raw.toLowerCase() };
  return { kind: 'temp', key: raw };
}

function cellText(v: XlsxCell): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v.toISOString().slice(0, 10);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `YYYY-MM-DD` names a real day between 1900 and 2100 (no Date object: hot path). */
function isCalendarDate(s: string): boolean {
  if (s.length !== 10 || s[4] !== '-' || s[7] !== '-') return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || !/^\d{4}-\d\d-\d\d$/.test(s))
    return false;
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/** Parses a calendar date cell: `YYYY-MM-DD` text, an Excel date, or an Excel date serial. */
function cellDate(v: XlsxCell): string | null | false {
  if (v === null) return null;
  let s: string;
  if (typeof v === 'string') s = v;
  else if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return false;
    s = v.toISOString().slice(0, 10);
  } else if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 2958465) {
    // An Excel date serial (days since 1899-12-30) in a cell without a date format.
    s = new Date(Date.UTC(1899, 11, 30) + v * 86_400_000).toISOString().slice(0, 10);
  } else {
    return false;
  }
  return isCalendarDate(s) ? s : false;
}

function cellBool(v: XlsxCell): boolean | null | 'bad' {
  if (v === null) return null;
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const t = v.toLowerCase();
    if (['true', '1', '是', 'yes', 'y'].includes(t)) return true;
    if (['false', '0', '否', 'no', 'n'].includes(t)) return false;
  }
  return 'bad';
}

function sameColumns<T extends object>(before: T, after: T, keys: (keyof T)[]): boolean {
  return keys.every((k) => before[k] === after[k]);
}

/**
 * Validates every row of a parsed workbook against the database and the importer's scope, and
 * plans the writes. Collects every bad row instead of stopping at the first.
 */
class ImportPlanner {
  readonly errors: ImportRowError[] = [];
  private readonly scope: Scope;
  private regionPrefixes: string[] = [];

  private dbRegions = new Map<string, RegionRow>();
  private dbUnits = new Map<string, UnitRow>();
  private dbZones = new Map<string, ZoneRow>();
  private dbStaff = new Map<string, StaffRow>();
  private dbSubjects = new Map<string, SubjectRow>();
  private dbMemberships = new Map<string, ZoneMembershipRow[]>();
  /** Active commissions and township commissions by region code, for competent owners. */
  private competent = new Map<string, UnitRow[]>();

  private fileRegions = new Map<string, FileRegion>();
  private fileUnits = new Map<string, FileUnit>();
  /** Reference token (lower-case UUID or `tmp:<key>`) → unit id. */
  private unitAliases = new Map<string, string>();
  private fileZones = new Map<string, FileZone>();
  private zoneAliases = new Map<string, string>();

  private regionMemo = new Map<string, FinalRegion | null>();
  /** File units by `regionCode|kind`, built on first use. */
  private fileSeats: Map<string, string> | null = null;
  private pathMemo = new Map<string, string | null>();

  constructor(
    private readonly ctx: Ctx,
    private readonly wb: ParsedWorkbook,
  ) {
    this.scope = scopeFor(ctx, 'org.import');
  }

  private fail(rc: RowCtx, field: string | null, code: string, message: string): void {
    rc.failed ??= new Set();
    if (field) {
      if (rc.failed.has(field)) return;
      rc.failed.add(field);
    } else {
      rc.failed.add('*');
    }
    const headers = SHEET_HEADERS[rc.entity] as Record<string, string>;
    this.errors.push({
      sheet: SHEET_NAMES[rc.entity],
      row: rc.row,
      field: field ? (headers[field] ?? field) : null,
      code,
      message,
    });
  }

  private bad(rc: RowCtx): boolean {
    return rc.failed !== null;
  }

  private failedOn(rc: RowCtx, field: string): boolean {
    return rc.failed?.has(field) ?? false;
  }

  // --- cell readers: undefined = no such column, null = blank; errors are recorded ----------

  private text(rc: RowCtx, field: string, max = 200): string | null | undefined {
    const v = rc.cells[field];
    if (v === undefined) return undefined;
    const t = cellText(v);
    if (t !== null && t.length > max) {
      this.fail(rc, field, 'TOO_LONG', `不能超过 ${max} 个字符`);
      return undefined;
    }
    return t;
  }

  private date(rc: RowCtx, field: string): string | null | undefined {
    const v = rc.cells[field];
    if (v === undefined) return undefined;
    const d = cellDate(v);
    if (d === false) {
      this.fail(rc, field, 'INVALID_DATE', '日期须为有效的 YYYY-MM-DD');
      return undefined;
    }
    return d;
  }

  private bool(rc: RowCtx, field: string): boolean | null | undefined {
    const v = rc.cells[field];
    if (v === undefined) return undefined;
    const b = cellBool(v);
    if (b === 'bad') {
      this.fail(rc, field, 'INVALID_ENUM', '须为 TRUE/FALSE（或 是/否、1/0）');
      return undefined;
    }
    return b;
  }

  private int(rc: RowCtx, field: string, min: number, max: number): number | null | undefined {
    const v = rc.cells[field];
    if (v === undefined) return undefined;
    if (v === null) return null;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      this.fail(rc, field, 'INVALID_VALUE', `须为 ${min}–${max} 的整数`);
      return undefined;
    }
    return n;
  }

  private oneOf<T extends string>(rc: RowCtx, field: string, values: readonly T[]): T | null | undefined {
    const t = this.text(rc, field, 60);
    if (t === undefined || t === null) return t;
    if (!(values as readonly string[]).includes(t)) {
      this.fail(rc, field, 'INVALID_ENUM', `须为以下值之一：${values.join(', ')}`);
      return undefined;
    }
    return t as T;
  }

  /** Records REQUIRED when a value is blank, or absent on a new row; returns whether present. */
  private need<T>(rc: RowCtx, field: string, value: T | null | undefined): value is T {
    if (value !== null && value !== undefined) return true;
    if (!this.failedOn(rc, field)) this.fail(rc, field, 'REQUIRED', '必填');
    return false;
  }

  // --- references -----------------------------------------------------------------------------

  /** Resolves a unit reference (a UUID, or a temporary key from the 单位 sheet) to an id. */
  private resolveUnit(raw: string): string | null {
    const c = classifyId(raw);
    if (c.kind === 'uuid') return this.unitAliases.get(c.id) ?? (this.dbUnits.has(c.id) ? c.id : null);
    if (c.kind === 'temp') return this.unitAliases.get(`tmp:${c.key}`) ?? null;
    return null;
  }

  private resolveZone(raw: string): string | null {
    const c = classifyId(raw);
    if (c.kind === 'uuid') return this.zoneAliases.get(c.id) ?? (this.dbZones.has(c.id) ? c.id : null);
    if (c.kind === 'temp') return this.zoneAliases.get(`tmp:${c.key}`) ?? null;
    return null;
  }

  /** A region as it will be after the import (file rows over database rows), or null. */
  private finalRegion(code: string): FinalRegion | null {
    const memo = this.regionMemo.get(code);
    if (memo !== undefined) return memo;
    const fr = this.fileRegions.get(code);
    const db = this.dbRegions.get(code);
    let out: FinalRegion | null = null;
    if (db) {
      out = { code, level: db.level, name: fr?.name ?? db.name, path: db.path, countyCode: db.county_code };
    } else if (fr?.valid) {
      const parentCode = expectedParentCode(code);
      const parent = parentCode ? this.finalRegion(parentCode) : null;
      if (!parentCode || parent) {
        out = {
          code,
          level: fr.level,
          name: fr.name ?? '',
          path: regionPath(parent?.path ?? null, code),
          countyCode: countyCodeOf(code),
        };
      }
    }
    this.regionMemo.set(code, out);
    return out;
  }

  /**
   * The path a unit will have after the import. A unit of the file hangs under its (new)
   * parent; a unit of the database not in the file moves with its nearest ancestor in the
   * file. Walks iteratively so a long chain cannot overflow the stack; a unit met twice on one
   * walk is a cycle, reported as UNIT_CYCLE on the file rows that form it.
   */
  private unitPath(start: string): string | null {
    const chain: { id: string; suffix: string }[] = [];
    const onChain = new Map<string, number>();
    let cur: string | null = start;
    let base: string | null;
    for (;;) {
      if (cur === null) {
        base = '/';
        break;
      }
      const memo = this.pathMemo.get(cur);
      if (memo !== undefined) {
        base = memo;
        break;
      }
      const at = onChain.get(cur);
      if (at !== undefined) {
        for (const link of chain.slice(at)) {
          const fu = this.fileUnits.get(link.id);
          if (fu) this.fail(fu.rc, 'parentId', 'UNIT_CYCLE', '单位上下级关系形成循环');
        }
        base = null;
        break;
      }
      onChain.set(cur, chain.length);
      const fu = this.fileUnits.get(cur);
      if (fu) {
        if (fu.parentId === undefined) {
          chain.push({ id: cur, suffix: '' });
          base = null;
          break;
        }
        chain.push({ id: cur, suffix: `${cur}/` });
        cur = fu.parentId;
        continue;
      }
      const db = this.dbUnits.get(cur);
      if (!db) {
        base = null;
        break;
      }
      const segments = db.path.split('/').filter(Boolean);
      let k = segments.length - 2;
      while (k >= 0 && !this.fileUnits.has(segments[k]!)) k -= 1;
      if (k < 0) {
        base = db.path;
        this.pathMemo.set(cur, db.path);
        break;
      }
      chain.push({ id: cur, suffix: `${segments.slice(k + 1).join('/')}/` });
      cur = segments[k]!;
    }
    for (let i = chain.length - 1; i >= 0; i -= 1) {
      const link = chain[i]!;
      base = base === null ? null : base + link.suffix;
      this.pathMemo.set(link.id, base);
    }
    const own = this.pathMemo.get(start);
    return own === undefined ? base : own;
  }

  /** A unit as it will be after the import, or null when it exists nowhere. */
  private finalUnit(id: string): FinalUnit | null {
    const fu = this.fileUnits.get(id);
    if (fu) {
      return {
        id,
        kind: fu.kind,
        path: this.unitPath(id),
        regionCode: fu.regionCode,
        regionPath: fu.region?.path ?? null,
        countyCode: fu.region?.countyCode ?? null,
      };
    }
    const db = this.dbUnits.get(id);
    if (!db) return null;
    return {
      id,
      kind: db.kind,
      path: this.unitPath(id),
      regionCode: db.region_code,
      regionPath: db.region_path,
      countyCode: db.county_code,
    };
  }

  /** Whether a unit at its final place lies in the importer's scope. */
  private unitPlacedInScope(u: FinalUnit): boolean {
    if (u.path === null || u.regionPath === null) return true; // already reported
    return inScope(this.scope, { owner_unit_id: u.id, owner_unit_path: u.path, region_path: u.regionPath });
  }

  // --- loading ----------------------------------------------------------------------------------

  private rawTexts(entity: TransferEntity, field: string): string[] {
    const out: string[] = [];
    for (const rc of this.wb.rows[entity]) {
      const v = rc.cells[field];
      const t = v === undefined ? null : cellText(v);
      if (t !== null) out.push(t);
    }
    return out;
  }

  private uuids(pairs: [TransferEntity, string][]): string[] {
    const out = new Set<string>();
    for (const [e, f] of pairs) {
      for (const t of this.rawTexts(e, f)) {
        const c = classifyId(t);
        if (c.kind === 'uuid') out.add(c.id);
      }
    }
    return [...out];
  }

  /** Loads every database row the file refers to, in chunks (no whole-table reads). */
  private async load(): Promise<void> {
    const db = this.ctx.db;
    const chunked = async <T>(keys: Iterable<string>, fn: (chunk: string[]) => Promise<T[]>): Promise<T[]> => {
      const all = [...new Set(keys)];
      const out: T[] = [];
      for (let i = 0; i < all.length; i += 500) for (const r of await fn(all.slice(i, i + 500))) out.push(r);
      return out;
    };

    const unitIds = this.uuids([
      ['units', 'id'],
      ['units', 'parentId'],
      ['zones', 'commissionUnitId'],
      ['zones', 'workroomUnitId'],
      ['memberships', 'unitId'],
      ['staff', 'unitId'],
      ['subjects', 'ownerUnitId'],
    ]);
    const zoneIds = this.uuids([
      ['zones', 'id'],
      ['memberships', 'zoneId'],
    ]);
    for (const z of await chunked(zoneIds, (c) => db.selectFrom('zones').selectAll().where('id', 'in', c).execute())) {
      this.dbZones.set(z.id, z);
    }
    const zoneUnitIds = [...this.dbZones.values()].flatMap((z) => [z.commission_unit_id, z.workroom_unit_id ?? '']);
    for (const u of await chunked([...unitIds, ...zoneUnitIds].filter(Boolean), (c) =>
      db.selectFrom('units').selectAll().where('id', 'in', c).execute(),
    )) {
      this.dbUnits.set(u.id, u);
    }
    for (const s of await chunked(this.uuids([['staff', 'id']]), (c) =>
      db.selectFrom('staff').selectAll().where('id', 'in', c).execute(),
    )) {
      this.dbStaff.set(s.id, s);
    }
    for (const s of await chunked(this.uuids([['subjects', 'id']]), (c) =>
      db.selectFrom('subjects').selectAll().where('id', 'in', c).execute(),
    )) {
      this.dbSubjects.set(s.id, s);
    }

    const codes = new Set<string>();
    for (const [e, f] of [
      ['regions', 'code'],
      ['units', 'regionCode'],
      ['zones', 'centralTownshipCode'],
      ['memberships', 'townshipCode'],
      ['subjects', 'regionCode'],
    ] as [TransferEntity, string][]) {
      for (const t of this.rawTexts(e, f)) {
        codes.add(t);
        const parent = levelOfCode(t) ? expectedParentCode(t) : null;
        if (parent) codes.add(parent);
      }
    }
    for (const u of this.dbUnits.values()) codes.add(u.region_code);
    for (const z of this.dbZones.values()) if (z.central_township_code) codes.add(z.central_township_code);
    for (const s of this.dbSubjects.values()) codes.add(s.region_code);
    for (const r of await chunked(
      [...codes].filter((c) => c.length <= 15),
      (c) => db.selectFrom('regions').selectAll().where('code', 'in', c).execute(),
    )) {
      this.dbRegions.set(r.code, r);
    }

    const townships = this.rawTexts('memberships', 'townshipCode');
    const memberUnits = this.uuids([['memberships', 'unitId']]);
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
      const list = this.dbMemberships.get(key) ?? [];
      if (!list.some((x) => x.id === m.id)) list.push(m);
      this.dbMemberships.set(key, list);
    }

    // Zones of the commissions named in the file, for the one-ordinal-per-commission rule.
    const commissions = [
      ...this.uuids([['zones', 'commissionUnitId']]),
      ...[...this.dbZones.values()].map((z) => z.commission_unit_id),
    ];
    for (const z of await chunked(commissions, (c) =>
      db.selectFrom('zones').selectAll().where('commission_unit_id', 'in', c).execute(),
    )) {
      this.dbZones.set(z.id, z);
    }

    // Bodies competent for subjects without an owner unit (JK 2020 第十一条).
    const needOwner = this.wb.rows.subjects.some(
      (rc) => rc.cells.ownerUnitId === null || rc.cells.ownerUnitId === undefined,
    );
    if (needOwner) {
      const seats = new Set<string>();
      for (const code of this.rawTexts('subjects', 'regionCode')) {
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
        const list = this.competent.get(u.region_code) ?? [];
        list.push(u);
        this.competent.set(u.region_code, list);
        if (!this.dbUnits.has(u.id)) this.dbUnits.set(u.id, u);
      }
    }

    if (this.wb.rows.regions.length > 0) this.regionPrefixes = await regionPrefixesInScope(this.ctx, 'org.import');
  }

  // --- sheets -------------------------------------------------------------------------------------

  private planRegions(plan: ImportPlan, at: string): void {
    for (const rc of this.wb.rows.regions) {
      const code = this.text(rc, 'code', 20);
      if (!this.need(rc, 'code', code)) continue;
      const level = levelOfCode(code);
      if (!level) {
        this.fail(rc, 'code', 'INVALID_REGION_CODE', '行政区划代码须为 12 位数字（村民小组 15 位）的 GB/T 2260 代码');
        continue;
      }
      if (this.fileRegions.has(code)) {
        this.fail(rc, 'code', 'DUPLICATE', `代码 ${code} 在本表中重复`);
        continue;
      }
      const expected = expectedParentCode(code);
      const parentGiven = this.text(rc, 'parentCode', 20);
      let valid = true;
      if (parentGiven !== undefined && parentGiven !== null && parentGiven !== expected) {
        this.fail(rc, 'parentCode', 'INVALID_REGION_CODE', `按代码规则，上级代码应为 ${expected ?? '空'}`);
        valid = false;
      }
      const levelGiven = this.text(rc, 'level', 20);
      if (levelGiven !== undefined && levelGiven !== null && levelGiven !== level) {
        this.fail(rc, 'level', 'INVALID_ENUM', `按代码规则，级别应为 ${level}`);
      }
      const existing = this.dbRegions.get(code) ?? null;
      const name = this.text(rc, 'name', 60);
      if (name === null || (name === undefined && !existing)) this.need(rc, 'name', name);
      this.fileRegions.set(code, { rc, code, level, name, existing, valid });
    }
    for (const fr of this.fileRegions.values()) {
      const { rc, code } = fr;
      if (!fr.existing) {
        const parentCode = expectedParentCode(code);
        if (parentCode && !this.dbRegions.has(parentCode) && !this.fileRegions.get(parentCode)?.valid) {
          this.fail(rc, 'parentCode', 'PARENT_NOT_FOUND', `上级区划 ${parentCode} 不存在（数据库和本文件中都没有）`);
        }
      }
      const final = this.finalRegion(code);
      if (final && !this.regionPrefixes.some((p) => final.path.startsWith(p))) {
        this.fail(rc, 'code', 'OUT_OF_SCOPE', '该区划不在您的导入权限范围内');
      }
      if (this.bad(rc) || !final) continue;
      if (!fr.existing) {
        plan.regionInserts.push({
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
        plan.regionUpdates.push({ code, name: fr.name });
      } else {
        plan.unchanged.regions += 1;
      }
    }
  }

  private planUnits(plan: ImportPlan, at: string): void {
    for (const rc of this.wb.rows.units) {
      const c = classifyId(this.text(rc, 'id', 80));
      let id: string;
      let token: string | null = null;
      if (c.kind === 'uuid') {
        id = c.id;
        token = c.id;
      } else {
        id = newId();
        if (c.kind === 'temp') token = `tmp:${c.key}`;
      }
      if (token && this.unitAliases.has(token)) {
        this.fail(rc, 'id', 'DUPLICATE', 'ID 在本表中重复');
        continue;
      }
      if (token) this.unitAliases.set(token, id);
      const existing = this.dbUnits.get(id) ?? null;
      this.fileUnits.set(id, {
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
    for (const fu of this.fileUnits.values()) {
      const { rc, existing } = fu;
      const parentRaw = this.text(rc, 'parentId', 80);
      if (parentRaw === undefined) fu.parentId = existing ? existing.parent_id : null;
      else if (parentRaw === null) fu.parentId = null;
      else {
        const pid = this.resolveUnit(parentRaw);
        if (pid) fu.parentId = pid;
        else this.fail(rc, 'parentId', 'PARENT_NOT_FOUND', `上级单位 ${parentRaw} 不存在（数据库和本文件中都没有）`);
      }
      const kind = this.oneOf(rc, 'kind', UNIT_KINDS);
      const name = this.text(rc, 'name', 80);
      const shortName = this.text(rc, 'shortName', 30);
      const regionCode = this.text(rc, 'regionCode', 20);
      const isNew = !existing;
      if (kind === null || (isNew && kind === undefined)) this.need(rc, 'kind', kind);
      if (name === null || (isNew && name === undefined)) this.need(rc, 'name', name);
      if (regionCode === null || (isNew && regionCode === undefined)) this.need(rc, 'regionCode', regionCode);
      if (kind) fu.kind = kind;
      if (name) fu.name = name;
      if (shortName !== undefined) fu.shortName = shortName;
      if (regionCode) fu.regionCode = regionCode;
      if (fu.regionCode) {
        fu.region = this.finalRegion(fu.regionCode);
        if (!fu.region && !this.failedOn(rc, 'regionCode')) {
          this.fail(rc, 'regionCode', 'NOT_FOUND', `行政区划 ${fu.regionCode} 不存在`);
        }
      }
    }
    for (const fu of this.fileUnits.values()) {
      const { rc, existing, id } = fu;
      if (
        existing &&
        !inScope(this.scope, { owner_unit_id: id, owner_unit_path: existing.path, region_path: existing.region_path })
      ) {
        this.fail(rc, 'id', 'OUT_OF_SCOPE', '该单位不在您的导入权限范围内');
      }
      const path = this.unitPath(id);
      const final = this.finalUnit(id);
      if (path && final && !this.unitPlacedInScope(final)) {
        this.fail(rc, 'parentId', 'OUT_OF_SCOPE', '上级单位不在您的导入权限范围内');
      }
    }
    for (const fu of this.fileUnits.values()) {
      const { rc, existing, id } = fu;
      const path = this.unitPath(id);
      if (this.bad(rc) || !path || !fu.region || fu.parentId === undefined) continue;
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
      if (!existing) plan.unitInserts.push(after);
      else if (
        sameColumns(existing, after, ['parent_id', 'kind', 'name', 'short_name', 'region_code', 'path', 'region_path'])
      )
        plan.unchanged.units += 1;
      else plan.unitUpdates.push({ before: existing, after });
    }
  }

  private planZones(plan: ImportPlan, at: string): void {
    for (const rc of this.wb.rows.zones) {
      const c = classifyId(this.text(rc, 'id', 80));
      let id: string;
      let token: string | null = null;
      if (c.kind === 'uuid') {
        id = c.id;
        token = c.id;
      } else {
        id = newId();
        if (c.kind === 'temp') token = `tmp:${c.key}`;
      }
      if (token && this.zoneAliases.has(token)) {
        this.fail(rc, 'id', 'DUPLICATE', 'ID 在本表中重复');
        continue;
      }
      if (token) this.zoneAliases.set(token, id);
      this.fileZones.set(id, { rc, id, existing: this.dbZones.get(id) ?? null, row: null });
    }
    const ordinals = new Map<string, string[]>();
    for (const fz of this.fileZones.values()) {
      const { rc, existing, id } = fz;
      if (existing && !inScope(this.scope, existing))
        this.fail(rc, 'id', 'OUT_OF_SCOPE', '该协作区不在您的导入权限范围内');
      const commissionRaw = this.text(rc, 'commissionUnitId', 80);
      let commissionId: string | null | undefined = existing?.commission_unit_id;
      if (commissionRaw !== undefined) {
        commissionId = commissionRaw === null ? null : this.resolveUnit(commissionRaw);
        if (commissionRaw !== null && !commissionId) {
          this.fail(rc, 'commissionUnitId', 'NOT_FOUND', `单位 ${commissionRaw} 不存在`);
        }
      }
      if (commissionRaw === null || (commissionRaw === undefined && !existing)) this.need(rc, 'commissionUnitId', null);
      const commission = commissionId ? this.finalUnit(commissionId) : null;
      const county = commission ? this.finalRegion(commission.regionCode) : null;
      if (commission) {
        if (commission.kind !== 'commission' || county?.level !== 'county') {
          this.fail(rc, 'commissionUnitId', 'INVALID_VALUE', '协作区须由县级纪委监委设立');
        } else if (!this.unitPlacedInScope(commission)) {
          this.fail(rc, 'commissionUnitId', 'OUT_OF_SCOPE', '该纪委监委不在您的导入权限范围内');
        }
      }
      const ordinalCell = this.int(rc, 'ordinal', 1, 999);
      const ordinal = ordinalCell ?? (ordinalCell === undefined ? existing?.ordinal : undefined);
      if (ordinalCell === null || (ordinalCell === undefined && !existing)) this.need(rc, 'ordinal', ordinalCell);
      const nameCell = this.text(rc, 'name', 100);
      const centralCell = this.text(rc, 'centralTownshipCode', 20);
      const central = centralCell === undefined ? (existing?.central_township_code ?? null) : centralCell;
      if (central && county) {
        const r = this.finalRegion(central);
        if (!r) this.fail(rc, 'centralTownshipCode', 'NOT_FOUND', `行政区划 ${central} 不存在`);
        else if (r.level !== 'township' || r.countyCode !== county.code) {
          this.fail(rc, 'centralTownshipCode', 'INVALID_VALUE', '中心乡镇须为本县的乡镇');
        }
      }
      const workroomRaw = this.text(rc, 'workroomUnitId', 80);
      let workroomId: string | null = existing?.workroom_unit_id ?? null;
      if (workroomRaw !== undefined) {
        workroomId = workroomRaw === null ? null : this.resolveUnit(workroomRaw);
        if (workroomRaw !== null && !workroomId)
          this.fail(rc, 'workroomUnitId', 'NOT_FOUND', `单位 ${workroomRaw} 不存在`);
      }
      if (workroomId) {
        const w = this.finalUnit(workroomId);
        if (w && w.kind !== 'workroom') this.fail(rc, 'workroomUnitId', 'INVALID_VALUE', '须为乡镇纪检监察工作室');
      }
      if (commission && ordinal !== undefined) {
        const key = `${commission.id}|${ordinal}`;
        ordinals.set(key, [...(ordinals.get(key) ?? []), id]);
      }
      if (this.bad(rc) || !commission || !county || !commission.path || ordinal === undefined) continue;
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
    for (const z of this.dbZones.values()) {
      if (this.fileZones.has(z.id)) continue;
      const key = `${z.commission_unit_id}|${z.ordinal}`;
      if (ordinals.has(key)) ordinals.set(key, [...ordinals.get(key)!, z.id]);
    }
    for (const [key, ids] of ordinals) {
      if (ids.length < 2) continue;
      for (const id of ids) {
        const fz = this.fileZones.get(id);
        if (fz) this.fail(fz.rc, 'ordinal', 'CONFLICT', `该纪委监委已有第 ${key.split('|')[1]} 协作区`);
      }
    }
    for (const fz of this.fileZones.values()) {
      if (this.bad(fz.rc) || !fz.row) continue;
      if (!fz.existing) plan.zoneInserts.push(fz.row);
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
      else plan.zoneUpdates.push({ before: fz.existing, after: fz.row });
    }
  }

  /** A zone as it will be after the import: its county and whether it is in scope. */
  private finalZone(id: string): { countyCode: string | null; inScope: boolean } | null {
    const fz = this.fileZones.get(id);
    if (fz) {
      if (fz.row) return { countyCode: fz.row.county_code, inScope: inScope(this.scope, fz.row) };
      return { countyCode: null, inScope: true }; // its own row is reported
    }
    const z = this.dbZones.get(id);
    return z ? { countyCode: z.county_code, inScope: inScope(this.scope, z) } : null;
  }

  private planMemberships(plan: ImportPlan, at: string): void {
    const rows: FileMembership[] = [];
    const keys = new Set<string>();
    for (const rc of this.wb.rows.memberships) {
      const zoneRaw = this.text(rc, 'zoneId', 80);
      let zoneId: string | null = null;
      if (this.need(rc, 'zoneId', zoneRaw)) {
        zoneId = this.resolveZone(zoneRaw);
        if (!zoneId) this.fail(rc, 'zoneId', 'NOT_FOUND', `协作区 ${zoneRaw} 不存在`);
      }
      const zone = zoneId ? this.finalZone(zoneId) : null;
      if (zone && !zone.inScope) this.fail(rc, 'zoneId', 'OUT_OF_SCOPE', '该协作区不在您的导入权限范围内');
      const township = this.text(rc, 'townshipCode', 20) ?? null;
      const unitRaw = this.text(rc, 'unitId', 80) ?? null;
      let memberKey: string | null = null;
      if ((township === null) === (unitRaw === null)) {
        this.fail(rc, 'townshipCode', 'REQUIRED', '乡镇代码和派驻机构单位ID须且只能填写一项');
      } else if (township !== null) {
        const r = this.finalRegion(township);
        if (!r) this.fail(rc, 'townshipCode', 'NOT_FOUND', `行政区划 ${township} 不存在`);
        else if (r.level !== 'township' || (zone?.countyCode && r.countyCode !== zone.countyCode)) {
          this.fail(rc, 'townshipCode', 'INVALID_VALUE', '须为协作区所在县的乡镇');
        } else memberKey = `t:${township}`;
      } else if (unitRaw !== null) {
        const uid = this.resolveUnit(unitRaw);
        const u = uid ? this.finalUnit(uid) : null;
        if (!u) this.fail(rc, 'unitId', 'NOT_FOUND', `单位 ${unitRaw} 不存在`);
        else if (u.kind !== 'dispatched_group' || (zone?.countyCode && u.countyCode !== zone.countyCode)) {
          this.fail(rc, 'unitId', 'INVALID_VALUE', '须为协作区所在县的派驻纪检监察组');
        } else memberKey = `u:${u.id}`;
      }
      const from = this.date(rc, 'effectiveFrom');
      this.need(rc, 'effectiveFrom', from);
      const to = this.date(rc, 'effectiveTo') ?? null;
      if (from && to && to <= from) this.fail(rc, 'effectiveTo', 'INVALID_DATE_RANGE', '终止日期须晚于起始日期');
      if (!zoneId || !memberKey || !from) continue;
      const key = `${zoneId}|${memberKey}|${from}`;
      if (keys.has(key)) {
        this.fail(rc, null, 'DUPLICATE', '同一协作区、成员和起始日期的行重复');
        continue;
      }
      keys.add(key);
      const existing =
        this.dbMemberships.get(memberKey)?.find((m) => m.zone_id === zoneId && m.effective_from === from) ?? null;
      rows.push({ rc, zoneId, memberKey, from, to, existing });
    }

    // A township (or dispatched group) belongs to at most one zone at a time: check the final
    // history of each member, file rows over database rows.
    const byMember = new Map<string, FileMembership[]>();
    for (const m of rows) byMember.set(m.memberKey, [...(byMember.get(m.memberKey) ?? []), m]);
    for (const [memberKey, fileRows] of byMember) {
      const replaced = new Set(fileRows.flatMap((m) => (m.existing ? [m.existing.id] : [])));
      const intervals = [
        ...(this.dbMemberships.get(memberKey) ?? [])
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
          if (iv.file) this.fail(iv.file.rc, 'effectiveFrom', 'ZONE_MEMBERSHIP_CONFLICT', message);
          if (reach.file) this.fail(reach.file.rc, 'effectiveFrom', 'ZONE_MEMBERSHIP_CONFLICT', message);
        }
        if (!reach || iv.end > reach.end) reach = iv;
      }
    }

    for (const m of rows) {
      if (this.bad(m.rc)) continue;
      if (!m.existing) {
        const township = m.memberKey.startsWith('t:') ? m.memberKey.slice(2) : null;
        plan.membershipInserts.push({
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
        plan.membershipUpdates.push({ id: m.existing.id, effective_to: m.to, before: m.existing.effective_to });
      } else {
        plan.unchanged.memberships += 1;
      }
    }
  }

  /**
   * The id of a person row: the UUID of its id column, or '' for a new row without one (nothing
   * refers to people, so their ids are drawn only when written). Null for a duplicate.
   */
  private rowId(rc: RowCtx, seen: Set<string>): string | null {
    const c = classifyId(this.text(rc, 'id', 80));
    const id = c.kind === 'uuid' ? c.id : '';
    const token = c.kind === 'uuid' ? c.id : c.kind === 'temp' ? `tmp:${c.key}` : null;
    if (token && seen.has(token)) {
      this.fail(rc, 'id', 'DUPLICATE', 'ID 在本表中重复');
      return null;
    }
    if (token) seen.add(token);
    return id;
  }

  /** Resolves the unit a person row belongs to; records errors. */
  private personUnit(rc: RowCtx, field: string, current: string | undefined, required: boolean): FinalUnit | null {
    const raw = this.text(rc, field, 80);
    let id: string | null | undefined = current;
    if (raw !== undefined) id = raw === null ? null : this.resolveUnit(raw);
    if (raw === null || (raw === undefined && !current)) {
      if (required) this.need(rc, field, null);
      return null;
    }
    const unit = id ? this.finalUnit(id) : null;
    if (!unit) {
      this.fail(rc, field, 'NOT_FOUND', `单位 ${raw ?? current} 不存在`);
      return null;
    }
    if (!this.unitPlacedInScope(unit)) this.fail(rc, field, 'OUT_OF_SCOPE', '该单位不在您的导入权限范围内');
    return unit;
  }

  private planStaff(plan: ImportPlan, at: string): void {
    const seen = new Set<string>();
    for (const rc of this.wb.rows.staff) {
      const id = this.rowId(rc, seen);
      if (id === null) continue;
      const existing = this.dbStaff.get(id) ?? null;
      if (existing && !inScope(this.scope, existing))
        this.fail(rc, 'id', 'OUT_OF_SCOPE', '该干部不在您的导入权限范围内');
      const unit = this.personUnit(rc, 'unitId', existing?.unit_id, true);
      const pick = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);
      const name = pick(this.text(rc, 'name', 40), existing?.name);
      const position = pick(this.text(rc, 'position', 60), existing?.position);
      this.need(rc, 'name', name);
      this.need(rc, 'position', position);
      const gender = pick(this.oneOf(rc, 'gender', GENDERS), existing?.gender ?? null);
      const education = pick(this.text(rc, 'education', 30), existing?.education ?? null);
      const party = pick(this.bool(rc, 'partyMember'), existing ? existing.party_member === 1 : true);
      const birth = pick(this.date(rc, 'birthDate'), existing?.birth_date ?? null);
      const work = pick(this.date(rc, 'workStartDate'), existing?.work_start_date ?? null);
      const since = pick(this.date(rc, 'unitStartDate'), existing?.unit_start_date ?? null);
      const active = pick(this.bool(rc, 'active'), existing ? existing.active === 1 : true);
      if (this.bad(rc) || !unit?.path || !unit.regionPath || !name || !position) continue;
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
      if (!existing) plan.staffInserts.push(after);
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
      else plan.staffUpdates.push({ before: existing, after });
    }
  }

  /** The body competent for a person by cadre authority, as the organisation will be. */
  private competentUnit(region: FinalRegion, authority: string): FinalUnit | null {
    if (!this.fileSeats) {
      this.fileSeats = new Map();
      for (const fu of this.fileUnits.values()) {
        const key = `${fu.regionCode}|${fu.kind}`;
        if (!this.bad(fu.rc) && !this.fileSeats.has(key)) this.fileSeats.set(key, fu.id);
      }
    }
    const seats = this.fileSeats;
    const pickAt = (code: string, kind: string): FinalUnit | null => {
      const fileId = seats.get(`${code}|${kind}`);
      if (fileId) return this.finalUnit(fileId);
      const u = (this.competent.get(code) ?? []).find((x) => x.kind === kind && !this.fileUnits.has(x.id));
      return u ? this.finalUnit(u.id) : null;
    };
    if (authority !== 'county_managed' && region.level !== 'county' && region.level !== 'city') {
      const t = pickAt(region.code.slice(0, 9) + '000', 'township_commission');
      if (t) return t;
    }
    return region.countyCode ? pickAt(region.countyCode, 'commission') : null;
  }

  private planSubjects(plan: ImportPlan, at: string): void {
    const seen = new Set<string>();
    for (const rc of this.wb.rows.subjects) {
      const id = this.rowId(rc, seen);
      if (id === null) continue;
      const existing = this.dbSubjects.get(id) ?? null;
      if (existing && !inScope(this.scope, existing)) {
        this.fail(rc, 'id', 'OUT_OF_SCOPE', '该监督对象不在您的导入权限范围内');
      }
      const pick = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);
      const name = pick(this.text(rc, 'name', 40), existing?.name);
      const position = pick(this.text(rc, 'position', 60), existing?.position);
      const employer = pick(this.text(rc, 'employer', 80), existing?.employer);
      const regionCode = pick(this.text(rc, 'regionCode', 20), existing?.region_code);
      const authority = pick(this.oneOf(rc, 'cadreAuthority', CADRE_AUTHORITIES), existing?.cadre_authority);
      this.need(rc, 'name', name);
      this.need(rc, 'position', position);
      this.need(rc, 'employer', employer);
      this.need(rc, 'regionCode', regionCode);
      this.need(rc, 'cadreAuthority', authority);
      const gender = pick(this.oneOf(rc, 'gender', GENDERS), existing?.gender ?? null);
      const party = pick(this.bool(rc, 'partyMember'), existing ? existing.party_member === 1 : false);
      const region = regionCode ? this.finalRegion(regionCode) : null;
      if (regionCode && !region) this.fail(rc, 'regionCode', 'NOT_FOUND', `行政区划 ${regionCode} 不存在`);
      let owner: FinalUnit | null = null;
      const ownerCell = rc.cells.ownerUnitId;
      if (ownerCell === null || (ownerCell === undefined && !existing)) {
        // No owner given: the body competent by cadre authority (JK 2020 第十一条).
        if (region && authority) {
          owner = this.competentUnit(region, authority);
          if (!owner) this.fail(rc, 'ownerUnitId', 'REQUIRED', '找不到有管辖权的单位，请填写归属单位ID');
          else if (!this.unitPlacedInScope(owner)) {
            this.fail(rc, 'ownerUnitId', 'OUT_OF_SCOPE', '有管辖权的单位不在您的导入权限范围内');
          }
        }
      } else {
        owner = this.personUnit(rc, 'ownerUnitId', existing?.owner_unit_id, true);
      }
      if (this.bad(rc) || !owner?.path || !region || !name || !position || !employer || !authority) continue;
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
      if (!existing) plan.subjectInserts.push(after);
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
      else plan.subjectUpdates.push({ before: existing, after });
    }
  }

  /** Validates everything and returns the plan, or throws IMPORT_REJECTED with every bad row. */
  async plan(): Promise<ImportPlan> {
    await this.load();
    const at = nowIso(this.ctx);
    const plan: ImportPlan = {
      regionInserts: [],
      regionUpdates: [],
      unitInserts: [],
      unitUpdates: [],
      zoneInserts: [],
      zoneUpdates: [],
      membershipInserts: [],
      membershipUpdates: [],
      staffInserts: [],
      staffUpdates: [],
      subjectInserts: [],
      subjectUpdates: [],
      unchanged: zeroCounts(),
    };
    this.planRegions(plan, at);
    this.planUnits(plan, at);
    this.planZones(plan, at);
    this.planMemberships(plan, at);
    this.planStaff(plan, at);
    this.planSubjects(plan, at);
    const all = [...this.wb.headerErrors, ...this.errors];
    if (all.length > 0) {
      const order = new Map(TRANSFER_ENTITIES.map((e, i) => [SHEET_NAMES[e], i]));
      all.sort((a, b) => (order.get(a.sheet) ?? 9) - (order.get(b.sheet) ?? 9) || a.row - b.row);
      throw rejected(all);
    }
    return plan;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Inserts rows in multi-row statements of at most ~30,000 parameters (SQLite allows 32,766 and
 * PostgreSQL 65,535 per statement); fewer, larger statements are several times faster.
 */
async function insertChunks<T extends 'regions' | 'units' | 'zones' | 'zone_memberships' | 'staff' | 'subjects'>(
  tx: Ctx,
  table: T,
  rows: readonly Database[T][],
): Promise<void> {
  if (rows.length === 0) return;
  const size = Math.min(1000, Math.floor(30_000 / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += size) {
    await tx.db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

/** Throws CONFLICT when an optimistic-locked update touched no row (edited meanwhile). */
function assertUpdated(res: { numUpdatedRows: bigint }, what: string, id: string): void {
  if (Number(res.numUpdatedRows) === 0) throw errors.conflict({ resource: what, id });
}

/** Writes a validated plan in the caller's transaction, parents before children. */
async function writePlan(tx: Ctx, plan: ImportPlan): Promise<void> {
  const db = tx.db;
  await insertChunks(
    tx,
    'regions',
    [...plan.regionInserts].sort((a, b) => a.path.length - b.path.length),
  );
  for (const r of plan.regionUpdates) {
    await db
      .updateTable('regions')
      .set({ name: r.name, updated_at: nowIso(tx) })
      .where('code', '=', r.code)
      .execute();
  }

  await insertChunks(
    tx,
    'units',
    [...plan.unitInserts].sort((a, b) => a.path.length - b.path.length),
  );
  for (const { before, after } of plan.unitUpdates) {
    const res = await db
      .updateTable('units')
      .set({
        parent_id: after.parent_id,
        kind: after.kind,
        name: after.name,
        short_name: after.short_name,
        region_code: after.region_code,
        path: after.path,
        region_path: after.region_path,
        county_code: after.county_code,
        version: after.version,
        updated_at: after.updated_at,
      })
      .where('id', '=', after.id)
      .where('version', '=', before.version)
      .executeTakeFirst();
    assertUpdated(res, 'unit', after.id);
  }
  // Units the file moved carry their subtrees and the rows they own along. Deepest first: a
  // row under several moved units takes the path of its nearest one, and rows already at their
  // final place never lie under a moved unit's old path.
  const moved = plan.unitUpdates
    .filter((u) => u.before.path !== u.after.path)
    .sort((a, b) => b.before.path.length - a.before.path.length);
  for (const { before, after } of moved) {
    const from = before.path;
    const upper = prefixUpper(from);
    const cut = from.length + 1;
    await db
      .updateTable('units')
      .set({ path: sql`${after.path} || substr(path, ${cut})` })
      .where('path', '>=', from)
      .where('path', '<', upper)
      .execute();
    // Every table whose rows carry an owner path (as org.service's rewriteUnitPaths): records left
    // on the old path would fall out of the new parent's scope and stay in the old one's.
    for (const table of ['staff', 'subjects', 'zones', 'reports', 'deadlines', 'clues'] as const) {
      await db
        .updateTable(table)
        .set({ owner_unit_path: sql`${after.path} || substr(owner_unit_path, ${cut})` })
        .where('owner_unit_path', '>=', from)
        .where('owner_unit_path', '<', upper)
        .execute();
    }
  }
  // A unit seated in another region: its staff follow (staff rows take their unit's region).
  for (const { before, after } of plan.unitUpdates) {
    if (before.region_path === after.region_path) continue;
    await db
      .updateTable('staff')
      .set({ region_path: after.region_path, county_code: after.county_code })
      .where('owner_unit_id', '=', after.id)
      .execute();
  }

  // One ordinal per commission is a unique index: zones the file renumbers step aside first,
  // so two zones may swap numbers, and new zones come last, so they may take a freed number.
  const renumbered = plan.zoneUpdates.filter((u) => u.before.ordinal !== u.after.ordinal);
  for (const [i, u] of renumbered.entries()) {
    await db
      .updateTable('zones')
      .set({ ordinal: -(i + 1) })
      .where('id', '=', u.after.id)
      .execute();
  }
  for (const { before, after } of plan.zoneUpdates) {
    const { id, created_at: _created, active: _active, ...cols } = after;
    const res = await db
      .updateTable('zones')
      .set(cols)
      .where('id', '=', id)
      .where('version', '=', before.version)
      .executeTakeFirst();
    assertUpdated(res, 'zone', id);
    if (before.workroom_unit_id && before.workroom_unit_id !== after.workroom_unit_id) {
      await db
        .updateTable('units')
        .set({ zone_id: null })
        .where('id', '=', before.workroom_unit_id)
        .where('zone_id', '=', id)
        .execute();
    }
  }
  await insertChunks(tx, 'zones', plan.zoneInserts);
  for (const z of [...plan.zoneInserts, ...plan.zoneUpdates.map((u) => u.after)]) {
    if (z.workroom_unit_id) {
      await db.updateTable('units').set({ zone_id: z.id }).where('id', '=', z.workroom_unit_id).execute();
    }
  }

  // Memberships that end go first (one open membership per township is a unique index), so a
  // township can leave one zone and join another, or a closed membership be reopened.
  const membershipUpdates = [...plan.membershipUpdates].sort(
    (a, b) => Number(a.effective_to === null) - Number(b.effective_to === null),
  );
  for (const m of membershipUpdates) {
    const res = await db
      .updateTable('zone_memberships')
      .set({ effective_to: m.effective_to })
      .where('id', '=', m.id)
      .where((eb) => (m.before === null ? eb('effective_to', 'is', null) : eb('effective_to', '=', m.before)))
      .executeTakeFirst();
    assertUpdated(res, 'zone_membership', m.id);
  }
  await insertChunks(tx, 'zone_memberships', plan.membershipInserts);

  for (const r of plan.staffInserts) if (!r.id) r.id = newId();
  await insertChunks(tx, 'staff', plan.staffInserts);
  for (const { before, after } of plan.staffUpdates) {
    const { id, created_at: _created, ...cols } = after;
    const res = await db
      .updateTable('staff')
      .set(cols)
      .where('id', '=', id)
      .where('version', '=', before.version)
      .executeTakeFirst();
    assertUpdated(res, 'staff', id);
  }
  for (const r of plan.subjectInserts) if (!r.id) r.id = newId();
  await insertChunks(tx, 'subjects', plan.subjectInserts);
  for (const { before, after } of plan.subjectUpdates) {
    const { id, created_at: _created, ...cols } = after;
    const res = await db
      .updateTable('subjects')
      .set(cols)
      .where('id', '=', id)
      .where('version', '=', before.version)
      .executeTakeFirst();
    assertUpdated(res, 'subject', id);
  }
}

/**
 * Imports an organisation workbook (the export's layout, any subset of sheets): validates every
 * row against the database and the importer's `org.import` scope, then — unless `dryRun` —
 * writes all of it in one transaction with one `organisation.import` audit event. Rows with an
 * existing id or code update it; others are inserted (a non-UUID id is a key local to the file).
 * Throws INVALID_FILE, IMPORT_REJECTED (`details.rows`: every bad row), CONFLICT (a row changed
 * while the file was being checked).
 */
export async function importOrganisation(ctx: Ctx, buffer: Buffer, opts: { dryRun: boolean }): Promise<ImportResult> {
  const wb = await readTransferWorkbook(buffer);
  const plan = await new ImportPlanner(ctx, wb).plan();
  const inserted: TransferCounts = {
    regions: plan.regionInserts.length,
    units: plan.unitInserts.length,
    zones: plan.zoneInserts.length,
    memberships: plan.membershipInserts.length,
    staff: plan.staffInserts.length,
    subjects: plan.subjectInserts.length,
  };
  const updated: TransferCounts = {
    regions: plan.regionUpdates.length,
    units: plan.unitUpdates.length,
    zones: plan.zoneUpdates.length,
    memberships: plan.membershipUpdates.length,
    staff: plan.staffUpdates.length,
    subjects: plan.subjectUpdates.length,
  };
  const imported = zeroCounts();
  for (const e of TRANSFER_ENTITIES) imported[e] = inserted[e] + updated[e];
  if (!opts.dryRun) {
    await inTransaction(ctx, async (tx) => {
      await writePlan(tx, plan);
      const changes: Record<string, [unknown, unknown]> = {};
      for (const e of TRANSFER_ENTITIES) changes[e] = [null, { inserted: inserted[e], updated: updated[e] }];
      changes.sha256 = [null, createHash('sha256').update(buffer).digest('hex')];
      await recordAudit(tx, {
        action: 'organisation.import',
        resourceType: 'organisation',
        resourceId: null,
        unitId: ctx.actor?.unitId ?? null,
        changes,
      });
    });
    invalidateAccessCache();
  }
  return { imported, inserted, updated, unchanged: plan.unchanged, dryRun: opts.dryRun };
}
