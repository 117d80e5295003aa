/**
 * The state every sheet's planner shares while an import is validated: the database rows the
 * file refers to, the file's own rows as they are placed, temporary ids, the errors found, and
 * the organisation as it will be once the import is written (file rows over database rows).
 * Each entity's planner (`regions.ts`, `units.ts`, …) reads and extends it, in the workbook's
 * order, so a sheet may refer to rows of the sheets before it.
 */
import type { RegionImport, RegionLevel, RegionRow, UnitImport, UnitRow } from '../../org/index.js';
import { countyCodeOf, expectedParentCode, regionPath } from '../../org/index.js';
import type { StaffImport, StaffRow, SubjectImport, SubjectRow } from '../../people/index.js';
import type { ZoneImport, ZoneMembershipImport, ZoneRow, ZoneMembershipRow } from '../../zones/index.js';
import { type Ctx, scopeFor } from '../../../shared/context.js';
import { newId } from '../../../shared/ids.js';
import { type Scope, inScope } from '../../../shared/scope.js';
import type { ParsedWorkbook, RowCtx } from '../org-transfer.read.js';
import {
  type ImportRowError,
  SHEET_HEADERS,
  SHEET_NAMES,
  type TransferCounts,
  cellBool,
  cellDate,
  cellText,
  classifyId,
} from '../org-transfer.workbook.js';

/** The writes of a validated import, one part per owning module, and the rows left unchanged. */
export interface ImportPlan {
  regions: RegionImport;
  units: UnitImport;
  zones: ZoneImport;
  memberships: ZoneMembershipImport;
  staff: StaffImport;
  subjects: SubjectImport;
  unchanged: TransferCounts;
}

/** A region as it will be once the import is written. */
export interface FinalRegion {
  code: string;
  level: string;
  name: string;
  path: string;
  countyCode: string | null;
}

/** A unit as it will be once the import is written (path null when it cannot be placed). */
export interface FinalUnit {
  id: string;
  kind: string;
  path: string | null;
  regionCode: string;
  regionPath: string | null;
  countyCode: string | null;
}

/** A row of the 行政区划 sheet, as read. */
export interface FileRegion {
  rc: RowCtx;
  code: string;
  level: RegionLevel;
  name: string | null | undefined;
  existing: RegionRow | null;
  valid: boolean;
}

/** A row of the 单位 sheet, as it is resolved. */
export interface FileUnit {
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

/** A row of the 协作区 sheet, with the zone row it will write once valid. */
export interface FileZone {
  rc: RowCtx;
  id: string;
  existing: ZoneRow | null;
  row: ZoneRow | null;
}

/** Whether two rows agree on every column in `keys`. */
export function sameColumns<T extends object>(before: T, after: T, keys: (keyof T)[]): boolean {
  return keys.every((k) => before[k] === after[k]);
}

/**
 * Validates the rows of a parsed workbook against the database and the importer's `org.import`
 * scope. Collects every bad row instead of stopping at the first; the sheet planners fill it.
 */
export class ImportPlanner {
  readonly errors: ImportRowError[] = [];
  readonly scope: Scope;
  /** Region path prefixes within the importer's scope (loaded when the file has regions). */
  regionPrefixes: string[] = [];

  // Database rows the file refers to (see `load.ts`).
  readonly dbRegions = new Map<string, RegionRow>();
  readonly dbUnits = new Map<string, UnitRow>();
  readonly dbZones = new Map<string, ZoneRow>();
  readonly dbStaff = new Map<string, StaffRow>();
  readonly dbSubjects = new Map<string, SubjectRow>();
  /** Memberships by member (`t:<township code>` or `u:<unit id>`). */
  readonly dbMemberships = new Map<string, ZoneMembershipRow[]>();
  /** Active commissions and township commissions by region code, for competent owners. */
  readonly competent = new Map<string, UnitRow[]>();

  // The file's rows, as the planners place them.
  readonly fileRegions = new Map<string, FileRegion>();
  readonly fileUnits = new Map<string, FileUnit>();
  /** Reference token (lower-case UUID or `tmp:<key>`) → unit id. */
  readonly unitAliases = new Map<string, string>();
  readonly fileZones = new Map<string, FileZone>();
  readonly zoneAliases = new Map<string, string>();

  private readonly regionMemo = new Map<string, FinalRegion | null>();
  private readonly pathMemo = new Map<string, string | null>();

  constructor(
    readonly ctx: Ctx,
    readonly wb: ParsedWorkbook,
  ) {
    this.scope = scopeFor(ctx, 'org.import');
  }

