/** Kysely table types of the tables this module owns. Columns mirror migration 2026120809b. */
import type { Generated, Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** One version of one publication of a village: a period's accounts or a major matter. */
export interface DisclosureBatchTable extends ScopedColumns {
  id: string;
  region_code: string;
  /** A `DISCLOSURE_KINDS` code. */
  kind: string;
  /** `2026-11`, `2026-Q4`, or a major matter's key. */
  period: string;
  version: number;
  /** A `DISCLOSURE_STATUSES` code. */
  status: string;
  title: string | null;
  decision_record: string | null;
  correction_reason: string | null;
  previous_id: string | null;
  opening_balance: number | null;
  closing_balance: number | null;
  income_total: Generated<number>;
  expense_total: Generated<number>;
  line_count: Generated<number>;
  /** The previous period's closing balance, when it differs from the opening balance given. */
  carried_balance: number | null;
  /** JSON `string[]`: voucher numbers a correction dropped. */
  removed_vouchers: string | null;
  return_reason: string | null;
  prepared_by: string | null;
  submitted_by: string | null;
  submitted_at: string | null;
  signed_by: string | null;
  signed_by_name: string | null;
  review_opinion: string | null;
  published_at: string | null;
  superseded_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One income or expense line of a version; identifiers hashed and sealed, never in clear. */
export interface DisclosureLineTable {
  id: string;
  batch_id: string;
  seq: number;
  voucher_no: string;
  occurred_on: string;
  /** income | expense. */
  direction: string;
  /** As published: an organisation in full, a private person masked. */
  counterparty_shown: string;
  counterparty_private: number;
  counterparty_enc: string | null;
  party_number_hash: string | null;
  party_number_enc: string | null;
  party_number_masked: string | null;
  amount: number;
  /** cash | transfer. */
  payment_method: string;
  account_hash: string | null;
  account_enc: string | null;
  account_masked: string | null;
  purpose: string;
  category: string;
  approval_path: string | null;
  approvers: string | null;
  /** null | added | changed (against the previous version). */
  change: string | null;
}

/** A village's publication cycle of its finances. */
export interface DisclosureScheduleTable {
  region_code: string;
  /** monthly | quarterly. */
  finance_cycle: string;
  updated_by: string | null;
  updated_at: string;
}

/** One entry of a quarter's general items (migration 2026120810c), in order. */
export interface DisclosureGeneralEntryTable {
  id: string;
  batch_id: string;
  seq: number;
  /** A `GENERAL_TOPICS` code. */
  topic: string;
  title: string;
  body: string;
  roster_count: Generated<number>;
  /** Fen: the roster's amounts summed. */
  roster_total: Generated<number>;
}

/** One row of an entry's 名单: the name sealed, only its masked form in clear. */
export interface DisclosureGeneralRosterTable {
  id: string;
  entry_id: string;
  batch_id: string;
  seq: number;
  name_shown: string;
  name_enc: string;
  amount: number | null;
  reason: string;
}

/** The tables of this module, as `Database` composes them. */
export interface DisclosureTables {
  disclosure_batches: DisclosureBatchTable;
  disclosure_lines: DisclosureLineTable;
  disclosure_schedules: DisclosureScheduleTable;
  disclosure_general_entries: DisclosureGeneralEntryTable;
  disclosure_general_roster: DisclosureGeneralRosterTable;
}

/** A row of `disclosure_batches` as read. */
export type DisclosureBatchRow = Selectable<DisclosureBatchTable>;
/** A row of `disclosure_lines` as read. */
export type DisclosureLineRow = Selectable<DisclosureLineTable>;
