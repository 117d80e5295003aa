#!/usr/bin/env node
import { parseArgs } from 'node:util';
import {
  createWorker,
  enqueuePeriodicJobs,
  formatAccounts,
  openPlatform,
  randomDemoPassword,
  seedDemoIfEmpty,
  resetAccountFromCli,
} from './bootstrap.js';
import { systemClock } from './shared/clock.js';
import { ConfigError, loadConfig } from './shared/config.js';
import { createLogger } from './shared/logger.js';
import { verifyAuditChainParallel, writeAuditAnchor } from './modules/audit/index.js';
import { applyPreset, isSeeded } from './seed/seed.js';
import { DEMO_PRESET, TONGREN_PRESET, scalePreset } from './seed/presets.js';
import { createUser } from './modules/auth/index.js';
import { assignRole } from './modules/access/index.js';
import { Keyring } from './shared/crypto.js';
import type { StorageFailedError } from './db/durability.js';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './db/pg-failover.js';
import { assertSupportedRuntime } from './shared/runtime.js';
import { OpsError, createBackup, readMasterKey, restoreBackup, verifyBackup } from './ops/index.js';
import { SchemaNewerError } from './db/migrate.js';
import { preMigrationBackup } from './ops/pre-migration-backup.js';

const USAGE = `qingfeng <command>
  serve                 API + worker + console (default)
  worker                run only the job worker
  migrate               apply database migrations
  seed --preset demo|tongren | --scale N [--password P]
  verify-audit          check the keyed audit chain and its anchors (QF_AUDIT_ANCHOR_FILE);
                        exit 1 and name the first bad event
  export --to postgres://… [--schema S]   copy this SQLite database into an empty PostgreSQL
                        schema (one transaction), compare every table, verify the audit chain there
  create-admin --username U --role system_admin|security_admin|audit_admin [--password P]
  reset-password --username U [--password P]   recover an account (administrators included):
                        new initial password, second factor cleared, sessions ended
  backup [--to DIR]     one dated archive of the database, blobs and anchors (not the master
                        key) into DIR (default QF_BACKUP_DIR, else <data folder>/../qingfeng-backups)
  restore --from FILE   restore an archive into an EMPTY data folder / database schema, then
                        verify the audit chain and the row counts
  verify-backup FILE    check an archive's manifest and every file's hash, restoring nothing
  rekey [--suite aes|sm] [--new-master-key FILE]   with the server stopped: re-seal every sealed
                        value (and attachment file, for a suite change) under the new suite and/or
                        key; resumable (run the same command again after an interruption)`;

/**
 * Exit status after a storage failure (sysexits' EX_IOERR): the supervisor restarts the server
 * and SQLite recovers from what is on disk.
 */
const EXIT_STORAGE_FAILED = 74;
/**
 * Exit status when an environment variable cannot be used (sysexits' EX_CONFIG): restarting will
 * not help, so a supervisor can stop trying (systemd: RestartPreventExitStatus=78).
 */
const EXIT_CONFIG = 78;
/**
 * Exit status when PostgreSQL cannot be reached or takes no writes (sysexits' EX_TEMPFAIL): a
 * failover or an outage, so a supervisor restarting later is right.
 */
const EXIT_DATABASE_UNAVAILABLE = 75;
/** The message of the database error inside `err` (a migration error may wrap it), on one line. */
function databaseFailure(err: unknown): string {
  let e = err;
  while (e instanceof Error && !(e instanceof DatabaseUnavailableError) && e.cause instanceof Error) e = e.cause;
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
}
/**
 * Exit status when the database was upgraded by a newer Qingfeng (sysexits' EX_DATAERR): nothing
 * was written, and restarting will not help (systemd: RestartPreventExitStatus=65 78).
 */
const EXIT_SCHEMA_NEWER = 65;
/** How long the shutdown after a storage failure may take before the process exits anyway. */
const STORAGE_FAILED_GRACE_MS = 10_000;

let storageFailed = false;
let requestStop: () => void = () => undefined;
/** Settles when `serve` / `worker` should shut down: SIGTERM, SIGINT or a storage failure. */
const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));

/**
 * A commit could not be made durable (fail-stop, see db/durability.ts): one fatal line (the
 * failed call and file, nothing of any request), then the graceful shutdown of SIGTERM, ending
 * with EXIT_STORAGE_FAILED. Writes are refused from now on, by the database layer and the HTTP
 * layer alike.
 */
