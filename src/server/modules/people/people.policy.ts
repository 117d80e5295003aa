/** Who may do what to staff and subjects: the module's policies, consulted through the access seam. */
import { definePolicy } from '../access/index.js';

/** Staff (纪检监察干部): read and manage within the permission's scope. */
export const staffPolicy = definePolicy({
  resource: 'staff',
  table: 'staff',
  actions: { read: 'staff.read', manage: 'staff.manage' },
});

/** Subjects (监督对象): read (a report's person may be picked from them) and manage. */
export const subjectPolicy = definePolicy({
  resource: 'subject',
  table: 'subjects',
  actions: { read: 'subject.read', manage: 'subject.manage' },
});
