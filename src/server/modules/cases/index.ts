/**
 * The cases module: the case stage (立案审查调查, capability C4): filing with its approvals, the
 * handling modes, the case team under recusal and need-to-know, and the case ledger and page.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { onApprovalDecided } from '../approvals/index.js';
import { onFilingDecided } from './cases.filing.js';
import { onCaseOwnerMoved, onModeChangeDecided } from './cases.mode-change.js';
import { caseRoutes } from './cases.routes.js';
import { caseStatsRoutes } from './cases.stats.routes.js';
import { caseWorkbench } from './cases.workbench.js';
import { caseJobs } from './cases.jobs.js';
// cases: team, actions and evidence
import { registerRecusalTarget } from '../recusal/index.js';
import { registerCitationCheck } from './cases.citations.js';
import { citationCheck } from './cases.evidence.js';
import { caseEvidenceRoutes } from './cases.evidence.routes.js';
import { loadCaseRecusalTarget } from './cases.team.js';
import { caseTeamRoutes } from './cases.team.routes.js';
import { zoneWorkbench } from './cases.zone.flag.js';
import { recommendationWorkbench } from './cases.zone.analysis.js';
import { caseZoneRoutes } from './cases.zone.routes.js';
import { measureRoutes } from './cases.measures.routes.js';
import { casePlanRoutes } from './cases.plans.routes.js';
import { moveMeasureClocks } from './cases.measures.js';
import { movePropertyClocks } from './cases.property.js';

export {
  type CaseAction,
  type CaseFileReader,
  caseFullWhere,
  caseLineWhere,
  caseMemberWhere,
  casePolicy,
  registerCaseFileReader,
} from './cases.policy.js';
export { requireCaseStatus, setCaseState, touchCase } from './cases.state.js';
export {
  type CaseMember,
  type CaseSubject,
  addCaseEvent,
  addCaseMember,
  caseMembersOf,
  caseSubjectsOf,
  removeCaseMember,
} from './cases.service.js';
export { type Handling, type HandlingInput, resolveHandling } from './cases.modes.js';
export {
  type CaseSubjectInput,
  type FilingInput,
  type ModeInput,
  requestFiling,
  reviseFiling,
} from './cases.filing.js';
export {
  CASE_SEARCH_TOTAL_CAP,
  CASE_SHORT_NAME_TOTAL_CAP,
  CASE_TOTAL_CAP,
  type CaseLedgerQuery,
  type CaseLine,
  NARROW_SCOPE_UNITS,
  readCaseLedgerPage,
} from './cases.ledger.js';
export { type CaseDetail, listCases, loadCase, readCase, recordFilingNotice } from './cases.read.js';
export { caseConflictPeople } from './cases.team.js';
export type { CaseRow, CasesTables } from './cases.tables.js';
export { type CaseStats, type CaseStatsGroup, type CaseStatsQuery, caseStats } from './cases.stats.js';
// cases: measures
export type { CaseMeasuresTables } from './cases.measures.tables.js';
export { MEASURE_RESOURCE, type MeasureInput, liftMeasure, recordMeasure, startMeasure } from './cases.measures.js';
export { type MeasureLine, type MeasureView, caseMeasures, listMeasures } from './cases.measures.ledger.js';
export { MEASURE_RULES, checkApproval } from './cases.measures.rules.js';
export { type CitationCheck, type UncitableItem, registerCitationCheck, uncitableEvidence } from './cases.citations.js';
// cases: team, actions and evidence
export type { CaseEvidenceTables } from './cases.evidence.tables.js';
export { AWAY_MODES, checkCaseTeam, setCaseTeam } from './cases.team.js';
export { recordCaseAction, listCaseActions } from './cases.actions.js';
export {
  citationCheck,
  listEvidence,
  missingProvenance,
  recordCustody,
  registerEvidence,
  updateEvidence,
} from './cases.evidence.js';
export { PROPERTY_RESOURCE, listProperty, propertyStep, registerProperty } from './cases.property.js';
// cases: modes and the zone's rules
export {
  type CaseOwner,
  type CaseOwnerMove,
  type ModeChangeInput,
  listModeChanges,
  onCaseOwnerMoved,
  requestModeChange,
} from './cases.mode-change.js';
export {
  authorizeCase,
  recordBriefing,
  requireZoneAuthorised,
  zoneAuthorised,
  zoneCommanderRole,
} from './cases.zone.js';
export type { CasesZoneTables } from './cases.zone.tables.js';

// cases: plans, end of the investigation and documents (their approval handlers register at load)
export {
  type PlanInput,
  type PlanChangeInput,
  type PlanText,
  changePlan,
  listPlans,
  submitPlan,
} from './cases.plans.js';
export {
  type CaseAwaitingReview,
  casesAwaitingReview,
  closeCase,
  recordDiscussion,
  recordFactsShown,
  recordHigherFiling,
} from './cases.conclusion.js';
export {
  type CaseReportText,
  readConclusion,
  saveCaseReport,
  signCaseReport,
  submitCaseReport,
} from './cases.report.js';
export {
  type CaseDocumentGenerator,
  caseDocument,
  caseDocumentNames,
  registerCaseDocument,
} from './cases.documents.js';
export type { CasePlansTables } from './cases.plans.tables.js';
// cases: what a quality review (评查) reads of a closed case
export {
  type CaseClockRecord,
  type IncompleteEvidence,
  caseClockRecords,
  caseDocumentsGenerated,
  incompleteEvidence,
} from './cases.quality-facts.js';

// The filing chain's end is applied in the deciding signature's transaction.
onApprovalDecided('case.filing', onFilingDecided);
// cases: team, actions and evidence — the case as a recusal target; reports cite only evidence with full provenance.
registerRecusalTarget('case', loadCaseRecusalTarget);
registerCitationCheck(citationCheck);
// A mode change is applied in the transaction of its chain's last signature.
onApprovalDecided('case.mode_change', onModeChangeDecided);
// The measures' and seized property's clocks follow the case to its new handling unit.
onCaseOwnerMoved(moveMeasureClocks);
onCaseOwnerMoved(movePropertyClocks);

/** The cases module as the platform sees it: its routes, scoped tables and workbench cards. */
export const casesModule: ModuleDefinition = {
  name: 'cases',
  // The console's dashboard and workbench cards (cases.stats.routes.ts, cases.workbench.ts).
  routes: [
    caseRoutes,
    caseStatsRoutes,
    measureRoutes,
    casePlanRoutes,
    caseZoneRoutes,
    caseTeamRoutes,
    caseEvidenceRoutes,
  ],
  jobs: caseJobs,
  scopedTables: ['cases'],
  workbench: [...caseWorkbench, ...zoneWorkbench, ...recommendationWorkbench],
};
