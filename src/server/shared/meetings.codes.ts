/**
 * Code lists of the zones' meetings (会议, issue 15 §3): the one copy that the server (schemas,
 * scheduling, documents) and the staff console (calendar, tags, forms) both import. Bundled into
 * the browser: plain TypeScript, no Node built-ins, no imports from the server.
 */

/**
 * The kinds of meeting a zone holds (GLOSSARY: meeting). The clue-review meetings (线索研判会)
 * are the clues module's (`clue_meetings`): the calendar shows them read-only beside these.
 */
export const MEETING_KIND_LABELS = {
  assessment_meeting: '季度研判会',
  progress_meeting: '半年推进会',
  annual_report_meeting: '年度述职会',
  joint_meeting: '室组地联席会议',
  ad_hoc: '其他会议',
} as const;
/** A meeting kind. */
export type MeetingKind = keyof typeof MEETING_KIND_LABELS;
/** Every meeting kind. */
export const MEETING_KINDS = Object.keys(MEETING_KIND_LABELS) as MeetingKind[];
/** The kinds the daily job schedules on the zones' rhythm (one per zone and period). */
export const SCHEDULED_MEETING_KINDS = ['assessment_meeting', 'progress_meeting', 'annual_report_meeting'] as const;
/** A kind the daily job schedules. */
export type ScheduledMeetingKind = (typeof SCHEDULED_MEETING_KINDS)[number];

/**
 * The zone role that chairs each kind (研判会: the zone leader 组长; 推进会 and 述职会: the
 * commander 指挥长, who comments on each leader's report). A meeting never goes without a chair.
 */
export const MEETING_CHAIR_ROLE: Record<MeetingKind, 'leader' | 'commander'> = {
  assessment_meeting: 'leader',
  progress_meeting: 'commander',
  annual_report_meeting: 'commander',
  joint_meeting: 'leader',
  ad_hoc: 'leader',
};

/**
 * A meeting's states: scheduled → held (attendance recorded) → minutes_recorded (纪要) → closed;
 * a scheduled meeting may be cancelled.
 */
export const MEETING_STATUS_LABELS = {
  scheduled: '待召开',
  held: '已召开',
  minutes_recorded: '已形成纪要',
  closed: '已办结',
  cancelled: '已取消',
} as const;
/** A meeting status. */
export type MeetingStatus = keyof typeof MEETING_STATUS_LABELS;
/** Every meeting status, in order. */
export const MEETING_STATUSES = Object.keys(MEETING_STATUS_LABELS) as MeetingStatus[];

/** An attendee's presence: invited (not recorded yet), present, absent (with the reason). */
export const ATTENDANCE_LABELS = { invited: '已通知', present: '出席', absent: '缺席' } as const;
/** An attendance value. */
export type Attendance = keyof typeof ATTENDANCE_LABELS;
/** Every attendance value. */
export const ATTENDANCES = Object.keys(ATTENDANCE_LABELS) as Attendance[];

/**
 * Where an agenda item comes from: proposed from the zone's records (open rectification items,
 * open clues, cases under way, overdue clocks, lagging townships for a 推进会) or added by hand.
 */
export const AGENDA_SOURCE_LABELS = {
  rectification: '整改事项',
  clue: '问题线索',
  case: '审查调查案件',
  clock: '超期时限',
  lagging_township: '督促提醒',
  custom: '其他议题',
} as const;
/** An agenda source. */
export type AgendaSource = keyof typeof AGENDA_SOURCE_LABELS;
/** Every agenda source. */
export const AGENDA_SOURCES = Object.keys(AGENDA_SOURCE_LABELS) as AgendaSource[];
