/**
 * The clue documents of verification and closing (初步核实, 予以了结, 澄清正名: GZ 第三十二条 to
 * 第三十五条, JK 第五十条), as pure functions from plain data to an `OfficialDocument`; re-exported
 * by `clue-templates.ts`. A verification team of fewer than two is refused with a `RangeError`.
 */
import { type Block, type OfficialDocument, type SignatureLine, toChineseDate } from './official.js';
import { type ClueAllegationEntry, type ClueSubjectEntry, h1, item, p } from './clue-text.js';

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
  /** 计划完成时间 (the clock 初核工作方案期限 runs to it); ISO or Chinese; absent on plans made before it was asked. */
  plannedEndOn?: string | null;
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
      ...(d.plannedEndOn ? [p(`计划于${toChineseDate(d.plannedEndOn)}前完成初步核实并报送初步核实情况报告。`)] : []),
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
  not_substantiated: '反映问题不存在或者缺乏证据证实',
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
