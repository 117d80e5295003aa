/**
 * Bulk loader of synthetic intake-ledger rows for the ledger benchmarks: raw SQL that generates
 * the rows inside the database (SQLite: a recursive CTE through better-sqlite3; PostgreSQL:
 * generate_series), in chunks, into a migrated and seeded database. The secondary indexes the
 * migration created on `reports` are read back from the catalogue, dropped before the load and
 * re-created from their own definitions afterwards, so the indexes measured are exactly the
 * production ones (the primary key and unique constraints stay in place throughout; the
 * generated keys are increasing, so those are appended to).
 *
 * Rows: spread over the county's (unit, region) pairs — nine in ten owned by a township
 * commission about one of its villages, one in ten by the county commission about a township —
 * with received_at increasing over `years` years up to `end`; channels, kinds, statuses and
 * categories mixed; 1 in 20 closed-as-transfer records (in_ledger = 0); and a `deadlines` row
 * for 1 in 50 reports (open ones past due when the report is still open).
 */
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';

/** One (owner unit, region) pair a generated report is attached to. */
export interface Target {
  unit_id: string;
  unit_path: string;
  region_code: string;
  region_path: string;
  county_code: string | null;
}

/** What the loader needs to know. */
export interface LoadSpec {
  rows: number;
  targets: Target[];
  /** End of the time span (ISO instant); rows are spread over the `years` before it. */
  end: string;
  years: number;
  /** Rows per chunk (one transaction / statement each). */
  chunk?: number;
  /** Progress callback. */
  progress?: (done: number) => void;
}

const TARGET_COLS = [
  'k',
  'unit_id',
  'unit_path',
  'region_code',
  'region_path',
  'county_code',
  'prefix',
  'unit_rank',
  'unit_count',
] as const;

/**
 * Surnames by frequency (per mille of people, after the 2020 census' order: 王 李 张 about 7 %
 * each), then a long tail of 200 surnames sharing the rest of the 2,000-slot table evenly.
 */
const SURNAME_WEIGHTS: [string, number][] = [
  ['王', 71],
  ['李', 70],
  ['张', 67],
  ['刘', 54],
  ['陈', 45],
  ['杨', 31],
  ['黄', 25],
  ['赵', 23],
  ['吴', 20],
  ['周', 19],
  ['徐', 17],
  ['孙', 15],
  ['马', 15],
  ['朱', 13],
  ['胡', 13],
  ['郭', 11],
  ['何', 11],
  ['高', 10],
  ['林', 10],
  ['罗', 9],
  ['郑', 8],
  ['梁', 8],
  ['谢', 7],
  ['宋', 6],
  ['唐', 6],
  ['许', 6],
  ['韩', 5],
  ['冯', 5],
  ['邓', 5],
  ['曹', 5],
  ['彭', 5],
  ['曾', 5],
  ['肖', 4],
  ['田', 4],
  ['董', 4],
  ['袁', 4],
  ['潘', 4],
  ['于', 4],
  ['蒋', 4],
  ['蔡', 4],
];
const SURNAME_TAIL = [
  ...'余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
];
/** Slots of the surname table (one character each). */
const SURNAME_TABLE_SIZE = 2_000;
/** The surname table: each surname repeated by its weight (× 2), the tail filling the rest in turn. */
const SURNAME_TABLE = (() => {
  const out: string[] = [];
  for (const [c, w] of SURNAME_WEIGHTS) for (let j = 0; j < w * 2; j++) out.push(c);
  for (let j = 0; out.length < SURNAME_TABLE_SIZE; j++) out.push(SURNAME_TAIL[j % SURNAME_TAIL.length]!);
  return out.join('');
})();
/** One-character given names (1 in 10 people): 张伟 is then 6.7 % × 10 % / 40 ≈ 0.017 % of reports. */
const GIVEN_ONE = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞辉健波宁斌琳云凤丹浩亮';
/** First and second characters of two-character given names (50 × 50): each full name ≈ 0.0025 % per 7 % surname. */
const GIVEN_FIRST = '志秀海丽永春桂淑晓文德宏立雪子思佳家梦玉金明俊振新天雨嘉少美小国红宇世光学凤长建'.replace(
  '建',
  '益',
);
const GIVEN_SECOND = '华英平生军芳林峰梅珍兰霞云福涛强刚明杰亮辉斌勇庆民成东荣宁伟龙发超琴燕鹏娟玲凯丹彬坤';
/**
 * The adversarial full name: 1 in 100 reports (50,000 at 5 M) is about 王建国, a name no other
 * report has (建 is not a first given character). Measured apart as a stress class.
 */
