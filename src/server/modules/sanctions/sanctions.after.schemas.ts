/** Request and response schemas of what follows a sanction's decision: notices, 留党察看's end, documents. */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, IdParams, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import { APPROVING_BODIES, PROBATION_OUTCOMES } from '../../shared/sanctions.codes.js';

/** The documents of a sanction (`GET /api/sanctions/:id/documents/:file`). */
export const SANCTION_DOCUMENTS = [
  'party_decision',
  'state_decision',
  'circular',
  'branch_resolution',
  'restoration',
] as const;
/** A sanction document's name. */
export type SanctionDocumentName = (typeof SANCTION_DOCUMENTS)[number];

/** Path parameters of one sanction. */
export const SanctionIdParam = IdParams('Sanction id');

/** Path parameters of a sanction's document. */
export const SanctionDocumentParams = IdParams('Sanction id', {
  file: Str(
    'party_decision (处分决定), state_decision (政务处分决定书), circular (通报材料), branch_resolution (支部大会决议) or restoration (恢复党员权利决定), then .pdf or .docx',
    { pattern: `^(${SANCTION_DOCUMENTS.join('|')})\\.(pdf|docx)$`, max: 40 },
  ),
});

/** A notice to record: who was told of the decision (or of a change), when. */
export const NoticeBody = Obj(
  {
    kind: Type.Optional(Enum(['decision', 'change'] as const, 'What they were told of (default decision)')),
    recipient: Str('Who was told: a unit, a department or a person, in words', { min: 1, max: 200 }),
    unitId: Type.Optional(Nullable(Id('The unit told, when it is one of the platform'))),
    sentOn: DateStr('When (not before the decision, not after today)'),
    note: Type.Optional(Nullable(Str('How (送达, 函告, 抄送 …)', { max: 1000 }))),
  },
  { description: 'A notice' },
);

/** One notice. */
export const NoticeSchema = Obj(
  {
    id: Id('Notice id'),
    kind: Str('decision | change | lifting | probation'),
    unitId: Nullable(Id('Unit told')),
    recipient: Str('Who was told'),
    sentOn: DateStr('When'),
    note: Nullable(Str('Note', { max: 1000 })),
    createdAt: Instant('Recorded'),
  },
  { description: 'Notice' },
);

/** One line of a branch meeting's roll. */
const RollLineSchema = Obj(
  {
    personId: Str('The member (any stable id; the person under 留党察看 has no vote)', { min: 1, max: 64 }),
    votingRights: Bool('Has a vote'),
    shouldAttend: Bool('Should attend (false: excused)'),
    present: Bool('Present'),
    vote: Nullable(Enum(['yes', 'no', 'abstain'] as const, 'Vote, or null')),
  },
  { description: 'Roll line' },
);

/** The branch meeting on restoring rights (its resolution, PZ 第二十一条). */
const BranchSchema = Obj(
  {
    branchName: Str('The branch (党支部)', { min: 1, max: 200 }),
    heldOn: DateStr('When it met (during the 察看, not after the decision)'),
    roll: Type.Array(RollLineSchema, { description: 'The roll', minItems: 1, maxItems: 500 }),
    resolution: Str('The resolution, in words', { min: 1, max: 2000 }),
    personOpinion: Type.Optional(Nullable(Str("The member's opinion", { max: 2000 }))),
    personSignature: Enum(['signed', 'refused', 'absent'] as const, 'The member signed, refused, or was absent'),
  },
  { description: 'The branch meeting' },
);

/** How a 留党察看 ends. */
export const ProbationBody = Obj(
  {
    version: Int('Sanction row version the change is based on', { min: 1 }),
    outcome: Enum(PROBATION_OUTCOMES, 'restore (恢复党员权利) | extend (延长一年) | expel (开除党籍)'),
    decidedOn: DateStr("The approving body's decision date"),
    body: Enum(APPROVING_BODIES, 'The approving body'),
    bodyName: Str('Its name', { min: 1, max: 200 }),
    decisionRef: Str('Its decision reference (文号)', { min: 1, max: 100 }),
    reason: Str('Why: the member’s conduct during the 察看', { min: 1, max: 2000 }),
    branch: Type.Optional(BranchSchema),
  },
  { description: "The 留党察看's end" },
);

/** What a 留党察看's end left. */
export const ProbationDoneSchema = Obj(
  {
    version: Int('New row version'),
    outcome: Enum(PROBATION_OUTCOMES, 'The outcome'),
    restoredOn: Nullable(DateStr('Rights back on (restore)')),
    restrictionEnd: Nullable(DateStr("The restriction's last day (restore)")),
    probationEnd: DateStr("The 察看's last day"),
    expulsionId: Nullable(Id('The new 开除党籍 record (expel)')),
    told: Int('Earlier recipients told'),
  },
  { description: 'Decided' },
);
