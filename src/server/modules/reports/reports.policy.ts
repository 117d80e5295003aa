/** Who may do what to reports (信访举报): the module's policies, consulted through the access seam. */
import { definePolicy } from '../access/index.js';
import { UNIT_SCOPE_COLUMNS } from '../org/index.js';

/**
 * Reports: read (the ledger and the record), manage (every handling step, files, documents),
 * identity (revealing a named reporter, audited), export (the ledger as Excel). Each within the
 * permission's own scope; reports have no team yet (need-to-know starts with cases). Their files
 * are reached through this policy too (see `AttachmentOwner`).
 */
export const reportPolicy = definePolicy({
  resource: 'report',
  table: 'reports',
  actions: {
    read: 'report.read',
    manage: 'report.manage',
    identity: 'report.identity',
    export: 'report.export',
  },
});

/** An action on reports. */
export type ReportAction = keyof typeof reportPolicy.actions;

/**
 * Units a report may be forwarded down to (转办): inside the forwarding officer's report.manage
 * scope (`forward`). Which of them qualify (below the owner, a commission) is the workflow's rule.
 */
export const forwardTargetPolicy = definePolicy({
  resource: 'unit',
  table: 'units',
  scopeColumns: UNIT_SCOPE_COLUMNS,
  actions: { forward: 'report.manage' },
});
