import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';

/**
 * PostgreSQL behind a failover pair (pg_auto_failover, docs/operations-ha.md): a multi-host URL as
 * libpq writes it, `postgres://user@h1:5432,h2:5433/db?target_session_attrs=read-write`, which
 * node-postgres does not understand. Every new connection walks the hosts and keeps the first
 * that accepts writes; a connection that breaks is dropped, and requests that meet the break fail
 * with `DatabaseUnavailableError` (HTTP 503 DATABASE_UNAVAILABLE) instead of a 500 or a hang.
 */

/** One host of a PostgreSQL URL. */
export interface PgHost {
  /** Host name, IPv4 address or IPv6 address (without brackets). */
  host: string;
  /** TCP port (5432 when the URL names none). */
  port: number;
}

/** Which server a connection may stay on (libpq's `target_session_attrs`, the values the platform can use). */
export type TargetSessionAttrs = 'any' | 'read-write' | 'primary';

/** A PostgreSQL URL taken apart: its hosts in order, and one single-host URL per host for node-postgres. */
export interface PgTarget {
  /** The hosts, in the order the URL gives them. */
  hosts: PgHost[];
  /** One `postgres://` URL per host, otherwise as given (without the parameters read here). */
  hostUrls: string[];
  /** `any` (default: the first host that answers), `read-write` or `primary`. */
  targetSessionAttrs: TargetSessionAttrs;
  /** How long one connection attempt to one host may take (libpq's `connect_timeout`; default 5 s). */
  connectTimeoutMs: number;
}

/** Default time one connection attempt to one host may take. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

const TARGETS: readonly TargetSessionAttrs[] = ['any', 'read-write', 'primary'];
// Labels of letters, digits, - and _ (container and compose names use _), as libpq accepts them.
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*$/;

/** A URL that cannot be used; the message never holds the password. */
export class PgUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PgUrlError';
  }
}

/** Parses one `host`, `host:port`, `[v6]` or `[v6]:port` of a host list; throws PgUrlError. */
function parseHost(entry: string): PgHost & { text: string } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(entry);
  if (!m) throw new PgUrlError(`host "${entry}" is not host, host:port or [ipv6]:port`);
  const host = m[1] ?? m[2]!;
  if (m[1] !== undefined ? !URL.canParse(`http://[${host}]/`) : !HOST_NAME.test(host))
    throw new PgUrlError(`host "${entry}" is not a host name or an IP address`);
  const port = m[3] === undefined ? 5432 : Number(m[3]);
  if (port < 1 || port > 65535) throw new PgUrlError(`port of "${entry}" is not from 1 to 65535`);
  return { host, port, text: entry };
}

/**
 * Takes a PostgreSQL URL apart, single- or multi-host (`postgres://u:p@h1:5432,h2:5433/db?…`).
 * Reads and removes `target_session_attrs` (any, read-write, primary) and `connect_timeout`
 * (whole seconds); everything else stays in each host's URL for node-postgres. Throws
 * PgUrlError, whose message names the problem and never the password.
 */
export function parsePostgresUrl(url: string): PgTarget {
  const m = /^(postgres(?:ql)?):\/\/([^/?#]*)([^#]*)$/.exec(url);
  if (!m) throw new PgUrlError('expected postgres://user:password@host:port[,host:port…]/database');
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? '' : authority.slice(0, at + 1);
  const hostList = authority.slice(at + 1);
  if (!hostList) throw new PgUrlError('the URL names no host');
  const hosts = hostList.split(',').map(parseHost);

  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
  const tsa = params.get('target_session_attrs') ?? 'any';
  const targetSessionAttrs = TARGETS.find((t) => t === tsa);
  if (!targetSessionAttrs)
    throw new PgUrlError(`target_session_attrs=${tsa} cannot be used: expected ${TARGETS.join(', ')}`);
  const timeout = params.get('connect_timeout');
  if (timeout !== null && !/^\d{1,4}$/.test(timeout))
    throw new PgUrlError(`connect_timeout=${timeout}: expected whole seconds`);
  // libpq: 0 means wait forever; a failover needs an end, so 0 keeps the default.
  const connectTimeoutMs = timeout && Number(timeout) > 0 ? Number(timeout) * 1000 : DEFAULT_CONNECT_TIMEOUT_MS;
  params.delete('target_session_attrs');
  params.delete('connect_timeout');
  const query = params.size ? `?${params.toString()}` : '';

  const hostUrls = hosts.map((h) => {
    const one = `${scheme}://${userInfo}${h.text}${path}${query}`;
    if (!URL.canParse(one)) throw new PgUrlError(`the URL for host "${h.text}" cannot be parsed`);
    return one;
  });
  return { hosts: hosts.map(({ host, port }) => ({ host, port })), hostUrls, targetSessionAttrs, connectTimeoutMs };
}

/**
 * No host of the database accepted a (read-write) connection, or the connection broke during the
 * request: the database is failing over or down. Nothing the request did is committed unless it
 * was answered before. HTTP 503 DATABASE_UNAVAILABLE; the CLI prints the message on one line.
 */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Socket errors that mean the server is gone or unreachable. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is shutting down, starting, crashed or (now) read-only:
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 25006
 * read_only_sql_transaction (a standby, or a primary demoted under us), class 08 connection.
 */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '25006']);

