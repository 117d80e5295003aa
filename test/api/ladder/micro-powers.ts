/** The access ladder's rules of the small-powers list and its uses (小微权力清单): merged into the ladder's table. */
import type { Rule } from './rules.js';

/** Route → access rule, as in ../ladder.test.ts. */
export const MICRO_POWER_ROUTES: Record<string, Rule> = {};
