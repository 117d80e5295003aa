import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.js';
import { type Platform, type PlatformOptions, openPlatform } from '../bootstrap.js';
import { ManualClock } from '../shared/clock.js';
import { type AppConfig, loadConfig } from '../shared/config.js';
import type { Ctx } from '../shared/context.js';
import { Keyring } from '../shared/crypto.js';
import { createLogger, silentLogger } from '../shared/logger.js';
import { totpCode } from '../shared/totp.js';
import { applyPreset, type SeedResult } from '../seed/seed.js';
import { DEMO_PRESET } from '../seed/presets.js';

/**
 * The test harness: every database-touching test runs on SQLite (in memory) and, when
 * TEST_PG_URL is set, on PostgreSQL in a fresh schema per test file. Set TEST_SQLITE=0 to run
 * only the PostgreSQL leg (CI does, after the SQLite run).
 */

/** Password of every demo account in tests. */
export const TEST_PASSWORD = 'Demo-Pass-2026';

/** A database engine the suite runs on. */
export interface TestDialect {
  name: 'sqlite' | 'postgres';
}

/** The engines this run covers. */
export function testDialects(): TestDialect[] {
  const out: TestDialect[] = [];
  if (process.env.TEST_SQLITE !== '0') out.push({ name: 'sqlite' });
  if (process.env.TEST_PG_URL) out.push({ name: 'postgres' });
  return out;
}

/** A running test platform: app, database, clock and helpers. */
export interface TestEnv {
  dialect: TestDialect['name'];
  app: FastifyInstance;
  platform: Platform;
  config: AppConfig;
  clock: ManualClock;
  seed: SeedResult | null;
  /** A service context with no actor (for direct service calls). */
  ctx(): Ctx;
  /** Signs in as a demo account (enrolling TOTP for administrators) and returns a client. */
  as(username: string, password?: string): Promise<Client>;
  /** An anonymous client. */
  anon(): Client;
  close(): Promise<void>;
}

/** Options of `startTestEnv`. */
export interface TestEnvOptions {
  /** Seed the demo county (default true). */
  seed?: boolean;
  /** Per-route rate limits (default off; one test turns them on). */
  rateLimits?: boolean;
  /** Log stream (default: no logging). */
  logStream?: NodeJS.WritableStream;
  /** Extra config. */
  config?: Partial<AppConfig>;
  /** Use a SQLite file in a temp folder instead of memory (for tests that read the file). */
  sqliteFile?: boolean;
  /**
   * Test hook for storage failures (with `sqliteFile`): a replacement for the WAL's fdatasync and
   * a listener for the failure (without one, a failure is only written to stderr; the test
   * process never exits).
   */
  storage?: PlatformOptions;
}

let schemaCounter = 0;
/** Advisory lock key serializing schema creation, migration and drops between test workers. */
const SCHEMA_LOCK = 7_274_201;

/** The crypto suite tests install with: TEST_CRYPTO_SUITE (`aes` or `sm`), default `aes`. */
export function testCryptoSuite(): 'aes' | 'sm' {
  const v = process.env.TEST_CRYPTO_SUITE;
  if (v === undefined || v === '' || v === 'aes') return 'aes';
  if (v === 'sm') return 'sm';
  throw new Error(`TEST_CRYPTO_SUITE=${v}: expected aes or sm`);
}

