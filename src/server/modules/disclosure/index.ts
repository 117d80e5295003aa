/**
 * The disclosure module: village affairs disclosure (阳光村务, issue 16 §1): monthly accounts uploaded or entered, a quarter's general items (村务一般事项, with masked 名单), validated row by row, reviewed and signed by the village supervision committee, published in versions with corrections, the publication schedule and overdue villages, the public village pages and the display screen.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { registerReportAbout } from '../reports/index.js';
import { resolveGeneralEntry } from './disclosure.general.js';
import { resolveLine } from './disclosure.public.js';
import { disclosureRoutes } from './disclosure.routes.js';
import { disclosureWorkbench } from './disclosure.workbench.js';

export type { DisclosureBatchRow, DisclosureLineRow, DisclosureTables } from './disclosure.tables.js';
export { type LineInput, type LineProblem, checkPeriod, periodDays, periodLabel } from './disclosure.lines.js';
export {
  type BatchInput,
  type PreparedBatch,
  prepareBatch,
  returnBatch,
  signBatch,
  submitBatch,
} from './disclosure.service.js';
export { type BatchLine, type BatchView, listBatches, readBatch } from './disclosure.read.js';
export {
  type GeneralEntryInput,
  type RosterInput,
  type ShownEntry,
  checkGeneral,
  resolveGeneralEntry,
} from './disclosure.general.js';
export { type PublicPeriod, lineLabel, publicIndex, publicPeriod, resolveLine } from './disclosure.public.js';
export { type CalendarLine, duePeriod, publicationCalendar, setFinanceCycle } from './disclosure.calendar.js';
export { disclosureListWhere, disclosurePolicy } from './disclosure.policy.js';
export { readUpload } from './disclosure.xlsx.js';

// A report from the public page may be about a line of the version public now.
registerReportAbout('disclosure_line', resolveLine);
// … or about an entry of a quarter's general items public now.
registerReportAbout('disclosure_general', resolveGeneralEntry);

/** The disclosure module as the platform sees it: its routes, scoped tables and workbench cards. */
export const disclosureModule: ModuleDefinition = {
  name: 'disclosure',
  routes: [disclosureRoutes],
  scopedTables: ['disclosure_batches'],
  workbench: disclosureWorkbench,
};
