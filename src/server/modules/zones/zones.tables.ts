/** Kysely table types of the tables this module owns: collaboration zones, their membership history and roles. Columns mirror the migrations. */
import type { Selectable } from 'kysely';

export interface ZoneTable {
  id: string;
  commission_unit_id: string;
  ordinal: number;
  name: string;
  central_township_code: string | null;
  workroom_unit_id: string | null;
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ZoneMembershipTable {
  id: string;
  zone_id: string;
  member_kind: string;
  township_code: string | null;
  unit_id: string | null;
  effective_from: string;
  effective_to: string | null;
  created_at: string;
}

export interface ZoneRoleTable {
  id: string;
  zone_id: string;
  staff_id: string;
  role: string;
  effective_from: string;
  effective_to: string | null;
  created_at: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface ZonesTables {
  zones: ZoneTable;
  zone_memberships: ZoneMembershipTable;
  zone_roles: ZoneRoleTable;
}

/** A row of `zones` as read. */
export type ZoneRow = Selectable<ZoneTable>;
/** A row of `zone_memberships` as read. */
export type ZoneMembershipRow = Selectable<ZoneMembershipTable>;
