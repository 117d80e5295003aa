/**
 * The zone's annual 述职 report draft (issue 15: `GET /api/meetings/:id/documents/annual_report_draft.docx`,
 * the meetings module's `annual_report_draft`) for a zone with a busy year: p95 <= 2 s on SQLite
 * and, with BENCH_PG_URL, PostgreSQL. The database is migrated, seeded with the demo county and
 * bulk-loaded over three years with the loaders of the other benches — reports
 * (`reports-load.ts`), clues with their clocks (`clues-load.ts`), cases (`cases-load.ts`) and
 * rectification items (`rectification-load.ts`, every item the demo county's) — so zone 1's year
 * holds thousands of each; then the meetings job (`scheduleMeetings`, run as on 2026-09-01)
 * schedules zone 1's 2026 述职会. `zone1` (its leader) fetches the DOCX over real HTTP; each answer
 * is parsed back and its counts checked against counts made here with plain SQL.
 *
 * Ceiling (same run): the statements `zoneYear` runs, captured from the app and replayed raw, plus
 * a bare `renderDocx` of a document of the same blocks and length (no database); printed as the
 * ratio. Env: BENCH_REPORT_ROWS (rows of each kind; default 60,000 clues and reports, half as many
 * cases, 120,000 items), BENCH_REPORT_REQUESTS (default 15), BENCH_PG_URL,
 * BENCH_REPORT_SKIP_SQLITE=1, BENCH_REPORT_KEEP=<dir>.
 */
import type SqliteDatabase from 'better-sqlite3';
import JSZip from 'jszip';
import { sql } from 'kysely';
import type pg from 'pg';
import { postgresDialect, sqliteDialect } from '../src/server/db/dialect.js';
import { type OfficialDocument, renderDocx } from '../src/server/documents/index.js';
import { scheduleMeetings, zoneYear } from '../src/server/modules/meetings/index.js';
import { toShanghaiDate } from '../src/server/shared/calendar/calendar.js';
import { ManualClock } from '../src/server/shared/clock.js';
import { bulkLoadPostgres, bulkLoadSqlite } from './lib/bulk-load.js';
import { loadCasesPostgres, loadCasesSqlite } from './lib/cases-load.js';
import { loadCluesPostgres, loadCluesSqlite } from './lib/clues-load.js';
import { fmt, heading, percentile, report, runMain } from './lib/common.js';
import { type Engine, dataHome, hostLoad, loadOnce, openRig } from './lib/ledger-bench.js';
import { type RectLoadSpec, rectTargets, rectificationLoad } from './lib/rectification-load.js';
import {
  TARGETS_SQL,
  type Target,
  loadPostgres as loadReportsPostgres,
  loadSqlite as loadReportsSqlite,
  weightTargets,
} from './lib/reports-load.js';

const ROWS = Number(process.env.BENCH_REPORT_ROWS ?? 60_000);
const REQUESTS = Number(process.env.BENCH_REPORT_REQUESTS ?? 15);
const KEEP = process.env.BENCH_REPORT_KEEP;
const TARGET_MS = 2000;
const YEAR = 2026;
const B = 'meetings-report';

const TOWNSHIP_TARGETS = `
  select u.id as unit_id, u.path as unit_path, g.code as region_code, g.path as region_path, g.county_code as county_code
  from units u join regions g on g.parent_code = u.region_code and g.level = 'village'
  where u.kind = 'township_commission' order by g.code`;

interface Spec {
  weighted: Target[];
  townships: Target[];
  keepers: string[];
  county: { id: string; path: string };
  member: string;
  rect: RectLoadSpec;
  end: string;
}

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