function onStorageFailure(err: StorageFailedError): void {
  if (storageFailed) return;
  storageFailed = true;
  console.error(`qingfeng: FATAL: ${err.message}; refusing writes and shutting down for a restart`);
  // Requests or a job batch that hang must not keep a server that cannot write alive.
  setTimeout(() => process.exit(EXIT_STORAGE_FAILED), STORAGE_FAILED_GRACE_MS).unref();
  requestStop();
}

async function main(): Promise<number> {
  // Node 20 would crash (SIGSEGV) in better-sqlite3 13's addon: say why and exit 1 instead.
  assertSupportedRuntime();
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      preset: { type: 'string' },
      scale: { type: 'string' },
      password: { type: 'string' },
      username: { type: 'string' },
      role: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      help: { type: 'boolean' },
      schema: { type: 'string' },
      suite: { type: 'string' },
      'new-master-key': { type: 'string' },
    },
  });
  const command = positionals[0] ?? 'serve';
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // Checked before anything is opened: a bad variable ends here, with every problem named.
  const config = loadConfig();
  // The one logger of the process: requests, jobs and services log through children of it.
  const logger = createLogger(config.logLevel);
  // Restore and verify-backup must not open the target: opening migrates it and would create a
  // master key and an empty schema where the archive's belong.
  if (command === 'restore' || command === 'verify-backup')
    return runRestoreCommand(command, config, values, positionals);
  // Rekey opens the platform itself: a normal open refuses an unfinished rekey or a changed suite.
  if (command === 'rekey') return runRekeyCommand(config, values.suite, values['new-master-key']);
  // Every command migrates an old schema on opening; a database with data is backed up first.
  const platform = await openPlatform(config, {
    onStorageFailure,
    beforeMigrate: (plan) => preMigrationBackup(config, plan),
    onMigration: (name) => console.error(`qingfeng: applied migration ${name}`),
  });
  const { database } = platform;

  switch (command) {
    case 'migrate':
      console.log('schema up to date');
      await database.close();
      return 0;

    case 'seed': {
      const spec = values.scale
        ? scalePreset(Number(values.scale))
        : values.preset === 'tongren'
          ? TONGREN_PRESET
          : DEMO_PRESET;
      if (values.preset && !['demo', 'tongren'].includes(values.preset))
        throw new Error(`unknown preset ${values.preset}`);
      if (await isSeeded(database.db)) {
        console.error('the database already holds an organisation; use a new QF_DATA_DIR or DATABASE_URL');
        await database.close();
        return 1;
      }
      const password = values.password ?? config.demoPassword ?? randomDemoPassword();
      const t0 = Date.now();
      const result = await applyPreset(database, spec, { password });
      console.log(formatAccounts(result, password, !values.password && !config.demoPassword));
      console.log(`seeded preset ${spec.key} in ${Date.now() - t0} ms`);
      await database.close();
      return 0;
    }

    case 'verify-audit': {
      const t0 = Date.now();
      const result = await verifyAuditChainParallel(database.db, {
        databaseUrl: config.databaseUrl,
        pgSchema: config.pgSchema,
      });
      const secs = (Date.now() - t0) / 1000;
      const anchors = `${result.anchors} anchor${result.anchors === 1 ? '' : 's'} in ${config.auditAnchorFile}`;
      if (result.ok) console.log(`audit chain intact: ${result.checked} events in ${secs.toFixed(2)} s (${anchors})`);
      else
        console.error(
          `audit chain BROKEN at event seq ${result.firstBadSeq ?? '?'}: ${result.reason} (${result.checked} events verified before it; ${anchors})`,
        );
      await database.close();
      return result.ok ? 0 : 1;
    }

    case 'export': {
      const { runExport } = await import('./ops/export-command.js');
      const code = await runExport(config, platform, { to: values.to, schema: values.schema });
      await database.close();
      return code;
    }

    case 'create-admin': {
      const role = values.role ?? 'system_admin';
      if (!values.username || !['system_admin', 'security_admin', 'audit_admin'].includes(role)) {
        console.error(USAGE);
        await database.close();
        return 2;
      }
      const password = values.password ?? randomDemoPassword();
      const ctx = {
        db: database.db,
        dialect: database.dialect,
        clock: systemClock,
        keyring: new Keyring(platform.masterKey),
        config,
        actor: null,
        requestId: null,
        log: logger.child({ command: 'create-admin' }),
      };
      const id = await createUser(ctx, { username: values.username, displayName: values.username, password });
      await assignRole(ctx, { userId: id, roleKey: role });
      console.log(`created ${role} account ${values.username}; initial password (change at first login): ${password}`);
      await database.close();
      return 0;
    }

    case 'reset-password': {
      if (!values.username) {
        console.error(USAGE);
        await database.close();
        return 2;
      }
      const password = values.password ?? randomDemoPassword();
      const ok = await resetAccountFromCli(platform, values.username, password);
      console.log(
        ok
          ? `reset ${values.username}; initial password (change at first login): ${password}`
          : `no account ${values.username}`,
      );
      await database.close();
      return ok ? 0 : 1;
    }

    case 'backup': {
      try {
        const result = await createBackup({ config, masterKey: platform.masterKey, db: database.db, to: values.to });
        const m = result.manifest;
        console.log(
          `backup written: ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB, ${m.files.length} files, ${Object.values(m.tables).reduce((a, b) => a + b, 0)} rows, audit head seq ${m.audit?.seq ?? 0}, schema ${m.schemaVersion}) in ${(result.ms / 1000).toFixed(1)} s`,
        );
        console.log(
          'the master key is NOT in the archive: keep a copy of it apart (removable media or the key custodian)',
        );
        return 0;
      } catch (err) {
        if (!(err instanceof OpsError)) throw err;
        console.error(`qingfeng: ${err.code}: ${err.message}`);
        return 1;
      } finally {
        await database.close();
      }
    }

    case 'worker':
    case 'serve': {
      // The HTTP stack is loaded only by `serve`, so the other commands start fast.
      const { buildApp } = await import('./app.js');
      let app: Awaited<ReturnType<typeof buildApp>> | null = null;
      if (command === 'serve') {
        const password = config.demoPassword ?? randomDemoPassword();
        const seeded = await seedDemoIfEmpty(platform, password);
        if (seeded) console.log(formatAccounts(seeded, password, !config.demoPassword));
        app = await buildApp(config, { database, masterKey: platform.masterKey, logger });
      }
      const worker = createWorker(platform, systemClock, logger);
      // Every module's periodic jobs (daily housekeeping, hourly reminders): at start and re-checked
      // hourly below, so a process running for weeks still runs them; the dedupe keys make each
      // period's run happen once across processes.
      const periodic = () =>
        enqueuePeriodicJobs(database.db, systemClock).catch((err: unknown) =>
          logger.error(
            { error: { message: err instanceof Error ? err.message : String(err) } },
            'could not schedule periodic jobs',
          ),
        );
      await periodic();
      // The chain's head anchored outside the database at start and stop too (hourly by the job).
      const anchor = (when: string) =>
        writeAuditAnchor(database.db, Date.now()).catch((err: unknown) =>
          logger.error(
            { error: { message: err instanceof Error ? err.message : String(err) } },
            `could not anchor the audit chain at ${when}`,
          ),
        );
      await anchor('start');
      const reminderTimer = setInterval(() => void periodic(), 3600_000);
      reminderTimer.unref();
      worker.start();
      if (app) {
        await app.listen({ port: config.port, host: config.host });
        console.log(
          `清风 running: http://localhost:${config.port}  (API docs: /api/docs, database: ${database.dialect.name})`,
        );
      } else {
        console.log('worker running');
      }
      // Graceful shutdown: stop accepting, finish in-flight requests and the job batch, close the db.
      process.once('SIGTERM', requestStop);
      process.once('SIGINT', requestStop);
      await stopRequested;
      clearInterval(reminderTimer);
      await app?.close();
      await worker.stop();
      if (!storageFailed) await anchor('stop');
      // After a storage failure the database is not closed: closing checkpoints the WAL into the
      // database file, and nothing more should be written; SQLite recovers from disk on restart.
      if (storageFailed) return EXIT_STORAGE_FAILED;
      await database.close();
      return 0;
    }

    default:
      console.error(USAGE);
      await database.close();
      return 2;
  }
}

