/**
 * The official documents of the clue stage (问题线索处置, GZ 第二十条 to 第三十五条;
 * domain-rules §1.3–§1.5, §2.8 and §10 item 13), as pure functions from plain data to an
 * `OfficialDocument`, like the intake documents in `templates.ts`. Nothing here touches the
 * database: the clue module looks the data up, decides what may be shown and passes strings.
 * Dates may be ISO (`2026-12-01`) or already-formatted Chinese text; ISO dates are converted.
 * A verification team of fewer than two is refused with a `RangeError` (GZ 第三十三条).
 */
import { type Block, type Field, type OfficialDocument, type SignatureLine, toChineseDate } from './official.js';

const EMPTY = '';
const p = (text: string): Block => ({ kind: 'paragraph', text });
const h1 = (text: string): Block => ({ kind: 'heading', level: 1, text });
const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** "一、", "二、" … for the n-th (0-based) level-1 heading. */
const ordinal = (n: number): string => `${CN_NUMBERS[n] ?? String(n + 1)}、`;
/** "（一）", "（二）" … for the n-th (0-based) item. */
const item = (n: number): string => `（${CN_NUMBERS[n] ?? String(n + 1)}）`;
const optDate = (value: string | undefined): string => (value ? toChineseDate(value) : EMPTY);

/** A person a clue is about, as printed on the clue documents. */
export interface ClueSubjectEntry {
  /** 姓名. */
  name: string;
  /** 工作单位及职务, e.g. "坡头乡张村党支部书记". */
  position: string;
  /** 干部管理权限, e.g. "乡党委管理" or "县委管理". */
  cadreAuthority: string;
  /** 政治面貌, e.g. "中共党员"; omitted when unknown. */
  politicalStatus?: string;
}

/** One allegation of a clue, by category. */
export interface ClueAllegationEntry {
  /** 问题类别, e.g. "违反廉洁纪律". */
  category: string;
  /** 主要问题, e.g. "收受村民所送购物卡约2000元". */
  summary: string;
}

/** "李四（坡头乡张村党支部书记，中共党员，乡党委管理）" for each subject, one per line. */
function subjectsText(subjects: readonly ClueSubjectEntry[]): string {
  return subjects
    .map((s) => `${s.name}（${[s.position, s.politicalStatus, s.cadreAuthority].filter(Boolean).join('，')}）`)
    .join('\n');
}

/** "1.违反廉洁纪律：收受……" lines, one per allegation. */
function allegationsText(allegations: readonly ClueAllegationEntry[]): string {
  return allegations.map((a, i) => `${i + 1}.${a.category}：${a.summary}`).join('\n');
}

/** Data for 线索登记表 (the clue's registration form, GZ 第二十三条). */
export interface ClueRegistrationData {
  /** 线索编号, e.g. "渑纪线〔2026〕0007号". */
  number: string;
  /** 线索来源, e.g. "信访举报" or "巡察移交" or "上级交办". */
  source: string;
  /** 来源编号: the originating report's or document's number; empty when none. */
  sourceRef?: string;
  /** 收到日期; ISO or Chinese. */
  receivedOn: string;
  /** 被反映人: one entry per person, with position and cadre authority. */
  subjects: ClueSubjectEntry[];
  /** 反映的主要问题, by category. */
  allegations: ClueAllegationEntry[];
  /** 涉及金额, e.g. "约2.5万元"; empty when none is alleged. */
  amounts?: string;
  /** 所属区划, e.g. "坡头乡张村". */
  region: string;
  /** 承办部门, e.g. "第三纪检监察室". */
  department?: string;
  /** 线索管理人 (the keeper, GZ 第二十三条). */
  keeper: string;
  /** 案管登记: who at 案管 registered it, e.g. "案件监督管理室 周某". */
  registeredBy: string;
  /** 登记日期; ISO or Chinese. */
  registeredOn: string;
  /** 报上级纪委: what was reported up under GZ 第二十二条, e.g. "已于2026年12月3日报市纪委备案"; empty when not required. */
  reportedUp?: string;
  /** 领导批示 if already given; empty leaves a box to write and sign by hand. */
  leaderInstruction?: string;
}

