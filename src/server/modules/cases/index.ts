/**
 * The cases module: the case stage (立案审查调查, capability C4): filing with its approvals, the
 * handling modes, the case team under recusal and need-to-know, and the case ledger and page.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { onApprovalDecided } from '../approvals/index.js';
import { onFilingDecided } from './cases.filing.js';
import { caseRoutes } from './cases.routes.js';
// cases: team, actions and evidence
import { registerRecusalTarget } from '../recusal/index.js';
import { registerCitationCheck } from './cases.citations.js';
import { citationCheck } from './cases.evidence.js';
import { caseEvidenceRoutes } from './cases.evidence.routes.js';
import { loadCaseRecusalTarget } from './cases.team.js';
import { caseTeamRoutes } from './cases.team.routes.js';

export { type CaseAction, caseFullWhere, caseLineWhere, caseMemberWhere, casePolicy } from './cases.policy.js';
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
  type CaseDetail,
  type CaseLedgerQuery,
  type CaseLine,
  listCases,
  loadCase,
  readCase,
  recordFilingNotice,
} from './cases.read.js';
export type { CaseRow, CasesTables } from './cases.tables.js';
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

// The filing chain's end is applied in the deciding signature's transaction.
onApprovalDecided('case.filing', onFilingDecided);
// cases: team, actions and evidence — the case as a recusal target; reports cite only evidence with full provenance.
registerRecusalTarget('case', loadCaseRecusalTarget);
registerCitationCheck(citationCheck);

/** The cases module as the platform sees it: its routes, scoped tables and workbench cards. */
export const casesModule: ModuleDefinition = {
  name: 'cases',
  routes: [caseRoutes, caseTeamRoutes, caseEvidenceRoutes],
  scopedTables: ['cases'],
};
