/** Request and response schemas of the disclosure routes (money in fen; instants UTC). */
import { Type } from '@sinclair/typebox';
import {
  Bool,
  DateStr,
  Enum,
  Id,
  Instant,
  Int,
  Nullable,
  Obj,
  PageQuery,
  PagedOf,
  RegionCode,
  Str,
  allOptional,
} from '../../http/schema.js';
import {
  DISCLOSURE_DIRECTIONS,
  DISCLOSURE_KINDS,
  DISCLOSURE_STATUSES,
  FINANCE_CYCLES,
  GENERAL_TOPICS,
  LINE_CHANGES,
  PAYMENT_METHODS,
} from '../../shared/disclosure.codes.js';

/** An amount in fen (positive). */
const Fen = (d: string) => Type.Integer({ description: `${d} (fen)`, minimum: 1, maximum: 100_000_000_000 });
/** A balance in fen (may be negative). */
const Balance = (d: string) =>
  Type.Integer({ description: `${d} (fen)`, minimum: -1_000_000_000_000, maximum: 1_000_000_000_000 });
/** A period: `2026-11` or `2026-Q4` (a major matter's key when correcting it). */
export const Period = Str('Period: 2026-11 (monthly), 2026-Q4 (quarterly), or a major matter key', {
  min: 4,
  max: 20,
  pattern: '^(\\d{4}-(0[1-9]|1[0-2]|Q[1-4])|M[0-9a-f]{12})$',
});

/** One line as entered. */
export const LineBody = Obj(
  {
    voucherNo: Str('Voucher number, ending in digits (记-001)', { min: 1, max: 40 }),
    occurredOn: DateStr('Date of the transaction'),
    direction: Enum(DISCLOSURE_DIRECTIONS, 'income or expense'),
    counterparty: Str('Counterparty: an organisation or a private person (masked when published)', {
      min: 1,
      max: 100,
    }),
    counterpartyPrivate: Type.Optional(
      Bool('Whether the counterparty is a private person; default: guessed from the name'),
    ),
    partyNumber: Type.Optional(
      Nullable(Str('ID number or unified social credit code (hashed and sealed)', { max: 30 })),
    ),
    amount: Fen('Amount'),
    paymentMethod: Enum(PAYMENT_METHODS, 'cash or transfer'),
    account: Type.Optional(Nullable(Str('Bank account (hashed and sealed)', { max: 40 }))),
    purpose: Str('Purpose (用途摘要)', { min: 1, max: 200 }),
    category: Str('Category (类别)', { min: 1, max: 40 }),
    approvalPath: Type.Optional(Nullable(Str('Approval path (审批流程, e.g. 四议两公开)', { max: 200 }))),
    approvers: Type.Optional(Nullable(Str('Approvers', { max: 200 }))),
  },
  { description: 'An income or expense line' },
);

/** A row of a general item's 名单: the name sealed and published masked. */
export const RosterRowBody = Obj(
  {
    name: Str('Name of the person (sealed; published masked: 张*三)', { min: 1, max: 50 }),
    amount: Type.Optional(Nullable(Fen('Amount, if any'))),
    reason: Str('Reason or standard (事由或标准)', { min: 1, max: 200 }),
  },
  { description: 'A row of a 名单' },
);

/** One entry of a quarter's general items. */
export const GeneralEntryBody = Obj(
  {
    topic: Enum(GENERAL_TOPICS, 'Topic (低保及特困供养, 计划生育, 土地征收补偿, 工程项目进展, 救灾救济, other)'),
    title: Str('Title', { min: 1, max: 200 }),
    text: Type.Optional(Str('Text, published as written (write private names masked: 张*三)', { max: 4000 })),
    roster: Type.Optional(
      Type.Array(RosterRowBody, { description: 'A 名单, names masked when published', maxItems: 2000 }),
    ),
  },
  { description: 'An entry of the general items' },
);

/** Preparing a version by entry. */
export const BatchBody = Obj(
  {
    regionCode: RegionCode('The village'),
    kind: Enum(DISCLOSURE_KINDS, 'finance, major_matter or general'),
    period: Type.Optional(Period),
    title: Type.Optional(Str('A major matter: its name', { max: 200 })),
    decisionRecord: Type.Optional(
      Str('A major matter: its decision record (村民会议/村民代表会议决定)', { max: 4000 }),
    ),
    openingBalance: Type.Optional(
      Nullable(Balance('Opening balance; default: the previous published closing balance')),
    ),
    closingBalance: Type.Optional(Nullable(Balance('Closing balance'))),
    correctionReason: Type.Optional(Str('Why a published period is corrected (a new version)', { min: 1, max: 1000 })),
    lines: Type.Optional(
      Type.Array(LineBody, { description: 'Accounts: the lines (none for the other kinds)', maxItems: 20000 }),
    ),
    entries: Type.Optional(
      Type.Array(GeneralEntryBody, { description: "General items: the quarter's entries, in order", maxItems: 100 }),
    ),
  },
  { description: 'A version to prepare' },
);

