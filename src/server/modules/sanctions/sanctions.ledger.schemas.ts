/**
 * TypeBox schemas of the sanctions ledger's routes: the ledger's filters and lines, the integrity
 * file, the counts and the county's four-forms mapping. The ledger's answer carries
 * `totalCapped` beside `total` (the count stops at `SANCTION_TOTAL_CAP`, as the case ledger's).
 */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Id, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import { HANDLING_MODES } from '../../shared/cases.codes.js';
import { Enum } from '../../http/schema.js';
import {
  FORM_OUTCOMES,
  LIGHTER_OUTCOMES,
  PARTY_SANCTIONS,
  STATE_SANCTIONS,
  SANCTION_RECORD_SYSTEM_LABELS,
  SANCTION_STATUS_LABELS,
} from '../../shared/sanctions.codes.js';
import { SANCTION_SORTS } from './sanctions.ledger.js';

const SYSTEMS = Object.keys(SANCTION_RECORD_SYSTEM_LABELS) as (keyof typeof SANCTION_RECORD_SYSTEM_LABELS)[];
const STATUSES = Object.keys(SANCTION_STATUS_LABELS) as (keyof typeof SANCTION_STATUS_LABELS)[];
const KINDS = [...new Set<string>([...PARTY_SANCTIONS, ...STATE_SANCTIONS, ...LIGHTER_OUTCOMES, 'referral'])];

/** The filters of the ledger, the export and the counts. */
export const SanctionFilterProps = {
  system: Type.Optional(Enum(SYSTEMS, 'Party or state sanction, a lighter outcome, or the referral')),
  kind: Type.Optional(Enum(KINDS, 'The sanction or outcome (a code of its system)')),
  status: Type.Optional(Enum(STATUSES, 'State of the record')),
  fourForm: Type.Optional(Int('Four form, 1 to 4', { min: 1, max: 4 })),
  zoneId: Type.Optional(Id('Only the records of this zone')),
  ownerUnitId: Type.Optional(Id('Only the records this commission handled')),
  handlingMode: Type.Optional(Enum(HANDLING_MODES, "The case's handling mode")),
  decidedFrom: Type.Optional(DateStr('Decided on or after')),
  decidedTo: Type.Optional(DateStr('Decided on or before')),
  personName: Type.Optional(Str("Part of the person's name", { min: 1, max: 50 })),
  underEffectOn: Type.Optional(
    DateStr('Only the records under an effect period on this date (decided, not superseded, start ≤ date ≤ end)'),
  ),
};

/** The ledger's sort. */
export const SanctionSortProp = {
  sort: Type.Optional(
    Enum(SANCTION_SORTS, 'Sort key, `-` for descending (default -decidedOn; effectEnd with underEffectOn)'),
  ),
};

const Remainder = Obj(
  { months: Int('Whole months'), days: Int('Then days') },
  { description: 'What remains of the period' },
);

const lineProps = {
  id: Id('Sanction id'),
  subjectId: Nullable(Id("The registry's person")),
  personName: Str('Name'),
  personPosition: Nullable(Str('Position')),
  personEmployer: Nullable(Str('Employer')),
  system: Str('System'),
  systemLabel: Str('System in words'),
  kind: Str('Kind'),
  outcomeCode: Str('Outcome (four-forms key)'),
  outcomeLabel: Str('Outcome in words'),
  fourForm: Nullable(Int('Four form')),
  status: Str('State'),
  statusLabel: Str('State in words'),
  caseNumber: Nullable(Str('Case number')),
  decidedOn: Nullable(DateStr('Decided on')),
  decisionRef: Nullable(Str('Decision reference')),
  approvingBodyName: Nullable(Str('Approving body')),
  effectStart: Nullable(DateStr('Period starts')),
  effectEnd: Nullable(DateStr('Last day under the period')),
  liftsOn: Nullable(DateStr('First day free of it')),
  liftedOn: Nullable(DateStr('Lifted on')),
  supersededBy: Nullable(Id('The record that replaced it (an appeal changed it)')),
  ownerUnitId: Id('Handling commission'),
  ownerUnitName: Str('Handling commission name'),
  zoneId: Nullable(Id('Zone')),
  zoneName: Nullable(Str('Zone name')),
  handlingMode: Nullable(Str('Handling mode')),
  createdAt: Instant('Entered at'),
};

