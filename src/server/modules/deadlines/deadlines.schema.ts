/**
 * Request and response schemas of the clocks and the timer catalogue. `DeadlineSchema` is the one
 * shape of a clock in every API answer (other modules' record pages use it too), so the
 * `uncoveredYears` flag is never dropped by a response serializer.
 */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import { MAX_AMOUNT } from '../../shared/calendar/calendar.js';
import { TIMER_LEVELS, TIMER_STAGES, TIMER_UNITS } from './deadlines.rules.js';
import { CLOCK_STATES } from './deadlines.views.js';

/** A timer's key. */
export const TimerKind = Str('Timer key (see the timer catalogue, GET /api/timer-rules)', {
  min: 2,
  max: 40,
  pattern: '^[a-z][a-z0-9_]{1,39}$',
});

/** Years a clock ran into without a loaded holiday arrangement. */
export const UncoveredYears = Type.Array(Int('Year'), {
  description:
    'Years the due date was computed without a loaded holiday arrangement (it counts weekends only there and may still move); empty when none',
  maxItems: 100,
});

/** A clock as every API answer shows it. */
export const DeadlineSchema = Obj(
  {
    id: Id('Clock id'),
    kind: TimerKind,
    seq: Int('Occurrence of this kind on the record: 2 for a second letter of inquiry or a restarted clock'),
    label: Str('Its Chinese name'),
    state: Enum(CLOCK_STATES, 'running, paused (time not counted), met (done) or restarted (replaced by a new clock)'),
    startsOn: DateStr('Start date (not counted)'),
    dueOn: Nullable(DateStr('Due date; null while paused')),
    dueAt: Nullable(Instant('Hour clocks: the due instant')),
    legalDueOn: DateStr('End of the legal period before a holiday moved it (extensions count from here)'),
    extended: Bool('Extended at least once'),
    extensions: Int('Number of extensions'),
    extendable: Bool('Running and its rule allows a further extension'),
    pausedAt: Nullable(Instant('When the running pause began')),
    metAt: Nullable(Instant('When the step was done (or the clock restarted)')),
    overdue: Bool('Running and past due'),
    dueSoon: Bool('Running and due within 3 days'),
    uncoveredYears: UncoveredYears,
    rule: Nullable(
      Obj(
        {
          id: Id('Rule version id'),
          level: Enum(TIMER_LEVELS, 'national default, province or county override'),
          regionCode: Str('Province or county code; empty for national'),
          version: Int('Version'),
        },
        { description: 'The timer rule version the clock started under' },
      ),
    ),
  },
  { description: 'A time limit (clock)' },
);

/** One extension step of a rule. */
export const ExtensionStepSchema = Obj(
  {
    maxAmount: Nullable(Int('Longest extension; null when the law sets no length', { min: 1, max: MAX_AMOUNT })),
    unit: Enum(TIMER_UNITS, 'Unit'),
    approverRoles: Type.Array(Str('Role key', { min: 1, max: 50 }), {
      description: 'Who may approve (role keys; the approver must cover the clock’s unit)',
      minItems: 1,
      maxItems: 10,
    }),
    repeatable: Bool('May be used again and again (only the last step)'),
  },
  { description: 'Extension step: the n-th extension uses step n' },
);

/** A rule version as the catalogue shows it. */
export const RuleVersionSchema = Obj(
  {
    id: Id('Version id'),
    kind: TimerKind,
    level: Enum(TIMER_LEVELS, 'Level'),
    regionCode: Str('Province or county code; empty for national'),
    regionName: Nullable(Str('Province or county name')),
    version: Int('Version at this level and place'),
    label: Str('Chinese name'),
    stage: Enum(TIMER_STAGES, 'Pipeline stage'),
    startEvent: Str('Event the period starts from'),
    amount: Nullable(Int('Length; null when the law leaves it to provinces', { min: 1, max: MAX_AMOUNT })),
    unit: Enum(TIMER_UNITS, 'Unit'),
    extendOverHoliday: Bool('A last day on a holiday moves to the next working day'),
    pausable: Bool('May be paused'),
    repeatable: Bool('A record may carry more than one'),
    maxRestarts: Nullable(Int('How often it may restart on one record; null: no limit')),
    extensions: Type.Array(ExtensionStepSchema, { description: 'Extension steps', maxItems: 10 }),
    source: Str('Legal source', { max: 500 }),
    note: Nullable(Str('Note', { max: 1000 })),
    withdrawn: Bool('This version withdraws the override'),
    reason: Nullable(Str('Why it was set', { max: 500 })),
    createdBy: Nullable(Id('Who set it')),
    createdByName: Nullable(Str('Who set it (name)')),
    createdAt: Instant('When'),
  },
  { description: 'Timer rule version' },
);

/** An override as an administrator sets it. */
export const OverrideBody = Obj(
  {
    amount: Nullable(Int('Length; null only for a local timer left unset', { min: 1, max: MAX_AMOUNT })),
    unit: Enum(TIMER_UNITS, 'Unit'),
    extensions: Type.Array(ExtensionStepSchema, { description: 'Extension steps', maxItems: 10 }),
    note: Nullable(Str('Note', { max: 1000 })),
    reason: Str('Why: the local rule (document number) behind it', { min: 2, max: 500 }),
    label: Type.Optional(Str('Local timer only: its Chinese name', { min: 1, max: 40 })),
    stage: Type.Optional(Enum(TIMER_STAGES, 'Local timer only: its stage')),
    startEvent: Type.Optional(Str('Local timer only: what starts it', { min: 1, max: 100 })),
    source: Type.Optional(Str('Local timer only: its source', { min: 1, max: 500 })),
  },
  { description: 'Province or county rule' },
);
