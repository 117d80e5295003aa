/** Request and response schemas of the intake routes (public, staff and export), shared by their plugins. */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, IdParams, Instant, Int, Nullable, Obj, RegionCode, Str } from '../../http/schema.js';
import { DeadlineSchema, UncoveredYears } from '../deadlines/index.js';
import {
  CATEGORY_CODES,
  COMMISSION_LEADER_ANSWERS,
  PUBLIC_SUBJECT_ROLES,
  DISPOSITIONS,
  MESSAGE_AUTHORS,
  RATINGS,
  REPORT_CHANNELS,
  REPORT_EVENTS,
  REPORT_KINDS,
  REPORT_STATUSES,
  SOURCE_BODIES,
  SUBJECT_AUTHORITIES,
} from './reports.model.js';

/** A receipt code (回执码) as a request body carries it (never in a URL). */
export const Receipt = Str('Receipt code (回执码): 16 digits', { min: 16, max: 16, pattern: '^\\d{16}$' });
/** A receipt-page message. */
export const Message = Obj(
  {
    author: Enum(MESSAGE_AUTHORS, 'Who wrote it'),
    body: Str('Text', { max: 2000 }),
    createdAt: Instant('When'),
  },
  { description: 'Receipt-page message' },
);
/** The fields of one timeline step. */
export const Step = {
  event: Enum(REPORT_EVENTS, 'What happened'),
  at: Instant('When'),
  note: Nullable(Str('Note shown with the step')),
};
/** A phone number. */
export const Phone = Str('Phone number', { min: 5, max: 20, pattern: '^\\+?[0-9][0-9 -]{3,18}[0-9]$' });
/** The person reported, as a reporter or an officer types them. */
export const SubjectFields = Obj(
  {
    name: Str('Name of the person reported', { min: 1, max: 40 }),
    position: Type.Optional(Str('Their position', { max: 60 })),
    employer: Type.Optional(Str('Their workplace', { max: 80 })),
  },
  { description: 'The person reported' },
);
/** What happened: the report's text. */
export const Content = Str('What happened', { min: 10, max: 5000 });
/** An amount involved, in fen. */
export const Amount = Int('Amount involved, in fen', { max: 1_000_000_000_000 });
/** The row version a staff step is based on (optimistic locking). */
export const Version = Int('Row version the change is based on (optimistic locking)', { min: 1 });

/** The body of a public submission. */
export const SubmitBody = Obj(
  {
    regionCode: RegionCode('Region where the matter happened (village, villager group, township or county)'),
    named: Bool('Named (实名) report: the reporter gives name and phone'),
    kind: Type.Optional(Enum(REPORT_KINDS, 'Accusation (default) or general petition')),
    reporter: Type.Optional(
      Obj(
        { name: Str('Reporter name', { min: 1, max: 40 }), phone: Phone },
        { description: 'Reporter identity; required for a named report and refused for an anonymous one' },
      ),
    ),
    subject: SubjectFields,
    content: Content,
    occurredOn: Type.Optional(DateStr('When it happened (approximately)')),
    place: Type.Optional(Str('Where it happened', { max: 200 })),
    amountFen: Type.Optional(Amount),
    subjectRole: Type.Optional(
      Enum(
        PUBLIC_SUBJECT_ROLES,
        'What the person is (村干部 / 乡镇干部 / 县直部门干部 / 不清楚): routes by cadre authority; township cadres, county-department cadres and "not sure" go to the county commission. Left out: routed by the region level',
      ),
    ),
    commissionLeader: Type.Optional(
      Enum(
        COMMISSION_LEADER_ANSWERS,
        'Whether the person leads a commission (纪委监委负责人): a township commission leader goes to the county commission, a county commission leader to the organ above (JK 第十五条)',
      ),
    ),
    about: Type.Optional(
      Obj(
        {
          kind: Str('Kind of published record (disclosure_line, qr_item, …)', {
            min: 3,
            max: 40,
            pattern: '^[a-z][a-z_]+$',
          }),
          id: Id('Its id'),
        },
        { description: 'The published record the report is about ("report a problem about this line")' },
      ),
    ),
  },
  { description: 'A public report' },
);

/** The answer to a public submission (the receipt is shown once). */
export const SubmitAnswer = Obj(
  {
    receipt: Receipt,
    receivedAt: Instant('When the report was received'),
    ackDueOn: Nullable(DateStr('Named reports: the date by which the reporter hears whether it was accepted')),
  },
  { description: 'Receipt of a submission: keep the code, it is shown only once' },
);

// Headers are the one open object: clients send many we do not declare.
/** Headers of the routes that take an idempotency key. */
export const IdempotencyHeaders = Type.Object(
  {
    'idempotency-key': Type.Optional(
      Str('A repeat with the same key returns the first answer', { min: 8, max: 100, pattern: '^[\\x21-\\x7e]+$' }),
    ),
  },
  { description: 'Headers', additionalProperties: true },
);

