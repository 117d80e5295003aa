/**
 * `qingfeng export`: a county's SQLite database, with reports, attachments and clues, copied into
 * an empty PostgreSQL schema; every table compared; the target then opened as the platform
 * (receipts still look up, attachments still open, the audit chain verifies). And the refusals:
 * a target that holds tables, a source row the target refuses (the target stays empty).
 *
 * Needs both engines in one run: it runs in the PostgreSQL pass of CI (TEST_PG_URL), where it
 * opens its SQLite source itself.
 */
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { openDatabase } from '../../src/server/db/database.js';
import { addAttachment } from '../../src/server/modules/attachments/index.js';
import { configureAuditChain, verifyAuditChainParallel } from '../../src/server/modules/audit/index.js';
import { loadInstallCrypto } from '../../src/server/modules/crypto-suite/index.js';
import { ExportError, exportSqliteToPostgres } from '../../src/server/ops/export-database.js';
import { compareDatabases } from '../../src/server/ops/index.js';
import { silentLogger } from '../../src/server/shared/logger.js';
import { TEST_PASSWORD, type TestEnv, startTestEnv } from '../../src/server/test/harness.js';
import { type MadeReport, makeClue, makeReport, villageOf } from '../../src/server/test/factories.js';
import { samplePng } from '../../src/server/test/sample-files.js';

const PG_URL = process.env.TEST_PG_URL;

