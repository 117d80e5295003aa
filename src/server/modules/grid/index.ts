/**
 * The grid module: grid supervision (网格监督 / 廉情前哨站, issue 16 §4): outposts per village, informants per villager group with invitation links and PIN sessions, their reports (intake channel informant), tasks pushed by the township, event scoring and quarterly rankings.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';

/** The grid module as the platform sees it. */
export const gridModule: ModuleDefinition = {
  name: 'grid',
};
