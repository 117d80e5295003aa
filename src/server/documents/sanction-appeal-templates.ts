/**
 * The decisions that end an appeal against a sanction (GZ 第五十九条; JCF24 第五十六条; TL21
 * 第二百一十条): 复查决定 (and 复议决定, 申诉处理决定) on a party sanction, 复审决定书 and
 * 复核决定书 on a state sanction, as a pure function from plain data to an `OfficialDocument`.
 * There is no public national template (domain rules §10): the frame follows the texts' wording —
 * the original decision, the application and its grounds, the team's examination, the decision
 * (upheld, changed with the new period, or revoked) and, after a 复审, how and by when to apply for
 * 复核.
 */
import { h1, p } from './clue-text.js';
import { type Block, type OfficialDocument, toChineseDate } from './official.js';

/** The appeal kinds the template prints, with their document titles. */
export const APPEAL_DECISION_TITLES = {
  complaint: '申诉处理决定',
  reconsideration: '复议决定',
  re_examination: '复查决定',
  state_review: '复审决定书',
  state_recheck: '复核决定书',
} as const;

/** What an appeal decision prints. */
export interface AppealDecisionData {
  kind: keyof typeof APPEAL_DECISION_TITLES;
  /** The decision's number (文号). */
  decisionRef: string;
  person: { name: string; position: string | null };
  applicant: string;
  /** The original decision: its number, date (YYYY-MM-DD), body and sanction in words. */
  original: { ref: string | null; decidedOn: string | null; body: string | null; sanction: string };
  appliedOn: string;
  grounds: string;
  /** The team (复查组), by name. */
  team: readonly string[];
  outcome: 'upheld' | 'changed' | 'revoked';
  reason: string;
  /** `changed`: the new sanction in words and its period (YYYY-MM-DD, or null without one). */
  changedTo: { sanction: string; effectStart: string | null; effectEnd: string | null } | null;
  decidingUnit: string;
  /** 复审 only: the organ a 复核 goes to. */
  higherOrgan: string | null;
  decidedOn: string;
}

const KIND_WORDS: Record<AppealDecisionData['kind'], string> = {
  complaint: '申诉',
  reconsideration: '复议申请',
  re_examination: '复查申请',
  state_review: '复审申请',
  state_recheck: '复核申请',
};

/** An appeal's decision (throws RangeError for a change without its new sanction). */
export function appealDecision(d: AppealDecisionData): OfficialDocument {
  if (d.outcome === 'changed' && !d.changedTo) throw new RangeError('变更处分的决定应写明变更后的处分');
  const who = `${d.person.name}${d.person.position ? `（${d.person.position}）` : ''}`;
  const o = d.original;
  const originalWords = `${o.decidedOn ? toChineseDate(o.decidedOn) : ''}${o.body ?? ''}${o.ref ? `以${o.ref}` : ''}给予${d.person.name}${o.sanction}`;
  const outcome =
    d.outcome === 'upheld'
      ? `维持原处分决定（${o.sanction}）。`
      : d.outcome === 'revoked'
        ? `撤销原处分决定（${o.sanction}）。`
        : `撤销原处分决定，改为给予${d.person.name}${d.changedTo!.sanction}${
            d.changedTo!.effectStart && d.changedTo!.effectEnd
              ? `，期间自原处分决定之日${toChineseDate(d.changedTo!.effectStart)}起计算，至${toChineseDate(d.changedTo!.effectEnd)}止`
              : ''
          }。`;
  const blocks: Block[] = [
    p(`申请人：${d.applicant}。被处分人：${who}。`),
    h1('一、原处分决定'),
    p(`${originalWords}。`),
    h1(`二、${KIND_WORDS[d.kind]}及理由`),
    p(`${toChineseDate(d.appliedOn)}，${d.applicant}提出${KIND_WORDS[d.kind]}，理由：${d.grounds}`),
    h1('三、复查情况'),
    p(
      `${d.decidingUnit}成立复查组（${d.team.join('、')}），复查组成员均未参与原案审查调查和审理，经集体研究，认为：${d.reason}`,
    ),
    h1('四、决定'),
    p(outcome),
    ...(d.kind === 'state_review'
      ? [
          p(
            `如不服本复审决定，可以自收到本决定书之日起一个月内，向${d.higherOrgan ?? '上一级监察机关'}申请复核。复审、复核期间，不停止原政务处分决定的执行。`,
          ),
        ]
      : d.kind === 'state_recheck'
        ? [p('本复核决定为最终决定。')]
        : []),
  ];
  return {
    title: APPEAL_DECISION_TITLES[d.kind],
    docNumber: d.decisionRef,
    recipient: `${d.applicant}：`,
    blocks,
    issuer: d.decidingUnit,
    date: toChineseDate(d.decidedOn),
  };
}
