/**
 * The documents of a case's handling mode, as pure functions from plain data to an
 * `OfficialDocument`: the 授权书 of 一案一授权 (a zone case and its team, authorised by the zone's
 * commander) and the 指定管辖决定书 (a higher organ designates another organ to handle a case,
 * GZ 第九条; TL21 names the form). A 授权书 without two team members is refused with a `RangeError`.
 */
import { h1, item, p } from './clue-text.js';
import { type OfficialDocument, toChineseDate } from './official.js';

/** One member of the authorised team, as of the authorisation. */
export interface AuthorizedMember {
  /** 姓名. */
  name: string;
  /** 组长, 副组长 or 组员. */
  role: string;
  /** 所在单位. */
  unitName: string;
}

/** Data for 授权书 (一案一授权). */
export interface CaseAuthorizationData {
  /** 文号 or 编号. */
  number: string;
  /** 协作区, e.g. "第一协作区". */
  zoneName: string;
  /** 案件编号. */
  caseNumber: string;
  /** 被审查调查人, with unit and position. */
  subjects: string;
  /** 主要问题. */
  matter: string;
  /** 审查调查组 as authorised: at least 2. */
  team: AuthorizedMember[];
  /** 授权范围: what the team may do. */
  scope: string;
  /** Who authorises, e.g. "协作区指挥长王某". */
  authorizer: string;
  /** The handling unit (the zone's workroom). */
  handlingUnit: string;
  /** 授权日期; ISO or Chinese. */
  date: string;
}

/** Builds 授权书: the case, the team by name, the scope of authority, the discipline, the commander's signature. RangeError below two members. */
export function caseAuthorization(d: CaseAuthorizationData): OfficialDocument {
  if (d.team.length < 2) throw new RangeError('审查调查组至少应有2名成员');
  return {
    title: '授权书',
    docNumber: d.number,
    confidentiality: '机密',
    recipient: `${d.handlingUnit}：`,
    blocks: [
      p(
        `根据协作区“一案一授权”制度，经研究，授权${d.zoneName}审查调查组对${d.subjects}涉嫌${d.matter.replace(/[。.]$/, '')}问题（案件编号：${d.caseNumber}）开展审查调查。`,
      ),
      h1('一、审查调查组组成'),
      ...d.team.map((m) => p(`${m.role}：${m.name}（${m.unitName}）`)),
      h1('二、授权范围'),
      p(d.scope),
      h1('三、工作要求'),
      p(`${item(0)}严格在授权范围内开展工作，超出授权范围的事项须另行报批。`),
      p(`${item(1)}审查调查组按照“一案一汇报”要求，及时向协作区指挥长汇报工作进展和重要情况。`),
      p(`${item(2)}严格遵守保密纪律和回避制度，审查调查组成员与被审查调查人有回避情形的，应当主动申请回避。`),
      { kind: 'signatures', lines: [{ label: `授权人：${d.authorizer}（签字）` }] },
    ],
    issuer: d.zoneName,
    date: toChineseDate(d.date),
  };
}

/** Data for 指定管辖决定书. */
export interface DesignationDecisionData {
  /** 文号. */
  number: string;
  /** The organ that decides (the higher organ, 第九条). */
  decidingOrgan: string;
  /** The organ designated to handle the case. */
  designatedOrgan: string;
  /** 案件编号. */
  caseNumber: string;
  /** 被审查调查人, with unit and position. */
  subjects: string;
  /** 主要问题. */
  matter: string;
  /** Why the case is designated. */
  reason: string;
  /** 决定日期; ISO or Chinese. */
  date: string;
}

/** Builds 指定管辖决定书: the case, the reason, the designated organ, issued by the deciding organ. */
export function designationDecision(d: DesignationDecisionData): OfficialDocument {
  return {
    title: '指定管辖决定书',
    docNumber: d.number,
    confidentiality: '机密',
    recipient: `${d.designatedOrgan}：`,
    blocks: [
      p(
        `${d.subjects}涉嫌${d.matter.replace(/[。.]$/, '')}一案（案件编号：${d.caseNumber}），因${d.reason.replace(/[。.]$/, '')}，根据《中国共产党纪律检查机关监督执纪工作规则》第九条和《中华人民共和国监察法实施条例》有关规定，本机关决定将该案指定由你单位管辖。`,
      ),
      p('请你单位依规依纪依法开展审查调查工作，严格落实安全责任，及时报告重要情况，办理结果报本机关。'),
      p('特此决定。'),
    ],
    issuer: d.decidingOrgan,
    date: toChineseDate(d.date),
  };
}
