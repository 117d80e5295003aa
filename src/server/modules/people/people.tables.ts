/** Kysely table types of the tables this module owns: staff and subjects. Columns mirror the migrations. */
import type { Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

export interface StaffTable extends ScopedColumns {
  id: string;
  unit_id: string;
  name: string;
  gender: string | null;
  position: string;
  education: string | null;
  party_member: number;
  birth_date: string | null;
  work_start_date: string | null;
  unit_start_date: string | null;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SubjectTable extends ScopedColumns {
  id: string;
  name: string;
  gender: string | null;
  position: string;
  employer: string;
  region_code: string;
  cadre_authority: string;
  party_member: number;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface PeopleTables {
  staff: StaffTable;
  subjects: SubjectTable;
}

/** A row of `staff` as read. */
export type StaffRow = Selectable<StaffTable>;
/** A row of `subjects` as read. */
export type SubjectRow = Selectable<SubjectTable>;
