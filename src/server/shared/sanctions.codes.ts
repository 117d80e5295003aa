/**
 * Code lists of sanctions (党纪处分, 政务处分) and the outcomes short of a sanction (domain rules
 * §5, §11 "Sanction"): the one copy that the server (the rules engine in modules/sanctions, the
 * review module, schemas) and the staff console (forms, tags, the ledger) both import. Bundled
 * into the browser: plain TypeScript, no Node built-ins, no imports from the server.
 */

/**
 * Party sanctions for members (CF23 第八条; DZ 第四十一条), lightest first. `probation` (留党察看)
 * is for 1 or 2 years (`PROBATION_YEARS`).
 */
export const PARTY_SANCTION_LABELS = {
  warning: '警告',
  serious_warning: '严重警告',
  post_removal: '撤销党内职务',
  probation: '留党察看',
  expulsion: '开除党籍',
} as const;
/** A party sanction (`party_sanction`). */
export type PartySanction = keyof typeof PARTY_SANCTION_LABELS;
/** Every party sanction, lightest first (the order is the severity). */
export const PARTY_SANCTIONS = Object.keys(PARTY_SANCTION_LABELS) as PartySanction[];

/** State sanctions (政务处分, ZW 第七条), lightest first. */
export const STATE_SANCTION_LABELS = {
  warning: '警告',
  demerit: '记过',
  major_demerit: '记大过',
  demotion: '降级',
  removal: '撤职',
  discharge: '开除',
} as const;
/** A state sanction (`state_sanction`). */
export type StateSanction = keyof typeof STATE_SANCTION_LABELS;
/** Every state sanction, lightest first (the order is the severity). */
export const STATE_SANCTIONS = Object.keys(STATE_SANCTION_LABELS) as StateSanction[];

/** Which side a sanction belongs to: the party's (党纪) or the state's (政务). */
export const SANCTION_SYSTEM_LABELS = { party: '党纪处分', state: '政务处分' } as const;
/** A sanction system. */
export type SanctionSystem = keyof typeof SANCTION_SYSTEM_LABELS;

/** The lengths a 留党察看 may have, in years (CF23 第十二条: one year or two, two at most). */
export const PROBATION_YEARS = [1, 2] as const;
/** A probation length in years. */
export type ProbationYears = (typeof PROBATION_YEARS)[number];

/**
 * A sanction as the engine takes it: the side, the kind, a probation's length, and for a 严重警告
 * whether it is given in place of 撤销党内职务 to a member with no party post (CF23 第十一条第二款:
 * its effect period is then 2 years; PZ 第十二条: approved as 撤销党内职务).
 */
export type Sanction =
  | { system: 'party'; kind: Exclude<PartySanction, 'probation'>; inPlaceOfPostRemoval?: boolean }
  | { system: 'party'; kind: 'probation'; probationYears: ProbationYears }
  | { system: 'state'; kind: StateSanction };

/**
 * Outcomes short of a sanction (CF23 第十九条): 批评教育, 责令检查, 诫勉, 组织处理, 免予处分 (with
 * its written conclusion), and 谈话提醒 for minor matters.
 */
export const LIGHTER_OUTCOME_LABELS = {
  criticism: '批评教育',
  self_examination: '责令检查',
  admonition: '诫勉',
  organisational_handling: '组织处理',
  exemption: '免予处分',
  reminder_talk: '谈话提醒',
} as const;
/** A lighter outcome. */
export type LighterOutcome = keyof typeof LIGHTER_OUTCOME_LABELS;
/** Every lighter outcome. */
export const LIGHTER_OUTCOMES = Object.keys(LIGHTER_OUTCOME_LABELS) as LighterOutcome[];

/**
 * Party effect periods in months (影响期, CF23 第十条 to 第十三条): 警告 1 year, 严重警告 1.5
 * years, 撤销党内职务 2 years (and a 严重警告 given in its place, 第十一条第二款). 留党察看's own period is its 1 or 2 years (`PROBATION_YEARS`), then 2
 * years without a post equal to or above the old one after restoration; 开除党籍 bars
 * re-admission for 5 years.
 */
