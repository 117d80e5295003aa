/** Request and response schemas of the review stage (every field described; feeds OpenAPI). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, IdParams, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import {
  REVIEW_ROUTES,
  REVIEW_STATUSES,
  REVIEW_TALK_REASON_LABELS,
  REVIEW_VOTE_LABELS,
} from '../../shared/review.codes.js';
import { DeadlineSchema } from '../deadlines/index.js';

const TALK_REASONS = Object.keys(REVIEW_TALK_REASON_LABELS) as (keyof typeof REVIEW_TALK_REASON_LABELS)[];
const VOTES = Object.keys(REVIEW_VOTE_LABELS) as (keyof typeof REVIEW_VOTE_LABELS)[];

/** Path parameters of one review. */
export const ReviewIdParam = IdParams('Review id');
/** The review's row version a change is based on. */
export const ReviewVersion = Int('Review row version the change is based on (optimistic locking)', { min: 1 });
const Reason = (what: string) => Str(what, { min: 1, max: 2000 });

/** Filters of the review ledger. */
export const ReviewFilters = {
  status: Type.Optional(Enum(REVIEW_STATUSES, 'State of the review')),
  route: Type.Optional(Enum(REVIEW_ROUTES, 'Who reviews')),
  caseId: Type.Optional(Id('Only the review of this case')),
};

/** One line of the review ledger. */
export const ReviewLineSchema = Obj(
  {
    id: Id('Review id'),
    caseId: Id('Case id'),
    caseNumber: Nullable(Str('Case number')),
    subjectName: Str('Subjects, joined by 、'),
    status: Enum(REVIEW_STATUSES, 'State'),
    route: Enum(REVIEW_ROUTES, 'Who reviews'),
    reviewingUnitName: Str('Reviewing unit'),
    handlingUnitName: Str("The case's handling unit"),
    acceptedOn: Nullable(DateStr('Acceptance date')),
    dueOn: Nullable(DateStr('Review period due date (null: not running or paused)')),
    visibility: Enum(['full', 'line'] as const, "'line': the reader sees its status only (the case's handling unit)"),
    createdAt: Instant('When the review was opened'),
  },
  { description: 'A review' },
);

const Person = Obj({ userId: Id('User id'), name: Str('Name') }, { description: 'A person' });
const Outcome = Obj(
  {
    subjectId: Id('Case subject (subjects[].id)'),
    summary: Str('Proposed outcome in words', { min: 1, max: 2000 }),
    code: Type.Optional(
      Nullable(Str('One outcome code (FORM_OUTCOMES key, e.g. party.warning); taken with codes', { max: 60 })),
    ),
    codes: Type.Optional(
      Nullable(
        Type.Array(Str('Outcome code (FORM_OUTCOMES key: party.serious_warning, state.demerit …)', { max: 60 }), {
          description: 'Outcome codes: one sanction record is drafted per code at the committee decision',
          maxItems: 5,
        }),
      ),
    ),
  },
  { description: 'Proposed outcome for one subject' },
);
const Outcomes = Type.Array(Outcome, { description: 'One per subject of the case', minItems: 1, maxItems: 50 });

