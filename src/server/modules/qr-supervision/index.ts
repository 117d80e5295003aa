/**
 * The qr-supervision module: QR supervision (立码监督, issue 16 §2): departments' policies, projects and fund allocations per village with their own QR codes, subsidy rosters imported per department and year, and a villager's own rate-limited subsidy look-up.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';

/** The qr-supervision module as the platform sees it. */
export const qrSupervisionModule: ModuleDefinition = {
  name: 'qr-supervision',
};
