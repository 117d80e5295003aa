/**
 * The clocks a sanction opens (domain rules §9, timers 14 to 22), as descriptors the sanctions
 * module hands to the deadlines module's `openClock`: the timer kind of the national catalogue
 * (deadlines.catalogue-defaults.ts) and the date it runs from. Lengths, extensions and holidays
 * stay the catalogue's and the clock engine's. Pure.
 */
import {
  APPROVING_BODIES,
  type ApprovingBody,
  type PartySanction,
  type StateSanction,
} from '../../shared/sanctions.codes.js';
import { errors } from '../../shared/errors.js';
import { dayOf } from './sanctions.dates.js';

/** The catalogue's kinds of the sanction and appeal timers, with their §9 numbers. */
export const SANCTION_TIMERS = {
  sanction_announce: 14,
  sanction_job_pay: 15,
  sanction_execution_report: 16,
  committee_submission: 17,
  party_appeal: 18,
  admin_sanction_delivery: 19,
  admin_sanction_execution: 19,
  demotion_personnel: 20,
  state_review_apply: 21,
  state_review: 21,
  state_recheck_apply: 22,
  state_recheck: 22,
} as const;
/** A timer kind a sanction or an appeal opens. */
export type SanctionClockKind = keyof typeof SANCTION_TIMERS;

/**
 * The two legs of timer 17 (PZ 第十七条): to the same-level party committee within 15 days of the
 * commission standing committee's vote (or of the transfer to the judicial organs, when the case
 * went there first), and up to the higher commission within 15 days of that committee's agreement.
 */
export type SubmissionLeg = 'to_party_committee' | 'to_higher';

/** One clock to open: the timer kind, its §9 number, the date it runs from (and timer 17's leg). */
export interface ClockDescriptor {
  kind: SanctionClockKind;
  timer: number;
  startOn: string;
  /**
   * Timer 17 only. A sanction that goes up runs it twice: the sanctions module opens the second
   * leg as the clock's next occurrence (`repeat`), which needs the rule to be repeatable.
   */
  leg?: SubmissionLeg;
}

/** A clock descriptor of `kind` from `startOn` (timer 17's leg when given). */
export function clock(kind: SanctionClockKind, startOn: string, leg?: SubmissionLeg): ClockDescriptor {
  return leg ? { kind, timer: SANCTION_TIMERS[kind], startOn, leg } : { kind, timer: SANCTION_TIMERS[kind], startOn };
}

/** A party sanction as its clocks need it. */
export interface PartySanctionClocksInput {
  kind: PartySanction;
  /** The approving body's collective decision (PZ 第五条). */
  decidedOn: string;
  approvedBy: ApprovingBody;
  /** The commission standing committee's vote, when a party committee approves or agrees (timer 17 runs from it). */
  commissionVoteOn?: string | null;
  /** The same-level party committee's agreement, when the sanction then goes up for approval (PZ 第十七条, 第二十八条, 第三十八条). */
  committeeAgreedOn?: string | null;
  /** When the case went to the judicial organs before the sanction: the first leg runs from the transfer (PZ 第十七条第二款). */
  judicialTransferOn?: string | null;
}

/**
 * The clocks of a party sanction: announced within 1 month (timer 14, GZ 第五十六条; CF23 第四十四条);
 * job, pay and benefit changes for 撤销党内职务 or heavier (15, CF23 第四十四条); the execution report
 * within 6 months (16, 第四十五条), all from the decision. Timer 17 (PZ 第十七条): when a party
 * committee approves or agrees, the submission to it within 15 days of the commission standing
 * committee's vote — or of the transfer to the judicial organs when the case went there first —
 * and, when the committee agreed and the sanction went up, the submission to the higher
 * commission within 15 days of that agreement. VALIDATION_FAILED for a missing vote date where a
 * committee is involved, an agreement the approver cannot be above, or dates out of order
 * (vote ≤ agreement ≤ decision).
 */
