/** Request and response schemas of plans, the end of the investigation and closing (every field described). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Id, Instant, Int, Nullable, Obj, Str, Enum } from '../../http/schema.js';
import { CASE_PLAN_KINDS, CASE_PLAN_STATUSES, CASE_REPORT_STATUSES, CASE_STATUSES } from '../../shared/cases.codes.js';
import { CaseVersion } from './cases.schemas.js';

const Items = (description: string, min = 0) =>
  Type.Array(Str('One item', { min: 1, max: 4000 }), { description, minItems: min, maxItems: 50 });

const PlanTextSchema = Obj(
  {
    objectives: Str('审查调查目标 / 谈话目的 / 外查目的', { min: 1, max: 4000 }),
    target: Nullable(Str('谈话对象 or 外查对象和地点 (talk and inquiry plans: required)', { max: 500 })),
    matters: Items('需查明的主要问题'),
    measures: Items('拟采取的措施和方法 (at least one)', 1),
    schedule: Type.Array(
      Obj(
        {
          period: Str('When, e.g. 2026年12月10日至12月20日', { min: 1, max: 100 }),
          work: Str('What is done', { min: 1, max: 1000 }),
        },
        { description: 'Schedule phase' },
      ),
      { description: '工作步骤和时间安排', maxItems: 30 },
    ),
    safety: Items('安全保障和保密措施 (工作预案)'),
  },
  { description: 'Plan text' },
);

const MeetingSchema = Obj(
  {
    heldOn: DateStr('Date of the 专题会议'),
    chairUserId: Id("Chair: the commission's principal leader"),
    present: Type.Array(Str('A member present', { min: 1, max: 50 }), {
      description: 'Members present, by name',
      minItems: 1,
      maxItems: 30,
    }),
    decision: Str("The meeting's decision in words", { min: 1, max: 2000 }),
    agreed: Bool('The meeting agreed to the plan'),
  },
  { description: '专题会议 record (GZ 第三十九条)' },
);

/** A plan submitted for approval. */
export const PlanBody = Obj(
  {
    version: CaseVersion,
    kind: Enum(CASE_PLAN_KINDS, 'investigation (审查调查方案), talk (谈话方案), inquiry (外查方案)'),
    title: Str('Title, e.g. 关于张某某案审查调查方案的请示', { min: 1, max: 200 }),
    text: PlanTextSchema,
    serious: Type.Optional(Bool('A serious case (重大案件): the 专题会议 is required')),
    meeting: Type.Optional(Nullable(MeetingSchema)),
  },
  { description: 'Plan' },
);

/** A change of an approved plan. */
export const PlanChangeBody = Obj(
  {
    version: Int('Plan version read (optimistic locking)', { min: 1 }),
    text: PlanTextSchema,
    reason: Str('Why the plan changes', { min: 1, max: 2000 }),
  },
  { description: 'Plan change' },
);

/** Path parameters of one plan. */
export const PlanParams = Obj({ id: Id('Case id'), planId: Id('Plan id') }, { description: 'Path' });

const RevisionSchema = Obj(
  {
    revision: Int('Version number (1: the original)'),
    kind: Enum(['original', 'change'] as const, 'The original or a change'),
    status: Enum(CASE_PLAN_STATUSES, 'Approval state'),
    text: PlanTextSchema,
    reason: Nullable(Str('Why it changed')),
    meeting: Nullable(
      Obj(
        {
          heldOn: DateStr('Date'),
          chairUserId: Id('Chair'),
          chairName: Str('Chair'),
          present: Type.Array(Str('Name'), { description: 'Present' }),
          decision: Str('Decision'),
          agreed: Bool('Agreed'),
        },
        { description: '专题会议' },
      ),
    ),
    approvalId: Id('Approval'),
    createdByName: Str('Submitted by'),
    createdAt: Instant('Submitted at'),
    decidedAt: Nullable(Instant('Decided at')),
  },
  { description: 'A version of the plan' },
);

