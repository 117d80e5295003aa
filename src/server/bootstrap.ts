import { randomBytes } from 'node:crypto';
import { jobDefinitions } from './modules.js';
import { type Db, type OpenOptions, openDatabase } from './db/database.js';
import { type MigrationPlan, migrateToLatest } from './db/migrate.js';
import type { AppConfig } from './shared/config.js';
import { loadOrCreateMasterKey, registerCryptoProfile } from './shared/crypto.js';
import { loadInstallCrypto } from './modules/crypto-suite/index.js';
import { ensureBuiltinRoles } from './modules/access/index.js';
import { seedOfficialCalendar } from './modules/calendar/index.js';
import { seedTimerCatalogue } from './modules/deadlines/index.js';
import { Worker, enqueueJob } from './modules/jobs/index.js';
import {
  appendAuditEvent,
  configureAuditChain,
  configureAuditRetention,
  ensureAuditChainKeyed,
} from './modules/audit/index.js';
import { grantApplicationRole } from './db/roles.js';
import { assertPasswordPolicy, endSessionsOf, hashPassword } from './modules/auth/index.js';
import { type Clock, systemClock } from './shared/clock.js';
import type { Log } from './shared/logger.js';
import { applyPreset, isSeeded, type SeedResult } from './seed/seed.js';
import { seedDemoClues } from './seed/demo-clues.js';
import { seedDemoCases } from './seed/demo-cases.js';
import { seedDemoDisclosure } from './seed/demo-disclosure.js';
import { seedDemoQrSupervision } from './seed/demo-qr-supervision.js';
import { seedDemoGrid } from './seed/demo-grid.js';
import { DEMO_PRESET } from './seed/presets.js';
import { transact } from './db/durability.js';
import { configureBackups, lastGoodBackupAt } from './ops/index.js';
import { backupAgeCollector, registerMetricsCollector } from './modules/metrics/index.js';

/** An opened, migrated platform: database and master key. */
export interface Platform {
  database: Db;
  masterKey: Buffer;
  /** Where local state lives (the blob store of attachments is under it). */
  dataDir: string;
}

/** Options of `openPlatform`. */
export interface PlatformOptions {
  /**
   * Hears, once, that a commit could not be made durable (see `OpenOptions.onStorageFailure`):
   * `main.ts` logs it and shuts the process down; tests record it.
   */
  onStorageFailure?: OpenOptions['onStorageFailure'];
  /** Replaces the WAL's fdatasync (tests only: a disk that fails). */
  datasync?: OpenOptions['datasync'];
  /**
   * `rekey` only: open a database whose rekey is unfinished, without checking the master key or
   * the wanted suite against the record (rekey checks both keys itself).
   */
  forRekey?: boolean;
  /**
   * Called before the first pending migration of a database that already has migrations applied
   * (`serve`, `migrate` and the other commands take a backup here; see `MigrateOptions`). If it
   * throws, nothing is migrated, the database is closed and the error propagates.
   */
  beforeMigrate?: (plan: MigrationPlan) => Promise<void>;
  /** Hears each migration as it is applied (the command line reports progress). */
  onMigration?: (name: string) => void;
}

/**
 * Opens the database, applies migrations (as the owner role when DATABASE_OWNER_URL is set, which
 * then grants the application role its rights), keys the audit chain, creates the built-in roles,
 * seeds the national timer catalogue and loads the shipped holiday arrangements. Idempotent; run
 * by `serve`, `migrate` and the test harness.
 */
