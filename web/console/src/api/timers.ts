/**
 * The timer catalogue (时限规则) and clock approvers, typed from the OpenAPI document (see
 * src/server/modules/deadlines/deadlines.schema.ts); code lists from
 * src/server/shared/deadlines.codes.ts. Labels live in the i18n files under `timer.*`.
 */
import { apiGet, apiPath, apiPost, apiPut } from './request.js';
import type { BodyOf, ResponseOf } from './types.js';

export {
  APPROVER_ROLES,
  TIMER_STAGES,
  TIMER_UNITS,
  type TimerStage,
  type TimerUnit,
} from '../../../../src/server/shared/deadlines.codes.js';

/** The catalogue: every timer with its national default and overrides, and the places an override may name. */
export type Catalogue = ResponseOf<'/api/timer-rules', 'get'>;

/** A timer with its national default and the overrides in force. */
export type CatalogueEntry = Catalogue['items'][number];

/** A province or county an override may be set for. */
export type RulePlace = Catalogue['places'][number];

/** One version of a timer rule. */
export type RuleVersion = ResponseOf<'/api/timer-rules/{kind}/versions', 'get'>['items'][number];

/** One extension step: the n-th extension uses step n (the last again, when repeatable). */
export type ExtensionStep = RuleVersion['extensions'][number];

/** What an administrator sets for a place. */
export type OverrideBody = BodyOf<'/api/timer-rules/{kind}/overrides/{regionCode}', 'put'>;

/** Why the server refused a rule (details.problems of TIMER_RULE_INVALID; not in the OpenAPI document). */
export interface RuleProblem {
  field: string;
  /** The extension step (1-based) the problem is in. */
  step?: number;
  code: string;
  value?: string | number;
}

/** Who may approve a clock's next extension. */
export type Approvers = ResponseOf<'/api/deadlines/{id}/approvers', 'get'>;

/** Loads the catalogue. */
export function loadCatalogue(signal?: AbortSignal): Promise<Catalogue> {
  return apiGet('/api/timer-rules', undefined, signal);
}

/** Loads one timer's history, newest first. */
export function loadHistory(kind: string): Promise<ResponseOf<'/api/timer-rules/{kind}/versions', 'get'>> {
  return apiGet(apiPath('/api/timer-rules/{kind}/versions', { kind }));
}

/** Sets a province's or county's rule. */
export function saveOverride(
  kind: string,
  regionCode: string,
  body: OverrideBody,
): Promise<ResponseOf<'/api/timer-rules/{kind}/overrides/{regionCode}', 'put'>> {
  return apiPut(apiPath('/api/timer-rules/{kind}/overrides/{regionCode}', { kind, regionCode }), body);
}

/** Withdraws a province's or county's rule. */
export function withdrawOverride(
  kind: string,
  regionCode: string,
  reason: string,
): Promise<ResponseOf<'/api/timer-rules/{kind}/overrides/{regionCode}/withdrawal', 'post'>> {
  return apiPost(apiPath('/api/timer-rules/{kind}/overrides/{regionCode}/withdrawal', { kind, regionCode }), {
    reason,
  });
}

/** Loads who may approve a running clock's next extension. */
export function loadApprovers(clockId: string, signal?: AbortSignal): Promise<Approvers> {
  return apiGet(apiPath('/api/deadlines/{id}/approvers', { id: clockId }), undefined, signal);
}
