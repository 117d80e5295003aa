/**
 * Effect periods (影响期) of party sanctions and the periods of state sanctions (处分期间), as pure
 * date arithmetic (domain rules §5.1, §5.3). A period starts on the decision date — for a party
 * sanction the date of the approving body's collective decision (PZ 第五条), for a state sanction
 * the date it is made (ZW 第八条) — and, the starting day not being counted (TL21 第二百八十五条),
 * ends on the corresponding day of its last month (`endsOn`, still under it); the sanction lifts
 * the day after (`liftsOn`). Dates are 'YYYY-MM-DD' (Asia/Shanghai); see sanctions.dates.ts.
 */
import {
  EXPULSION_READMISSION_BAR_MONTHS,
  PARTY_EFFECT_MONTHS,
  PROBATION_EXTENSION_MONTHS,
  PROBATION_RESTORED_RESTRICTION_MONTHS,
  type ProbationOutcome,
  STATE_COMBINED_CAP_MONTHS,
  STATE_PERIOD_MONTHS,
  STATE_SANCTIONS,
  type Sanction,
  type StateSanction,
} from '../../shared/sanctions.codes.js';
import { domainError, errors } from '../../shared/errors.js';
import { addDays, addMonths, dayOf, laterOf, monthsAndDays } from './sanctions.dates.js';

/**
 * What a period restricts: a party sanction's effect period (`effect`); the 察看 itself
 * (`probation`: no vote, no election); the 2 years after restoration with no post equal to or
 * above the old one (`post_restriction`); the 5 years before re-admission after expulsion
 * (`readmission_bar`); a state sanction's period (`state_period`).
 */
export type PeriodNature = 'effect' | 'probation' | 'post_restriction' | 'readmission_bar' | 'state_period';

/** One period of a sanction: when it starts, its own length, what it carries from an earlier one, when it ends. */
export interface EffectPeriod {
  sanction: Sanction;
  nature: PeriodNature;
  /** The decision date (or the restoration date for `post_restriction`). */
  startsOn: string;
  /** Its own length in months. */
  months: number;
  /** What remained of the earlier effect period it was decided in (CF23 第二十一条): whole months, then days. */
  carried: { months: number; days: number };
  /** The last day under it. */
  endsOn: string;
  /** The first day free of it (a state sanction lifts automatically that day, ZW 第二十六条). */
  liftsOn: string;
  /** A 1-year 留党察看 extended by a year (it may be extended only once). */
  extended?: boolean;
}

const NONE = { months: 0, days: 0 } as const;

/** The period from `startsOn`: `months`, then what was carried (months and days). */
function period(
  sanction: Sanction,
  nature: PeriodNature,
  startsOn: string,
  months: number,
  carried: { months: number; days: number } = NONE,
): EffectPeriod {
  const endsOn = addDays(addMonths(startsOn, months + carried.months, 'decidedOn'), carried.days);
  return { sanction, nature, startsOn, months, carried: { ...carried }, endsOn, liftsOn: addDays(endsOn, 1) };
}

/** True when `date` falls within the period (from its start to its last day, both included). */
export function underEffectOn(p: EffectPeriod, date: string): boolean {
  const d = dayOf(date);
  return dayOf(p.startsOn) <= d && d <= dayOf(p.endsOn);
}

/** The periods under which a person is on `date` ("who is under an effect period today"). */
export function effectiveOn(periods: readonly EffectPeriod[], date: string): EffectPeriod[] {
  return periods.filter((p) => underEffectOn(p, date));
}

/**
 * What remains of a period after `on` (the days after `on` up to its last day), as whole months
 * then days; zero when it has ended.
 */
export function remainderOf(p: EffectPeriod, on: string): { months: number; days: number } {
  return monthsAndDays(on, p.endsOn);
}

/**
 * The period of a party sanction decided on `decidedOn`: 警告 1 year, 严重警告 1.5 years,
 * 撤销党内职务 2 years, as is a 严重警告 given in its place (CF23 第十条, 第十一条); 留党察看 its 1 or 2 years of 察看 (第十二条; the 2 years
 * after restoration come with `probationOutcome`); 开除党籍 the 5 years before re-admission
 * (第十三条). Decided inside an earlier party effect period (`previous`), the new period adds what
 * remains of the old one, counted from the new decision (CF23 第二十一条): a 警告 in January and a
 * 严重警告 in July run 18 + 6 months from July. During a 留党察看 only 开除党籍 may follow
 * (SANCTION_DURING_PROBATION, CF23 第十二条; PZ 第二十一条第三款); a decision dated before the previous
 * one is VALIDATION_FAILED. A 留党察看 decided inside an effect period carries the remainder into its
 * restriction after restoration (the 察看 itself is the length the decision names).
 */
