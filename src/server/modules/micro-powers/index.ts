/**
 * The micro-powers module: the small-powers list (小微权力清单, issue 16 §3) as per-county
 * configuration (items, steps, approvers, publication periods, documents; versioned; a default
 * skeleton after our reading of GB/T 41374-2022) and the villages' recorded uses of a power, whose
 * missed steps, short publications and missing documents become findings in the township's
 * rectification ledger when the use is closed.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { registerReportAbout } from '../reports/index.js';
import { resolvePublishedUse } from './micro-powers.public.js';
import { microPowerRoutes } from './micro-powers.routes.js';
import { microPowerWorkbench } from './micro-powers.workbench.js';

export type { MicroPowersTables, MicroPowerItemRow, MicroPowerUseRow } from './micro-powers.tables.js';
export { DEFAULT_SKELETON, type SkeletonItem } from './micro-powers.skeleton.js';
export {
  type ItemInput,
  type ItemView,
  type StepInput,
  createItem,
  listItems,
  loadSkeleton,
  readItem,
  retireItem,
  reviseItem,
  skeletonRows,
} from './micro-powers.items.js';
export {
  FINDING_RECTIFICATION_DAYS,
  type UseInput,
  type UseLine,
  type UseView,
  closeUse,
  createUse,
  listUses,
  readUse,
  recordUseStep,
  recordingVillages,
} from './micro-powers.uses.js';
export { type RecordedStep, type UseProblem, calendarDays, checkUse } from './micro-powers.check.js';
export { type PublicPowers, publicPowers } from './micro-powers.public.js';

/** The micro-powers module as the platform sees it: its routes, scoped tables and workbench cards. */
export const microPowersModule: ModuleDefinition = {
  name: 'micro-powers',
  routes: [microPowerRoutes],
  scopedTables: ['micro_power_items', 'micro_power_uses'],
  workbench: microPowerWorkbench,
};

// A villager may report about a published use of a power (公开页“对此反映问题”).
registerReportAbout('micro_power_use', resolvePublishedUse);