/** Builds 线索登记表: a 4-column field table ending with the leader's instruction box. */
export function clueRegistrationForm(d: ClueRegistrationData): OfficialDocument {
  const fields: Field[] = [
    { label: '线索来源', value: d.source },
    { label: '收到日期', value: toChineseDate(d.receivedOn) },
    { label: '来源编号', value: d.sourceRef ?? EMPTY, wide: true },
    { label: '所属区划', value: d.region, wide: true },
    { label: '被反映人', value: subjectsText(d.subjects), wide: true, minLines: Math.max(1, d.subjects.length) },
    { label: '反映问题', value: allegationsText(d.allegations), wide: true, minLines: 4 },
    { label: '涉及金额', value: d.amounts ?? EMPTY },
    { label: '承办部门', value: d.department ?? EMPTY },
    { label: '线索管理人', value: d.keeper },
    { label: '登记日期', value: toChineseDate(d.registeredOn) },
    { label: '案管登记', value: d.registeredBy, wide: true },
    { label: '报上级纪委', value: d.reportedUp ?? '不属于应报情形', wide: true },
    { label: '领导批示', value: d.leaderInstruction ?? EMPTY, wide: true, minLines: 3, sign: '签字' },
  ];
  return {
    title: '问题线索登记表',
    docNumber: `编号：${d.number}`,
    docNumberAlign: 'right',
    confidentiality: '机密',
    blocks: [{ kind: 'fields', columns: 4, fields }],
    footer: '注：经手线索的每一环节均应签字，全程登记备查（《中国共产党纪律检查机关监督执纪工作规则》第二十三条）。',
  };
}

/** One step of an approval chain as printed on a 呈批表. */
export interface ApprovalStepEntry {
  /** The row's label: the post that signs, e.g. "承办部门意见", "分管领导意见", "主要负责人审批". */
  post: string;
  /** Who signed, e.g. "王某"; empty for a step not reached yet (a blank box to sign by hand). */
  signer?: string;
  /** The opinion as written, e.g. "同意。"; ignored for an off-platform signature. */
  opinion?: string;
  /** When it was signed; ISO or Chinese. */
  date?: string;
  /** Signed on paper, outside the platform: the box reads "（线下签批）" and the signer's name. */
  offline?: boolean;
}

/** The text of one chain step's opinion box. */
function stepText(s: ApprovalStepEntry): string {
  if (!s.signer) return EMPTY;
  const opinion = s.offline ? '（线下签批）' : (s.opinion ?? EMPTY);
  return `${opinion}\n签批人：${s.signer}\u3000\u3000${optDate(s.date)}`;
}

/** Data for a generic 呈批表: any chain of any length fits. */
export interface ApprovalFormData {
  /** 标题, e.g. "问题线索分办意见呈批表" or "谈话函询呈批表". */
  title: string;
  /** 编号. */
  number: string;
  /** 拟稿人. */
  drafter: string;
  /** 拟稿部门, e.g. "案件监督管理室". */
  department: string;
  /** 拟稿日期; ISO or Chinese. */
  draftedOn: string;
  /** Rows printed before the summary (e.g. 线索编号, 被反映人); label and value. */
  fields?: { label: string; value: string }[];
  /** 主要内容及拟办意见. */
  summary: string;
  /** One row per chain step in order, from the first approver up. */
  steps: ApprovalStepEntry[];
}

/** Builds a 呈批表: drafter and department, the summary, then one opinion box per chain step. */
export function approvalForm(d: ApprovalFormData): OfficialDocument {
  // 2 columns: the posts of a long chain ("同级党委主要负责人审批") need the wider label column
  const fields: Field[] = [
    { label: '拟稿部门', value: `${d.department}\u3000\u3000拟稿人：${d.drafter}` },
    { label: '拟稿日期', value: toChineseDate(d.draftedOn) },
    ...(d.fields ?? []),
    { label: '主要内容及拟办意见', value: d.summary, minLines: 4 },
    ...d.steps.map((s) => ({
      label: s.post,
      value: stepText(s),
      minLines: 2,
      // a step not signed yet leaves a box with a slot to sign and date by hand
      ...(s.signer ? {} : { sign: '签字' }),
    })),
  ];
  return {
    title: d.title,
    docNumber: `编号：${d.number}`,
    docNumberAlign: 'right',
    confidentiality: '机密',
    blocks: [{ kind: 'fields', columns: 2, fields }],
  };
}

