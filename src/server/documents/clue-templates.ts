/**
 * The official documents of the clue stage (问题线索处置, GZ 第二十条 to 第三十五条;
 * domain-rules §1.3–§1.5, §2.8 and §10 item 13), as pure functions from plain data to an
 * `OfficialDocument`, like the intake documents in `templates.ts`. Nothing here touches the
 * database: the clue module looks the data up, decides what may be shown and passes strings.
 * Dates may be ISO (`2026-12-01`) or already-formatted Chinese text; ISO dates are converted.
 * This file holds the registration, approval and inquiry (谈话函询) documents and re-exports the
 * verification and closing ones (`clue-verification-templates.ts`); a verification team of fewer
 * than two is refused with a `RangeError` (GZ 第三十三条).
 */
import { type Block, type Field, type OfficialDocument, toChineseDate } from './official.js';
import {
  type ClueAllegationEntry,
  type ClueSubjectEntry,
  EMPTY,
  allegationsText,
  h1,
  item,
  optDate,
  ordinal,
  p,
  subjectsText,
} from './clue-text.js';

export type { ClueAllegationEntry, ClueSubjectEntry } from './clue-text.js';
export * from './clue-verification-templates.js';

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
    // no 版记: with it the form ran onto a second page in LibreOffice
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
  /** A step that sent the document back or refused it prints "（退回）" / "（不同意）" before the opinion; approved prints nothing extra. */
  decision?: 'approved' | 'returned' | 'rejected';
}

const DECISION_WORDS = { approved: '', returned: '（退回）', rejected: '（不同意）' } as const;

/** The text of one chain step's opinion box. */
function stepText(s: ApprovalStepEntry): string {
  if (!s.signer) return EMPTY;
  const opinion = `${DECISION_WORDS[s.decision ?? 'approved']}${s.offline ? '（线下签批）' : (s.opinion ?? EMPTY)}`;
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
