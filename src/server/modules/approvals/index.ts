/**
 * The approvals module: the approval chain engine (呈批) used by clues, cases, review and
 * sanctions, and the posts register that resolves a chain's posts to people.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { approvalRoutes } from './approvals.routes.js';
import { approvalWorkbench } from './approvals.workbench.js';

export { CHAIN_CATALOGUE, type ChainRule, catalogueRows, chainRule } from './approvals.catalogue.js';
export { canonicalJson, contentHash } from './approvals.chain.js';
export { type ApprovalPostView, listPosts, setPost } from './approvals.posts.js';
export {
  type ApprovalListQuery,
  type ApprovalStepView,
  type ApprovalSummary,
  type ApprovalView,
  approvalsFor,
  getApproval,
  listApprovals,
} from './approvals.read.js';
export {
  type ApprovalDecidedEvent,
  type ApprovalDecidedHandler,
  type ApprovalOutcome,
  type DecisionInput,
  type OfflineStepInput,
  type ResubmitInput,
  type StartApprovalInput,
  decideApproval,
  onApprovalDecided,
  recordOfflineStep,
  resubmitApproval,
  startApproval,
  withdrawApproval,
} from './approvals.service.js';
export type { ApprovalPostRow, ApprovalRow, ApprovalStepRow, ApprovalsTables } from './approvals.tables.js';

/** The approvals module as the platform sees it: its routes, scoped tables and workbench cards. */
export const approvalsModule: ModuleDefinition = {
  name: 'approvals',
  routes: [approvalRoutes],
  scopedTables: ['approvals'],
  workbench: approvalWorkbench,
};
