/**
 * The default skeleton of a county's small-powers list (小微权力清单), loaded once per county and
 * then fully editable. What is sourced and what is ours:
 *
 * - The areas follow our reading of GB/T 41374-2022 (see `MICRO_POWER_AREA_LABELS`); the standard's
 *   own item table was not available to us, so the items and steps below are NOT its text.
 * - The 五议 procedure of a major decision and its ≥15-day and 3-day publications are 宁海县's
 *   "36条" (2014) as reported (domain-rules §6.2); other items that need a village decision refer
 *   to it. The matters of CWF 第二十四条 are those the 村民会议 (or its representatives) decide.
 * - Every other publication is marked as required with no minimum (`publicationDays: null`): the
 *   county fills in its own periods. Documents are the usual names, to be edited.
 */
import type { MicroPowerArea, MicroPowerStep } from '../../shared/micro-powers.codes.js';

/** One item of the skeleton. */
export interface SkeletonItem {
  area: MicroPowerArea;
  code: string;
  name: string;
  basis: string;
  steps: MicroPowerStep[];
}

const OURS = '本系统默认框架（非标准原文），请按本县清单修改';

function step(
  seq: number,
  name: string,
  actor: string,
  documents: string[],
  publication: number | null | false = false,
): MicroPowerStep {
  return {
    seq,
    name,
    actor,
    publishes: publication !== false,
    publicationDays: publication === false ? null : publication,
    documents,
  };
}

/** The 五议 steps (宁海 36 条): the decision part of every item that needs the villagers' decision. */
function fiveDeliberations(first = 1): MicroPowerStep[] {
  return [
    step(first, '村党组织提议', '村党组织', ['提议记录']),
    step(first + 1, '村“两委”联席会议商议并公示方案', '村“两委”联席会议', ['联席会议记录', '方案公示材料'], 15),
    step(first + 2, '党员大会审议', '党员大会', ['党员大会会议记录']),
    step(first + 3, '村民（代表）会议决议并公示结果', '村民代表会议', ['会议记录', '表决结果', '决议公示材料'], 3),
  ];
}

/** The default skeleton: one item per common matter, each with its steps. */
export const DEFAULT_SKELETON: readonly SkeletonItem[] = [
  {
    area: 'major_decision',
    code: '1-1',
    name: '村级重大事项决策（“五议”程序）',
    basis: '宁海县“36条”（2014）五议程序；村民委员会组织法第二十四条；' + OURS,
    steps: [
      ...fiveDeliberations(),
      step(5, '组织实施，公开实施结果，接受评议', '村民委员会', ['实施结果公开材料'], null),
    ],
  },
  {
    area: 'project',
    code: '2-1',
    name: '村级工程项目建设',
    basis: '村民委员会组织法第二十四条（公益事业、集体经济项目）；' + OURS,
    steps: [
      ...fiveDeliberations(),
      step(5, '招标或比选确定施工单位并公示结果', '村民委员会', ['招标（比选）文件', '中标（选定）结果'], null),
      step(6, '签订合同', '村民委员会', ['施工合同']),
      step(7, '竣工验收', '村务监督委员会、村民代表', ['验收记录']),
      step(8, '结算并公开', '村民委员会', ['结算材料', '公开材料'], null),
    ],
  },
  {
    area: 'procurement',
    code: '3-1',
    name: '村级物资和服务采购',
    basis: OURS,
    steps: [
      step(1, '提出采购需求', '村民委员会', ['采购申请']),
      step(2, '村“两委”联席会议确定采购方式', '村“两委”联席会议', ['会议记录']),
      step(3, '询价或比选', '村民委员会、村务监督委员会', ['询价（比选）记录']),
      step(4, '验收入库并公开', '村务监督委员会', ['验收单', '发票'], null),
    ],
  },
  {
    area: 'collective_assets',
    code: '4-1',
    name: '集体资产资源发包、出租、出让',
    basis: '村民委员会组织法第二十四条（以借贷、租赁或者其他方式处分村集体财产）；' + OURS,
    steps: [
      ...fiveDeliberations(),
      step(5, '公开招租或竞价', '村民委员会', ['招租公告', '竞价记录'], null),
      step(6, '签订合同并公开', '村民委员会', ['合同'], null),
    ],
  },
  {
    area: 'collective_assets',
    code: '4-2',
    name: '征地补偿费使用分配',
    basis: '村民委员会组织法第二十四条（征地补偿费的使用、分配方案）；' + OURS,
    steps: [...fiveDeliberations(), step(5, '分配到户并公开', '村民委员会', ['分配明细'], null)],
  },
  {
    area: 'finance',
    code: '5-1',
    name: '村级财务开支审批',
    basis: OURS,
    steps: [
      step(1, '经办人取得票据并说明用途', '经办人', ['原始票据']),
      step(2, '村务监督委员会审核', '村务监督委员会', ['审核签章']),
      step(3, '村负责人审批', '村党组织书记、村民委员会主任', ['审批签字']),
      step(4, '报账入账并按月公开', '村报账员', ['记账凭证'], null),
    ],
  },
  {
    area: 'homestead',
    code: '6-1',
    name: '农村宅基地申请审批',
    basis: '村民委员会组织法第二十四条（宅基地的使用方案）；' + OURS,
    steps: [
      step(1, '农户提出书面申请', '申请农户', ['宅基地申请书', '户口簿复印件']),
      step(2, '村民小组会议讨论并公示', '村民小组', ['会议记录', '公示材料'], null),
      step(3, '村级组织审查', '村民委员会', ['审查意见']),
      step(4, '报乡镇审批', '乡镇人民政府', ['审批表']),
      step(5, '审批结果公开', '村民委员会', ['结果公开材料'], null),
    ],
  },
  {
    area: 'subsidy',
    code: '7-1',
    name: '惠农补贴和救助对象评定',
    basis: '村民委员会组织法第二十四条（享受误工补贴的人员及补贴标准等）；' + OURS,
    steps: [
      step(1, '农户申请或村组摸排', '村民委员会', ['申请材料']),
      step(2, '村民代表会议评议', '村民代表会议', ['评议记录']),
      step(3, '评议结果公示', '村民委员会', ['公示材料'], null),
      step(4, '报乡镇审核', '乡镇人民政府', ['审核表']),
    ],
  },
  {
    area: 'village_affairs',
    code: '8-1',
    name: '村务公开（财务按月、一般事项按季、重大事项随时）',
    basis: '村民委员会组织法第三十条；' + OURS,
    steps: [
      step(1, '编制公开内容', '村民委员会', ['公开清单']),
      step(2, '村务监督委员会审核', '村务监督委员会', ['审核意见']),
      step(3, '张榜或线上公开', '村民委员会', ['公开照片或截图'], null),
    ],
  },
  {
    area: 'services',
    code: '9-1',
    name: '村级印章使用',
    basis: OURS,
    steps: [
      step(1, '提出用印申请', '经办人', ['用印申请']),
      step(2, '村负责人审批', '村党组织书记', ['审批签字']),
      step(3, '登记用印', '印章管理人', ['用印登记簿']),
    ],
  },
];
