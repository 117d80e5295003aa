/** The access ladder's rules of QR supervision of policies, projects, funds and subsidy rosters (立码监督): merged into the ladder's table. */
import type { Rule } from './rules.js';

/** Route → access rule, as in ../ladder.test.ts. */
export const QR_SUPERVISION_ROUTES: Record<string, Rule> = {};
