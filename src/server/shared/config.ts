import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { LevelWithSilent } from 'pino';
import { parsePostgresUrl } from '../db/pg-failover.js';

/** Runtime configuration, read once from the environment (see README "Configuration"). */
export interface AppConfig {
  /** TCP port of the API and console. */
  port: number;
  /** Address to listen on. */
  host: string;
  /** `sqlite:<file>` or `postgres://…` (from DATABASE_URL); tests also pass `:memory:` or a plain path. */
  databaseUrl: string;
  /**
   * PostgreSQL only: the owner role's URL (DATABASE_OWNER_URL). When set, migrations run as this
   * role, which then grants the application role (DATABASE_URL's) what it needs and no more: on
   * `audit_events` only INSERT and SELECT, so the application cannot disable its triggers.
   */
  databaseOwnerUrl: string | undefined;
  /** Folder for the SQLite file, the master key and other local state. */
  dataDir: string;
  /** Path of the 32-byte master key that seals secrets; never stored in the database. */
  masterKeyFile: string;
  /**
   * The crypto suite of a NEW install (QF_CRYPTO_SUITE: `aes` or `sm` for 商用密码); recorded in the
   * database at first start, after which a different value is refused (`rekey --suite` changes it).
   * Unset: the recorded suite, or `aes` for a new install.
   */
  cryptoSuite: 'aes' | 'sm' | undefined;
  /** The append-only file the audit chain's head is anchored to (QF_AUDIT_ANCHOR_FILE), outside the database. */
  auditAnchorFile: string;
  /** Password of all demo accounts; random (printed once) when unset. */
  demoPassword: string | undefined;
  /** pino log level. */
  logLevel: LevelWithSilent;
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
  /** Months audit events stay in the database before `audit.archive` moves them to signed files (at least 6, 等保). */
  auditOnlineMonths: number;
  /** Bearer token of `GET /metrics` (QF_METRICS_TOKEN); unset, the route does not exist. */
  metricsToken: string | undefined;
  /**
   * Where backups go (QF_BACKUP_DIR); when set, `ops.backup` runs daily. Unset: `qingfeng backup`
   * writes beside the data folder (`<dataDir>/../qingfeng-backups`) and nothing is scheduled.
   */
  backupDir: string | undefined;
  /** Backups kept by the daily job (QF_BACKUP_KEEP), e.g. `7d,4w,12m`. */
  backupKeep: string;
}

/**
 * Environment variables that cannot be used, one line each: the variable, its value (DATABASE_URL
 * without its password) and what is expected. `main.ts` prints the lines and exits with EX_CONFIG
 * before anything is opened.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** How one variable is read: what it must look like, in words for the error, and its parser. */
interface Rule<T> {
  /** Completes "expected …" in the error. */
  expected: string;
  /** The value, or undefined when the text is not acceptable. */
  parse(raw: string): T | undefined;
  /** What of the value may be shown in an error (a URL without its password). */
  redact?(raw: string): string;
}

/** pino's levels, and `silent`. */
const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A whole number in [min, max], written in plain digits (no sign, exponent or fraction). */
const wholeNumber = (min: number, max: number): Rule<number> => ({
  expected: `a whole number from ${min} to ${max}`,
  parse: (raw) => {
    if (!/^\d{1,9}$/.test(raw)) return undefined;
    const n = Number(raw);
    return n >= min && n <= max ? n : undefined;
  },
});

const BOOLEAN: Rule<boolean> = {
  expected: '1 or 0 (also true or false)',
  parse: (raw) => {
    const v = raw.toLowerCase();
    return v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : undefined;
  },
};

const TEXT: Rule<string> = { expected: 'a value', parse: (raw) => raw };

/** A host name or an IPv4/IPv6 address to listen on. */
const HOST: Rule<string> = {
  expected: 'a host name or an IP address (e.g. 0.0.0.0, ::, 127.0.0.1)',
  parse: (raw) =>
    isIP(raw) !== 0 || /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*$/.test(raw)
      ? raw
      : undefined,
};

