/** Request and response schemas of the sanction records' routes. */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, IdParams, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import { APPROVING_BODIES, DIRECT_DECISION_REASONS, FOUR_FORMS } from '../../shared/sanctions.codes.js';
import { DeadlineSchema } from '../deadlines/index.js';
import { SANCTION_STEPS } from './sanctions.steps.js';

/** `:id` of a sanction. */
export const SanctionIdParam = IdParams('Sanction id');
/** `:id` and `:step`. */
export const SanctionStepParams = IdParams('Sanction id', { step: Enum(SANCTION_STEPS, 'The step') });
/** `:id` of a case. */
export const CaseIdParam = IdParams('Case id');
const Version = Int('Sanction row version the change is based on (optimistic locking)', { min: 1 });
const Text = (what: string) => Str(what, { min: 1, max: 2000 });

/** A draft's edit. */
export const SanctionEditBody = Obj(
  {
    version: Version,
    kind: Type.Optional(
      Str('Kind within the side (party: warning … expulsion; state: warning … discharge; lighter …)', { max: 40 }),
    ),
    probationYears: Type.Optional(Nullable(Int('留党察看 years: 1 or 2'))),
    inPlaceOfPostRemoval: Type.Optional(Bool('严重警告 in place of 撤销党内职务 (no party post)')),
    holdsPartyPost: Type.Optional(
      Nullable(Bool('Holds a party post (党内职务); null: not recorded. 撤销党内职务 needs true (CF23 第十一条)')),
    ),
    importantOrComplex: Type.Optional(Bool('Important or complex: it goes up (PZ 第二十八条, 第三十八条)')),
    exemptionConclusion: Type.Optional(Nullable(Str('免予处分 written conclusion', { max: 4000 }))),
    summary: Type.Optional(Text('Proposed outcome in words')),
    newFact: Type.Optional(Nullable(Str('A new fact after the defence (lets a heavier kind through)', { max: 4000 }))),
  },
  { description: 'Draft edit' },
);

/** The defence heard. */
export const DefenceBody = Obj(
  { version: Version, heardOn: DateStr('When heard'), summary: Text('The defence in words') },
  { description: 'Defence (陈述申辩)' },
);

/** A withdrawal. */
export const WithdrawBody = Obj({ version: Version, reason: Text('Why withdrawn') }, { description: 'Withdrawal' });

/** The branch meeting. */
export const BranchMeetingBody = Obj(
  {
    version: Version,
    branchName: Text('Party branch'),
    heldOn: DateStr('Held on'),
    roll: Type.Array(
      Obj(
        {
          name: Str('Member', { min: 1, max: 100 }),
          isSubject: Type.Optional(Bool('The person being sanctioned (no vote)')),
          votingRights: Bool('Has a vote'),
          shouldAttend: Bool('Should attend (false: excused)'),
          present: Bool('Present'),
          vote: Nullable(Enum(['yes', 'no', 'abstain'] as const, 'Vote')),
        },
        { description: 'Roll line' },
      ),
      { description: 'The roll', minItems: 1, maxItems: 500 },
    ),
    resolution: Text('Resolution'),
    personOpinion: Type.Optional(Nullable(Str('The person’s opinion', { max: 4000 }))),
    personSignature: Enum(['signed', 'refused', 'absent'] as const, 'The person signed, refused or was absent'),
  },
  { description: 'Branch meeting (支部大会)' },
);

/** A direct decision's reason. */
export const DirectDecisionBody = Obj(
  {
    version: Version,
    body: Enum(APPROVING_BODIES, 'The county-level body deciding'),
    reason: Enum(DIRECT_DECISION_REASONS, 'PZ 第十四条 reason'),
    note: Type.Optional(Nullable(Str('Words (required for other)', { max: 2000 }))),
  },
  { description: 'Direct decision (PZ 第十四条)' },
);

/** The decision. */
export const DecisionBody = Obj(
  {
    version: Version,
    approvingBody: Enum(APPROVING_BODIES, 'Approving body'),
    approvingBodyName: Str('Its name', { min: 1, max: 200 }),
    decisionRef: Str('Document number', { min: 1, max: 100 }),
    decidedOn: DateStr('The body’s collective decision'),
    committeeAgreedOn: Type.Optional(Nullable(DateStr('Same-level party committee agreed (before going up)'))),
  },
  { description: 'Decision' },
);

/** A step. */
export const StepBody = Obj(
  { version: Version, on: DateStr('Done on'), note: Type.Optional(Nullable(Str('Note', { max: 2000 }))) },
  { description: 'Step' },
);

/** Timer 15's extension. */
export const JobPayExtensionBody = Obj(
  {
    version: Version,
    months: Int('Months more (up to 5: 6 in all)', { min: 1, max: 5 }),
    reason: Text('Why'),
    approverId: Type.Optional(Id('Approver (default: the caller)')),
  },
  { description: 'Extension' },
);

/** The new version. */
export const VersionOut = Obj({ version: Int('New sanction version') }, { description: 'Saved' });

const Warning = Obj({ code: Str('Warning code'), reason: Str('Why, in words') }, { description: 'Warning' });

