/**
 * Which ledger items are worked at their source (see `rectification.mirror.ts`), and the refusal
 * of the ledger's own steps on them.
 */
import { domainError } from '../../shared/errors.js';
import { RECTIFICATION_SOURCE_LABELS, type RectificationSource } from '../../shared/rectification.codes.js';
import type { RectificationItemRow } from './rectification.tables.js';

/** The sources whose items are worked in their own module (the ledger mirrors their steps). */
export const WORKED_AT_SOURCE: readonly RectificationSource[] = ['case_reform', 'quality_review'];

/** The ledger actions still open on an item worked at its source. */
const LEDGER_ACTIONS_AT_SOURCE = new Set(['escalate']);

/**
 * Refuses ledger action `action` on `row` when its source works it (RECTIFICATION_WORKED_AT_SOURCE,
 * details `{ action, source, sourceId }`); escalation stays allowed.
 */
export function refuseWorkedAtSource(row: Pick<RectificationItemRow, 'source_kind' | 'source_id'>, action: string) {
  if (!WORKED_AT_SOURCE.includes(row.source_kind as RectificationSource) || LEDGER_ACTIONS_AT_SOURCE.has(action))
    return;
  throw domainError('RECTIFICATION_WORKED_AT_SOURCE', {
    action,
    source: row.source_kind,
    sourceId: row.source_id,
    where: RECTIFICATION_SOURCE_LABELS[row.source_kind as RectificationSource],
  });
}
