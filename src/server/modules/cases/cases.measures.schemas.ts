/** Request and response schemas of the measures ledger (every field described, unknown fields rejected). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import { MEASURE_CLOCK_FILTERS, MEASURE_KINDS, MEASURE_STATUSES } from '../../shared/cases.codes.js';
import { DeadlineSchema } from '../deadlines/index.js';
import { MEASURE_DOCUMENTS } from './cases.measures.documents.js';

/** The measure's row version a change is based on. */
const MeasureVersion = Int('Measure row version the change is based on (optimistic locking)', { min: 1 });
const Text = (description: string, max = 1000) => Str(description, { min: 1, max });
const Opt = <T extends Parameters<typeof Nullable>[0]>(s: T) => Type.Optional(Nullable(s));

/** Path parameters of one measure of a case. */
export const MeasureParams = Obj(
  { id: Id('Case id'), measureId: Id('Measure id') },
  { description: 'Path parameters' },
);

/** Path parameters of a measure's document. */
export const MeasureDocumentParams = Obj(
  {
    id: Id('Case id'),
    measureId: Id('Measure id'),
    file: Str('<document>.pdf or <document>.docx', {
      pattern: `^(${Object.keys(MEASURE_DOCUMENTS).join('|')})\\.(pdf|docx)$`,
      max: 40,
    }),
  },
  { description: 'Path parameters' },
);

/** The approval of a measure as recorded. */
export const MeasureApprovalBody = Obj(
  {
    approverId: Opt(
      Id('The approving account: 主要负责人 (强制到案, 管护, 责令候查) or the post the county set (按规定报批)'),
    ),
    approvedOn: DateStr('Approved on'),
    number: Opt(Str('Approval form or decision number (审批表、决定书文号)', { max: 100 })),
    collectiveOn: Opt(DateStr("留置: the leaders' collective decision, on")),
    collectiveMinutes: Opt(Str('留置: the meeting minutes that record it (会议纪要)', { max: 200 })),
    higherOrgan: Opt(Str('留置: the next-higher 监察机关; 限制出境: the 省级以上 organ', { max: 100 })),
    higherNumber: Opt(Str("That organ's approval document number", { max: 100 })),
    higherOn: Opt(DateStr('That organ approved on')),
  },
  { description: 'The approval the rules name' },
);

/** A measure as recorded. */
export const MeasureBody = Obj(
  {
    kind: Enum(MEASURE_KINDS, 'The measure'),
    legalBasis: Opt(Str('The article relied on (default: the 监察法 article of the measure)', { max: 200 })),
    reason: Text('Why the measure is taken (the matter under investigation)', 2000),
    caseSubjectId: Id('The case subject it applies to'),
    custodyNeeded: Type.Optional(Bool('强制到案: 管护 or 留置 is needed (24 hours instead of 12)')),
    approval: MeasureApprovalBody,
  },
  { description: 'A measure' },
);

/** The execution of a measure. */
export const MeasureStartBody = Obj(
  {
    version: MeasureVersion,
    startedAt: Instant('Carried out at (留置: announced to the person); the clocks start here'),
    noticeServedAt: Instant('The written notice served at'),
    noticeServedTo: Text('Served to (the person, or the holder of the property)', 200),
    presentUserIds: Type.Array(Id('A team member present'), {
      description: 'Team members present (at least two)',
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
    }),
  },
  { description: 'Execution' },
);

/** The 24-hour notice or its withholding. */
export const MeasureNoticeBody = Obj(
  {
    version: MeasureVersion,
    notifiedAt: Opt(Instant('The unit and family notified at')),
    unit: Opt(Str('The unit notified', { max: 200 })),
    family: Opt(Str('The family member notified (name and relation)', { max: 200 })),
    withheldReason: Opt(Str('Not notified: why notice would obstruct the investigation', { min: 1, max: 1000 })),
    withheldApproverId: Opt(Id('Not notified: the principal leader who approved it')),
  },
  { description: 'Notice of unit and family' },
);

/** 管护: sent to the 留置场所. */
export const MeasureTransferBody = Obj(
  { version: MeasureVersion, transferredAt: Instant('Sent to the 留置场所 at') },
  { description: 'Transfer' },
);

/** An organ's approval document. */
export const OrganApprovalBody = Obj(
  {
    organ: Text('Approving organ', 100),
    number: Text('Its document number', 100),
    approvedOn: DateStr('Approved on'),
  },
  { description: "The approving organ's document" },
);