/** The outcome of preparing. */
export const PreparedSchema = Obj(
  {
    id: Id('Version id'),
    version: Int('Version number of the period'),
    lineCount: Int('Lines stored'),
    incomeTotal: Int('Income (fen)', { max: Number.MAX_SAFE_INTEGER }),
    expenseTotal: Int('Expense (fen)', { max: Number.MAX_SAFE_INTEGER }),
    notices: Type.Array(Str('A notice', { max: 500 }), { description: 'What the clerk should know' }),
  },
  { description: 'Prepared (a draft)' },
);

/** A step's answer. */
export const StepSchema = Obj(
  {
    id: Id('Version id'),
    status: Enum(DISCLOSURE_STATUSES, 'New status'),
    publishedAt: Type.Optional(Instant('When published')),
  },
  { description: 'Done' },
);

const BatchFields = {
  id: Id('Version id'),
  regionCode: RegionCode('Village'),
  villageName: Str('Village name'),
  kind: Enum(DISCLOSURE_KINDS, 'Kind'),
  period: Str('Period'),
  periodLabel: Str('Period in words'),
  title: Nullable(Str('Major matter name')),
  version: Int('Version'),
  status: Enum(DISCLOSURE_STATUSES, 'Status'),
  lineCount: Int('Lines'),
  incomeTotal: Int('Income (fen)', { max: Number.MAX_SAFE_INTEGER }),
  expenseTotal: Int('Expense (fen)', { max: Number.MAX_SAFE_INTEGER }),
  openingBalance: Nullable(Balance('Opening balance')),
  closingBalance: Nullable(Balance('Closing balance')),
  correctionReason: Nullable(Str('Correction reason', { max: 1000 })),
  signedByName: Nullable(Str('Who signed')),
  publishedAt: Nullable(Instant('When published')),
  supersededAt: Nullable(Instant('When a correction replaced it')),
  createdAt: Instant('When prepared'),
};

/** A version as listed. */
export const BatchLineSchema = Obj(BatchFields, { description: 'A version' });

/** A shown line (masked). */
export const ShownLineSchema = Obj(
  {
    id: Id('Line id (for a report about it)'),
    seq: Int('Position'),
    voucherNo: Str('Voucher number'),
    occurredOn: DateStr('Date'),
    direction: Enum(DISCLOSURE_DIRECTIONS, 'income or expense'),
    counterparty: Str('Counterparty (a private person masked)'),
    partyNumber: Nullable(Str('ID number or credit code, masked')),
    amount: Int('Amount (fen)', { max: Number.MAX_SAFE_INTEGER }),
    paymentMethod: Enum(PAYMENT_METHODS, 'cash or transfer'),
    account: Nullable(Str('Bank account, masked')),
    purpose: Str('Purpose'),
    category: Str('Category'),
    approvalPath: Nullable(Str('Approval path')),
    approvers: Nullable(Str('Approvers')),
    change: Nullable(Enum(LINE_CHANGES, 'added or changed by a correction')),
  },
  { description: 'A line as published (masked)' },
);

/** A general item as shown (its 名单 masked). */
export const ShownEntrySchema = Obj(
  {
    id: Id('Entry id (for a report about it)'),
    seq: Int('Position'),
    topic: Enum(GENERAL_TOPICS, 'Topic'),
    topicLabel: Str('Topic in words'),
    title: Str('Title'),
    text: Str('Text', { max: 4000 }),
    rosterTotal: Int('The 名单 amounts summed (fen)', { max: Number.MAX_SAFE_INTEGER }),
    roster: Type.Array(
      Obj(
        {
          seq: Int('Position'),
          name: Str('Name, masked'),
          amount: Nullable(Int('Amount (fen)', { max: Number.MAX_SAFE_INTEGER })),
          reason: Str('Reason or standard'),
        },
        { description: 'A 名单 row' },
      ),
      { description: 'The 名单, masked' },
    ),
  },
  { description: 'An entry of the general items' },
);

/** One version with its lines. */
export const BatchSchema = Obj(
  {
    ...BatchFields,
    decisionRecord: Nullable(Str('Decision record', { max: 4000 })),
    carriedBalance: Nullable(Balance('Previous closing balance when it differs from the opening')),
    removedVouchers: Type.Array(Str('Voucher'), { description: 'Vouchers a correction dropped' }),
    returnReason: Nullable(Str('Why the committee returned it', { max: 1000 })),
    reviewOpinion: Nullable(Str('The committee opinion', { max: 1000 })),
    submittedAt: Nullable(Instant('When submitted')),
    previousId: Nullable(Id('The version it corrects')),
    lines: Type.Array(ShownLineSchema, { description: 'Lines' }),
    entries: Type.Array(ShownEntrySchema, { description: 'General items: the entries, in order' }),
    abilities: Obj(
      { submit: Bool('May submit'), review: Bool('May sign or return') },
      { description: 'What the caller may do' },
    ),
  },
  { description: 'A version with its lines' },
);

/** The list filters. */
export const BatchFilter = Obj(
  allOptional({
    regionCode: RegionCode('Village'),
    kind: Enum(DISCLOSURE_KINDS, 'Kind'),
    status: Enum(DISCLOSURE_STATUSES, 'Status'),
    period: Period,
    asOf: Instant('Only the versions public at this instant'),
  }),
  { description: 'Filters' },
);

