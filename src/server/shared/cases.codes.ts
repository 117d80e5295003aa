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

// cases: team, actions and evidence (issue 13 §3, §4)

/**
 * Investigative actions (GZ 第四十条; JCF24 第十九条 to 第三十条): each is recorded with its
 * officers (≥ `CASE_MIN_OFFICERS`), the notice and credentials shown, and for talks the room.
 */
export const CASE_ACTION_KIND_LABELS = {
  talk: '谈话',
  inquiry: '询问',
  interrogation: '讯问',
  query: '查询',
  obtain: '调取',
  search: '搜查',
  seal: '查封',
  seize: '扣押',
  inspection: '勘验检查',
  appraisal: '鉴定',
} as const;
/** An investigative action kind. */
export type CaseActionKind = keyof typeof CASE_ACTION_KIND_LABELS;
/** Every investigative action kind. */
export const CASE_ACTION_KINDS = Object.keys(CASE_ACTION_KIND_LABELS) as CaseActionKind[];
/** The kinds recorded in a 笔录 made in a talk room (room, monitoring, safety checklist). */
export const CASE_TALK_KINDS: readonly CaseActionKind[] = ['talk', 'inquiry', 'interrogation'];
/**
 * The kinds that need full audio and video recording and, for talks, a monitored room (GZ
 * 第四十八条, 第四十九条: 审查调查谈话; JCF24 第二十条, TL21 第八十三条: 讯问; 第二十七条: 搜查).
 */
export const CASE_RECORDED_KINDS: readonly CaseActionKind[] = ['talk', 'interrogation', 'search'];

/** The eight kinds of evidence (TL21 第五十九条). */
export const EVIDENCE_TYPE_LABELS = {
  physical: '物证',
  documentary: '书证',
  witness: '证人证言',
  victim: '被害人陈述',
  subject_statement: '被调查人陈述、供述和辩解',
  expert_opinion: '鉴定意见',
  inspection_record: '勘验检查、辨认、调查实验等笔录',
  audiovisual: '视听资料、电子数据',
} as const;
/** An evidence type. */
export type EvidenceType = keyof typeof EVIDENCE_TYPE_LABELS;
/** Every evidence type. */
export const EVIDENCE_TYPES = Object.keys(EVIDENCE_TYPE_LABELS) as EvidenceType[];

/** The provenance an evidence item must carry to be cited (TL21 第一百二十一条, 第一百二十三条; GZ 第四十六条). */
export const PROVENANCE_FIELD_LABELS = {
  source: '来源或持有人',
  collectors: '收集人（至少2名审查调查人员）',
  collectedAt: '收集时间',
  place: '收集地点',
  method: '收集方式',
  copy: '复制件的原件存放处及未能调取原件的原因',
  signatures: '持有人、见证人签名（或拒绝签名的记明）',
} as const;
/** A provenance field. */
export type ProvenanceField = keyof typeof PROVENANCE_FIELD_LABELS;

/** Kinds of seized property (涉案财物, TL21 第一百三十条). */
export const PROPERTY_KIND_LABELS = { cash: '现金', goods: '物品', documents: '文件' } as const;
/** A seized property kind. */
export type PropertyKind = keyof typeof PROPERTY_KIND_LABELS;
/** Every property kind. */
export const PROPERTY_KINDS = Object.keys(PROPERTY_KIND_LABELS) as PropertyKind[];

/** Where a seized item stands. */
export const PROPERTY_STATUS_LABELS = {
  seized: '已查封扣押',
  deposited: '已存入专用账户',
  in_custody: '已移交保管',
  unrelated: '已查明与案件无关',
  released: '已解除退还',
} as const;
/** A property status. */
export type PropertyStatus = keyof typeof PROPERTY_STATUS_LABELS;
/** Every property status. */
export const PROPERTY_STATUSES = Object.keys(PROPERTY_STATUS_LABELS) as PropertyStatus[];

/** The steps of a seized item (each meets its clock). */
export const PROPERTY_STEP_LABELS = {
  deposit: '存入专用账户',
  custody: '移交保管部门',
  unrelated: '查明与案件无关',
  release: '解除查封扣押并退还',
} as const;
/** A property step. */
export type PropertyStep = keyof typeof PROPERTY_STEP_LABELS;
/** Every property step. */
export const PROPERTY_STEPS = Object.keys(PROPERTY_STEP_LABELS) as PropertyStep[];

/** Trail steps of the team, actions, evidence and property. */
export const CASE_EVIDENCE_EVENT_LABELS = {
  team_formed: '组建（调整）审查调查组',
  action_recorded: '记录审查调查措施',
  evidence_registered: '登记证据',
  evidence_updated: '补正证据来源信息',
  evidence_custody: '证据交接',
  evidence_file: '上传证据文件',
  property_registered: '登记涉案财物',
  property_step: '涉案财物处置',
} as const;