export function partyEffectPeriod(sanction: Sanction, decidedOn: string, previous?: EffectPeriod | null): EffectPeriod {
  if (sanction.system !== 'party') throw errors.validation({ field: 'sanction' }, '应为党纪处分');
  dayOf(decidedOn, 'decidedOn');
  let carried: { months: number; days: number } = NONE;
  if (previous && previous.sanction.system === 'party') {
    if (dayOf(decidedOn) < dayOf(previous.startsOn))
      throw errors.validation({ field: 'decidedOn' }, '新处分的决定日期不能早于原处分的决定日期');
    if (underEffectOn(previous, decidedOn)) {
      if (previous.nature === 'probation' && sanction.kind !== 'expulsion')
        throw domainError('SANCTION_DURING_PROBATION', { probationEndsOn: previous.endsOn });
      if (previous.nature === 'effect' || previous.nature === 'post_restriction')
        carried = remainderOf(previous, decidedOn);
    }
  }
  switch (sanction.kind) {
    case 'probation': {
      const p = period(sanction, 'probation', decidedOn, sanction.probationYears * 12);
      // The remainder waits for the restriction after restoration (see probationOutcome).
      return { ...p, carried: { ...carried } };
    }
    case 'expulsion':
      return period(sanction, 'readmission_bar', decidedOn, EXPULSION_READMISSION_BAR_MONTHS);
    default: {
      // A 严重警告 in place of 撤销党内职务 restricts for the latter's 2 years (CF23 第十一条第二款).
      const kind =
        sanction.kind === 'serious_warning' && sanction.inPlaceOfPostRemoval ? 'post_removal' : sanction.kind;
      return period(sanction, 'effect', decidedOn, PARTY_EFFECT_MONTHS[kind], carried);
    }
  }
}

/**
 * The periods of a person's party sanctions in the order decided, each stacked on the one before
 * it (CF23 第二十一条; see `partyEffectPeriod`). A 留党察看 in the list is followed as decided: give
 * its restoration to `probationOutcome` to continue.
 */
export function stackPartySanctions(list: readonly { sanction: Sanction; decidedOn: string }[]): EffectPeriod[] {
  const out: EffectPeriod[] = [];
  for (const item of list) out.push(partyEffectPeriod(item.sanction, item.decidedOn, out.at(-1) ?? null));
  return out;
}

/** What a 留党察看's outcome leaves: the probation as it now stands and the period that follows. */
export interface ProbationResult {
  outcome: ProbationOutcome;
  /** The probation: extended by a year for `extend`, unchanged otherwise. */
  probation: EffectPeriod;
  /** For `restore`: the day the member's rights come back (the decision, and never before the 察看 ends). */
  restoredOn: string | null;
  /** `restore`: the 2 years without a post equal to or above the old one; `expel`: the re-admission bar. */
  next: EffectPeriod | null;
}

/**
 * How a 留党察看 ends (CF23 第十二条; PZ 第二十一条, 第二十二条): `restore` — rights restored on the
 * decision date but never before the 察看 ends, then 2 years with no post equal to or above the
 * old one (plus what the probation carried from an earlier effect period); `extend` — a 1-year
 * 察看 that does not qualify is extended by 1 year, once, with the imposing body's approval (a
 * 2-year 察看 or one already extended: SANCTION_PROBATION_OUTCOME); `expel` — 开除党籍 during the
 * 察看, or after restoration when the restoration is revoked (PZ 第二十二条, `revokesRestoration`).
 * A decision before the 察看 began is SANCTION_PROBATION_OUTCOME.
 */