/** The plans of a case. */
export const PlanListSchema = Obj(
  {
    items: Type.Array(
      Obj(
        {
          id: Id('Plan id'),
          kind: Enum(CASE_PLAN_KINDS, 'Kind'),
          title: Str('Title'),
          status: Enum(CASE_PLAN_STATUSES, "The original's approval state"),
          serious: Bool('Serious case (专题会议)'),
          text: PlanTextSchema,
          revision: Int('The version the working text comes from'),
          version: Int('Row version (for a change)'),
          approvedAt: Nullable(Instant('Approved at')),
          createdAt: Instant('Submitted at'),
          revisions: Type.Array(RevisionSchema, { description: 'Every version' }),
        },
        { description: 'A plan' },
      ),
      { description: 'Plans, newest first' },
    ),
    meetingChair: Nullable(
      Obj(
        {
          userId: Id('The principal leader'),
          name: Str('Their name'),
          commissionName: Str('The commission handling the case'),
        },
        {
          description:
            "Who chairs a serious case's 专题会议: the handling commission's principal leader (null: the post is vacant)",
        },
      ),
    ),
  },
  { description: 'Plans' },
);

/** Facts material shown to the person. */
export const FactsShownBody = Obj(
  {
    version: CaseVersion,
    subjectId: Id('The case subject (subjects[].id)'),
    shownOn: DateStr('Shown on'),
    shownBy: Type.Array(Id('A team member'), {
      description: 'Team members who showed it (at least two)',
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
    }),
    materialRef: Type.Optional(Nullable(Str('Where the facts material is kept', { max: 200 }))),
    signed: Bool('The person signed their opinion'),
    opinion: Type.Optional(Nullable(Str("The person's opinion as written (when signed)", { max: 4000 }))),
    refused: Bool('The person refused to sign or disagreed'),
    refusalNote: Type.Optional(Nullable(Str('The refusal noted (when refused)', { max: 2000 }))),
  },
  { description: 'Facts shown' },
);

/** The team's collective discussion. */
export const DiscussionBody = Obj(
  {
    version: CaseVersion,
    heldOn: DateStr('Held on'),
    present: Type.Array(Id('A team member present'), { description: 'Present', maxItems: 30, uniqueItems: true }),
    absent: Type.Array(
      Obj({ userId: Id('Team member'), reason: Str('Why absent', { min: 1, max: 500 }) }, { description: 'Absent' }),
      { description: 'Team members absent, with the reason', maxItems: 30 },
    ),
    conclusion: Str('The conclusion of the discussion', { min: 1, max: 4000 }),
  },
  { description: 'Collective discussion' },
);

const ReportTextFields = {
  background: Items('一、被审查调查人基本情况'),
  facts: Items('二、违纪违法事实 (at least one)', 1),
  attitude: Items('三、态度和认识，申辩意见及核实情况'),
  proposal: Str('四、处理意见', { min: 1, max: 8000 }),
  evidenceIds: Type.Array(Id('An evidence item cited'), {
    description: 'Evidence items cited (the register checks them)',
    maxItems: 200,
    uniqueItems: true,
  }),
};

/** The 审查调查报告 saved. */
export const ReportBody = Obj(
  {
    ...ReportTextFields,
    version: Type.Optional(Nullable(Int('Report version read (absent on the first save)', { min: 1 }))),
  },
  { description: 'Investigation report' },
);

/** A signature over the report's text. */
export const ReportSignatureBody = Obj(
  { contentHash: Str('Hash of the text read and signed', { min: 1, max: 128 }) },
  { description: 'Signature' },
);

const AttachmentSchema = (what: string) =>
  Obj(
    {
      attached: Bool(`${what} is attached`),
      reference: Type.Optional(Nullable(Str('File or register reference (when attached)', { max: 200 }))),
      note: Type.Optional(Nullable(Str('Why it is not attached', { max: 500 }))),
    },
    { description: what },
  );

/** The report submitted for approval. */
export const ReportSubmissionBody = Obj(
  {
    version: Int('Report version read', { min: 1 }),
    caseVersion: CaseVersion,
    attachments: Obj(
      {
        selfReflection: AttachmentSchema('忏悔反思材料'),
        factsMaterial: AttachmentSchema('违纪违法事实材料'),
        propertyReport: AttachmentSchema('涉案财物报告'),
      },
      { description: 'The three attachments of GZ 第五十二条' },
    ),
  },
  { description: 'Report submission' },
);

