/** Request and response schemas of the small-powers routes; every field described (feeds OpenAPI). */
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
import { MICRO_POWER_AREAS, MICRO_POWER_PROBLEMS, MICRO_POWER_USE_STATUSES } from '../../shared/micro-powers.codes.js';

const Name = (d: string) => Str(d, { min: 1, max: 100 });
const Documents = Type.Array(Str('A document name', { min: 1, max: 60 }), {
  description: 'Document names',
  maxItems: 20,
});

/** A configured step. */
export const StepSchema = Obj(
  {
    seq: Int('Order, from 1', { min: 1, max: 50 }),
    name: Str('Step'),
    actor: Str('Who acts or approves, in words (村党组织, 村民代表会议 …)'),
    publishes: Bool('A publication (公示) follows the step'),
    publicationDays: Nullable(
      Int('Shortest publication in calendar days, first and last counted; null: no minimum', { min: 1, max: 365 }),
    ),
    documents: Type.Array(Str('A document name'), { description: 'Documents the step needs' }),
  },
  { description: 'A step of an item' },
);

const StepInputSchema = Obj(
  {
    name: Name('Step'),
    actor: Name('Who acts or approves, in words'),
    publishes: Bool('A publication (公示) follows the step'),
    publicationDays: Type.Optional(
      Nullable(
        Int('Shortest publication in calendar days (first and last day counted); null: no minimum', {
          min: 1,
          max: 365,
        }),
      ),
    ),
    documents: Documents,
  },
  { description: 'A step as configured (its order is its place in the list)' },
);

const ItemFields = {
  area: Enum(MICRO_POWER_AREAS, 'Area (类别)'),
  code: Str('Item number in the county list (1-1 …)', { min: 1, max: 20 }),
  name: Name('Item'),
  basis: Type.Optional(Nullable(Str('Basis in words (rules it follows)', { max: 500 }))),
  steps: Type.Array(StepInputSchema, { description: 'Steps in order', minItems: 1, maxItems: 30 }),
};

/** Adding an item. */
export const ItemBody = Obj(
  { ...ItemFields, countyCode: Type.Optional(Nullable(RegionCode('County (default: the account’s own)'))) },
  { description: 'A new item of the county list' },
);

/** Revising an item (a new version). */
export const ReviseBody = Obj(
  {
    ...ItemFields,
    version: Int('The version being revised (must be current)', { min: 1 }),
    changeNote: Str('Why it changes', { min: 1, max: 500 }),
  },
  { description: 'A revision: writes the next version' },
);

/** Retiring an item. */
export const RetireBody = Obj(
  { version: Int('The current version', { min: 1 }), reason: Str('Why', { min: 1, max: 500 }) },
  { description: 'Withdraw an item from the list' },
);

/** Loading the default skeleton. */
export const SkeletonBody = Obj(
  { countyCode: Type.Optional(Nullable(RegionCode('County (default: the account’s own)'))) },
  { description: 'Load the default skeleton into a county without a list' },
);

const ItemFieldsOut = {
  id: Id('Item version'),
  itemKey: Id('The item across its versions'),
  version: Int('Version'),
  current: Bool('The latest version'),
  retired: Bool('Withdrawn from the list'),
  area: Enum(MICRO_POWER_AREAS, 'Area'),
  code: Str('Number'),
  name: Str('Item'),
  basis: Nullable(Str('Basis', { max: 500 })),
  origin: Enum(['skeleton', 'county'] as const, 'From the default skeleton, or written by the county'),
  steps: Type.Array(StepSchema, { description: 'Steps in order' }),
  changeNote: Nullable(Str('Why this version (or why retired)', { max: 500 })),
  countyCode: Str('County'),
  createdAt: Instant('Written at'),
  canConfigure: Bool('The reader may revise or retire it'),
};

/** An item version. */
export const ItemSchema = Obj(ItemFieldsOut, { description: 'An item version' });

/** An item version with its history. */
export const ItemDetailSchema = Obj(
  { ...ItemFieldsOut, history: Type.Array(ItemSchema, { description: 'Every version, newest first' }) },
  { description: 'An item version with its history' },
);

const ItemFilters = {
  area: Type.Optional(Enum(MICRO_POWER_AREAS, 'Area')),
  q: Type.Optional(Str('Words in the name or number', { max: 50 })),
  includeRetired: Type.Optional(Bool('Show retired items too')),
};
/** The list's filters. */
export const ItemFilterSchema = Obj(ItemFilters, { description: 'Filters' });
/** The list's query. */
export const ItemQuerySchema = Obj({ ...ItemFilters, ...PageQuery }, { description: 'Filters and page' });
/** A page of items. */
export const ItemPageSchema = PagedOf(ItemSchema, 'Current items of the list');

/** Recording a use. */
export const UseBody = Obj(
  {
    itemId: Id('The item (its current version)'),
    villageCode: RegionCode('The village'),
    title: Str('Title, published on the village page: no personal names, ID or phone numbers', { min: 2, max: 100 }),
    amountFen: Type.Optional(Nullable(Int('Amount in fen', { max: 1_000_000_000_000 }))),
    startedOn: DateStr('Started on'),
  },
  { description: 'A use of a power' },
);

