/** Kysely table types of the tables this module owns: when each person last looked at each card. Columns mirror the migrations. */

/** When a person last looked at a workbench card (`new` cards count what came after). */
export interface WorkbenchSeenTable {
  user_id: string;
  card_key: string;
  seen_at: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface WorkbenchTables {
  workbench_seen: WorkbenchSeenTable;
}