export async function openPlatform(config: AppConfig, opts: PlatformOptions = {}): Promise<Platform> {
  const database = openDatabase(config.databaseUrl, {
    pgSchema: config.pgSchema,
    onStorageFailure: opts.onStorageFailure,
    datasync: opts.datasync,
  });
  // Migrations first, before the master key is read or created and before anything is written:
  // a schema newer than the code is refused here with nothing touched (SchemaNewerError), and a
  // failed migration leaves the previous schema (each runs in its own transaction).
  const { beforeMigrate, onMigration } = opts;
  const migrate = {
    ...(beforeMigrate ? { beforeMigrate } : {}),
    ...(onMigration ? { onMigration: (name: string) => onMigration(name) } : {}),
  };
  try {
    if (config.databaseOwnerUrl) {
      const owner = openDatabase(config.databaseOwnerUrl, { pgSchema: config.pgSchema, poolSize: 1 });
      try {
        await migrateToLatest(owner.db, config.pgSchema, migrate);
        await grantApplicationRole(owner.db, database.db, config.pgSchema);
      } finally {
        await owner.close();
      }
    } else await migrateToLatest(database.db, config.pgSchema, migrate);
  } catch (err) {
    await database.close();
    throw err;
  }
  const masterKey = loadOrCreateMasterKey(config.masterKeyFile);
  // The scheduled backup's folder and key (the job's env carries neither).
  configureBackups(database.db, config, masterKey);
  // The install's crypto suite (recorded at first start) and keyed-hash root: every keyring made
  // over this master key takes it; then the chain's HMAC key and anchor file, before anything is appended.
  let crypto;
  try {
    crypto = await loadInstallCrypto(database.db, masterKey, {
      wanted: config.cryptoSuite,
      at: new Date().toISOString(),
      forRekey: opts.forRekey,
    });
  } catch (err) {
    await database.close();
    throw err;
  }
  registerCryptoProfile(masterKey, crypto.profile);
  configureAuditChain(database.db, masterKey, config.auditAnchorFile, crypto.chainSmFrom);
  configureAuditRetention(database.db, masterKey, { dataDir: config.dataDir, onlineMonths: config.auditOnlineMonths });
  // The backup's age on /metrics (qingfeng_backup_age_seconds), from the backup runs' register.
  registerMetricsCollector('backup', backupAgeCollector(lastGoodBackupAt));
  await ensureAuditChainKeyed(database.db, database.dialect, Date.now());
  // SQLite plans its queries well only with table statistics (the ledger's indexes especially);
  // `optimize` gathers them where they are missing or stale, reading a bounded sample.
  if (database.sqlite) {
    database.sqlite.pragma('analysis_limit = 1000');
    database.sqlite.pragma('optimize = 0x10002');
  }
  const at = new Date().toISOString();
  await ensureBuiltinRoles(database.db, at);
  // The catalogue before the calendar: loading a shipped year recomputes clocks under their rules.
  await seedTimerCatalogue(database.db, at);
  await seedOfficialCalendar(database.db, at, database.dialect);
  return { database, masterKey, dataDir: config.dataDir };
}

/** Returns a random demo password that meets the policy. */
export function randomDemoPassword(): string {
  return `Qf-${randomBytes(9).toString('base64url')}9a`;
}

/** Seeds the demo county into an empty database; returns null when already seeded. */
export async function seedDemoIfEmpty(platform: Platform, password: string): Promise<SeedResult | null> {
  if (await isSeeded(platform.database.db)) return null;
  const seeded = await applyPreset(platform.database, DEMO_PRESET, { password });
  // A handful of clues so the clue ledger is not empty on first start (not in the test preset).
  await seedDemoClues(platform.database.db, platform.database.dialect, systemClock, platform.masterKey);
  // Two cases (a zone case filed, a township's request waiting) so the case ledger is not empty either.
  await seedDemoCases(platform.database.db, platform.database.dialect, systemClock, platform.masterKey);
  // Three published months of the first village's accounts (one corrected), so its public page shows something.
  await seedDemoDisclosure(platform.database.db, platform.database.dialect, systemClock, platform.masterKey);
  // Two published items and a draft of the county 农业农村局 for the first village, and a small roster (立码监督).
  await seedDemoQrSupervision(platform.database.db, platform.database.dialect, systemClock, platform.masterKey);
  // One outpost with two demo informants in the first village, so the grid page is not empty either.
  await seedDemoGrid(platform.database.db, platform.database.dialect, systemClock, platform.masterKey);
  // The village those demos live in (the village clerk's), so the printout can name its pages.
  const village = await platform.database.db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .innerJoin('regions as r', 'r.code', 'n.region_code')
    .select(['r.code', 'r.name'])
    .where('u.username', '=', 'vclerk1')
    .executeTakeFirst();
  return village ? { ...seeded, demoVillage: { code: village.code, name: village.name } } : seeded;
}

