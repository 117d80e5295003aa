import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactDatabaseUrl } from './config.js';

/** The problems `loadConfig(env)` reports, one line each; fails the test when it accepts `env`. */
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

// Pure functions of their input: no database, so they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('configuration', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: `sqlite:${resolve('data/qingfeng.sqlite')}`,
      databaseOwnerUrl: undefined,
      dataDir: resolve('data'),
      masterKeyFile: resolve('data/master.key'),
      auditAnchorFile: resolve('data/audit-anchors.log'),
      demoPassword: undefined,
      logLevel: 'info',
      serveConsole: true,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      secureCookies: false,
      rateLimits: true,
      pgSchema: undefined,
      publicUrl: 'http://localhost:8080',
      hotline: '12388',
      auditOnlineMonths: 6,
      metricsToken: undefined,
      backupDir: undefined,
      backupKeep: '7d,4w,12m',
    });
  });

  it('keeps audit events online at least six months and never shows a refused metrics token', () => {
    expect(problems({ QF_AUDIT_ONLINE_MONTHS: '3' })).toEqual([
      'QF_AUDIT_ONLINE_MONTHS="3": expected a whole number from 6 to 1200',
    ]);
    expect(loadConfig({ QF_AUDIT_ONLINE_MONTHS: '12' }).auditOnlineMonths).toBe(12);
    const short = 'secret-but-too-short';
    const lines = problems({ QF_METRICS_TOKEN: short });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^QF_METRICS_TOKEN="\*\*\*": expected at least 32 characters/);
    expect(lines.join('')).not.toContain(short);
    const token = 'a'.repeat(40);
    expect(loadConfig({ QF_METRICS_TOKEN: token }).metricsToken).toBe(token);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', QF_SECURE_COOKIES: '', LOG_LEVEL: '', DATABASE_URL: '' })).toEqual(loadConfig({}));
  });

  it('reads good values', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://qf:pw@db.internal:5432/qingfeng',
      QF_DATA_DIR: '/srv/qf',
      LOG_LEVEL: 'warn',
      QF_SERVE_CONSOLE: '0',
      QF_SESSION_IDLE_MINUTES: '15',
      QF_SESSION_ABSOLUTE_HOURS: '8',
      QF_SECURE_COOKIES: 'true',
      QF_RATE_LIMITS: 'FALSE',
      QF_PG_SCHEMA: 'qf_prod',
      QF_PUBLIC_URL: 'https://jw.example.gov.cn/qingfeng/',
      QF_HOTLINE: '0398-12388',
      QF_DEMO_PASSWORD: 'Demo-Pass-2026',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      databaseUrl: 'postgres://qf:pw@db.internal:5432/qingfeng',
      dataDir: '/srv/qf',
      masterKeyFile: '/srv/qf/master.key',
      logLevel: 'warn',
      serveConsole: false,
      sessionIdleMinutes: 15,
      sessionAbsoluteHours: 8,
      secureCookies: true,
      rateLimits: false,
      pgSchema: 'qf_prod',
      publicUrl: 'https://jw.example.gov.cn/qingfeng',
      hotline: '0398-12388',
      demoPassword: 'Demo-Pass-2026',
    });
    // The default public address follows the port.
    expect(loadConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', HOST: '::' })).toMatchObject({
      databaseUrl: 'sqlite::memory:',
      host: '::',
    });
  });

  it('refuses a bad number, naming the variable, the value and the range', () => {
    expect(problems({ PORT: 'abc' })).toEqual(['PORT="abc": expected a whole number from 1 to 65535']);
    expect(problems({ QF_SESSION_IDLE_MINUTES: '-5' })).toEqual([
      'QF_SESSION_IDLE_MINUTES="-5": expected a whole number from 1 to 10080',
    ]);
    for (const port of ['0', '65536', '80.5', '8e3', ' 8080', '0x50'])
      expect(problems({ PORT: port }), port).toHaveLength(1);
    expect(problems({ QF_SESSION_ABSOLUTE_HOURS: '0' })[0]).toMatch(/^QF_SESSION_ABSOLUTE_HOURS="0": expected/);
  });

  it('refuses a bad public address', () => {
    expect(problems({ QF_PUBLIC_URL: 'nota url' })).toEqual([
      'QF_PUBLIC_URL="nota url": expected an http:// or https:// address without query or fragment, e.g. https://jw.example.gov.cn',
    ]);
    for (const url of [
      'ftp://jw.example.gov.cn',
      'https://jw.example.gov.cn/?a=1',
      'https://a:b@jw.example.gov.cn',
      'jw.example.gov.cn',
    ])
      expect(problems({ QF_PUBLIC_URL: url }), url).toHaveLength(1);
  });

  it('refuses a DATABASE_URL that is neither sqlite: nor postgres:, and never shows its password', () => {
    expect(problems({ DATABASE_URL: 'mysql://qf:S3cret-pw@db.internal/qf' })).toEqual([
      'DATABASE_URL="mysql://qf:***@db.internal/qf": expected sqlite:<file> or postgres://user:password@host:port[,host2:port…]/database',
    ]);
    for (const url of ['/var/lib/qf.sqlite', 'sqlite:', 'postgres://', 'postgresql:/db', ':memory:'])
      expect(problems({ DATABASE_URL: url }), url).toHaveLength(1);
    const shown = problems({ DATABASE_URL: 'mysql://db.internal/qf?user=qf&password=S3cret-pw' }).join('\n');
    expect(shown).toContain('password=***');
    expect(shown).not.toContain('S3cret-pw');
  });

  it('takes a multi-host PostgreSQL URL (a failover pair) and still refuses a broken one', () => {
    const pair = 'postgres://qf:S3cret-pw@10.0.0.1:5432,10.0.0.2:5433/qingfeng?target_session_attrs=read-write';
    expect(loadConfig({ DATABASE_URL: pair }).databaseUrl).toBe(pair);
    expect(loadConfig({ DATABASE_URL: pair, DATABASE_OWNER_URL: pair }).databaseOwnerUrl).toBe(pair);
    for (const url of [
      'postgres://qf:S3cret-pw@10.0.0.1:5432,,10.0.0.2/qingfeng',
      'postgres://qf:S3cret-pw@10.0.0.1:5432,10.0.0.2:70000/qingfeng',
      'postgres://qf:S3cret-pw@10.0.0.1,10.0.0.2/qingfeng?target_session_attrs=standby',
    ]) {
      const found = problems({ DATABASE_URL: url });
      expect(found, url).toHaveLength(1);
      expect(found[0], url).toContain('qf:***@10.0.0.1');
      expect(found[0], url).not.toContain('S3cret-pw');
    }
  });

  it('reads the owner URL and the anchor file, and refuses an owner URL without PostgreSQL', () => {
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://qf_app:pw@db.internal/qf',
        DATABASE_OWNER_URL: 'postgres://qf_owner:pw@db.internal/qf',
        QF_DATA_DIR: '/srv/qf',
        QF_AUDIT_ANCHOR_FILE: '/var/log/qf/anchors.log',
      }),
    ).toMatchObject({
      databaseOwnerUrl: 'postgres://qf_owner:pw@db.internal/qf',
      auditAnchorFile: '/var/log/qf/anchors.log',
    });
    expect(loadConfig({ QF_DATA_DIR: '/srv/qf' }).auditAnchorFile).toBe('/srv/qf/audit-anchors.log');
    expect(problems({ DATABASE_OWNER_URL: 'postgres://owner:S3cret@db/qf' })).toEqual([
      'DATABASE_OWNER_URL="postgres://owner:***@db/qf": expected only with a PostgreSQL DATABASE_URL (the application role\'s)',
    ]);
    expect(problems({ DATABASE_URL: 'postgres://app@db/qf', DATABASE_OWNER_URL: 'sqlite:/srv/qf.sqlite' })).toEqual([
      'DATABASE_OWNER_URL="sqlite:/srv/qf.sqlite": expected postgres://owner:password@host:port/database (PostgreSQL only)',
    ]);
  });

  it('reads the crypto suite of a new install, and refuses any other value', () => {
    expect(loadConfig({}).cryptoSuite).toBeUndefined();
    expect(loadConfig({ QF_CRYPTO_SUITE: 'sm' }).cryptoSuite).toBe('sm');
    expect(loadConfig({ QF_CRYPTO_SUITE: 'aes' }).cryptoSuite).toBe('aes');
    expect(problems({ QF_CRYPTO_SUITE: 'SM4' })).toEqual([
      'QF_CRYPTO_SUITE="SM4": expected aes (AES-256-GCM, SHA-256) or sm (商用密码: SM4, SM3)',
    ]);
  });

  it('cuts user passwords out of connection strings', () => {
    expect(redactDatabaseUrl('postgres://qf:p%40ss@db:5432/qf')).toBe('postgres://qf:***@db:5432/qf');
    // An unencoded @ in the password: everything up to the last @ goes.
    expect(redactDatabaseUrl('postgres://qf:p@ss@db/qf')).toBe('postgres://qf:***@db/qf');
    expect(redactDatabaseUrl('postgres://qf@db/qf')).toBe('postgres://qf@db/qf');
    expect(redactDatabaseUrl('sqlite:/srv/qf.sqlite')).toBe('sqlite:/srv/qf.sqlite');
    expect(redactDatabaseUrl('postgres://db/qf?sslmode=require&password=x')).toBe(
      'postgres://db/qf?sslmode=require&password=***',
    );
  });

  it('refuses a bad boolean', () => {
    expect(problems({ QF_SECURE_COOKIES: 'yes' })).toEqual([
      'QF_SECURE_COOKIES="yes": expected 1 or 0 (also true or false)',
    ]);
    for (const name of ['QF_RATE_LIMITS', 'QF_SERVE_CONSOLE'])
      expect(problems({ [name]: 'off' })[0]).toMatch(new RegExp(`^${name}="off": expected 1 or 0`));
  });

  it('refuses an unknown log level', () => {
    expect(problems({ LOG_LEVEL: 'verbose' })).toEqual([
      'LOG_LEVEL="verbose": expected fatal, error, warn, info, debug, trace, silent',
    ]);
    expect(problems({ LOG_LEVEL: 'INFO' })).toHaveLength(1);
  });

  it('refuses a bad host, schema name or hotline', () => {
    expect(problems({ HOST: 'http://0.0.0.0' })[0]).toMatch(/^HOST="http:\/\/0.0.0.0": expected a host name/);
    expect(problems({ QF_PG_SCHEMA: 'qf; drop schema public' })[0]).toMatch(/^QF_PG_SCHEMA=.*: expected a PostgreSQL/);
    expect(problems({ QF_HOTLINE: 'call us' })[0]).toMatch(/^QF_HOTLINE="call us": expected a telephone number/);
  });

  it('names every bad variable at once, in one error', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', QF_RATE_LIMITS: 'maybe' });
      expect.unreachable();
    } catch (e) {
      const err = e as ConfigError;
      expect(err.problems.map((p) => p.split('=')[0])).toEqual(['PORT', 'LOG_LEVEL', 'QF_RATE_LIMITS']);
      expect(err.message).toBe(`invalid configuration:\n  ${err.problems.join('\n  ')}`);
    }
  });

  it('stops the CLI before anything is opened, with the reasons on stderr and exit status 78', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qf-config-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, QF_DATA_DIR: dir, PORT: 'abc' };
      for (const k of ['QF_MASTER_KEY_FILE', 'QF_PG_SCHEMA', 'LOG_LEVEL']) delete env[k];
      env.DATABASE_URL = 'mysql://qf:S3cret-pw@db.internal/qf';
      const run = spawnSync(process.execPath, ['--import', 'tsx', resolve('src/server/main.ts'), 'serve'], {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(78);
      expect(run.stderr).toContain('invalid configuration');
      expect(run.stderr).toContain('PORT="abc": expected a whole number from 1 to 65535');
      expect(run.stderr).toContain('DATABASE_URL="mysql://qf:***@db.internal/qf": expected sqlite:<file>');
      expect(run.stderr).not.toContain('S3cret-pw');
      expect(run.stdout).toBe('');
      // Nothing was created: no master key, no database file.
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
