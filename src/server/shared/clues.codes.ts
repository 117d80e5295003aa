/**
 * Code lists of the clue ledger (问题线索台账): the one copy that the server (schemas, ledger,
 * export) and the staff console (filters, tags, forms) both import. Bundled into the browser:
 * plain TypeScript, no Node built-ins, no imports from the server.
 */

/** Where a clue came from (GZ 第二十条), with its Chinese name. */
export const CLUE_SOURCE_LABELS = {
  report: '信访举报',
  inspection: '监督检查',
  audit: '审计移送',
  patrol: '巡察移交',
  data_alert: '大数据预警',
  higher_assignment: '上级交办',
  self_found: '部门自行发现（备案）',
  manual: '其他',
} as const;
/** A clue source. */
export type ClueSource = keyof typeof CLUE_SOURCE_LABELS;
/** Every clue source, in display order. */
export const CLUE_SOURCES = Object.keys(CLUE_SOURCE_LABELS) as ClueSource[];
/** Sources a person registers by hand (a report comes through intake's "register as clue"). */
export const MANUAL_CLUE_SOURCES = CLUE_SOURCES.filter((s): s is Exclude<ClueSource, 'report'> => s !== 'report');

/** The states of a clue (domain rules §11 "Clue"), with their Chinese names. */
export const CLUE_STATUS_LABELS = {
  registered: '已登记',
  assigned: '已分办',
  disposal_proposed: '已提出处置意见',
  inquiry: '谈话函询中',
  verification: '初步核实中',
  shelved: '暂存待查',
  concluded: '已了结',
  case_proposed: '拟立案',
  transferred: '已移送',
} as const;
/** A clue state. */
export type ClueStatus = keyof typeof CLUE_STATUS_LABELS;
/** Every clue state, in pipeline order. */
export const CLUE_STATUSES = Object.keys(CLUE_STATUS_LABELS) as ClueStatus[];

/**
 * The allowed moves between clue states (domain rules §11 "Clue"), checked by `setClueState`:
 * a move not listed answers 409 CLUE_TRANSITION. Staying in a state (a new keeper, a second talk)
 * is always allowed. `registered` → `assigned` when the assignment opinion (分办意见) is approved;
 * `assigned` → `disposal_proposed` when a disposal opinion goes up for approval, and back when it
 * is rejected; on approval the clue takes its disposal's state. An inquiry or a verification
 * ends by its report's outcome; a parked clue is reopened into `assigned` (never a silent end);
 * `concluded`, `case_proposed` (the case stage takes it from there) and `transferred` are final.
 */
export const CLUE_TRANSITIONS = {
  registered: ['assigned', 'transferred'],
  assigned: ['disposal_proposed', 'transferred'],
  disposal_proposed: ['assigned', 'inquiry', 'verification', 'shelved', 'concluded'],
  inquiry: ['verification', 'concluded'],
  verification: ['case_proposed', 'concluded', 'shelved', 'transferred'],
  shelved: ['assigned'],
  concluded: [],
  case_proposed: [],
  transferred: [],
} as const satisfies Record<keyof typeof CLUE_STATUS_LABELS, readonly (keyof typeof CLUE_STATUS_LABELS)[]>;

/**
 * The final states (no move leads out of them in `CLUE_TRANSITIONS`: concluded, handed over as a
 * proposed case, transferred): a clue in one is read-only, every write answers 409 CLUE_TRANSITION.
 */
export const CLUE_FINAL_STATES: readonly ClueStatus[] = CLUE_STATUSES.filter((s) => CLUE_TRANSITIONS[s].length === 0);

/** True when a clue in state `from` may move to `to` (or stays where it is). */
export function clueTransitionAllowed(from: string, to: string): boolean {
  if (from === to) return true;
  const next = (CLUE_TRANSITIONS as Record<string, readonly string[]>)[from];
  return next !== undefined && next.includes(to);
}

/**
 * How an inquiry (谈话函询, GZ 第三十条 / §1.4) or a verification (初步核实, 第三十五条 / §1.5) ended,
 * with its Chinese name. Inquiry outcomes: accepted_closed … false_accusation; verification
 * outcomes: case_proposed … transferred (reminder and shelved are shared).
 */
export const CLUE_OUTCOME_LABELS = {
  accepted_closed: '采信了结',
  reminder: '谈话提醒',
  criticism: '批评教育',
  self_examination: '责令检查',
  admonition: '诫勉',
  second_inquiry: '再次谈话函询',
  verification: '转初步核实',
  false_accusation: '查处诬告陷害',
  case_proposed: '拟立案审查调查',
  clarified: '予以了结并澄清正名',
  concluded: '予以了结',
  shelved: '暂存待查',
  transferred: '移送有关党组织处理',
} as const;
/** An outcome of an inquiry or a verification. */
export type ClueOutcome = keyof typeof CLUE_OUTCOME_LABELS;
/** The outcomes an inquiry's situation report may propose (GZ 第三十条). */
export const INQUIRY_OUTCOMES = [
  'accepted_closed',
  'reminder',
  'criticism',
  'self_examination',
  'admonition',
  'second_inquiry',
  'verification',
  'false_accusation',
] as const satisfies readonly ClueOutcome[];
/** The outcomes a verification report may propose (GZ 第三十五条). */
export const VERIFICATION_OUTCOMES = [
  'case_proposed',
  'concluded',
  'clarified',
  'reminder',
  'shelved',
  'transferred',
] as const satisfies readonly ClueOutcome[];