export function probationOutcome(
  probation: EffectPeriod,
  outcome: ProbationOutcome,
  decidedOn: string,
  opts: { revokesRestoration?: boolean } = {},
): ProbationResult {
  if (
    probation.nature !== 'probation' ||
    probation.sanction.system !== 'party' ||
    probation.sanction.kind !== 'probation'
  )
    throw errors.validation({ field: 'probation' }, '应为留党察看处分');
  const day = dayOf(decidedOn, 'decidedOn');
  if (day < dayOf(probation.startsOn)) throw domainError('SANCTION_PROBATION_OUTCOME', { problem: 'before_probation' });
  switch (outcome) {
    case 'restore': {
      const restoredOn = laterOf(decidedOn, probation.liftsOn);
      const next = period(
        probation.sanction,
        'post_restriction',
        restoredOn,
        PROBATION_RESTORED_RESTRICTION_MONTHS,
        probation.carried,
      );
      return { outcome, probation, restoredOn, next };
    }
    case 'extend': {
      if (probation.sanction.probationYears !== 1 || probation.extended)
        throw domainError('SANCTION_PROBATION_OUTCOME', {
          problem: probation.extended ? 'already_extended' : 'two_years_not_extendable',
        });
      const endsOn = addMonths(probation.endsOn, PROBATION_EXTENSION_MONTHS);
      const extended = { ...probation, endsOn, liftsOn: addDays(endsOn, 1), extended: true };
      return { outcome, probation: extended, restoredOn: null, next: null };
    }
    case 'expel': {
      if (day > dayOf(probation.endsOn) && !opts.revokesRestoration)
        throw domainError('SANCTION_PROBATION_OUTCOME', { problem: 'after_probation' });
      const next = period(
        { system: 'party', kind: 'expulsion' },
        'readmission_bar',
        decidedOn,
        EXPULSION_READMISSION_BAR_MONTHS,
      );
      return { outcome, probation, restoredOn: null, next };
    }
  }
}

/**
 * The period of a state sanction decided on `decidedOn` (ZW 第八条): 警告 6, 记过 12, 记大过 18,
 * 降级 and 撤职 24 months, or `months` set by `combineStateSanctions`; 开除 has none (null). It
 * lifts automatically on `liftsOn` (ZW 第二十六条), a holiday or not; lifting 降级 or 撤职 does not
 * restore the old rank or pay.
 */
export function statePeriod(kind: StateSanction, decidedOn: string, months?: number): EffectPeriod | null {
  dayOf(decidedOn, 'decidedOn');
  if (kind === 'discharge') return null;
  return period({ system: 'state', kind }, 'state_period', decidedOn, months ?? STATE_PERIOD_MONTHS[kind]);
}

/** What several violations' state sanctions come to (ZW 第十五条). */
export interface StateCombination {
  /** The sanction carried out: the heaviest. */
  carriedOut: StateSanction;
  /** True when the sanctions are several identical ones of 撤职 or lighter, combined into one period. */
  combined: boolean;
  /** The shortest and longest period allowed, in months (null for 开除). */
  min: number | null;
  max: number | null;
  /** The period: the one given, or the shortest when none was given (null for 开除). */
  months: number | null;
}

/**
 * Several violations, each sanctioned (ZW 第十五条): of two or more kinds the heaviest is carried
 * out with its own period; several identical sanctions of 撤职 or lighter are combined into a
 * period between one period and their sum, at most 48 months (`months`, the shortest when not
 * given). A combined period outside that range, or given where nothing is combined, is
 * SANCTION_STATE_PERIOD; an empty list VALIDATION_FAILED.
 */
export function combineStateSanctions(kinds: readonly StateSanction[], months?: number): StateCombination {
  if (kinds.length === 0) throw errors.validation({ field: 'sanctions' }, '至少应有一项政务处分');
  const carriedOut = kinds.reduce((a, b) => (STATE_SANCTIONS.indexOf(b) > STATE_SANCTIONS.indexOf(a) ? b : a));
  if (carriedOut === 'discharge') {
    if (months !== undefined) throw domainError('SANCTION_STATE_PERIOD', { min: null, max: null, months });
    return { carriedOut, combined: false, min: null, max: null, months: null };
  }
  const one = STATE_PERIOD_MONTHS[carriedOut];
  const combined = kinds.length > 1 && kinds.every((k) => k === carriedOut);
  const min = one;
  const max = combined ? Math.min(one * kinds.length, STATE_COMBINED_CAP_MONTHS) : one;
  if (months !== undefined && (!Number.isInteger(months) || months < min || months > max))
    throw domainError('SANCTION_STATE_PERIOD', { min, max, months });
  return { carriedOut, combined, min, max, months: months ?? min };
}

/**
 * True when a state sanction's period has run out on `today` and it lifts by itself (ZW 第二十六条):
 * only if the person committed no new violation calling for a state sanction during the period
 * (`newViolationDuringPeriod`; that one is then decided, and weighed heavier, ZW 第十三条(一)).
 */
export function liftingDue(p: EffectPeriod, today: string, opts: { newViolationDuringPeriod?: boolean } = {}): boolean {
  if (p.nature !== 'state_period' || opts.newViolationDuringPeriod) return false;
  return dayOf(today, 'today') >= dayOf(p.liftsOn);
}
