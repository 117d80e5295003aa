/**
 * The seam between the investigation report and the evidence register: a report may cite only
 * evidence items with full provenance (the seeds' Wanyuan review found reports citing items
 * without it). The evidence part registers its check; the report part asks through
 * `uncitableEvidence`. Without a registered check nothing is citable (every id is refused).
 */
import type { Ctx } from '../../shared/context.js';

/** Why an item may not be cited, in words a case officer understands. */
export interface UncitableItem {
  id: string;
  reason: string;
}

/** Answers which of `ids` may not be cited in a report of case `caseId` (unknown, other case, provenance missing). */
export type CitationCheck = (tx: Ctx, caseId: string, ids: readonly string[]) => Promise<UncitableItem[]>;

let registered: CitationCheck | null = null;

/** Registers the evidence register's check (once, at module load). */
export function registerCitationCheck(check: CitationCheck): void {
  registered = check;
}

/** The cited items that may not be cited, each with its reason (empty: all may be). */
export async function uncitableEvidence(tx: Ctx, caseId: string, ids: readonly string[]): Promise<UncitableItem[]> {
  if (ids.length === 0) return [];
  if (!registered) return ids.map((id) => ({ id, reason: '证据登记未启用' }));
  return registered(tx, caseId, ids);
}