export const PARTY_EFFECT_MONTHS = {
  warning: 12,
  serious_warning: 18,
  post_removal: 24,
} as const satisfies Partial<Record<PartySanction, number>>;
/** After restoration from 留党察看: 2 years with no party post equal to or above the old one (CF23 第十二条). */
export const PROBATION_RESTORED_RESTRICTION_MONTHS = 24;
/** The extension of a 1-year 留党察看 that does not qualify for restoration: 1 year (CF23 第十二条; PZ 第二十一条). */
export const PROBATION_EXTENSION_MONTHS = 12;
/** After expulsion: no re-admission for 5 years (CF23 第十三条). */
export const EXPULSION_READMISSION_BAR_MONTHS = 60;

/** State sanction periods in months (处分期间, ZW 第八条); 开除 has none (the relationship ends). */
export const STATE_PERIOD_MONTHS = {
  warning: 6,
  demerit: 12,
  major_demerit: 18,
  demotion: 24,
  removal: 24,
} as const satisfies Partial<Record<StateSanction, number>>;
/** Several identical state sanctions (撤职 or lighter): the period chosen is capped at 48 months (ZW 第十五条). */
export const STATE_COMBINED_CAP_MONTHS = 48;

/**
 * The only state sanctions a village or community cadre (基层群众性自治组织中从事管理的人员) or
 * another person performing public duties may receive (ZW 第二十二条, 第二十三条).
 */
export const VILLAGE_CADRE_STATE_SANCTIONS: readonly StateSanction[] = ['warning', 'demerit', 'major_demerit'];

/**
 * The bodies that approve party sanctions (§5.2), lowest authority first: the township
 * commission (基层纪委), the township party committee with the power to approve probationary
 * members (基层党委), the county commission, the county party committee (standing committee), and
 * the commission and party committee above the county. PZ 第四十九条: the powers are minimums, so
 * a body later in this list may approve what an earlier one may.
 */
export const APPROVING_BODY_LABELS = {
  township_commission: '乡镇（街道）纪委（纪工委）',
  township_party_committee: '乡镇（街道）党委（党工委）',
  county_commission: '县级纪委',
  county_party_committee: '县级党委',
  higher_commission: '市级以上纪委',
  higher_party_committee: '市级以上党委',
} as const;
/** An approving body (`approving_body`). */
export type ApprovingBody = keyof typeof APPROVING_BODY_LABELS;
/** Every approving body, lowest authority first. */
export const APPROVING_BODIES = Object.keys(APPROVING_BODY_LABELS) as ApprovingBody[];

/**
 * The reasons a body at county level or above may decide a party sanction directly, without the
 * branch meeting (PZ 第十四条第一款 (一) to (七)); `other` needs its words.
 */
export const DIRECT_DECISION_REASON_LABELS = {
  secret_or_sensitive: '案情涉密、敏感',
  cross_region: '违纪案件跨地区跨部门跨单位',
  county_managed_cadre: '违纪党员系县级以上党委管理的党员干部',
  branch_dysfunctional: '所在基层党组织无法正常履行职责、不正确履行职责或者其负责人同违纪问题有关联',
  branch_no_resolution: '党支部党员大会无法及时形成决议，或者到会人数未过半数不能及时召开',
  taken_up: '县级以上纪委提级审查下级党委（党组）管理的党员',
  other: '党章和有关党内法规规定的其他情况',
} as const;
/** A direct-decision reason (`direct_decision`). */
export type DirectDecisionReason = keyof typeof DIRECT_DECISION_REASON_LABELS;
/** Every direct-decision reason, in the article's order. */
export const DIRECT_DECISION_REASONS = Object.keys(DIRECT_DECISION_REASON_LABELS) as DirectDecisionReason[];

/** How a 留党察看 ends (CF23 第十二条; PZ 第二十一条, 第二十二条). */
export const PROBATION_OUTCOME_LABELS = {
  restore: '恢复党员权利',
  extend: '延长一年留党察看期限',
  expel: '开除党籍',
} as const;
/** A probation outcome. */
export type ProbationOutcome = keyof typeof PROBATION_OUTCOME_LABELS;
/** Every probation outcome. */
export const PROBATION_OUTCOMES = Object.keys(PROBATION_OUTCOME_LABELS) as ProbationOutcome[];