/** Data for 问题线索分办意见 (案管's assignment opinion, GZ 第二十三条), printed as a 呈批表. */
export interface AssignmentOpinionData {
  /** 编号 of the form. */
  number: string;
  /** 线索编号. */
  clueNumber: string;
  /** 被反映人. */
  subjects: ClueSubjectEntry[];
  /** 反映的主要问题. */
  allegations: ClueAllegationEntry[];
  /** 拟承办单位, e.g. "第二协作区" or "坡头乡纪委" or "第三纪检监察室". */
  proposedUnit: string;
  /** 分办理由, e.g. "被反映人系乡党委管理干部，按干部管理权限由乡纪委办理". */
  reason: string;
  /** 拟稿人 (案管). */
  drafter: string;
  /** 拟稿部门; defaults to "案件监督管理室". */
  department?: string;
  /** 拟稿日期; ISO or Chinese. */
  draftedOn: string;
  /** The chain, normally ending with the 主要负责人审批 step. */
  steps: ApprovalStepEntry[];
}

/** Builds 问题线索分办意见呈批表 from the clue and the proposed unit. */
export function assignmentOpinion(d: AssignmentOpinionData): OfficialDocument {
  return approvalForm({
    title: '问题线索分办意见呈批表',
    number: d.number,
    drafter: d.drafter,
    department: d.department ?? '案件监督管理室',
    draftedOn: d.draftedOn,
    fields: [
      { label: '线索编号', value: d.clueNumber },
      { label: '被反映人', value: subjectsText(d.subjects) },
      { label: '反映问题', value: allegationsText(d.allegations) },
    ],
    summary: `拟分送${d.proposedUnit}办理。理由：${d.reason}`,
    steps: d.steps,
  });
}

/** How a 谈话函询 is carried out. */
export type InquiryMode = 'talk' | 'letter';
const MODE_WORDS: Record<InquiryMode, string> = { talk: '谈话', letter: '函询' };

/** Data for 谈话函询报批请示 (GZ 第二十七条). */
export interface InquiryRequestData {
  /** 文号, e.g. "渑纪三室〔2026〕12号". */
  number: string;
  /** Addressed to, e.g. "县纪委监委主要负责人" (printed with "："). */
  recipient: string;
  /** 线索编号. */
  clueNumber: string;
  /** The person the talk or letter is for. */
  subject: ClueSubjectEntry;
  /** 线索来源 and date, e.g. "2026年11月10日县纪委监委信访室转来的实名举报". */
  origin: string;
  /** 反映的主要问题. */
  allegations: ClueAllegationEntry[];
  /** 谈话 or 函询. */
  mode: InquiryMode;
  /** Why this mode (e.g. "反映问题较为笼统，可查性不强"). */
  reason: string;
  /** Who talks, e.g. "第三纪检监察室主任王某、干部赵某"; for a letter who handles the reply. */
  officers: string;
  /** The target is the principal leader of the next-lower 党委/党组: the commission's principal leader approves (GZ 第二十七条). */
  targetIsNextLowerPrincipal: boolean;
  /** 承办部门 (the issuer). */
  department: string;
  /** 成文日期; ISO or Chinese. */
  date: string;
  /** 附件 names, e.g. ["谈话方案", "工作预案"]. */
  attachments?: string[];
}

/** Builds 关于对某某同志进行谈话（函询）的请示. */
export function inquiryRequest(d: InquiryRequestData): OfficialDocument {
  const mode = MODE_WORDS[d.mode];
  const s = d.subject;
  const blocks: Block[] = [
    p(
      `${d.origin}反映${s.position}${s.name}（${s.cadreAuthority}）有关问题（线索编号：${d.clueNumber}）。经集体研究，根据《中国共产党纪律检查机关监督执纪工作规则》第二十六条、第二十七条，拟对${s.name}同志进行${mode}。现将有关情况请示如下。`,
    ),
    h1('一、反映的主要问题'),
    ...d.allegations.map((a, i) => p(`${item(i)}${a.category}。${a.summary}`)),
    h1(`二、拟采取${mode}方式的理由`),
    p(d.reason),
    h1('三、工作安排'),
    p(
      d.mode === 'talk'
        ? `拟由${d.officers}在具备安全保障条件的场所与${s.name}同志谈话，制作谈话笔录；视情况要求其在15个工作日内作出书面说明。谈话方案、工作预案附后。`
        : `拟以委办公室名义向${s.name}同志发函询函，要求其自收到函询函之日起15个工作日内作出书面说明。回复材料由${d.officers}负责接收、审核。`,
    ),
  ];
  if (d.targetIsNextLowerPrincipal)
    blocks.push(
      p(
        `${s.name}同志系下一级党委（党组）主要负责人，按照规定，本次${mode}报委主要负责人审批，必要时向同级党委主要负责人报告。`,
      ),
    );
  blocks.push(p('妥否，请批示。'));
  const attachments = d.attachments ?? [];
  if (attachments.length > 0)
    blocks.push({
      kind: 'paragraph',
      indent: true,
      // one line: the wrapper drops the leading spaces that would align a second line under "1."
      text: `附件：${attachments.map((a, i) => (attachments.length > 1 ? `${i + 1}.${a}` : a)).join('\u3000')}`,
    });
  return {
    title: `关于对${s.name}同志进行${mode}的请示`,
    docNumber: d.number,
    recipient: `${d.recipient}：`,
    confidentiality: '机密',
    blocks,
    issuer: d.department,
    date: toChineseDate(d.date),
  };
}

