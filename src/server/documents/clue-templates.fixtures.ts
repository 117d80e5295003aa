/**
 * Sample data for the clue-stage templates, shared by the tests and by anyone who wants to preview
 * the layouts. Names are invented.
 */
import type {
  ApprovalFormData,
  AssignmentOpinionData,
  ClarificationLetterData,
  ClueAllegationEntry,
  ClueRegistrationData,
  ClueSubjectEntry,
  ConclusionLetterData,
  InquiryLetterData,
  InquiryRequestData,
  TalkPlanData,
  TeamMember,
  VerificationPlanData,
  VerificationReportData,
} from './clue-templates.js';

/** The commission issuing the samples. */
export const SAMPLE_CLUE_COMMISSION = '中共渑池县纪律检查委员会';

/** A village party secretary reported on. */
export const SAMPLE_SUBJECT: ClueSubjectEntry = {
  name: '李四',
  position: '坡头乡张村党支部书记',
  politicalStatus: '中共党员',
  cadreAuthority: '乡党委管理',
};

/** A township party secretary (a principal leader of a unit under the county's jurisdiction). */
export const SAMPLE_PRINCIPAL: ClueSubjectEntry = {
  name: '钱七',
  position: '中共坡头乡委员会书记',
  politicalStatus: '中共党员',
  cadreAuthority: '县委管理',
};

/** Two allegations by category. */
export const SAMPLE_ALLEGATIONS: ClueAllegationEntry[] = [
  { category: '违反廉洁纪律', summary: '2026年春节期间收受村民所送购物卡，金额约2000元。' },
  { category: '违反群众纪律', summary: '在张村集体土地流转中优亲厚友，将流转收益违规分配给其亲属。' },
];

/** A verification team of three. */
export const SAMPLE_TEAM: TeamMember[] = [
  { role: '组长', name: '王五', position: '第二协作区 仰韶镇纪委书记' },
  { role: '成员', name: '赵六', position: '英豪镇纪委副书记' },
  { role: '成员', name: '孙八', position: '县纪委监委第三纪检监察室干部' },
];

/** Sample 线索登记表 data. */
export const SAMPLE_CLUE_REGISTRATION: ClueRegistrationData = {
  number: '渑纪线〔2026〕0007号',
  source: '信访举报',
  sourceRef: '渑纪信〔2026〕0042号',
  receivedOn: '2026-11-10',
  subjects: [SAMPLE_SUBJECT, { name: '周九', position: '坡头乡张村村委会委员', cadreAuthority: '乡党委管理' }],
  allegations: SAMPLE_ALLEGATIONS,
  amounts: '约2000元',
  region: '坡头乡张村',
  department: '第二协作区',
  keeper: '吴十',
  registeredBy: '案件监督管理室 郑某',
  registeredOn: '2026-11-12',
};

/** Sample generic 呈批表 with a signed step, an off-platform step and a step still to sign. */
export const SAMPLE_APPROVAL: ApprovalFormData = {
  title: '谈话函询呈批表',
  number: '渑纪批〔2026〕0031号',
  drafter: '吴十',
  department: '第三纪检监察室',
  draftedOn: '2026-11-20',
  fields: [{ label: '线索编号', value: '渑纪线〔2026〕0007号' }],
  summary: '拟对坡头乡张村党支部书记李四进行函询，函询函以委办公室名义发出。',
  steps: [
    { post: '承办部门意见', signer: '冯某', opinion: '同意函询。', date: '2026-11-21' },
    { post: '分管领导意见', signer: '陈某', offline: true, date: '2026-11-23' },
    { post: '主要负责人审批' },
  ],
};

/** Sample 分办意见 data. */
export const SAMPLE_ASSIGNMENT: AssignmentOpinionData = {
  number: '渑纪分〔2026〕0012号',
  clueNumber: '渑纪线〔2026〕0007号',
  subjects: [SAMPLE_SUBJECT],
  allegations: SAMPLE_ALLEGATIONS,
  proposedUnit: '第二协作区',
  reason: '被反映人系乡党委管理干部，坡头乡属第二协作区，按照协作区交叉办理规定，由第二协作区办理。',
  drafter: '郑某',
  draftedOn: '2026-11-12',
  steps: [
    { post: '案管部门负责人意见', signer: '褚某', opinion: '拟同意。', date: '2026-11-12' },
    { post: '主要负责人审批', signer: '卫某', opinion: '同意。', date: '2026-11-13' },
  ],
};

/** Sample 谈话函询报批请示 data (a talk with a township party secretary). */
export const SAMPLE_INQUIRY_REQUEST: InquiryRequestData = {
  number: '渑纪三室〔2026〕12号',
  recipient: '县纪委监委主要负责人',
  clueNumber: '渑纪线〔2026〕0009号',
  subject: SAMPLE_PRINCIPAL,
  origin: '2026年11月15日县委第一巡察组移交的问题线索',
  allegations: [{ category: '违反中央八项规定精神', summary: '2026年国庆期间多次接受辖区企业宴请。' }],
  mode: 'talk',
  reason: '反映问题较为笼统，时间、地点不具体，可查性不强，宜先通过谈话了解情况。',
  officers: '第三纪检监察室主任冯某、干部吴十',
  targetIsNextLowerPrincipal: true,
  department: '县纪委监委第三纪检监察室',
  date: '2026-11-25',
  attachments: ['谈话方案', '工作预案'],
};

