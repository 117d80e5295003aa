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
 * Review may send a transferred case back to `investigating` (不予受理, 退回补充审查调查, 退回重新
 * 审查调查: the review module guards which), and the team transfers it again from there (the
 * review module's resubmission, or the report's approval once more).
 * Staying in a state is always allowed.
 */
export const CASE_TRANSITIONS = {
  filing_requested: ['filed', 'filing_returned', 'filing_rejected'],
  filing_returned: ['filing_requested', 'filing_rejected'],
  filing_rejected: [],
  filed: ['investigating', 'withdrawn'],
  investigating: ['facts_shown', 'withdrawn', 'transferred'],
  facts_shown: ['investigating', 'reported', 'withdrawn'],
  reported: ['facts_shown', 'transferred'],
  transferred: ['closed', 'investigating'],
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

// cases: measures (措施台账, GZ 第四十条; JCF24 第二十一条 to 第三十三条, 第四十六条 to 第五十条)

/**
 * The measures a case may use (domain rules §3.1), with their Chinese names: the 2024 law's new
 * 强制到案, 管护 and 责令候查, 留置, the evidence measures, and those asked of other organs
 * (技术调查, 通缉, 限制出境).
 */
export const MEASURE_KIND_LABELS = {
  compulsory_appearance: '强制到案',
  custody: '管护',
  standby: '责令候查',
  detention: '留置',
  inquiry: '查询',
  freeze: '冻结',
  search: '搜查',
  obtain: '调取',
  seal: '查封',
  seize: '扣押',
  inspection: '勘验检查',
  appraisal: '鉴定',
  technical_investigation: '技术调查',
  wanted: '通缉',
  exit_ban: '限制出境',
} as const;
/** A kind of measure. */
export type MeasureKind = keyof typeof MEASURE_KIND_LABELS;
/** Every kind of measure, in the order of §3.1. */
export const MEASURE_KINDS = Object.keys(MEASURE_KIND_LABELS) as MeasureKind[];

/** Where a measure stands: approved (not yet carried out), running (carried out, clocks run), lifted (解除). */
export const MEASURE_STATUS_LABELS = {
  approved: '已批准待执行',
  running: '执行中',
  lifted: '已解除',
} as const;
/** A measure's state. */
export type MeasureStatus = keyof typeof MEASURE_STATUS_LABELS;
/** Every measure state. */
export const MEASURE_STATUSES = Object.keys(MEASURE_STATUS_LABELS) as MeasureStatus[];

/** The ledger's clock filter: running with time left, due within 3 days, overdue, lifted. */
export const MEASURE_CLOCK_FILTERS = ['running', 'due_soon', 'overdue', 'lifted'] as const;
/** A ledger clock filter. */
export type MeasureClockFilter = (typeof MEASURE_CLOCK_FILTERS)[number];

/**
 * The approver levels a county may set for the measures the law leaves to "按规定报批" (a county
 * setting per kind, GZ 第三十九条 for the split): 1 承办部门负责人, 2 分管领导 (相关负责人), 3 主要负责人.
 * A higher post always suffices.
 */
export const MEASURE_APPROVER_LEVEL_LABELS: Record<number, string> = {
  1: '承办部门负责人',
  2: '分管领导（相关负责人）',
  3: '主要负责人',
};

/** The steps of a measure in the case's trail. */
export const MEASURE_EVENT_LABELS = {
  measure_approved: '批准采取措施',
  measure_started: '执行措施',
  measure_notice: '通知单位和家属',
  measure_notice_withheld: '经批准不通知单位和家属',
  measure_transferred: '送交留置场所',
  measure_extended: '延长措施期限',
  measure_restarted: '重新计算留置时间',
  measure_change_requested: '收到变更措施申请',
  measure_change_decided: '答复变更措施申请',
  measure_lifted: '解除措施',
  period_extended: '延长审查调查期限',
  party_period_opened: '开始计算审查期限',
} as const;

// cases: plans, end of the investigation and documents

/**
 * The plans of an investigation (GZ 第三十九条): the 审查调查方案 (approved at a 专题会议 chaired by
 * the principal leader for serious cases, and through `case.plan`), the 谈话方案 and the 外查方案
 * (approved by the responsible leader).
 */
export const CASE_PLAN_KIND_LABELS = {
  investigation: '审查调查方案',
  talk: '谈话方案',
  inquiry: '外查方案',
} as const;
/** A plan kind. */
export type CasePlanKind = keyof typeof CASE_PLAN_KIND_LABELS;
/** Every plan kind. */
export const CASE_PLAN_KINDS = Object.keys(CASE_PLAN_KIND_LABELS) as CasePlanKind[];

/** Where a plan (or one of its revisions: the original or a change) stands in its approval. */
export const CASE_PLAN_STATUS_LABELS = {
  pending: '审批中',
  approved: '已批准',
  returned: '已退回',
  rejected: '不予批准',
} as const;
/** A plan or revision status. */
export type CasePlanStatus = keyof typeof CASE_PLAN_STATUS_LABELS;
/** Every plan status. */
export const CASE_PLAN_STATUSES = Object.keys(CASE_PLAN_STATUS_LABELS) as CasePlanStatus[];

/** Where the 审查调查报告 stands. */
export const CASE_REPORT_STATUS_LABELS = {
  draft: '起草中',
  pending: '报批中',
  returned: '已退回',
  approved: '已批准',
} as const;
/** A report status. */
export type CaseReportStatus = keyof typeof CASE_REPORT_STATUS_LABELS;
/** Every report status. */
export const CASE_REPORT_STATUSES = Object.keys(CASE_REPORT_STATUS_LABELS) as CaseReportStatus[];

/** What goes up with the report (GZ 第五十二条): each noted as attached, or why not. */
export const CASE_REPORT_ATTACHMENT_LABELS = {
  selfReflection: '忏悔反思材料',
  factsMaterial: '违纪违法事实材料',
  propertyReport: '涉案财物报告',
} as const;
/** A report attachment. */
export type CaseReportAttachment = keyof typeof CASE_REPORT_ATTACHMENT_LABELS;
/** Every report attachment. */
export const CASE_REPORT_ATTACHMENTS = Object.keys(CASE_REPORT_ATTACHMENT_LABELS) as CaseReportAttachment[];

/** The trail steps of plans, the end of the investigation and closing. */
export const CASE_PLAN_EVENT_LABELS = {
  plan_submitted: '报批方案',
  plan_decided: '方案审批',
  plan_change_submitted: '报批方案变更',
  plan_change_decided: '方案变更审批',
  facts_shown: '事实材料见面',
  discussion: '审查调查组集体讨论',
  report_saved: '修改审查调查报告',
  report_signed: '签署审查调查报告',
  report_signatures_voided: '报告内容变更，已有签字作废',
  report_submitted: '报送审查调查报告',
  report_decided: '审查调查报告审批',
  transferred: '移送审理',
  closed: '结案',
  higher_filing: '结案报上级备案',
} as const;
/** A trail step of this part. */
export type CasePlanEventAction = keyof typeof CASE_PLAN_EVENT_LABELS;

/** The case documents of filing and of the end of the investigation (`GET /api/cases/{id}/documents/{file}`). */
export const CASE_DOCUMENT_LABELS = {
  case_filing_form: '立案审查调查呈批报告',
  case_filing_decision: '立案决定书',
  case_filing_notice: '立案通知书',
  investigation_report: '审查调查报告',
} as const;