/** One line of the ledger. */
export const SanctionLineSchema = Obj(lineProps, { description: 'One sanction' });

/** The integrity file. */
export const IntegrityFileSchema = Obj(
  {
    subject: Obj(
      { id: Id('Person'), name: Str('Name'), position: Str('Position'), employer: Str('Employer') },
      { description: 'The person' },
    ),
    today: DateStr('Today (Asia/Shanghai)'),
    underEffect: Bool('Under at least one effect period today'),
    records: Type.Array(
      Obj(
        {
          ...lineProps,
          underEffect: Bool('Under its period today'),
          remainder: Nullable(Remainder),
          stackedDays: Int('Days carried from an earlier period'),
          readmissionAfter: Nullable(DateStr('No re-admission before')),
          restoration: Nullable(
            Obj(
              { outcome: Str('restore | extend | expel'), on: Nullable(DateStr('On')), ref: Nullable(Str('Decision')) },
              { description: "留党察看's end" },
            ),
          ),
          appeals: Type.Array(
            Obj(
              {
                id: Id('Appeal'),
                kind: Str('Kind'),
                kindLabel: Str('Kind in words'),
                appliedOn: DateStr('Applied on'),
                status: Str('State'),
                outcome: Nullable(Str('upheld | changed | revoked')),
                decidedOn: Nullable(DateStr('Decided on')),
                newSanctionId: Nullable(Id('The record that replaced it')),
              },
              { description: 'One appeal' },
            ),
            { description: 'Appeals' },
          ),
        },
        { description: 'One record' },
      ),
      { description: 'Every record in scope, oldest first' },
    ),
    entries: Type.Array(
      Obj(
        {
          source: Str('The record kind (inspection_talk …)'),
          id: Id('The record'),
          kind: Str('Its code'),
          kindLabel: Str('Its words'),
          on: DateStr('When'),
          summary: Str('What'),
          by: Nullable(Str('The unit that did it')),
        },
        { description: 'One entry' },
      ),
      { description: "Other modules' records on the file (an inspection's talks), oldest first" },
    ),
  },
  { description: 'Integrity file (廉政档案)' },
);

/** The counts' range. */
export const CountsQueryProps = {
  from: DateStr('Decided on or after'),
  to: DateStr('Decided on or before'),
};

const CountList = Type.Array(
  Obj({ key: Nullable(Str('Key')), label: Str('In words'), count: Int('Records') }, { description: 'One count' }),
  { description: 'Counts' },
);

/** The counts. */
export const CountsSchema = Obj(
  {
    from: DateStr('From'),
    to: DateStr('To'),
    total: Int('Records decided in the range'),
    byForm: CountList,
    bySanction: CountList,
    byZone: CountList,
    byMode: CountList,
    byMonth: CountList,
  },
  { description: 'Counts' },
);

/** The county path parameter. */
export const CountyParam = Obj(
  { regionCode: Str('County region code', { pattern: '^\\d{12}$' }) },
  { description: 'Path parameters' },
);

const FormMap = Type.Record(Type.String({ maxLength: 60 }), Type.Integer({ minimum: 1, maximum: 4 }), {
  description: 'Outcome (four-forms key) → form 1 to 4',
});

/** The mapping to set: the outcomes to map, laid over the national default. */
export const FourFormsBody = Obj(
  {
    mapping: Type.Record(Type.String({ maxLength: 60 }), Type.Integer(), {
      description: `Outcome → form; keys among ${FORM_OUTCOMES.length} outcomes, forms 1 to 4 (checked with words)`,
      maxProperties: 40,
    }),
    version: Int('The version read (0 while the county keeps none)', { min: 0 }),
  },
  { description: 'The mapping' },
);

/** A county's mapping. */
export const FourFormsSchema = Obj(
  {
    regionCode: Str('County'),
    mapping: FormMap,
    override: FormMap,
    isDefault: Bool('True while the national default applies'),
    version: Int('Version (0: none kept)'),
    updatedAt: Nullable(Instant('Last set')),
  },
  { description: "The county's four-forms mapping" },
);
