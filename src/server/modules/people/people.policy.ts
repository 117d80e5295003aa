/** Who may do what to staff and subjects: the module's policies, consulted through the access seam. */
import { definePolicy } from '../access/index.js';
import { UNIT_SCOPE_COLUMNS } from '../org/index.js';

/** Staff (纪检监察干部): read and manage within the permission's scope. */
export const staffPolicy = definePolicy({
  resource: 'staff',
  table: 'staff',
  actions: { read: 'staff.read', manage: 'staff.manage' },
});

/** An action on staff. */
export type StaffAction = keyof typeof staffPolicy.actions;

/** Subjects (监督对象): read (a report's person may be picked from them) and manage. */
export const subjectPolicy = definePolicy({
  resource: 'subject',
  table: 'subjects',
  actions: { read: 'subject.read', manage: 'subject.manage' },
});

/** An action on subjects. */
export type SubjectAction = keyof typeof subjectPolicy.actions;

/**
 * Units as the place of a staff member or the owner of a subject: a person may be put in a unit
 * inside their staff.manage (`staff`) or subject.manage (`subject`) scope.
 */
export const peopleUnitPolicy = definePolicy({
  resource: 'unit',
  table: 'units',
  scopeColumns: UNIT_SCOPE_COLUMNS,
  actions: { staff: 'staff.manage', subject: 'subject.manage' },
});
