/** Request and response schemas of the case ledger, the case page and filing (every field described). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, IdParams, Instant, Int, Nullable, Obj, RegionCode, Str } from '../../http/schema.js';
import { CASE_MEMBER_ROLES, CASE_STATUSES, FILING_CONDITIONS, HANDLING_MODES } from '../../shared/cases.codes.js';
import { CLUE_SUBJECT_RANKS } from '../../shared/clues.codes.js';
import { SUBJECT_AUTHORITIES } from '../../shared/reports.codes.js';
import { DeadlineSchema } from '../deadlines/index.js';

/** Path parameters of one case. */
export const CaseIdParam = IdParams('Case id');
/** The row version a change is based on (optimistic locking). */
export const CaseVersion = Int('Case row version the change is based on (optimistic locking)', { min: 1 });
const TARGETS = ['person', 'unit', 'event'] as const;

/** Filters of the case ledger. */
export const CaseFilters = {
  status: Type.Optional(Enum(CASE_STATUSES, 'State of the case')),
  mode: Type.Optional(Enum(HANDLING_MODES, 'Handling mode')),
  zoneId: Type.Optional(Id('Handled by this zone')),
  q: Type.Optional(Str("Part of the case number or of a subject's name", { min: 1, max: 50 })),
  mine: Type.Optional(Bool('Only the cases I am on the team of')),
};

/** One line of the case ledger. */
export const CaseLineSchema = Obj(
  {
    id: Id('Case id'),
    number: Nullable(Str('Case number (null until the filing is approved)')),
    status: Enum(CASE_STATUSES, 'State'),
    mode: Enum(HANDLING_MODES, 'Handling mode'),
    subjectNames: Str('Subjects, joined by 、'),
    filedOn: Nullable(DateStr('Filing date (China Standard Time)')),
    handlingUnitName: Str('Handling unit'),
    zoneName: Nullable(Str('Zone handling the case')),
    subjectUnitName: Nullable(Str("The commission of the subject's own township")),
    createdAt: Instant('When the filing request was drafted'),
    visibility: Enum(['full', 'line'] as const, "'line': the reader sees only that the case exists (need-to-know)"),
    title: Nullable(Str('Title (null on a line-only row)')),
    summary: Nullable(Str('Main problems (null on a line-only row)')),
  },
  { description: 'A case ledger line' },
);

