/** Request and response schemas of the QR supervision routes; every field described (feeds OpenAPI). */
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
} from '../../http/schema.js';
import { QR_ITEM_KINDS, QR_ITEM_STATUSES, ROSTER_STATUSES } from '../../shared/qr-supervision.codes.js';

const Text = (d: string, max = 2000) => Nullable(Str(d, { max }));
const Fen = (d: string) => Nullable(Type.Integer({ description: d, minimum: 0, maximum: 1e13 }));
const Year = Int('Year', { min: 2000, max: 2100 });

/** A village an item concerns, as entered. */
export const AllocationBody = Obj(
  {
    regionCode: RegionCode('Village (12 digits) of the item’s county'),
    amount: Type.Optional(Fen('Allocation to the village in fen (null: none)')),
    note: Type.Optional(Text('Note', 200)),
  },
  { description: 'Allocation' },
);

/** Creating or editing an item. */
export const ItemBody = Obj(
  {
    kind: Enum(QR_ITEM_KINDS, 'policy | project | fund'),
    title: Str('Title', { min: 1, max: 100 }),
    year: Year,
    summary: Str('What it is', { min: 1, max: 4000 }),
    eligibility: Type.Optional(Text('Policy: who qualifies')),
    standard: Type.Optional(Text('Policy: the standard in words', 500)),
    applyWhere: Type.Optional(Text('Policy: where and how to apply', 500)),
    budget: Type.Optional(Fen('Project or fund: amount in fen')),
    contractor: Type.Optional(Text('Project: contractor', 200)),
    progress: Type.Optional(Text('Project: progress', 1000)),
    acceptance: Type.Optional(Text('Project: acceptance', 1000)),
    contactPhone: Type.Optional(Text('Contact phone of the department', 30)),
    allocations: Type.Array(AllocationBody, { description: 'Villages it concerns', maxItems: 1000 }),
  },
  { description: 'Item' },
);

/** An allocation as read. */
export const AllocationSchema = Obj(
  {
    regionCode: Str('Village code'),
    villageName: Str('Village'),
    townshipName: Nullable(Str('Township')),
    amount: Fen('Allocation in fen'),
    note: Text('Note'),
  },
  { description: 'Allocation' },
);

const itemFields = {
  id: Id('Item id'),
  kind: Enum(QR_ITEM_KINDS, 'Kind'),
  title: Str('Title'),
  year: Int('Year'),
  summary: Str('What it is', { max: 4000 }),
  eligibility: Text('Who qualifies'),
  standard: Text('Standard'),
  applyWhere: Text('Where to apply'),
  budget: Fen('Amount in fen'),
  contractor: Text('Contractor'),
  progress: Text('Progress'),
  acceptance: Text('Acceptance'),
  contactPhone: Text('Contact phone'),
  departmentName: Str('Department'),
  allocations: Type.Array(AllocationSchema, { description: 'Villages it concerns' }),
};

/** An item as the console reads it. */
export const ItemSchema = Obj(
  {
    ...itemFields,
    status: Enum(QR_ITEM_STATUSES, 'Status'),
    publishedAt: Nullable(Instant('Last published')),
    withdrawnAt: Nullable(Instant('Withdrawn')),
    createdAt: Instant('Created'),
    updatedAt: Instant('Last edited'),
    publicUrl: Str('Public page behind its QR code', { max: 500 }),
    canManage: Bool('Whether the reader may edit, publish and withdraw it'),
  },
  { description: 'Item' },
);

/** The item list's filters. */
export const ItemFilter = Obj(
  {
    kind: Type.Optional(Enum(QR_ITEM_KINDS, 'Kind')),
    status: Type.Optional(Enum(QR_ITEM_STATUSES, 'Status')),
    year: Type.Optional(Int('Year', { min: 2000, max: 2100 })),
    q: Type.Optional(Str('Part of the title', { max: 50 })),
  },
  { description: 'Filters' },
);
/** The item list's query. */
export const ItemQuery = Obj({ ...ItemFilter.properties, ...PageQuery }, { description: 'Query' });
/** A page of items. */
export const ItemPage = PagedOf(ItemSchema, 'Items');

/** Result of a create, edit, publish or withdraw. */
export const ItemStep = Obj(
  { id: Id('Item id'), status: Enum(QR_ITEM_STATUSES, 'Status now') },
  { description: 'Done' },
);

/** The drafts an items import created. */
export const ItemsImported = Obj(
  { ids: Type.Array(Id('Item id'), { description: 'Drafts created, in file order' }) },
  { description: 'Imported' },
);

