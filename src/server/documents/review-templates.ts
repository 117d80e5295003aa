/**
 * The review stage's document (GZ 第五十五条, 第五十六条; TL21 第一百九十七条): the 审理报告, as a
 * pure function from plain data to an `OfficialDocument`. There is no public national template
 * (domain rules §10 item 13): the frame follows the texts' wording (facts, classification, the
 * proposed outcome per person, the 起诉意见书 attached where prosecution is proposed).
 */
import { h1, item, p } from './clue-text.js';
import { type Block, type OfficialDocument, type SignatureLine, chineseDate, toChineseDate } from './official.js';

/** What the 审理报告 prints. */
export interface ReviewReportData {
  caseNumber: string;
  /** 被审查调查人, each with their position. */
  subjects: readonly { name: string; position: string }[];
  handlingUnit: string;
  reviewingUnit: string;
  /** 受理日期 (YYYY-MM-DD). */
  acceptedOn: string | null;
  facts: string;
  analysis: string;
  opinion: string;
  /** The proposed outcome per person. */
  outcomes: readonly { name: string; summary: string }[];
  /** Prosecution proposed: the 起诉意见书 is attached. */
  prosecution: boolean;
  /** The talks held, in words ("2026年11月20日，张三、李四与王某谈话：…"). */
  talks: readonly string[];
  /** The team (审理组), with their signatures. */
  team: readonly { role: string; name: string; signedAt: string | null }[];
  date: string;
}

/** The 审理报告: 审理组 at least two (throws RangeError otherwise). */
export function reviewReport(d: ReviewReportData): OfficialDocument {
  if (d.team.length < 2) throw new RangeError('审理组至少应有2名成员');
  const lines: SignatureLine[] = d.team.map((m) =>
    m.signedAt
      ? { label: `${m.role}${m.name}（已签字）  ${chineseDate(m.signedAt.slice(0, 10))}`, date: false }
      : { label: `${m.role}${m.name}（签字）` },
  );
  const subjects = d.subjects.map((s) => `${s.name}${s.position ? `（${s.position}）` : ''}`).join('、');
  const blocks: Block[] = [
    p(
      `被审查调查人：${subjects}。承办单位：${d.handlingUnit}。审理单位：${d.reviewingUnit}${d.acceptedOn ? `，${toChineseDate(d.acceptedOn)}受理` : ''}。`,
    ),
    h1('一、审理认定的事实'),
    p(d.facts),
    h1('二、定性和处理依据'),
    p(d.analysis),
    h1('三、审理谈话情况'),
    ...(d.talks.length > 0 ? d.talks.map((t, i) => p(`${item(i)}${t}`)) : [p('未进行审理谈话。')]),
    h1('四、审理意见'),
    p(d.opinion),
    ...d.outcomes.map((o, i) => p(`${item(i)}${o.name}：${o.summary}`)),
    ...(d.prosecution ? [p('附件：起诉意见书')] : []),
    p('审理组全体成员签字：'),
    { kind: 'signatures', lines },
  ];
  return {
    title: '审理报告',
    docNumber: `案件编号：${d.caseNumber}`,
    docNumberAlign: 'right',
    confidentiality: '机密',
    blocks,
    issuer: d.reviewingUnit,
    date: toChineseDate(d.date),
  };
}
