/**
 * The timer catalogue (时限规则) and clock approvers, as the server sends them (see
 * src/server/modules/deadlines/deadlines.schema.ts). Labels live in the i18n files under `timer.*`.
 */
import { apiGet, apiPost, apiPut } from './request.js';

/** Units a timer is counted in. */
export const TIMER_UNITS = ['working_days', 'calendar_days', 'months', 'hours'] as const;
/** A unit. */
export type TimerUnit = (typeof TIMER_UNITS)[number];

/** Pipeline stages, in display order. */
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

/** Roles that approve extensions in the national defaults (others may be named by an override). */
export const APPROVER_ROLES = ['commission_leader', 'township_secretary'] as const;

/** One extension step: the n-th extension uses step n (the last again, when repeatable). */
export interface ExtensionStep {
  maxAmount: number | null;
  unit: TimerUnit;
  approverRoles: string[];
  repeatable: boolean;
}

/** One version of a timer rule. */
export interface RuleVersion {
  id: string;
  kind: string;
  level: 'national' | 'province' | 'county';
  regionCode: string;
  regionName: string | null;
  version: number;
  label: string;
  stage: TimerStage;
  startEvent: string;
  amount: number | null;
  unit: TimerUnit;
  extendOverHoliday: boolean;
  pausable: boolean;
  repeatable: boolean;
  maxRestarts: number | null;
  extensions: ExtensionStep[];
  source: string;
  note: string | null;
  withdrawn: boolean;
  reason: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

/** A timer with its national default and the overrides in force. */
export interface CatalogueEntry {
  kind: string;
  label: string;
  stage: TimerStage;
  national: RuleVersion | null;
  overrides: RuleVersion[];
}

/** A province or county an override may be set for. */
export interface RulePlace {
  code: string;
  name: string;
  level: 'province' | 'county';
}

/** What an administrator sets for a place. */
export interface OverrideBody {
  amount: number | null;
  unit: TimerUnit;
  extensions: ExtensionStep[];
  note: string | null;
  reason: string;
}

/** Why the server refused a rule (details.problems of TIMER_RULE_INVALID). */
export interface RuleProblem {
  field: string;
  /** The extension step (1-based) the problem is in. */
  step?: number;
  code: string;
  value?: string | number;
}

/** Loads the catalogue. */
export function loadCatalogue(signal?: AbortSignal) {
  return apiGet<{ items: CatalogueEntry[]; places: RulePlace[] }>('/api/timer-rules', undefined, signal);
}

/** Loads one timer's history, newest first. */
export function loadHistory(kind: string) {
  return apiGet<{ items: RuleVersion[] }>(`/api/timer-rules/${encodeURIComponent(kind)}/versions`);
}

/** Sets a province's or county's rule. */
export function saveOverride(kind: string, regionCode: string, body: OverrideBody) {
  return apiPut<RuleVersion>(
    `/api/timer-rules/${encodeURIComponent(kind)}/overrides/${encodeURIComponent(regionCode)}`,
    body,
  );
}

/** Withdraws a province's or county's rule. */
export function withdrawOverride(kind: string, regionCode: string, reason: string) {
  return apiPost<{ ok: true }>(
    `/api/timer-rules/${encodeURIComponent(kind)}/overrides/${encodeURIComponent(regionCode)}/withdrawal`,
    { reason },
  );
}

/** Who may approve a clock's next extension. */
export interface Approvers {
  step: ExtensionStep | null;
  approvers: { userId: string; username: string; displayName: string; roleKey: string; roleName: string }[];
}

/** Loads who may approve a running clock's next extension. */
export function loadApprovers(clockId: string, signal?: AbortSignal) {
  return apiGet<Approvers>(`/api/deadlines/${encodeURIComponent(clockId)}/approvers`, undefined, signal);
}