/** Data for 谈话方案 (GZ 第二十七条, 第二十八条). */
export interface TalkPlanData {
  /** 线索编号. */
  clueNumber: string;
  /** 谈话对象. */
  subject: ClueSubjectEntry;
  /** 谈话时间; ISO or Chinese, e.g. "2026年12月10日上午9时". */
  time: string;
  /** 谈话地点: a venue with safety guarantees (GZ 第二十八条), e.g. "县纪委监委谈话室（二类）". */
  place: string;
  /** 谈话人 (names and posts). */
  talkers: string[];
  /** 记录人. */
  recorder: string;
  /** Attending from the target's 党委/党组 or 纪委, e.g. "坡头乡纪委书记孙某"; empty when nobody. */
  attendees?: string;
  /** Delegated to the principal leader of the target's 党委/党组 (委托谈话): who; the talk is held within 15 working days of the 委托函. */
  delegatedTo?: string;
  /** 谈话要点, one per item. */
  points: string[];
  /** 书面说明: whether one is required afterwards (due within 15 working days). */
  writtenExplanation: boolean;
  /** 安全措施, one per item (the 工作预案's essentials). */
  safety: string[];
  /** 承办部门. */
  department: string;
  /** 成文日期; ISO or Chinese. */
  date: string;
}

/** Builds 谈话方案: who, when, where, what to ask, and how the talk is kept safe. */
export function talkPlan(d: TalkPlanData): OfficialDocument {
  const s = d.subject;
  const sections: [string, string[]][] = [
    ['谈话对象', [`${s.name}，${s.position}（${s.cadreAuthority}）。线索编号：${d.clueNumber}。`]],
    ['谈话时间和地点', [`${toChineseDate(d.time)}，在${d.place}进行，谈话场所应当具备安全保障条件。`]],
    [
      '谈话人员',
      [
        `谈话人：${d.talkers.join('、')}；记录人：${d.recorder}。`,
        ...(d.attendees ? [`${d.attendees}参加谈话。`] : []),
        ...(d.delegatedTo
          ? [`经批准，委托${d.delegatedTo}进行谈话，应当自收到委托函之日起15个工作日内完成并报送谈话情况。`]
          : []),
      ],
    ],
    ['谈话要点', d.points.map((pt, i) => `${item(i)}${pt}`)],
    [
      '谈话要求',
      [
        '谈话应当制作谈话笔录，经谈话对象核对后签字确认。',
        d.writtenExplanation
          ? '谈话结束后，要求谈话对象在15个工作日内作出书面说明，并逐页签名。'
          : '视谈话情况决定是否要求谈话对象作出书面说明。',
      ],
    ],
    ['安全措施', d.safety.map((x, i) => `${item(i)}${x}`)],
  ];
  return {
    title: '谈话方案',
    docNumber: `线索编号：${d.clueNumber}`,
    docNumberAlign: 'right',
    confidentiality: '机密',
    blocks: sections.flatMap(([heading, paras], i) => [h1(`${ordinal(i)}${heading}`), ...paras.map(p)]),
    issuer: d.department,
    date: toChineseDate(d.date),
  };
}