async function* stream(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** A fresh, empty schema on the test server; dropped by `dropSchema`. */
async function newSchema(tag: string): Promise<string> {
  const name = `x_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`create schema ${name}`);
  await c.end();
  return name;
}

async function dropSchema(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`drop schema if exists ${name} cascade`);
  await c.end();
}

async function tableCount(schema: string): Promise<number> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  const r = await c.query<{ n: number }>(
    `select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name <> 'kysely_migration' and table_name <> 'kysely_migration_lock'`,
    [schema],
  );
  const rows = await c
    .query<{ n: number }>(`select count(*)::int as n from ${schema}.units`)
    .then((x) => x.rows[0]!.n)
    .catch(() => -1);
  await c.end();
  return r.rows[0]!.n > 0 ? rows : -1;
}

// Skipped without PostgreSQL: the export needs a PostgreSQL target (CI's PostgreSQL pass runs it).
describe.skipIf(!PG_URL)('export SQLite → PostgreSQL', () => {
  let env: TestEnv;
  let file: string;
  const schemas: string[] = [];
  let report: MadeReport;
  let attachmentId: string;
  const png = samplePng(7, 8, 8);

  beforeAll(async () => {
    env = await startTestEnv('sqlite', { sqliteFile: true });
    file = env.config.databaseUrl.slice('sqlite:'.length);
    const village = await villageOf(env, 'township1');
    report = await makeReport(env, village);
    for (let i = 0; i < 5; i++) await makeReport(env, village, { content: `第${i}份举报：村务公开不及时，账目不清。` });
    const unit = await env
      .ctx()
      .db.selectFrom('reports')
      .select('owner_unit_id')
      .where('id', '=', report.id)
      .executeTakeFirstOrThrow();
    attachmentId = (
      await addAttachment(env.ctx(), report.id, stream(png), {
        fileName: '照片.png',
        uploader: 'reporter',
        ownerUnitId: unit.owner_unit_id,
      })
    ).id;
    await makeClue(env);
  }, 120_000);

  afterAll(async () => {
    await env?.close();
    for (const s of schemas) await dropSchema(s);
  });

  it('copies every table, compares them, and the target works as the platform', async () => {
    const schema = await newSchema('ok');
    schemas.push(schema);
    const lines: string[] = [];
    const summary = await exportSqliteToPostgres({
      sqliteFile: file,
      targetUrl: PG_URL!,
      targetSchema: schema,
      batchRows: 7, // small batches, so tables span several statements
      progress: (l) => lines.push(l),
    });
    expect(summary.tables.every((t) => t.same && t.rows === t.targetRows)).toBe(true);
    const reports = summary.tables.find((t) => t.table === 'reports');
    expect(reports?.rows).toBe(6);
    expect(summary.tables.find((t) => t.table === 'audit_events')!.rows).toBeGreaterThanOrEqual(5);
    expect(summary.skipped).toContain('reports_search');

    // The target as the platform: same master key and data folder.
    const target = openDatabase(PG_URL!, { pgSchema: schema });
    try {
      // Row by row too (the export's own check is a digest per table). Not compared: the migrator's
      // own tables (the target migrated itself, at another time) and SQLite's search index.
      const diff = await compareDatabases({ db: env.platform.database.db }, { db: target.db, pgSchema: schema });
      const real = diff.differences.filter(
        (d) => !/^kysely_migration/.test(d.table) && !(d.missingIn === 'b' && /_search/.test(d.table)),
      );
      expect(real).toEqual([]);
      expect(diff.rows).toBeGreaterThan(1000);
      const crypto = await loadInstallCrypto(target.db, env.platform.masterKey, {
        wanted: undefined,
        at: new Date().toISOString(),
      });
      configureAuditChain(target.db, env.platform.masterKey, env.config.auditAnchorFile, crypto.chainSmFrom);
      const chain = await verifyAuditChainParallel(target.db, { databaseUrl: PG_URL!, pgSchema: schema });
      expect(chain.ok).toBe(true);
      const source = await env
        .ctx()
        .db.selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(chain.checked).toBe(Number(source.n));

      const app = await buildApp(
        { ...env.config, databaseUrl: PG_URL!, pgSchema: schema },
        { database: target, masterKey: env.platform.masterKey, logger: silentLogger() },
      );
      try {
        const lookup = await app.inject({
          method: 'POST',
          url: '/api/public/receipt-lookups',
          payload: { receipt: report.receipt },
        });
        expect(lookup.statusCode).toBe(200);
        const login = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'township1', password: TEST_PASSWORD },
        });
        expect(login.statusCode).toBe(200);
        const cookie = login.cookies.find((c) => c.name === 'qf_session')!;
        const file = await app.inject({
          method: 'GET',
          url: `/api/reports/${report.id}/attachments/${attachmentId}`,
          headers: { cookie: `qf_session=${cookie.value}` },
        });
        expect(file.statusCode).toBe(200);
        expect(file.rawPayload.length).toBeGreaterThan(0);
        // The search works on PostgreSQL's own index (SQLite's FTS table was not copied).
        const found = await app.inject({
          method: 'GET',
          url: `/api/reports?q=${encodeURIComponent('测试某')}`,
          headers: { cookie: `qf_session=${cookie.value}` },
        });
        expect(found.statusCode).toBe(200);
        expect(found.json<{ total: number }>().total).toBeGreaterThan(0);
      } finally {
        await app.close();
      }
    } finally {
      await target.close();
    }
  }, 180_000);

  it('refuses a target schema that holds tables, and touches nothing there', async () => {
    const schema = await newSchema('full');
    schemas.push(schema);
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`create table ${schema}.keep_me (id int)`);
    await c.query(`insert into ${schema}.keep_me values (42)`);
    await expect(
      exportSqliteToPostgres({ sqliteFile: file, targetUrl: PG_URL!, targetSchema: schema }),
    ).rejects.toThrow(/already holds tables/);
    expect((await c.query(`select id from ${schema}.keep_me`)).rows).toEqual([{ id: 42 }]);
    await c.end();
  });

  it('undoes the whole copy when the target refuses a row: the target stays migrated and empty', async () => {
    // A row pointing at a unit that does not exist (SQLite with its foreign keys off lets it in).
    const raw = new SqliteDatabase(file);
    raw.pragma('foreign_keys = OFF');
    const row = raw.prepare(`select * from users limit 1`).get() as Record<string, unknown>;
    raw
      .prepare(
        `insert into users (${Object.keys(row).join(', ')}) values (${Object.keys(row)
          .map(() => '?')
          .join(', ')})`,
      )
      .run(
        ...Object.entries(row).map(([k, v]) =>
          k === 'id'
            ? '01900000-0000-7000-8000-00000000dead'
            : k === 'username'
              ? 'orphan_user'
              : k === 'unit_id'
                ? 'no-such-unit'
                : v,
        ),
      );
    raw.close();
    const schema = await newSchema('bad');
    schemas.push(schema);
    const err = await exportSqliteToPostgres({ sqliteFile: file, targetUrl: PG_URL!, targetSchema: schema }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ExportError);
    expect((err as Error).message).toMatch(/undone.*users/s);
    expect(await tableCount(schema)).toBe(0);
    const fix = new SqliteDatabase(file);
    fix.prepare(`delete from users where username = 'orphan_user'`).run();
    fix.close();
  }, 120_000);
});
