/**
 * The disclosure module: village finance disclosure (阳光村务, issue 16 §1): monthly accounts uploaded or entered, validated row by row, reviewed and signed by the village supervision committee, published in versions with corrections, the publication schedule and overdue villages, the public village pages and the display screen.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';

/** The disclosure module as the platform sees it. */
export const disclosureModule: ModuleDefinition = {
  name: 'disclosure',
};
