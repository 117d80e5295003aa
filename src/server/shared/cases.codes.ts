/**
 * Code lists of the case stage (立案审查调查, GZ 第三十七条 to 第五十二条; domain rules §1.6, §11
 * "Case"): the one copy that the server (schemas, ledger, documents) and the staff console
 * (filters, tags, forms) both import. Bundled into the browser: plain TypeScript, no Node
 * built-ins, no imports from the server.
 */

/** The states of a case (domain rules §11 "Case"), with their Chinese names. */
export const CASE_STATUS_LABELS = {
  filing_requested: '立案呈批中',
  filing_returned: '立案呈批退回',
  filing_rejected: '不予立案',
  filed: '已立案',
  investigating: '审查调查中',
  facts_shown: '已见面',
  reported: '审查调查报告已报批',
  transferred: '已移送审理',
  closed: '已结案',
  withdrawn: '已撤销',
} as const;
/** A case state. */
export type CaseStatus = keyof typeof CASE_STATUS_LABELS;
/** Every case state, in pipeline order. */
export const CASE_STATUSES = Object.keys(CASE_STATUS_LABELS) as CaseStatus[];

/**
 * The allowed moves between case states, checked by `setCaseState` (409 CASE_TRANSITION
 * otherwise). The filing request goes up (`filing_requested`); returned, the drafter revises and
 * resubmits; rejected ends it (不予立案). An approved filing is `filed`; the investigation plan's
 * approval starts `investigating`; the facts shown to the person (事实材料见面) make
 * `facts_shown`; the signed investigation report goes up (`reported`) and, approved, the case is
 * `transferred` to review (the next stage); `closed` follows review, `withdrawn` is 撤销案件.
 * Staying in a state is always allowed.
 */
export const CASE_TRANSITIONS = {
  filing_requested: ['filed', 'filing_returned', 'filing_rejected'],
  filing_returned: ['filing_requested', 'filing_rejected'],
  filing_rejected: [],
  filed: ['investigating', 'withdrawn'],
  investigating: ['facts_shown', 'withdrawn'],
  facts_shown: ['investigating', 'reported', 'withdrawn'],
  reported: ['facts_shown', 'transferred'],
  transferred: ['closed'],
  closed: [],
  withdrawn: [],
} as const satisfies Record<keyof typeof CASE_STATUS_LABELS, readonly (keyof typeof CASE_STATUS_LABELS)[]>;

/** The states in which the case is under investigation (team, evidence and measures may be recorded). */
export const CASE_WORKING_STATES: readonly CaseStatus[] = ['filed', 'investigating', 'facts_shown'];
/** The states before the filing is approved (no number yet, no investigation). */
export const CASE_FILING_STATES: readonly CaseStatus[] = ['filing_requested', 'filing_returned'];
/** The final states: a case in one is read-only. */
export const CASE_FINAL_STATES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => CASE_TRANSITIONS[s].length === 0);

/** True when a case in state `from` may move to `to` (or stays where it is). */
export function caseTransitionAllowed(from: string, to: string): boolean {
  if (from === to) return true;
  const next = (CASE_TRANSITIONS as Record<string, readonly string[]>)[from];
  return next !== undefined && next.includes(to);
}

/**
 * How a case is handled (the seeds 000–003): who works it and in whose name. `self` 自办 (the
 * township commission), `zone` 协作区办理 (a team from the zone's other townships under the
 * commander), `escalated` 提级办理 (the county commission, in its name), `cross` 交叉办理 (another
 * township's commission), `off_site` 异地办理, `joint` 联合办理 (with another organ),
 * `designated` 指定管辖 (with its decision document), `flagged` 挂牌督办 (a higher organ supervises,
 * with reports on a schedule).
 */