/** Creates the worker with every module's job handlers (see `jobDefinitions` in modules.ts); failures are logged through `log`. */
export function createWorker(platform: Platform, clock: Clock, log?: Log): Worker {
  const worker = new Worker(platform.database.db, platform.database.dialect, clock, { log });
  const env = { dialect: platform.database.dialect, clock, dataDir: platform.dataDir };
  for (const job of jobDefinitions())
    worker.register(job.kind, (payload, row, db, jobLog) => job.run(payload, row, { ...env, db, log: jobLog }));
  return worker;
}

/**
 * Enqueues the modules' periodic jobs (`every: 'day'` once per UTC day, `every: 'hour'` once
 * per UTC hour): the dedupe keys make repeated calls, from this process or another, no-ops.
 * `serve` and `worker` call it at start and then every hour.
 */
export async function enqueuePeriodicJobs(db: Db['db'], clock: Clock): Promise<void> {
  const now = new Date(clock.nowMs()).toISOString();
  for (const job of jobDefinitions()) {
    if (!job.every) continue;
    const period = job.every === 'day' ? now.slice(0, 10) : now.slice(0, 13);
    await enqueueJob(db, clock, job.kind, null, { dedupeKey: `${job.kind}:${period}` });
  }
}

/** Formats the first-start printout of the demo accounts. */
export function formatAccounts(result: SeedResult, password: string, showPassword: boolean): string {
  const lines = [
    '',
    '================ 清风 演示数据已创建 (demo county seeded) ================',
    `区划 ${result.regions}  单位 ${result.units}  协作区 ${result.zones}  干部 ${result.staff}  监督对象 ${result.subjects}`,
    showPassword
      ? `演示账号密码 (demo password, shown once): ${password}`
      : '演示账号密码: 见环境变量 QF_DEMO_PASSWORD',
    '三员（sysadmin / secadmin / auditadmin）首次登录须绑定动态验证码 (TOTP).',
    '',
    ...result.accounts.map((a) => `  ${a.username.padEnd(11)} ${a.roleName}（${a.displayName}；范围：${a.scope}）`),
    ...(result.demoVillage
      ? [
          '',
          `村民扫码页 (village pages): /r/${result.demoVillage.code}（${result.demoVillage.name}：村务公开 /finance、惠民资金 /funds、补贴查询 /subsidies、小微权力 /powers）`,
        ]
      : []),
    '========================================================================',
    '',
  ];
  return lines.join('\n');
}

/**
 * Recovers an account from the server's command line (the only way to reset an administrator:
 * 三员分立 keeps administrators from resetting each other): new initial password, second factor
 * cleared, sessions ended, one audit event by `cli`. Returns false when there is no such account.
 */
export async function resetAccountFromCli(platform: Platform, username: string, password: string): Promise<boolean> {
  assertPasswordPolicy(password);
  const hash = await hashPassword(password);
  const { db, dialect } = platform.database;
  return transact(db, async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'unit_id'])
      .where('username', '=', username)
      .executeTakeFirst();
    if (!user) return false;
    const at = new Date().toISOString();
    await trx
      .updateTable('users')
      .set({
        password_hash: hash,
        must_change_password: 1,
        password_changed_at: at,
        failed_attempts: 0,
        locked_until: null,
        locked_at: null,
        totp_enabled: 0,
        totp_secret_enc: null,
        totp_last_step: null,
        updated_at: at,
      })
      .where('id', '=', user.id)
      .execute();
    await endSessionsOf(trx, user.id, at);
    await appendAuditEvent(trx, dialect, {
      occurredAt: at,
      actorUserId: null,
      actorUsername: 'cli',
      requestId: null,
      action: 'user.password_reset',
      resourceType: 'user',
      resourceId: user.id,
      unitId: user.unit_id,
      changes: { password: ['[secret]', '[secret]'], totpEnabled: [null, false] },
    });
    return true;
  });
}
