/** Kysely table types of the tables this module owns. Columns mirror migration 2026120810a. */
import type { Generated, Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** A department's policy, project or fund (owned by the department's unit; county-wide). */
export interface QrItemTable extends ScopedColumns {
  id: string;
  /** A `QR_ITEM_KINDS` code. */
  kind: string;
  /** A `QR_ITEM_STATUSES` code. */
  status: string;
  title: string;
  year: number;
  /** What it is (policy content, project scope, the fund's purpose). */
  summary: string;
  /** Policy: who qualifies. */
  eligibility: string | null;
  /** Policy: the standard, in words (每亩 80 元 …). */
  standard: string | null;
  /** Policy: where and how to apply. */
  apply_where: string | null;
  /** Project or fund: the amount in fen. */
  budget: number | null;
  /** Project: the contractor. */
  contractor: string | null;
  /** Project: progress in words. */
  progress: string | null;
  /** Project: acceptance in words. */
  acceptance: string | null;
  contact_phone: string | null;
  published_at: string | null;
  withdrawn_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A village an item concerns, with its allocation (fen, null for a policy without one). */
export interface QrAllocationTable {
  id: string;
  item_id: string;
  region_code: string;
  amount: number | null;
  note: string | null;
}

/** One roster import (accepted or rejected) of a department, for a year. */
export interface SubsidyRosterTable extends ScopedColumns {
  id: string;
  title: string;
  year: number;
  item_id: string | null;
  /** A `ROSTER_STATUSES` code. */
  status: string;
  file_name: string | null;
  line_count: Generated<number>;
  total_amount: Generated<number>;
  /** JSON `{row, field, reason}[]` of a rejected import (the first 500). */
  problems: string | null;
  problem_count: Generated<number>;
  created_by: string | null;
  created_at: string;
}

/** A roster line: the recipient's identifiers keyed-hashed, their particulars sealed. */
export interface SubsidyLineTable {
  id: string;
  roster_id: string;
  seq: number;
  /** `personNumberHash` of the recipient's ID number. */
  person_hash: string;
  /** `bankAccountHash` of the account paid into. */
  account_hash: string | null;
  /** Sealed JSON `{name, idNumber, household, account, holder, approver}` (context `subsidy_lines.sealed:<id>`). */
  sealed: string;
  name_masked: string;
  amount: number;
  paid_on: string;
  year: number;
  department_unit_id: string;
  county_code: string | null;
}

/** A look-up counter: one per key (ID hash, device or address) and window. */
export interface SubsidyLookupLimitTable {
  key: string;
  hits: number;
  expires_at: string;
}

/** The tables of this module, as `Database` composes them. */
export interface QrSupervisionTables {
  qr_items: QrItemTable;
  qr_allocations: QrAllocationTable;
  subsidy_rosters: SubsidyRosterTable;
  subsidy_lines: SubsidyLineTable;
  subsidy_lookup_limits: SubsidyLookupLimitTable;
}

/** A row of `qr_items` as read. */
export type QrItemRow = Selectable<QrItemTable>;
/** A row of `subsidy_rosters` as read. */
export type SubsidyRosterRow = Selectable<SubsidyRosterTable>;