export const ADVERSARIAL_NAME = '王建国';
/** The commonest surnames of the table, most common first (the bench's surname class). */
export const COMMON_SURNAMES = SURNAME_WEIGHTS.slice(0, 12).map(([c]) => c);

/**
 * The SQL expression of row `s.i`'s subject name (shared with the clue loader): a surname from a
 * weighted table of 2,000 slots, a given name of one character (1 in 10) or two; 1 in 100 rows
 * is about ADVERSARIAL_NAME (a deliberately dense full name).
 */
export function subjectNameSql(engine: 'sqlite' | 'postgres', i = 's.i'): string {
  const mod = (a: string, b: number) => (engine === 'postgres' ? `((${a}) % ${b})::int` : `((${a}) % ${b})`);
  const h1 = `((${i} * 2654435761) % 4294967296)`;
  const h2 = `((${i} * 2246822519) % 4294967291)`;
  const surname = `substr('${SURNAME_TABLE}', 1 + ${mod(h1, SURNAME_TABLE_SIZE)}, 1)`;
  const given = `case when ${mod(h2, 10)} = 0 then substr('${GIVEN_ONE}', 1 + ${mod(`${h2} / 10`, [...GIVEN_ONE].length)}, 1)
      else substr('${GIVEN_FIRST}', 1 + ${mod(`${h2} / 10`, [...GIVEN_FIRST].length)}, 1)
        || substr('${GIVEN_SECOND}', 1 + ${mod(`${h2} / 1000`, [...GIVEN_SECOND].length)}, 1) end`;
  return `case when ${mod(i, 100)} = 37 then '${ADVERSARIAL_NAME}' else ${surname} || ${given} end`;
}

/** Number prefixes of the county's commissions: the county's own, then one per township commission. */
const PREFIX_CHARS = [...'城关英洪仰池坡头陈宅果园段村天南张义马千秋洛西宫前'];

/**
 * The rows' (unit, region) targets with their number series: the unit's prefix (渑纪信 for the
 * county commission, 渑X纪信 for a township's), the target's rank among its unit's targets and
 * how many targets the unit has.
 */
function numbered(targets: Target[]): (Target & { prefix: string; unit_rank: number; unit_count: number })[] {
  const units = [...new Set(targets.map((t) => t.unit_id))];
  const county = targets[targets.length - 1]!.unit_id;
  const counts = new Map<string, number>();
  return targets
    .map((t) => {
      const rank = counts.get(t.unit_id) ?? 0;
      counts.set(t.unit_id, rank + 1);
      const u = units.indexOf(t.unit_id);
      const abbr = `${PREFIX_CHARS[u % PREFIX_CHARS.length]}${u >= PREFIX_CHARS.length ? PREFIX_CHARS[Math.floor(u / PREFIX_CHARS.length) % PREFIX_CHARS.length] : ''}`;
      const prefix = t.unit_id === county ? '渑纪信' : `渑${abbr}纪信`;
      return { ...t, prefix, unit_rank: rank };
    })
    .map((t) => ({ ...t, unit_count: counts.get(t.unit_id)! }));
}

/** For each Shanghai year of the span, one row before its first row (rows are evenly spaced). */
function yearStarts(spec: LoadSpec): [string, number][] {
  const endSec = Math.floor(Date.parse(spec.end) / 1000);
  const span = spec.years * 365 * 86400;
  const step = span / spec.rows;
  const start = endSec - span;
  const first = new Date((start + 28800) * 1000).getUTCFullYear();
  const last = new Date((endSec + 28800) * 1000).getUTCFullYear();
  const out: [string, number][] = [];
  for (let y = first; y <= last; y++) {
    const boundary = Date.UTC(y, 0, 1) / 1000 - 28800;
    out.push([String(y), Math.max(0, Math.floor((boundary - start) / step) - 1)]);
  }
  return out;
}

