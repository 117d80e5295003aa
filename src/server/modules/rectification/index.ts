/**
 * The rectification module: the one rectification ledger (整改台账, issue 15 §2) every problem
 * someone must fix lives in, whatever its source; its items' life from 交办 to 验收销号 and 回头看,
 * with escalation (督促提醒 → 约谈 → 通报 → 问责) of overdue and rejected items.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { onApprovalDecided } from '../approvals/index.js';
import { onExtensionDecided } from './rectification.extensions.js';
import { onRecommendationDecided } from './rectification.recommendations.js';
import { recommendationExportRoutes } from './rectification.recommendations.export.js';
import { recommendationRoutes } from './rectification.recommendations.routes.js';
import { recommendationWorkbench } from './rectification.recommendations.workbench.js';
import { rectificationJobs } from './rectification.escalation.js';
import { rectificationRoutes } from './rectification.routes.js';
import { rectificationWorkbench } from './rectification.workbench.js';

export type { RectificationItemRow, RectificationTables } from './rectification.tables.js';
export { type OpenItemInput, openRectificationItem } from './rectification.open.js';
export { type SourceStep, mirrorSourceStep } from './rectification.mirror.js';
export { WORKED_AT_SOURCE } from './rectification.at-source.js';
export {
  type RectificationAction,
  issuerSideWhere,
  rectificationListWhere,
  rectificationPolicy,
} from './rectification.policy.js';
export type { RecommendationRow } from './rectification.recommendations.tables.js';
export {
  type RecommendationInput,
  type RecommendationView,
  createRecommendation,
  submitRecommendation,
  listRecommendations,
  readRecommendation,
  updateRecommendation,
} from './rectification.recommendations.js';
export {
  type ReplyInput,
  type ReplyMeasure,
  refuseRecommendation,
  replyToRecommendation,
  ruleOnRefusal,
} from './rectification.recommendations.reply.js';
export { recommendationListWhere, recommendationPolicy } from './rectification.recommendations.policy.js';
export {
  RECOMMENDATION_EXPORT_CAP,
  type RecommendationFilter,
  exportRecommendations,
  recommendationExportColumns,
} from './rectification.recommendations.export.js';
export { ITEM_DOCUMENTS, itemDocument, recommendationDocument } from './rectification.documents.js';

export type { ItemView } from './rectification.items.js';
export { type LedgerQuery, ledgerCounts, listItems } from './rectification.ledger.js';
export { type EscalationRun, escalateItems, unitRectification } from './rectification.escalation.js';

/** The rectification module as the platform sees it: its routes, daily escalation job, scoped tables and cards. */
export const rectificationModule: ModuleDefinition = {
  name: 'rectification',
  routes: [rectificationRoutes, recommendationRoutes, recommendationExportRoutes],
  jobs: rectificationJobs,
  scopedTables: ['rectification_items', 'recommendations', 'rectification_unit_escalations'],
  workbench: [...rectificationWorkbench, ...recommendationWorkbench],
};

// An extension's and a recommendation's approval move them on, in the deciding transaction.
onApprovalDecided('rectification.extension', onExtensionDecided);
onApprovalDecided('rectification.recommendation', onRecommendationDecided);
