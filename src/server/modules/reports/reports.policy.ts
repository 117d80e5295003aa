/** Who may do what to reports (信访举报): one policy, consulted through the access seam. */
import { definePolicy } from '../access/index.js';

/**
 * Reports: read (the ledger and the record), manage (every handling step, files, documents),
 * identity (revealing a named reporter, audited), export (the ledger as Excel). Each within the
 * permission's own scope; reports have no team yet (need-to-know starts with cases).
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
