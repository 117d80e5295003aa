/**
 * What the rules say about each measure (domain rules §3.1, §9 timers 23 to 30): who approves it,
 * which clocks its execution opens, which clock an extension lengthens, and the county settings
 * for the measures the law leaves to "按规定报批". The approval check lives here too: the named
 * approver must hold the post over the handling commission (the posts register), 留置 needs the
 * leaders' collective decision and the next-higher organ's document, 限制出境 a 省级以上 organ's.
 */
import { Int } from '../../http/schema.js';
import { APPROVAL_POST_LABELS, type ApprovalPost } from '../../shared/approvals.codes.js';
import { MEASURE_APPROVER_LEVEL_LABELS, MEASURE_KIND_LABELS, type MeasureKind } from '../../shared/cases.codes.js';
import type { Ctx } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { commissionOf } from '../numbering/index.js';
import { type CountySetting, defineCountySetting } from '../settings/index.js';
import type { CaseRow } from './cases.tables.js';

/**
 * How a measure is approved: by the organ's 主要负责人 (JCF24 第四十六条), by the leaders'
 * collective decision and the next-higher organ (留置, 第四十七条), by a 省级以上 organ (限制出境,
 * 第三十三条), or at the level the county set (按规定报批).
 */
export type ApprovalRule = 'principal' | 'detention' | 'provincial' | 'setting';

/** One measure's rules. */
export interface MeasureRule {
  approval: ApprovalRule;
  /** For `setting`: the level while the county set none (1 department head, 2 leader in charge, 3 principal). */
  defaultLevel?: 1 | 2 | 3;
  /** The article printed when the team names none. */
  article: string;
  /** The clock an extension lengthens (the rule's steps), or null: the measure has no extendable clock. */
  mainClock: string | null;
  /** The unit and family are notified within 24 hours (JCF24 第五十条). */
  notice24h: boolean;
}

/** The rules of every measure (§3.1). */
export const MEASURE_RULES: Record<MeasureKind, MeasureRule> = {
  compulsory_appearance: {
    approval: 'principal',
    article: '《中华人民共和国监察法》第二十一条',
    mainClock: null,
    notice24h: false,
  },
  custody: {
    approval: 'principal',
    article: '《中华人民共和国监察法》第二十五条',
    mainClock: 'custody_decision',
    notice24h: true,
  },
  standby: { approval: 'principal', article: '《中华人民共和国监察法》第二十三条', mainClock: null, notice24h: false },
  detention: {
    approval: 'detention',
    article: '《中华人民共和国监察法》第二十四条',
    mainClock: 'detention',
    notice24h: true,
  },
  inquiry: {
    approval: 'setting',
    defaultLevel: 1,
    article: '《中华人民共和国监察法》第二十六条',
    mainClock: null,
    notice24h: false,
  },
  freeze: {
    approval: 'setting',
    defaultLevel: 2,
    article: '《中华人民共和国监察法》第二十六条',
    mainClock: 'freeze',
    notice24h: false,
  },
  search: {
    approval: 'setting',
    defaultLevel: 2,
    article: '《中华人民共和国监察法》第二十七条',
    mainClock: null,
    notice24h: false,
  },
  obtain: {
    approval: 'setting',
    defaultLevel: 1,
    article: '《中华人民共和国监察法》第二十八条',
    mainClock: null,
    notice24h: false,
  },
  seal: {
    approval: 'setting',
    defaultLevel: 2,
    article: '《中华人民共和国监察法》第二十八条',
    mainClock: null,
    notice24h: false,
  },
  seize: {
    approval: 'setting',
    defaultLevel: 2,
    article: '《中华人民共和国监察法》第二十八条',
    mainClock: null,
    notice24h: false,
  },
  inspection: {
    approval: 'setting',
    defaultLevel: 2,
    article: '《中华人民共和国监察法》第二十九条',
    mainClock: null,
    notice24h: false,
  },
  appraisal: {
    approval: 'setting',
    defaultLevel: 1,
    article: '《中华人民共和国监察法》第三十条',
    mainClock: null,
    notice24h: false,
  },
  technical_investigation: {
    approval: 'setting',
    defaultLevel: 3,
    article: '《中华人民共和国监察法》第三十一条',
    mainClock: 'technical_investigation',
    notice24h: false,
  },
  wanted: {
    approval: 'setting',
    defaultLevel: 3,
    article: '《中华人民共和国监察法》第三十二条',
    mainClock: null,
    notice24h: false,
  },
  exit_ban: {
    approval: 'provincial',
    article: '《中华人民共和国监察法》第三十三条',
    mainClock: 'exit_ban',
    notice24h: false,
  },
};