export function partySanctionClocks(input: PartySanctionClocksInput): ClockDescriptor[] {
  const decided = dayOf(input.decidedOn, 'decidedOn');
  if (!APPROVING_BODIES.includes(input.approvedBy)) throw errors.validation({ field: 'approvedBy' });
  const out = [clock('sanction_announce', input.decidedOn)];
  if (input.kind === 'post_removal' || input.kind === 'probation' || input.kind === 'expulsion')
    out.push(clock('sanction_job_pay', input.decidedOn));
  out.push(clock('sanction_execution_report', input.decidedOn));
  const agreed = input.committeeAgreedOn ? dayOf(input.committeeAgreedOn, 'committeeAgreedOn') : null;
  if (agreed !== null && !input.approvedBy.endsWith('_commission'))
    throw errors.validation({ field: 'committeeAgreedOn' }, '经同级党委审议同意后报批的，应由上级纪委批准');
  if (agreed !== null && agreed > decided)
    throw errors.validation({ field: 'committeeAgreedOn' }, '党委审议同意日期不能晚于处分决定日期');
  const committee = input.approvedBy.endsWith('_party_committee') || agreed !== null;
  if (!committee) return out;
  const legs: ClockDescriptor[] = [];
  if (input.judicialTransferOn) {
    if (dayOf(input.judicialTransferOn, 'judicialTransferOn') > (agreed ?? decided))
      throw errors.validation({ field: 'judicialTransferOn' }, '移送司法机关日期不能晚于党委审议日期');
    legs.push(clock('committee_submission', input.judicialTransferOn, 'to_party_committee'));
  } else {
    if (!input.commissionVoteOn)
      throw errors.validation({ field: 'commissionVoteOn' }, '由党委批准或审议同意的处分须写明纪委常委会审议日期');
    if (dayOf(input.commissionVoteOn, 'commissionVoteOn') > (agreed ?? decided))
      throw errors.validation({ field: 'commissionVoteOn' }, '纪委常委会审议日期不能晚于党委审议或处分决定日期');
    legs.push(clock('committee_submission', input.commissionVoteOn, 'to_party_committee'));
  }
  if (input.committeeAgreedOn) legs.push(clock('committee_submission', input.committeeAgreedOn, 'to_higher'));
  return [...legs, ...out];
}

/**
 * When the quarterly summary of executed sanctions (and of the filings) is due: by the 15th of
 * the first month of the next quarter (PZ 第十九条, 第二十条第二款). A fixed date: the article sets
 * a day of the calendar, not a period.
 */
export function quarterlySummaryDue(executedOn: string): string {
  dayOf(executedOn, 'executedOn');
  const [y, m] = executedOn.split('-').map(Number) as [number, number];
  const next = Math.floor((m - 1) / 3) * 3 + 4; // first month of the next quarter, 4…13
  return next > 12 ? `${y + 1}-01-15` : `${y}-${String(next).padStart(2, '0')}-15`;
}

/** A state sanction as its clocks need it. */
export interface StateSanctionClocksInput {
  kind: StateSanction;
  /** The decision date (ZW 第八条). */
  decidedOn: string;
  /** When the 政务处分决定书 reached the person, once known. */
  deliveredOn?: string | null;
}

/**
 * The clocks of a state sanction: delivery within 1 month of the decision (timer 19, TL21
 * 第二百零三条); for 降级 or heavier the personnel changes within 1 month (20, ZW 第五十四条); once
 * delivered, execution within 1 month of delivery (19) and the 1 month to apply for 复审 (21,
 * JCF24 第五十六条). A delivery dated before the decision is VALIDATION_FAILED.
 */
export function stateSanctionClocks(input: StateSanctionClocksInput): ClockDescriptor[] {
  const decided = dayOf(input.decidedOn, 'decidedOn');
  const out = [clock('admin_sanction_delivery', input.decidedOn)];
  if (input.kind === 'demotion' || input.kind === 'removal' || input.kind === 'discharge')
    out.push(clock('demotion_personnel', input.decidedOn));
  if (input.deliveredOn) {
    if (dayOf(input.deliveredOn, 'deliveredOn') < decided)
      throw errors.validation({ field: 'deliveredOn' }, '送达日期不能早于处分决定日期');
    out.push(clock('admin_sanction_execution', input.deliveredOn), clock('state_review_apply', input.deliveredOn));
  }
  return out;
}

/** The kinds of appeal (GLOSSARY `appeal`): party 申诉/复议/复查, state 复审/复核. */
export type AppealKind = 'complaint' | 'reconsideration' | 're_examination' | 'state_review' | 'state_recheck';

/**
 * The clocks of an appeal from its acceptance: a party appeal decided within 3 months (timer 18,
 * GZ 第五十九条); 复审 within 1 month (21) and 复核 within 2 (22, JCF24 第五十六条). When the 复审
 * decision has reached the person (`decisionReceivedOn`), the 1 month to apply for 复核 (22).
 * Appeals do not suspend the sanction's own clocks or period.
 */
export function appealClocks(input: {
  kind: AppealKind;
  acceptedOn: string;
  decisionReceivedOn?: string | null;
}): ClockDescriptor[] {
  dayOf(input.acceptedOn, 'acceptedOn');
  switch (input.kind) {
    case 'state_review': {
      const out = [clock('state_review', input.acceptedOn)];
      if (input.decisionReceivedOn) {
        if (dayOf(input.decisionReceivedOn, 'decisionReceivedOn') < dayOf(input.acceptedOn))
          throw errors.validation({ field: 'decisionReceivedOn' }, '收到复审决定的日期不能早于受理日期');
        out.push(clock('state_recheck_apply', input.decisionReceivedOn));
      }
      return out;
    }
    case 'state_recheck':
      return [clock('state_recheck', input.acceptedOn)];
    default:
      return [clock('party_appeal', input.acceptedOn)];
  }
}
