/**
 * Timer rules as values: what a rule says (length, unit, start event, how it may be extended and
 * by whom), the checks every rule passes, and the check that a local override does not make a
 * national limit longer. Pure: no I/O.
 */
import { type DeadlineUnit, MAX_AMOUNT } from '../../shared/calendar/calendar.js';

export {
  TIMER_LEVELS,
  TIMER_STAGES,
  TIMER_UNITS,
  type TimerLevel,
  type TimerStage,
} from '../../shared/deadlines.codes.js';
import { TIMER_UNITS, type TimerStage } from '../../shared/deadlines.codes.js';

/** One way a clock may be extended. The n-th extension uses step n (the last, if repeatable, again). */
export interface ExtensionStep {
  /** Longest extension; null when the law sets no length (the approver decides, the request says how long). */
  maxAmount: number | null;
  unit: DeadlineUnit;
  /** Role keys of who may approve (any one; the approver's assignment must cover the clock's unit). */
  approverRoles: string[];
  /** Whether this step may be used again and again (renewals of a freeze, a review without a cap). */
  repeatable: boolean;
}

/** What a timer rule says. */
export interface TimerRuleSpec {
  /** Stable key, as clocks name it (`handle`, `letter_reply`…). */
  kind: string;
  /** Chinese name. */
  label: string;
  stage: TimerStage;
  /** The event the period starts from (the start day itself is not counted). */
  startEvent: string;
  /** Length; null when the law leaves it to provinces (no clock starts until one is set). */
  amount: number | null;
  unit: DeadlineUnit;
  /** Whether a last day on a holiday moves to the next working day (false: 留置, TL21 第二百八十五条). */
  extendOverHoliday: boolean;
  /** Whether the clock may be paused (time not counted: supplementary investigation, hearings). */
  pausable: boolean;
  /** Whether a record may carry more than one clock of this kind (a second letter of inquiry). */
  repeatable: boolean;
  /** How often a clock of this kind may restart on one record; null: no limit. */
  maxRestarts: number | null;
  /** Extensions, in order; empty when the clock cannot be extended. */
  extensions: ExtensionStep[];
  /** Legal source (article numbers of the texts in reference/domain-rules.md §0). */
  source: string;
  /** Anything the rule's reader should know (what is not verified, what is left to provinces). */
  note: string | null;
}

/** The step the `n`-th extension (1-based) of a clock under `rule` uses, or null when none is left. */
export function extensionStep(rule: Pick<TimerRuleSpec, 'extensions'>, n: number): ExtensionStep | null {
  const steps = rule.extensions;
  if (n <= steps.length) return steps[n - 1] ?? null;
  const last = steps.at(-1);
  return last?.repeatable ? last : null;
}

/** Why a rule is refused, machine-readable (the console words it; `docs/errors.md`). */
export const RULE_PROBLEMS = [
  'kind_format',
  'range',
  'unit',
  'hour_unit',
  'approver_required',
  'repeatable_last',
  'restarts',
  'local_fields',
  'unknown_role',
  'longer_than_law',
  'unit_differs',
  'no_extension',
  'once_only',
] as const;

/** One problem of a rule: which field (of which extension step, 1-based), what, and the limit. */
export interface RuleProblem {
  field: 'kind' | 'amount' | 'unit' | 'maxAmount' | 'approverRoles' | 'repeatable' | 'maxRestarts' | 'label';
  step?: number;
  code: (typeof RULE_PROBLEMS)[number];
  /** The limit or the offending value (the law's length, its unit, a role key). */
  value?: string | number;
}

/** The problems of a rule (empty when it is sound). */
export function ruleProblems(rule: TimerRuleSpec): RuleProblem[] {
  const out: RuleProblem[] = [];
  const amountOk = (n: number | null) => n === null || (Number.isInteger(n) && n >= 1 && n <= MAX_AMOUNT);
  if (!/^[a-z][a-z0-9_]{1,39}$/.test(rule.kind)) out.push({ field: 'kind', code: 'kind_format' });
  if (!amountOk(rule.amount)) out.push({ field: 'amount', code: 'range', value: MAX_AMOUNT });
  if (!TIMER_UNITS.includes(rule.unit)) out.push({ field: 'unit', code: 'unit' });
  rule.extensions.forEach((s, i) => {
    const step = i + 1;
    if (!amountOk(s.maxAmount)) out.push({ field: 'maxAmount', step, code: 'range', value: MAX_AMOUNT });
    if (!TIMER_UNITS.includes(s.unit)) out.push({ field: 'unit', step, code: 'unit' });
    // An hour clock is a timestamp: it is extended in hours; a dated clock never in hours.
    else if ((rule.unit === 'hours') !== (s.unit === 'hours')) out.push({ field: 'unit', step, code: 'hour_unit' });
    if (s.approverRoles.length === 0) out.push({ field: 'approverRoles', step, code: 'approver_required' });
    if (s.repeatable && i !== rule.extensions.length - 1)
      out.push({ field: 'repeatable', step, code: 'repeatable_last' });
  });
  if (rule.maxRestarts !== null && (!Number.isInteger(rule.maxRestarts) || rule.maxRestarts < 0))
    out.push({ field: 'maxRestarts', code: 'restarts' });
  return out;
}

/**
 * Where a local override would make a national limit longer: a longer or differently counted
 * period, or more or longer extensions. Provinces and counties may be stricter than the law
 * (shorter periods, fewer extensions, other approvers); only what the law leaves open (a null
 * length, an extension without a stated length) is theirs to fill in freely.
 */
export function longerThanNational(national: TimerRuleSpec, local: TimerRuleSpec): RuleProblem[] {
  const out: RuleProblem[] = [];
  // A timer the law gives no length is the province's to define, extensions included.
  if (national.amount === null) return out;
  if (local.unit !== national.unit) out.push({ field: 'unit', code: 'unit_differs', value: national.unit });
  else if (local.amount === null || local.amount > national.amount)
    out.push({ field: 'amount', code: 'longer_than_law', value: national.amount });
  local.extensions.forEach((s, i) => {
    const step = i + 1;
    const law = extensionStep(national, step);
    if (!law) {
      out.push({ field: 'maxAmount', step, code: 'no_extension' });
      return;
    }
    if (s.repeatable && !law.repeatable) out.push({ field: 'repeatable', step, code: 'once_only' });
    if (law.maxAmount === null) return;
    if (s.unit !== law.unit) out.push({ field: 'unit', step, code: 'unit_differs', value: law.unit });
    else if (s.maxAmount === null || s.maxAmount > law.maxAmount)
      out.push({ field: 'maxAmount', step, code: 'longer_than_law', value: law.maxAmount });
  });
  return out;
}

/** Whether two rules say the same thing (ignoring who wrote them and when). */
export function sameRule(a: TimerRuleSpec, b: TimerRuleSpec): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(r: TimerRuleSpec): unknown[] {
  return [
    r.kind,
    r.label,
    r.stage,
    r.startEvent,
    r.amount,
    r.unit,
    r.extendOverHoliday,
    r.pausable,
    r.repeatable,
    r.maxRestarts,
    r.extensions.map((s) => [s.maxAmount, s.unit, [...s.approverRoles], s.repeatable]),
    r.source,
    r.note,
  ];
}