/** What the receipt page shows. */
export const ReceiptStatus = Obj(
  {
    status: Enum(REPORT_STATUSES, 'Status'),
    kind: Enum(REPORT_KINDS, 'Accusation or petition (decides the remedy offered)'),
    receivedAt: Instant('When received'),
    channel: Enum(REPORT_CHANNELS, 'Intake channel'),
    anonymous: Bool('Anonymous report'),
    closed: Bool('Closed (办结, forwarded, kept on file or sent up)'),
    timeline: Type.Array(Obj(Step, { description: 'Step' }), { description: 'Status timeline, oldest first' }),
    messages: Type.Array(Message, { description: 'Messages, oldest first' }),
    attachmentCount: Int('Files attached'),
    rating: Nullable(Enum(RATINGS, "The reporter's rating")),
    canRate: Bool('The reporter may rate now'),
    canRequestRecheck: Bool(
      'The petitioner may ask for a re-check now (once, within 30 days of the answer, XF 第三十五条); never for an accusation (JK 第二十七条: its objection is a message)',
    ),
    recheckApplyBy: Nullable(DateStr("A closed petition's last day to ask for a re-check; null otherwise")),
    recheckRequestedAt: Nullable(Instant('When a re-check was requested')),
    recheckDueOn: Nullable(
      DateStr('Date by which the open re-check is answered; null before it is asked and once answered'),
    ),
    ackDueOn: Nullable(
      DateStr(
        'Named reports: date by which the reporter is told whether it was accepted (accusations 15 working days, JK 第二十六条; petitions 15 days, XF 第二十三条); null once told, for repeats and anonymous reports',
      ),
    ),
    recheckBy: Nullable(
      Str(
        "Commission that answers a re-check (XF 第三十五条): the one above the handler's, or the handler's own when none is above it; null while the report is open and no re-check was asked for",
      ),
    ),
    canRequestReview: Bool(
      'The petitioner may ask for a review (复核) now: once, within 30 days of the re-check answer (XF 第三十六条); never for an accusation',
    ),
    reviewApplyBy: Nullable(DateStr('Last day to ask for a review, once the re-check was answered; null otherwise')),
    reviewRequestedAt: Nullable(Instant('When a review was requested')),
    reviewDueOn: Nullable(
      DateStr('Date by which the open review is answered; null before it is asked, once answered, or while paused'),
    ),
    reviewBy: Nullable(
      Str('Organ that reviews (one level above the re-checking organ); null before the re-check is answered'),
    ),
    uncoveredYears: UncoveredYears,
  },
  { description: 'What the receipt page shows' },
);

/** A report's ledger fields (one listed row). */
export const Report = {
  id: Id('Report id'),
  number: Nullable(Str('Registration number, e.g. 渑纪信〔2026〕0001号')),
  channel: Enum(REPORT_CHANNELS, 'Intake channel'),
  kind: Enum(REPORT_KINDS, 'Kind'),
  categories: Type.Array(Enum(CATEGORY_CODES, 'Category'), { description: 'Subject-matter categories' }),
  anonymous: Bool('Anonymous report'),
  reporter: Str('Reporter: 实名（已保护） or 匿名; the identity itself needs a recorded reveal'),
  status: Enum(REPORT_STATUSES, 'Status'),
  regionCode: RegionCode('Region'),
  regionName: Nullable(Str('Region name')),
  ownerUnitId: Id('Competent unit'),
  ownerUnitName: Nullable(Str('Competent unit name')),
  sourceBody: Nullable(Enum(SOURCE_BODIES, 'Transferring body (transfers)')),
  sourceRef: Nullable(Str('Source document number (transfers)')),
  assigned: Bool('Assignment (交办) from a higher commission'),
  subjectId: Nullable(Id('Linked subject record')),
  subjectAuthority: Nullable(Enum(SUBJECT_AUTHORITIES, 'Cadre authority of the person reported')),
  subjectName: Str('Person reported'),
  subjectPosition: Nullable(Str('Their position')),
  subjectEmployer: Nullable(Str('Their workplace')),
  content: Str('What happened', { max: 5000 }),
  occurredOn: Nullable(DateStr('When it happened')),
  place: Nullable(Str('Where it happened')),
  amountFen: Nullable(Amount),
  receivedAt: Instant('When received'),
  receivedOn: DateStr('Date received (China Standard Time)'),
  inLedger: Bool('Part of the ledger (false: a transfer record kept for a report sent up)'),
  repeatOf: Nullable(Id('The first report on the same person and matter within 90 days')),
  disposition: Nullable(Enum([...DISPOSITIONS, 'transfer_up'] as const, 'How it was disposed of')),
  dispositionNote: Nullable(Str('Reason or result of the disposition')),
  transferredTo: Nullable(Str('Body it was forwarded or sent to')),
  clueId: Nullable(Id('Clue registered from it')),
  closedAt: Nullable(Instant('When it was closed here')),
  rating: Nullable(Enum(RATINGS, "The reporter's rating")),
  recheckRequestedAt: Nullable(Instant('When the reporter asked for a re-check')),
  ackDueOn: Nullable(DateStr('Acknowledgement due (named accusations)')),
  version: Int('Row version'),
};