/** Picks the (unit, region) pairs from the seeded organisation (demo county). */
export const TARGETS_SQL = `
  select u.id as unit_id, u.path as unit_path, g.code as region_code, g.path as region_path,
         g.county_code as county_code, u.kind as kind
  from units u
  join regions g on (u.kind = 'township_commission' and g.parent_code = u.region_code and g.level = 'village')
                 or (u.kind = 'commission' and (g.parent_code = u.region_code or g.code = u.region_code))
  order by u.kind, g.code`;

/** Orders targets so that ~90 % of generated rows go to townships and ~10 % to the county. */
export function weightTargets(rows: (Target & { kind: string })[]): Target[] {
  const township = rows.filter((r) => r.kind === 'township_commission');
  const county = rows.filter((r) => r.kind === 'commission');
  if (township.length === 0 || county.length === 0) throw new Error('no township or county targets found');
  const extra = Math.ceil(township.length / 9);
  const out: Target[] = township.map(({ kind: _k, ...t }) => t);
  for (let i = 0; i < extra; i++) {
    const { kind: _k, ...t } = county[i % county.length]!;
    out.push(t);
  }
  return out;
}

/**
 * The SELECT generating rows `i` in [lo, hi] (the `gen` relation yields `i`). The SQL is shared;
 * only the date arithmetic differs between engines.
 */
