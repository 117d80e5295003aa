/**
 * The micro-powers module: the small-powers list (小微权力清单, issue 16 §3) as per-county configuration (items, steps, approvers, publication periods, documents; GB/T 41374-2022 as the default skeleton) and the villages' recorded uses of a power, whose missed steps become findings.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';

/** The micro-powers module as the platform sees it. */
export const microPowersModule: ModuleDefinition = {
  name: 'micro-powers',
};