export const HANDLING_MODE_LABELS = {
  self: '自办',
  zone: '协作区办理',
  escalated: '提级办理',
  cross: '交叉办理',
  off_site: '异地办理',
  joint: '联合办理',
  designated: '指定管辖',
  flagged: '挂牌督办',
} as const;
/** A handling mode. */
export type HandlingMode = keyof typeof HANDLING_MODE_LABELS;
/** Every handling mode, in display order. */
export const HANDLING_MODES = Object.keys(HANDLING_MODE_LABELS) as HandlingMode[];

/**
 * The county's default list of reasons for choosing a mode (the seeds' criteria); a county may
 * keep its own list (setting `case.mode_reasons`). Each reason names the modes it supports.
 */
export const DEFAULT_MODE_REASONS: readonly { code: string; label: string; modes: readonly HandlingMode[] }[] = [
  { code: 'simple', label: '案情简单、事实清楚，由本乡镇纪委自办', modes: ['self'] },
  { code: 'public_reaction', label: '群众反映强烈、社会影响较大', modes: ['zone', 'escalated', 'flagged'] },
  { code: 'long_span', label: '时间跨度长、涉及问题多、查办难度大', modes: ['zone', 'escalated'] },
  { code: 'local_recusal', label: '本乡镇干部需回避，熟人社会干扰大', modes: ['zone', 'cross', 'off_site'] },
  { code: 'county_assigned', label: '县纪委监委指定由协作区办理', modes: ['zone'] },
  { code: 'superior_assigned', label: '上级交办、督办的案件', modes: ['escalated', 'flagged', 'designated'] },
  { code: 'major_case', label: '重大复杂案件', modes: ['escalated', 'joint'] },
  {
    code: 'township_leader',
    label: '涉及乡镇党政主要负责人或纪委自身人员',
    modes: ['escalated', 'cross', 'designated'],
  },
  { code: 'other_organ', label: '涉及其他机关管辖的问题，需联合办理', modes: ['joint'] },
  {
    code: 'other',
    label: '其他（须写明）',
    modes: ['self', 'zone', 'escalated', 'cross', 'off_site', 'joint', 'designated', 'flagged'],
  },
];

/** A person's part on a case team (审查调查组). */
export const CASE_MEMBER_ROLE_LABELS = {
  leader: '组长',
  deputy: '副组长',
  member: '组员',
} as const;
/** A case team role. */
export type CaseMemberRole = keyof typeof CASE_MEMBER_ROLE_LABELS;
/** Every team role. */
export const CASE_MEMBER_ROLES = Object.keys(CASE_MEMBER_ROLE_LABELS) as CaseMemberRole[];

/** The fewest people on a case team and on every investigative action (GZ 第四十二条; JCF24 第四十四条). */
export const CASE_MIN_OFFICERS = 2;

/** The conditions for filing a case (GZ 第三十七条; TL21 第一百八十条), each stated in the request. */
export const FILING_CONDITION_LABELS = {
  facts_established: '已经掌握部分违纪违法事实和证据',
  needs_investigation: '需要进一步审查调查',
  accountability: '需要追究党纪责任或者法律责任',
} as const;
/** A filing condition. */
export type FilingCondition = keyof typeof FILING_CONDITION_LABELS;
/** Every filing condition (all must be met). */
export const FILING_CONDITIONS = Object.keys(FILING_CONDITION_LABELS) as FilingCondition[];

/** What a case is filed on (TL21 第一百八十一条: a person, a unit, or an event 以事立案). */
export const CASE_TARGET_LABELS = {
  person: '对人立案',
  unit: '对单位立案',
  event: '以事立案',
} as const;
/** A filing target kind. */
export type CaseTarget = keyof typeof CASE_TARGET_LABELS;

