/** Kysely table types of the tables this module owns: numbering patterns and counters. Columns mirror the migrations. */

/** A commission's numbering pattern for a series (reports, clues). */
export interface NumberingPatternTable {
  unit_id: string;
  series: string;
  pattern: string;
  updated_at: string;
}

/** The last number issued in a series and year. */
export interface NumberCounterTable {
  unit_id: string;
  series: string;
  year: number;
  last_seq: number;
}

/** The tables of this module, as the `Database` type composes them. */
export interface NumberingTables {
  numbering_patterns: NumberingPatternTable;
  number_counters: NumberCounterTable;
}