/** Data for 函询函, sent in the name of the commission's office (GZ 第二十九条). */
export interface InquiryLetterData {
  /** 文号, e.g. "渑纪办函〔2026〕15号". */
  number: string;
  /** The person queried. */
  subject: ClueSubjectEntry;
  /** The matters to explain, one per item. */
  matters: string[];
  /** The office that sends it, e.g. "中共渑池县纪律检查委员会办公室". */
  office: string;
  /**
   * The principal leader of the subject's 党委/党组 who signs an opinion on the reply, e.g.
   * "中共坡头乡委员会书记"; null when the subject is that leader (or the reply concerns them):
   * the reply then comes straight back to the commission.
   */
  principalLeader: string | null;
  /** 抄送: the subject's 党委/党组 (and the 派驻纪检监察组's leader where there is one). */
  copyTo: string;
  /** 成文日期; ISO or Chinese. */
  date: string;
  /** 联系人. */
  contactPerson: string;
  /** 联系电话. */
  contactPhone: string;
}

/** Builds 函询函: the matters to explain, the 15-working-day reply, and the way the reply goes back. */
export function inquiryLetter(d: InquiryLetterData): OfficialDocument {
  const s = d.subject;
  const route = d.principalLeader
    ? `书面说明须经${d.principalLeader}签署意见后，由你单位党组织报送我委。`
    : '你系所在单位党委（党组）主要负责人，书面说明由你本人直接报送我委，无需经所在单位签署意见。';
  return {
    title: '函询函',
    docNumber: d.number,
    recipient: `${s.name}同志：`,
    confidentiality: '机密',
    blocks: [
      p(
        `我委收到反映你有关问题的线索。根据《中国共产党纪律检查机关监督执纪工作规则》第二十九条，现请你就以下问题作出说明：`,
      ),
      ...d.matters.map((m, i) => p(`${item(i)}${m}`)),
      p(`请你本着对组织忠诚老实的态度，如实说明上述问题，并于收到本函之日起15个工作日内书面回复。${route}`),
      p('书面说明应当逐页签名，有关情况需提供证明材料的，一并报送。不得对外泄露本函内容。'),
    ],
    issuer: d.office,
    date: toChineseDate(d.date),
    footer: `抄送：${d.copyTo}。\n联系人：${d.contactPerson}\u3000\u3000联系电话：${d.contactPhone}`,
  };
}

/** A member of a verification team (核查组). */
export interface TeamMember {
  /** 姓名. */
  name: string;
  /** 组长 or 成员 (or 副组长). */
  role: string;
  /** 单位及职务, e.g. "第二协作区 仰韶镇纪委书记". */
  position: string;
}

/** GZ 第三十三条 needs a team; we hold it to at least two members, as every 核查 does. */
function requireTeam(team: readonly TeamMember[]): void {
  if (team.length < 2) throw new RangeError('核查组至少应有2名成员');
}

/** One phase of a work schedule. */
export interface SchedulePhase {
  /** 时间段, e.g. "2026年12月10日至12月20日". */
  period: string;
  /** 工作内容. */
  work: string;
}

/** Data for 初步核实工作方案 (GZ 第三十三条, 第三十四条). */
export interface VerificationPlanData {
  /** 线索编号. */
  clueNumber: string;
  /** 被核查人. */
  subjects: ClueSubjectEntry[];
  /** 反映的主要问题 to verify. */
  allegations: ClueAllegationEntry[];
  /** 核查组: at least 2 members. */
  team: TeamMember[];
  /** 核查措施 (GZ 第三十四条: 谈话, 要求说明, 调取个人有关事项报告, 查阅复制, 核查资产, 鉴定勘验), one per item. */
  measures: string[];
  /** 工作步骤和时间安排. */
  schedule: SchedulePhase[];
  /** 纪律和保密要求, one per item; defaults to the usual three. */
  discipline?: string[];
  /** 承办部门 or 协作区. */
  department: string;
  /** 成文日期; ISO or Chinese. */
  date: string;
}

