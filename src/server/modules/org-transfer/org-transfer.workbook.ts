/**
 * The organisation workbook's contract (capability C1): regions, units, zones, zone memberships,
 * staff and subjects, one sheet each, with Chinese sheet names and headers and machine values
 * (codes, English enums, `YYYY-MM-DD` dates, TRUE/FALSE), so that an export can be edited and
 * imported again. The export writes this layout; the import reads it and reports bad rows by
 * sheet, Excel row and header.
 */
import { type DomainError, domainError } from '../../shared/errors.js';
import { UUID_PATTERN } from '../../shared/ids.js';
import type { XlsxCell } from '../../shared/spreadsheet/xlsx-reader.js';

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

/** The entity of each sheet name. */
export const ENTITY_BY_SHEET: ReadonlyMap<string, TransferEntity> = new Map(
  TRANSFER_ENTITIES.map((e) => [SHEET_NAMES[e], e]),
);

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
/** Values of the 性别 columns. */
export const GENDERS = ['male', 'female'] as const;
/** The end date of an open membership, when intervals are compared. */
export const OPEN_END = '9999-12-31';

/** Row counts per entity. */
export type TransferCounts = Record<TransferEntity, number>;

/** Zero rows of every entity. */
export function zeroCounts(): TransferCounts {
  return { regions: 0, units: 0, zones: 0, memberships: 0, staff: 0, subjects: 0 };
}

/** One rejected cell or row of an import file; `row` is the Excel row number (header = 1). */
export interface ImportRowError {
  sheet: string;
  row: number;
  field: string | null;
  code: string;
  message: string;
}

/** IMPORT_REJECTED with the first bad rows (`details.rows`) and how many there are in all. */
export function rejected(rows: ImportRowError[], total = rows.length): DomainError {
  return domainError('IMPORT_REJECTED', {
    rows: rows.slice(0, MAX_REPORTED_ERRORS),
    total,
    truncated: total > MAX_REPORTED_ERRORS,
  });
}

// --- value formats -----------------------------------------------------------------------------

const UUID_RE = new RegExp(UUID_PATTERN, 'i');

/**
 * What an ID cell holds: nothing (a new row), a UUID (a row of the database, or a new row with
 * that id), or a temporary key other rows of the same file may refer to.
 */
export type IdClass = { kind: 'blank' } | { kind: 'uuid'; id: string } | { kind: 'temp'; key: string };

/** Classifies the text of an ID cell; UUIDs are compared in lower case. */
export function classifyId(raw: string | null | undefined): IdClass {
  if (raw === null || raw === undefined) return { kind: 'blank' };
  if (UUID_RE.test(raw)) return { kind: 'uuid', id: raw.toLowerCase() };
  return { kind: 'temp', key: raw };
}

/** A cell as text: whole numbers without a decimal point (codes typed as numbers), dates as days. */
export function cellText(v: XlsxCell): string | null {
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

/**
 * Parses a calendar date cell: `YYYY-MM-DD` text, an Excel date, or an Excel date serial.
 * Null for a blank cell, false for anything else.
 */
export function cellDate(v: XlsxCell): string | null | false {
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

/** Parses a yes/no cell: TRUE/FALSE, 1/0, 是/否, yes/no, y/n. Null when blank, 'bad' otherwise. */
export function cellBool(v: XlsxCell): boolean | null | 'bad' {
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
