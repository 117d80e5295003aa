/**
 * Code lists of the small-powers list (小微权力清单, issue 16 §3): the areas of the list, the
 * problems the check of a recorded use finds, and the statuses of a use. Shared by the server,
 * the staff console and the phone pages: plain TypeScript, no Node built-ins, no server imports.
 */

/**
 * The areas (类别) of a county's list. Our reading of the classification of GB/T 41374-2022
 * 《村务管理 基础术语与事项分类》 as the press described it (its full text was not available to
 * us): the county can add items under any area and rename the items, not the areas.
 */
export const MICRO_POWER_AREA_LABELS = {
  major_decision: '重大事项决策',
  project: '工程项目',
  procurement: '采购',
  collective_assets: '集体资产资源',
  finance: '财务收支',
  homestead: '宅基地',
  subsidy: '惠农补贴',
  village_affairs: '村务公开',
  services: '便民服务',
  other: '其他',
} as const;
/** An area of the list. */
export type MicroPowerArea = keyof typeof MICRO_POWER_AREA_LABELS;
/** Every area, in the list's order. */
export const MICRO_POWER_AREAS = Object.keys(MICRO_POWER_AREA_LABELS) as MicroPowerArea[];

/**
 * What the check of a recorded use finds (计算口径: publication periods are calendar days, the
 * first and the last day both counted).
 */
export const MICRO_POWER_PROBLEM_LABELS = {
  missed_step: '缺少步骤',
  out_of_order: '步骤顺序颠倒或公示期未满即进入下一步',
  short_publication: '公示期短于规定',
  missing_publication: '应公示未公示',
  missing_document: '缺少规定材料',
} as const;
/** A problem of a recorded use. */
export type MicroPowerProblem = keyof typeof MICRO_POWER_PROBLEM_LABELS;
/** Every problem kind. */
export const MICRO_POWER_PROBLEMS = Object.keys(MICRO_POWER_PROBLEM_LABELS) as MicroPowerProblem[];

/** The statuses of a recorded use: open (运行中), closed (已办结: its problems became findings). */
export const MICRO_POWER_USE_STATUS_LABELS = { open: '运行中', closed: '已办结' } as const;
/** A use's status. */
export type MicroPowerUseStatus = keyof typeof MICRO_POWER_USE_STATUS_LABELS;
/** Every use status. */
export const MICRO_POWER_USE_STATUSES = Object.keys(MICRO_POWER_USE_STATUS_LABELS) as MicroPowerUseStatus[];

/** One step of an item, as configured (a version's steps are frozen with it). */
export interface MicroPowerStep {
  /** 1, 2, 3 … in the order the steps must run. */
  seq: number;
  name: string;
  /** Who acts or approves, in words (村党组织, 村民代表会议, 村务监督委员会 …). */
  actor: string;
  /** Whether a publication (公示) follows the step. */
  publishes: boolean;
  /** The shortest publication in calendar days (first and last day counted); null: no minimum set. */
  publicationDays: number | null;
  /** The documents the step needs (names). */
  documents: string[];
}