/** node-postgres' own words for a connection that ended (it gives these errors no code). */
const CLIENT_GONE =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout expired|Query read timeout)/;

/**
 * Whether `err` (or an error it wraps) means the database connection is lost or the server is
 * not the writable primary: `DatabaseUnavailableError`, a socket error, SQLSTATE class 08,
 * 57P01–57P03, 25006, or node-postgres' "Connection terminated…". These are answered 503.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_GONE.has(code) || /^08[0-9A-Z]{3}$/.test(code)))
      return true;
    if (typeof message === 'string' && CLIENT_GONE.test(message)) return true;
  }
  return false;
}

/** A pg.Client whose connection attempt ends after `connectTimeoutMs` (the pool's own timeout would also cut its queue). */
function timedClient(connectTimeoutMs: number): typeof pg.Client {
  return class TimedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({
        ...(typeof config === 'string' ? { connectionString: config } : config),
        connectionTimeoutMillis: connectTimeoutMs,
      });
    }
  };
}

/** The question that tells a primary from a standby, per `target_session_attrs`. */
const PROBE_SQL: Record<Exclude<TargetSessionAttrs, 'any'>, string> = {
  // libpq's read-write: the session's default is not read-only.
  'read-write': "select current_setting('transaction_read_only') = 'off' as ok",
  primary: 'select not pg_is_in_recovery() as ok',
};

/** Options of `FailoverPool`. */
export interface FailoverPoolOptions {
  /** Most connections per host (normally one host is in use). */
  max: number;
  /** Sent at connection start, e.g. `-c search_path=…`. */
  options?: string | undefined;
  /** Hears of connections that broke while idle (the pool drops them); default: stderr. */
  onConnectionError?: (message: string) => void;
}

/**
 * A pool over the hosts of a (multi-host) PostgreSQL URL, for Kysely's PostgresDialect. One
 * pg.Pool per host; a new connection is checked against `target_session_attrs` once (a standby
 * is dropped and the next host tried). The walk starts at the host that last answered, then the
 * others in URL order, so after a failover new connections go straight to the new primary.
 * Queries that fail because the connection broke reject with DatabaseUnavailableError, and the
 * connection is destroyed instead of returned to the pool.
 */
export class FailoverPool implements PostgresPool {
  readonly #target: PgTarget;
  readonly #opts: FailoverPoolOptions;
  readonly #pools: (pg.Pool | undefined)[];
  readonly #checked = new WeakSet<pg.PoolClient>();
  #current = 0;
  #ended = false;

  constructor(target: PgTarget, opts: FailoverPoolOptions) {
    this.#target = target;
    this.#opts = opts;
    this.#pools = target.hosts.map(() => undefined);
  }

  /** The host new connections go to first (the last one that answered). */
  get currentHost(): PgHost {
    return this.#target.hosts[this.#current]!;
  }

