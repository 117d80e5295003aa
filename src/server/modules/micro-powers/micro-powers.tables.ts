/** Kysely table types of the tables this module owns. Columns mirror migration 2026120809d. */
import type { Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** One version of one item of a county's list; owned by the county commission. */
export interface MicroPowerItemTable extends Omit<ScopedColumns, 'county_code'> {
  id: string;
  /** The item across its versions. */
  item_key: string;
  version: number;
  /** 1 on the item's latest version only. */
  current: number;
  retired: number;
  /** A `MICRO_POWER_AREAS` code. */
  area: string;
  code: string;
  name: string;
  basis: string | null;
  /** skeleton | county. */
  origin: string;
  /** JSON `MicroPowerStep[]`. */
  steps: string;
  change_note: string | null;
  county_code: string;
  created_by: string | null;
  created_at: string;
}

/** A village's use of a power, against one item version; owned by the village's unit. */
export interface MicroPowerUseTable extends ScopedColumns {
  id: string;
  item_id: string;
  item_key: string;
  village_code: string;
  title: string;
  amount_fen: number | string | null;
  /** YYYY-MM-DD (Shanghai). */
  started_on: string;
  /** open | closed. */
  status: string;
  closed_on: string | null;
  closed_at: string | null;
  findings: number;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A step recorded on a use. */
export interface MicroPowerUseStepTable {
  id: string;
  use_id: string;
  seq: number;
  /** YYYY-MM-DD (Shanghai). */
  done_on: string;
  actor: string;
  note: string | null;
  /** JSON string[]: the names of the documents provided. */
  documents: string;
  publication_from: string | null;
  publication_to: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

/** A problem found when a use was closed, with the rectification item opened for it. */
export interface MicroPowerFindingTable {
  id: string;
  use_id: string;
  /** A `MICRO_POWER_PROBLEMS` code. */
  kind: string;
  seq: number | null;
  message: string;
  rectification_item_id: string | null;
  created_at: string;
}

/** The module's tables, joined into the platform's `Database`. */
export interface MicroPowersTables {
  micro_power_items: MicroPowerItemTable;
  micro_power_uses: MicroPowerUseTable;
  micro_power_use_steps: MicroPowerUseStepTable;
  micro_power_findings: MicroPowerFindingTable;
}

/** A stored item version. */
export type MicroPowerItemRow = Selectable<MicroPowerItemTable>;
/** A stored use. */
export type MicroPowerUseRow = Selectable<MicroPowerUseTable>;
/** A stored step of a use. */
export type MicroPowerUseStepRow = Selectable<MicroPowerUseStepTable>;