/** The clocks a measure's execution opens (hour clocks start at the instant). */
export function clocksAtStart(kind: MeasureKind, custodyNeeded: boolean): string[] {
  switch (kind) {
    case 'compulsory_appearance':
      return [custodyNeeded ? 'compulsory_appearance_custody' : 'compulsory_appearance'];
    case 'custody':
      return ['custody_transfer', 'custody_decision', 'detention_notice'];
    case 'standby':
      return ['standby_order'];
    case 'detention':
      return ['detention', 'detention_notice'];
    case 'freeze':
    case 'exit_ban':
    case 'technical_investigation':
      return [kind];
    default:
      return [];
  }
}

/** The kinds whose approver level is a county setting. */
export const SETTING_KINDS = (Object.keys(MEASURE_RULES) as MeasureKind[]).filter(
  (k) => MEASURE_RULES[k].approval === 'setting',
);

/**
 * The county settings of the approver level, one per 按规定报批 kind
 * (`case.measure_approver_level.<kind>:<county>`).
 */
export const APPROVER_LEVEL_SETTINGS: Partial<Record<MeasureKind, CountySetting>> = Object.fromEntries(
  SETTING_KINDS.map((kind) => [
    kind,
    defineCountySetting({
      keyPrefix: `case.measure_approver_level.${kind}`,
      field: 'level',
      defaultValue: MEASURE_RULES[kind].defaultLevel ?? 3,
      schema: Int('Approver level: 1 承办部门负责人, 2 分管领导, 3 主要负责人', { min: 1, max: 3 }),
      invalidMessage: '审批层级应为 1（承办部门负责人）、2（分管领导）或 3（主要负责人）',
    }),
  ]),
);

/** The approver level (1 to 3) a measure of `kind` needs in the case's county. */
export async function requiredLevel(tx: Ctx, kind: MeasureKind, countyCode: string | null): Promise<1 | 2 | 3> {
  const rule = MEASURE_RULES[kind];
  if (rule.approval === 'principal') return 3;
  const setting = APPROVER_LEVEL_SETTINGS[kind];
  return (setting ? await setting.valueOf(tx, countyCode) : 3) as 1 | 2 | 3;
}

/** The approval of a measure as the team records it. */
export interface MeasureApprovalInput {
  /** The approving account (主要负责人 or the post the county set); 留置 and 限制出境 name organs instead. */
  approverId?: string | null | undefined;
  approvedOn: string;
  /** The approval form's or decision's number. */
  number?: string | null | undefined;
  /** 留置: the leaders' collective decision. */
  collectiveOn?: string | null | undefined;
  collectiveMinutes?: string | null | undefined;
  /** 留置: the next-higher organ; 限制出境: the 省级以上 organ. */
  higherOrgan?: string | null | undefined;
  higherNumber?: string | null | undefined;
  higherOn?: string | null | undefined;
}

/** The approval as stored. */
export interface CheckedApproval {
  approverId: string | null;
  approverName: string | null;
  post: ApprovalPost | null;
}

/** An organ name at province level or above (限制出境: 省级以上监察机关). */
export function provincialOrgan(organ: string): boolean {
  return /省|自治区|北京市|天津市|上海市|重庆市|国家监察委员会|国家监委|中央纪委/.test(organ);
}

const POST_LEVEL: Record<string, number> = { principal_leader: 3, leader_in_charge: 2, department_head: 1 };

