import { resolve } from 'node:path';

/** Runtime configuration, read once from the environment (see README "Configuration"). */
export interface AppConfig {
  /** TCP port of the API and console. */
  port: number;
  /** Address to listen on. */
  host: string;
  /** `sqlite:<file>` / a file path, `:memory:`, or `postgres://…`. */
  databaseUrl: string;
  /** Folder for the SQLite file, the master key and other local state. */
  dataDir: string;
  /** Path of the 32-byte master key that seals secrets; never stored in the database. */
  masterKeyFile: string;
  /** Password of all demo accounts; random (printed once) when unset. */
  demoPassword: string | undefined;
  /** pino log level. */
  logLevel: string;
  /** Whether to serve the built console bundle from dist/console. */
  serveConsole: boolean;
  /** Minutes of inactivity after which a session ends. */
  sessionIdleMinutes: number;
  /** Hours after which a session ends regardless of activity. */
  sessionAbsoluteHours: number;
  /** Whether cookies carry the Secure flag (set QF_SECURE_COOKIES=1 behind HTTPS). */
  secureCookies: boolean;
  /** Whether per-route rate limits are on (tests of other behaviour may switch them off). */
  rateLimits: boolean;
  /** PostgreSQL schema to use (tests use a fresh schema per file). */
  pgSchema: string | undefined;
  /** The public address printed in QR codes (the phone pages live under `<publicUrl>/r/`). */
  publicUrl: string;
  /** The reporting hotline printed on posters and the reporting guide. */
  hotline: string;
}

/** Reads the configuration from `env`, applying the documented defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = resolve(env.QF_DATA_DIR ?? './data');
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? `sqlite:${resolve(dataDir, 'qingfeng.sqlite')}`,
    dataDir,
    masterKeyFile: resolve(env.QF_MASTER_KEY_FILE ?? resolve(dataDir, 'master.key')),
    demoPassword: env.QF_DEMO_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    serveConsole: env.QF_SERVE_CONSOLE !== '0',
    sessionIdleMinutes: Number(env.QF_SESSION_IDLE_MINUTES ?? 30),
    sessionAbsoluteHours: Number(env.QF_SESSION_ABSOLUTE_HOURS ?? 12),
    secureCookies: env.QF_SECURE_COOKIES === '1',
    rateLimits: env.QF_RATE_LIMITS !== '0',
    pgSchema: env.QF_PG_SCHEMA || undefined,
    publicUrl: (env.QF_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 8080}`).replace(/\/+$/, ''),
    hotline: env.QF_HOTLINE ?? '12388',
  };
}
