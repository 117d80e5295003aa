/** Request and response schemas of the clue ledger and the clue-review meetings (every field described). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, IdParams, Instant, Int, Nullable, Obj, RegionCode, Str } from '../../http/schema.js';
import {
  CLUE_CLOCK_STATES,
  CLUE_DISPOSALS,
  CLUE_SOURCES,
  CLUE_STATUSES,
  CLUE_SUBJECT_RANKS,
  MANUAL_CLUE_SOURCES,
} from '../../shared/clues.codes.js';
import { CATEGORY_CODES, SUBJECT_AUTHORITIES } from '../../shared/reports.codes.js';
import { DeadlineSchema } from '../deadlines/index.js';

/** Path parameters of one clue. */
export const ClueIdParam = IdParams('Clue id');
/** Path parameters of one meeting. */
export const MeetingIdParam = IdParams('Clue-review meeting id');
/** The row version a change is based on (optimistic locking). */
export const ClueVersion = Int('Row version the change is based on (optimistic locking)', { min: 1 });
/** Amount involved, in fen. */
const Amount = Int('Amount involved, in fen', { max: 1_000_000_000_000 });
/** Allegation categories. */
const Categories = Type.Array(Enum(CATEGORY_CODES, 'Category'), {
  description: 'Allegation categories',
  maxItems: 13,
  uniqueItems: true,
});

/** Filters of the ledger, its export and its counts. */
export const ClueFilters = {
  source: Type.Optional(Enum(CLUE_SOURCES, 'Where the clue came from')),
  status: Type.Optional(Enum(CLUE_STATUSES, 'State of the clue')),
  disposal: Type.Optional(Enum(CLUE_DISPOSALS, 'Disposal decided')),
  unitId: Type.Optional(Id('Owning commission or handling unit')),
  zoneId: Type.Optional(Id('Assigned to this zone or about one of its townships')),
  keeperId: Type.Optional(Id('Keeper (user id)')),
  clock: Type.Optional(Enum(CLUE_CLOCK_STATES, 'Timer 1 (disposal opinion due): overdue, due within 3 days, running')),
  from: Type.Optional(DateStr('Received on or after (China Standard Time)')),
  to: Type.Optional(DateStr('Received on or before (China Standard Time)')),
  subjectId: Type.Optional(Id('One of the subjects is this subject record')),
  q: Type.Optional(
    Str("Part of the number or of a subject's name (3+ characters anywhere; 1–2: start of a name)", {
      min: 1,
      max: 50,
    }),
  ),
  unreported: Type.Optional(Bool('Only clues flagged for the higher organ (GZ 第二十二条) and not yet reported')),
};

/** A person a clue concerns (input). */
export const ClueSubjectInput = Obj(
  {
    subjectId: Type.Optional(Nullable(Id('Subject record, when known'))),
    name: Str('Name', { min: 1, max: 50 }),
    position: Type.Optional(Nullable(Str('Position', { max: 100 }))),
    employer: Type.Optional(Nullable(Str('Employer (unit)', { max: 100 }))),
    authority: Type.Optional(Nullable(Enum(SUBJECT_AUTHORITIES, 'Cadre authority'))),
    regionCode: Type.Optional(Nullable(RegionCode('Region of the person'))),
    rank: Type.Optional(
      Nullable(Enum(CLUE_SUBJECT_RANKS, 'GZ 第二十二条 rank: the clue is then reported to the higher organ')),
    ),
  },
  { description: 'Subject' },
);
const Subjects = Type.Array(ClueSubjectInput, {
  description: 'The people the clue concerns',
  minItems: 1,
  maxItems: 20,
});

/** A clue registered by hand (案管) or filed by a department (备案). */
export const ClueCreateBody = Obj(
  {
    sourceKind: Enum(MANUAL_CLUE_SOURCES, 'Where the clue came from (a report comes through intake)'),
    sourceRef: Type.Optional(Nullable(Str('Origin: document number or words', { max: 200 }))),
    receivedOn: Type.Optional(DateStr('Date received (default today; timer 1 runs from it)')),
    summary: Str('What is alleged', { min: 1, max: 4000 }),
    categories: Categories,
    regionCode: RegionCode('Where the matter lies (inside the commission’s region)'),
    amountFen: Type.Optional(Nullable(Amount)),
    keeperId: Type.Optional(Nullable(Id('Keeper (user id)'))),
    subjects: Subjects,
  },
  { description: 'New clue' },
);