/** Recording a step of a use. */
export const UseStepBody = Obj(
  {
    seq: Int('The configured step', { min: 1, max: 50 }),
    doneOn: DateStr('Done on'),
    actor: Name('Who acted or approved, in words'),
    documents: Documents,
    note: Type.Optional(Nullable(Str('Note', { max: 500 }))),
    publicationFrom: Type.Optional(Nullable(DateStr('Publication: first day'))),
    publicationTo: Type.Optional(Nullable(DateStr('Publication: last day'))),
    version: Int("The use's version read", { min: 1 }),
  },
  { description: 'A recorded step' },
);

/** Closing a use. */
export const UseCloseBody = Obj(
  { closedOn: DateStr('Closed on'), version: Int("The use's version read", { min: 1 }) },
  { description: 'Close a use: its problems become findings' },
);

const UseLineFields = {
  id: Id('Use'),
  itemId: Id('Item version it was recorded against'),
  itemName: Str('Item'),
  itemCode: Str('Item number'),
  itemVersion: Int('Item version'),
  villageCode: Str('Village'),
  villageName: Str('Village name'),
  title: Str('Title'),
  amountFen: Nullable(Int('Amount in fen', { max: Number.MAX_SAFE_INTEGER })),
  startedOn: DateStr('Started on'),
  status: Enum(MICRO_POWER_USE_STATUSES, 'Status'),
  closedOn: Nullable(DateStr('Closed on')),
  stepsRecorded: Int('Steps recorded'),
  stepsTotal: Int('Steps of its version'),
  findings: Int('Findings at closing'),
  version: Int('Version (optimistic lock)'),
};
/** A use line. */
export const UseLineSchema = Obj(UseLineFields, { description: 'A use of a power' });

const ProblemSchema = Obj(
  { kind: Enum(MICRO_POWER_PROBLEMS, 'Problem'), seq: Int('Step'), message: Str('In words', { max: 500 }) },
  { description: 'A problem of the use' },
);

/** A use with its steps, problems and findings. */
export const UseSchema = Obj(
  {
    ...UseLineFields,
    steps: Type.Array(
      Obj(
        {
          seq: Int('Order'),
          name: Str('Step'),
          actor: Str('Who acts (configured)'),
          publishes: Bool('Publication follows'),
          publicationDays: Nullable(Int('Shortest publication (calendar days)')),
          documents: Type.Array(Str('Document'), { description: 'Documents needed' }),
          recorded: Nullable(
            Obj(
              {
                doneOn: DateStr('Done on'),
                actor: Str('Who acted'),
                documents: Type.Array(Str('Document'), { description: 'Documents provided' }),
                note: Nullable(Str('Note', { max: 500 })),
                publicationFrom: Nullable(DateStr('Publication from')),
                publicationTo: Nullable(DateStr('Publication to')),
              },
              { description: 'As recorded' },
            ),
          ),
        },
        { description: 'A configured step and its record' },
      ),
      { description: 'Steps of its version' },
    ),
    problems: Type.Array(ProblemSchema, { description: 'Problems now (open: only what is already wrong)' }),
    findingsList: Type.Array(
      Obj(
        {
          id: Id('Finding'),
          kind: Enum(MICRO_POWER_PROBLEMS, 'Problem'),
          seq: Nullable(Int('Step')),
          message: Str('In words', { max: 500 }),
          rectificationItemId: Nullable(Id('The rectification item opened for it')),
        },
        { description: 'A finding' },
      ),
      { description: 'Findings made at closing' },
    ),
    canRecord: Bool('The reader may record steps and close it'),
  },
  { description: 'A use with its steps' },
);

const UseFilters = {
  status: Type.Optional(Enum(MICRO_POWER_USE_STATUSES, 'Status')),
  villageCode: Type.Optional(RegionCode('Village')),
  itemKey: Type.Optional(Id('Item (any version)')),
  q: Type.Optional(Str('Words in the title or item', { max: 50 })),
  withFindings: Type.Optional(Bool('Only uses with findings')),
};
/** The uses' filters. */
export const UseFilterSchema = Obj(UseFilters, { description: 'Filters' });
/** The uses' query. */
export const UseQuerySchema = Obj({ ...UseFilters, ...PageQuery }, { description: 'Filters and page' });
/** A page of uses. */
export const UsePageSchema = PagedOf(UseLineSchema, 'Uses of powers');

/** The public page of a village: the county's list and the uses under publication now. */
export const PublicPowersSchema = Obj(
  {
    villageCode: Str('Village'),
    villageName: Str('Village name'),
    items: Type.Array(
      Obj(
        {
          id: Id('Item version'),
          area: Enum(MICRO_POWER_AREAS, 'Area'),
          code: Str('Number'),
          name: Str('Item'),
          steps: Type.Array(
            Obj(
              {
                seq: Int('Order'),
                name: Str('Step'),
                actor: Str('Who acts'),
                publicationDays: Nullable(Int('Publication, calendar days')),
                publishes: Bool('Publication follows'),
              },
              { description: 'A step' },
            ),
            { description: 'Steps' },
          ),
        },
        { description: 'An item' },
      ),
      { description: 'The list' },
    ),
    publishing: Type.Array(
      Obj(
        {
          id: Id('Use'),
          itemName: Str('Item'),
          title: Str('Title'),
          stepName: Str('Step under publication'),
          publicationFrom: DateStr('From'),
          publicationTo: DateStr('To'),
        },
        { description: 'A use under publication' },
      ),
      { description: 'Uses under publication today' },
    ),
  },
  { description: "A village's small powers" },
);