const NullStr = (d: string) => Nullable(Str(d));
const NullDate = (d: string) => Nullable(DateStr(d));

/** A record. */
export const SanctionSchema = Obj(
  {
    id: Id('Sanction id'),
    version: Int('Row version'),
    caseId: Nullable(Id('Case')),
    reviewId: Nullable(Id('Review')),
    caseSubjectId: Nullable(Id('Case subject')),
    caseNumber: NullStr('Case number'),
    personName: Str('Person'),
    personPosition: NullStr('Position'),
    authority: Str('Cadre authority'),
    limitedSubject: NullStr('village_cadre | other_public_duty'),
    partyMember: Bool('Party member'),
    system: Str('party | state | lighter | prosecution'),
    kind: Str('Kind'),
    outcomeCode: Str('FORM_OUTCOMES key'),
    outcomeLabel: Str('Outcome in words'),
    probationYears: Nullable(Int('留党察看 years')),
    inPlaceOfPostRemoval: Bool('In place of 撤销党内职务'),
    holdsPartyPost: Nullable(Bool('Holds a party post (党内职务); null: not recorded')),
    importantOrComplex: Bool('Important or complex'),
    fourForm: Nullable(Type.Unsafe<number>({ type: 'integer', enum: [...FOUR_FORMS], description: 'Four form' })),
    status: Str('drafted | submitted | decided | revoked | withdrawn'),
    summary: Str('Summary'),
    exemptionConclusion: NullStr('免予处分 conclusion'),
    requiredBody: NullStr('Lowest body that may approve'),
    approvingBody: NullStr('Body that decided'),
    approvingBodyName: NullStr('Its name'),
    decisionRef: NullStr('Document number'),
    decidedOn: NullDate('Decided on'),
    directReason: NullStr('PZ 第十四条 reason'),
    directNote: NullStr('Its words'),
    defenceHeardOn: NullDate('Defence heard'),
    defenceSummary: NullStr('Defence'),
    newFact: NullStr('New fact after the defence'),
    effectStart: NullDate('Effect period from'),
    effectEnd: NullDate('Effect period to (inclusive)'),
    effectMonths: Nullable(Int('Months')),
    stackedDays: Int('Days carried from an earlier period'),
    priorId: Nullable(Id('The earlier sanction stacked on')),
    deliveredOn: NullDate('Delivered'),
    announcedOn: NullDate('Announced'),
    jobPayOn: NullDate('Job and pay changed'),
    executionReportedOn: NullDate('Execution reported'),
    submittedOn: NullDate('Submitted to the party committee'),
    submittedUpOn: NullDate('Submitted up'),
  },
  { description: 'Sanction record' },
);

/** A record's page. */
export const SanctionDetailSchema = Obj(
  {
    ...SanctionSchema.properties,
    today: DateStr('Today (Asia/Shanghai), the server’s: what remains of the period is counted from it'),
    branchMeetings: Type.Array(
      Obj(
        {
          id: Id('Meeting'),
          branchName: Str('Branch'),
          heldOn: DateStr('Held on'),
          shouldAttend: Int('Should attend'),
          present: Int('Present'),
          yes: Int('Yes'),
          no: Int('No'),
          abstain: Int('Abstain'),
          quorate: Bool('Quorate'),
          passed: Bool('Passed'),
          resolution: Str('Resolution'),
          personOpinion: NullStr('Opinion'),
          personSignature: Str('signed | refused | absent'),
        },
        { description: 'Branch meeting' },
      ),
      { description: 'Branch meetings' },
    ),
    events: Type.Array(
      Obj(
        {
          at: Instant('When'),
          actorName: Str('Who'),
          action: Str('Action'),
          label: Str('Label'),
          note: NullStr('Note'),
        },
        { description: 'Trail step' },
      ),
      { description: 'Trail' },
    ),
    liftedOn: NullDate('Lifted by the daily job (期满解除) on'),
    readmissionAfter: NullDate('开除党籍: re-admission barred until'),
    probationOutcome: NullStr("留党察看's end: restore | extend | expel"),
    probationOutcomeOn: NullDate('Its decision date'),
    restoredOn: NullDate('Party rights restored on (restore)'),
    restrictionEnd: NullDate("The post restriction's last day after restoration"),
    supersedesId: Nullable(Id('The record this one replaced (an appeal change, an expulsion)')),
    supersededBy: Nullable(Id('The record that replaced this one')),
    clocks: Type.Array(DeadlineSchema, { description: 'Clocks' }),
    warnings: Type.Array(Warning, { description: 'Warnings' }),
    next: Type.Array(Str('Action'), { description: 'What may be done next' }),
  },
  { description: 'Sanction page' },
);

/** A case's outcomes. */
export const CaseSanctionsSchema = Obj(
  {
    today: DateStr('Today (Asia/Shanghai), the server’s: what remains of each period is counted from it'),
    items: Type.Array(SanctionSchema, { description: 'Outcomes' }),
    warnings: Type.Array(
      Obj({ code: Str('Warning code'), reason: Str('Why'), personName: Str('Person') }, { description: 'Warning' }),
      { description: 'Warnings per person' },
    ),
  },
  { description: 'A case’s outcomes' },
);
