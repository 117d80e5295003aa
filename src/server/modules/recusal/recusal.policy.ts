/** Who may do what in the conflict register and with recusals: the module's policies, consulted through the access seam. */
import { definePolicy } from '../access/index.js';

/**
 * Recusal requests: recorded on behalf of a subject or reporter (`record`), decided by the
 * organ's principal leader (`decide`), each within its permission's scope over the record's unit.
 */
export const recusalPolicy = definePolicy({
  resource: 'recusal',
  table: 'recusals',
  actions: { record: 'recusal.request', decide: 'recusal.decide' },
});

/** An action on recusal requests. */
export type RecusalAction = keyof typeof recusalPolicy.actions;

/**
 * Reports (信访举报) as a record someone can be recused from: read in the reader's `report.read`
 * scope (the reports module keeps them; this module only reads the few columns a check needs).
 */
export const reportTargetPolicy = definePolicy({
  resource: 'report',
  table: 'reports',
  actions: { read: 'report.read' },
});