const extensionFields = {
  version: MeasureVersion,
  reason: Text('Why the period is extended', 1000),
  amount: Type.Optional(Int("Length in the rule's unit (default: the step's longest)", { min: 1, max: 12 })),
  approverId: Type.Optional(Id('The account holding the role the timer rule names (default: the caller)')),
  approval: Opt(OrganApprovalBody),
};

/** An extension of a measure's clock. */
export const MeasureExtensionBody = Obj(extensionFields, { description: 'Extension' });

/** An extension of the case's investigation period. */
export const PeriodExtensionBody = Obj(
  {
    ...extensionFields,
    version: Int('Case row version the change is based on (optimistic locking)', { min: 1 }),
    kind: Enum(['investigation', 'party_investigation'] as const, 'The state-side (timer 12) or party-side period'),
  },
  { description: 'Period extension' },
);

/** Opening the party-side period. */
export const PartyPeriodBody = Obj(
  { version: Int('Case row version the change is based on (optimistic locking)', { min: 1 }) },
  { description: 'Party-side period' },
);

/** The one restart of 留置. */
export const MeasureRestartBody = Obj(
  {
    version: MeasureVersion,
    reason: Text('The newly found major crimes', 1000),
    approval: OrganApprovalBody,
  },
  { description: 'Restart' },
);

/** A change request. */
export const ChangeRequestBody = Obj(
  {
    version: MeasureVersion,
    receivedAt: Instant('Received at'),
    applicant: Text('Applicant (the person, a family member, a lawyer)', 200),
    request: Text('What is asked', 2000),
  },
  { description: 'Change request' },
);

/** The answer to a change request. */
export const ChangeDecisionBody = Obj(
  { version: MeasureVersion, granted: Bool('Granted'), answer: Text('The answer and its reasons', 2000) },
  { description: 'Change decision' },
);

/** Lifting a measure. */
export const MeasureLiftBody = Obj(
  { version: MeasureVersion, liftedAt: Instant('Lifted at'), reason: Text('Why it is lifted', 1000) },
  { description: 'Lifting' },
);

const P = Obj({ userId: Id('User id'), name: Str('Name') }, { description: 'A team member present' });

/** A measure as the case page shows it. */
export const MeasureSchema = Obj(
  {
    id: Id('Measure id'),
    seq: Int('Order within the case'),
    kind: Enum(MEASURE_KINDS, 'Measure'),
    kindLabel: Str('Measure, in Chinese'),
    status: Enum(MEASURE_STATUSES, 'State'),
    legalBasis: Str('Legal basis'),
    reason: Str('Why', { max: 2000 }),
    caseSubjectId: Id('Case subject'),
    subjectName: Str('Person'),
    custodyNeeded: Bool('强制到案: 管护 or 留置 needed'),
    approval: Obj(
      {
        approverName: Nullable(Str('Approver')),
        post: Nullable(Str('Approver post')),
        approvedOn: DateStr('Approved on'),
        number: Nullable(Str('Approval number')),
        collectiveOn: Nullable(DateStr('Collective decision on')),
        collectiveMinutes: Nullable(Str('Minutes')),
        higherOrgan: Nullable(Str('Approving organ')),
        higherNumber: Nullable(Str('Its document number')),
        higherOn: Nullable(DateStr('Its date')),
      },
      { description: 'Approval' },
    ),
    noticeServedAt: Nullable(Instant('Notice served at')),
    noticeServedTo: Nullable(Str('Notice served to')),
    present: Type.Array(P, { description: 'Team members present' }),
    startedAt: Nullable(Instant('Carried out at')),
    notifiedAt: Nullable(Instant('Unit and family notified at')),
    notifiedUnit: Nullable(Str('Unit notified')),
    notifiedFamily: Nullable(Str('Family notified')),
    noticeWithheldReason: Nullable(Str('Not notified: why', { max: 1000 })),
    noticeWithheldBy: Nullable(Str('Not notified: approved by')),
    transferredAt: Nullable(Instant('管护: sent to the 留置场所 at')),
    restartedAt: Nullable(Instant('留置 restarted at')),
    restartNote: Nullable(Str('Restart: why and approval', { max: 2000 })),
    changeRequestedAt: Nullable(Instant('Change request received at')),
    changeApplicant: Nullable(Str('Applicant')),
    changeRequest: Nullable(Str('Request', { max: 2000 })),
    changeDecidedAt: Nullable(Instant('Answered at')),
    changeDecision: Nullable(Str('Answer', { max: 2100 })),
    liftedAt: Nullable(Instant('Lifted at')),
    liftReason: Nullable(Str('Why lifted', { max: 1000 })),
    version: Int('Row version'),
    createdAt: Instant('Recorded at'),
    clocks: Type.Array(DeadlineSchema, { description: 'Clocks' }),
  },
  { description: 'A measure' },
);

