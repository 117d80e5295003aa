/**
 * The measures ledger (措施台账): a case's measures with their clocks and the steps on them, the
 * case's investigation periods, the county ledger with its filings (报备) and 案管's
 * acknowledgement, and the county's approver levels. Types are aliased onto schema.gen.ts.
 */
import { apiGet, apiPath, apiPost, apiPut } from './request.js';
import type { BodyOf, Page, QueryOf, ResponseOf } from './types.js';

export {
  MEASURE_APPROVER_LEVEL_LABELS,
  MEASURE_CLOCK_FILTERS,
  MEASURE_KINDS,
  MEASURE_KIND_LABELS,
  MEASURE_STATUSES,
  MEASURE_STATUS_LABELS,
} from '../../../../src/server/shared/cases.codes.js';
export type { MeasureClockFilter, MeasureKind, MeasureStatus } from '../../../../src/server/shared/cases.codes.js';

/** A measure as the case page shows it. */
export type Measure = ResponseOf<'/api/cases/{id}/measures', 'get'>['items'][number];
/** One of a measure's clocks. */
export type MeasureClock = Measure['clocks'][number];
/** A measure as requested. */
export type MeasureBody = BodyOf<'/api/cases/{id}/measures', 'post'>;
/** Carrying a measure out. */
export type MeasureStartBody = BodyOf<'/api/cases/{id}/measures/{measureId}/start', 'post'>;
/** An organ's approval document (留置, 限制出境, the investigation period). */
export type OrganApproval = BodyOf<'/api/cases/{id}/measures/{measureId}/restart', 'post'>['approval'];
/** A line of the county ledger. */
export type MeasureLine = ResponseOf<'/api/case-measures', 'get'>['items'][number];
/** Filters of the county ledger. */
export type MeasureFilters = Omit<QueryOf<'/api/case-measures', 'get'>, 'page' | 'pageSize'>;
/** A filing of a unit's ledger with 案管. */
export type MeasureFiling = ResponseOf<'/api/case-measures/filings', 'get'>['items'][number];
/** A county's approver levels. */
export type ApproverLevels = ResponseOf<'/api/case-measures/approver-levels/{regionCode}', 'get'>;

/** The steps on a measure that share one shape (a body with the measure's version, a new version back). */
export type MeasureStep =
  'notice' | 'transfer' | 'extension' | 'restart' | 'change-request' | 'change-decision' | 'lift';

/** A case's measures with their clocks. */
export async function caseMeasures(caseId: string): Promise<Measure[]> {
  return (await apiGet<{ items: Measure[] }>(apiPath('/api/cases/{id}/measures', { id: caseId }))).items;
}

/** Records a measure with its approval. */
export function requestMeasure(caseId: string, body: MeasureBody): Promise<{ id: string; version: number }> {
  return apiPost(apiPath('/api/cases/{id}/measures', { id: caseId }), body);
}

/** Carries out an approved measure (notice served, two present): opens its clocks. */
export function startMeasure(
  caseId: string,
  measureId: string,
  body: MeasureStartBody,
): Promise<ResponseOf<'/api/cases/{id}/measures/{measureId}/start', 'post'>> {
  return apiPost(apiPath('/api/cases/{id}/measures/{measureId}/start', { id: caseId, measureId }), body);
}

/** One step on a running measure (notice, transfer, extension, restart, change request and answer, lifting). */
export function measureStep(
  caseId: string,
  measureId: string,
  step: MeasureStep,
  body: Record<string, unknown>,
): Promise<{ version: number }> {
  return apiPost(`/api/cases/${encodeURIComponent(caseId)}/measures/${encodeURIComponent(measureId)}/${step}`, body);
}

/** Download link of a measure document (`decision`, `notice`… as PDF or DOCX). */
export function measureDocumentUrl(caseId: string, measureId: string, doc: string, format: 'pdf' | 'docx'): string {
  return apiPath('/api/cases/{id}/measures/{measureId}/documents/{file}', {
    id: caseId,
    measureId,
    file: `${doc}.${format}`,
  });
}

/** Extends the case's investigation period (timer 12) or the party-side period. */
export function extendPeriod(
  caseId: string,
  body: BodyOf<'/api/cases/{id}/measures/periods/extension', 'post'>,
): Promise<{ version: number; dueOn: string | null }> {
  return apiPost(apiPath('/api/cases/{id}/measures/periods/extension', { id: caseId }), body);
}

/** Starts the party-side period where the county set a length. */
export function openPartyPeriod(caseId: string, version: number): Promise<{ version: number; dueOn: string | null }> {
  return apiPost(apiPath('/api/cases/{id}/measures/periods/party', { id: caseId }), { version });
}

/** One page of the county ledger. */
export function listMeasures(
  query: QueryOf<'/api/case-measures', 'get'>,
  signal?: AbortSignal,
): Promise<Page<MeasureLine>> {
  return apiGet('/api/case-measures', query, signal);
}

/** One page of the filings, newest first. */
export function listFilings(
  query: QueryOf<'/api/case-measures/filings', 'get'>,
  signal?: AbortSignal,
): Promise<Page<MeasureFiling>> {
  return apiGet('/api/case-measures/filings', query, signal);
}

/** Files a unit's ledger of a period with 案管. */
export function fileLedger(
  body: BodyOf<'/api/case-measures/filings', 'post'>,
): Promise<{ id: string; measureCount: number }> {
  return apiPost('/api/case-measures/filings', body);
}

/** 案管 acknowledges a filing after the cross-check. */
export function acknowledgeFiling(
  id: string,
  body: BodyOf<'/api/case-measures/filings/{id}/acknowledgement', 'post'>,
): Promise<ResponseOf<'/api/case-measures/filings/{id}/acknowledgement', 'post'>> {
  return apiPost(apiPath('/api/case-measures/filings/{id}/acknowledgement', { id }), body);
}

/** A county's approver levels. */
export function approverLevels(regionCode: string): Promise<ApproverLevels> {
  return apiGet(apiPath('/api/case-measures/approver-levels/{regionCode}', { regionCode }));
}

/** Sets one measure's approver level in a county. */
export function setApproverLevel(
  regionCode: string,
  body: BodyOf<'/api/case-measures/approver-levels/{regionCode}', 'put'>,
): Promise<ApproverLevels> {
  return apiPut(apiPath('/api/case-measures/approver-levels/{regionCode}', { regionCode }), body);
}
