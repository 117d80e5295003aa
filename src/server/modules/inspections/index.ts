/**
 * The inspections module: supervision inspections (监督检查, issue 15 §1): checklist templates
 * (一手册两清单, 四张清单) issued by the county and adapted by townships, inspection plans with
 * their conflict-checked teams and approval, the work through the checklists with sealed photos,
 * findings and their next steps (rectification item, talk, recommendation, clue), the report and
 * its documents, the workbench cards. This file is its only import surface.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { onApprovalDecided } from '../approvals/index.js';
import { registerIntegrityEntrySource } from '../sanctions/index.js';
import { talksOnFile } from './inspections.integrity.js';
import { onInspectionPlanDecided } from './inspections.plans.js';
import { inspectionRoutes } from './inspections.routes.js';
import { inspectionWorkbench } from './inspections.workbench.js';

export type { InspectionsTables } from './inspections.tables.js';
export {
  type PlanInput,
  closeInspection,
  createInspection,
  reportInspection,
  startInspection,
  submitInspection,
} from './inspections.plans.js';
export {
  type FindingView,
  type InspectionLine,
  type InspectionView,
  listInspections,
  readInspection,
} from './inspections.read.js';
export { type CheckInput, addCheckFile, openCheckFile, recordCheck } from './inspections.checks.js';
export { type DecisionInput, decideFinding } from './inspections.findings.js';
export { INSPECTION_DOCUMENTS, inspectionDocument } from './inspections.documents.js';
export {
  type TemplateView,
  adaptTemplate,
  createTemplate,
  issueTemplate,
  listAdaptations,
  listTemplates,
  readTemplate,
  updateTemplate,
} from './inspections.templates.js';
export { inspectionPolicy, templatePolicy } from './inspections.policy.js';
export { talksOnFile } from './inspections.integrity.js';

// A plan's approval moves it on (approved, or back to draft), in the deciding transaction.
onApprovalDecided('inspection.plan', onInspectionPlanDecided);
// An inspection's talks show on the person's integrity file (sanctions reads them through this).
registerIntegrityEntrySource(talksOnFile);

/** The inspections module as the platform sees it: its routes, scoped tables and workbench cards. */
export const inspectionsModule: ModuleDefinition = {
  name: 'inspections',
  routes: [inspectionRoutes],
  scopedTables: ['checklist_templates', 'inspections', 'inspection_talks'],
  workbench: inspectionWorkbench,
};
