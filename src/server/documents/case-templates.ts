/**
 * The case documents of filing and of the end of the investigation (GZ 第三十八条, 第五十二条;
 * TL21 第一百八十四条, 第一百八十九条): 立案审查调查呈批报告, 立案决定书, 立案通知书 and
 * 审查调查报告, as pure functions from plain data to an `OfficialDocument`. There is no public
 * national template for these (domain rules §10 item 13): the frames follow the texts' wording.
 */
import { h1, item, p } from './clue-text.js';
import {
  type Block,
  type Field,
  type OfficialDocument,
  type SignatureLine,
  chineseDate,
  toChineseDate,
} from './official.js';

/** A subject as the case documents print it. */
export interface CaseSubjectLine {
  /** 姓名 (or the unit, or the event). */
  name: string;
  /** 工作单位及职务, e.g. "坡头乡张村党支部书记"; may be empty. */
  position: string;
}

/** "张三（坡头乡张村党支部书记）、李四" */
function subjectsText(subjects: readonly CaseSubjectLine[]): string {
  return subjects.map((s) => `${s.name}${s.position ? `（${s.position}）` : ''}`).join('、');
}

/** One signing row of the filing approval. */
export interface FilingApprovalRow {
  /** The row label, e.g. "主要负责人审批". */
  label: string;
  /** The opinion, signer and date in words; empty while not signed. */
  text: string;
}

/** Data for 立案审查调查呈批报告 (GZ 第三十八条), from the filing approval's content. */
export interface FilingRequestData {
  /** The approval's number (编号). */
  approvalNumber: string;
  /** The case number once issued, or null while the filing is requested. */
  caseNumber: string | null;
  title: string;
  subjects: CaseSubjectLine[];
  /** 对人立案 / 对单位立案 / 以事立案. */
  targetKind: string;
  summary: string;
  basis: string;
  /** The GZ 第三十七条 conditions stated, in words. */
  conditions: string[];
  /** 办理方式 with its handling unit and reason, in words. */
  handling: string;
  /** The filing commission (立案机关). */
  filingUnit: string;
  /** The handling unit (承办单位). */
  handlingUnit: string;
  /** The drafting department and drafter. */
  draftingUnit: string;
  drafter: string;
  /** 报批时间 (ISO instant). */
  submittedAt: string;
  approvals: FilingApprovalRow[];
  /** SHA-256 of the content as approved. */
  contentHash: string;
}

/** Builds 立案审查调查呈批报告: the request in words and a row per signing post. */
export function filingRequestReport(d: FilingRequestData): OfficialDocument {
  const fields: Field[] = [
    { label: '案件编号', value: d.caseNumber ?? '（批准立案后编号）' },
    { label: '立案对象', value: `${subjectsText(d.subjects)}（${d.targetKind}）` },
    { label: '承办单位', value: d.handlingUnit },
    { label: '承办部门', value: `${d.draftingUnit}，拟稿人：${d.drafter}` },
    { label: '报批时间', value: chineseDate(d.submittedAt) },
    ...d.approvals.map((a) => ({ label: a.label, value: a.text, minLines: 2 })),
  ];
  return {
    title: '立案审查调查呈批报告',
    docNumber: `编号：${d.approvalNumber}`,
    docNumberAlign: 'right',
    confidentiality: '机密',
    blocks: [
      p(d.title),
      h1('一、立案对象'),
      p(`${subjectsText(d.subjects)}（${d.targetKind}）。`),
      h1('二、主要问题'),
      p(d.summary),
      h1('三、立案依据'),
      p(d.basis),
      h1('四、立案条件'),
      ...d.conditions.map((c, i) => p(`${item(i)}${c}。`)),
      h1('五、办理方式'),
      p(d.handling),
      p(
        `根据《中国共产党纪律检查机关监督执纪工作规则》第三十八条，拟对${subjectsText(d.subjects)}立案审查调查，妥否，请批示。`,
      ),
      { kind: 'fields', columns: 2, fields },
    ],
    issuer: d.filingUnit,
    footer: `内容摘要值（SHA-256）：${d.contentHash}`,
  };
}

/** Data for 立案决定书 (TL21 第一百八十四条; GZ 第三十八条). */
export interface FilingDecisionData {
  caseNumber: string;
  subjects: CaseSubjectLine[];
  summary: string;
  /** The filing commission, deciding. */
  filingUnit: string;
  /** The handling unit. */
  handlingUnit: string;
  /** 办理方式 in words, e.g. "协作区办理". */
  mode: string;
  /** 立案日期 (ISO). */
  filedOn: string;
}

