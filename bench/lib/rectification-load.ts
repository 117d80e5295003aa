/**
 * Bulk loader of rectification items (整改事项) for `rectification-ledger.bench.ts` and
 * `meetings-report.bench.ts`: rows generated inside the database (`bulk-load.ts`), with the columns
 * `openRectificationItem` writes and the ones the item's life sets (status, escalation, closing).
 *
 * One row in `share` belongs to the demo county: addressed to one of its responsible units (a
 * village's 村务监督委员会, the first village's 村民委员会 — `vcadre1`'s unit — or a township
 * commission), issued by the county's 党风政风监督室 (one in three, and every item of a township
 * commission) or by the responsible unit's township commission, with the zone of that township.
 * The other rows belong to 97 synthetic counties of 20 townships (paths no demo reader reaches:
 * the rest of a province). Created over `years` before `end`: an item older than six months is
 * closed 95 times in 100, a newer one 40 times; an outstanding item past its due date has
 * reached an escalation rung 97 times in 100 (reminder 55 %, 约谈 25 %, 通报 12 %, 问责 5 %),
 * a closed one 4 times in 100 (a reminder). Sources, severities and problems are spread by
 * fixed weights (inspection findings 30 %, 巡察 15 %, audits 12 %, …).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/server/db/types.js';
import { type BulkLoad, type LoadEngine, genRows, rowExprs } from './bulk-load.js';
import type { Target } from './reports-load.js';

/** One responsible unit of the demo county with its issuers and zone. */
export interface RectTarget {
  owner_id: string;
  owner_path: string;
  region_path: string;
  county_code: string | null;
  /** The township commission above the owner (the owner itself for a township commission). */
  township_id: string;
  township_path: string;
  township_region_path: string;
  zone_id: string | null;
}

/** What the rectification loader needs. */
export interface RectLoadSpec {
  rows: number;
  /** One row in `share` is the demo county's (1: every row). */
  share: number;
  targets: RectTarget[];
  /** The county's 党风政风监督室 (the county-level issuer) and the county's region path. */
  office: { id: string; path: string; regionPath: string };
  /** The last creation instant (ISO) and today's date in Shanghai (overdue is read against it). */
  end: string;
  today: string;
  years: number;
  chunk?: number;
  progress?: (done: number) => void;
}

/** Sources by weight (out of 100). */
const SOURCES: [string, number][] = [
  ['inspection_finding', 30],
  ['inspection_tour', 15],
  ['audit', 12],
  ['supervision_recommendation', 8],
  ['discipline_recommendation', 7],
  ['case_reform', 8],
  ['meeting_action', 8],
  ['quality_review', 5],
  ['assessment', 5],
  ['other', 2],
];

/** Problems as written in findings (the ledger's word search reads these). */
export const PROBLEMS = [
  '村集体资金支出凭证不全，报销未经村务监督委员会审核',
  '惠民惠农补贴发放台账不清，存在优亲厚友问题',
  '公款吃喝问题整改不到位，接待清单与发票不符',
  '工程项目未按规定公开招标，村务公开不及时',
  '三资管理制度不落实，集体资产出租合同未经民主程序',
  '低保评审程序不规范，公示期不足七天',
  '违规发放津补贴，账目未及时清理',
  '扶贫项目资金拨付滞后，项目验收资料缺失',
  '村务监督委员会履职不到位，监督记录缺失',
  '公车私用问题整改材料不完整',
  '党员发展程序不规范，档案资料缺失',
  '集体土地流转收益未入账，财务公开不及时',
  '以案促改专题民主生活会未按期召开',
  '巡察反馈问题整改方案措施笼统，责任不明确',
  '审计发现专项资金挪用，未及时追回',
  '考核扣分：信访件办理超期，群众满意度低',
];

/** The ledger's word search terms with about how many items in 100 hold them. */
export const PROBLEM_TERMS = { common: '资金', rare: '民主生活会' };