/** `rekey`: progress lines, a summary with what the operator must do next, or one line naming the problem and exit 1. */
async function runRekeyCommand(
  config: ReturnType<typeof loadConfig>,
  suite: string | undefined,
  newMasterKeyFile: string | undefined,
): Promise<number> {
  if (suite !== undefined && suite !== 'aes' && suite !== 'sm') {
    console.error(`qingfeng: rekey --suite ${suite}: expected aes or sm`);
    return 2;
  }
  const { runRekey } = await import('./modules/crypto-suite/index.js');
  const { DomainError } = await import('./shared/errors.js');
  const t0 = Date.now();
  let platform: Awaited<ReturnType<typeof openPlatform>> | undefined;
  try {
    platform = await openPlatform(config, { forRekey: true });
    const r = await runRekey(platform, { suite, newMasterKeyFile, progress: (line) => console.log(line) });
    console.log(
      `rekey finished${r.resumed ? ' (resumed)' : ''}: suite ${r.fromSuite} -> ${r.suite}${r.keyChanged ? ', new master key' : ''}; ${r.resealed} values re-sealed, ${r.skipped} already done, ${r.blobsRewritten} attachment files re-encrypted, in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    console.log(
      `keyed hashes (receipts, ID-number look-ups, tokens) and the audit chain stay ${r.macSuite === 'sm' ? 'HMAC-SM3' : 'HMAC-SHA-256'}: they cannot be recomputed; their root is kept, sealed under the current key`,
    );
    for (const missing of r.blobsMissing)
      console.log(
        `warning: attachment file missing (${missing}): its key was re-sealed, the file could not be re-encrypted`,
      );
    if (r.suite !== r.fromSuite) console.log(`set QF_CRYPTO_SUITE=${r.suite} (or unset it) before starting the server`);
    if (r.keyChanged)
      console.log(
        `now move ${newMasterKeyFile} to ${config.masterKeyFile} (QF_MASTER_KEY_FILE); until then the server refuses to start. Keep the old key with the backups made before this rekey: they open only with it`,
      );
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    console.error(`qingfeng: ${err.code}: ${err.message}`);
    return 1;
  } finally {
    await platform?.database.close();
  }
}

/** `restore --from FILE` and `verify-backup FILE`: one summary line, or one line naming the problem and exit 1. */
async function runRestoreCommand(
  command: 'restore' | 'verify-backup',
  config: ReturnType<typeof loadConfig>,
  values: { from?: string | undefined },
  positionals: string[],
): Promise<number> {
  const archive = command === 'restore' ? values.from : positionals[1];
  if (!archive) {
    console.error(
      command === 'restore' ? 'qingfeng: restore needs --from ARCHIVE' : 'qingfeng: verify-backup needs an ARCHIVE',
    );
    return 2;
  }
  try {
    if (command === 'verify-backup') {
      const { manifest } = await verifyBackup(archive, readMasterKey(config.masterKeyFile));
      console.log(
        `archive intact: ${manifest.engine}, schema ${manifest.schemaVersion}, made ${manifest.createdAt}, ${manifest.files.length} files, audit head seq ${manifest.audit?.seq ?? 0}`,
      );
      return 0;
    }
    const t0 = Date.now();
    const r = await restoreBackup({ config, archive });
    console.log(
      `restored ${archive} (made ${r.manifest.createdAt}): ${r.tables} tables, ${r.rows} rows and ${r.files} files; audit chain intact (${r.auditEvents} events, ${r.anchors} anchors); in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof OpsError)) throw err;
    console.error(`qingfeng: ${err.code}: ${err.message}`);
    return 1;
  }
}

main().then(
  (code) => process.exit(storageFailed ? EXIT_STORAGE_FAILED : code),
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(`qingfeng: ${err.message}\nSee README.md, "Configuration".`);
      process.exit(EXIT_CONFIG);
    }
    if (isDatabaseUnavailable(err)) {
      // A failover or a database that is down, also in the middle of a migration (each runs in
      // its own transaction): one line, and the status a supervisor may retry after.
      console.error(`qingfeng: database unavailable: ${databaseFailure(err)}; retry when the database is back`);
      process.exit(EXIT_DATABASE_UNAVAILABLE);
    }
    if (err instanceof SchemaNewerError) {
      console.error(`qingfeng: ${err.message}`);
      process.exit(EXIT_SCHEMA_NEWER);
    }
    console.error(err instanceof Error ? err.message : err);
    process.exit(storageFailed ? EXIT_STORAGE_FAILED : 1);
  },
);
