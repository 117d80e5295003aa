/** Request and response schemas of the meetings' routes; every field described (feeds OpenAPI). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, PageQuery, PagedOf, Str } from '../../http/schema.js';
import { AGENDA_SOURCES, ATTENDANCES, MEETING_KINDS, MEETING_STATUSES } from '../../shared/meetings.codes.js';

const Time = Str('Starting time HH:MM (Shanghai)', { pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const Version = Int("The meeting's version read (optimistic lock)");

/** A line of the calendar. */
export const MeetingLineSchema = Obj(
  {
    id: Id('Meeting'),
    zoneId: Id('Zone'),
    zoneName: Str('Zone'),
    kind: Enum(MEETING_KINDS, 'Kind'),
    periodLabel: Nullable(Str('Period (2026年第四季度 …)')),
    title: Str('Title'),
    heldOn: DateStr('Day (a working day)'),
    startsAt: Str('Starting time HH:MM'),
    place: Str('Place'),
    chairName: Str('Chair'),
    status: Enum(MEETING_STATUSES, 'Status'),
    materialsDueOn: Nullable(DateStr("述职会: the report's due date to the members (timer 41)")),
    auto: Bool('Scheduled by the daily job on the zone’s rhythm'),
  },
  { description: 'A meeting' },
);

/** A clue-review meeting shown read-only in the calendar. */
export const ClueMeetingLineSchema = Obj(
  {
    id: Id('Clue-review meeting (clues module)'),
    heldOn: DateStr('Day'),
    place: Str('Place'),
    unitName: Nullable(Str('Commission')),
  },
  { description: 'A clue-review meeting (线索研判会), read-only' },
);

const MeetingFilters = {
  zoneId: Type.Optional(Id('Zone')),
  kind: Type.Optional(Enum(MEETING_KINDS, 'Kind (leaves the clue-review meetings out)')),
  status: Type.Optional(Enum(MEETING_STATUSES, 'Status')),
  from: Type.Optional(DateStr('From this day')),
  to: Type.Optional(DateStr('Up to this day')),
};

/** The calendar's filters. */
export const MeetingQuery = Obj({ ...MeetingFilters, ...PageQuery }, { description: 'Filters' });

/** The calendar's filters without the page: what the Excel export takes. */
export const MeetingFilterSchema = Obj(MeetingFilters, { description: 'Filters' });

/** The calendar page. */
export const MeetingPageSchema = PagedOf(MeetingLineSchema, 'Meetings', {
  extra: {
    clueReviewMeetings: Type.Array(ClueMeetingLineSchema, {
      description:
        'Clue-review meetings in the same dates (the clues module’s), read-only; empty when a kind is asked for',
    }),
  },
});

const AgendaItemSchema = Obj(
  {
    source: Enum(AGENDA_SOURCES, 'Where it comes from'),
    refId: Nullable(Id('The record it is about')),
    title: Str('Item'),
    detail: Nullable(Str('Detail')),
    dueOn: Nullable(DateStr('Due date')),
    overdue: Bool('Past due'),
  },
  { description: 'An agenda item' },
);

/** A meeting. */
export const MeetingSchema = Obj(
  {
    ...MeetingLineSchema.properties,
    periodKey: Nullable(Str('The period key of a scheduled meeting (2026-Q4, 2026-H2, 2026)')),
    reporterName: Nullable(Str('述职会: the zone leader who reports')),
    materialsNote: Nullable(Str('述职报告应于X月X日前提供')),
    minutes: Nullable(Str('Minutes')),
    cancelReason: Nullable(Str('Why it was cancelled')),
    ownerUnitId: Id('Owning unit (the workroom, or the commission for a 述职会)'),
    attendees: Type.Array(
      Obj(
        {
          id: Id('Attendee'),
          staffId: Nullable(Id('Staff record')),
          name: Str('Name'),
          zoneRole: Nullable(Str('Zone role they were invited as')),
          presence: Enum(ATTENDANCES, 'Presence'),
          absenceReason: Nullable(Str('Why absent')),
        },
        { description: 'An attendee' },
      ),
      { description: 'Attendees' },
    ),
    agenda: Obj(
      {
        proposed: Type.Array(AgendaItemSchema, {
          description: "Proposed from the zone's records (in the reader's scope)",
        }),
        custom: Type.Array(AgendaItemSchema, { description: 'Added by hand' }),
        frozen: Bool('The proposed agenda was frozen with the minutes'),
      },
      { description: 'Agenda' },
    ),
    decisions: Type.Array(Str('A decision'), { description: 'Decisions (议定事项)' }),
    actions: Type.Array(
      Obj(
        {
          id: Id('Action item'),
          seq: Int('Order'),
          problem: Str('What must be done'),
          measures: Nullable(Str('Measures')),
          ownerUnitId: Id('Responsible unit'),
          ownerUnitName: Str('Responsible unit'),
          responsiblePerson: Nullable(Str('Responsible person')),
          dueOn: DateStr('Deadline'),
          rectificationItemId: Id('The rectification item it opened'),
          rectificationStatus: Str("That item's status"),
        },
        { description: 'An action item' },
      ),
      { description: 'Action items (in the rectification ledger)' },
    ),
    version: Version,
    createdAt: Instant('Created at'),
  },
  { description: 'A meeting' },
);

