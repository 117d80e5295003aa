/**
 * Who may approve a party sanction (PZ 2022, domain rules §5.2), the checks on what a sanction
 * may be (留党察看's length, 撤销党内职务 without a post, 免予处分's conclusion, a village cadre's
 * three state sanctions, no heavier sanction because of a defence) and the party/state match
 * (党纪重处分匹配政务重处分). Pure: each `check*` answers a verdict, each `require*` throws the
 * verdict's error, so the review and sanctions modules refuse before writing anything.
 */
import { CADRE_AUTHORITIES, type CadreAuthority } from '../../shared/org.codes.js';
import {
  APPROVING_BODIES,
  APPROVING_BODY_LABELS,
  type ApprovingBody,
  DIRECT_DECISION_REASONS,
  type DirectDecisionReason,
  type LimitedStateSubject,
  PARTY_SANCTIONS,
  PARTY_SANCTION_LABELS,
  PROBATION_YEARS,
  type PartySanction,
  STATE_SANCTIONS,
  STATE_SANCTION_LABELS,
  type Sanction,
  type SanctionWarning,
  type StateSanction,
  VILLAGE_CADRE_STATE_SANCTIONS,
  sanctionLabel,
} from '../../shared/sanctions.codes.js';
import { type DomainError, domainError, errors } from '../../shared/errors.js';

/** A refusal: the error code, its details and a message naming what is wrong. */
export interface Refusal {
  ok: false;
  error: DomainError;
}

/** Throws a verdict's error; returns the accepted verdict. */
export function orThrow<T extends { ok: true }>(verdict: T | Refusal): T {
  if (!verdict.ok) throw verdict.error;
  return verdict;
}

/** What decides who approves a party sanction. */
export interface ApprovalQuestion {
  /** The subject's cadre authority (干部管理权限): county-managed, township-managed, village cadre, other. */
  subject: CadreAuthority;
  /** The party sanction, or `exemption` (免予处分, approved as a 警告 would be, PZ 第十一条). */
  sanction: PartySanction | 'exemption';
  /** The matter is important or complex (比较重要或者复杂): it goes up (PZ 第二十八条, 第三十八条). */
  importantOrComplex: boolean;
  /**
   * For a county-managed subject: whether the county party committee decides their appointment
   * (讨论决定任免). When not (default true), the county commission approves every sanction (PZ 第三十七条(二)).
   */
  countyCommitteeAppoints?: boolean;
  /** A 严重警告 given in place of 撤销党内职务 to a member with no party post: approved as the latter (PZ 第十二条). */
  inPlaceOfPostRemoval?: boolean;
}

/** The lowest body that may approve, and who reviews or agrees first. */
export interface ApprovalRequirement {
  /** The lowest body that may approve (PZ 第四十九条: a body above it may too). */
  required: ApprovingBody;
  /** The commission that reviews and submits it (审查同意后报请), when another body approves. */
  reviewedBy: ApprovingBody | null;
  /** The party committee that agrees before it goes up (同级党委审议同意), when it goes up. */
  agreedBy: ApprovingBody | null;
  /** The articles applied. */
  article: string;
}

/** Heavier than 严重警告: the sanctions a commission's review and a party committee's approval concern (PZ 第六条). */
function heavy(s: PartySanction): boolean {
  return s === 'post_removal' || s === 'probation' || s === 'expulsion';
}

/**
 * The lowest body that may approve a party sanction (PZ 2022; domain rules §5.2):
 * - county-managed: 警告/严重警告 by the county commission (第六条, 第三十七条(一)); heavier ones by
 *   the county party committee after the county commission's review (第六条, 第二十七条(一)), or by
 *   the commission alone when the committee does not decide their appointment (第三十七条(二));
 * - township-managed, village cadres and other members under a township party committee:
 *   警告/严重警告 by the township commission, or when important or complex by the county commission
 *   after the township party committee agrees (第三十八条); 撤销党内职务/留党察看 by the township party
 *   committee on its commission's submission, unless important or complex (第二十八条), then by the
 *   county commission as in 第三十八条 (the engine's reading: 第二十八条 only excludes the case);
 *   开除党籍 by the county commission (第十四条第二款) after the township bodies.
 * 免予处分 is approved as a 警告 (第十一条); a 严重警告 in place of 撤销党内职务 as the latter (第十二条).
 */
