/** The access ladder's rules of village finance disclosure (阳光村务): merged into the ladder's table. */
import type { Rule } from './rules.js';

/** Route → access rule, as in ../ladder.test.ts. */
export const DISCLOSURE_ROUTES: Record<string, Rule> = {};