/** The four forms (四种形态) of handling, first to fourth. */
export const FOUR_FORM_LABELS = {
  1: '第一种形态',
  2: '第二种形态',
  3: '第三种形态',
  4: '第四种形态',
} as const;
/** A form, 1 to 4 (`four_forms`). */
export type FourForm = 1 | 2 | 3 | 4;
/** Every form. */
export const FOUR_FORMS: readonly FourForm[] = [1, 2, 3, 4];

/**
 * Every outcome the four forms classify: each party and state sanction (`party.<kind>`,
 * `state.<kind>`), each lighter outcome (`lighter.<kind>`, 组织处理 split into a minor and a major
 * adjustment) and the referral for prosecution of a serious violation (`prosecution_referral`).
 */
export const FORM_OUTCOME_LABELS = {
  'lighter.criticism': '批评教育',
  'lighter.reminder_talk': '谈话提醒',
  'lighter.self_examination': '责令检查',
  'lighter.admonition': '诫勉',
  'lighter.exemption': '免予处分',
  'lighter.organisational_minor': '组织调整',
  'lighter.organisational_major': '重大职务调整',
  'party.warning': '党内警告',
  'party.serious_warning': '党内严重警告',
  'party.post_removal': '撤销党内职务',
  'party.probation': '留党察看',
  'party.expulsion': '开除党籍',
  'state.warning': '政务警告',
  'state.demerit': '记过',
  'state.major_demerit': '记大过',
  'state.demotion': '降级',
  'state.removal': '撤职',
  'state.discharge': '开除',
  prosecution_referral: '严重违纪违法涉嫌犯罪移送审查起诉',
} as const;
/** An outcome of the four forms' mapping. */
export type FormOutcome = keyof typeof FORM_OUTCOME_LABELS;
/** Every outcome the mapping must classify. */
export const FORM_OUTCOMES = Object.keys(FORM_OUTCOME_LABELS) as FormOutcome[];

/**
 * The national default of the four forms: first — criticism, talks, 诫勉 (and 责令检查, 免予处分);
 * second — 警告/严重警告, the light state sanctions (警告, 记过, 记大过) and a minor organisational
 * adjustment; third — 撤销党内职务, 留党察看, 开除党籍, 降级/撤职/开除 and a major adjustment;
 * fourth — referral for prosecution. A county may keep its own mapping (validated by
 * `fourFormsMappingProblems` in modules/sanctions).
 */
export const DEFAULT_FOUR_FORMS: Readonly<Record<FormOutcome, FourForm>> = {
  'lighter.criticism': 1,
  'lighter.reminder_talk': 1,
  'lighter.self_examination': 1,
  'lighter.admonition': 1,
  'lighter.exemption': 1,
  'lighter.organisational_minor': 2,
  'lighter.organisational_major': 3,
  'party.warning': 2,
  'party.serious_warning': 2,
  'party.post_removal': 3,
  'party.probation': 3,
  'party.expulsion': 3,
  'state.warning': 2,
  'state.demerit': 2,
  'state.major_demerit': 2,
  'state.demotion': 3,
  'state.removal': 3,
  'state.discharge': 3,
  prosecution_referral: 4,
};

/** Warnings the engine gives without refusing (the console shows them with the outcome). */
export const SANCTION_WARNING_LABELS = {
  party_state_mismatch: '党员受到撤职以上政务处分的，应当给予其撤销党内职务以上党纪处分（党纪重处分匹配政务重处分）',
  allowance_reduced: '村（社区）干部受到政务处分的，由县级或者乡镇人民政府根据情况减发或者扣发补贴、奖金',
  no_party_post: '被处分人未担任党内职务，应当给予严重警告处分，按撤销党内职务的批准权限审批',
} as const;
/** A warning code. */
export type SanctionWarning = keyof typeof SANCTION_WARNING_LABELS;