/** 案管's correction of a clue. */
export const ClueCorrectionBody = Obj(
  {
    version: ClueVersion,
    note: Str('Why the ledger is corrected (signed in the trail)', { min: 2, max: 500 }),
    summary: Type.Optional(Str('What is alleged', { min: 1, max: 4000 })),
    sourceRef: Type.Optional(Nullable(Str('Origin: document number or words', { max: 200 }))),
    categories: Type.Optional(Categories),
    amountFen: Type.Optional(Nullable(Amount)),
    keeperId: Type.Optional(Nullable(Id('Keeper (user id)'))),
    subjects: Type.Optional(Subjects),
  },
  { description: 'Correction' },
);

/** The record of the report to the higher organ (GZ 第二十二条). */
export const HigherReportBody = Obj(
  {
    version: ClueVersion,
    reportedOn: DateStr('Date reported'),
    reference: Str('Document reference of the report', { min: 1, max: 200 }),
  },
  { description: 'Report to the higher organ' },
);

/** A ledger line. */
export const ClueLineSchema = Obj(
  {
    id: Id('Clue id'),
    number: Str('Number (编号)'),
    status: Enum(CLUE_STATUSES, 'State'),
    disposal: Nullable(Enum(CLUE_DISPOSALS, 'Disposal')),
    sourceKind: Enum(CLUE_SOURCES, 'Source'),
    receivedAt: Instant('Received'),
    receivedOn: DateStr('Received (China Standard Time)'),
    ownerUnitId: Id('Owning commission'),
    unitName: Nullable(Str('Owning commission')),
    handlingUnitId: Nullable(Id('Handling unit')),
    handlingUnitName: Nullable(Str('Handling unit')),
    zoneId: Nullable(Id('Zone')),
    keeperId: Nullable(Id('Keeper')),
    keeperName: Nullable(Str('Keeper')),
    regionName: Nullable(Str('Region')),
    higherReportRequired: Bool('Flagged for the higher organ (GZ 第二十二条)'),
    higherReportedOn: Nullable(DateStr('Reported to the higher organ on')),
    version: Int('Row version'),
    visibility: Enum(['full', 'line'] as const, 'full: on the team; line: ledger line only (content fields null)'),
    subjectNames: Nullable(Str('Subjects’ names', { max: 2000 })),
    summary: Nullable(Str('Summary', { max: 4000 })),
    sourceRef: Nullable(Str('Origin reference')),
    reportId: Nullable(Id('Report it came from')),
    categories: Nullable(Type.Array(Str('Category'), { description: 'Categories' })),
    amountFen: Nullable(Int('Amount involved, in fen', { max: 1_000_000_000_000 })),
    dueOn: Nullable(DateStr('Timer 1 due (disposal opinion)')),
    overdue: Bool('Timer 1 overdue'),
  },
  { description: 'Ledger line' },
);

