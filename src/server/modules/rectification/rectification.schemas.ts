/** Request and response schemas of the rectification ledger's routes; every field described (feeds OpenAPI). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, PageQuery, Str } from '../../http/schema.js';
import {
  ESCALATION_REASONS,
  EXTENSION_STATUSES,
  FOLLOW_UP_RESULTS,
  MANUAL_RECTIFICATION_SOURCES,
  PROBLEM_SEVERITIES,
  RECTIFICATION_ESCALATIONS,
  RECTIFICATION_SOURCES,
  RECTIFICATION_STATUSES,
  UNIT_ESCALATION_REASONS,
  UNIT_ESCALATION_SOURCES,
} from '../../shared/rectification.codes.js';
import { RECOMMENDATION_KINDS } from '../../shared/recommendation.codes.js';

const Version = Int("The item's version read");

/** The ledger's filters (list, counts, export). */
export const LedgerFilters = {
  source: Type.Optional(Enum(RECTIFICATION_SOURCES, 'Where the problem came from')),
  status: Type.Optional(Enum(RECTIFICATION_STATUSES, 'State')),
  unitId: Type.Optional(Id('Responsible unit (and the units under it)')),
  zoneId: Type.Optional(Id("Zone of the responsible unit's township")),
  overdue: Type.Optional(Bool('true: outstanding and due before today (Shanghai); false: not overdue')),
  escalation: Type.Optional(Enum([...RECTIFICATION_ESCALATIONS, 'none'] as const, 'Last rung reached (none: never)')),
  followUpDue: Type.Optional(
    Bool('true: closed items whose 回头看 is due (today or before) and not yet recorded (the 回头看 card)'),
  ),
  dueFrom: Type.Optional(DateStr('Due on or after')),
  dueTo: Type.Optional(DateStr('Due on or before')),
  q: Type.Optional(Str('Words of the problem', { max: 100 })),
  side: Type.Optional(
    Enum(['owner', 'issuer'] as const, 'owner: addressed to units in my scope; issuer: issued by my side'),
  ),
  parentId: Type.Optional(Id('Sub-items of this item')),
};

/** The ledger's query. */
export const LedgerQuerySchema = Obj(
  {
    ...LedgerFilters,
    sort: Type.Optional(
      Enum(['dueOn', '-createdAt'] as const, 'dueOn: soonest due first; -createdAt: newest first (default)'),
    ),
    ...PageQuery,
  },
  { description: 'Filters' },
);

/** Filters only (counts, export). */
export const LedgerFilterSchema = Obj(LedgerFilters, { description: 'Filters' });

/** An item as the ledger shows it. */
export const ItemSchema = Obj(
  {
    id: Id('Item'),
    parentId: Nullable(Id('The item this is a sub-item of')),
    source: Enum(RECTIFICATION_SOURCES, 'Where the problem came from'),
    sourceId: Nullable(Str('The record it came from, in its module')),
    sourceDocument: Nullable(Str('The issuing document', { max: 400 })),
    problem: Str('The problem', { max: 8000 }),
    severity: Enum(PROBLEM_SEVERITIES, 'How serious'),
    measures: Nullable(Str('Rectification measures (整改举措)', { max: 8000 })),
    ownerUnitId: Id('Responsible unit (责任单位)'),
    ownerUnitName: Str('Responsible unit'),
    responsiblePerson: Nullable(Str('Responsible person')),
    responsibleUserId: Nullable(Id('Responsible account')),
    issuerUnitId: Id('Issuing unit (交办单位): accepts it'),
    issuerUnitName: Str('Issuing unit'),
    zoneId: Nullable(Id('Zone')),
    dueOn: DateStr('Due date (moves only with an approved extension)'),
    originalDueOn: DateStr('Due date when opened'),
    status: Enum(RECTIFICATION_STATUSES, 'State'),
    overdue: Bool('Outstanding and due before today'),
    escalation: Nullable(Enum(RECTIFICATION_ESCALATIONS, 'Last rung reached')),
    escalatedAt: Nullable(Instant('When')),
    nextEscalation: Nullable(Enum(RECTIFICATION_ESCALATIONS, 'The rung the issuer side owes next')),
    nextEscalationOn: Nullable(DateStr('From when it is due')),
    escalationDue: Bool('The next rung is due (item still outstanding)'),
    evidenceNote: Nullable(Str('What the responsible unit reported', { max: 9000 })),
    submittedAt: Nullable(Instant('Submitted for acceptance')),
    rejections: Int('Submissions rejected'),
    lastRejection: Nullable(Str('Why the last submission was rejected', { max: 4000 })),
    closedAt: Nullable(Instant('Accepted and closed (销号)')),
    acceptanceNote: Nullable(Str('Acceptance note', { max: 4000 })),
    followUpOn: Nullable(DateStr('The 回头看 date')),
    followedUpAt: Nullable(Instant('When the 回头看 was recorded')),
    followUpResult: Nullable(Enum(FOLLOW_UP_RESULTS, 'What the 回头看 found')),
    followUpNote: Nullable(Str('The 回头看 in words', { max: 4000 })),
    relapseOf: Nullable(Id('The closed item whose 回头看 found this problem back')),
    createdAt: Instant('Opened'),
    version: Int('Version (optimistic lock)'),
  },
  { description: 'A rectification item' },
);