export function requiredApprover(q: ApprovalQuestion): ApprovalRequirement {
  const s: PartySanction =
    q.sanction === 'exemption'
      ? 'warning'
      : q.sanction === 'serious_warning' && q.inPlaceOfPostRemoval
        ? 'post_removal'
        : q.sanction;
  if (q.subject === 'county_managed') {
    if (!heavy(s))
      return { required: 'county_commission', reviewedBy: null, agreedBy: null, article: 'PZ 第六条、第三十七条' };
    if (q.countyCommitteeAppoints === false)
      return { required: 'county_commission', reviewedBy: null, agreedBy: null, article: 'PZ 第三十七条第一款第二项' };
    return {
      required: 'county_party_committee',
      reviewedBy: 'county_commission',
      agreedBy: null,
      article: 'PZ 第六条、第二十七条',
    };
  }
  if (s === 'expulsion')
    return {
      required: 'county_commission',
      reviewedBy: 'township_commission',
      agreedBy: 'township_party_committee',
      article: 'PZ 第十四条第二款',
    };
  if (q.importantOrComplex)
    return {
      required: 'county_commission',
      reviewedBy: 'township_commission',
      agreedBy: 'township_party_committee',
      article: heavy(s) ? 'PZ 第二十八条、第三十八条' : 'PZ 第三十八条',
    };
  if (heavy(s))
    return {
      required: 'township_party_committee',
      reviewedBy: 'township_commission',
      agreedBy: null,
      article: 'PZ 第二十八条',
    };
  return { required: 'township_commission', reviewedBy: null, agreedBy: null, article: 'PZ 第三十八条' };
}

/** An accepted approval: the requirement it meets. */
export interface ApprovalAccepted extends ApprovalRequirement {
  ok: true;
}

/**
 * Whether `body` may approve the sanction: at or above the lowest body that may (PZ 第四十九条: the
 * powers are minimums). Refused with SANCTION_APPROVER, the message naming the body that should
 * approve; `details`: `{ body, required, reviewedBy, agreedBy, article }`. A subject, sanction or
 * body outside the code lists is VALIDATION_FAILED.
 */
export function checkApprover(q: ApprovalQuestion & { body: ApprovingBody }): ApprovalAccepted | Refusal {
  // Values from outside the code lists are bad input, not a question of power.
  if (!CADRE_AUTHORITIES.includes(q.subject))
    return { ok: false, error: errors.validation({ field: 'subject', value: q.subject }) };
  if (q.sanction !== 'exemption' && !PARTY_SANCTIONS.includes(q.sanction))
    return { ok: false, error: errors.validation({ field: 'sanction', value: q.sanction }) };
  if (!APPROVING_BODIES.includes(q.body))
    return { ok: false, error: errors.validation({ field: 'body', value: q.body }) };
  const need = requiredApprover(q);
  if (APPROVING_BODIES.indexOf(q.body) >= APPROVING_BODIES.indexOf(need.required)) return { ok: true, ...need };
  const what = q.sanction === 'exemption' ? '免予处分' : PARTY_SANCTION_LABELS[q.sanction];
  const message = `${APPROVING_BODY_LABELS[q.body]}无权批准给予${what}，应当由${APPROVING_BODY_LABELS[need.required]}批准（${need.article}）`;
  return { ok: false, error: domainError('SANCTION_APPROVER', { body: q.body, ...need }, message) };
}

/** `checkApprover`, throwing its SANCTION_APPROVER. */
export function requireApprover(q: ApprovalQuestion & { body: ApprovingBody }): ApprovalAccepted {
  return orThrow(checkApprover(q));
}

/**
 * Checks what a party sanction may be: 留党察看 for 1 or 2 years (SANCTION_PROBATION_YEARS, CF23
 * 第十二条); 撤销党内职务 only for a member who holds a party post (SANCTION_NO_PARTY_POST: give
 * 严重警告, approved as 撤销党内职务, CF23 第十一条; PZ 第十二条).
 */