/** The demo county's responsible units (villages' committees, the village council, township commissions). */
export async function rectTargets(db: Kysely<Database>): Promise<RectTarget[]> {
  const { rows } = await sql<RectTarget>`
    select u.id as owner_id, u.path as owner_path, u.region_path as region_path, u.county_code as county_code,
      t.id as township_id, t.path as township_path, t.region_path as township_region_path,
      (select m.zone_id from zone_memberships m where m.township_code = t.region_code and m.effective_to is null
        order by m.effective_from desc limit 1) as zone_id
    from units u join units t on t.id = u.parent_id and t.kind = 'township_commission'
    where u.kind in ('village_committee', 'other')
    union all
    select t.id, t.path, t.region_path, t.county_code, t.id, t.path, t.region_path,
      (select m.zone_id from zone_memberships m where m.township_code = t.region_code and m.effective_to is null
        order by m.effective_from desc limit 1)
    from units t where t.kind = 'township_commission'
    order by 1`.execute(db);
  return rows;
}

const COLS = `id, parent_id, source_kind, source_id, source_document, problem, severity, measures,
  owner_unit_id, owner_unit_path, region_path, county_code, responsible_person, responsible_user_id,
  issuer_unit_id, issuer_unit_path, issuer_region_path, zone_id, due_on, original_due_on, status,
  escalation, escalated_at, rejections, closed_at, follow_up_on, version, created_at, updated_at`;

const q = (s: string | null) => (s === null ? 'null' : `'${s.replace(/'/g, "''")}'`);

function targetsSql(spec: RectLoadSpec): string[] {
  const values = spec.targets
    .map(
      (t, k) =>
        `(${k}, ${q(t.owner_id)}, ${q(t.owner_path)}, ${q(t.region_path)}, ${q(t.county_code)}, ${q(t.township_id)}, ${q(t.township_path)}, ${q(t.township_region_path)}, ${q(t.zone_id)})`,
    )
    .join(',');
  return [
    `create temp table rect_targets (k integer primary key, owner_id text, owner_path text, region_path text,
      county_code text, township_id text, township_path text, township_region_path text, zone_id text)`,
    `insert into rect_targets values ${values}`,
  ];
}

