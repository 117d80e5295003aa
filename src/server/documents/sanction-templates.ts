/**
 * The documents that follow a sanction's decision (issue 14 §7), as pure functions from plain data
 * to an `OfficialDocument`: the party 处分决定 (CF23; PZ 第二十四条), the 政务处分决定书 (ZW 第四十四条:
 * it states how and by when to apply for 复审 and 复核 — one month from receipt, ZW 第五十五条), the
 * 通报材料, the 支部大会决议 (the roll's counts, quorum and majority, the member's opinion or
 * refusal, PZ 第十三条) and the 恢复党员权利决定 (PZ 第二十一条). No public national template exists
 * for most of them (domain rules §10): the frames follow the texts' wording.
 */
import { h1, p } from './clue-text.js';
import { type Block, type OfficialDocument, toChineseDate } from './official.js';

/** The person a sanction document is about. */
export interface SanctionDocPerson {
  name: string;
  /** 工作单位及职务, e.g. "坡头乡张村党支部书记". */
  position: string;
  partyMember: boolean;
}

/** The person's line: "张三，坡头乡张村党支部书记，中共党员。" */
function personLine(person: SanctionDocPerson): string {
  return `${person.name}，${person.position || '（职务不详）'}${person.partyMember ? '，中共党员' : ''}。`;
}

/** What the party 处分决定 prints. */
export interface PartyDecisionData {
  /** The deciding body's name (发文机关). */
  issuer: string;
  docNumber: string | null;
  person: SanctionDocPerson;
  /** The facts found, in words. */
  facts: string;
  /** The sanction's name (`sanctionLabel`: 党内警告, 留党察看一年 …). */
  sanction: string;
  /** The approving body's name and its decision date. */
  approvingBody: string;
  decidedOn: string;
  /** The effect period (影响期) or the 察看: its first and last day; null for none. */
  periodStart: string | null;
  periodEnd: string | null;
  /** "影响期" or "留党察看期" or "不得重新入党期限". */
  periodName: string;
  date: string;
}

/** The party 处分决定: 关于给予某某某处分的决定. */
export function partyDecision(d: PartyDecisionData): OfficialDocument {
  const blocks: Block[] = [
    p(personLine(d.person)),
    p(`经查，${d.facts}`),
    p(
      `依据《中国共产党纪律处分条例》有关规定，经${d.approvingBody}${toChineseDate(d.decidedOn)}研究决定，给予${d.person.name}${d.sanction}处分。`,
    ),
    ...(d.periodStart && d.periodEnd
      ? [p(`${d.periodName}自${toChineseDate(d.periodStart)}起至${toChineseDate(d.periodEnd)}止。`)]
      : []),
    p(
      `${d.person.name}如对本决定不服，可以依照《中国共产党党员权利保障条例》的规定，向作出决定的党组织或者上级党组织提出申诉。申诉期间，不停止本决定的执行。`,
    ),
  ];
  return {
    title: `关于给予${d.person.name}${d.sanction}处分的决定`,
    ...(d.docNumber ? { docNumber: d.docNumber } : {}),
    blocks,
    issuer: d.issuer,
    date: toChineseDate(d.date),
  };
}

/** What the 政务处分决定书 prints. */
export interface StateDecisionData {
  /** The organ that decides (监察机关 or 任免机关、单位). */
  issuer: string;
  /** The organ one level up that hears a 复核. */
  upperOrgan: string;
  docNumber: string | null;
  person: SanctionDocPerson;
  facts: string;
  /** The defence heard, in words, or null. */
  defence: string | null;
  /** 政务警告, 记过 … */
  sanction: string;
  decidedOn: string;
  /** The period: months, last day and the day it lifts; null for 开除. */
  months: number | null;
  periodEnd: string | null;
  liftsOn: string | null;
  /** 降级 or 撤职: lifting restores neither rank nor pay. */
  rankNotRestored: boolean;
  date: string;
}

/**
 * The 政务处分决定书 (ZW 第四十四条): the facts, the defence, the sanction and its period, that it
 * lifts by itself at the period's end, and how and by when to apply for 复审 and 复核.
 */
export function stateDecision(d: StateDecisionData): OfficialDocument {
  const blocks: Block[] = [
    p(`被处分人：${personLine(d.person)}`),
    h1('一、违法事实和证据'),
    p(d.facts),
    h1('二、陈述和申辩'),
    p(d.defence ? `${d.person.name}的陈述和申辩：${d.defence}` : `${d.person.name}未提出陈述和申辩。`),
    h1('三、政务处分的种类和依据'),
    p(
      `依据《中华人民共和国公职人员政务处分法》有关规定，本机关于${toChineseDate(d.decidedOn)}决定，给予${d.person.name}${d.sanction}处分。`,
    ),
    ...(d.months && d.periodEnd && d.liftsOn
      ? [
          p(
            `处分期为${d.months}个月，自${toChineseDate(d.decidedOn)}起至${toChineseDate(d.periodEnd)}止。处分期内有悔改表现，并且没有再发生应当给予政务处分的违法行为的，处分期满后自${toChineseDate(d.liftsOn)}起自动解除。${
              d.rankNotRestored ? '解除降级、撤职处分的，不视为恢复原级别、原职务。' : ''
            }`,
          ),
        ]
      : []),
    h1('四、不服政务处分决定的申请复审、复核的途径和期限'),
    p(
      `${d.person.name}如对本决定不服，可以自收到本决定书之日起一个月内，向${d.issuer}申请复审；对复审决定仍不服的，可以自收到复审决定之日起一个月内，向${d.upperOrgan}申请复核。复审、复核期间，不停止本决定的执行。`,
    ),
  ];
  return {
    title: '政务处分决定书',
    ...(d.docNumber ? { docNumber: d.docNumber } : {}),
    blocks,
    issuer: d.issuer,
    date: toChineseDate(d.date),
  };
}

