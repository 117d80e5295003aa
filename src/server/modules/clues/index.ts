/**
 * The clues module: the clue ledger (问题线索台账) and the clue-review meetings (线索研判会).
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { clueMeetingRoutes } from './clues.meetings.routes.js';
import { clueRoutes } from './clues.routes.js';
import { clueVerificationRoutes } from './clues.verification.routes.js';
import './clues.verification.outcome.js';
import { clueWorkbench } from './clues.workbench.js';
import { onApprovalDecided } from '../approvals/index.js';
import { clueDisposalRoutes } from './clues.disposal.routes.js';
import { onDisposalDecided } from './clues.disposal.js';
import { shelvedJobs, shelvedWorkbench } from './clues.shelved.js';
import { clueInquiryRoutes } from './clues.inquiry.routes.js';
import { onInquiryReportDecided, onInquiryRequestDecided } from './clues.inquiry-report.js';

export {
  type ClueCorrection,
  type ClueInput,
  type ClueSubjectInput,
  DISPOSAL_CLOCK,
  type NewClue,
  addClueEvent,
  addClueMember,
  clueMembersOf,
  clueNumberOf,
  clueSubjectsOf,
  correctClue,
  recordHigherReport,
  registerClue,
  registerClueByHand,
  removeClueMember,
} from './clues.service.js';
export { clueTargetLevel, requireClueOpen, requireClueStatus, setClueState } from './clues.state.js';
export { type ClueAction, clueMeetingPolicy, cluePolicy } from './clues.policy.js';
export { type ClueDetail, readClue } from './clues.detail.js';
export { type ClueEventView, type ClueTrailSource, registerClueTrailSource } from './clues.detail.js';
export {
  CLUE_TOTAL_CAP,
  type ClueLedgerQuery,
  type ClueLine,
  cappedClueCount,
  clueStats,
  listClues,
  readClueLedgerPage,
} from './clues.ledger.js';
export {
  type CluesQuery,
  type Cursor,
  type KeysetOrder,
  afterKey,
  decodeCursor,
  encodeCursor,
  keysetBatches,
} from './clues.ledger-plan.js';
export { CLUE_STREAM_BATCH, type ClueExportSource, grantClues } from './clues.export.js';
export {
  type ClueMeetingLine,
  type MeetingDecision,
  type MeetingInput,
  clueMeetingsBetween,
  meetingDecisionFor,
  recordMeeting,
} from './clues.meetings.js';
export type { CluesTables } from './clues.tables.js';
export {
  type ClueConcludedHandler,
  type Conclusion,
  type DisposalInput,
  concludeClue,
  onClueConcluded,
  onDisposalDecided,
  proposeDisposal,
} from './clues.disposal.js';
export { type DisposalView, readDisposal } from './clues.disposal.read.js';
export {
  DEFAULT_SHELVED_REVIEW_MONTHS,
  type ShelvedReviewInput,
  addMonths,
  parkClue,
  remindShelvedReviews,
  reviewShelvedClue,
  shelvedReview,
} from './clues.shelved.js';
export { conclusionLetterFile } from './clues.letter.js';
export {
  type ClueHandover,
  type WaitingFiling,
  filingHandoverOf,
  releaseFilingHandover,
  takeFilingHandover,
  waitingFilings,
} from './clues.handover.js';

// The disposal opinion's chain ends in the deciding signature's transaction (clues.disposal.ts).
onApprovalDecided('clue.disposal', onDisposalDecided);
export type { ClueVerificationTables } from './clues.tables.js';
export {
  type VerificationPlanInput,
  type VerificationReportInput,
  checkVerificationTeam,
  saveVerificationReport,
  signVerificationReport,
  submitVerificationPlan,
  submitVerificationReport,
} from './clues.verification.js';
export { type VerificationView, readVerification, verificationDocument } from './clues.verification.read.js';
export { INQUIRY_CLOCKS, type InquiryRoundView, listInquiries, requestInquiry } from './clues.inquiry.js';
export { concludeInquiredClue, submitInquiryReport } from './clues.inquiry-report.js';
export { type ClueConflictGate, registerClueConflictGate } from './clues.gates.js';

// 谈话函询: the request's and the report's decisions act on the round and the clue (same transaction).
onApprovalDecided('clue.inquiry_request', onInquiryRequestDecided);
onApprovalDecided('clue.inquiry_report', onInquiryReportDecided);

/** The clues module as the platform sees it: its routes, scoped tables and workbench cards. */
export const cluesModule: ModuleDefinition = {
  name: 'clues',
  routes: [clueRoutes, clueMeetingRoutes, clueDisposalRoutes, clueVerificationRoutes, clueInquiryRoutes],
  jobs: shelvedJobs,
  scopedTables: ['clues', 'clue_meetings', 'clue_handovers'],
  workbench: [...clueWorkbench, ...shelvedWorkbench],
};
