/** Kysely table types of the tables this module owns: regions, units and the department → dispatched group links. Columns mirror the migrations. */
import type { Selectable } from 'kysely';

export interface RegionTable {
  code: string;
  parent_code: string | null;
  level: string;
  name: string;
  path: string;
  county_code: string | null;
  sort: number;
  created_at: string;
  updated_at: string;
}

export interface UnitTable {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  short_name: string | null;
  region_code: string;
  path: string;
  region_path: string;
  county_code: string | null;
  zone_id: string | null;
  sort: number;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Which dispatched group supervises a county department (at most one per department). */
export interface DepartmentGroupTable {
  department_unit_id: string;
  group_unit_id: string;
  county_code: string;
  created_by: string | null;
  created_at: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface OrgTables {
  regions: RegionTable;
  units: UnitTable;
  department_groups: DepartmentGroupTable;
}

/** A row of `regions` as read. */
export type RegionRow = Selectable<RegionTable>;
/** A row of `units` as read. */
export type UnitRow = Selectable<UnitTable>;
