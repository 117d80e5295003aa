/**
 * The qr-supervision module: QR supervision (立码监督, issue 16 §2): departments' policies, projects and fund allocations per village with their own QR codes, subsidy rosters imported per department and year, and a villager's own rate-limited subsidy look-up.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { registerReportAbout } from '../reports/index.js';
import { resolveItem } from './qr-supervision.items.js';
import { qrSupervisionRoutes } from './qr-supervision.routes.js';
import { qrSupervisionWorkbench } from './qr-supervision.workbench.js';

export type { QrItemRow, QrSupervisionTables, SubsidyRosterRow } from './qr-supervision.tables.js';
export {
  type AllocationInput,
  type ItemInput,
  type ItemView,
  type PublicItem,
  createItem,
  itemLabel,
  itemPublicUrl,
  listItems,
  publicItem,
  publicVillageItems,
  readItem,
  resolveItem,
  setItemPublished,
  updateItem,
} from './qr-supervision.items.js';
export {
  type RosterImported,
  type RosterLine,
  type RosterMeta,
  type RowProblem,
  type SealedParticulars,
  importRoster,
  listRosters,
  readRoster,
  readRosterImport,
  sealContext,
} from './qr-supervision.rosters.js';
export { importItems } from './qr-supervision.import.js';
export { type LookupAnswer, LOOKUP_LIMITS, lookupSubsidies } from './qr-supervision.lookup.js';
export { qrItemListWhere, qrItemPolicy, rosterListWhere, subsidyRosterPolicy } from './qr-supervision.policy.js';
export { DEVICE_COOKIE } from './qr-supervision.routes.js';

// A report from an item's public page is about that item while it is published.
registerReportAbout('qr_item', resolveItem);

/** The qr-supervision module as the platform sees it: its routes, scoped tables and workbench cards. */
export const qrSupervisionModule: ModuleDefinition = {
  name: 'qr-supervision',
  routes: [qrSupervisionRoutes],
  scopedTables: ['qr_items', 'subsidy_rosters'],
  workbench: qrSupervisionWorkbench,
};
