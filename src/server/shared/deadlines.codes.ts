/**
 * Code lists of the timer catalogue (时限规则), shared by the server (rules, route schemas) and
 * the staff console (the catalogue page); their Chinese names live in the console's i18n files.
 */
import type { DeadlineUnit } from './calendar/calendar.js';

/** Units a timer is counted in (a subset of the calendar's `DeadlineUnit`). */
export const TIMER_UNITS = [
  'working_days',
  'calendar_days',
  'months',
  'hours',
] as const satisfies readonly DeadlineUnit[];
/** A unit. */
export type TimerUnit = (typeof TIMER_UNITS)[number];

/** Stages of the pipeline a timer belongs to, in display order. */
export const TIMER_STAGES = [
  'intake',
  'petition',
  'clue',
  'case',
  'review',
  'sanction',
  'appeal',
  'measure',
  'inspection',
  'village',
] as const;
/** A stage. */
export type TimerStage = (typeof TIMER_STAGES)[number];

/** Levels of a rule: the national default, a province's or a county's override. */
export const TIMER_LEVELS = ['national', 'province', 'county'] as const;
/** A level. */
export type TimerLevel = (typeof TIMER_LEVELS)[number];

/** Roles that approve extensions in the national defaults (an override may name others). */
export const APPROVER_ROLES = ['commission_leader', 'township_secretary'] as const;
