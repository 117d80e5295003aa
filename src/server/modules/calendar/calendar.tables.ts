/** Kysely table types of the tables this module owns: official holiday arrangements. Columns mirror the migrations. */

export interface CalendarYearTable {
  year: number;
  source: string;
  updated_by: string | null;
  updated_at: string;
}

export interface CalendarDayTable {
  date: string;
  year: number;
  kind: string;
  name: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface CalendarTables {
  calendar_years: CalendarYearTable;
  calendar_days: CalendarDayTable;
}