/** A time limit as a report's page shows it. */
/** A time limit, as the deadlines module presents its clocks. */
export const Deadline = DeadlineSchema;

/** A report with its history, clocks and files (the detail page). */
export const Detail = Obj(
  {
    ...Report,
    details: Nullable(
      Obj(
        {
          visitors: Type.Optional(Int('Number of visitors')),
          receptionPlace: Type.Optional(Str('Reception place')),
          demands: Type.Optional(Str('What the visitor asks for')),
          subjectRole: Type.Optional(
            Enum(PUBLIC_SUBJECT_ROLES, "What the person is, in the reporter's words (phone form)"),
          ),
          commissionLeader: Type.Optional(
            Enum(
              COMMISSION_LEADER_ANSWERS,
              "Whether the person leads a commission, in the reporter's words (phone form)",
            ),
          ),
          leadsCommission: Type.Optional(
            Bool('Registered as the leader of the commission that would handle it (sent one level up)'),
          ),
          about: Type.Optional(
            Obj(
              {
                kind: Str('Kind of published record'),
                id: Id('Its id'),
                label: Str('The record as the reporter saw it (masked as on the public page)'),
                regionCode: Str('The region the record belongs to'),
              },
              { description: 'The published record the report is about' },
            ),
          ),
        },
        { description: 'Channel details' },
      ),
    ),
    recheckReason: Nullable(Str('Why the reporter asked for a re-check')),
    recheck: Nullable(
      Obj(
        {
          by: Str('Organ that re-checks (the commission above the handler)'),
          forwarded: Bool('Sent up off the platform; the owner records the higher organ opinion and its number'),
          answered: Bool('The re-check has been answered'),
          canAnswer: Bool('The caller may answer or extend the re-check now'),
        },
        { description: 'The re-check, once asked for' },
      ),
    ),
    reviewReason: Nullable(Str('Why the petitioner asked for a review (复核)')),
    review: Nullable(
      Obj(
        {
          by: Str('Organ that reviews (one level above the re-checking organ, XF 第三十六条)'),
          forwarded: Bool('Sent up off the platform; the keeper records the higher organ opinion and its number'),
          requestedAt: Instant('When the review was asked for'),
          answered: Bool('The review has been answered'),
          dueOn: Nullable(DateStr('Date by which the review is answered while its clock runs')),
          paused: Bool('A hearing runs: the review clock is paused'),
          canAnswer: Bool('The caller may answer the review now'),
        },
        { description: 'The review (复核), once asked for' },
      ),
    ),
    messages: Type.Array(Message, { description: 'Receipt-page messages, oldest first' }),
    timeline: Type.Array(
      Obj(
        {
          ...Step,
          staffNote: Nullable(Str('Note only staff read (an acceptance note, an extension reason)')),
          public: Bool('Shown to the reporter'),
        },
        { description: 'Step' },
      ),
      {
        description: 'History, oldest first',
      },
    ),
    deadlines: Type.Array(Deadline, { description: 'Time limits' }),
    attachments: Type.Array(
      Obj(
        {
          id: Id('Attachment id'),
          name: Str('File name'),
          contentType: Str('Content type (from the content)'),
          sizeBytes: Int('Size'),
          uploadedBy: Str('reporter or staff'),
          createdAt: Instant('When'),
        },
        { description: 'Attachment' },
      ),
      { description: 'Files' },
    ),
    clueNumber: Nullable(Str('Number of the clue registered from it')),
    repeats: Type.Array(
      Obj(
        { id: Id('Report id'), number: Nullable(Str('Number')), receivedAt: Instant('When received') },
        { description: 'Linked report' },
      ),
      { description: 'Other reports on the same person and matter' },
    ),
  },
  { description: 'Report with its history' },
);

/** Filters of the ledger, its export and its counts. */
export const LedgerFilters = {
  status: Type.Optional(Enum(REPORT_STATUSES, 'Only this status')),
  channel: Type.Optional(Enum(REPORT_CHANNELS, 'Only this channel')),
  kind: Type.Optional(Enum(REPORT_KINDS, 'Only this kind')),
  category: Type.Optional(Enum(CATEGORY_CODES, 'Only this category')),
  anonymous: Type.Optional(Bool('Only anonymous (true) or named (false) reports')),
  unitId: Type.Optional(Id('Only this competent unit')),
  zoneId: Type.Optional(Id('Only units of this zone')),
  from: Type.Optional(DateStr('Received on or after')),
  to: Type.Optional(DateStr('Received on or before')),
  overdue: Type.Optional(
    Bool('Only reports with a time limit past due, listed most overdue first (earliest due date)'),
  ),
  q: Type.Optional(
    Str('A part of the number, or of the name of the person reported (one or two characters: the start of the name)', {
      min: 1,
      max: 60,
    }),
  ),
  includeTransferRecords: Type.Optional(Bool('Also list reports kept only as transfer records (sent up)')),
};

/** Path parameters of the routes of one report. */
export const IdParam = IdParams('Report id');
/** An officer's optional note on a step. */
export const NoteField = Type.Optional(Str('Note', { min: 1, max: 500 }));
