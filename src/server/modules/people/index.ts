/**
 * The people module: staff and subjects (persons under supervision).
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { peopleRoutes } from './people.routes.js';

export {
  type StaffImport,
  type SubjectImport,
  applyStaffImport,
  applySubjectImport,
  followUnitRegions,
} from './people.import.js';
export { type StaffAction, type SubjectAction, peopleUnitPolicy, staffPolicy, subjectPolicy } from './people.policy.js';
export { CADRE_AUTHORITIES, listStaff, listSubjects } from './people.service.js';
export type { PeopleTables, StaffRow, SubjectRow } from './people.tables.js';

/** The people module as the platform sees it: its routes, jobs and scoped tables. */
export const peopleModule: ModuleDefinition = {
  name: 'people',
  routes: [peopleRoutes],
  scopedTables: ['staff', 'subjects'],
};
