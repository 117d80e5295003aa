/** The access ladder's rules of grid supervision: outposts, informants, tasks and scores (网格监督): merged into the ladder's table. */
import type { Rule } from './rules.js';

/** Route → access rule, as in ../ladder.test.ts. */
export const GRID_ROUTES: Record<string, Rule> = {};