/** `user:password@` and `password=` cut out of a connection string, so an error never shows them. */
export function redactDatabaseUrl(url: string): string {
  let out = url.replace(/([?&]password=)[^&]*/gi, '$1***');
  const at = out.lastIndexOf('@');
  if (at < 0) return out;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(out)?.[0] ?? '';
  const userInfo = out.slice(scheme.length, at);
  const colon = userInfo.indexOf(':');
  out = `${scheme}${colon < 0 ? userInfo : `${userInfo.slice(0, colon)}:***`}@${out.slice(at + 1)}`;
  return out;
}

/**
 * A PostgreSQL URL with at least one host: one, or several as libpq writes them for a failover
 * pair (`postgres://u@h1:5432,h2:5433/db?target_session_attrs=read-write`, see
 * db/pg-failover.ts). Undefined when `parsePostgresUrl` refuses it.
 */
function postgresUrl(raw: string): string | undefined {
  try {
    parsePostgresUrl(raw);
    return raw;
  } catch {
    return undefined;
  }
}

/** `sqlite:<file>` (`sqlite::memory:` too) or a PostgreSQL URL with one host or several. */
const DATABASE_URL: Rule<string> = {
  expected: 'sqlite:<file> or postgres://user:password@host:port[,host2:port…]/database',
  parse: (raw) => (raw.startsWith('sqlite:') ? (raw.length > 'sqlite:'.length ? raw : undefined) : postgresUrl(raw)),
  redact: redactDatabaseUrl,
};

/** A PostgreSQL URL with one host or several (the owner role's). */
const POSTGRES_URL: Rule<string> = {
  expected: 'postgres://owner:password@host:port/database (PostgreSQL only)',
  parse: postgresUrl,
  redact: redactDatabaseUrl,
};

/** An absolute http(s) address without query, fragment or credentials; trailing slashes dropped. */
const PUBLIC_URL: Rule<string> = {
  expected: 'an http:// or https:// address without query or fragment, e.g. https://jw.example.gov.cn',
  parse: (raw) => {
    if (!URL.canParse(raw)) return undefined;
    const url = new URL(raw);
    const plain = !url.search && !url.hash && !url.username && !url.password && !raw.includes('#');
    return ['http:', 'https:'].includes(url.protocol) && url.hostname && plain ? raw.replace(/\/+$/, '') : undefined;
  },
};

/** A PostgreSQL identifier (it goes into `search_path`). */
const PG_SCHEMA: Rule<string> = {
  expected: 'a PostgreSQL schema name: letters, digits and _, not starting with a digit, at most 63 characters',
  parse: (raw) => (/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(raw) ? raw : undefined),
};

/** A telephone number as printed: digits, with spaces, hyphens, parentheses or a leading +. */
const HOTLINE: Rule<string> = {
  expected: 'a telephone number such as 12388 or 0398-12388',
  parse: (raw) => (/^\+?[0-9][0-9 ()-]{1,30}$/.test(raw) && /[0-9]{3}/.test(raw) ? raw : undefined),
};

/** The operator's metrics token: long enough not to be guessed, and no character a header would mangle. */
const METRICS_TOKEN: Rule<string> = {
  expected: 'at least 32 characters from A–Z a–z 0–9 - _ . ~ (e.g. from `openssl rand -hex 32`)',
  parse: (raw) => (/^[A-Za-z0-9._~-]{32,256}$/.test(raw) ? raw : undefined),
  // Never shown, even when refused: it may be the real token with one bad character.
  redact: () => '***',
};

/** Backups to keep: `<n>d`, `<n>w`, `<n>m`, comma-separated (same grammar as ops/retention.ts). */
const BACKUP_KEEP: Rule<string> = {
  expected: 'counts of daily, weekly and monthly backups to keep, e.g. 7d,4w,12m',
  parse: (raw) => {
    const parts = raw.split(',').map((p) => p.trim());
    const kinds = parts.map((p) => /^(\d{1,4})([dwm])$/.exec(p)?.[2]);
    const ok = kinds.every(Boolean) && new Set(kinds).size === kinds.length && parts.some((p) => !/^0+[dwm]$/.test(p));
    return ok ? parts.join(',') : undefined;
  },
};

