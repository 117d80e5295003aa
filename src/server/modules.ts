/**
 * The composition root's list of modules: the one place that knows every module. Routes are
 * registered, jobs handed to the worker and scoped tables registered from here; a new module
 * adds its definition (exported by its index.ts) to this list and nothing else.
 */
import { accessModule } from './modules/access/index.js';
import { attachmentsModule } from './modules/attachments/index.js';
import { auditModule } from './modules/audit/index.js';
import { authModule } from './modules/auth/index.js';
import { calendarModule } from './modules/calendar/index.js';
import { cluesModule } from './modules/clues/index.js';
import { deadlinesModule } from './modules/deadlines/index.js';
import { jobsModule } from './modules/jobs/index.js';
import { notificationsModule } from './modules/notifications/index.js';
import { numberingModule } from './modules/numbering/index.js';
import { orgModule } from './modules/org/index.js';
import { orgTransferModule } from './modules/org-transfer/index.js';
import { peopleModule } from './modules/people/index.js';
import { reportsModule } from './modules/reports/index.js';
import { systemModule } from './modules/system/index.js';
import { workbenchModule } from './modules/workbench/index.js';
import { zonesModule } from './modules/zones/index.js';
import { recusalModule } from './modules/recusal/index.js';
import { approvalsModule } from './modules/approvals/index.js';
import { clueAssignmentModule } from './modules/clue-assignment/index.js';
import { casesModule } from './modules/cases/index.js';
import { sanctionsModule } from './modules/sanctions/index.js';
import { qualityModule } from './modules/quality/index.js';
import { reviewModule } from './modules/review/index.js';
import { rectificationModule } from './modules/rectification/index.js';
import { meetingsModule } from './modules/meetings/index.js';
import { inspectionsModule } from './modules/inspections/index.js';
import { disclosureModule } from './modules/disclosure/index.js';
import { qrSupervisionModule } from './modules/qr-supervision/index.js';
import { microPowersModule } from './modules/micro-powers/index.js';
import { gridModule } from './modules/grid/index.js';
import { opsModule } from './ops/index.js';
import {
  type JobDefinition,
  type ModuleDefinition,
  registerScopedTables,
  registerWorkbenchProviders,
} from './shared/module.js';

/** Every module, in the order their routes are registered. */
export const MODULES: readonly ModuleDefinition[] = [
  systemModule,
  workbenchModule,
  authModule,
  orgModule,
  orgTransferModule,
  zonesModule,
  peopleModule,
  accessModule,
  auditModule,
  calendarModule,
  reportsModule,
  attachmentsModule,
  cluesModule,
  notificationsModule,
  deadlinesModule,
  numberingModule,
  jobsModule,
  recusalModule,
  approvalsModule,
  clueAssignmentModule,
  casesModule,
  sanctionsModule,
  qualityModule,
  reviewModule,
  rectificationModule,
  meetingsModule,
  inspectionsModule,
  disclosureModule,
  qrSupervisionModule,
  microPowersModule,
  gridModule,
  opsModule,
];

registerScopedTables(MODULES.flatMap((m) => m.scopedTables ?? []));
registerWorkbenchProviders(MODULES.flatMap((m) => m.workbench ?? []));

/** Every job kind of every module (a kind declared twice is a programming error). */
export function jobDefinitions(): JobDefinition[] {
  const jobs = MODULES.flatMap((m) => m.jobs ?? []);
  const kinds = new Set<string>();
  for (const job of jobs) {
    if (kinds.has(job.kind)) throw new Error(`job kind ${job.kind} is declared twice`);
    kinds.add(job.kind);
  }
  return jobs;
}