export function requirePartySanction(s: Sanction, opts: { holdsPartyPost: boolean }): void {
  if (s.system !== 'party') throw errors.validation({ field: 'sanction' }, '应为党纪处分');
  if (!PARTY_SANCTIONS.includes(s.kind)) throw errors.validation({ field: 'sanction', value: s.kind });
  if (s.kind === 'probation' && !(PROBATION_YEARS as readonly number[]).includes(s.probationYears))
    throw domainError('SANCTION_PROBATION_YEARS', { probationYears: s.probationYears });
  if (s.kind === 'post_removal' && !opts.holdsPartyPost) throw domainError('SANCTION_NO_PARTY_POST');
}

/** 免予处分 needs its written conclusion (CF23 第十九条): SANCTION_EXEMPTION_CONCLUSION without it. */
export function requireExemptionConclusion(conclusion: string | null | undefined): void {
  if (!conclusion || conclusion.trim() === '') throw domainError('SANCTION_EXEMPTION_CONCLUSION');
}

/** A direct decision without the branch meeting (PZ 第十四条). */
export interface DirectDecision {
  body: ApprovingBody;
  reason: DirectDecisionReason;
  /** The words of the reason; required for `other`. */
  note?: string | null;
}

/**
 * A party sanction decided without the branch meeting: only by a party committee or commission
 * at county level or above, for one of the reasons of PZ 第十四条第一款, `other` with its words.
 * SANCTION_DIRECT_DECISION otherwise, `details.problem`: `body`, `reason` or `note`.
 */
export function checkDirectDecision(d: DirectDecision): { ok: true } | Refusal {
  const problem = (p: string): Refusal => ({
    ok: false,
    error: domainError('SANCTION_DIRECT_DECISION', { problem: p }),
  });
  if (APPROVING_BODIES.indexOf(d.body) < APPROVING_BODIES.indexOf('county_commission')) return problem('body');
  if (!DIRECT_DECISION_REASONS.includes(d.reason)) return problem('reason');
  if (d.reason === 'other' && (!d.note || d.note.trim() === '')) return problem('note');
  return { ok: true };
}

/** `checkDirectDecision`, throwing its SANCTION_DIRECT_DECISION. */
export function requireDirectDecision(d: DirectDecision): void {
  orThrow(checkDirectDecision(d));
}

/** An accepted state sanction, with the warnings its outcome carries. */
export interface StateSanctionAccepted {
  ok: true;
  /** `allowance_reduced` for a village cadre: the county or township government reduces or withholds the allowance. */
  warnings: SanctionWarning[];
}

/**
 * A state sanction for a subject ZW 第二十二条 (village and community cadres) or 第二十三条 (others
 * performing public duties) limits to 警告, 记过, 记大过: others are SANCTION_VILLAGE_CADRE; a
 * village cadre's outcome notes the allowance reduction. `subject` null: no limit.
 */
export function checkStateSanctionFor(
  subject: LimitedStateSubject | null,
  kind: StateSanction,
): StateSanctionAccepted | Refusal {
  if (!STATE_SANCTIONS.includes(kind)) return { ok: false, error: errors.validation({ field: 'kind', value: kind }) };
  if (subject === null) return { ok: true, warnings: [] };
  if (!VILLAGE_CADRE_STATE_SANCTIONS.includes(kind)) {
    const message = `村（社区）干部等人员只能给予警告、记过或者记大过政务处分，不能给予${STATE_SANCTION_LABELS[kind]}（ZW 第二十二条、第二十三条）`;
    return { ok: false, error: domainError('SANCTION_VILLAGE_CADRE', { kind, subject }, message) };
  }
  return { ok: true, warnings: subject === 'village_cadre' ? ['allowance_reduced'] : [] };
}

/** `checkStateSanctionFor`, throwing its refusal. */
export function requireStateSanctionFor(
  subject: LimitedStateSubject | null,
  kind: StateSanction,
): StateSanctionAccepted {
  return orThrow(checkStateSanctionFor(subject, kind));
}

/** A sanction's weight within its side: the order of the code list, a 2-year 察看 above a 1-year one. */
export function severityOf(s: Sanction): number {
  if (s.system === 'state') return STATE_SANCTIONS.indexOf(s.kind) * 2;
  return PARTY_SANCTIONS.indexOf(s.kind) * 2 + (s.kind === 'probation' && s.probationYears === 2 ? 1 : 0);
}

