/** Request and response schemas of the recommendations' routes; every field described (feeds OpenAPI). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, PageQuery, Str } from '../../http/schema.js';
import {
  RECOMMENDATION_KINDS,
  RECOMMENDATION_REQUIRED_PARTS,
  RECOMMENDATION_SOURCE_KINDS,
  RECOMMENDATION_STATUSES,
  type RecommendationPart,
} from '../../shared/recommendation.codes.js';
import { PROBLEM_SEVERITIES } from '../../shared/rectification.codes.js';

const PARTS = Object.keys(RECOMMENDATION_REQUIRED_PARTS) as RecommendationPart[];
const LONG = { max: 8000 };

/** The content fields (optional in a draft, required to issue). */
const content = {
  recipientPrincipal: Type.Optional(Nullable(Str("The recipient unit's principal (主要负责人)", { max: 60 }))),
  situation: Type.Optional(Nullable(Str('The situation found (监督发现的情况)', LONG))),
  problems: Type.Optional(Nullable(Str('The main problems and their causes (存在的主要问题及原因)', LONG))),
  requirements: Type.Optional(
    Nullable(Str('The rectification recommendations and requirements (整改建议和要求)', LONG)),
  ),
  deadline: Type.Optional(Nullable(DateStr('The rectification deadline (整改期限), after today'))),
  reportBack: Type.Optional(Nullable(Str('How rectification is reported back (整改情况反馈方式)', { max: 2000 }))),
  sourceKind: Type.Optional(
    Nullable(Enum(RECOMMENDATION_SOURCE_KINDS, 'What it comes from: a case, a finding, an inspection')),
  ),
  sourceId: Type.Optional(Nullable(Id('The id of the record it comes from'))),
};

/** Drafting a recommendation. */
export const RecommendationBody = Obj(
  {
    kind: Enum(RECOMMENDATION_KINDS, 'supervision (监察建议书, state side) or discipline (纪律检查建议书, party side)'),
    subject: Str('The subject (e.g. 关于规范村集体资金管理的监察建议)', { min: 2, max: 120 }),
    issuerUnitId: Type.Optional(
      Id("The issuing commission (county or township commission, dispatched group); default: the actor's commission"),
    ),
    recipientUnitId: Id('The recipient unit (主送单位): a department, a township government, a village committee…'),
    ...content,
  },
  { description: 'A new recommendation (draft)' },
);

/** Editing a draft. */
export const RecommendationPatchBody = Obj(
  {
    version: Int("The recommendation's version read"),
    kind: Type.Optional(Enum(RECOMMENDATION_KINDS, 'Kind')),
    subject: Type.Optional(Str('Subject', { min: 2, max: 120 })),
    recipientUnitId: Type.Optional(Id('Recipient unit')),
    ...content,
  },
  { description: 'Changes to a draft (fields left out stay; null clears)' },
);

/** A version-only body (submitting for approval). */
export const VersionBody = Obj(
  { version: Int("The recommendation's version read") },
  { description: 'Submission for approval' },
);

/** One measure of a reply. */
const MeasureBody = Obj(
  {
    problem: Str('The problem the measure addresses', { min: 2, max: 2000 }),
    measures: Str('What the unit will do (整改措施)', { min: 2, max: 4000 }),
    dueOn: Type.Optional(
      Nullable(DateStr("Completion date: the recommendation's deadline or earlier; default the deadline")),
    ),
    severity: Type.Optional(Enum(PROBLEM_SEVERITIES, 'How serious the problem is (default minor)')),
    responsiblePerson: Type.Optional(
      Nullable(Str("The person answerable (default: the recipient's principal)", { max: 60 })),
    ),
    responsibleUserId: Type.Optional(Nullable(Id('An account of the recipient unit answerable for it'))),
  },
  { description: 'A measure: it becomes a rectification item' },
);

/** The recipient's reply. */
export const ReplyBody = Obj(
  {
    version: Int("The recommendation's version read"),
    note: Type.Optional(Nullable(Str('The reply in words', { max: 4000 }))),
    measures: Type.Array(MeasureBody, { description: 'The measures (each a ledger item)', minItems: 1, maxItems: 50 }),
  },
  { description: 'A reply with measures' },
);

