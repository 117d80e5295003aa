/**
 * Who may open an attachment. Attachments have no scope of their own: a file is reached through
 * the report it belongs to, so the module that owns reports passes its own policy and action,
 * and the attachment is read with that policy's predicate on the joined report row (`r`).
 */
import type { Policy } from '../access/index.js';

/** The policy of the record an attachment belongs to (a policy over `reports`) and the action asked for. */
export interface AttachmentOwner<A extends string> {
  policy: Policy<A>;
  action: A;
}

/** Refuses an owner policy over another table than the one attachments hang off (a programming error). */
export function assertReportOwner<A extends string>(owner: AttachmentOwner<A>): void {
  if (owner.policy.table !== 'reports') throw new Error(`attachments belong to reports, not ${owner.policy.table}`);
}