/** The filing with the higher organ. */
export const HigherFilingBody = Obj(
  {
    version: Int('Closing record version read', { min: 1 }),
    filedOn: DateStr('Filed with the higher organ on'),
    documentNumber: Str('Document number of the filing', { min: 1, max: 100 }),
  },
  { description: 'Higher filing' },
);

const AttachmentView = Obj(
  {
    attached: Bool('Attached'),
    reference: Nullable(Str('Reference')),
    note: Nullable(Str('Why not')),
  },
  { description: 'Attachment' },
);

/** The end of the investigation of a case. */
export const ConclusionSchema = Obj(
  {
    caseStatus: Enum(CASE_STATUSES, 'Case state'),
    caseVersion: Int('Case version'),
    factsShown: Type.Array(
      Obj(
        {
          id: Id('Record id'),
          subjectName: Str('Shown to'),
          shownOn: DateStr('Shown on'),
          shownBy: Type.Array(Str('Name'), { description: 'Shown by' }),
          materialRef: Nullable(Str('Material reference')),
          signed: Bool('Signed their opinion'),
          opinion: Nullable(Str('Opinion')),
          refused: Bool('Refused'),
          refusalNote: Nullable(Str('Refusal noted')),
        },
        { description: 'Facts shown' },
      ),
      { description: 'Facts shown' },
    ),
    discussions: Type.Array(
      Obj(
        {
          id: Id('Record id'),
          heldOn: DateStr('Held on'),
          present: Type.Array(Str('Name'), { description: 'Present' }),
          absent: Type.Array(Obj({ name: Str('Name'), reason: Str('Reason') }, { description: 'Absent' }), {
            description: 'Absent',
          }),
          conclusion: Str('Conclusion'),
        },
        { description: 'Discussion' },
      ),
      { description: 'Discussions' },
    ),
    report: Nullable(
      Obj(
        {
          status: Enum(CASE_REPORT_STATUSES, 'Report state'),
          version: Int('Report version'),
          text: Obj(ReportTextFields, { description: 'Report text' }),
          contentHash: Str('Hash of the current text (sign it)'),
          attachments: Nullable(
            Obj(
              { selfReflection: AttachmentView, factsMaterial: AttachmentView, propertyReport: AttachmentView },
              { description: 'Attachments as submitted' },
            ),
          ),
          approvalId: Nullable(Id('Approval')),
          submittedAt: Nullable(Instant('Submitted at')),
          decidedAt: Nullable(Instant('Decided at')),
          signatures: Type.Array(
            Obj(
              { userId: Id('Member'), name: Str('Name'), signedAt: Nullable(Instant('Signed this text at')) },
              { description: 'Signature' },
            ),
            { description: 'Every current team member' },
          ),
        },
        { description: '审查调查报告' },
      ),
    ),
    closing: Nullable(
      Obj(
        {
          closedOn: DateStr('Closed on'),
          higherDueOn: Nullable(DateStr('Due date of the higher filing (7 working days)')),
          higherFiledOn: Nullable(DateStr('Filed with the higher organ on')),
          higherDocumentNumber: Nullable(Str('Document number')),
          late: Nullable(Bool('Filed after the due date')),
          overdue: Bool('Not filed yet and past the due date'),
          version: Int('Closing record version'),
        },
        { description: 'Closing' },
      ),
    ),
  },
  { description: 'End of the investigation' },
);

/** The documents a case has so far. */
export const CaseDocumentListSchema = Obj(
  {
    items: Type.Array(
      Obj(
        {
          name: Str('Document name (case_filing_decision, talk_record, detention_decision, …)'),
          source: Enum(['case', 'measure', 'zone'] as const, 'The route serving it: registry, measure, zone'),
          title: Str('Title in words'),
          recordId: Nullable(Id('The record a per-record document is about')),
          recordLabel: Nullable(Str('That record in words')),
          pdf: Str('Path of the PDF'),
          docx: Str('Path of the DOCX'),
        },
        { description: 'A document' },
      ),
      { description: 'Documents: the registry’s, then the measures’, then the zone’s' },
    ),
  },
  { description: 'Case documents' },
);