/** The recipient's refusal. */
export const RefusalBody = Obj(
  {
    version: Int("The recommendation's version read"),
    reason: Type.Optional(
      Nullable(
        Str('Why (an objection); left out or empty: refused without reason, recorded for accountability', {
          max: 4000,
        }),
      ),
    ),
  },
  { description: 'A refusal' },
);

/** The issuer's ruling on a refusal's reason. */
export const RulingBody = Obj(
  {
    version: Int("The recommendation's version read"),
    justified: Bool('The reason is good (the matter rests); false: recorded for accountability'),
    note: Str('The ruling in words', { min: 2, max: 4000 }),
  },
  { description: 'A ruling on a refusal' },
);

/** The list's filters. */
export const RecommendationQuery = Obj(
  {
    kind: Type.Optional(Enum(RECOMMENDATION_KINDS, 'Kind')),
    status: Type.Optional(Enum(RECOMMENDATION_STATUSES, 'Status')),
    recipientUnitId: Type.Optional(Id('Recipient unit')),
    issuerUnitId: Type.Optional(Id('Issuing commission')),
    overdue: Type.Optional(Bool('Issued, not answered, reply date passed')),
    accountability: Type.Optional(Bool('Refused without good reason (recorded for accountability)')),
    ...PageQuery,
  },
  { description: 'Filters' },
);

/** A recommendation. */
export const RecommendationSchema = Obj(
  {
    id: Id('Recommendation'),
    kind: Enum(RECOMMENDATION_KINDS, 'Kind'),
    number: Nullable(Str('Number (文号), given at issue')),
    subject: Str('Subject'),
    issuerUnitId: Id('Issuing commission'),
    issuerUnitName: Str('Issuing commission'),
    recipientUnitId: Id('Recipient unit'),
    recipientUnitName: Str('Recipient unit'),
    recipientPrincipal: Nullable(Str("Recipient's principal")),
    situation: Nullable(Str('Situation found', LONG)),
    problems: Nullable(Str('Main problems and causes', LONG)),
    requirements: Nullable(Str('Requirements', LONG)),
    deadline: Nullable(DateStr('Rectification deadline')),
    reportBack: Nullable(Str('How to report back', { max: 2000 })),
    sourceKind: Nullable(Enum(RECOMMENDATION_SOURCE_KINDS, 'Source kind')),
    sourceId: Nullable(Id('Source record')),
    status: Enum(
      RECOMMENDATION_STATUSES,
      'draft, submitted (in the approvals chain), issued (waiting for the reply), replied, refused',
    ),
    approvalId: Nullable(Id('The approval (rectification.recommendation) last started for it')),
    approvalStatus: Nullable(Str("That approval's state")),
    submittedAt: Nullable(Instant('Submitted for approval at')),
    missing: Type.Array(Enum(PARTS, 'A part'), { description: 'Required parts still missing' }),
    replyDueOn: Nullable(DateStr('Reply due (timer supervision_advice_response)')),
    replyOverdue: Bool('Issued, not answered, reply date passed'),
    issuedAt: Nullable(Instant('Issued at')),
    repliedAt: Nullable(Instant('Replied at')),
    replyNote: Nullable(Str('Reply', { max: 4000 })),
    refusedAt: Nullable(Instant('Refused at')),
    refusalReason: Nullable(Str('Refusal reason (objection)', { max: 4000 })),
    refusalJustified: Nullable(Bool("The issuer's ruling on the reason (null: not ruled)")),
    refusalRulingNote: Nullable(Str('Ruling', { max: 4000 })),
    accountabilityFlaggedAt: Nullable(Instant('Recorded for accountability (refused without good reason) at')),
    items: Type.Array(
      Obj(
        {
          id: Id('Rectification item'),
          problem: Str('Problem', { max: 2000 }),
          measures: Nullable(Str('Measures', { max: 4000 })),
          dueOn: DateStr('Due'),
          status: Str('Item status'),
        },
        { description: 'An item of the reply' },
      ),
      { description: "The reply's rectification items" },
    ),
    canManage: Bool('The reader may edit, submit for approval, rule (issuer side)'),
    canRespond: Bool('The reader may reply or refuse (recipient side)'),
    version: Int('Version (optimistic lock)'),
    createdAt: Instant('Drafted at'),
    updatedAt: Instant('Changed at'),
  },
  { description: 'A recommendation (监察建议书 / 纪律检查建议书)' },
);