/** Builds 立案决定书: the decision to file, the subjects, the matter and the handling unit. */
export function filingDecision(d: FilingDecisionData): OfficialDocument {
  const who = subjectsText(d.subjects);
  return {
    title: '立案决定书',
    docNumber: d.caseNumber,
    confidentiality: '机密',
    blocks: [
      p(
        `经初步核实，${who}涉嫌${d.summary.replace(/[。.]$/, '')}，已经掌握部分违纪违法事实和证据，需要进一步审查调查。`,
      ),
      p(
        `根据《中国共产党纪律检查机关监督执纪工作规则》第三十八条和《中华人民共和国监察法》有关规定，经批准，决定对${who}立案审查调查。`,
      ),
      p(`本案由${d.handlingUnit}承办（${d.mode}）。`),
    ],
    issuer: d.filingUnit,
    date: toChineseDate(d.filedOn),
  };
}

/** Data for 立案通知书 (TL21 第一百八十四条: to the person's unit; GZ 第三十八条: their party organisation). */
export interface FilingNoticeData {
  caseNumber: string;
  /** The addressee: the subject's party organisation or unit (printed with "："). */
  recipient: string;
  subjects: CaseSubjectLine[];
  filingUnit: string;
  handlingUnit: string;
  filedOn: string;
  /** 成文日期 (ISO). */
  date: string;
}

/** Builds 立案通知书 to the subject's party organisation or unit. */
export function filingNotice(d: FilingNoticeData): OfficialDocument {
  const who = subjectsText(d.subjects);
  return {
    title: '立案通知书',
    docNumber: `${d.caseNumber}（通知）`,
    recipient: `${d.recipient}：`,
    confidentiality: '机密',
    blocks: [
      p(
        `根据《中国共产党纪律检查机关监督执纪工作规则》第三十八条和《中华人民共和国监察法实施条例》第一百八十四条，${d.filingUnit}已于${toChineseDate(d.filedOn)}决定对${who}立案审查调查，由${d.handlingUnit}承办。`,
      ),
      p('请你单位（党组织）予以支持配合，并严格遵守保密纪律。'),
      p('特此通知。'),
    ],
    issuer: d.filingUnit,
    date: toChineseDate(d.date),
  };
}

/** A team member on the report, with the date they signed its text (or null). */
export interface ReportSigner {
  /** 组长 / 副组长 / 组员. */
  role: string;
  name: string;
  /** When they signed this text (ISO instant), or null. */
  signedAt: string | null;
}

/** Data for 审查调查报告 (GZ 第五十二条; TL21 第一百八十九条). */
export interface InvestigationReportData {
  caseNumber: string;
  subjects: CaseSubjectLine[];
  handlingUnit: string;
  /** 一、被审查调查人基本情况. */
  background: string[];
  /** 二、违纪违法事实. */
  facts: string[];
  /** 三、态度和认识，申辩意见及核实情况. */
  attitude: string[];
  /** 四、处理意见. */
  proposal: string;
  /** Evidence cited, in words (ids or titles). */
  evidence: string[];
  /** The attachments noted at submission, in words. */
  attachments: string[];
  /** Every current team member. */
  team: ReportSigner[];
  /** 成文日期 (ISO). */
  date: string;
}

/** Builds 审查调查报告 with a signature line for every team member (their date once signed). RangeError for a team of fewer than two. */
export function investigationReport(d: InvestigationReportData): OfficialDocument {
  if (d.team.length < 2) throw new RangeError('审查调查组至少应有2名成员');
  const numbered = (xs: readonly string[]): Block[] => xs.map((x, i) => p(`${item(i)}${x}`));
  const lines: SignatureLine[] = d.team.map((m) =>
    m.signedAt
      ? { label: `${m.role}${m.name}（已签字）  ${chineseDate(m.signedAt)}`, date: false }
      : { label: `${m.role}${m.name}（签字）` },
  );
  return {
    title: '审查调查报告',
    docNumber: `案件编号：${d.caseNumber}`,
    docNumberAlign: 'right',
    confidentiality: '机密',
    blocks: [
      p(`被审查调查人：${subjectsText(d.subjects)}。承办单位：${d.handlingUnit}。`),
      h1('一、被审查调查人基本情况'),
      ...(d.background.length > 0 ? d.background.map(p) : [p('（略）')]),
      h1('二、违纪违法事实'),
      ...numbered(d.facts),
      h1('三、被审查调查人的态度和认识'),
      ...(d.attitude.length > 0 ? numbered(d.attitude) : [p('无。')]),
      h1('四、处理意见'),
      p(d.proposal),
      h1('五、主要证据'),
      ...(d.evidence.length > 0 ? numbered(d.evidence) : [p('无。')]),
      ...(d.attachments.length > 0 ? [p(`附件：${d.attachments.join('；')}`)] : []),
      p('审查调查组全体成员签字：'),
      { kind: 'signatures', lines },
    ],
    issuer: `${d.handlingUnit}审查调查组`,
    date: toChineseDate(d.date),
  };
}