/** Starts a fresh platform on `dialect`, seeded with the demo county unless told otherwise. */
export async function startTestEnv(dialect: TestDialect['name'], opts: TestEnvOptions = {}): Promise<TestEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'qf-test-'));
  let schema: string | undefined;
  let pgAdmin: pg.Client | undefined;
  let databaseUrl = opts.sqliteFile ? `sqlite:${join(dir, 'test.sqlite')}` : ':memory:';
  if (dialect === 'postgres') {
    const url = process.env.TEST_PG_URL;
    if (!url) throw new Error('TEST_PG_URL is not set');
    schema = `t_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
    pgAdmin = new pg.Client({ connectionString: url });
    await pgAdmin.connect();
    // Kysely's migrator introspects every schema of the database; a schema another test file
    // drops at that moment makes the introspection fail. Schema creation + migration and
    // schema drops therefore take one advisory lock, across test workers.
    await pgAdmin.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    await pgAdmin.query(`create schema ${schema}`);
    databaseUrl = url;
  }
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir: dir,
    masterKeyFile: join(dir, 'master.key'),
    auditAnchorFile: join(dir, 'audit-anchors.log'),
    databaseUrl,
    pgSchema: schema,
    rateLimits: opts.rateLimits ?? false,
    serveConsole: false,
    logLevel: 'info',
    // TEST_CRYPTO_SUITE=sm runs any test file under 商用密码 (SM4, SM3), e.g. `TEST_CRYPTO_SUITE=sm npx vitest run <files>`.
    cryptoSuite: testCryptoSuite(),
    ...opts.config,
  };
  const clock = new ManualClock(Date.parse('2026-11-20T02:00:00Z'));
  let platform: Platform;
  try {
    platform = await openPlatform(config, opts.storage);
  } finally {
    if (pgAdmin) {
      await pgAdmin.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK]);
      await pgAdmin.end();
    }
  }
  const seed =
    opts.seed === false
      ? null
      : await applyPreset(platform.database, DEMO_PRESET, {
          password: TEST_PASSWORD,
          at: new Date(clock.nowMs()).toISOString(),
        });
  // One logger for the app and for `ctx()`, as in `serve`: tests that read the logs see both.
  const logger = opts.logStream ? createLogger(config.logLevel, opts.logStream) : silentLogger();
  const app = await buildApp(config, { database: platform.database, masterKey: platform.masterKey, clock, logger });
  await app.ready();
  const keyring = new Keyring(platform.masterKey);
  const totpSecrets = new Map<string, string>();

  const env: TestEnv = {
    dialect,
    app,
    platform,
    config,
    clock,
    seed,
    ctx: () => ({
      db: platform.database.db,
      dialect: platform.database.dialect,
      clock,
      keyring,
      config,
      actor: null,
      requestId: null,
      log: logger,
    }),
    anon: () => new Client(app, null, null),
    async as(username, password = TEST_PASSWORD) {
      const first = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: {
          username,
          password,
          ...(totpSecrets.has(username) ? { totp: nextTotp(totpSecrets.get(username)!, clock) } : {}),
        },
      });
      if (first.statusCode !== 200) throw new Error(`login ${username} failed: ${first.statusCode} ${first.body}`);
      let client = Client.fromLogin(app, first);
      const body = first.json<{ user: { restriction: string | null } }>();
      if (body.user.restriction === 'totp_enrolment') {
        const setup = await client.post('/api/auth/totp/setup');
        const secret = setup.json<{ secret: string }>().secret;
        totpSecrets.set(username, secret);
        const act = await client.post('/api/auth/totp/activation', { code: nextTotp(secret, clock) });
        if (act.statusCode !== 200) throw new Error(`totp activation failed: ${act.body}`);
        client = new Client(app, client.cookie, act.json<{ csrfToken: string }>().csrfToken);
      }
      return client;
    },
    async close() {
      await app.close();
      await platform.database.close();
      if (schema) {
        const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL });
        await admin.connect();
        await admin.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
        await admin.query(`drop schema ${schema} cascade`);
        await admin.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK]);
        await admin.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}

/** Returns a TOTP code for the next unused step (advancing the clock 30 s so codes never repeat). */
export function nextTotp(secret: string, clock: ManualClock): string {
  clock.advance(30_000);
  return totpCode(secret, clock.nowMs());
}

/** A signed-in (or anonymous) HTTP client over `app.inject`, sending cookie and CSRF token. */
export class Client {
  /** Creates a client with an optional session cookie and CSRF token. */
  constructor(
    readonly app: FastifyInstance,
    readonly cookie: string | null,
    readonly csrf: string | null,
  ) {}

  /** Builds a client from a login response. */
  static fromLogin(app: FastifyInstance, res: LightMyRequestResponse): Client {
    const c = res.cookies.find((x) => x.name === 'qf_session');
    return new Client(app, c ? `qf_session=${c.value}` : null, res.json<{ csrfToken: string }>().csrfToken);
  }

  private headers(extra?: Record<string, string>): Record<string, string> {
    return {
      ...(this.cookie ? { cookie: this.cookie } : {}),
      ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
      ...extra,
    };
  }

  /** GET `url`. */
  get(url: string, headers?: Record<string, string>) {
    return this.app.inject({ method: 'GET', url, headers: this.headers(headers) });
  }

  /** POST a JSON body. */
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.app.inject({
      method: 'POST',
      url,
      headers: this.headers(headers),
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }

  /** PATCH a JSON body. */
  patch(url: string, body: unknown) {
    return this.app.inject({ method: 'PATCH', url, headers: this.headers(), payload: body as object });
  }

  /** PUT a JSON body. */
  put(url: string, body: unknown) {
    return this.app.inject({ method: 'PUT', url, headers: this.headers(), payload: body as object });
  }

  /** POST multipart/form-data: text fields first, then one file (or several) in field `file`. */
  upload(
    url: string,
    fields: Record<string, string>,
    files: { name: string; bytes: Buffer } | { name: string; bytes: Buffer }[] | null,
  ) {
    const boundary = `----qf${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields))
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    for (const file of files === null ? [] : Array.isArray(files) ? files : [files]) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        file.bytes,
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.app.inject({
      method: 'POST',
      url,
      headers: this.headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }),
      payload: Buffer.concat(parts),
    });
  }

  /** DELETE `url`. */
  delete(url: string) {
    return this.app.inject({ method: 'DELETE', url, headers: this.headers() });
  }
}