/** A review's page. */
export const ReviewDetailSchema = Obj(
  {
    id: Id('Review id'),
    caseId: Id('Case id'),
    caseNumber: Nullable(Str('Case number')),
    subjectName: Str('Subjects'),
    status: Enum(REVIEW_STATUSES, 'State'),
    route: Enum(REVIEW_ROUTES, 'Who reviews'),
    zoneId: Nullable(Id('The zone of a cross-review panel')),
    reviewingUnit: Obj({ id: Id('Unit id'), name: Str('Name') }, { description: 'Reviewing unit' }),
    handlingUnit: Obj({ id: Id('Unit id'), name: Str('Name') }, { description: "The case's handling unit" }),
    transferredAt: Nullable(Instant('When the case was (last) transferred')),
    acceptance: Nullable(Enum(['accept', 'defer', 'refuse'] as const, 'The acceptance decision')),
    acceptanceReason: Nullable(Str('Its reason')),
    acceptedOn: Nullable(DateStr('Acceptance date')),
    decidedAt: Nullable(Instant('When the standing committee decided')),
    early: Nullable(
      Obj(
        {
          status: Str('pending | approved | rejected'),
          reason: Nullable(Str('Reason')),
          approvalId: Nullable(Id('Approval')),
        },
        { description: 'Early involvement (提前介入)' },
      ),
    ),
    pendingReturn: Nullable(
      Obj(
        {
          kind: Nullable(Str('supplementary | reinvestigation')),
          reason: Nullable(Str('Reason')),
          approvalId: Nullable(Id('Approval')),
        },
        { description: 'A return being approved' },
      ),
    ),
    lastReturn: Nullable(
      Obj(
        { kind: Nullable(Str('supplementary | reinvestigation')), reason: Nullable(Str('Reason')) },
        { description: 'The last return asked' },
      ),
    ),
    version: Int('Row version'),
    subjects: Type.Array(
      Obj(
        { id: Id('Case subject id'), name: Str('Name'), position: Nullable(Str('Position')) },
        { description: 'Subject' },
      ),
      { description: 'The case subjects' },
    ),
    team: Type.Array(
      Obj(
        { userId: Id('User'), name: Str('Name'), unitName: Str('Unit'), role: Str('leader | member | panel_member') },
        { description: 'Member' },
      ),
      { description: 'The current review team or panel' },
    ),
    formerMembers: Type.Array(
      Obj(
        {
          userId: Id('User'),
          name: Str('Name'),
          unitName: Str('Unit'),
          role: Str('Role'),
          removedAt: Nullable(Instant('Left')),
        },
        { description: 'Former member' },
      ),
      { description: 'Former members' },
    ),
    talks: Type.Array(
      Obj(
        {
          id: Id('Talk id'),
          subjectId: Id('Subject heard'),
          heldOn: DateStr('Date'),
          reason: Str('Why it was held'),
          reviewers: Type.Array(Person, { description: 'Reviewers present' }),
          defence: Str("The person's statement and defence"),
          recordRef: Nullable(Str('Where the record is kept')),
        },
        { description: 'Review talk' },
      ),
      { description: 'Review talks (审理谈话)' },
    ),
    deliberations: Type.Array(
      Obj(
        {
          id: Id('Deliberation id'),
          kind: Str('team (审理组/交叉审理小组) | committee (纪委常委会)'),
          heldOn: DateStr('Date'),
          membersTotal: Int('Members who should attend'),
          present: Type.Array(
            Obj({ userId: Type.Optional(Id('User')), name: Str('Name') }, { description: 'Present' }),
            {
              description: 'Members present',
            },
          ),
          opinions: Type.Array(
            Obj(
              { name: Str('Member'), opinion: Str('Opinion'), vote: Nullable(Str('agree | disagree | abstain')) },
              { description: 'Opinion' },
            ),
            { description: 'Each member’s opinion and vote' },
          ),
          votesFor: Int('Agree'),
          votesAgainst: Int('Disagree'),
          abstentions: Int('Abstain'),
          quorate: Bool('More than half of the members were present'),
          decision: Str('Conclusion or decision'),
          outcomes: Nullable(Type.Array(Outcome, { description: 'Decided outcomes per subject (committee)' })),
        },
        { description: 'Deliberation' },
      ),
      { description: 'Collective deliberations' },
    ),
    report: Nullable(
      Obj(
        {
          facts: Str('Facts found'),
          analysis: Str('Classification and grounds'),
          opinion: Str('Review opinion'),
          proposedOutcomes: Type.Array(Outcome, { description: 'Proposed outcome per subject' }),
          prosecution: Bool('Prosecution proposed: the 起诉意见书 is attached'),
          hash: Str('Hash of the exact text (sign this)'),
          status: Str('draft | submitted | approved | returned'),
          approvalId: Nullable(Id('Its approval')),
          signatures: Type.Array(
            Obj(
              { userId: Id('User'), name: Str('Name'), hash: Str('Hash signed'), signedAt: Instant('When') },
              { description: 'Signature' },
            ),
            { description: 'Signatures over the current text' },
          ),
        },
        { description: 'The 审理报告' },
      ),
    ),
    clocks: Type.Array(DeadlineSchema, { description: 'The review clock(s) (timer 13)' }),
    events: Type.Array(
      Obj(
        {
          at: Instant('When'),
          actorName: Str('Who'),
          action: Str('Step code'),
          label: Str('Step'),
          note: Nullable(Str('Note')),
        },
        { description: 'Step' },
      ),
      { description: 'The trail' },
    ),
    can: Obj(
      { assign: Bool('May accept, form the team or panel'), manage: Bool('May do the review work') },
      { description: 'What the reader may do' },
    ),
    candidates: Type.Array(
      Obj({ userId: Id('User id'), name: Str('Name'), unitName: Nullable(Str('Unit')) }, { description: 'Person' }),
      {
        description:
          "For a reader who may form the team: the active accounts of the reviewing unit's subtree, less the township commissions below it, that the team picker offers (at most 200; empty otherwise)",
      },
    ),
  },
  { description: 'A review' },
);

/** The acceptance decision. */
export const AcceptanceBody = Obj(
  {
    version: ReviewVersion,
    decision: Enum(['accept', 'defer', 'refuse'] as const, 'accept 受理 | defer 暂缓受理 | refuse 不予受理'),
    reason: Reason('Reason'),
  },
  { description: 'Acceptance' },
);

