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

/** One clock to open: the timer kind, its §9 number, the date it runs from. */
export interface ClockDescriptor {
  kind: SanctionClockKind;
  timer: number;
  startOn: string;
}

function clock(kind: SanctionClockKind, startOn: string): ClockDescriptor {
  return { kind, timer: SANCTION_TIMERS[kind], startOn };
}

/** A party sanction as its clocks need it. */
export interface PartySanctionClocksInput {
  kind: PartySanction;
  /** The approving body's collective decision (PZ 第五条). */
  decidedOn: string;
  approvedBy: ApprovingBody;
  /** The commission standing committee's vote, when a party committee approves (timer 17 runs from it). */
  commissionVoteOn?: string | null;
}

/**
 * The clocks of a party sanction: announced within 1 month (timer 14, GZ 第五十六条; CF23 第四十四条);
 * job, pay and benefit changes for 撤销党内职务 or heavier (15, CF23 第四十四条); the execution report
 * within 6 months (16, 第四十五条), all from the decision; and when a party committee approves, the
 * submission to it within 15 days of the commission standing committee's vote (17, PZ 第十七条),
 * whose date is then required (VALIDATION_FAILED without it, or after the decision).
 */
export function partySanctionClocks(input: PartySanctionClocksInput): ClockDescriptor[] {
  const decided = dayOf(input.decidedOn, 'decidedOn');
  if (!APPROVING_BODIES.includes(input.approvedBy)) throw errors.validation({ field: 'approvedBy' });
  const out = [clock('sanction_announce', input.decidedOn)];
  if (input.kind === 'post_removal' || input.kind === 'probation' || input.kind === 'expulsion')
    out.push(clock('sanction_job_pay', input.decidedOn));
  out.push(clock('sanction_execution_report', input.decidedOn));
  const committee = input.approvedBy.endsWith('_party_committee');
  if (committee) {
    if (!input.commissionVoteOn)
      throw errors.validation({ field: 'commissionVoteOn' }, '由党委批准的处分须写明纪委常委会审议日期');
    if (dayOf(input.commissionVoteOn, 'commissionVoteOn') > decided)
      throw errors.validation({ field: 'commissionVoteOn' }, '纪委常委会审议日期不能晚于处分决定日期');
    out.unshift(clock('committee_submission', input.commissionVoteOn));
  }
  return out;
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