/** The proposed handling mode with its reason. */
export const HandlingBody = Obj(
  {
    mode: Enum(HANDLING_MODES, 'Handling mode'),
    reason: Str("A reason code of the county's list (GET /api/cases/mode-reasons)", { min: 1, max: 40 }),
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
  { description: 'Handling mode' },
);

/** A subject of a direct filing. */
export const CaseSubjectBody = Obj(
  {
    subjectId: Type.Optional(Nullable(Id('Subject record, when known'))),
    name: Str('Name (or the unit, or the event, for a unit or event filing)', { min: 1, max: 100 }),
    position: Type.Optional(Nullable(Str('Position', { max: 100 }))),
    employer: Type.Optional(Nullable(Str('Employer (unit)', { max: 100 }))),
    authority: Type.Optional(Nullable(Enum(SUBJECT_AUTHORITIES, 'Cadre authority'))),
    regionCode: Type.Optional(Nullable(RegionCode('Region of the person'))),
    rank: Type.Optional(Nullable(Enum(CLUE_SUBJECT_RANKS, 'GZ 第二十二条 rank'))),
    partyMember: Type.Optional(Bool('A party member (default true)')),
    supervised: Type.Optional(Bool('A 监察对象: the state-side investigation period runs (default true)')),
  },
  { description: 'A subject' },
);

const filingFields = {
  title: Str('Title of the filing request, e.g. 关于对张某某立案审查调查的请示', { min: 1, max: 200 }),
  targetKind: Enum(TARGETS, 'Filed on a person, a unit, or an event (以事立案)'),
  summary: Str('Main problems', { min: 1, max: 4000 }),
  basis: Str('The facts and evidence already established (立案依据)', { min: 1, max: 8000 }),
  conditions: Type.Array(Enum(FILING_CONDITIONS, 'A GZ 第三十七条 condition met'), {
    description: 'The filing conditions met (the first two are required)',
    minItems: 1,
    maxItems: 3,
    uniqueItems: true,
  }),
  handling: HandlingBody,
};

/** A filing request (立案审查调查呈批报告). */
export const FilingBody = Obj(
  {
    ...filingFields,
    clueId: Type.Optional(Nullable(Id('The clue proposed for filing (its filing handover is taken)'))),
    directReason: Type.Optional(
      Nullable(Str('A direct filing without a clue: why (上级交办, 以事立案 …)', { min: 1, max: 1000 })),
    ),
    subjects: Type.Optional(Type.Array(CaseSubjectBody, { description: 'Direct filing: the subjects', maxItems: 20 })),
    regionCode: Type.Optional(Nullable(RegionCode("Direct filing: the subject's region"))),
    subjectFlags: Type.Optional(
      Type.Array(
        Obj(
          { partyMember: Bool('A party member'), supervised: Bool('A 监察对象') },
          { description: "Per clue subject, in the clue's order" },
        ),
        { description: "From a clue: each subject's party membership and 监察对象 status", maxItems: 20 },
      ),
    ),
  },
  { description: 'Filing request' },
);

/** A revised filing request after it was returned. */
export const FilingRevisionBody = Obj(
  {
    ...filingFields,
    version: CaseVersion,
    approvalVersion: Int('The approval row version read (optimistic locking)', { min: 1 }),
  },
  { description: 'Revised filing request' },
);

/** Dates of the announcement and the notice of filing. */
export const FilingNoticeBody = Obj(
  {
    version: CaseVersion,
    announcedOn: Type.Optional(Nullable(DateStr('Announced to the person on (宣布立案决定)'))),
    notifiedOn: Type.Optional(Nullable(DateStr('Party organisation and unit notified on (立案通知书)'))),
  },
  { description: 'Filing announcement and notice' },
);

const MemberSchema = Obj(
  {
    id: Id('Membership id'),
    userId: Id('User id'),
    role: Enum([...CASE_MEMBER_ROLES, 'drafter'] as const, 'Role on the team (drafter: the filing request drafter)'),
    name: Str('Name'),
    unitName: Str('Unit'),
    checkId: Nullable(Id('Conflict check that cleared the assignment')),
    exceptionNote: Nullable(Str("Admitted from the subject's own township by approval")),
    addedAt: Instant('Joined'),
    removedAt: Nullable(Instant('Left')),
    removalReason: Nullable(Str('Why they left')),
  },
  { description: 'A team member' },
);

/** One case's page. */
export const CaseDetailSchema = Obj(
  {
    id: Id('Case id'),
    number: Nullable(Str('Case number')),
    status: Enum(CASE_STATUSES, 'State'),
    title: Str('Title'),
    targetKind: Enum(TARGETS, 'Filed on'),
    subjectNames: Str('Subjects'),
    summary: Str('Main problems'),
    basis: Str('Filing basis'),
    conditions: Type.Array(Enum(FILING_CONDITIONS, 'Condition'), { description: 'Conditions stated' }),
    directReason: Nullable(Str('Direct filing reason')),
    clueId: Nullable(Id('The clue it came from')),
    mode: Enum(HANDLING_MODES, 'Handling mode'),
    modeReason: Str('Reason code'),
    modeReasonNote: Nullable(Str('Reason in words')),
    modeDecidedByName: Nullable(Str('Who decided the mode')),
    modeDecidedAt: Nullable(Instant('When')),
    filingUnit: Obj({ id: Id('Unit id'), name: Str('Name') }, { description: 'Filing commission' }),
    handlingUnit: Obj({ id: Id('Unit id'), name: Str('Name') }, { description: 'Handling unit' }),
    zone: Nullable(Obj({ id: Id('Zone id'), name: Str('Name') }, { description: 'Zone' })),
    coOrgan: Nullable(Str('Other or supervising organ')),
    subjectUnitName: Nullable(Str("Subject's township commission")),
    targetLevel: Str('Approval target level'),
    filingApprovalId: Nullable(Id('Filing approval')),
    filedOn: Nullable(DateStr('Filed on')),
    announcedOn: Nullable(DateStr('Announced on')),
    notifiedOn: Nullable(DateStr('Notified on')),
    version: Int('Row version'),
    createdAt: Instant('Drafted at'),
    subjects: Type.Array(
      Obj(
        {
          id: Id('Row id'),
          seq: Int('Order'),
          subjectId: Nullable(Id('Subject record')),
          name: Str('Name'),
          position: Nullable(Str('Position')),
          employer: Nullable(Str('Employer')),
          authority: Nullable(Str('Cadre authority')),
          regionCode: Nullable(Str('Region')),
          rank: Nullable(Str('GZ 第二十二条 rank')),
          partyMember: Bool('Party member'),
          supervised: Bool('监察对象'),
        },
        { description: 'A subject' },
      ),
      { description: 'Subjects' },
    ),
    team: Type.Array(MemberSchema, { description: 'Current team' }),
    formerMembers: Type.Array(MemberSchema, { description: 'People who left the team' }),
    clocks: Type.Array(DeadlineSchema, { description: 'Clocks' }),
    events: Type.Array(
      Obj(
        {
          at: Instant('When'),
          actorName: Str('Who'),
          action: Str('Step code'),
          label: Str('Step'),
          note: Nullable(Str('Note')),
        },
        { description: 'A trail step' },
      ),
      { description: 'Trail' },
    ),
    can: Obj(
      {
        manage: Bool('May work the case'),
        assign: Bool('May form the team'),
        register: Bool('案管'),
        onTeam: Bool('On the team'),
      },
      { description: 'What the reader may do' },
    ),
  },
  { description: 'A case' },
);