/** Early involvement asked. */
export const EarlyBody = Obj(
  {
    caseId: Id('A case still under investigation'),
    reason: Reason('Why (major or complex case, disputed classification)'),
  },
  { description: 'Early involvement (提前介入)' },
);

/** The conflict check of people proposed. */
export const ReviewCheckBody = Obj(
  {
    userIds: Type.Array(Id('A person proposed'), {
      description: 'People proposed',
      minItems: 1,
      maxItems: 30,
      uniqueItems: true,
    }),
  },
  { description: 'Conflict check' },
);

/** The team or panel as proposed. */
export const ReviewTeamBody = Obj(
  {
    version: ReviewVersion,
    checkId: Id('The conflict check run on these people for this review'),
    members: Type.Array(
      Obj(
        { userId: Id('Person'), role: Enum(['leader', 'member'] as const, 'Role (one leader)') },
        { description: 'Member' },
      ),
      { description: 'Members (at least 2)', maxItems: 30 },
    ),
  },
  { description: 'Team' },
);

/** A return asked. */
export const ReturnBody = Obj(
  {
    version: ReviewVersion,
    kind: Enum(
      ['supplementary', 'reinvestigation'] as const,
      'supplementary 补充审查调查 (相关负责人) | reinvestigation 重新审查调查 (主要负责人)',
    ),
    reason: Reason('Reason'),
  },
  { description: 'Return' },
);

/** The case team's resubmission. */
export const ResubmissionBody = Obj(
  {
    caseVersion: Int("The case's row version (optimistic locking)", { min: 1 }),
    note: Reason('What the supplementary or new investigation found'),
  },
  { description: 'Resubmission' },
);

/** An extension of the review period. */
export const ExtensionBody = Obj(
  {
    version: ReviewVersion,
    approverId: Id('Who approved (holds the timer’s approving role)'),
    reason: Reason('Why (major or complex case)'),
    days: Int('Days added', { min: 1, max: 366 }),
  },
  { description: 'Extension' },
);

/** A review talk. */
export const TalkBody = Obj(
  {
    version: ReviewVersion,
    subjectId: Id('Case subject heard'),
    heldOn: DateStr('Date'),
    reason: Enum(TALK_REASONS, 'Why the talk was held'),
    reviewers: Type.Array(Id('Reviewer'), { description: 'Reviewers present (≥ 2 of the team)', maxItems: 30 }),
    defence: Str("The person's statement and defence", { max: 10000 }),
    recordRef: Type.Optional(Nullable(Str('Where the record is kept', { max: 200 }))),
  },
  { description: 'Review talk' },
);

/** The team's or panel's deliberation. */
export const DeliberationBody = Obj(
  {
    version: ReviewVersion,
    heldOn: DateStr('Date'),
    present: Type.Array(Id('Member present'), { description: 'Members present', maxItems: 30 }),
    opinions: Type.Array(
      Obj(
        { userId: Id('Member'), opinion: Str('Opinion', { max: 4000 }), vote: Enum(VOTES, 'Vote') },
        { description: 'Opinion' },
      ),
      { description: 'Each present member’s opinion and vote', maxItems: 30 },
    ),
    conclusion: Reason('Conclusion'),
  },
  { description: 'Collective deliberation' },
);

/** The 审理报告's text. */
export const ReportBody = Obj(
  {
    version: ReviewVersion,
    facts: Str('Facts found', { max: 20000 }),
    analysis: Str('Classification and grounds', { max: 20000 }),
    opinion: Str('Review opinion', { max: 20000 }),
    proposedOutcomes: Outcomes,
    prosecution: Bool('Prosecution proposed (the 起诉意见书 is attached)'),
  },
  { description: 'Review report' },
);

/** The standing committee's deliberation. */
export const CommitteeBody = Obj(
  {
    version: ReviewVersion,
    heldOn: DateStr('Date'),
    membersTotal: Int('Members of the standing committee (who should attend)', { min: 1, max: 100 }),
    present: Type.Array(Str('A member present (name)', { min: 1, max: 60 }), {
      description: 'Members present',
      maxItems: 100,
    }),
    opinions: Type.Optional(
      Type.Array(
        Obj(
          {
            name: Str('Member (present)', { min: 1, max: 60 }),
            opinion: Str('Opinion', { max: 4000 }),
            vote: Type.Optional(Nullable(Enum(VOTES, 'Vote'))),
          },
          { description: 'Opinion' },
        ),
        { description: 'Per-member opinions (optional)', maxItems: 100 },
      ),
    ),
    decision: Reason('The decision'),
    proposedOutcomes: Outcomes,
  },
  { description: 'Standing committee deliberation' },
);
