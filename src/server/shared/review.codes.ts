/**
 * Code lists of the review stage (审理, GZ 第五十三条 to 第五十八条; TL21 第一百九十一条 to
 * 第一百九十九条; domain rules §1.7, §11 "审理"): the one copy that the server (schemas, ledger,
 * documents) and the staff console (filters, tags, forms) both import. Bundled into the browser:
 * plain TypeScript, no Node built-ins, no imports from the server.
 */

/** The states of a review (domain rules §11 "审理"), with their Chinese names. */
export const REVIEW_STATUS_LABELS = {
  early: '提前介入',
  awaiting: '待受理',
  deferred: '暂缓受理',
  refused: '不予受理',
  reviewing: '审理中',
  returned_supplementary: '退回补充审查调查',
  returned_reinvestigation: '退回重新审查调查',
  reported: '审理报告报批中',
  deliberation: '待常委会审议',
  decided: '已审结',
} as const;
/** A review state. */
export type ReviewStatus = keyof typeof REVIEW_STATUS_LABELS;
/** Every review state, in pipeline order. */
export const REVIEW_STATUSES = Object.keys(REVIEW_STATUS_LABELS) as ReviewStatus[];

/**
 * The allowed moves between review states (409 REVIEW_TRANSITION otherwise). A case still
 * investigating may have an early review (`early`, 提前介入); the transfer makes it `awaiting`.
 * The review office accepts (`reviewing`, the 1-month clock opens), defers (`deferred`) or refuses
 * (`refused`: the case goes back to its team, and a new transfer makes it `awaiting` again).
 * Returned for supplementary investigation the clock pauses and the resubmission resumes it;
 * returned for re-investigation, the next transfer waits for acceptance again (a new clock). The
 * 审理报告 goes up (`reported`), approved it waits for the standing committee (`deliberation`),
 * whose decision ends the review (`decided`) and closes the case.
 */
export const REVIEW_TRANSITIONS = {
  early: ['awaiting'],
  awaiting: ['reviewing', 'deferred', 'refused'],
  deferred: ['reviewing', 'refused'],
  refused: ['awaiting'],
  reviewing: ['returned_supplementary', 'returned_reinvestigation', 'reported'],
  returned_supplementary: ['reviewing'],
  returned_reinvestigation: ['awaiting'],
  reported: ['deliberation', 'reviewing'],
  deliberation: ['decided'],
  decided: [],
} as const satisfies Record<ReviewStatus, readonly ReviewStatus[]>;

/** True when a review in state `from` may move to `to`. */
export function reviewTransitionAllowed(from: string, to: string): boolean {
  const next = (REVIEW_TRANSITIONS as Record<string, readonly string[]>)[from];
  return next !== undefined && next.includes(to);
}

/** Who reviews: the county 案件审理室 (乡案县审 or a county case), the township's own commission, a zone panel. */
export const REVIEW_ROUTE_LABELS = {
  county: '县纪委监委案件审理室审理',
  township: '本级纪委审理',
  panel: '协作区交叉审理',
} as const;
/** A review route. */
export type ReviewRoute = keyof typeof REVIEW_ROUTE_LABELS;
/** Every route. */
export const REVIEW_ROUTES = Object.keys(REVIEW_ROUTE_LABELS) as ReviewRoute[];

/**
 * The county setting 乡案县审 (`review.county_review`): which township cases the county's
 * 案件审理室 reviews. 1: none (each township's commission, or a zone panel); 2: the cases handled
 * away from the subject's township (协作区、交叉、异地、指定管辖、联合办理、挂牌督办); 3: all.
 * County-owned cases (提级办理, the county's offices) are always the county's.
 */
export const COUNTY_REVIEW_MODE_LABELS = {
  1: '乡镇案件不报县审理（由本乡镇纪委或协作区交叉审理）',
  2: '协作区、交叉、异地等非自办的乡镇案件由县审理',
  3: '全部乡镇案件由县审理（乡案县审）',
} as const;
/** The default of 乡案县审: every township case goes to the county. */
export const DEFAULT_COUNTY_REVIEW_MODE = 3;

/** What the acceptance office decides on a transferred case (GZ 第五十五条). */
export const REVIEW_ACCEPTANCE_LABELS = {
  accept: '受理',
  defer: '暂缓受理',
  refuse: '不予受理',
} as const;
/** An acceptance decision. */
export type ReviewAcceptance = keyof typeof REVIEW_ACCEPTANCE_LABELS;

/** The two returns (GZ 第五十五条; TL21 第一百九十六条) and who approves them. */
export const REVIEW_RETURN_LABELS = {
  supplementary: '退回补充审查调查',
  reinvestigation: '退回重新审查调查',
} as const;
/** A return kind. */
export type ReviewReturnKind = keyof typeof REVIEW_RETURN_LABELS;

/** A review team member's part (审理组). */
export const REVIEW_MEMBER_ROLE_LABELS = {
  leader: '审理组组长',
  member: '审理组成员',
  panel_member: '交叉审理小组成员',
} as const;
/** A review team role. */
export type ReviewMemberRole = keyof typeof REVIEW_MEMBER_ROLE_LABELS;

/** The fewest reviewers on a 审理组 and in a 审理谈话 (GZ 第五十五条; TL21 第一百九十五条). */
export const REVIEW_MIN_REVIEWERS = 2;

/** A member's vote in a collective deliberation (集体审议). */
export const REVIEW_VOTE_LABELS = {
  agree: '同意',
  disagree: '不同意',
  abstain: '弃权',
} as const;
/** A vote. */
export type ReviewVote = keyof typeof REVIEW_VOTE_LABELS;

/** Why a review talk was held (TL21 第一百九十五条). */
export const REVIEW_TALK_REASON_LABELS = {
  detained_prosecution: '被调查人被留置且拟移送起诉',
  illegal_evidence: '可能存在以非法方法收集证据情形',
  disputed_facts: '被审查调查人对事实材料拒不签字或有异议',
  requested: '被审查调查人要求向审理人员当面陈述',
  other: '其他需要谈话核实的情形',
} as const;
/** A talk reason. */
export type ReviewTalkReason = keyof typeof REVIEW_TALK_REASON_LABELS;

/** The steps of a review's trail, with their Chinese names. */
export const REVIEW_EVENT_LABELS = {
  routed: '确定审理单位',
  early_requested: '提请提前介入',
  early_decided: '提前介入审批',
  transferred: '移送审理',
  accepted: '受理',
  deferred: '暂缓受理',
  refused: '不予受理',
  team: '组成审理组',
  panel: '组成交叉审理小组',
  talk: '审理谈话',
  deliberation: '集体审议',
  extended: '延长审理期限',
  return_requested: '报批退回审查调查',
  returned: '退回审查调查',
  return_declined: '退回审查调查未获批准',
  resubmitted: '补充或重新审查调查后移送',
  report_saved: '起草审理报告',
  report_signed: '审理报告签字',
  report_submitted: '审理报告报主要负责人审批',
  report_decided: '审理报告审批',
  committee: '纪委常委会审议',
  decided: '审结',
} as const;
/** A trail step. */
export type ReviewEventAction = keyof typeof REVIEW_EVENT_LABELS;
