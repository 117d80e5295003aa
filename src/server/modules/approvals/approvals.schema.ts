/** Request and response schemas of the approval routes; every field described (feeds OpenAPI). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import {
  APPROVAL_ACTIONS,
  APPROVAL_POSTS,
  APPROVAL_STATUSES,
  SKIP_REASONS,
  STEP_STATUSES,
  TARGET_LEVELS,
} from '../../shared/approvals.codes.js';

const summaryFields = {
  id: Id('Approval id'),
  number: Str('Number, e.g. 渑纪呈〔2026〕0001号'),
  action: Enum(APPROVAL_ACTIONS, 'What is being approved'),
  targetLevel: Enum(TARGET_LEVELS, 'Level of the person concerned (decides the chain)'),
  resourceType: Str('Kind of record it is about (clue, case…)'),
  resourceId: Id('The record it is about'),
  title: Str('Title'),
  status: Enum(APPROVAL_STATUSES, 'Where it stands'),
  round: Int('Submission round (a return and resubmission starts the next)'),
  drafterId: Id('Drafter'),
  drafterName: Str('Drafter name'),
  draftingUnitName: Str('Drafting department'),
  currentHolderId: Nullable(Id('Whose signature it waits for (null: none, or off the platform)')),
  currentHolderName: Nullable(Str('Name of that person')),
  submittedAt: Instant('Submitted (this round)'),
  decidedAt: Nullable(Instant('When the chain ended')),
  version: Int('Row version (send it back with a change)'),
};

/** An approval in a list. */
export const ApprovalSummary = Obj(summaryFields, { description: 'Approval' });

/** One step of a chain. */
export const ApprovalStep = Obj(
  {
    id: Id('Step id'),
    round: Int('Round'),
    seq: Int('Position in the chain'),
    post: Enum(APPROVAL_POSTS, 'The post that signs'),
    unitId: Id('Unit whose post it is'),
    unitName: Str('Unit name'),
    holderId: Nullable(Id('Holder account (null: vacant or off the platform)')),
    holderName: Nullable(Str('Holder name (or the name on the paper, off the platform)')),
    offline: Bool('Off the platform: recorded by the drafter from the signed paper'),
    status: Enum(STEP_STATUSES, 'Step status'),
    skipReason: Nullable(Enum(SKIP_REASONS, 'Why the step was skipped')),
    opinion: Nullable(Str('Opinion', { max: 2000 })),
    signedOn: Nullable(DateStr('Date on the signed paper (offline steps)')),
    decidedAt: Nullable(Instant('When decided (or recorded)')),
    decidedByName: Nullable(Str('Who entered the decision')),
  },
  { description: 'Chain step' },
);

/** An approval with its content and chain. */
export const ApprovalDetail = Obj(
  {
    ...summaryFields,
    content: Type.Record(Type.String(), Type.Unknown(), { description: 'What is being approved (JSON)' }),
    contentHash: Str('SHA-256 of the canonical content'),
    integrity: Enum(['intact', 'tampered'] as const, 'Whether the content still matches its hash'),
    ownerUnitId: Id('Owning commission'),
    draftingUnitId: Id('Drafting department'),
    steps: Type.Array(ApprovalStep, { description: 'Every round of the chain, in order' }),
    abilities: Obj(
      {
        decide: Bool('The caller may approve, return or reject now'),
        recordOffline: Bool('The caller may record the current off-platform step'),
        resubmit: Bool('The caller may resubmit (after a return)'),
        withdraw: Bool('The caller may withdraw'),
      },
      { description: 'What the caller may do' },
    ),
  },
  { description: 'Approval with its chain' },
);

/** Content of a resubmission. */
export const ContentBody = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
  description: 'What is being approved (JSON object; `summary` is printed on the form)',
  maxProperties: 50,
});

/** A post with its holder. */
export const ApprovalPostSchema = Obj(
  {
    id: Id('Row id'),
    unitId: Id('Unit'),
    unitName: Str('Unit name'),
    post: Enum(APPROVAL_POSTS, 'Post'),
    userId: Nullable(Id('Holder account (null: off the platform)')),
    holderName: Nullable(Str('Holder name')),
    offPlatform: Bool('Holder has no account: steps are recorded from paper'),
    setByName: Nullable(Str('Who set it')),
    setAt: Instant('When it was set'),
    version: Int('Row version'),
  },
  { description: 'Post and holder' },
);