function rowSelect(engine: 'sqlite' | 'postgres', m: number, spec: LoadSpec): string {
  const endSec = Math.floor(Date.parse(spec.end) / 1000);
  const span = spec.years * 365 * 86400;
  const step = span / spec.rows;
  const start = endSec - span;
  const sec = `(${start} + s.i * ${step.toFixed(6)})`;
  const at =
    engine === 'sqlite'
      ? `strftime('%Y-%m-%dT%H:%M:%fZ', ${sec}, 'unixepoch')`
      : `to_char(to_timestamp(${sec}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const on =
    engine === 'sqlite'
      ? `strftime('%Y-%m-%d', ${sec} + 28800, 'unixepoch')`
      : `to_char(to_timestamp(${sec} + 28800) at time zone 'UTC', 'YYYY-MM-DD')`;
  const year =
    engine === 'sqlite'
      ? `strftime('%Y', ${sec} + 28800, 'unixepoch')`
      : `to_char(to_timestamp(${sec} + 28800) at time zone 'UTC', 'YYYY')`;
  const pad = (expr: string, n: number) =>
    engine === 'sqlite'
      ? `printf('%0${n}d', ${expr})`
      : `lpad((${expr})::text, greatest(${n}, length((${expr})::text)), '0')`;
  const mod = (a: string, b: number) => (engine === 'postgres' ? `((${a}) % ${b})::int` : `((${a}) % ${b})`);
  const status = `case when ${mod('s.i * 23', 20)} < 2 then 'received' when ${mod('s.i * 23', 20)} < 5 then 'accepted'
      when ${mod('s.i * 23', 20)} < 8 then 'in_handling' when ${mod('s.i * 23', 20)} < 13 then 'concluded'
      when ${mod('s.i * 23', 20)} < 15 then 'forwarded' when ${mod('s.i * 23', 20)} < 19 then 'kept_on_file'
      else 'transferred_up' end`;
  const channel = `case ${mod('s.i * 31', 10)} when 0 then 'online' when 1 then 'visit' when 2 then 'letter'
      when 3 then 'phone' when 4 then 'video' when 5 then 'informant' when 6 then 'transfer' else 'qr' end`;
  const category = `case ${mod('s.i * 7', 6)} when 0 then '["integrity"]' when 1 then '["mass"]' when 2 then '["subsidies"]'
      when 3 then '["minimum_living"]' when 4 then '["collective_assets","duty_violation"]' else '[]' end`;
  const name = subjectNameSql(engine);
  // Numbers: per commission (its prefix) per Shanghai year, a sequence of at least four digits.
  // Each target gets exactly one row in every block of m consecutive i (k = i·7919 mod m, 7919
  // prime), so block × (the unit's targets) + the target's rank in its unit numbers a unit's rows
  // uniquely and in time order; the block counts from the year's first row (i0, one row early).
  const i0 = `case ${year} ${yearStarts(spec)
    .map(([y, i]) => `when '${y}' then ${i}`)
    .join(' ')} else 0 end`;
  const seq = `((s.i - ${i0}) / ${m}) * t.unit_count + t.unit_rank + 1`;
  const matter = `case ${mod('s.i', 6)} when 0 then '在低保评定中优亲厚友' when 1 then '截留挪用惠农补贴资金'
      when 2 then '村集体土地流转收益去向不明' when 3 then '违规收受工程承包人礼金'
      when 4 then '为亲属承揽村内道路硬化工程' else '公款吃喝并在村委会报销' end`;
  const cat = (...parts: string[]) => parts.join(' || ');
  const closed = `${mod('s.i * 23', 20)} >= 8`;
  return `select
      ${cat("'r'", pad('s.i', 10))},
      ${cat('t.prefix', "'〔'", year, "'〕'", pad(seq, 4), "'号'")},
      ${channel},
      case when ${mod('s.i * 13', 5)} = 0 then 'petition' else 'accusation' end,
      case when ${mod('s.i * 17', 3)} = 0 then 0 else 1 end,
      ${status},
      t.region_code, t.region_path, t.county_code, t.unit_id, t.unit_path,
      ${category},
      ${name},
      case when ${mod('s.i', 3)} = 0 then '村党支部书记' else '村委会主任' end,
      ${cat("'第'", 's.i', "'件：反映'", matter, "'的问题，涉及金额约'", `(${mod('s.i', 97)} + 3)`, "'万元。'")},
      ${cat("'h'", pad('s.i', 15))},
      ${at}, ${on},
      case when ${mod('s.i * 23', 20)} = 19 then 0 else 1 end,
      case when ${closed} then ${at} else null end,
      1, ${at}, ${at}
    from gen s join bench_targets t on t.k = ${mod('s.i * 7919', m)}`;
}

const INSERT_COLS = `id, number, channel, kind, anonymous, status, region_code, region_path, county_code,
  owner_unit_id, owner_unit_path, categories, subject_name, subject_position, content, receipt_hash,
  received_at, received_on, in_ledger, closed_at, version, created_at, updated_at`;

/** Deadlines for 1 in 50 reports: ack (named accusations) or register, due 15 days after. */
function deadlinesInsert(engine: 'sqlite' | 'postgres', lo: number, hi: number): string {
  const due =
    engine === 'sqlite' ? `date(r.received_on, '+15 days')` : `to_char(r.received_on::date + 15, 'YYYY-MM-DD')`;
  return `insert into deadlines (id, resource_type, resource_id, kind, starts_on, due_on, extended, met_at,
      reminded_stage, owner_unit_id, owner_unit_path, region_path, county_code, created_at)
    select 'd' || substr(r.id, 2), 'report', r.id, case when r.kind = 'petition' then 'register' else 'ack' end,
      r.received_on, ${due}, 0,
      case when r.status in ('received', 'accepted') then null else r.received_at end,
      null, r.owner_unit_id, r.owner_unit_path, r.region_path, r.county_code, r.received_at
    from reports r where r.id >= 'r${String(lo).padStart(10, '0')}' and r.id <= 'r${String(hi).padStart(10, '0')}'
      and ${engine === 'sqlite' ? 'substr(r.id, -2)' : 'right(r.id, 2)'} in ('00', '50')`;
}

/** Secondary indexes of a table: name and the statement that created it. */
interface IndexDef {
  name: string;
  sql: string;
}

/** Loads `spec.rows` reports into SQLite; returns the time of the row load and of the index build. */
export function loadSqlite(db: SqliteDatabase.Database, spec: LoadSpec): { loadMs: number; indexMs: number } {
  const chunk = spec.chunk ?? 500_000;
  db.pragma('foreign_keys = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  // The platform's checkpoint thread may hold the WAL for seconds on a loaded host (5 M rows).
  db.pragma('busy_timeout = 120000');
  const indexes = (
    db
      .prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'reports' and sql is not null`)
      .all() as IndexDef[]
  ).filter((i) => i.sql);
  for (const i of indexes) db.exec(`drop index ${i.name}`);
  // Triggers (the search index's) would run per row; the search index is rebuilt once instead.
  const triggers = db
    .prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'reports'`)
    .all() as IndexDef[];
  for (const t of triggers) db.exec(`drop trigger ${t.name}`);
  db.exec(`create temp table bench_targets (${TARGET_COLS.join(', ')})`);
  const ins = db.prepare(`insert into bench_targets values (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  numbered(spec.targets).forEach((t, k) =>
    ins.run(
      k,
      t.unit_id,
      t.unit_path,
      t.region_code,
      t.region_path,
      t.county_code,
      t.prefix,
      t.unit_rank,
      t.unit_count,
    ),
  );
  const t0 = performance.now();
  const select = rowSelect('sqlite', spec.targets.length, spec);
  for (let lo = 1; lo <= spec.rows; lo += chunk) {
    const hi = Math.min(spec.rows, lo + chunk - 1);
    db.transaction(() => {
      db.prepare(
        `with recursive gen(i) as (select ${lo} union all select i + 1 from gen where i < ${hi})
         insert into reports (${INSERT_COLS}) ${select}`,
      ).run();
      db.prepare(deadlinesInsert('sqlite', lo, hi)).run();
    })();
    spec.progress?.(hi);
  }
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  for (const i of indexes) db.exec(i.sql);
  const search = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'reports_search'`).get();
  if (search) db.exec(`insert into reports_search (reports_search) values ('rebuild')`);
  for (const t of triggers) db.exec(t.sql);
  db.exec('drop table temp.bench_targets');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { loadMs, indexMs: performance.now() - t1 };
}

/**
 * Loads `spec.rows` reports into PostgreSQL (client's search_path is the bench schema);
 * foreign-key triggers are skipped during the load (session_replication_role = replica).
 */
export async function loadPostgres(
  client: pg.Client,
  schema: string,
  spec: LoadSpec,
): Promise<{ loadMs: number; indexMs: number }> {
  const chunk = spec.chunk ?? 500_000;
  await client.query(`set session_replication_role = replica`);
  await client.query(`set maintenance_work_mem = '256MB'`);
  await client.query(`set synchronous_commit = off`);
  const { rows: indexes } = await client.query<IndexDef>(
    `select i.indexname as name, i.indexdef as sql from pg_indexes i
     where i.schemaname = $1 and i.tablename = 'reports'
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = $1::regnamespace)`,
    [schema],
  );
  for (const i of indexes) await client.query(`drop index ${i.name}`);
  await client.query(`create temp table bench_targets (k int primary key, unit_id text, unit_path text collate "C",
    region_code text, region_path text collate "C", county_code text, prefix text, unit_rank bigint, unit_count bigint)`);
  for (const [k, t] of numbered(spec.targets).entries())
    await client.query(`insert into bench_targets values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
      k,
      t.unit_id,
      t.unit_path,
      t.region_code,
      t.region_path,
      t.county_code,
      t.prefix,
      t.unit_rank,
      t.unit_count,
    ]);
  const t0 = performance.now();
  const select = rowSelect('postgres', spec.targets.length, spec);
  for (let lo = 1; lo <= spec.rows; lo += chunk) {
    const hi = Math.min(spec.rows, lo + chunk - 1);
    await client.query(
      `insert into reports (${INSERT_COLS})
       ${select.replace('from gen s', `from generate_series(${lo}::bigint, ${hi}::bigint) as s(i)`)}`,
    );
    await client.query(deadlinesInsert('postgres', lo, hi));
    spec.progress?.(hi);
  }
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  for (const i of indexes) await client.query(i.sql);
  await client.query(`drop table bench_targets`);
  await client.query(`set session_replication_role = origin`);
  // What autovacuum does to a table in use: statistics, and the visibility map that lets the
  // ledger's counts run as index-only scans (without it every counted row is a heap fetch).
  await client.query(`vacuum analyze reports`);
  await client.query(`vacuum analyze deadlines`);
  return { loadMs, indexMs: performance.now() - t1 };
}
