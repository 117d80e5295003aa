/** Request and response schemas of appeals against sanctions (every field described; feeds OpenAPI). */
import { Type } from '@sinclair/typebox';
import { DateStr, Enum, Id, IdParams, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import {
  PARTY_SANCTION_LABELS,
  SANCTION_APPEAL_KIND_LABELS,
  SANCTION_APPEAL_OUTCOME_LABELS,
  STATE_SANCTION_LABELS,
} from '../../shared/sanctions.codes.js';
import { DeadlineSchema } from '../deadlines/index.js';
import { SANCTION_APPEAL_STATUSES } from './sanctions.appeals.js';

const KINDS = Object.keys(SANCTION_APPEAL_KIND_LABELS) as (keyof typeof SANCTION_APPEAL_KIND_LABELS)[];
const OUTCOMES = Object.keys(SANCTION_APPEAL_OUTCOME_LABELS) as (keyof typeof SANCTION_APPEAL_OUTCOME_LABELS)[];
const NEW_KINDS = [...new Set([...Object.keys(PARTY_SANCTION_LABELS), ...Object.keys(STATE_SANCTION_LABELS)])];

/** Path parameters of one appeal. */
export const AppealIdParam = IdParams('Appeal id');
/** Path parameters of one sanction. */
export const SanctionIdParam = IdParams('Sanction id');
const Version = Int('Appeal row version the change is based on (optimistic locking)', { min: 1 });

/** An appeal lodged against a decided sanction. */
export const LodgeAppealBody = Obj(
  {
    kind: Enum(
      KINDS,
      '申诉 complaint, 复议 reconsideration, 复查 re_examination (party); 复审 state_review, 复核 state_recheck (state)',
    ),
    applicant: Str('Who applies', { min: 1, max: 100 }),
    grounds: Str('The grounds, in words', { min: 1, max: 4000 }),
    appliedOn: DateStr('The day the application was made (not after today)'),
    receivedDecisionOn: Type.Optional(
      Nullable(
        DateStr('复审: the day the sanction decision was received; 复核: the day the 复审 decision was received'),
      ),
    ),
  },
  { description: 'An appeal' },
);

/** People proposed for an appeal's team, for the conflict check. */
export const AppealCheckBody = Obj(
  { userIds: Type.Array(Id('A person'), { description: 'People proposed', minItems: 1, maxItems: 20 }) },
  { description: 'People to check' },
);

/** The appeal's team (复查组) as formed. */
export const AppealTeamBody = Obj(
  {
    version: Version,
    checkId: Id('The conflict check that cleared them'),
    userIds: Type.Array(Id('A member'), { description: 'The team, at least two', minItems: 1, maxItems: 20 }),
  },
  { description: 'The team' },
);

/** The appeal's decision. */
export const AppealDecisionBody = Obj(
  {
    version: Version,
    outcome: Enum(OUTCOMES, 'upheld (维持), changed (变更), revoked (撤销)'),
    reason: Str('The reasons, in words', { min: 1, max: 4000 }),
    decidedOn: DateStr('Decision date (not before the application, not after today)'),
    decisionRef: Str('The decision number (文号)', { min: 1, max: 100 }),
    newKind: Type.Optional(Nullable(Enum(NEW_KINDS, 'changed: the new sanction, of the same system, lighter'))),
    probationYears: Type.Optional(
      Nullable(Type.Union([Type.Literal(1), Type.Literal(2)], { description: 'changed to 留党察看: 1 or 2 years' })),
    ),
  },
  { description: 'The decision' },
);

/** Filters of the appeals list. */
export const AppealFilters = {
  kind: Type.Optional(Enum(KINDS, 'Kind of appeal')),
  status: Type.Optional(Enum(SANCTION_APPEAL_STATUSES, 'State of the appeal')),
};

const lineProps = {
  id: Id('Appeal id'),
  sanctionId: Id('The sanction appealed against'),
  kind: Enum(KINDS, 'Kind'),
  kindLabel: Str('Kind in words'),
  personName: Str('The sanctioned person'),
  sanction: Str('The sanction appealed against, in words'),
  applicant: Str('Applicant'),
  appliedOn: DateStr('Application date'),
  status: Enum(SANCTION_APPEAL_STATUSES, 'State'),
  outcome: Nullable(Enum(OUTCOMES, 'Outcome, once decided')),
  decidedOn: Nullable(DateStr('Decision date')),
  newSanctionId: Nullable(Id('The sanction a change decided')),
  createdAt: Instant('When it was registered'),
};

/** One appeal as listed. */
export const AppealLineSchema = Obj(lineProps, { description: 'An appeal' });

/** An appeal's page. */
export const AppealDetailSchema = Obj(
  {
    ...lineProps,
    version: Int('Row version'),
    grounds: Str('Grounds'),
    receivedDecisionOn: Nullable(DateStr('The day the decision appealed against was received')),
    outcomeReason: Nullable(Str('Reasons of the decision')),
    decisionRef: Nullable(Str('Decision number')),
    sanctionStatus: Str("The sanction's status now (an appeal does not suspend it)"),
    effectStart: Nullable(DateStr("The sanction's period: first day")),
    effectEnd: Nullable(DateStr("The sanction's period: last day")),
    team: Type.Array(Obj({ userId: Id('User id'), name: Str('Name') }, { description: 'A member' }), {
      description: 'The team (复查组)',
    }),
    clocks: Type.Array(DeadlineSchema, { description: 'The deciding clock' }),
  },
  { description: 'An appeal' },
);