/** A public item. */
export const PublicItemSchema = Obj(
  {
    ...itemFields,
    kindLabel: Str('Kind in Chinese'),
    publishedAt: Instant('Published'),
    dispatchedGroupName: Type.Optional(
      Nullable(
        Str(
          "The dispatched group supervising the department (a report on the department's staff goes there); " +
            'on the item page only, null when none is linked',
        ),
      ),
    ),
  },
  { description: 'Published item' },
);

/** A village's published items. */
export const PublicVillageItems = Obj(
  {
    regionCode: Str('Village code'),
    villageName: Str('Village'),
    items: Type.Array(
      Obj(
        { ...PublicItemSchema.properties, villageAmount: Fen('Allocation to this village in fen') },
        { description: 'Published item' },
      ),
      { description: 'Items concerning the village, newest first' },
    ),
  },
  { description: 'Village items' },
);

/** Public: a village's path. */
export const VillageParams = Obj(
  { regionCode: RegionCode('Village code from the QR code') },
  { description: 'Path parameters' },
);

/** A row problem of a rejected import. */
export const RowProblemSchema = Obj(
  {
    row: Nullable(Int('Row as Excel numbers it')),
    field: Str('Column'),
    reason: Str('Reason in Chinese', { max: 500 }),
  },
  { description: 'Problem' },
);

/** A roster import as listed. */
export const RosterSchema = Obj(
  {
    id: Id('Import id'),
    title: Str('Subsidy title'),
    year: Int('Year'),
    itemId: Nullable(Id('The item it pays')),
    itemTitle: Nullable(Str('Item title')),
    status: Enum(ROSTER_STATUSES, 'accepted | rejected'),
    fileName: Nullable(Str('File name')),
    lineCount: Int('Lines stored'),
    totalAmount: Type.Integer({ description: 'Total in fen', minimum: 0 }),
    problemCount: Int('Bad rows of a rejected import'),
    problems: Type.Array(RowProblemSchema, { description: 'Bad rows (first 500)' }),
    departmentName: Str('Department'),
    createdAt: Instant('Imported'),
  },
  { description: 'Roster import' },
);

/** A masked roster line. */
export const RosterLineSchema = Obj(
  {
    seq: Int('Order'),
    name: Str('Name (masked)'),
    idNumber: Str('ID number (masked)'),
    household: Str('Household head (masked)'),
    account: Str('Account (masked)'),
    holder: Str('Account holder (masked)'),
    amount: Type.Integer({ description: 'Amount in fen', minimum: 0 }),
    paidOn: DateStr('Paid on'),
    approver: Str('Approver'),
  },
  { description: 'Line' },
);

/** A roster import with its lines (masked). */
export const RosterDetail = Obj(
  { ...RosterSchema.properties, lines: Type.Array(RosterLineSchema, { description: 'Lines, masked (first 5,000)' }) },
  { description: 'Roster import' },
);

/** The roster list's filters. */
export const RosterFilter = Obj(
  {
    status: Type.Optional(Enum(ROSTER_STATUSES, 'Outcome')),
    year: Type.Optional(Int('Year', { min: 2000, max: 2100 })),
  },
  { description: 'Filters' },
);
/** The roster list's query. */
export const RosterQuery = Obj({ ...RosterFilter.properties, ...PageQuery }, { description: 'Query' });
/** A page of roster imports. */
export const RosterPage = PagedOf(RosterSchema, 'Roster imports');

/** An accepted import. */
export const RosterImported = Obj(
  {
    id: Id('Import id'),
    status: Enum(ROSTER_STATUSES, 'accepted'),
    lineCount: Int('Lines stored'),
    totalAmount: Type.Integer({ description: 'Total in fen', minimum: 0 }),
  },
  { description: 'Imported' },
);

/** The look-up's question. */
export const LookupBody = Obj(
  {
    idNumber: Str('Resident ID number (GB 11643)', { min: 1, max: 30 }),
    name: Str('Name as on the ID card', { min: 1, max: 30 }),
  },
  { description: 'Look-up' },
);

/** The look-up's answer: one shape and statement, found or not. */
export const LookupAnswerSchema = Obj(
  {
    statement: Str('The same statement for every answer', { max: 500 }),
    items: Type.Array(
      Obj(
        {
          item: Str('Subsidy or item'),
          year: Int('Year'),
          amount: Type.Integer({ description: 'Amount in fen', minimum: 0 }),
          paidOn: DateStr('Paid on'),
          department: Str('Paying department'),
        },
        { description: 'Subsidy paid' },
      ),
      { description: 'Subsidies paid to the person (empty when none match)' },
    ),
  },
  { description: 'Answer' },
);
