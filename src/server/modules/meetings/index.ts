/**
 * The meetings module: the zones' meetings (会议, issue 15 §3): 季度研判会, 半年推进会 and 年度述职会
 * scheduled by a daily job on working days with their chairs from the zone's roles, 室组地联席会议
 * and other meetings by hand; the proposed agenda from the zone's records, attendance, minutes,
 * decisions, action items landing in the rectification ledger, the minutes and the 述职 report
 * draft as documents, the workbench cards. The clue-review meetings stay the clues module's.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { meetingRoutes } from './meetings.routes.js';
import { meetingJobs } from './meetings.schedule.js';
import { meetingWorkbench } from './meetings.workbench.js';

export type { MeetingRow, MeetingsTables } from './meetings.tables.js';
export { type AgendaItem, proposedAgenda } from './meetings.agenda.js';
export { type PlannedMeeting, materialsDueOn, nextMeeting, onWorkingDay } from './meetings.rhythm.js';
export { type ScheduleRun, scheduleMeetings } from './meetings.schedule.js';
export {
  type MeetingInput,
  type MeetingLine,
  type MeetingQuery,
  type MeetingView,
  createMeeting,
  listMeetings,
  readMeeting,
} from './meetings.service.js';
export {
  type ActionInput,
  type AgendaInput,
  type PresenceInput,
  addActions,
  cancelMeeting,
  closeMeeting,
  recordAttendance,
  recordMinutes,
  rescheduleMeeting,
  setAgenda,
  setDecisions,
} from './meetings.record.js';
export { MEETING_DOCUMENTS, type ZoneYear, meetingDocument, zoneYear } from './meetings.documents.js';
export { meetingListWhere, meetingPolicy } from './meetings.policy.js';
export { MEETING_EXPORT_CAP, type MeetingFilter, exportMeetings, meetingExportColumns } from './meetings.export.js';

/** The meetings module as the platform sees it: its routes, daily job, scoped tables and workbench cards. */
export const meetingsModule: ModuleDefinition = {
  name: 'meetings',
  routes: [meetingRoutes],
  jobs: meetingJobs,
  scopedTables: ['meetings', 'meeting_gaps'],
  workbench: meetingWorkbench,
};