/** Builds 初步核实工作方案: what to verify, the team (≥ 2, named), the measures and the schedule. RangeError for a team of one. */
export function verificationPlan(d: VerificationPlanData): OfficialDocument {
  requireTeam(d.team);
  const discipline = d.discipline ?? [
    '初步核实期间一般不与被核查人接触；确需与被核查人谈话的，按程序报批。',
    '严格遵守保密纪律，不得泄露核查工作情况和检举控告人信息。',
    '核查组成员与被核查人有回避情形的，应当主动申请回避。',
  ];
  return {
    title: '初步核实工作方案',
    docNumber: `线索编号：${d.clueNumber}`,
    docNumberAlign: 'right',
    confidentiality: '机密',
    blocks: [
      h1('一、被核查人基本情况'),
      ...d.subjects.map((s) =>
        p(`${[s.name, s.position, s.politicalStatus, s.cadreAuthority].filter(Boolean).join('，')}。`),
      ),
      h1('二、需核实的主要问题'),
      ...d.allegations.map((a, i) => p(`${item(i)}${a.category}。${a.summary}`)),
      h1('三、核查组组成'),
      p(`核查组由${d.team.length}人组成：`),
      ...d.team.map((m) => p(`${m.role}：${m.name}（${m.position}）`)),
      h1('四、核查措施'),
      ...d.measures.map((m, i) => p(`${item(i)}${m}`)),
      h1('五、工作步骤和时间安排'),
      ...d.schedule.map((s, i) => p(`${item(i)}${s.period}：${s.work}`)),
      h1('六、纪律和保密要求'),
      ...discipline.map((x, i) => p(`${item(i)}${x}`)),
    ],
    issuer: d.department,
    date: toChineseDate(d.date),
  };
}

/** The five proposals that end a verification (GZ 第三十五条). */
export const VERIFICATION_PROPOSALS = {
  file_case: '拟立案审查调查',
  conclude: '予以了结',
  reminder_talk: '谈话提醒',
  shelve: '暂存待查',
  transfer: '移送有关党组织处理',
} as const;
/** A verification's proposal (keys of `VERIFICATION_PROPOSALS`). */
export type VerificationProposal = keyof typeof VERIFICATION_PROPOSALS;

/** Data for 初步核实情况报告, its six parts after GZ 第三十五条. */
export interface VerificationReportData {
  /** 线索编号. */
  clueNumber: string;
  /** 一、被核查人基本情况: one paragraph per person (birth year, party membership, career…). */
  background: string[];
  /** 二、反映的主要问题. */
  allegations: ClueAllegationEntry[];
  /** 三、核查依据: the rules applied, e.g. "《中国共产党纪律处分条例》第九十七条". */
  basis: string[];
  /** 四、核实情况: the findings, one per allegation or matter. */
  findings: string[];
  /** 五、存疑问题: open doubts; empty prints "无". */
  doubts: string[];
  /** 六、处置建议: which of the five proposals. */
  proposal: VerificationProposal;
  /** The reasoning behind the proposal. */
  proposalReason: string;
  /** 核查组: every member signs (GZ 第三十五条); at least 2. */
  team: TeamMember[];
  /** 核查组 / department named as the issuer, e.g. "初步核实组". */
  issuer: string;
  /** 成文日期; ISO or Chinese. */
  date: string;
}

/** Builds 初步核实情况报告 with a signature line for every team member. RangeError for a team of one. */
export function verificationReport(d: VerificationReportData): OfficialDocument {
  requireTeam(d.team);
  const numbered = (xs: readonly string[]): Block[] => xs.map((x, i) => p(`${item(i)}${x}`));
  const signatures: SignatureLine[] = d.team.map((m) => ({ label: `${m.role}${m.name}（签字）` }));
  return {
    title: '初步核实情况报告',
    docNumber: `线索编号：${d.clueNumber}`,
    docNumberAlign: 'right',
    confidentiality: '机密',
    blocks: [
      h1('一、被核查人基本情况'),
      ...d.background.map(p),
      h1('二、反映的主要问题'),
      ...d.allegations.map((a, i) => p(`${item(i)}${a.category}。${a.summary}`)),
      h1('三、核查依据'),
      ...numbered(d.basis),
      h1('四、核实情况'),
      ...numbered(d.findings),
      h1('五、存疑问题'),
      ...(d.doubts.length > 0 ? numbered(d.doubts) : [p('无。')]),
      h1('六、处置建议'),
      p(`建议${VERIFICATION_PROPOSALS[d.proposal]}。${d.proposalReason}`),
      p('核查组全体成员签字：'),
      { kind: 'signatures', lines: signatures },
    ],
    issuer: d.issuer,
    date: toChineseDate(d.date),
  };
}