function rowSelect(engine: LoadEngine, spec: RectLoadSpec): string {
  const { at, on, pad, mod } = rowExprs(engine, spec);
  const pg = engine === 'postgres';
  const plusDays = (d: string, n: string) =>
    pg ? `to_char((${d})::date + (${n})::int, 'YYYY-MM-DD')` : `date(${d}, '+' || (${n}) || ' days')`;
  const share = spec.share;
  const mine = share === 1 ? '1 = 1' : `${mod('s.i', share)} = 0`;
  const j = share === 1 ? 's.i' : `(s.i / ${share})`;
  const targets = spec.targets.length;
  // Newer than six months before `end`: the recent rows.
  const recentFrom = Math.floor(spec.rows * (1 - 182 / (spec.years * 365)));
  const inner = `select s.i as i, ${j} as j, ${on} as d, ${at} as t, ${mine} as mine,
      s.i > ${recentFrom} as recent, ${mod(`${j} * 37 + ${j} / 7`, 100)} as h,
      ${mod(`${j} * 13 + ${j} / 11`, 100)} as hs, ${mod(`${j} / 3 + ${j} * 7`, 100)} as he,
      t.owner_id, t.owner_path, t.region_path, t.county_code, t.township_id, t.township_path,
      t.township_region_path, t.zone_id
    from gen s join rect_targets t on t.k = ${mod(`${j} * 7919`, targets)}`;
  let acc = 0;
  const source = `case ${SOURCES.map(([code, w]) => `when x.hs < ${(acc += w)} then '${code}'`).join(' ')} end`;
  const problem = `case ${mod('x.j', PROBLEMS.length)} ${PROBLEMS.map((p, k) => `when ${k} then '${p}'`).join(' ')} end`;
  const status = `case when x.recent then
      case when x.h < 40 then 'closed' when x.h < 65 then 'in_progress' when x.h < 85 then 'open' else 'submitted' end
      else case when x.h < 95 then 'closed' when x.h < 97 then 'in_progress' when x.h < 99 then 'open' else 'submitted' end end`;
  const due = plusDays('x.d', `30 + ${mod('x.j', 6)} * 30`);
  const otherCounty = mod('x.i', 97);
  const otherTown = mod('x.i / 97', 20);
  const synthetic = (kind: string) => `'/zz/c' || ${otherCounty} || '/${kind}' || ${otherTown} || '/'`;
  const countyIssues = `(${mod('x.j', 3)} = 0 or x.owner_id = x.township_id)`;
  return `select '00000000-0000-4000-9000-' || ${pad('y.i', 12)}, null, y.source, null,
      '县纪委监委交办通知（第' || ${mod('y.j', 300)} || '号）', y.problem,
      case when ${mod('y.j', 10)} < 6 then 'minor' when ${mod('y.j', 10)} < 9 then 'major' else 'serious' end,
      '制定整改方案，明确责任人和时限', y.owner_id, y.owner_path, y.region_path, y.county_code, '村委会主任', null,
      y.issuer_id, y.issuer_path, y.issuer_region_path, y.zone_id, y.due, y.due, y.status,
      case when y.status != 'closed' and y.due < '${spec.today}' then
          case when y.he < 55 then 'reminder' when y.he < 80 then 'admonition' when y.he < 92 then 'circular'
            when y.he < 97 then 'accountability' else null end
        when y.status = 'closed' and y.he < 4 then 'reminder' else null end,
      case when y.he < 97 and y.due < '${spec.today}' and (y.status != 'closed' or y.he < 4) then y.t else null end,
      case when y.status = 'closed' and ${mod('y.j', 10)} = 0 then 1 else 0 end,
      case when y.status = 'closed' then y.t else null end, null, 1, y.t, y.t
    from (select x.i, x.j, x.t, ${source} as source, ${problem} as problem, ${status} as status, ${due} as due, x.he,
        case when x.mine then x.owner_id else 'zz-' || ${otherCounty} || '-' || ${otherTown} end as owner_id,
        case when x.mine then x.owner_path else ${synthetic('u')} end as owner_path,
        case when x.mine then x.region_path else ${synthetic('r')} end as region_path,
        case when x.mine then x.county_code else 'zz' || ${otherCounty} end as county_code,
        case when not x.mine then 'zz-' || ${otherCounty}
          when ${countyIssues} then '${spec.office.id}' else x.township_id end as issuer_id,
        case when not x.mine then '/zz/c' || ${otherCounty} || '/'
          when ${countyIssues} then '${spec.office.path}' else x.township_path end as issuer_path,
        case when not x.mine then '/zz/c' || ${otherCounty} || '/'
          when ${countyIssues} then '${spec.office.regionPath}' else x.township_region_path end as issuer_region_path,
        case when x.mine then x.zone_id else null end as zone_id
      from (${inner}) x) y`;
}

/** The bulk load of `spec.rows` rectification items (`townships`: the bulk loader's own targets). */
export function rectificationLoad(spec: RectLoadSpec, townships: Target[]): BulkLoad {
  const selects = { sqlite: rowSelect('sqlite', spec), postgres: rowSelect('postgres', spec) };
  return {
    rows: spec.rows,
    chunk: spec.chunk ?? 100_000,
    targets: townships,
    tables: ['rectification_items'],
    chunkSql: (engine, lo, hi) => [
      ...(lo === 1 ? targetsSql(spec) : []),
      genRows(engine, lo, hi, `insert into rectification_items (${COLS}) ${selects[engine]}`),
    ],
    progress: spec.progress,
  };
}