/** Sample 谈话方案 data. */
export const SAMPLE_TALK_PLAN: TalkPlanData = {
  clueNumber: '渑纪线〔2026〕0009号',
  subject: SAMPLE_PRINCIPAL,
  time: '2026年12月3日上午9时',
  place: '县纪委监委谈话室（二类）',
  talkers: ['第三纪检监察室主任冯某', '干部吴十'],
  recorder: '吴十',
  attendees: '坡头乡纪委书记褚某',
  points: [
    '2026年国庆期间是否接受辖区企业宴请，宴请的时间、地点、参加人员及费用承担情况。',
    '与有关企业负责人的交往情况。',
  ],
  writtenExplanation: true,
  safety: [
    '谈话前进行安全风险评估，谈话对象情绪异常时及时中止谈话并报告。',
    '谈话全程录音录像，不少于2名工作人员在场。',
  ],
  department: '县纪委监委第三纪检监察室',
  date: '2026-11-25',
};

/** Sample 函询函 data (target not the principal leader: the reply passes the township secretary). */
export const SAMPLE_INQUIRY_LETTER: InquiryLetterData = {
  number: '渑纪办函〔2026〕15号',
  subject: SAMPLE_SUBJECT,
  matters: ['2026年春节期间是否收受村民所送购物卡，如有，请说明金额及处理情况。', '张村集体土地流转收益的分配情况。'],
  office: '中共渑池县纪律检查委员会办公室',
  principalLeader: '中共坡头乡委员会书记',
  copyTo: '中共坡头乡委员会',
  date: '2026-11-26',
  contactPerson: '吴十',
  contactPhone: '0398-4812388',
};

/** Sample 初步核实工作方案 data. */
export const SAMPLE_VERIFICATION_PLAN: VerificationPlanData = {
  clueNumber: '渑纪线〔2026〕0007号',
  subjects: [SAMPLE_SUBJECT],
  allegations: SAMPLE_ALLEGATIONS,
  team: SAMPLE_TEAM,
  measures: [
    '与张村会计、村民代表等有关人员谈话了解情况。',
    '调取张村2025年至2026年集体土地流转合同、收益分配账目。',
    '查阅坡头乡农村集体“三资”管理平台有关记录。',
  ],
  schedule: [
    { period: '2026年12月1日至12月5日', work: '调取合同、账目，熟悉情况。' },
    { period: '2026年12月6日至12月20日', work: '谈话了解情况，核对收益分配。' },
    { period: '2026年12月21日至12月25日', work: '分析研判，起草初步核实情况报告。' },
  ],
  department: '县纪委监委第二协作区',
  date: '2026-11-28',
};

/** Sample 初步核实情况报告 data. */
export const SAMPLE_VERIFICATION_REPORT: VerificationReportData = {
  clueNumber: '渑纪线〔2026〕0007号',
  background: ['李四，男，1972年3月出生，1998年6月加入中国共产党，2018年4月起任坡头乡张村党支部书记。'],
  allegations: SAMPLE_ALLEGATIONS,
  basis: ['《中国共产党纪律处分条例》第一百零二条', '《中国共产党纪律处分条例》第一百二十条'],
  findings: [
    '经调取张村超市购物卡销售记录并与有关村民谈话，李四于2026年2月收受村民购物卡2张，合计2000元，属实。',
    '经核对土地流转收益分配账目，收益按村民代表会议决议分配，未发现向其亲属违规分配的情况，不属实。',
  ],
  doubts: [],
  proposal: 'file_case',
  proposalReason: '李四违规收受购物卡问题属实，涉嫌违反廉洁纪律，建议对其立案审查。',
  team: SAMPLE_TEAM,
  issuer: '初步核实组',
  date: '2026-12-26',
};

/** Sample 了结 letter (repeats a concluded matter). */
export const SAMPLE_CONCLUSION: ConclusionLetterData = {
  number: '渑纪函〔2026〕0021号',
  recipient: '李四同志',
  subjectLabel: '你',
  matter: '在张村集体土地流转中优亲厚友',
  howHandled: '经函询',
  reason: 'not_substantiated',
  reasonDetail: '收益按村民代表会议决议分配',
  commissionName: SAMPLE_CLUE_COMMISSION,
  date: '2026-12-28',
};

/** Sample 澄清正名 letter. */
export const SAMPLE_CLARIFICATION: ClarificationLetterData = {
  number: '渑纪函〔2026〕0022号',
  recipient: '中共坡头乡委员会',
  subjectLabel: '坡头乡张村党支部书记李四',
  subjectName: '李四',
  matter: '在张村集体土地流转中优亲厚友',
  howVerified: '经初步核实',
  finding: '张村土地流转收益按村民代表会议决议分配，李四不存在优亲厚友问题',
  scope: '在张村党员大会上予以澄清',
  commissionName: SAMPLE_CLUE_COMMISSION,
  date: '2026-12-28',
};