/** Reasons a clue is closed (予以了结): §1.3's 直接了结 reasons and the 查否了结 after an inquiry or verification. */
export const CONCLUSION_REASONS = {
  empty_content: '反映内容空泛，缺乏可查性',
  subject_unclear: '被反映人不明确',
  subject_dead: '被反映人已去世',
  impossible: '反映问题明显不可能发生',
  repeats_concluded: '反映问题已有明确结论，且未提供新的证据材料',
  not_substantiated: '经核实，反映问题不存在或者缺乏证据证实',
} as const;
/** A closing reason (keys of `CONCLUSION_REASONS`). */
export type ConclusionReason = keyof typeof CONCLUSION_REASONS;

/** Data for 问题线索了结函 (feedback to the person queried, or to their 党组织). */
export interface ConclusionLetterData {
  /** 文号. */
  number: string;
  /** Addressee, e.g. "李四同志" or "中共坡头乡委员会" (printed with "："). */
  recipient: string;
  /** The person the clue was about, e.g. "坡头乡张村党支部书记李四". */
  subjectLabel: string;
  /** What was reported, completing "反映……的问题". */
  matter: string;
  /** How it was looked into, e.g. "经函询" or "经初步核实"; empty for a 直接了结. */
  howHandled?: string;
  /** Why it is closed. */
  reason: ConclusionReason;
  /** Extra words on the reason, e.g. the earlier conclusion's number. */
  reasonDetail?: string;
  /** 发文机关. */
  commissionName: string;
  /** 成文日期; ISO or Chinese. */
  date: string;
}

/** Builds 关于问题线索予以了结的函: the matter, the reason from the list, and the closing. */
export function conclusionLetter(d: ConclusionLetterData): OfficialDocument {
  const reason = `${CONCLUSION_REASONS[d.reason]}${d.reasonDetail ? `（${d.reasonDetail}）` : ''}`;
  return {
    title: '关于问题线索予以了结的函',
    docNumber: d.number,
    recipient: `${d.recipient}：`,
    confidentiality: '机密',
    blocks: [
      p(
        `我委收到反映${d.subjectLabel}${d.matter}的问题。${d.howHandled ? `${d.howHandled}，` : ''}${reason}。根据《中国共产党纪律检查机关监督执纪工作规则》有关规定，经研究，决定对该问题线索予以了结。`,
      ),
      p('特此函告。'),
    ],
    issuer: d.commissionName,
    date: toChineseDate(d.date),
  };
}

/** Data for 澄清正名函 (JK 第五十条: clearing a person wrongly reported, with the principal leader's approval). */
export interface ClarificationLetterData {
  /** 文号. */
  number: string;
  /** The 党委/党组 addressed, e.g. "中共坡头乡委员会" (printed with "："). */
  recipient: string;
  /** The person cleared, e.g. "坡头乡张村党支部书记李四". */
  subjectLabel: string;
  /** The person's name, e.g. "李四". */
  subjectName: string;
  /** What was reported, completing "反映……的问题". */
  matter: string;
  /** How it was verified, e.g. "经初步核实". */
  howVerified: string;
  /** The finding, e.g. "李四在土地流转中按村民代表会议决议分配收益，不存在优亲厚友问题". */
  finding: string;
  /** 澄清方式 and scope, e.g. "在张村党员大会上予以澄清". */
  scope: string;
  /** 发文机关. */
  commissionName: string;
  /** 成文日期; ISO or Chinese. */
  date: string;
}

/** Builds 关于为某某同志澄清正名的函: the finding that the report was untrue, and how it is made known. */
export function clarificationLetter(d: ClarificationLetterData): OfficialDocument {
  return {
    title: `关于为${d.subjectName}同志澄清正名的函`,
    docNumber: d.number,
    recipient: `${d.recipient}：`,
    blocks: [
      p(`我委收到反映${d.subjectLabel}${d.matter}的问题。${d.howVerified}，${d.finding}，反映问题不属实。`),
      p(
        `根据《纪检监察机关处理检举控告工作规则》第五十条，经我委主要负责人批准，现予以澄清，请你单位${d.scope}，消除不良影响，保护${d.subjectName}同志干事创业的积极性。`,
      ),
      p('特此函告。'),
    ],
    issuer: d.commissionName,
    date: toChineseDate(d.date),
    footer: `抄送：${d.subjectName}同志。`,
  };
}