/** The subject kinds ZW 第二十二条 and 第二十三条 limit to 警告, 记过, 记大过. */
export const LIMITED_STATE_SUBJECT_LABELS = {
  village_cadre: '基层群众性自治组织中从事管理的人员',
  other_public_duty: '其他依法履行公职的人员',
} as const;
/** A subject kind limited to the three light state sanctions. */
export type LimitedStateSubject = keyof typeof LIMITED_STATE_SUBJECT_LABELS;

/** The Chinese name of a sanction, with a probation's length (`留党察看一年`). */
export function sanctionLabel(s: Sanction): string {
  if (s.system === 'state') return s.kind === 'warning' ? '政务警告' : STATE_SANCTION_LABELS[s.kind];
  if (s.kind === 'probation') return `留党察看${s.probationYears === 1 ? '一年' : '二年'}`;
  return s.kind === 'warning'
    ? '党内警告'
    : s.kind === 'serious_warning'
      ? '党内严重警告'
      : PARTY_SANCTION_LABELS[s.kind];
}

/** Where a sanction record comes from: a case's review decision, or imported history. */
export const SANCTION_SOURCES = ['case', 'import'] as const;

/** What a sanction record is: a party or state sanction, a lighter outcome, or the referral for prosecution. */
export const SANCTION_RECORD_SYSTEM_LABELS = {
  party: '党纪处分',
  state: '政务处分',
  lighter: '不予处分的处理',
  prosecution: '移送审查起诉',
} as const;
/** A record's system (`sanctions.system`). */
export type SanctionRecordSystem = keyof typeof SANCTION_RECORD_SYSTEM_LABELS;

/**
 * A sanction record's states: drafted from the review's decision, submitted to the approving
 * body, decided (the period runs), revoked by an appeal, or withdrawn before a decision.
 */
export const SANCTION_STATUS_LABELS = {
  drafted: '待报批',
  submitted: '已报批',
  decided: '已决定',
  revoked: '已撤销',
  withdrawn: '已撤回',
} as const;
/** A sanction record's state. */
export type SanctionStatus = keyof typeof SANCTION_STATUS_LABELS;

/** Appeals (`appeal`, GLOSSARY): party 申诉/复议/复查 and state 复审/复核; and their outcomes. */
export const SANCTION_APPEAL_KIND_LABELS = {
  complaint: '申诉',
  reconsideration: '复议',
  re_examination: '复查',
  state_review: '复审',
  state_recheck: '复核',
} as const;
/** An appeal kind. */
export type SanctionAppealKind = keyof typeof SANCTION_APPEAL_KIND_LABELS;
/** How an appeal ends. */
export const SANCTION_APPEAL_OUTCOME_LABELS = {
  upheld: '维持原处分',
  changed: '变更处分',
  revoked: '撤销处分',
} as const;
/** An appeal outcome. */
export type SanctionAppealOutcome = keyof typeof SANCTION_APPEAL_OUTCOME_LABELS;

/** The steps of a sanction's trail (`sanction_events.action`). */
export const SANCTION_EVENT_LABELS = {
  drafted: '根据审理决定拟定处理',
  edited: '修改拟定处理',
  defence_heard: '听取陈述申辩',
  branch_meeting: '召开支部大会',
  direct_decision: '上级党组织直接决定',
  submitted: '报请批准',
  decided: '作出处分决定',
  withdrawn: '撤回',
  delivered: '送达',
  announced: '宣布',
  job_pay: '职务、职级、工资待遇调整',
  execution_reported: '报告执行情况',
  submitted_committee: '报送党委',
  submitted_up: '报上级纪委备案',
  notice: '通知有关单位',
  lifted: '处分期满解除',
  effect_ended: '影响期满',
  readmission_bar_ended: '五年内不得重新入党的期限届满',
  probation_outcome: '留党察看期满处理',
  appeal_received: '收到申诉（复审、复核）',
  appeal_decided: '申诉（复审、复核）决定',
  changed: '处分变更',
  revoked: '处分撤销',
} as const;
/** A trail step. */
export type SanctionEventAction = keyof typeof SANCTION_EVENT_LABELS;