async function runOn(engine: Engine, pgUrl: string | undefined): Promise<void> {
  heading(`述职 report draft on ${engine}: a busy zone year (${fmt(ROWS)} clues and reports over three years)`);
  const home = await dataHome('meetings_report', engine, ROWS, pgUrl, KEEP);
  const progress = (what: string, total: number) => (done: number) =>
    process.stdout.write(`\r  ${what}: loaded ${fmt(done)} / ${fmt(total)}   `);
  await loadOnce<Spec>(B, engine, home, pgUrl, `${fmt(ROWS)} reports and clues, cases, items`, {
    async spec(db) {
      const weighted = weightTargets((await sql.raw<Target & { kind: string }>(TARGETS_SQL).execute(db)).rows);
      const townships = (await sql.raw<Target>(TOWNSHIP_TARGETS).execute(db)).rows;
      const keepers = (
        await db.selectFrom('users').select('id').where('username', 'in', ['casemgr', 'tstaff1', 'office1']).execute()
      ).map((u) => u.id);
      const county = await db
        .selectFrom('units')
        .select(['id', 'path'])
        .where('kind', '=', 'commission')
        .orderBy(sql`length(path)`, 'desc')
        .executeTakeFirstOrThrow();
      const member = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'tstaff1')
        .executeTakeFirstOrThrow();
      const office = await db
        .selectFrom('units')
        .select(['id', 'path', 'region_path'])
        .where('name', '=', '党风政风监督室')
        .executeTakeFirstOrThrow();
      const end = new Date().toISOString();
      // The meetings job as on 2026-09-01: schedules each zone's 2026 述职会 (2026-12-09).
      await scheduleMeetings(
        db,
        engine === 'sqlite' ? sqliteDialect : postgresDialect,
        new ManualClock(Date.parse('2026-09-01T02:00:00Z')),
      );
      const rect: RectLoadSpec = {
        rows: ROWS * 2,
        share: 1,
        targets: await rectTargets(db),
        office: { id: office.id, path: office.path, regionPath: office.region_path },
        end,
        today: toShanghaiDate(end),
        years: 3,
        progress: progress('items', ROWS * 2),
      };
      return { weighted, townships, keepers, county, member: member.id, rect, end };
    },
    sqlite(db: SqliteDatabase.Database, s: Spec) {
      const t = performance.now();
      loadReportsSqlite(db, { rows: ROWS, targets: s.weighted, end: s.end, years: 3 });
      const clues = { rows: ROWS, targets: s.weighted, keepers: s.keepers, end: s.end, years: 3 };
      loadCluesSqlite(db, { ...clues, progress: progress('clues', ROWS) });
      db.exec('drop table if exists temp.bench_targets');
      const cases = { rows: ROWS / 2, targets: s.townships, county: s.county, memberUser: s.member, end: s.end };
      loadCasesSqlite(db, { ...cases, years: 3, progress: progress('cases', ROWS / 2) });
      db.exec('drop table if exists temp.bench_targets');
      bulkLoadSqlite(db, rectificationLoad(s.rect, s.townships));
      return performance.now() - t;
    },
    async postgres(client: pg.Client, schema: string, s: Spec) {
      const t = performance.now();
      await loadReportsPostgres(client, schema, { rows: ROWS, targets: s.weighted, end: s.end, years: 3 });
      const clues = { rows: ROWS, targets: s.weighted, keepers: s.keepers, end: s.end, years: 3 };
      await loadCluesPostgres(client, schema, { ...clues, progress: progress('clues', ROWS) });
      await client.query('drop table if exists bench_targets');
      const cases = { rows: ROWS / 2, targets: s.townships, county: s.county, memberUser: s.member, end: s.end };
      await loadCasesPostgres(client, schema, { ...cases, years: 3, progress: progress('cases', ROWS / 2) });
      await client.query('drop table if exists bench_targets');
      await bulkLoadPostgres(client, schema, rectificationLoad(s.rect, s.townships));
      return performance.now() - t;
    },
  });

  const rig = await openRig(engine, home, pgUrl);
  try {
    const { cookie, ctx } = await rig.signIn('zone1');
    const zone = await rig.readDb
      .selectFrom('role_assignments as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .select('a.scope_zone_id')
      .where('u.username', '=', 'zone1')
      .where('a.scope_type', '=', 'zone')
      .executeTakeFirstOrThrow();
    const zoneId = zone.scope_zone_id!;
    const meeting = await rig.readDb
      .selectFrom('meetings')
      .select('id')
      .where('zone_id', '=', zoneId)
      .where('kind', '=', 'annual_report_meeting')
      .where('period_key', '=', String(YEAR))
      .executeTakeFirstOrThrow();

    // The zone's year counted here, independently of the module (current townships' regions).
    const paths = (
      await rig.readDb
        .selectFrom('zone_memberships as zm')
        .innerJoin('regions as r', 'r.code', 'zm.township_code')
        .select('r.path')
        .where('zm.zone_id', '=', zoneId)
        .where('zm.effective_to', 'is', null)
        .execute()
    ).map((p) => p.path);
    const inYear = (table: 'clues' | 'reports', col: 'received_on') =>
      rig.readDb
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(col, '>=', `${YEAR}-01-01`)
        .where(col, '<=', `${YEAR}-12-31`)
        .where((eb) => eb.or(paths.map((p) => eb('region_path', 'like', `${p}%`))))
        .executeTakeFirstOrThrow();
    const clues = Number((await inYear('clues', 'received_on')).n);
    const reports = Number((await inYear('reports', 'received_on')).n);
    const items = Number(
      (
        await rig.readDb
          .selectFrom('rectification_items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('zone_id', '=', zoneId)
          .where('created_at', '>=', `${YEAR}-01-01T00:00:00`)
          .where('created_at', '<=', `${YEAR}-12-31T23:59:59.999Z`)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const cases = Number(
      (
        await rig.readDb
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('filed_on', '>=', `${YEAR}-01-01`)
          .where('filed_on', '<=', `${YEAR}-12-31`)
          .where((eb) => eb.or(paths.map((p) => eb('region_path', 'like', `${p}%`))))
          .executeTakeFirstOrThrow()
      ).n,
    );
    console.log(
      `\nzone 1's ${YEAR}: ${fmt(reports)} reports, ${fmt(clues)} clues, ${fmt(cases)} cases filed, ${fmt(items)} rectification items (load ${hostLoad()})`,
    );
    if (clues < 1000 || items < 1000) throw new Error('the zone year is not busy: load more rows');

    const url = `${rig.server.base}/api/meetings/${meeting.id}/documents/annual_report_draft.docx`;
    const fetchDocx = async () => {
      const res = await fetch(url, { headers: { cookie } });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.toString().slice(0, 300)}`);
      return body;
    };
    // Warm-up, and the document read back: its counts are the ones counted above.
    const first = await fetchDocx();
    const text = await docxText(first);
    for (const want of [
      `${YEAR}年度述职报告`,
      `受理信访举报${reports}件`,
      `受理问题线索${clues}件`,
      `立案${cases}件`,
      `全年交办整改事项${items}项`,
    ])
      if (!text.includes(want)) throw new Error(`the draft does not say ${want}`);
    const httpMs: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      await fetchDocx();
      httpMs.push(performance.now() - t);
    }

    // Ceiling 1: zoneYear's statements, captured and replayed raw.
    rig.sink.length = 0;
    const y = await zoneYear(ctx, zoneId, YEAR);
    const statements = [...rig.sink];
    await rig.raw.run(statements);
    const rawMs: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      await rig.raw.run(statements);
      rawMs.push(performance.now() - t);
    }
    // Ceiling 2: a bare DOCX of the same blocks and length (the draft's shape, no database).
    const bare: OfficialDocument = {
      title: `第一协作区${YEAR}年度述职报告`,
      docNumber: '（初稿）',
      confidentiality: '内部资料',
      issuer: '第一协作区',
      date: '2026年12月9日',
      blocks: [
        { kind: 'paragraph', text: text.slice(0, 200) },
        { kind: 'heading', level: 1, text: '一、主要工作和成效' },
        {
          kind: 'fields',
          columns: 4,
          fields: [
            { label: '受理信访举报', value: `${y.reports}件` },
            { label: '受理问题线索', value: `${y.clues}件` },
            { label: '立案', value: `${y.casesFiled}件` },
            { label: '结案', value: `${y.casesClosed}件` },
            { label: '给予处分', value: `${y.sanctions}人次` },
            { label: '超期未办结时限', value: `${y.overdueClocks}项` },
            { label: '线索处置', value: text.slice(200, 260), wide: true },
            { label: '结案办理方式', value: text.slice(260, 320), wide: true },
          ],
        },
        { kind: 'paragraph', text: text.slice(320, 520) },
        { kind: 'heading', level: 1, text: '二、整改落实情况' },
        { kind: 'paragraph', text: text.slice(520, 640) },
        { kind: 'heading', level: 1, text: '三、典型案例' },
        ...y.examples.map((t, i) => ({ kind: 'paragraph' as const, text: `${i + 1}. ${t}` })),
        { kind: 'heading', level: 1, text: '四、存在的问题和不足' },
        { kind: 'paragraph', text: '（请组长结合实际填写。）' },
        { kind: 'heading', level: 1, text: '五、下一步工作打算' },
        { kind: 'paragraph', text: '（请组长结合实际填写。）' },
      ],
    };
    await renderDocx(bare);
    const docxMs: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      await renderDocx(bare);
      docxMs.push(performance.now() - t);
    }
    const ceiling = percentile(rawMs, 95) + percentile(docxMs, 95);
    report({
      bench: B,
      name: `${engine}: zoneYear's ${statements.length} statements raw, p95 (info)`,
      value: percentile(rawMs, 95),
      unit: 'ms',
      note: `p50 ${fmt(percentile(rawMs, 50))} ms`,
    });
    report({
      bench: B,
      name: `${engine}: bare renderDocx of the same blocks, p95 (info)`,
      value: percentile(docxMs, 95),
      unit: 'ms',
      note: `p50 ${fmt(percentile(docxMs, 50))} ms, ${fmt(first.length)} bytes served`,
    });
    report({
      bench: B,
      name: `${engine}: 述职 report draft DOCX, zone 1's ${YEAR} (${fmt(clues)} clues, ${fmt(items)} items) p95`,
      value: percentile(httpMs, 95),
      unit: 'ms',
      target: { op: '<=', value: TARGET_MS },
      ceiling: { name: 'raw SQL p95 + bare DOCX p95', value: ceiling },
      note: `n=${httpMs.length}, p50 ${fmt(percentile(httpMs, 50))} ms, load ${hostLoad()}`,
    });
  } finally {
    await rig.close();
  }
}

runMain('meetings-report.bench', async () => {
  if (process.env.BENCH_REPORT_SKIP_SQLITE !== '1') await runOn('sqlite', undefined);
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) await runOn('postgres', pgUrl);
  else console.log('\n(BENCH_PG_URL not set: PostgreSQL leg skipped)');
});