/** Filters of the county ledger. */
export const MeasureFilters = {
  kind: Type.Optional(Enum(MEASURE_KINDS, 'Only this measure')),
  state: Type.Optional(
    Enum(MEASURE_CLOCK_FILTERS, 'running: being carried out; due_soon: a clock due within 3 days; overdue; lifted'),
  ),
  caseId: Type.Optional(Id('Only this case')),
};

/** One line of the county ledger. */
export const MeasureLineSchema = Obj(
  {
    id: Id('Measure id'),
    caseId: Id('Case id'),
    caseNumber: Nullable(Str('Case number')),
    handlingUnitName: Str('Handling unit'),
    kind: Enum(MEASURE_KINDS, 'Measure'),
    kindLabel: Str('Measure, in Chinese'),
    status: Enum(MEASURE_STATUSES, 'State'),
    subjectName: Str('Person'),
    approvedOn: DateStr('Approved on'),
    startedAt: Nullable(Instant('Carried out at')),
    liftedAt: Nullable(Instant('Lifted at')),
    nextDue: Nullable(Str('Nearest due date (hour clocks: instant) of its running clocks')),
    overdue: Bool('A running clock is past due'),
    dueSoon: Bool('A running clock is due within 3 days'),
  },
  { description: 'A ledger line' },
);

/** A filing of a unit's ledger. */
export const FilingBody = Obj(
  {
    unitId: Id('The handling unit whose ledger is filed'),
    periodFrom: DateStr('Period from'),
    periodTo: DateStr('Period to (not after today)'),
    note: Opt(Str('Note', { max: 1000 })),
  },
  { description: 'Filing (报备)' },
);

/** 案管's acknowledgement. */
export const FilingAckBody = Obj(
  { version: Int('Filing row version read (optimistic locking)', { min: 1 }), note: Opt(Str('Note', { max: 1000 })) },
  { description: 'Acknowledgement' },
);

/** A filing as listed. */
export const FilingSchema = Obj(
  {
    id: Id('Filing id'),
    handlingUnitId: Id('Handling unit'),
    handlingUnitName: Str('Handling unit name'),
    periodFrom: DateStr('Period from'),
    periodTo: DateStr('Period to'),
    measureIds: Type.Array(Id('Measure'), { description: 'Measures covered' }),
    measureCount: Int('Number of measures'),
    note: Nullable(Str('Note', { max: 1000 })),
    filedByName: Str('Filed by'),
    filedAt: Instant('Filed at'),
    acknowledgedAt: Nullable(Instant('Acknowledged by 案管 at')),
    acknowledgedByName: Nullable(Str('Acknowledged by')),
    ackNote: Nullable(Str('Cross-check result', { max: 2000 })),
    version: Int('Row version'),
  },
  { description: 'A filing' },
);

/** A county's approver levels. */
export const ApproverLevelsSchema = Obj(
  {
    regionCode: Str('County region code'),
    items: Type.Array(
      Obj(
        {
          kind: Enum(MEASURE_KINDS, 'Measure (按规定报批)'),
          level: Int('1 承办部门负责人, 2 分管领导, 3 主要负责人'),
          isDefault: Bool('The county has not set its own'),
          defaultLevel: Int('The default level'),
        },
        { description: 'One measure' },
      ),
      { description: 'Levels' },
    ),
  },
  { description: 'Approver levels' },
);

/** Setting one measure's approver level. */
export const ApproverLevelBody = Obj(
  {
    kind: Enum(MEASURE_KINDS, 'Measure (only those the law leaves to 按规定报批)'),
    level: Int('1 承办部门负责人, 2 分管领导, 3 主要负责人', { min: 1, max: 3 }),
  },
  { description: 'Approver level' },
);

/** The county path parameter. */
export const CountyParam = Obj(
  { regionCode: Str('County region code', { pattern: '^\\d{12}$' }) },
  { description: 'Path parameters' },
);