/** Creating a meeting by hand. */
export const MeetingBody = Obj(
  {
    zoneId: Id('Zone'),
    kind: Enum(MEETING_KINDS, 'Kind'),
    title: Type.Optional(Nullable(Str('Title (default: zone, period and kind)', { min: 2, max: 100 }))),
    periodLabel: Type.Optional(Nullable(Str('Period in words', { max: 40 }))),
    heldOn: DateStr('Day: a working day, today or later'),
    startsAt: Time,
    place: Str('Place', { min: 1, max: 100 }),
    chairStaffId: Type.Optional(
      Nullable(Id("Chair: a current holder of one of the zone's roles (default: the kind's chair role)")),
    ),
    attendeeStaffIds: Type.Optional(
      Type.Array(Id('A further attendee (staff record)'), { description: 'Beyond the zone’s roles', maxItems: 50 }),
    ),
  },
  { description: 'A new meeting' },
);

/** Moving a meeting. */
export const RescheduleBody = Obj(
  {
    version: Version,
    heldOn: DateStr('New day: a working day, today or later'),
    startsAt: Time,
    place: Str('Place', { min: 1, max: 100 }),
    reason: Type.Optional(Nullable(Str('Why', { max: 200 }))),
  },
  { description: 'The new schedule' },
);

/** Cancelling. */
export const CancelBody = Obj(
  { version: Version, reason: Str('Why', { min: 2, max: 200 }) },
  { description: 'Cancellation' },
);

/** Attendance. */
export const AttendanceBody = Obj(
  {
    version: Version,
    attendees: Type.Array(
      Obj(
        {
          attendeeId: Id('Attendee'),
          presence: Enum(['present', 'absent'] as const, 'Present or absent'),
          absenceReason: Type.Optional(Nullable(Str('Why absent (required when absent)', { max: 200 }))),
        },
        { description: "One attendee's presence" },
      ),
      { description: 'Every invited attendee', maxItems: 100 },
    ),
    guests: Type.Optional(
      Type.Array(Str('A further attendee present, by name', { min: 1, max: 40 }), {
        maxItems: 30,
        description: 'Guests',
      }),
    ),
  },
  { description: 'Who attended' },
);

/** Agenda items added by hand. */
export const AgendaBody = Obj(
  {
    version: Version,
    items: Type.Array(
      Obj(
        {
          title: Str('Item', { min: 2, max: 200 }),
          detail: Type.Optional(Nullable(Str('Detail', { max: 1000 }))),
          source: Type.Optional(
            Enum(
              AGENDA_SOURCES,
              'Where an item accepted from the proposed agenda comes from (custom: written by hand)',
            ),
          ),
          refId: Type.Optional(Nullable(Id('The record an accepted item is about (with its source)'))),
        },
        { description: 'An agenda item' },
      ),
      { description: 'Items in order', maxItems: 30 },
    ),
  },
  { description: 'The agenda items added by hand' },
);

/** Minutes. */
export const MinutesBody = Obj(
  { version: Version, minutes: Str('Minutes (纪要)', { min: 10, max: 20000 }) },
  { description: 'Minutes' },
);

/** Decisions. */
export const DecisionsBody = Obj(
  {
    version: Version,
    items: Type.Array(Str('A decision', { min: 2, max: 1000 }), { description: 'Decisions in order', maxItems: 30 }),
  },
  { description: 'Decisions' },
);

/** Action items. */
export const ActionsBody = Obj(
  {
    version: Version,
    items: Type.Array(
      Obj(
        {
          problem: Str('What must be done', { min: 2, max: 1000 }),
          measures: Type.Optional(Nullable(Str('Measures', { max: 2000 }))),
          ownerUnitId: Id('Responsible unit (not the meeting’s owner unit)'),
          responsiblePerson: Type.Optional(Nullable(Str('Responsible person', { max: 40 }))),
          dueOn: DateStr('Deadline, today or later'),
        },
        { description: 'An action item' },
      ),
      { description: 'Action items', minItems: 1, maxItems: 30 },
    ),
  },
  { description: 'Action items: each lands in the rectification ledger' },
);

/** Closing. */
export const CloseBody = Obj({ version: Version }, { description: 'Closure' });