/** A clue in full. */
export const ClueDetailSchema = Obj(
  {
    id: Id('Clue id'),
    number: Str('Number'),
    status: Enum(CLUE_STATUSES, 'State'),
    disposal: Nullable(Enum(CLUE_DISPOSALS, 'Disposal')),
    sourceKind: Enum(CLUE_SOURCES, 'Source'),
    sourceRef: Nullable(Str('Origin reference')),
    reportId: Nullable(Id('Report it came from')),
    receivedAt: Instant('Received'),
    receivedOn: DateStr('Received (China Standard Time)'),
    summary: Str('Summary', { max: 4000 }),
    categories: Type.Array(Str('Category'), { description: 'Categories' }),
    amountFen: Nullable(Int('Amount involved, in fen', { max: 1_000_000_000_000 })),
    regionCode: Nullable(Str('Region code')),
    regionName: Nullable(Str('Region')),
    ownerUnitId: Id('Owning commission'),
    unitName: Nullable(Str('Owning commission')),
    handlingUnitId: Nullable(Id('Handling unit')),
    zoneId: Nullable(Id('Zone')),
    keeperId: Nullable(Id('Keeper')),
    keeperName: Nullable(Str('Keeper')),
    filedByUnitId: Nullable(Id('Department that filed it (备案)')),
    filedByUnitName: Nullable(Str('Department that filed it')),
    higherReport: Obj(
      {
        required: Bool('Flagged (GZ 第二十二条)'),
        reportedOn: Nullable(DateStr('Reported on')),
        reference: Nullable(Str('Reference')),
        reportedByName: Nullable(Str('Reported by')),
      },
      { description: 'Report to the higher organ' },
    ),
    version: Int('Row version'),
    subjects: Type.Array(
      Obj(
        {
          subjectId: Nullable(Id('Subject record')),
          name: Str('Name'),
          position: Nullable(Str('Position')),
          employer: Nullable(Str('Employer')),
          authority: Nullable(Str('Cadre authority')),
          regionCode: Nullable(Str('Region code')),
          rank: Nullable(Str('GZ 第二十二条 rank')),
        },
        { description: 'Subject' },
      ),
      { description: 'Subjects' },
    ),
    members: Type.Array(
      Obj(
        {
          userId: Id('User'),
          name: Str('Name'),
          role: Str('Role on the clue'),
          addedAt: Instant('Since'),
        },
        { description: 'Member' },
      ),
      { description: 'Team (need-to-know)' },
    ),
    trail: Type.Array(
      Obj(
        {
          at: Instant('When'),
          actorUserId: Nullable(Id('Who (user)')),
          actorName: Str('Who (name at the time)'),
          action: Str('Action code'),
          label: Str('What (Chinese)'),
          note: Nullable(Str('Note', { max: 2000 })),
          meetingId: Nullable(Id('Clue-review meeting')),
        },
        { description: 'Signed step' },
      ),
      { description: 'Trail, oldest first' },
    ),
    clocks: Type.Array(DeadlineSchema, { description: 'Clocks' }),
  },
  { description: 'Clue' },
);

/** A clue-review meeting (input). */
export const MeetingBody = Obj(
  {
    heldOn: DateStr('Date held'),
    place: Str('Place', { min: 1, max: 100 }),
    note: Type.Optional(Nullable(Str('Note', { max: 2000 }))),
    attendeeIds: Type.Array(Id('Attendee (user id)'), { description: 'Attendees', minItems: 1, maxItems: 50 }),
    items: Type.Array(
      Obj(
        { clueId: Id('Clue discussed'), decision: Str('Decision in words', { min: 1, max: 1000 }) },
        { description: 'Clue and decision' },
      ),
      { description: 'Clues discussed', minItems: 1, maxItems: 100 },
    ),
  },
  { description: 'Clue-review meeting' },
);

/** A clue-review meeting. */
export const MeetingSchema = Obj(
  {
    id: Id('Meeting id'),
    heldOn: DateStr('Date held'),
    place: Str('Place'),
    note: Nullable(Str('Note', { max: 2000 })),
    ownerUnitId: Id('Commission'),
    unitName: Nullable(Str('Commission')),
    createdAt: Instant('Recorded'),
    attendees: Type.Array(Obj({ userId: Id('User'), name: Str('Name') }, { description: 'Attendee' }), {
      description: 'Attendees',
    }),
    items: Type.Array(
      Obj(
        { clueId: Id('Clue'), clueNumber: Str('Clue number'), decision: Str('Decision', { max: 1000 }) },
        { description: 'Item' },
      ),
      { description: 'Clues and decisions' },
    ),
  },
  { description: 'Clue-review meeting' },
);

/** Whom a letter (了结函, 澄清函) is addressed to: picked from the clue, or typed (audited as typed). */
export const LetterToQuery = {
  addressee: Type.Optional(
    Str('An addressee picked from the clue: its key from letter-addressees (checked against the clue)', {
      pattern: '^(subject|employer)-[0-9]{1,3}$',
    }),
  ),
  recipient: Type.Optional(
    Str('Another addressee, typed (audited as typed), e.g. "中共某某乡委员会"; not with addressee', {
      min: 1,
      max: 100,
    }),
  ),
};