/** What the 通报材料 prints. */
export interface CircularData {
  issuer: string;
  person: SanctionDocPerson;
  facts: string;
  /** The outcome in words: "经县纪委常委会研究，给予张三党内警告处分". */
  outcome: string;
  /** Who it goes to, e.g. "各乡镇纪委，县直各单位：". */
  addressee: string;
  date: string;
}

/** The 通报材料: the case, the outcome, the lesson. */
export function circular(d: CircularData): OfficialDocument {
  return {
    title: `关于${d.person.name}违纪违法问题的通报`,
    recipient: d.addressee,
    blocks: [
      p(personLine(d.person)),
      p(`经查，${d.facts}`),
      p(`${d.outcome}。`),
      p('各单位要深刻汲取教训，以案为鉴、以案促改，严守纪律规矩，切实把全面从严治党各项要求落到实处。'),
    ],
    issuer: d.issuer,
    date: toChineseDate(d.date),
    footer: '注：本材料供内部通报使用',
  };
}

/** What the 支部大会决议 prints. */
export interface BranchResolutionData {
  branchName: string;
  heldOn: string;
  /** What the meeting was about: "给予张三党内警告处分" or "恢复张三党员权利". */
  matter: string;
  shouldAttend: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
  quorate: boolean;
  passed: boolean;
  resolution: string;
  personName: string;
  personOpinion: string | null;
  personSignature: 'signed' | 'refused' | 'absent';
}

/** The 支部大会决议: the counts against those who should attend, the resolution, the member's position. */
export function branchResolution(d: BranchResolutionData): OfficialDocument {
  const needed = Math.floor(d.shouldAttend / 2) + 1;
  const signature =
    d.personSignature === 'signed'
      ? `${d.personName}本人已签署意见${d.personOpinion ? `：${d.personOpinion}` : '。'}`
      : d.personSignature === 'refused'
        ? `${d.personName}本人拒绝签署意见${d.personOpinion ? `，其陈述：${d.personOpinion}` : ''}，已注明在案。`
        : `${d.personName}本人未到会${d.personOpinion ? `，其书面意见：${d.personOpinion}` : ''}。`;
  return {
    title: `${d.branchName}党员大会关于${d.matter}的决议`,
    blocks: [
      p(
        `${toChineseDate(d.heldOn)}，${d.branchName}召开党员大会，讨论${d.matter}问题。应到会有表决权的党员${d.shouldAttend}名，实际到会${d.present}名，${d.quorate ? '超过半数，符合规定人数' : '未超过半数，不能表决'}。`,
      ),
      p(
        `表决结果：赞成${d.yes}票，反对${d.no}票，弃权${d.abstain}票。赞成票${d.passed ? '' : '未'}超过应到会有表决权党员的半数（${needed}票），${d.passed ? '形成决议' : '未形成决议'}。`,
      ),
      p(`决议：${d.resolution}`),
      p(signature),
    ],
    issuer: d.branchName,
    date: toChineseDate(d.heldOn),
  };
}

/** What the 恢复党员权利决定 prints. */
export interface RestorationData {
  issuer: string;
  docNumber: string | null;
  person: SanctionDocPerson;
  /** The 留党察看's name, decision date and body. */
  probation: string;
  probationDecidedOn: string;
  /** The branch's resolution date, or null when none is recorded. */
  branchHeldOn: string | null;
  branchName: string | null;
  decidedOn: string;
  restoredOn: string;
  restrictionEnd: string;
  date: string;
}

/** The 恢复党员权利决定 (PZ 第二十一条; CF23 第十二条). */
export function restorationDecision(d: RestorationData): OfficialDocument {
  return {
    title: `关于恢复${d.person.name}党员权利的决定`,
    ...(d.docNumber ? { docNumber: d.docNumber } : {}),
    blocks: [
      p(personLine(d.person)),
      p(
        `${toChineseDate(d.probationDecidedOn)}，${d.person.name}受到${d.probation}处分。察看期间，${d.person.name}确已改正错误。`,
      ),
      ...(d.branchHeldOn && d.branchName
        ? [p(`${toChineseDate(d.branchHeldOn)}，${d.branchName}党员大会讨论，决议恢复其党员权利。`)]
        : []),
      p(
        `经${d.issuer}${toChineseDate(d.decidedOn)}研究决定，自${toChineseDate(d.restoredOn)}起恢复${d.person.name}的党员权利。`,
      ),
      p(
        `依照《中国共产党纪律处分条例》第十二条，${d.person.name}自恢复党员权利之日起至${toChineseDate(d.restrictionEnd)}止，不得在党内担任和向党外组织推荐担任与其原任职务相当或者高于其原任职务的职务。`,
      ),
    ],
    issuer: d.issuer,
    date: toChineseDate(d.date),
  };
}