/** An evidence file. */
export const ItemFileSchema = Obj(
  {
    id: Id('File'),
    name: Str('File name', { max: 120 }),
    contentType: Str('Content type (after cleaning)'),
    sizeBytes: Int('Size'),
    sha256: Str('SHA-256 of the stored bytes'),
    createdAt: Instant('Added'),
  },
  { description: 'An evidence file' },
);

/** An escalation record's content. */
export const EscalationContentSchema = Obj(
  {
    text: Type.Optional(Str('Reminder: its words; 通报: the text; 问责: notes', { max: 8000 })),
    principal: Type.Optional(Str('约谈: the principal talked to (name and post)', { max: 200 })),
    heldAt: Type.Optional(Str('约谈: when', { max: 40 })),
    place: Type.Optional(Str('约谈: where', { max: 200 })),
    talkers: Type.Optional(Str('约谈: by whom', { max: 200 })),
    said: Type.Optional(Str('约谈: what was said', { max: 8000 })),
    required: Type.Optional(Str('约谈: what was required', { max: 8000 })),
    audience: Type.Optional(Str('通报: to whom', { max: 400 })),
    person: Type.Optional(Str('问责: the person held accountable', { max: 200 })),
    form: Type.Optional(Str('问责: the form (诫勉、通报批评、组织处理…)', { max: 200 })),
  },
  { description: "The rung's record" },
);

/** An escalation record. */
export const EscalationSchema = Obj(
  {
    id: Id('Escalation record'),
    itemId: Id('Item'),
    rung: Enum(RECTIFICATION_ESCALATIONS, 'Rung'),
    reason: Enum(ESCALATION_REASONS, 'Why: overdue or rejected too often'),
    content: EscalationContentSchema,
    recordedByName: Nullable(Str('Who recorded it (null: the daily job)')),
    at: Instant('When'),
    documents: Type.Array(Str('Document kind (admonition_record, circular)'), { description: 'Its documents' }),
  },
  { description: 'An escalation rung reached' },
);

/** An extension request. */
export const ExtensionSchema = Obj(
  {
    id: Id('Extension request'),
    fromDueOn: DateStr('Due date when asked'),
    requestedDueOn: DateStr('Due date asked for'),
    reason: Str('Why', { max: 4000 }),
    requestedBy: Id('Requester'),
    requestedByName: Nullable(Str('Requester')),
    requestedAt: Instant('Asked'),
    status: Enum(
      EXTENSION_STATUSES,
      'pending (waiting for the issuer side to submit it), in_approval, approved, refused',
    ),
    approvalId: Nullable(Id('The approval (rectification.extension) last started for it')),
    approvalStatus: Nullable(Str("That approval's state")),
    submittedByName: Nullable(Str('Who submitted it for approval')),
    submittedAt: Nullable(Instant('Submitted for approval')),
    submitOpinion: Nullable(Str("The issuer side's opinion it was submitted with", { max: 4000 })),
    decidedByName: Nullable(Str('Who decided (the last signer of the chain, or who refused)')),
    decidedAt: Nullable(Instant('Decided')),
    decisionNote: Nullable(Str('Decision note', { max: 4000 })),
  },
  { description: 'An extension request' },
);

/** An item in full. */
export const ItemDetailSchema = Type.Composite(
  [
    ItemSchema,
    Obj(
      {
        events: Type.Array(
          Obj(
            {
              kind: Str('created, started, submitted, rejected, accepted, extended, escalated, followed_up …'),
              note: Nullable(Str('Note (a rejection: its reason)', { max: 9000 })),
              details: Type.Unknown({ description: 'What changed' }),
              userName: Nullable(Str('Who')),
              at: Instant('When'),
            },
            { description: 'An event' },
          ),
          { description: 'History, oldest first' },
        ),
        files: Type.Array(ItemFileSchema, { description: 'Evidence files' }),
        subItems: Type.Array(ItemSchema, { description: 'Sub-items' }),
        relapses: Type.Array(ItemSchema, {
          description:
            'Items opened because a 回头看 of this one found the problem back (their relapseOf is this item)',
        }),
        escalations: Type.Array(EscalationSchema, { description: 'Rungs reached' }),
        extensions: Type.Array(ExtensionSchema, { description: 'Extension requests' }),
        sides: Obj(
          { issuer: Bool('Reader is on the issuer side'), owner: Bool('Reader is on the responsible side') },
          { description: "The reader's sides" },
        ),
      },
      { description: 'Details' },
    ),
  ],
  { additionalProperties: false, description: 'A rectification item in full' },
);

