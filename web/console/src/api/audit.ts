/**
 * The audit log, for the audit administrator (`/api/audit-events`), and its security events
 * for the security administrator (`/api/security-events`). The action and resource names are
 * the server's own code lists (src/server/shared/audit.codes.ts).
 */
import { apiGet, apiPost, buildUrl } from './request.js';
import type { AuditEvent, AuditVerification, Page, QueryOf } from './types.js';

export * from '../../../../src/server/shared/audit.codes.js';

/** Filters of the audit log (and its Excel export). */
export type AuditFilters = Omit<QueryOf<'/api/audit-events', 'get'>, 'page' | 'pageSize'>;

/** One page of audit events. */
export function listAuditEvents(
  query: QueryOf<'/api/audit-events', 'get'>,
  signal?: AbortSignal,
): Promise<Page<AuditEvent>> {
  return apiGet('/api/audit-events', query, signal);
}

/** One page of security events (refused access attempts), for the security administrator. */
export function listSecurityEvents(
  query: QueryOf<'/api/security-events', 'get'>,
  signal?: AbortSignal,
): Promise<Page<AuditEvent>> {
  return apiGet('/api/security-events', query, signal);
}

/** Download link of the Excel export of exactly the events the filters select. */
export function auditExportUrl(filters: AuditFilters & QueryOf<'/api/audit-events/export.xlsx', 'get'>): string {
  return buildUrl('/api/audit-events/export.xlsx', filters);
}

/** Download link of the anchor file (the chain's head anchored outside the database, one MACed line each). */
export function auditAnchorsExportUrl(): string {
  return buildUrl('/api/audit-anchors/export.log', {});
}

/** Verifies the audit hash chain. */
export function verifyAuditChain(): Promise<AuditVerification> {
  return apiPost('/api/audit-events/verification');
}