/**
 * Hearing the defence never leads to a heavier sanction (ZW 第四十三条: 不得因被调查人的申辩而加重政务处分;
 * the engine applies it to party proposals too): a proposal after the hearing heavier than the one before is SANCTION_HEAVIER_AFTER_DEFENCE
 * unless a new fact is recorded. Both proposals must be of the same side (VALIDATION_FAILED).
 */
export function checkAfterDefence(
  before: Sanction,
  after: Sanction,
  newFactRecorded: boolean,
): { ok: true; heavier: boolean } | Refusal {
  if (before.system !== after.system)
    return { ok: false, error: errors.validation({ field: 'after' }, '申辩前后的处分意见应属同一类处分') };
  const heavier = severityOf(after) > severityOf(before);
  if (heavier && !newFactRecorded) {
    const message = `不得因申辩而加重处分：申辩前拟给予${sanctionLabel(before)}，申辩后拟给予${sanctionLabel(after)}，须记录新的事实`;
    return {
      ok: false,
      error: domainError(
        'SANCTION_HEAVIER_AFTER_DEFENCE',
        { before: sanctionLabel(before), after: sanctionLabel(after) },
        message,
      ),
    };
  }
  return { ok: true, heavier };
}

/** `checkAfterDefence`, throwing its refusal. */
export function requireAfterDefence(before: Sanction, after: Sanction, newFactRecorded: boolean): { heavier: boolean } {
  return orThrow(checkAfterDefence(before, after, newFactRecorded));
}

/**
 * 复审 and 复核 never make a state sanction heavier (ZW 第五十六条: 公职人员不因提出复审、复核而被加重政务处分):
 * a changed decision heavier than the original is SANCTION_HEAVIER_ON_APPEAL, with no exception.
 * Both must be state sanctions (VALIDATION_FAILED). `changed`: the outcome differs (its period is
 * then recomputed and everyone notified is told again).
 */
export function checkAppealOutcome(original: Sanction, decided: Sanction): { ok: true; changed: boolean } | Refusal {
  if (original.system !== 'state' || decided.system !== 'state')
    return { ok: false, error: errors.validation({ field: 'decided' }, '复审、复核的对象应为政务处分') };
  if (severityOf(decided) > severityOf(original)) {
    const details = { original: sanctionLabel(original), decided: sanctionLabel(decided) };
    return { ok: false, error: domainError('SANCTION_HEAVIER_ON_APPEAL', details) };
  }
  return { ok: true, changed: decided.kind !== original.kind };
}

/** `checkAppealOutcome`, throwing its refusal. */
export function requireAppealOutcome(original: Sanction, decided: Sanction): { changed: boolean } {
  return orThrow(checkAppealOutcome(original, decided));
}

/** A warning with its reason in words. */
export interface SanctionNotice {
  code: SanctionWarning;
  reason: string;
}

/**
 * 党纪重处分匹配政务重处分 (CF23 第三十五条, domain rules §5.3): a party member given 撤职 or heavier
 * by the state must get 撤销党内职务 or heavier from the party — or 严重警告 when they hold no party
 * post (第十一条, PZ 第十二条). A warning, not a refusal (the two decisions may come at different
 * times); none for a non-member or a lighter state sanction.
 */
export function partyStateMatch(input: {
  partyMember: boolean;
  holdsPartyPost: boolean;
  party: PartySanction | null;
  state: StateSanction | null;
}): SanctionNotice[] {
  const { state, party } = input;
  if (!input.partyMember || state === null) return [];
  if (STATE_SANCTIONS.indexOf(state) < STATE_SANCTIONS.indexOf('removal')) return [];
  const floor: PartySanction = input.holdsPartyPost ? 'post_removal' : 'serious_warning';
  if (party !== null && PARTY_SANCTIONS.indexOf(party) >= PARTY_SANCTIONS.indexOf(floor)) return [];
  const given = party === null ? '尚无党纪处分' : `党纪处分为${PARTY_SANCTION_LABELS[party]}`;
  const needed = input.holdsPartyPost ? '撤销党内职务以上' : '严重警告以上（未担任党内职务）';
  return [
    {
      code: 'party_state_mismatch',
      reason: `政务处分为${STATE_SANCTION_LABELS[state]}，${given}：应当给予${needed}党纪处分（CF23 第三十五条）`,
    },
  ];
}