/** The list query. */
export const BatchQuerySchema = Obj({ ...BatchFilter.properties, ...PageQuery }, { description: 'Filters and paging' });

/** A page of versions. */
export const BatchPageSchema = PagedOf(BatchLineSchema, 'Versions in scope');

/** A village on the calendar. */
export const CalendarLineSchema = Obj(
  {
    regionCode: RegionCode('Village'),
    villageName: Str('Village'),
    townshipName: Str('Township'),
    financeCycle: Enum(FINANCE_CYCLES, 'Cycle'),
    lastPublished: Nullable(Str('Newest published period')),
    lastPublishedAt: Nullable(Instant('When')),
    duePeriod: Str('The period of the finances now due'),
    duePeriodLabel: Str('In words'),
    dueOn: DateStr('Its due date'),
    financeOverdue: Bool('The finances missed their due date'),
    generalLastPublished: Nullable(Str('Newest published quarter of the general items')),
    generalDuePeriod: Str('The quarter of the general items now due'),
    generalDuePeriodLabel: Str('In words'),
    generalDueOn: DateStr('Its due date'),
    generalOverdue: Bool('The general items missed their due date'),
    lastMajorTitle: Nullable(Str('The newest major matter published (published immediately: no due date)')),
    lastMajorAt: Nullable(Instant('When it was published')),
    majorCount90: Int('Major matters published in the last 90 days'),
    overdue: Bool('Missed: the finances or the general items'),
    openStatus: Nullable(Str('A waiting version: draft or submitted')),
  },
  { description: 'A village on the publication calendar' },
);

/** The calendar query. */
export const CalendarQuery = Obj(allOptional({ overdueOnly: Bool('Only the overdue villages') }), {
  description: 'Filters',
});

/** Signing. */
export const SignBody = Obj(
  { opinion: Str('The committee review opinion (审核意见)', { min: 1, max: 1000 }) },
  { description: 'Signature' },
);
/** Returning. */
export const ReturnBody = Obj({ reason: Str('Why it is returned', { min: 1, max: 1000 }) }, { description: 'Return' });
/** Setting a cycle. */
export const ScheduleBody = Obj(
  { financeCycle: Enum(FINANCE_CYCLES, 'monthly or quarterly') },
  { description: 'Cycle' },
);

/** Public: a village's path. */
export const VillageParams = Obj(
  { regionCode: RegionCode('Village code from the QR code') },
  { description: 'Path parameters' },
);
/** Public: a period's path. */
export const PeriodParams = Obj(
  { regionCode: RegionCode('Village code'), kind: Enum(DISCLOSURE_KINDS, 'Kind'), period: Period },
  { description: 'Path parameters' },
);
/** Public: as of. */
export const AsOfQuery = Obj(allOptional({ asOf: Instant('Show what was public at this instant') }), {
  description: 'Options',
});

const Publication = {
  kind: Enum(DISCLOSURE_KINDS, 'Kind'),
  period: Str('Period'),
  label: Str('In words'),
  version: Int('Version'),
  publishedAt: Instant('When published'),
  correctedAt: Nullable(Instant('When the correction now public was published')),
  lineCount: Int('Lines'),
  incomeTotal: Int('Income (fen)', { max: Number.MAX_SAFE_INTEGER }),
  expenseTotal: Int('Expense (fen)', { max: Number.MAX_SAFE_INTEGER }),
  openingBalance: Nullable(Balance('Opening')),
  closingBalance: Nullable(Balance('Closing')),
};

/** Public: a village's index. */
export const PublicIndexSchema = Obj(
  {
    regionCode: RegionCode('Village'),
    villageName: Str('Village'),
    financeCycle: Enum(FINANCE_CYCLES, 'Cycle'),
    publications: Type.Array(Obj(Publication, { description: 'A publication' }), { description: 'Newest first' }),
  },
  { description: "A village's published disclosure" },
);

/** Public: a period. */
export const PublicPeriodSchema = Obj(
  {
    ...Publication,
    title: Nullable(Str('Major matter name')),
    decisionRecord: Nullable(Str('Decision record', { max: 4000 })),
    correctionReason: Nullable(Str('Correction reason', { max: 1000 })),
    signedByName: Nullable(Str('Signed by (the committee)')),
    current: Bool('The version public now'),
    removedVouchers: Type.Array(Str('Voucher'), { description: 'Vouchers the correction dropped' }),
    lines: Type.Array(ShownLineSchema, { description: 'Lines, masked' }),
    entries: Type.Array(ShownEntrySchema, { description: 'General items: the entries, masked' }),
    history: Type.Array(
      Obj(
        {
          version: Int('Version'),
          publishedAt: Instant('Published'),
          supersededAt: Nullable(Instant('Superseded')),
          correctionReason: Nullable(Str('Reason', { max: 1000 })),
        },
        { description: 'A version' },
      ),
      { description: 'Every published version, newest first' },
    ),
  },
  { description: 'A period as public' },
);