  #pool(i: number): pg.Pool {
    let pool = this.#pools[i];
    if (!pool) {
      pool = new pg.Pool({
        connectionString: this.#target.hostUrls[i],
        max: this.#opts.max,
        keepAlive: true,
        Client: timedClient(this.#target.connectTimeoutMs),
        ...(this.#opts.options ? { options: this.#opts.options } : {}),
      });
      const h = this.#target.hosts[i]!;
      const report = this.#opts.onConnectionError ?? ((m) => process.stderr.write(`qingfeng: ${m}\n`));
      // An idle connection whose server went away: the pool drops it; without a listener the
      // 'error' event would end the process.
      pool.on('error', (err) => report(`database connection to ${h.host}:${h.port} lost: ${err.message}`));
      this.#pools[i] = pool;
    }
    return pool;
  }

  /** A connection to the first host that suits `target_session_attrs`; throws DatabaseUnavailableError when none does. */
  async connect(): Promise<PostgresPoolClient> {
    if (this.#ended) throw new DatabaseUnavailableError('the database pool is closed');
    const { hosts } = this.#target;
    const start = this.#current;
    const order = [start, ...hosts.map((_, i) => i).filter((i) => i !== start)];
    const failures: string[] = [];
    for (const i of order) {
      const h = hosts[i]!;
      let client: pg.PoolClient;
      try {
        client = await this.#pool(i).connect();
      } catch (err) {
        failures.push(`${h.host}:${h.port}: ${(err as Error).message || String(err)}`);
        continue;
      }
      if (!this.#checked.has(client)) {
        const problem = await this.#probe(client);
        if (problem) {
          client.release(true);
          failures.push(`${h.host}:${h.port}: ${problem}`);
          continue;
        }
        this.#checked.add(client);
      }
      this.#current = i;
      return this.#wrap(client);
    }
    throw new DatabaseUnavailableError(
      `no database host accepted a${this.#target.targetSessionAttrs === 'any' ? '' : ' read-write'} connection (${failures.join('; ')})`,
    );
  }

  /** Why a new connection cannot be used (a standby, or the check failed), or null. */
  async #probe(client: pg.PoolClient): Promise<string | null> {
    const attrs = this.#target.targetSessionAttrs;
    if (attrs === 'any') return null;
    try {
      const res = await client.query<{ ok: boolean }>(PROBE_SQL[attrs]);
      return res.rows[0]?.ok ? null : attrs === 'primary' ? 'in recovery (a standby)' : 'read-only (a standby)';
    } catch (err) {
      return `check failed: ${(err as Error).message}`;
    }
  }

  /** The client as Kysely sees it: connection failures become DatabaseUnavailableError and destroy the connection on release. */
  #wrap(client: pg.PoolClient): PostgresPoolClient {
    let broken = false;
    // pg-pool listens for errors only while a connection is idle: one that breaks between two
    // queries of a checked-out client (inside a transaction) would emit 'error' to nobody and end
    // the process. The next query then fails and the connection is destroyed on release.
    const onError = (): void => void (broken = true);
    client.on('error', onError);
    const fail = (err: unknown): never => {
      if (!isDatabaseUnavailable(err)) throw err;
      broken = true;
      // A read-only refusal (25006) keeps the connection alive but on the wrong server.
      throw err instanceof DatabaseUnavailableError
        ? err
        : new DatabaseUnavailableError(`database connection lost: ${(err as Error).message}`, { cause: err });
    };
    const query = (...args: unknown[]): unknown => {
      let result: unknown;
      try {
        result = (client.query as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        return fail(err);
      }
      return result instanceof Promise ? result.catch(fail) : result;
    };
    return {
      query: query as PostgresPoolClient['query'],
      release: () => {
        client.removeListener('error', onError);
        client.release(broken || undefined);
      },
    };
  }

  /** Closes every host's pool. */
  async end(): Promise<void> {
    this.#ended = true;
    await Promise.all(this.#pools.flatMap((p) => (p ? [p.end()] : [])));
  }
}

/**
 * One connected pg.Client on the first host of `url` that suits its `target_session_attrs`, for
 * tools that need a plain client (the audit verifier's workers). Throws DatabaseUnavailableError
 * naming each host's failure, or PgUrlError.
 */
export async function connectPostgresClient(url: string, config: pg.ClientConfig = {}): Promise<pg.Client> {
  const target = parsePostgresUrl(url);
  const failures: string[] = [];
  for (const [i, h] of target.hosts.entries()) {
    const client = new pg.Client({
      ...config,
      connectionString: target.hostUrls[i],
      connectionTimeoutMillis: target.connectTimeoutMs,
    });
    // An error after connecting is reported by the query that meets it.
    client.on('error', () => undefined);
    try {
      await client.connect();
      const attrs = target.targetSessionAttrs;
      if (attrs !== 'any') {
        const res = await client.query<{ ok: boolean }>(PROBE_SQL[attrs]);
        if (!res.rows[0]?.ok) throw new Error('read-only (a standby)');
      }
      return client;
    } catch (err) {
      failures.push(`${h.host}:${h.port}: ${(err as Error).message}`);
      await client.end().catch(() => undefined);
    }
  }
  throw new DatabaseUnavailableError(`no database host accepted a connection (${failures.join('; ')})`);
}

/**
 * The single-host URL of the server `url` leads to now: for a multi-host URL, the host that
 * accepts a connection of its `target_session_attrs` (the primary, with `read-write`), for tools
 * that take one host (pg_dump, pg_restore) and for work that must stay on one server (a snapshot
 * shared between connections). Throws DatabaseUnavailableError or PgUrlError.
 */
export async function currentHostUrl(url: string): Promise<string> {
  const target = parsePostgresUrl(url);
  if (target.hosts.length === 1 && target.targetSessionAttrs === 'any') return target.hostUrls[0]!;
  const client = await connectPostgresClient(url);
  try {
    const i = target.hosts.findIndex((h) => h.host === client.host && h.port === client.port);
    return target.hostUrls[i >= 0 ? i : 0]!;
  } finally {
    await client.end().catch(() => undefined);
  }
}
