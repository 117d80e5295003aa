/**
 * The cases module: the case stage (立案审查调查, capability C4): filing with its approvals, the
 * handling modes, the case team under recusal and need-to-know, and the case ledger and page.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { onApprovalDecided } from '../approvals/index.js';
import { onFilingDecided } from './cases.filing.js';
import { caseRoutes } from './cases.routes.js';
import { caseStatsRoutes } from './cases.stats.routes.js';
import { caseWorkbench } from './cases.workbench.js';

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
export { type CaseStats, type CaseStatsGroup, type CaseStatsQuery, caseStats } from './cases.stats.js';
export { type CitationCheck, type UncitableItem, registerCitationCheck, uncitableEvidence } from './cases.citations.js';

// The filing chain's end is applied in the deciding signature's transaction.
onApprovalDecided('case.filing', onFilingDecided);

/** The cases module as the platform sees it: its routes, scoped tables and workbench cards. */
export const casesModule: ModuleDefinition = {
  name: 'cases',
  // The console's dashboard and workbench cards (cases.stats.routes.ts, cases.workbench.ts).
  routes: [caseRoutes, caseStatsRoutes],
  scopedTables: ['cases'],
  workbench: [...caseWorkbench],
};
