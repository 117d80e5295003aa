/**
 * The sanctions module. Today: the rules engine of issue 14 §2, §3 and §6, pure and without a
 * database — who approves a party sanction, the branch meeting's quorum and majority, effect
 * periods and their stacking, 留党察看's outcomes, state sanction periods and their combination,
 * a village cadre's limits, no heavier sanction after a defence, the party/state match, the four
 * forms and the clocks a sanction opens. The review module and the sanctions ledger (next) call
 * it; the code lists are in shared/sanctions.codes.ts. This file is its only import surface.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { sanctionAfterRoutes } from './sanctions.after.routes.js';
import { liftingJobs } from './sanctions.lifting.js';
import { sanctionLedgerRoutes } from './sanctions.ledger.routes.js';
import { sanctionLedgerWorkbench } from './sanctions.ledger-workbench.js';
import { sanctionRoutes } from './sanctions.routes.js';
import { sanctionWorkbench } from './sanctions.workbench.js';
import { sanctionAppealRoutes } from './sanctions.appeals.routes.js';

export type { SanctionRow, SanctionsTables } from './sanctions.tables.js';
export { type SanctionAction, notRecusedFromSanctionCase, sanctionPolicy } from './sanctions.policy.js';
export { SANCTION_RESOURCE, addSanctionEvent, loadSanction, touchSanction } from './sanctions.service.js';
export { fourFormsFor } from './sanctions.mapping.js';
export {
  type DecidedOutcome,
  checkOutcomeCodes,
  draftSanctionsFromDecision,
  outcomeParts,
  requireSanctionStatus,
} from './sanctions.records.js';
export {
  type SanctionDecisionInput,
  dayStart,
  decideSanction,
  openSanctionClocks,
  sanctionClockOwner,
} from './sanctions.decision.js';
export {
  type ImportSanctionInput,
  type SanctionPerson,
  carriedDays,
  importSanction,
  latestPartyPeriod,
  outcomeCodeOf,
  periodOfRow,
  sanctionOfRow,
} from './sanctions.import.js';

export { addDays, addMonths, dayOf, daysBetween, monthsAndDays } from './sanctions.dates.js';
export {
  type EffectPeriod,
  type PeriodNature,
  type ProbationResult,
  type StateCombination,
  combineStateSanctions,
  effectiveOn,
  liftingDue,
  partyEffectPeriod,
  probationOutcome,
  remainderOf,
  stackPartySanctions,
  statePeriod,
  underEffectOn,
} from './sanctions.periods.js';
export {
  type ApprovalAccepted,
  type ApprovalQuestion,
  type ApprovalRequirement,
  type DirectDecision,
  type Refusal,
  type SanctionNotice,
  type StateSanctionAccepted,
  checkAfterDefence,
  checkAppealOutcome,
  checkApprover,
  checkDirectDecision,
  checkStateSanctionFor,
  orThrow,
  partyStateMatch,
  requireAfterDefence,
  requireAppealOutcome,
  requireApprover,
  requireDirectDecision,
  requireExemptionConclusion,
  requirePartySanction,
  requireStateSanctionFor,
  requiredApprover,
  severityOf,
} from './sanctions.rules.js';
export {
  type BranchCounts,
  type BranchResult,
  type RollLine,
  branchVote,
  countRoll,
  requireBranchResolution,
  requireRollResolution,
} from './sanctions.branch.js';
export {
  type FourFormsMapping,
  type MappingProblem,
  formOutcomeOf,
  fourFormOf,
  fourFormsMappingProblems,
  heaviestForm,
  resolveFourFormsMapping,
} from './sanctions.forms.js';
export {
  type AppealKind,
  type ClockDescriptor,
  type PartySanctionClocksInput,
  SANCTION_TIMERS,
  type SanctionClockKind,
  type StateSanctionClocksInput,
  type SubmissionLeg,
  appealClocks,
  partySanctionClocks,
  quarterlySummaryDue,
  stateSanctionClocks,
} from './sanctions.clocks.js';

export { type LiftingRun, liftDueSanctions, liftingJobs, liftingNote } from './sanctions.lifting.js';
export { type ChangeNotice, listNotices, notifyToldBefore, recordNotice } from './sanctions.notices.js';
export { type ProbationDone, decideProbationOutcome } from './sanctions.probation.js';
export { SANCTION_DOCUMENT_LABELS, sanctionDocument } from './sanctions.documents.js';
export { SANCTION_DOCUMENTS, type SanctionDocumentName } from './sanctions.after.schemas.js';

export {
  SANCTION_TOTAL_CAP,
  type SanctionFilters,
  type SanctionLedgerQuery,
  type SanctionLine,
  type IntegrityEntry,
  type IntegrityEntrySource,
  exportUnderEffect,
  readIntegrityFile,
  registerIntegrityEntrySource,
} from './sanctions.ledger.js';
export { type SanctionLedgerPage, listSanctions, readSanctionLedgerPage } from './sanctions.ledger-page.js';
export { type SanctionCounts, sanctionCounts } from './sanctions.counts.js';
export { readFourFormsSetting, setFourFormsSetting } from './sanctions.forms-setting.js';

export { caseSanctions, readSanction, sanctionView } from './sanctions.read.js';
export { SANCTION_STEPS, type SanctionStep, extendJobPay, recordSanctionStep, stepsOpen } from './sanctions.steps.js';
export {
  editSanction,
  recordBranchMeeting,
  recordDefence,
  recordDirectDecision,
  withdrawSanction,
} from './sanctions.records.js';
export { sanctionRoutes } from './sanctions.routes.js';

export { SANCTION_APPEAL_RESOURCE, applicationDeadline, decideAppeal, lodgeAppeal } from './sanctions.appeals.js';
export { checkAppealTeam, setAppealTeam } from './sanctions.appeals.team.js';
export {
  type AppealDetail,
  type AppealLine,
  appealDecisionDocument,
  appealsOfSanction,
  listAppeals,
  readAppeal,
} from './sanctions.appeals.read.js';
export { sanctionAppealPolicy } from './sanctions.appeals.policy.js';

/** The sanctions module as the platform sees it: its scoped tables, routes, jobs and workbench cards. */
export const sanctionsModule: ModuleDefinition = {
  name: 'sanctions',
  scopedTables: ['sanctions', 'sanction_appeals'],
  routes: [sanctionRoutes, sanctionAfterRoutes, sanctionLedgerRoutes, sanctionAppealRoutes],
  jobs: [...liftingJobs],
  workbench: [...sanctionWorkbench, ...sanctionLedgerWorkbench],
};
