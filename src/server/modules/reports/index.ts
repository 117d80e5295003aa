/**
 * The reports module: intake (信访举报): submission, routing, handling, ledger, files and documents.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { reportWorkbench } from './reports.workbench.js';
import { reportPublicRoutes } from './reports.public.routes.js';
import { reportStaffRoutes } from './reports.staff.routes.js';
import { reportExportRoutes } from './reports.export.routes.js';
import { reportFileRoutes } from './reports.files.routes.js';
import { reportDocumentRoutes } from './reports.documents.routes.js';
import { reportRepeatRoutes } from './reports.repeats.routes.js';
import { reportJobs } from './reports.jobs.js';
import { onClueConcluded } from '../clues/index.js';
import { concludeReportOfClue } from './reports.clue-feedback.js';

export {
  type AboutFound,
  type AboutResolver,
  type ReportAbout,
  registerReportAbout,
  reportAboutKinds,
} from './reports.about.js';
export { type LedgerQuery, listReports, readLedgerPage } from './reports.ledger.js';
export { MAC_RECEIPT, reporterContext } from './reports.model.js';
export { type NamedReporter, namedReporterOf } from './reports.reporter.js';
export type { ReportsTables } from './reports.tables.js';
export { FOLD_BATCH, foldSearchIndex, foldSearchSql } from './reports.search.js';
export { concludeReportOfClue } from './reports.clue-feedback.js';
export {
  INFORMANT_PHOTOS_DESCRIPTION,
  InformantPhotosAnswer,
  type InformantReportInput,
  addInformantPhotos,
  submitInformantReport,
} from './reports.informant.js';

// A concluded clue concludes its report and starts the named reporter's feedback clock (timer 9).
onClueConcluded(concludeReportOfClue);

/** The reports module as the platform sees it: its routes, jobs and scoped tables. */
export const reportsModule: ModuleDefinition = {
  name: 'reports',
  routes: [
    reportPublicRoutes,
    reportStaffRoutes,
    reportExportRoutes,
    reportFileRoutes,
    reportDocumentRoutes,
    reportRepeatRoutes,
  ],
  jobs: reportJobs,
  scopedTables: ['reports'],
  workbench: reportWorkbench,
};
