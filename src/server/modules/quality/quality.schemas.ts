/** Request and response schemas of the quality review's routes; every field described (feeds OpenAPI). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, IdParams, Instant, Int, Nullable, Obj, PageQuery, Str } from '../../http/schema.js';
import {
  QUALITY_AUTO_CHECKS,
  QUALITY_CASE_STATUSES,
  QUALITY_GRADES,
  QUALITY_OUTCOMES,
  QUALITY_PROBLEM_STATUSES,
  QUALITY_REVIEW_KINDS,
  QUALITY_SEVERITIES,
} from '../../shared/quality.codes.js';

/** One checklist item. */
export const ChecklistItemSchema = Obj(
  {
    code: Str('Stable code of the item', { min: 2, max: 40, pattern: '^[a-z][a-z0-9_]*$' }),
    label: Str('The item in words (证据无来源、引用条款错误…)', { min: 2, max: 100 }),
    severity: Enum(QUALITY_SEVERITIES, 'How serious a fault is'),
    weight: Int('Points deducted from 100 for a fault', { max: 100 }),
    autoCheck: Nullable(Enum(QUALITY_AUTO_CHECKS, 'The engine check of an automatic item; null: the panel records it')),
  },
  { description: 'A checklist item' },
);

/** The county's checklist. */
export const ChecklistSchema = Obj(
  {
    countyCode: Str('County code'),
    own: Bool('The county keeps its own list (false: the national defaults)'),
    items: Type.Array(ChecklistItemSchema, { description: 'Items in order' }),
  },
  { description: 'Checklist' },
);

/** Replacing the county's checklist. */
export const ChecklistBody = Obj(
  { items: Type.Array(ChecklistItemSchema, { description: 'Items in order', minItems: 1, maxItems: 50 }) },
  { description: 'The new checklist' },
);

/** Opening a review. */
export const ReviewBody = Obj(
  {
    title: Str('Title (e.g. 2026年第三季度案件质量评查)', { min: 2, max: 100 }),
    kind: Enum(QUALITY_REVIEW_KINDS, 'Periodic or ad hoc'),
    periodLabel: Type.Optional(Nullable(Str('The period reviewed, in words', { max: 60 }))),
    panel: Type.Array(Id('A panel member (account)'), {
      description: 'The panel: at least 2',
      minItems: 2,
      maxItems: 20,
    }),
  },
  { description: 'A new review' },
);

const ItemResultSchema = Obj(
  {
    code: Str('Item code'),
    label: Str('Item'),
    severity: Enum(QUALITY_SEVERITIES, 'Severity'),
    weight: Int('Points for a fault'),
    automatic: Bool('Checked by the engine'),
    outcome: Nullable(Enum(QUALITY_OUTCOMES, 'Fault or pass; null: not recorded yet')),
    note: Nullable(Str('The fault in words', { max: 4000 })),
    details: Type.Array(
      Obj(
        { id: Str('Record (evidence item, clock, document)'), text: Str('What was found', { max: 500 }) },
        { description: 'A finding' },
      ),
      { description: 'What an automatic check found' },
    ),
  },
  { description: "One item's result" },
);

/** A picked case. */
export const ReviewCaseSchema = Obj(
  {
    caseId: Id('Case'),
    caseNumber: Nullable(Str('Case number')),
    caseTitle: Str('Case title'),
    handlingUnitId: Id('Handling unit (the problems are addressed to it)'),
    handlingUnitName: Str('Handling unit'),
    examinerId: Id('Examiner (panel member)'),
    examinerName: Str('Examiner'),
    status: Enum(QUALITY_CASE_STATUSES, 'Examining or concluded'),
    score: Nullable(Int('Score (100 less the faults)')),
    grade: Nullable(Enum(QUALITY_GRADES, 'Grade')),
    concludedAt: Nullable(Instant('Concluded at')),
    version: Int('Version (optimistic lock)'),
    results: Type.Array(ItemResultSchema, { description: 'Results, in checklist order' }),
  },
  { description: 'A case under review' },
);

/** A review. */
export const ReviewSchema = Obj(
  {
    id: Id('Review'),
    title: Str('Title'),
    kind: Enum(QUALITY_REVIEW_KINDS, 'Kind'),
    periodLabel: Nullable(Str('Period')),
    status: Str('open | concluded'),
    organiserUnitId: Id('Organising unit'),
    checklist: Type.Array(ChecklistItemSchema, { description: 'The checklist frozen at the start' }),
    panel: Type.Array(
      Obj({ userId: Id('Account'), name: Str('Name'), unitName: Str('Unit') }, { description: 'A panel member' }),
      { description: 'The panel' },
    ),
    cases: Type.Array(ReviewCaseSchema, { description: 'Cases picked' }),
    createdAt: Instant('Opened at'),
    version: Int('Version (optimistic lock)'),
  },
  { description: 'A quality review' },
);

/** A line of the review list. */
export const ReviewLineSchema = Obj(
  {
    id: Id('Review'),
    title: Str('Title'),
    kind: Enum(QUALITY_REVIEW_KINDS, 'Kind'),
    periodLabel: Nullable(Str('Period')),
    status: Str('open | concluded'),
    cases: Int('Cases picked'),
    createdAt: Instant('Opened at'),
  },
  { description: 'A review' },
);