/** Opening an item by hand. */
export const CreateBody = Obj(
  {
    source: Enum(
      RECTIFICATION_SOURCES,
      `Source: ${MANUAL_RECTIFICATION_SOURCES.join(', ')} by hand (a sub-item may carry any source)`,
    ),
    problem: Str('The problem', { min: 2, max: 8000 }),
    severity: Type.Optional(Enum(PROBLEM_SEVERITIES, 'How serious (default minor)')),
    measures: Type.Optional(Nullable(Str('Rectification measures', { max: 8000 }))),
    sourceDocument: Type.Optional(Nullable(Str('The issuing document (title and number)', { max: 400 }))),
    ownerUnitId: Id('Responsible unit'),
    responsiblePerson: Type.Optional(Nullable(Str('Responsible person', { max: 100 }))),
    responsibleUserId: Type.Optional(Nullable(Id('Responsible account (of the responsible unit)'))),
    issuerUnitId: Type.Optional(Id("Issuing unit (default: the actor's own)")),
    dueOn: Type.Optional(DateStr('Due date (required unless 巡察 feedback gives feedbackOn)')),
    feedbackOn: Type.Optional(DateStr('巡察 feedback date: due date defaults to it + 2 months (timer 39)')),
    parentId: Type.Optional(Id('The item this is a sub-item of')),
  },
  { description: 'A new item' },
);

/** Editing an item's words. */
export const PatchBody = Obj(
  {
    version: Version,
    problem: Type.Optional(Str('The problem', { min: 2, max: 8000 })),
    measures: Type.Optional(Nullable(Str('Measures', { max: 8000 }))),
    severity: Type.Optional(Enum(PROBLEM_SEVERITIES, 'Severity')),
    responsiblePerson: Type.Optional(Nullable(Str('Responsible person', { max: 100 }))),
    sourceDocument: Type.Optional(Nullable(Str('Issuing document', { max: 400 }))),
    dueOn: Type.Optional(DateStr('Refused (RECTIFICATION_DUE_DATE_FIXED): only an approved extension moves it')),
  },
  { description: 'Changes' },
);

/** A body with the version only. */
export const VersionBody = Obj({ version: Version }, { description: 'Version' });

/** Submitting for acceptance. */
export const SubmitBody = Obj(
  {
    version: Version,
    evidenceNote: Str('What was done (整改情况说明)', { min: 2, max: 8000 }),
    noFilesReason: Type.Optional(Nullable(Str('Why no evidence file is attached', { max: 1000 }))),
  },
  { description: 'Submission' },
);

/** Accepting (销号). */
export const AcceptBody = Obj(
  {
    version: Version,
    note: Str('Acceptance note (验收意见)', { min: 2, max: 4000 }),
    followUpOn: Type.Optional(DateStr('The 回头看 date (default: 3 months on)')),
  },
  { description: 'Acceptance' },
);

/** Rejecting. */
export const RejectBody = Obj(
  { version: Version, reason: Str('Why it is rejected', { min: 2, max: 4000 }) },
  { description: 'Rejection' },
);

/** Recording the 回头看. */
export const FollowUpBody = Obj(
  {
    version: Version,
    result: Enum(FOLLOW_UP_RESULTS, 'holds: done; relapsed: a new item is opened'),
    note: Str('What the 回头看 found', { min: 2, max: 4000 }),
    dueOn: Type.Optional(DateStr("Relapse: the new item's due date")),
  },
  { description: '回头看' },
);

/** Asking for an extension. */
export const ExtensionBody = Obj(
  { version: Version, dueOn: DateStr('The new due date asked for'), reason: Str('Why', { min: 2, max: 4000 }) },
  { description: 'Extension request' },
);

/** Submitting an extension for approval (呈批). */
export const ExtensionSubmitBody = Obj(
  { version: Version, opinion: Str("The issuer side's opinion (承办意见)", { min: 1, max: 4000 }) },
  { description: 'Submission for approval' },
);

/** Refusing an extension without submitting it. */
export const ExtensionRefusalBody = Obj(
  { version: Version, note: Str('Why it is refused', { min: 1, max: 4000 }) },
  { description: 'Refusal' },
);

/** Recording an escalation rung. */
export const EscalationBody = Obj(
  {
    version: Version,
    rung: Enum(RECTIFICATION_ESCALATIONS, 'The rung: exactly one above the last'),
    content: EscalationContentSchema,
  },
  { description: 'Escalation' },
);

