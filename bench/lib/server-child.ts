/**
 * A server under test, run as a child process so the load generator never shares its event loop:
 * `node --import tsx bench/lib/server-child.ts`. Prints `BENCH_READY {json}` once listening on
 * 127.0.0.1 (port 0 → an ephemeral port). Environment:
 *   BENCH_SERVER_MODE  bare | bare-insert | app
 *                      (bare-insert: bare Fastify, POST /submit does one durable INSERT into a
 *                      WAL, synchronous=FULL SQLite file in BENCH_DATA_DIR — the intake ceiling)
 *   BENCH_DATA_DIR     folder for the SQLite file and the master key (app)
 *   BENCH_DB_URL       database URL (default: SQLite file in BENCH_DATA_DIR)
 *   BENCH_PG_SCHEMA    PostgreSQL schema (with a postgres:// BENCH_DB_URL)
 *   BENCH_PRESET       demo | tongren | none (default demo): seeded before listening
 *   BENCH_LOG          info (default: request logs to /dev/null, as in production) | off
 *   BENCH_WORKER       1: also run the job worker in this process, polling as `serve` does (app)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import Fastify from 'fastify';
import pino from 'pino';
import { createLogger } from '../../src/server/shared/logger.js';
import { buildApp } from '../../src/server/app.js';
import { createWorker, openPlatform } from '../../src/server/bootstrap.js';
import { systemClock } from '../../src/server/shared/clock.js';
import { type AppConfig, loadConfig } from '../../src/server/shared/config.js';
import { applyPreset } from '../../src/server/seed/seed.js';
import { DEMO_PRESET, TONGREN_PRESET } from '../../src/server/seed/presets.js';
import { BENCH_PASSWORD } from './common.js';

const mode = process.env.BENCH_SERVER_MODE ?? 'app';

// Exit if the parent disappears without cleaning up (it normally sends SIGTERM).
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

async function main(): Promise<void> {
  if (mode === 'bare') {
    const app = Fastify({ logger: false });
    app.get('/json', async () => ({ status: 'ok', dialect: 'sqlite', schemaVersion: '2026112201_foundation' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    console.log(`BENCH_READY ${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}`);
    const stop = () => void app.close().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    return;
  }

  const dir = process.env.BENCH_DATA_DIR;
  if (!dir) throw new Error('BENCH_DATA_DIR is not set');

  if (mode === 'bare-insert') {
    await bareInsert(dir);
    return;
  }
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir: dir,
    masterKeyFile: join(dir, 'master.key'),
    auditAnchorFile: join(dir, 'audit-anchors.log'),
    databaseUrl: process.env.BENCH_DB_URL ?? `sqlite:${join(dir, 'qingfeng.sqlite')}`,
    pgSchema: process.env.BENCH_PG_SCHEMA || undefined,
    // 600 requests a minute per route would turn a throughput run into a 429 run.
    rateLimits: false,
    serveConsole: false,
    logLevel: 'info',
  };
  const platform = await openPlatform(config);
  const presetName = process.env.BENCH_PRESET ?? 'demo';
  const t0 = performance.now();
  const seed =
    presetName === 'none'
      ? null
      : await applyPreset(platform.database, presetName === 'tongren' ? TONGREN_PRESET : DEMO_PRESET, {
          password: BENCH_PASSWORD,
        });
  const seedMs = performance.now() - t0;
  const quiet = process.env.BENCH_LOG === 'off';
  const app = await buildApp(config, {
    database: platform.database,
    masterKey: platform.masterKey,
    quiet,
    // Production logs every request through pino to stdout; here the same logger writes to /dev/null.
    ...(quiet
      ? {}
      : { logStream: pino.destination({ dest: '/dev/null', sync: true }) as unknown as NodeJS.WritableStream }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // As `serve` runs it: the same process, polling every 2 s and draining what is due.
  const worker = process.env.BENCH_WORKER === '1' ? createWorker(platform, systemClock, createLogger('error')) : null;
  worker?.start();
  const addr = app.server.address();
  console.log(
    `BENCH_READY ${JSON.stringify({
      port: typeof addr === 'object' && addr ? addr.port : 0,
      seedMs: Math.round(seedMs),
      staff: seed?.staff ?? 0,
      subjects: seed?.subjects ?? 0,
      units: seed?.units ?? 0,
    })}`,
  );
  const stop = () =>
    void app
      .close()
      .then(() => worker?.stop())
      .then(() => platform.database.close())
      .then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * The ceiling of public intake: one durable INSERT of a row as wide as a submitted report (the
 * same pragmas as the app's SQLite: WAL, synchronous=FULL), no validation, routing or audit.
 */
async function bareInsert(dir: string): Promise<void> {
  const sqlite = new SqliteDatabase(join(dir, 'bare.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.exec(`create table reports (
    id text primary key, number text unique, channel text not null, kind text not null,
    anonymous integer not null, status text not null, region_code text not null,
    subject_name text not null, subject_position text, content text not null, place text,
    reporter_enc text, receipt_hash text not null unique, received_at text not null,
    created_at text not null, updated_at text not null)`);
  const insert = sqlite.prepare(`insert into reports values
    (@id, @number, 'qr', @kind, @anonymous, 'received', @region, @subject, @position, @content, @place,
     @reporter, @receipt, @at, @at, @at)`);
  let seq = 0;
  const app = Fastify({ logger: false });
  app.post('/submit', async (req, reply) => {
    const b = req.body as {
      regionCode: string;
      named: boolean;
      kind?: string;
      reporter?: { name: string; phone: string };
      subject: { name: string; position?: string };
      content: string;
      place?: string;
    };
    const at = new Date().toISOString();
    const receipt = randomBytes(8).toString('hex');
    insert.run({
      id: randomUUID(),
      number: `B${++seq}`,
      kind: b.kind ?? 'accusation',
      anonymous: b.named ? 0 : 1,
      region: b.regionCode,
      subject: b.subject.name,
      position: b.subject.position ?? null,
      content: b.content,
      place: b.place ?? null,
      reporter: b.reporter ? JSON.stringify(b.reporter) : null,
      receipt: randomBytes(32).toString('hex'),
      at,
    });
    reply.status(201);
    return { receipt, receivedAt: at, ackDueOn: null };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  console.log(`BENCH_READY ${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}`);
  const stop = () =>
    void app.close().then(() => {
      sqlite.close();
      process.exit(0);
    });
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
