/** Request and response schemas of the case team, investigative actions, evidence and seized property (every field described). */
import { Type } from '@sinclair/typebox';
import { Bool, Enum, Id, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import {
  CASE_ACTION_KINDS,
  CASE_MEMBER_ROLES,
  EVIDENCE_TYPES,
  PROPERTY_KINDS,
  PROPERTY_STATUSES,
  PROPERTY_STEPS,
} from '../../shared/cases.codes.js';
import { DeadlineSchema } from '../deadlines/index.js';
import { CaseVersion } from './cases.schemas.js';

const Text = (description: string, max = 500) => Str(description, { min: 1, max });
const OptText = (description: string, max = 500) => Type.Optional(Nullable(Str(description, { max })));

/** The people to check for the case team. */
export const TeamCheckBody = Obj(
  {
    userIds: Type.Array(Id('A person proposed'), {
      description: 'The people proposed for the team',
      minItems: 1,
      maxItems: 30,
      uniqueItems: true,
    }),
  },
  { description: 'Conflict check of the proposed team' },
);

/** A conflict check's outcome per person. */
export const TeamCheckResult = Obj(
  {
    checkId: Id('The recorded check (send it with the team)'),
    people: Type.Array(
      Obj(
        {
          userId: Id('Person'),
          name: Str('Name'),
          outcome: Enum(['refuse', 'warn', 'clear'] as const, 'refuse: may not be assigned; warn: only once confirmed'),
          reasons: Type.Array(
            Obj({ code: Str('Reason code'), text: Str('Reason in words') }, { description: 'A reason' }),
            {
              description: 'Reasons',
            },
          ),
        },
        { description: 'A person' },
      ),
      { description: 'Outcome per person, in the order asked' },
    ),
  },
  { description: 'Conflict check' },
);

/** The team as proposed. */
export const TeamBody = Obj(
  {
    version: CaseVersion,
    checkId: Id('The conflict check run on these people (POST /api/cases/{id}/conflict-checks)'),
    members: Type.Array(
      Obj(
        {
          userId: Id('Person'),
          role: Enum(CASE_MEMBER_ROLES, 'Role on the team (exactly one leader)'),
          exception: Type.Optional(
            Nullable(
              Obj(
                {
                  approverId: Id("The commission's principal leader who approved"),
                  note: Text('Why this person of the subject’s own township is on the team'),
                },
                { description: "An approved exception for staff of the subject's own township" },
              ),
            ),
          ),
        },
        { description: 'A member' },
      ),
      { description: 'The whole team (at least 2); anyone not listed leaves it', minItems: 1, maxItems: 30 },
    ),
    reason: OptText('Why members not listed leave the team (required when someone leaves)'),
  },
  { description: 'Case team' },
);

const Officer = Obj({ userId: Id('User'), name: Str('Name') }, { description: 'An officer' });

/** An investigative action as recorded. */
export const ActionBody = Obj(
  {
    kind: Enum(CASE_ACTION_KINDS, 'Kind of action (谈话, 询问, 讯问, 查询, 调取 …)'),
    startedAt: Instant('Started at'),
    endedAt: Type.Optional(Nullable(Instant('Ended at'))),
    place: Text('Place', 200),
    personName: OptText('The person talked to or questioned, or the holder of the records', 100),
    personRole: OptText('Their part: 被审查调查人, 证人, 有关人员, 单位', 50),
    officerIds: Type.Array(Id('An officer present'), {
      description: 'The officers present: current team members, at least 2',
      maxItems: 20,
    }),
    notice: Text('The written notice issued and the credentials shown, in words'),
    credentialsShown: Bool('Credentials were shown (JCF24 第四十四条)'),
    room: OptText('Talks: the talk room', 100),
    roomMonitored: Type.Optional(Nullable(Bool('Talks: the room has monitoring equipment'))),
    important: Type.Optional(Bool('An important talk besides 审查调查谈话 and 讯问 (which always are)')),
    audioVideo: Type.Optional(Bool('Full audio and video were recorded')),
    recordingRef: OptText("The recording's file reference", 100),
    safetyChecked: Type.Optional(Bool('Talks: the safety checklist was confirmed (GZ 第六十九条)')),
    summary: OptText('What was done, briefly', 2000),
  },
  { description: 'Investigative action' },
);

/** An action as read. */
export const ActionSchema = Obj(
  {
    id: Id('Action id'),
    seq: Int('Order within the case'),
    kind: Enum(CASE_ACTION_KINDS, 'Kind'),
    kindLabel: Str('Kind in words'),
    startedAt: Instant('Started'),
    endedAt: Nullable(Instant('Ended')),
    place: Str('Place'),
    personName: Nullable(Str('Person')),
    personRole: Nullable(Str('Their part')),
    officers: Type.Array(Officer, { description: 'Officers present' }),
    notice: Str('Notice and credentials'),
    credentialsShown: Bool('Credentials shown'),
    room: Nullable(Str('Talk room')),
    roomMonitored: Nullable(Bool('Room monitored')),
    important: Bool('Important talk'),
    audioVideo: Bool('Recorded'),
    recordingRef: Nullable(Str('Recording reference')),
    safetyChecked: Bool('Safety checklist confirmed'),
    summary: Nullable(Str('Summary')),
    createdAt: Instant('Recorded at'),
  },
  { description: 'An investigative action' },
);

const evidenceFields = {
  type: Enum(EVIDENCE_TYPES, 'Evidence type (TL21 第五十九条)'),
  title: Text('Name of the item', 200),
  description: OptText('Description (characteristics, quantity)', 2000),
  actionId: Type.Optional(Nullable(Id('The action in which it was collected'))),
  source: OptText('Source or holder (提供人、持有人)', 200),
  collectorIds: Type.Optional(
    Type.Array(Id('A collector'), {
      description: 'Collectors: team members, current or former (at least 2)',
      maxItems: 10,
    }),
  ),
  collectedAt: Type.Optional(Nullable(Instant('Collected at'))),
  place: OptText('Where it was collected', 200),
  method: OptText('How it was collected (调取, 扣押, 询问 …)', 200),
  original: Bool('The original (false: a copy)'),
  originalLocation: OptText('A copy: where the original is kept', 200),
  copyReason: OptText('A copy: why only a copy was taken', 500),
  signed: Type.Optional(Bool('The holder and witnesses signed')),
  refusalNote: OptText('Who refused to sign, as noted', 500),
};

/** An evidence item as registered. */
export const EvidenceBody = Obj(evidenceFields, { description: 'Evidence item' });
/** An evidence item corrected or completed. */
export const EvidenceUpdateBody = Obj(
  { ...evidenceFields, version: Int('Item version read (optimistic locking)', { min: 1 }) },
  { description: 'Evidence item, as it now stands' },
);

/** A handover of an item. */
export const CustodyBody = Obj(
  {
    version: Int('Item version read (optimistic locking)', { min: 1 }),
    from: Text('Handed over by (the current holder)', 100),
    to: Text('Received by', 100),
    at: Instant('When'),
    reason: Text('Why (移交保管, 送检, 调阅 …)', 500),
  },
  { description: 'Custody handover' },
);

/** A stored case file. */
export const CaseFileSchema = Obj(
  {
    id: Id('File id'),
    evidenceId: Nullable(Id('Evidence item')),
    propertyId: Nullable(Id('Seized item')),
    name: Str('File name'),
    contentType: Str('Content type'),
    sizeBytes: Int('Size in bytes'),
    sha256: Str('SHA-256 of the bytes as received (integrity hash)'),
    createdAt: Instant('Stored at'),
  },
  { description: 'A file' },
);

/** An evidence item as read. */
export const EvidenceSchema = Obj(
  {
    id: Id('Item id'),
    seq: Int('Evidence number within the case'),
    type: Enum(EVIDENCE_TYPES, 'Type'),
    typeLabel: Str('Type in words'),
    title: Str('Name'),
    description: Nullable(Str('Description')),
    actionId: Nullable(Id('Action')),
    source: Nullable(Str('Source or holder')),
    collectors: Type.Array(Officer, { description: 'Collectors' }),
    collectedAt: Nullable(Instant('Collected at')),
    place: Nullable(Str('Place')),
    method: Nullable(Str('Method')),
    original: Bool('Original'),
    originalLocation: Nullable(Str('Where the original is kept')),
    copyReason: Nullable(Str('Why a copy')),
    signed: Bool('Signed'),
    refusalNote: Nullable(Str('Refusal to sign, noted')),
    holder: Nullable(Str('Kept by now')),
    complete: Bool('Provenance complete: citable'),
    missing: Type.Array(Obj({ field: Str('Field'), label: Str('What is missing') }, { description: 'A gap' }), {
      description: 'Provenance missing',
    }),
    custody: Type.Array(
      Obj(
        { seq: Int('Order'), from: Str('From'), to: Str('To'), at: Instant('When'), reason: Str('Why') },
        { description: 'A handover' },
      ),
      { description: 'Custody chain' },
    ),
    files: Type.Array(CaseFileSchema, { description: 'Files' }),
    version: Int('Item version'),
  },
  { description: 'An evidence item' },
);

/** A seized item as registered. */
export const PropertyBody = Obj(
  {
    number: Text('Number on the register (编号)', 50),
    kind: Enum(PROPERTY_KINDS, 'Kind: cash, goods, documents'),
    description: Text('Description', 500),
    quantity: OptText('Quantity', 100),
    valueFen: Type.Optional(Nullable(Int('Value in fen (分)', { min: 0 }))),
    appraisal: OptText('Appraisal (估价、鉴定), for items of unclear value', 500),
    holder: Text('Taken from', 100),
    seizedAt: Instant('Seized at'),
    place: Text('Where', 200),
    actionId: Type.Optional(Nullable(Id('The action (查封, 扣押) in which it was seized'))),
  },
  { description: 'Seized item' },
);

/** A step on a seized item. */
export const PropertyStepBody = Obj(
  {
    version: Int('Item version read (optimistic locking)', { min: 1 }),
    step: Enum(PROPERTY_STEPS, 'deposit (cash), custody (goods, documents), unrelated, release'),
    at: Instant('When'),
    note: Text('deposit: account and slip; custody: custodian; unrelated: why; release: to whom', 500),
  },
  { description: 'Property step' },
);

/** A seized item as read. */
export const PropertySchema = Obj(
  {
    id: Id('Item id'),
    seq: Int('Order'),
    number: Str('Number'),
    kind: Enum(PROPERTY_KINDS, 'Kind'),
    kindLabel: Str('Kind in words'),
    description: Str('Description'),
    quantity: Nullable(Str('Quantity')),
    valueFen: Nullable(Int('Value in fen')),
    appraisal: Nullable(Str('Appraisal')),
    holder: Str('Taken from'),
    seizedAt: Instant('Seized at'),
    place: Str('Where'),
    actionId: Nullable(Id('Action')),
    status: Enum(PROPERTY_STATUSES, 'Status'),
    steps: Type.Array(
      Obj(
        {
          step: Enum(PROPERTY_STEPS, 'Step'),
          label: Str('Step in words'),
          at: Instant('When'),
          note: Str('Note'),
          by: Str('Recorded by'),
        },
        { description: 'A step' },
      ),
      { description: 'Steps taken' },
    ),
    photos: Type.Array(CaseFileSchema, { description: 'Photos' }),
    clocks: Type.Array(DeadlineSchema, { description: 'Clocks (deposit, custody, release)' }),
    version: Int('Item version'),
  },
  { description: 'A seized item' },
);