const CountFields = {
  outstanding: Int('Not closed'),
  overdue: Int('Outstanding and past due'),
  closed: Int('Closed (销号)'),
};

/** Counts by source and unit. */
export const CountsSchema = Obj(
  {
    bySource: Type.Array(
      Obj({ source: Enum(RECTIFICATION_SOURCES, 'Source'), ...CountFields }, { description: 'A source' }),
      {
        description: 'By source',
      },
    ),
    byUnit: Type.Array(
      Obj({ unitId: Id('Responsible unit'), unitName: Str('Unit'), ...CountFields }, { description: 'A unit' }),
      { description: 'By responsible unit, most overdue first' },
    ),
    byTownship: Type.Array(
      Obj(
        {
          regionCode: Str("The township's region code (a county-level unit: the county's)"),
          name: Str('Township (or county)'),
          ...CountFields,
        },
        { description: 'A township' },
      ),
      { description: "By the responsible unit's township, in region code order" },
    ),
  },
  { description: 'Counts' },
);

/** A unit's own escalation record (a recommendation refused without good reason, 问责). */
export const UnitEscalationSchema = Obj(
  {
    id: Id('Record'),
    unitId: Id('The unit it is recorded on (the recommendation’s recipient)'),
    source: Enum(UNIT_ESCALATION_SOURCES, 'What it is about'),
    sourceId: Id('The record it is about (the recommendation)'),
    rung: Enum(RECTIFICATION_ESCALATIONS, 'Rung (accountability)'),
    reason: Enum(UNIT_ESCALATION_REASONS, 'Why: refused without a reason, or a reason ruled unjustified'),
    content: Obj(
      {
        text: Str('The record in one sentence', { max: 2000 }),
        recommendationId: Id('Recommendation'),
        recommendationKind: Enum(RECOMMENDATION_KINDS, 'Its kind'),
        recommendationNumber: Nullable(Str('Its 文号')),
        recommendationSubject: Str('Its subject', { max: 400 }),
        issuedAt: Nullable(Instant('Issued')),
        deadline: Nullable(DateStr('Its rectification deadline')),
        refusedAt: Instant('Refused'),
        refusalReason: Nullable(Str('The reason given (null: none)', { max: 4000 })),
        rulingNote: Nullable(Str('The issuer’s ruling that the reason does not hold', { max: 4000 })),
        basis: Str('The article it rests on (JCF24 第七十一条)', { max: 400 }),
      },
      { description: 'The record' },
    ),
    recordedByName: Nullable(Str('Who ruled (null: recorded with the refusal itself)')),
    at: Instant('When'),
    documents: Type.Array(Str('Document kind (accountability_record)'), { description: 'Its documents' }),
  },
  { description: "A unit's own escalation record" },
);

/** A unit's rectification page. */
export const UnitPageSchema = Obj(
  {
    unitId: Id('Unit'),
    unitName: Str('Unit'),
    byStatus: Obj(
      Object.fromEntries(RECTIFICATION_STATUSES.map((s) => [s, Int(`Items ${s}`)])) as Record<
        (typeof RECTIFICATION_STATUSES)[number],
        ReturnType<typeof Int>
      >,
      { description: 'Items by status' },
    ),
    overdue: Int('Outstanding and past due'),
    openItems: Type.Array(ItemSchema, { description: 'Outstanding items, soonest due first (at most 200)' }),
    escalations: Type.Array(
      Type.Composite(
        [EscalationSchema, Obj({ problem: Str('The item’s problem', { max: 8000 }) }, { description: 'Item' })],
        {
          additionalProperties: false,
          description: 'A rung with its item',
        },
      ),
      { description: 'Rungs reached, newest first (at most 200)' },
    ),
    unitEscalations: Type.Array(UnitEscalationSchema, {
      description: "The unit's own records (recommendations refused without good reason), newest first (at most 200)",
    }),
  },
  { description: "A unit's rectification page" },
);

const {
  status: _status,
  overdue: _overdue,
  escalation: _escalation,
  followUpDue: _followUpDue,
  ...TrendFilters
} = LedgerFilters;

/** The overdue trend's filters: the ledger's, less those that speak of today (status, overdue, rung, 回头看 due). */
export const TrendQuerySchema = Obj(TrendFilters, { description: 'Filters' });

/** The overdue trend. */
export const TrendSchema = Obj(
  {
    weeks: Type.Array(
      Obj(
        {
          weekEnd: DateStr("The week's end (a Sunday; the last point is today)"),
          overdue: Int('Items overdue at the end of that day'),
        },
        { description: 'A week' },
      ),
      { description: 'The last 12 weeks, oldest first' },
    ),
  },
  { description: 'Overdue items at the end of each of the last 12 weeks' },
);