  /**
   * The id a sheet row stands for: its UUID, or a new one remembered under the row's temporary
   * key (other rows may refer to it); null, with the row failed, when the sheet already used it.
   */
  rowId(rc: RowCtx, aliases: Map<string, string>): string | null {
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
    if (token && aliases.has(token)) {
      this.fail(rc, 'id', 'DUPLICATE', 'ID 在本表中重复');
      return null;
    }
    if (token) aliases.set(token, id);
    return id;
  }

  /** Records an error on a row (once per field; `field` null for the whole row). */
  fail(rc: RowCtx, field: string | null, code: string, message: string): void {
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

  /** Whether a row has any error. */
  bad(rc: RowCtx): boolean {
    return rc.failed !== null;
  }

  /** Whether a field of a row has an error already. */
  failedOn(rc: RowCtx, field: string): boolean {
    return rc.failed?.has(field) ?? false;
  }

  // --- cell readers: undefined = no such column (or an error, recorded), null = blank ----------

  /** A text cell of at most `max` characters. */
  text(rc: RowCtx, field: string, max = 200): string | null | undefined {
    const v = rc.cells[field];
    if (v === undefined) return undefined;
    const t = cellText(v);
    if (t !== null && t.length > max) {
      this.fail(rc, field, 'TOO_LONG', `不能超过 ${max} 个字符`);
      return undefined;
    }
    return t;
  }

  /** A calendar date cell, as `YYYY-MM-DD`. */
  date(rc: RowCtx, field: string): string | null | undefined {
    const v = rc.cells[field];
    if (v === undefined) return undefined;
    const d = cellDate(v);
    if (d === false) {
      this.fail(rc, field, 'INVALID_DATE', '日期须为有效的 YYYY-MM-DD');
      return undefined;
    }
    return d;
  }

  /** A yes/no cell. */
  bool(rc: RowCtx, field: string): boolean | null | undefined {
    const v = rc.cells[field];
    if (v === undefined) return undefined;
    const b = cellBool(v);
    if (b === 'bad') {
      this.fail(rc, field, 'INVALID_ENUM', '须为 TRUE/FALSE（或 是/否、1/0）');
      return undefined;
    }
    return b;
  }

  /** A whole number between `min` and `max`. */
  int(rc: RowCtx, field: string, min: number, max: number): number | null | undefined {
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

  /** One of a list of machine values. */
  oneOf<T extends string>(rc: RowCtx, field: string, values: readonly T[]): T | null | undefined {
    const t = this.text(rc, field, 60);
    if (t === undefined || t === null) return t;
    if (!(values as readonly string[]).includes(t)) {
      this.fail(rc, field, 'INVALID_ENUM', `须为以下值之一：${values.join(', ')}`);
      return undefined;
    }
    return t as T;
  }

  /** Records REQUIRED when a value is blank, or absent on a new row; returns whether present. */
  need<T>(rc: RowCtx, field: string, value: T | null | undefined): value is T {
    if (value !== null && value !== undefined) return true;
    if (!this.failedOn(rc, field)) this.fail(rc, field, 'REQUIRED', '必填');
    return false;
  }

  // --- references -----------------------------------------------------------------------------

  /** Resolves a unit reference (a UUID, or a temporary key from the 单位 sheet) to an id. */
  resolveUnit(raw: string): string | null {
    const c = classifyId(raw);
    if (c.kind === 'uuid') return this.unitAliases.get(c.id) ?? (this.dbUnits.has(c.id) ? c.id : null);
    if (c.kind === 'temp') return this.unitAliases.get(`tmp:${c.key}`) ?? null;
    return null;
  }

  /** Resolves a zone reference (a UUID, or a temporary key from the 协作区 sheet) to an id. */
  resolveZone(raw: string): string | null {
    const c = classifyId(raw);
    if (c.kind === 'uuid') return this.zoneAliases.get(c.id) ?? (this.dbZones.has(c.id) ? c.id : null);
    if (c.kind === 'temp') return this.zoneAliases.get(`tmp:${c.key}`) ?? null;
    return null;
  }

  // --- the organisation as it will be -------------------------------------------------------------

  /** A region as it will be after the import (file rows over database rows), or null. */
  finalRegion(code: string): FinalRegion | null {
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
  unitPath(start: string): string | null {
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
  finalUnit(id: string): FinalUnit | null {
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
  unitPlacedInScope(u: FinalUnit): boolean {
    if (u.path === null || u.regionPath === null) return true; // already reported
    return inScope(this.scope, { owner_unit_id: u.id, owner_unit_path: u.path, region_path: u.regionPath });
  }

  // --- people rows (staff and subjects) -------------------------------------------------------

  /**
   * The id of a person row: the UUID of its id column, or '' for a new row without one (nothing
   * refers to people, so their ids are drawn only when written). Null for a duplicate.
   */
  personId(rc: RowCtx, seen: Set<string>): string | null {
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
  personUnit(rc: RowCtx, field: string, current: string | undefined, required: boolean): FinalUnit | null {
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
}