/** Review list filters. */
export const ReviewQuery = Obj(
  { status: Type.Optional(Enum(['open', 'concluded'] as const, 'Status')), ...PageQuery },
  { description: 'Filters' },
);

/** Picking a case. */
export const PickBody = Obj(
  {
    version: Int("The review's version read"),
    caseId: Id('A closed case in scope'),
    examinerId: Id('The panel member who examines it'),
  },
  { description: 'A case to review' },
);

/** Recording manual results. */
export const ResultsBody = Obj(
  {
    version: Int("The picked case's version read"),
    items: Type.Array(
      Obj(
        {
          code: Str('A manual item of the checklist', { max: 40 }),
          outcome: Enum(QUALITY_OUTCOMES, 'Fault or pass'),
          note: Type.Optional(Nullable(Str('The fault in words (required for a fault)', { max: 4000 }))),
        },
        { description: 'A result' },
      ),
      { description: 'Results', minItems: 1, maxItems: 50 },
    ),
  },
  { description: 'Results of manual items' },
);

/** Concluding a case. */
export const ConcludeBody = Obj(
  {
    version: Int("The picked case's version read"),
    dueOn: DateStr('Rectification due date (today or later)'),
    ownerUserId: Type.Optional(Nullable(Id('The handling unit person answerable'))),
  },
  { description: 'Conclusion' },
);

/** Path of a picked case. */
export const ReviewCaseParams = IdParams('Review id', { caseId: Id('Case id') });

/** A problem. */
export const ProblemSchema = Obj(
  {
    id: Id('Problem'),
    reviewId: Id('Review'),
    reviewTitle: Str('Review'),
    caseId: Id('Case'),
    caseNumber: Nullable(Str('Case number')),
    caseTitle: Str('Case title'),
    seq: Int('Number in the list'),
    itemCode: Str('Checklist item'),
    itemLabel: Str('Checklist item in words'),
    severity: Enum(QUALITY_SEVERITIES, 'Severity'),
    description: Str('The problem', { max: 4000 }),
    unitId: Id('Handling unit it is addressed to'),
    unitName: Str('Handling unit'),
    ownerUserId: Nullable(Id('Person answerable')),
    ownerUserName: Nullable(Str('Person answerable')),
    dueOn: DateStr('Due date'),
    status: Enum(QUALITY_PROBLEM_STATUSES, 'State'),
    overdue: Bool('Outstanding and past due'),
    rectificationNote: Nullable(Str('Rectification note', { max: 4000 })),
    submittedAt: Nullable(Instant('Reported rectified at')),
    returnedNote: Nullable(Str('Why the panel sent it back', { max: 2000 })),
    confirmedAt: Nullable(Instant('Confirmed (销号) at')),
    confirmNote: Nullable(Str('Confirmation note', { max: 2000 })),
    rectificationItemId: Nullable(Id('Its item in the rectification ledger (null: not in the ledger)')),
    version: Int('Version (optimistic lock)'),
  },
  { description: 'A problem of a problem list' },
);

/** An evidence file. */
export const ProblemFileSchema = Obj(
  {
    id: Id('File'),
    name: Str('File name'),
    contentType: Str('Content type'),
    sizeBytes: Int('Size'),
    sha256: Str('SHA-256 of the bytes as received'),
    createdAt: Instant('Added at'),
  },
  { description: 'A rectification evidence file' },
);

/** A problem with its files. */
export const ProblemDetailSchema = Obj(
  { ...ProblemSchema.properties, files: Type.Array(ProblemFileSchema, { description: 'Evidence files' }) },
  { description: 'A problem with its evidence' },
);

/** Problem ledger filters. */
export const ProblemQuery = Obj(
  {
    status: Type.Optional(Enum(QUALITY_PROBLEM_STATUSES, 'State')),
    outstanding: Type.Optional(Bool('Not yet confirmed only')),
    overdue: Type.Optional(Bool('Outstanding and past due only')),
    unitId: Type.Optional(Id('Handling unit')),
    reviewId: Type.Optional(Id('Review')),
    caseId: Type.Optional(Id('Case')),
    ...PageQuery,
  },
  { description: 'Filters' },
);

/** Reporting a problem rectified. */
export const RectifyBody = Obj(
  {
    version: Int("The problem's version read"),
    note: Str('What was done (整改情况说明)', { min: 2, max: 4000 }),
  },
  { description: 'Rectification' },
);

/** The panel's confirmation. */
export const ConfirmBody = Obj(
  {
    version: Int("The problem's version read"),
    accepted: Bool('true: confirmed (销号); false: sent back'),
    note: Type.Optional(Nullable(Str('Note (required when sent back)', { max: 2000 }))),
  },
  { description: 'Confirmation' },
);

/** Open and overdue problems per unit. */
export const UnitCountsSchema = Obj(
  {
    items: Type.Array(
      Obj(
        {
          unitId: Id('Unit'),
          unitName: Str('Unit'),
          outstanding: Int('Not yet confirmed'),
          overdue: Int('Outstanding and past due'),
          confirmed: Int('Confirmed (销号)'),
        },
        { description: 'A unit' },
      ),
      { description: 'Units, most overdue first' },
    ),
  },
  { description: 'Problems per unit' },
);