/** The four disposals (GZ 第二十一条), with their Chinese names. */
export const CLUE_DISPOSAL_LABELS = {
  inquiry: '谈话函询',
  verification: '初步核实',
  shelved: '暂存待查',
  concluded: '予以了结',
} as const;
/** A disposal. */
export type ClueDisposal = keyof typeof CLUE_DISPOSAL_LABELS;
/** The four disposals. */
export const CLUE_DISPOSALS = Object.keys(CLUE_DISPOSAL_LABELS) as ClueDisposal[];

/**
 * GZ 第二十二条 ranks: a clue about such a person is reported to the higher organ. The approval
 * chains read them too (the next-lower principal leader's clue needs the principal leader).
 */
export const CLUE_SUBJECT_RANK_LABELS = {
  party_committee_member: '同级党委委员、候补委员',
  standing_member: '纪委常委、监委委员',
  unit_principal: '管辖范围内单位主要负责人',
  lower_principal: '下一级党委（党组）主要负责人',
} as const;
/** A GZ 第二十二条 rank. */
export type ClueSubjectRank = keyof typeof CLUE_SUBJECT_RANK_LABELS;
/** Every rank. */
export const CLUE_SUBJECT_RANKS = Object.keys(CLUE_SUBJECT_RANK_LABELS) as ClueSubjectRank[];

/** Roles on a clue's team (need-to-know), with their Chinese names. */
export const CLUE_MEMBER_ROLE_LABELS = {
  keeper: '线索管理人',
  handler: '承办人',
  team_member: '核查组成员',
  approver: '审批人',
  registrar: '登记人',
} as const;
/** A role on a clue. */
export type ClueMemberRole = keyof typeof CLUE_MEMBER_ROLE_LABELS;
/** Every role on a clue. */
export const CLUE_MEMBER_ROLES = Object.keys(CLUE_MEMBER_ROLE_LABELS) as ClueMemberRole[];

/** States of a clue's disposal clock (timer 1) the ledger filters on. */
export const CLUE_CLOCK_STATES = ['overdue', 'due_soon', 'running'] as const;
/** A clock-state filter. */
export type ClueClockState = (typeof CLUE_CLOCK_STATES)[number];
/** Chinese names of the clock-state filters. */
export const CLUE_CLOCK_STATE_LABELS: Record<ClueClockState, string> = {
  overdue: '已超期',
  due_soon: '即将到期',
  running: '计时中',
};

/** Chinese words of the trail's actions (each step a handler signs). */
export const CLUE_EVENT_LABELS = {
  register: '登记线索',
  file_record: '备案',
  correct: '更正台账',
  higher_report: '报告上级纪委',
  meeting_decision: '线索研判会决定',
  member_added: '加入承办人员',
  member_removed: '退出承办人员',
  assignment_opinion: '拟定分办意见',
  assignment_approved: '分办意见批准，线索进入线索池',
  assignment_declined: '分办意见未获批准',
  people_assigned: '分派承办人员',
  recused: '决定回避',
  people_reassigned: '调整承办人员',
  disposal_proposed: '提出处置意见',
  disposal_approved: '处置意见获批准',
  disposal_rejected: '处置意见未获批准',
  disposal_returned: '处置意见被退回修改',
  disposal_withdrawn: '撤回处置意见',
  concluded: '予以了结',
  parked: '暂存待查',
  shelved_continued: '复查：继续暂存',
  shelved_reopened: '复查：重新启用线索',
  verification_plan: '报批初步核实工作方案',
  verification_plan_decided: '初步核实工作方案审批',
  verification_extended: '延长初核工作方案期限',
  verification_report_saved: '修改初步核实情况报告',
  verification_signed: '核查组成员签字',
  verification_signatures_voided: '报告内容变更，已有签字作废',
  verification_report: '报批初步核实情况报告',
  verification_report_decided: '初步核实情况报告审批',
  filing_handover: '移交立案审批',
  filing_drafted: '起草立案审查调查呈批报告',
  case_filed: '已立案',
  filing_declined: '不予立案',
  inquiry_request: '提出谈话函询报批请示',
  inquiry_request_decided: '谈话函询请示审批',
  inquiry_talk: '谈话',
  inquiry_delegation: '委托谈话',
  inquiry_explanation: '收到书面说明',
  inquiry_letter_receipt: '被函询人收到函询函',
  inquiry_reply: '收到函询回复',
  inquiry_report: '报送谈话函询情况报告',
  inquiry_report_decided: '谈话函询情况报告审批',
  inquiry_concluded: '谈话函询了结',
} as const;
/** A trail action this module writes (later stages add their own). */
export type ClueEventAction = keyof typeof CLUE_EVENT_LABELS;

/** Where an assignment opinion (分办意见) sends a clue: a county department, a zone, a township commission. */
export const CLUE_ASSIGNMENT_TARGET_LABELS = {
  office: '县纪委监委部门',
  zone: '协作区',
  township: '乡镇纪委',
} as const;
/** A kind of assignment target. */
export type ClueAssignmentTargetKind = keyof typeof CLUE_ASSIGNMENT_TARGET_LABELS;
/** Every kind of assignment target. */
export const CLUE_ASSIGNMENT_TARGET_KINDS = Object.keys(CLUE_ASSIGNMENT_TARGET_LABELS) as ClueAssignmentTargetKind[];
