/** Kysely table types of the tables this module owns: roles, their permissions and assignments. Columns mirror the migrations. */
import type { Selectable } from 'kysely';

export interface RoleTable {
  id: string;
  key: string;
  name: string;
  kind: string;
  builtin: number;
  default_scope: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface RolePermissionTable {
  role_id: string;
  permission: string;
}

export interface RoleAssignmentTable {
  id: string;
  user_id: string;
  role_id: string;
  scope_type: string;
  scope_unit_id: string | null;
  scope_zone_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface RoleAssignmentUnitTable {
  assignment_id: string;
  unit_id: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface AccessTables {
  roles: RoleTable;
  role_permissions: RolePermissionTable;
  role_assignments: RoleAssignmentTable;
  role_assignment_units: RoleAssignmentUnitTable;
}

/** A row of `roles` as read. */
export type RoleRow = Selectable<RoleTable>;
/** A row of `role_assignments` as read. */
export type RoleAssignmentRow = Selectable<RoleAssignmentTable>;
