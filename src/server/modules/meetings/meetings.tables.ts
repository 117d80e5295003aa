/** Kysely table types of the tables this module owns. Columns mirror migration 2026120718e. */
import type { Generated, Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** One meeting of a zone, owned by the zone's workroom (or the commission for a 述职会). */
export interface MeetingTable extends ScopedColumns {
  id: string;
  zone_id: string;
  /** A `MEETING_KINDS` code. */
  kind: string;
  /** `2026-Q3`, `2026-H2`, `2026` for the meetings the job schedules (unique per zone and kind); null otherwise. */
  period_key: string | null;
  period_label: string | null;
  title: string;
  /** YYYY-MM-DD (Shanghai), a working day. */
  held_on: string;
  /** HH:MM (Shanghai). */
  starts_at: string;
  place: string;
  chair_staff_id: string;
  chair_name: string;
  reporter_staff_id: string | null;
  reporter_name: string | null;
  /** When the materials are due to the members (述职会: timer 41, 10 days before). */
  materials_due_on: string | null;
  /** A `MEETING_STATUSES` code. */
  status: string;
  minutes: string | null;
  /** JSON `AgendaItem[]`: the proposed agenda frozen when the minutes were recorded. */
  agenda_snapshot: string | null;
  cancel_reason: string | null;
  auto: number;
  /** The date the day-before reminder went out for (dedupe of reschedules). */
  reminded_on: string | null;
  created_by: string | null;
  closed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** An attendee of a meeting. */
export interface MeetingAttendeeTable {
  id: string;
  meeting_id: string;
  staff_id: string | null;
  user_id: string | null;
  name: string;
  zone_role: string | null;
  /** invited | present | absent. */
  presence: string;
  absence_reason: string | null;
}

/** An agenda item set by the chair: written by hand, or accepted from the proposed agenda. */
export interface MeetingAgendaItemTable {
  id: string;
  meeting_id: string;
  seq: number;
  title: string;
  detail: string | null;
  /** An `AGENDA_SOURCES` code: where an accepted item came from; `custom` when written by hand (2026120807b). */
  source: Generated<string>;
  /** The record an accepted item is about (rectification item, clue, case), or null. */
  ref_id: string | null;
}

/** A decision (议定事项) in words. */
export interface MeetingDecisionTable {
  id: string;
  meeting_id: string;
  seq: number;
  text: string;
}

/** An action item, with the rectification item it opened. */
export interface MeetingActionTable {
  id: string;
  meeting_id: string;
  seq: number;
  problem: string;
  measures: string | null;
  owner_unit_id: string;
  owner_unit_name: string;
  responsible_person: string | null;
  due_on: string;
  rectification_item_id: string;
  created_by: string | null;
  created_at: string;
}

/** A zone's meeting the job could not schedule (no chair), until a later run does. */
export interface MeetingGapTable extends ScopedColumns {
  id: string;
  zone_id: string;
  kind: string;
  period_key: string;
  period_label: string;
  planned_on: string;
  /** no_chair. */
  reason: string;
  detected_at: string;
  resolved_at: string | null;
}

/** The tables of this module, as `Database` composes them. */
export interface MeetingsTables {
  meetings: MeetingTable;
  meeting_attendees: MeetingAttendeeTable;
  meeting_agenda_items: MeetingAgendaItemTable;
  meeting_decisions: MeetingDecisionTable;
  meeting_actions: MeetingActionTable;
  meeting_gaps: MeetingGapTable;
}

/** A row of `meetings` as read. */
export type MeetingRow = Selectable<MeetingTable>;
