#!/usr/bin/env node
import { parseArgs } from 'node:util';
import {
  createWorker,
  enqueueDailyJobs,
  formatAccounts,
  openPlatform,
  randomDemoPassword,
  seedDemoIfEmpty,
} from './bootstrap.js';
import { systemClock } from './shared/clock.js';
import { loadConfig } from './shared/config.js';
import { verifyAuditChainParallel } from './modules/audit/audit-verify.js';
import { applyPreset, isSeeded } from './seed/seed.js';
import { DEMO_PRESET, TONGREN_PRESET, scalePreset } from './seed/presets.js';
import { createUser } from './modules/access/users.service.js';
import { assignRole } from './modules/access/roles.service.js';
import { Keyring } from './shared/crypto.js';
import { enqueueJob } from './modules/jobs/jobs.service.js';
import { resetAccountFromCli } from './bootstrap.js';

const USAGE = `qingfeng <command>
  serve                 API + worker + console (default)
  worker                run only the job worker
  migrate               apply database migrations
  seed --preset demo|tongren | --scale N [--password P]
  verify-audit          check the audit hash chain; exit 1 and name the first bad event
  create-admin --username U --role system_admin|security_admin|audit_admin [--password P]
  reset-password --username U [--password P]   recover an account (administrators included):
                        new initial password, second factor cleared, sessions ended`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      preset: { type: 'string' },
      scale: { type: 'string' },
      password: { type: 'string' },
      username: { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const command = positionals[0] ?? 'serve';
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const platform = await openPlatform(config);
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
      if (result.ok) console.log(`audit chain intact: ${result.checked} events in ${secs.toFixed(2)} s`);
      else
        console.error(
          `audit chain BROKEN at event seq ${result.firstBadSeq}: ${result.reason} (${result.checked} events verified before it)`,
        );
      await database.close();
      return result.ok ? 0 : 1;
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

    case 'worker':
    case 'serve': {
      // The HTTP stack is loaded only by `serve`, so the other commands start fast.
      const { buildApp } = await import('./app.js');
      let app: Awaited<ReturnType<typeof buildApp>> | null = null;
      if (command === 'serve') {
        const password = config.demoPassword ?? randomDemoPassword();
        const seeded = await seedDemoIfEmpty(platform, password);
        if (seeded) console.log(formatAccounts(seeded, password, !config.demoPassword));
        app = await buildApp(config, { database, masterKey: platform.masterKey });
      }
      const worker = createWorker(platform, systemClock, (err) =>
        console.error('job failed:', err instanceof Error ? err.message : err),
      );
      // Daily housekeeping (sessions, upload temp files, orphan blobs): at start and re-checked hourly
      // below, so a process running for weeks still sweeps every day.
      const daily = () =>
        enqueueDailyJobs(database.db, systemClock).catch((err: unknown) =>
          console.error('could not schedule daily jobs:', err instanceof Error ? err.message : err),
        );
      await daily();
      // Time-limit reminders: hourly (the dedupe key makes each hour's run happen once across processes).
      const remind = () =>
        enqueueJob(database.db, systemClock, 'deadlines.remind', null, {
          dedupeKey: `deadlines-remind:${new Date().toISOString().slice(0, 13)}`,
        }).catch((err: unknown) =>
          console.error('could not schedule reminders:', err instanceof Error ? err.message : err),
        );
      await remind();
      const reminderTimer = setInterval(() => void remind().then(daily), 3600_000);
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
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      clearInterval(reminderTimer);
      await app?.close();
      await worker.stop();
      await database.close();
      return 0;
    }

    default:
      console.error(USAGE);
      await database.close();
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
