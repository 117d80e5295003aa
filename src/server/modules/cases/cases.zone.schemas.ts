/** Request and response schemas of mode changes and the zone's rules on a case (every field described). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, IdParams, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import {
  FLAG_INTERVAL_UNITS,
  HANDLING_MODES,
  MODE_CHANGE_STATUS_LABELS,
  RECOMMENDATION_STATUSES,
  ZONE_DOCUMENTS,
} from '../../shared/cases.codes.js';
import { CaseVersion } from './cases.schemas.js';

const MODE_CHANGE_STATUSES = Object.keys(MODE_CHANGE_STATUS_LABELS) as (keyof typeof MODE_CHANGE_STATUS_LABELS)[];

/** Path parameters of one recommendation of a case. */
export const RecommendationParams = IdParams('Case id', { recId: Id('Recommendation id') });

/** Path parameters of a document of this part. */
export const ZoneDocumentParams = IdParams('Case id', {
  file: Str('<kind>.pdf or <kind>.docx (case_authorization: 授权书; designation_decision: 指定管辖决定书)', {
    pattern: `^(${ZONE_DOCUMENTS.join('|')})\\.(pdf|docx)$`,
  }),
});

/** A request to change the handling mode. */
export const ModeChangeBody = Obj(
  {
    version: CaseVersion,
    mode: Enum(HANDLING_MODES, 'The new handling mode'),
    reason: Str("A reason code of the county's list supporting the new mode (GET /api/cases/mode-reasons)", {
      min: 1,
      max: 40,
    }),
    reasonNote: Type.Optional(Nullable(Str('The reason in words (required for "other")', { max: 500 }))),
    handlingUnitId: Type.Optional(
      Nullable(Id('Handling commission (cross, off-site, designated: required; joint, flagged: optional)')),
    ),
    zoneId: Type.Optional(Nullable(Id("Zone (zone mode; default: the zone of the subject's township)"))),
    coOrgan: Type.Optional(
      Nullable(
        Str('Joint: the other organ; flagged: the supervising organ; designated: the deciding organ', { max: 100 }),
      ),
    ),
  },
  { description: 'Mode change request' },
);

/** One mode change as listed. */
export const ModeChangeSchema = Obj(
  {
    id: Id('Mode change id'),
    status: Enum(MODE_CHANGE_STATUSES, 'Where the request stands'),
    fromMode: Enum(HANDLING_MODES, 'Mode before'),
    fromUnitName: Str('Handling unit before'),
    toMode: Enum(HANDLING_MODES, 'Mode asked for'),
    toUnitName: Str('Handling unit asked for'),
    toZoneName: Nullable(Str('Zone asked for')),
    toCoOrgan: Nullable(Str('Other or supervising organ asked for')),
    reason: Str('Reason code'),
    reasonLabel: Str('Reason'),
    reasonNote: Nullable(Str('Reason in words')),
    requestedByName: Str('Who asked'),
    requestedAt: Instant('When'),
    approvalId: Nullable(Id('The approval (case.mode_change)')),
    decidedAt: Nullable(Instant('When the chain ended')),
    decidedByName: Nullable(Str('Who signed last')),
    opinion: Nullable(Str('The last opinion')),
  },
  { description: 'A mode change' },
);

/** 一案一授权: the commander's authorisation. */
export const AuthorizationBody = Obj(
  {
    version: CaseVersion,
    scope: Str('授权范围: what the team is authorised to do', { min: 1, max: 2000 }),
    authorizedOn: DateStr('Date of the authorisation (not after today, not before the filing)'),
  },
  { description: 'Authorisation' },
);

const AuthorizationSchema = Obj(
  {
    id: Id('Authorisation id'),
    zoneId: Id('Zone'),
    team: Type.Array(
      Obj({ name: Str('Name'), role: Str('Role on the team'), unitName: Str('Unit') }, { description: 'A member' }),
      { description: 'The team as authorised' },
    ),
    scope: Str('Scope of authority', { max: 2000 }),
    authorizedOn: DateStr('Date'),
    authorizerName: Str('Authoriser'),
    authorizerRole: Str("The authoriser's zone role"),
    createdAt: Instant('Recorded at'),
    supersededAt: Nullable(Instant('Replaced by a later authorisation at')),
  },
  { description: 'An authorisation' },
);

/** A case's authorisations. */
export const AuthorizationViewSchema = Obj(
  {
    required: Bool('A zone case: an authorisation is required'),
    authorized: Bool('Authorised (or none needed)'),
    current: Nullable(AuthorizationSchema),
    history: Type.Array(AuthorizationSchema, { description: 'Every authorisation, newest first' }),
  },
  { description: 'Authorisation (一案一授权)' },
);

/** 一案一汇报: a briefing. */
export const BriefingBody = Obj(
  {
    briefedOn: DateStr('Date of the briefing'),
    briefedBy: Str('Who briefed', { min: 1, max: 100 }),
    receivedBy: Str('Who received it (the commander)', { min: 1, max: 100 }),
    content: Str('What was reported', { min: 1, max: 8000 }),
    instructions: Type.Optional(Nullable(Str('The instructions given', { max: 4000 }))),
  },
  { description: 'Briefing' },
);

/** The briefings of a case. */
export const BriefingListSchema = Obj(
  {
    items: Type.Array(
      Obj(
        {
          id: Id('Briefing id'),
          briefedOn: DateStr('Date'),
          briefedBy: Str('Who briefed'),
          receivedBy: Str('Who received it'),
          content: Str('What was reported', { max: 8000 }),
          instructions: Nullable(Str('Instructions', { max: 4000 })),
          recordedByName: Str('Recorded by'),
          recordedAt: Instant('Recorded at'),
        },
        { description: 'A briefing' },
      ),
      { description: 'Briefings, oldest first' },
    ),
  },
  { description: 'Briefings (一案一汇报)' },
);

