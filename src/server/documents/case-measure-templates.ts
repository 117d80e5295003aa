/**
 * The documents of the case measures (监察措施): 留置决定书 and 留置通知书 (named in TL21's list of
 * forms), and 责令候查决定书 and 管护决定书 for the measures new in the 2024 监察法. There is no
 * public national template for any of them (domain rules §10 items 2 and 13: forms are issued
 * internally by the CCDI and the provinces; the 2024 law's new measures have no public form at
 * all), so these are sober frames: the decision, its legal basis, the period and the person's
 * duties as the law states them, and room for the signatures. A province's own form replaces them.
 * Pure functions from plain data to an `OfficialDocument`; dates may be ISO or Chinese text.
 */
import { type Block, type OfficialDocument, type SignatureLine, toChineseDate } from './official.js';

const p = (text: string): Block => ({ kind: 'paragraph', text });

/** What every measure decision names. */
export interface MeasureDecisionData {
  /** 文号 (the approval's or decision's number); empty leaves a blank to fill in. */
  number: string;
  /** 被采取措施人姓名. */
  subjectName: string;
  /** 工作单位及职务, e.g. "坡头乡张村党支部书记"; may be empty. */
  subjectPosition: string;
  /** 案件编号. */
  caseNumber: string;
  /** Why (the matter under investigation, as the approval states it). */
  reason: string;
  /** The article relied on. */
  legalBasis: string;
  /** How it was approved, e.g. "经本委领导人员集体研究，并报经三门峡市监察委员会批准（三监批〔2026〕5号）". */
  approvedBy: string;
  /** When the measure starts (ISO or Chinese); empty leaves a blank. */
  startOn: string;
  /** 发文机关 (the 监察机关). */
  organName: string;
  /** 成文日期. */
  date: string;
}

function header(
  title: string,
  d: MeasureDecisionData,
): Pick<OfficialDocument, 'title' | 'docNumber' | 'confidentiality'> {
  return { title, docNumber: d.number || '〔　　〕　号', confidentiality: '机密' };
}

function who(d: MeasureDecisionData): string {
  return `${d.subjectName}${d.subjectPosition ? `（${d.subjectPosition}）` : ''}`;
}

function day(value: string): string {
  return value ? toChineseDate(value) : '____年__月__日';
}

const receipt = (label: string): SignatureLine[] => [
  { label: `${label}（签名、捺指印）` },
  { label: '宣布人（签名）' },
];

/** Builds 留置决定书 (JCF24 第二十四条, 第四十七条, 第四十八条): collective decision, the higher organ's approval, ≤ 3 months. */
export function detentionDecision(d: MeasureDecisionData): OfficialDocument {
  return {
    ...header('留置决定书', d),
    blocks: [
      p(`被留置人：${who(d)}`),
      p(`案件编号：${d.caseNumber}`),
      p(`因${d.reason}，根据${d.legalBasis}的规定，${d.approvedBy}，决定对${d.subjectName}采取留置措施。`),
      p(
        `留置时间自${day(d.startOn)}起计算，不超过三个月；需要延长的，依照《中华人民共和国监察法》第四十八条的规定办理。留置期间，被留置人的合法权益依法受到保障。`,
      ),
      p('本决定书已向被留置人宣布。'),
      { kind: 'signatures', lines: receipt('被留置人') },
    ],
    issuer: d.organName,
    date: toChineseDate(d.date),
  };
}

/** Data for 留置通知书 to the unit or the family. */
export interface DetentionNoticeData extends MeasureDecisionData {
  /** 被通知单位或家属, e.g. "坡头乡人民政府" (printed with "："). */
  recipient: string;
}

/** Builds 留置通知书 (JCF24 第五十条: the unit and the family notified within 24 hours). */
export function detentionNotice(d: DetentionNoticeData): OfficialDocument {
  return {
    ...header('留置通知书', d),
    recipient: `${d.recipient || '__________'}：`,
    blocks: [
      p(
        `根据${d.legalBasis}的规定，我委已于${day(d.startOn)}对${who(d)}采取留置措施。依照《中华人民共和国监察法》第五十条的规定，特此通知。`,
      ),
    ],
    issuer: d.organName,
    date: toChineseDate(d.date),
  };
}

/** The duties of a person ordered to await investigation (JCF24 第二十三条), one per item. */
export const STANDBY_DUTIES = [
  '未经监察机关批准不得离开所居住的直辖市、设区的市的城市市区或者不设区的市、县的辖区；',
  '住址、工作单位和联系方式发生变动的，在二十四小时以内向监察机关报告；',
  '在接到通知的时候及时到案接受调查；',
  '不得以任何形式干扰证人作证；',
  '不得串供或者伪造、隐匿、毁灭证据。',
] as const;

/** Builds 责令候查决定书 (JCF24 第二十三条, 第四十六条): ≤ 12 months, with the person's duties. */
export function standbyDecision(d: MeasureDecisionData): OfficialDocument {
  return {
    ...header('责令候查决定书', d),
    blocks: [
      p(`被责令候查人：${who(d)}`),
      p(`案件编号：${d.caseNumber}`),
      p(`因${d.reason}，根据${d.legalBasis}的规定，${d.approvedBy}，决定对${d.subjectName}采取责令候查措施。`),
      p(`责令候查自${day(d.startOn)}起执行，最长不得超过十二个月。被责令候查人应当遵守以下规定：`),
      ...STANDBY_DUTIES.map((x, i) => p(`（${'一二三四五'[i]}）${x}`)),
      p('被责令候查人违反前款规定，情节严重的，可以依法予以留置。'),
      { kind: 'signatures', lines: receipt('被责令候查人') },
    ],
    issuer: d.organName,
    date: toChineseDate(d.date),
  };
}

/** Builds 管护决定书 (JCF24 第二十五条, 第四十六条): to the 留置场所 within 24 hours, a decision within 7 days. */
export function custodyDecision(d: MeasureDecisionData): OfficialDocument {
  return {
    ...header('管护决定书', d),
    blocks: [
      p(`被管护人：${who(d)}`),
      p(`案件编号：${d.caseNumber}`),
      p(`因${d.reason}，根据${d.legalBasis}的规定，${d.approvedBy}，决定对${d.subjectName}采取管护措施。`),
      p(
        `管护自${day(d.startOn)}起执行。被管护人应当立即送留置场所，至迟不得超过二十四小时；监察机关应当在七日以内依法作出留置或者解除管护的决定，特殊情况下可以延长一日至三日。`,
      ),
      { kind: 'signatures', lines: receipt('被管护人') },
    ],
    issuer: d.organName,
    date: toChineseDate(d.date),
  };
}