/** The steps of a case's trail, with their Chinese names (modules add theirs with a label). */
export const CASE_EVENT_LABELS = {
  filing_requested: '提出立案审查调查呈批报告',
  filing_resubmitted: '修改后重新报批立案',
  filing_decided: '立案审批',
  filed: '立案',
  announced: '宣布立案决定',
  notified: '送达立案通知书',
  member_added: '加入审查调查组',
  member_removed: '退出审查调查组',
  mode_decided: '确定办理方式',
} as const;
/** A trail step of the base (`CASE_EVENT_LABELS`). */
export type CaseEventAction = keyof typeof CASE_EVENT_LABELS;

// cases: modes and the zone's rules (一案一授权、一案一汇报、一案一剖析、指定管辖、挂牌督办)

/** Where a request to change a case's handling mode stands (its approval `case.mode_change`). */
export const MODE_CHANGE_STATUS_LABELS = {
  pending: '审批中',
  approved: '已批准',
  returned: '已退回',
  rejected: '不予批准',
  withdrawn: '已撤回',
  lapsed: '案件已不在审查调查中，未执行',
} as const;
/** A mode change's status. */
export type ModeChangeStatus = keyof typeof MODE_CHANGE_STATUS_LABELS;

/** The states in which a case's handling mode may still change (after filing, before the report goes up). */
export const MODE_CHANGE_STATES: readonly CaseStatus[] = ['filed', 'investigating', 'facts_shown'];

/** The states in which briefings to the commander are recorded (一案一汇报: from filing to review). */
export const BRIEFING_STATES: readonly CaseStatus[] = [
  'filed',
  'investigating',
  'facts_shown',
  'reported',
  'transferred',
];

/** The states in which the closing analysis (一案一剖析) and its recommendations are written. */
export const ANALYSIS_STATES: readonly CaseStatus[] = ['investigating', 'facts_shown', 'reported', 'transferred'];

/** A 以案促改 recommendation's status (the supervision stage takes them over later). */
export const RECOMMENDATION_STATUS_LABELS = { open: '整改中', done: '已完成' } as const;
/** A recommendation status. */
export type RecommendationStatus = keyof typeof RECOMMENDATION_STATUS_LABELS;
/** Every recommendation status. */
export const RECOMMENDATION_STATUSES = Object.keys(RECOMMENDATION_STATUS_LABELS) as RecommendationStatus[];

/** The unit of a 挂牌督办 report schedule ("every N days / weeks"). */
export const FLAG_INTERVAL_LABELS = { day: '日', week: '周' } as const;
/** A schedule unit. */
export type FlagIntervalUnit = keyof typeof FLAG_INTERVAL_LABELS;
/** Every schedule unit. */
export const FLAG_INTERVAL_UNITS = Object.keys(FLAG_INTERVAL_LABELS) as FlagIntervalUnit[];

/** The documents of this part, by glossary name: 授权书 (zone cases) and 指定管辖决定书 (designated cases). */
export const ZONE_DOCUMENT_LABELS = {
  case_authorization: '授权书',
  designation_decision: '指定管辖决定书',
} as const;
/** A document of this part. */
export type ZoneDocument = keyof typeof ZONE_DOCUMENT_LABELS;
/** Every document of this part. */
export const ZONE_DOCUMENTS = Object.keys(ZONE_DOCUMENT_LABELS) as ZoneDocument[];

/** The trail steps of this part, with their Chinese names (passed to `addCaseEvent` as labels). */
export const ZONE_EVENT_LABELS = {
  mode_change_requested: '提出变更办理方式',
  mode_changed: '变更办理方式',
  mode_change_declined: '变更办理方式未获批准',
  authorized: '协作区授权办案（一案一授权）',
  briefed: '向指挥长汇报（一案一汇报）',
  analysis_saved: '案件剖析（一案一剖析）',
  recommendation_added: '提出以案促改建议',
  recommendation_updated: '以案促改建议状态变更',
  flag_schedule_set: '确定挂牌督办报告周期',
  flag_reported: '向督办机关报告进展',
} as const;
/** A trail step of this part. */
export type ZoneEventAction = keyof typeof ZONE_EVENT_LABELS;