/** The crypto suite of a new install. */
const CRYPTO_SUITE: Rule<'aes' | 'sm'> = {
  expected: 'aes (AES-256-GCM, SHA-256) or sm (商用密码: SM4, SM3)',
  parse: (raw) => (raw === 'aes' || raw === 'sm' ? raw : undefined),
};

const LOG_LEVEL: Rule<LevelWithSilent> = {
  expected: LOG_LEVELS.join(', '),
  parse: (raw) => LOG_LEVELS.find((l) => l === raw),
};

/**
 * Reads the configuration from `env`, applying the documented defaults; an empty variable counts
 * as unset. Every variable is checked before anything is opened; throws ConfigError naming all
 * the variables that cannot be used.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  function read<T>(name: string, rule: Rule<T>): T | undefined;
  function read<T>(name: string, rule: Rule<T>, fallback: T): T;
  function read<T>(name: string, rule: Rule<T>, fallback?: T): T | undefined {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = rule.parse(raw);
    if (value !== undefined) return value;
    const text = rule.redact ? rule.redact(raw) : raw;
    const shown = JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
    problems.push(`${name}=${shown}: expected ${rule.expected}`);
    return fallback;
  }

  const dataDir = resolve(read('QF_DATA_DIR', TEXT, './data'));
  const port = read('PORT', wholeNumber(1, 65535), 8080);
  const databaseUrl = read('DATABASE_URL', DATABASE_URL, `sqlite:${resolve(dataDir, 'qingfeng.sqlite')}`);
  const databaseOwnerUrl = read('DATABASE_OWNER_URL', POSTGRES_URL);
  if (databaseOwnerUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push(
      `DATABASE_OWNER_URL=${JSON.stringify(redactDatabaseUrl(databaseOwnerUrl))}: expected only with a PostgreSQL DATABASE_URL (the application role's)`,
    );
  const config: AppConfig = {
    port,
    host: read('HOST', HOST, '0.0.0.0'),
    databaseUrl,
    databaseOwnerUrl,
    dataDir,
    masterKeyFile: resolve(read('QF_MASTER_KEY_FILE', TEXT, resolve(dataDir, 'master.key'))),
    cryptoSuite: read('QF_CRYPTO_SUITE', CRYPTO_SUITE),
    auditAnchorFile: resolve(read('QF_AUDIT_ANCHOR_FILE', TEXT, resolve(dataDir, 'audit-anchors.log'))),
    // Any text, never shown: its strength is the deployer's choice for a demo.
    demoPassword: read('QF_DEMO_PASSWORD', TEXT),
    logLevel: read('LOG_LEVEL', LOG_LEVEL, 'info'),
    serveConsole: read('QF_SERVE_CONSOLE', BOOLEAN, true),
    sessionIdleMinutes: read('QF_SESSION_IDLE_MINUTES', wholeNumber(1, 7 * 24 * 60), 30),
    sessionAbsoluteHours: read('QF_SESSION_ABSOLUTE_HOURS', wholeNumber(1, 30 * 24), 12),
    secureCookies: read('QF_SECURE_COOKIES', BOOLEAN, false),
    rateLimits: read('QF_RATE_LIMITS', BOOLEAN, true),
    pgSchema: read('QF_PG_SCHEMA', PG_SCHEMA),
    publicUrl: read('QF_PUBLIC_URL', PUBLIC_URL, `http://localhost:${port}`),
    hotline: read('QF_HOTLINE', HOTLINE, '12388'),
    auditOnlineMonths: read('QF_AUDIT_ONLINE_MONTHS', wholeNumber(6, 1200), 6),
    metricsToken: read('QF_METRICS_TOKEN', METRICS_TOKEN),
    backupDir: ((dir) => (dir ? resolve(dir) : undefined))(read('QF_BACKUP_DIR', TEXT)),
    backupKeep: read('QF_BACKUP_KEEP', BACKUP_KEEP, '7d,4w,12m'),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