/**
 * The highest post `userId` holds over the commission that handles the case: 主要负责人 of that
 * commission, or 分管领导 / 承办部门负责人 of one of its departments; null when none.
 */
export async function postOver(
  tx: Ctx,
  handlingUnitId: string,
  userId: string,
): Promise<{ post: ApprovalPost; level: number; name: string } | null> {
  const commission = await commissionOf(tx, handlingUnitId);
  const rows = await tx.db
    .selectFrom('approval_posts as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .innerJoin('users as h', 'h.id', 'p.user_id')
    .select(['p.post', 'u.id as unit_id', 'u.path', 'h.display_name', 'h.disabled'])
    .where('p.user_id', '=', userId)
    .execute();
  let best: { post: ApprovalPost; level: number; name: string } | null = null;
  for (const r of rows) {
    if (Number(r.disabled) !== 0) continue;
    const own = r.unit_id === commission.id;
    const under = r.path.startsWith(commission.path);
    const level = POST_LEVEL[r.post] ?? 0;
    const counts = r.post === 'principal_leader' ? own : under && level > 0;
    if (counts && (!best || level > best.level)) best = { post: r.post as ApprovalPost, level, name: r.display_name };
  }
  return best;
}

/**
 * Checks the approval a measure of `kind` needs on `row` and returns the approver to store.
 * Throws MEASURE_APPROVAL_MISSING (`details.missing`: what is not recorded) and
 * MEASURE_APPROVER_INVALID (the approver holds no post of the level, or 限制出境 by an organ below
 * province level).
 */
export async function checkApproval(
  tx: Ctx,
  row: Pick<CaseRow, 'handling_unit_id' | 'county_code'>,
  kind: MeasureKind,
  a: MeasureApprovalInput,
): Promise<CheckedApproval> {
  const rule = MEASURE_RULES[kind];
  const label = MEASURE_KIND_LABELS[kind];
  const missing = (fields: string[], words: string) => {
    if (fields.length > 0) throw domainError('MEASURE_APPROVAL_MISSING', { kind, missing: fields }, words);
  };
  const blank = (v: string | null | undefined) => !v?.trim();
  if (rule.approval === 'detention') {
    missing(
      (['collectiveOn', 'collectiveMinutes'] as const).filter((f) => blank(a[f])),
      '采取留置措施须经领导人员集体研究决定：请填写集体研究的日期和会议纪要',
    );
    missing(
      (['higherOrgan', 'higherNumber', 'higherOn'] as const).filter((f) => blank(a[f])),
      '设区的市级以下监察机关采取留置措施须报上一级监察机关批准：请填写上级机关、批准文号和批准日期',
    );
    return { approverId: null, approverName: null, post: null };
  }
  if (rule.approval === 'provincial') {
    missing(
      (['higherOrgan', 'higherNumber', 'higherOn'] as const).filter((f) => blank(a[f])),
      '限制出境须经省级以上监察机关批准：请填写批准机关、批准文号和批准日期',
    );
    if (!provincialOrgan(a.higherOrgan!))
      throw domainError('MEASURE_APPROVER_INVALID', { kind, organ: a.higherOrgan }, '限制出境须经省级以上监察机关批准');
    return { approverId: null, approverName: null, post: null };
  }
  const level = await requiredLevel(tx, kind, row.county_code);
  const needed = MEASURE_APPROVER_LEVEL_LABELS[level]!;
  if (!a.approverId) missing(['approverId'], `采取${label}措施须经${needed}批准：请选择批准人`);
  const held = await postOver(tx, row.handling_unit_id, a.approverId!);
  if (!held || held.level < level)
    throw domainError(
      'MEASURE_APPROVER_INVALID',
      { kind, level, held: held?.post ?? null },
      `采取${label}措施须经承办机关${needed}批准${held ? `，所选批准人是${APPROVAL_POST_LABELS[held.post]}` : '，所选批准人不在承办机关的审批岗位上'}`,
    );
  return { approverId: a.approverId!, approverName: held.name, post: held.post };
}