/** 一案一剖析: the closing analysis. */
export const AnalysisBody = Obj(
  {
    version: Int('The analysis version read (0 to write the first)', { min: 0 }),
    causes: Str('Causes', { min: 1, max: 8000 }),
    lessons: Str('Lessons', { min: 1, max: 8000 }),
    weaknesses: Str('Weaknesses found in the unit concerned', { min: 1, max: 8000 }),
  },
  { description: 'Analysis' },
);

/** A 以案促改 recommendation. */
export const RecommendationBody = Obj(
  {
    measure: Str('The measure recommended', { min: 1, max: 2000 }),
    unitId: Type.Optional(Nullable(Id('The unit concerned (a unit of the organisation)'))),
    unitName: Type.Optional(
      Nullable(Str('The unit concerned in words (when not a unit on the platform)', { max: 100 })),
    ),
    ownerName: Str('The person answerable', { min: 1, max: 40 }),
    dueOn: DateStr('Due date (today or later)'),
  },
  { description: 'Recommendation' },
);

/** Filters of the recommendations list. */
export const RecommendationFilters = {
  status: Type.Optional(Enum(RECOMMENDATION_STATUSES, 'open or done')),
  overdue: Type.Optional(Bool('Only open ones past their due date')),
  mine: Type.Optional(Bool("Only those whose person answerable is the reader (by the account's display name)")),
};

/** One recommendation of the list across cases. */
export const RecommendationLineSchema = Obj(
  {
    id: Id('Recommendation id'),
    caseId: Id('Case id'),
    caseNumber: Nullable(Str('Case number')),
    subjectNames: Str('Subjects of the case'),
    measure: Str('Measure', { max: 2000 }),
    unitName: Str('Unit concerned'),
    ownerName: Str('Person answerable'),
    dueOn: DateStr('Due date'),
    status: Enum(RECOMMENDATION_STATUSES, 'Status'),
    overdue: Bool('Open past its due date'),
    doneOn: Nullable(DateStr('Done on')),
    rectificationItemId: Nullable(Id('Its item in the rectification ledger (null: not in the ledger)')),
    version: Int('Row version'),
  },
  { description: 'A recommendation' },
);

/** A recommendation's status change. */
export const RecommendationStatusBody = Obj(
  {
    version: Int('Recommendation version read', { min: 1 }),
    status: Enum(RECOMMENDATION_STATUSES, 'open or done'),
    doneNote: Type.Optional(Nullable(Str('How it was done', { max: 2000 }))),
  },
  { description: 'Recommendation status' },
);

/** The analysis with its recommendations. */
export const AnalysisViewSchema = Obj(
  {
    analysis: Nullable(
      Obj(
        {
          causes: Str('Causes', { max: 8000 }),
          lessons: Str('Lessons', { max: 8000 }),
          weaknesses: Str('Weaknesses', { max: 8000 }),
          writtenByName: Str('Written by'),
          updatedAt: Instant('Last saved'),
          version: Int('Row version'),
        },
        { description: 'The analysis' },
      ),
    ),
    recommendations: Type.Array(
      Obj(
        {
          id: Id('Recommendation id'),
          measure: Str('Measure', { max: 2000 }),
          unitId: Nullable(Id('Unit')),
          unitName: Str('Unit concerned'),
          ownerName: Str('Person answerable'),
          dueOn: DateStr('Due date'),
          status: Enum(RECOMMENDATION_STATUSES, 'Status'),
          overdue: Bool('Open past its due date'),
          doneOn: Nullable(DateStr('Done on')),
          doneNote: Nullable(Str('How it was done', { max: 2000 })),
          rectificationItemId: Nullable(Id('Its item in the rectification ledger (null: not in the ledger)')),
          version: Int('Row version'),
        },
        { description: 'A recommendation' },
      ),
      { description: 'Recommendations (以案促改), oldest first' },
    ),
  },
  { description: 'Analysis (一案一剖析)' },
);

/** 挂牌督办: the report schedule. */
export const FlagScheduleBody = Obj(
  {
    version: CaseVersion,
    every: Int('Report every N', { min: 1, max: 365 }),
    unit: Enum(FLAG_INTERVAL_UNITS, 'days or weeks'),
    nextDueOn: DateStr('The next report is due on (today or later)'),
  },
  { description: 'Report schedule' },
);

/** A report to the supervising organ. */
export const FlagReportBody = Obj(
  {
    reportedOn: DateStr('Reported on'),
    content: Str('What was reported', { min: 1, max: 8000 }),
  },
  { description: 'Flag report' },
);

/** A flagged case's supervision. */
export const FlagViewSchema = Obj(
  {
    flagged: Bool('A 挂牌督办 case'),
    supervisingOrgan: Nullable(Str('The supervising organ')),
    schedule: Nullable(
      Obj(
        {
          every: Int('Every N'),
          unit: Enum(FLAG_INTERVAL_UNITS, 'days or weeks'),
          nextDueOn: DateStr('Next report due'),
          overdue: Bool('The next report is overdue'),
          version: Int('Row version'),
        },
        { description: 'Report schedule' },
      ),
    ),
    reports: Type.Array(
      Obj(
        {
          id: Id('Report id'),
          reportedOn: DateStr('Reported on'),
          dueOn: DateStr('The due date it answered'),
          late: Bool('Reported after that date'),
          content: Str('What was reported', { max: 8000 }),
          reportedByName: Str('Logged by'),
        },
        { description: 'A report' },
      ),
      { description: 'Reports, newest first' },
    ),
  },
  { description: 'Flagged-case supervision (挂牌督办)' },
);
