import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Db } from './db/database.js';
import { StorageFailedError, storageFailure } from './db/durability.js';
import { DatabaseUnavailableError } from './db/pg-failover.js';
import './http/route-config.js';
import { registerRoutes } from './routes.js';
import type { AppConfig } from './shared/config.js';
import { type Clock, systemClock } from './shared/clock.js';
import type { Actor, Ctx } from './shared/context.js';
import { Keyring, safeEqual } from './shared/crypto.js';
import { DomainError, ERROR_CODES, domainError, type ErrorCode } from './shared/errors.js';
import { type Logger, createLogger, silentLogger } from './shared/logger.js';
import { SESSION_COOKIE, csrfTokenFor, resolveSession } from './modules/auth/index.js';
import { recordSecurityDenials } from './modules/audit/index.js';
import { countErrorCode, installMetrics } from './modules/metrics/index.js';
import { INFORMANT_COOKIE, informantCsrf, resolveInformantSession } from './modules/grid/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The service context of this request. */
    ctx: Ctx;
    /** The session cookie token, when a valid session was presented. */
    sessionToken: string | null;
  }
}

/** What `buildApp` needs besides the configuration. */
export interface AppDeps {
  database: Db;
  masterKey: Buffer;
  clock?: Clock;
  /**
   * The process's logger (shared/logger.ts), shared with the worker; when absent one is made at
   * `config.logLevel` on `logStream`.
   */
  logger?: Logger;
  /** pino destination for tests that inspect logs; defaults to stdout. */
  logStream?: NodeJS.WritableStream;
  /** Disable request logging entirely (tests). */
  quiet?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Locates the built console bundle (dist/console) from either src/ or dist/. */
function consoleDir(): string | null {
  for (const candidate of [resolve(here, '../console'), resolve(here, '../../dist/console')]) {
    if (existsSync(resolve(candidate, 'index.html'))) return candidate;
  }
  return null;
}

/** Locates the built public pages (dist/public, served under `/r/`) from either src/ or dist/. */
function publicDir(): string | null {
  for (const candidate of [resolve(here, '../public'), resolve(here, '../../dist/public')]) {
    if (existsSync(resolve(candidate, 'index.html'))) return candidate;
  }
  return null;
}

/**
 * Caching of bundle files: the pages (index.html) are revalidated on every load, so a new
 * release shows at once; the files under assets/ carry a content hash in their name and never
 * change, so browsers keep them a year without asking; the rest (the favicon) for a day.
 */
function bundleCaching(reply: FastifyReply, path: string): void {
  const control = /\.html(\.br|\.gz)?$/.test(path)
    ? 'no-cache'
    : /[\\/]assets[\\/]/.test(path)
      ? 'public, max-age=31536000, immutable'
      : 'public, max-age=86400';
  void reply.header('cache-control', control);
}

/** Fastify error codes that are the client's fault, mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_REQ_FILE_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_PARTS_LIMIT: 'BODY_TOO_LARGE',
  FST_FILES_LIMIT: 'BODY_TOO_LARGE',
  FST_FIELDS_LIMIT: 'BODY_TOO_LARGE',
  FST_ERR_BAD_STATUS_CODE: 'INTERNAL',
};

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function isMultipartError(err: unknown): boolean {
  const e = err as { message?: string; statusCode?: number };
  return !e.statusCode && /multipart|boundary/i.test(e.message ?? '');
}

function isBadText(err: unknown): boolean {
  const e = err as { code?: string };
  return e.code === '22021' || e.code === '22P05';
}

function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e.code === '23503' || e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * Builds the Fastify application without listening: routes, validation, sessions, CSRF,
 * security headers, rate limits, OpenAPI and the console bundle. Tests call `app.inject()`.
 */
export async function buildApp(config: AppConfig, deps: AppDeps): Promise<FastifyInstance> {
  const keyring = new Keyring(deps.masterKey);
  const clock = deps.clock ?? systemClock;
  // Its serializers and redaction keep personal data out of the logs (shared/logger.ts). Typed as
  // Fastify's base logger so that the instance keeps the type the routes are registered on.
  const logger: FastifyBaseLogger =
    deps.logger ?? (deps.quiet ? silentLogger() : createLogger(config.logLevel, deps.logStream));
  const app = Fastify({
    bodyLimit: 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: false,
    ajv: { customOptions: {} },
    // Errors raised before routing (a malformed percent-escape, an overlong parameter) get the
    // same error model and headers as everything else.
    frameworkErrors: (error, req, res) => {
      const reply = res as unknown as FastifyReply;
      void reply
        .status(400)
        .header('x-request-id', req.id)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-security-policy',
          "default-src 'none'; script-src 'self'; object-src 'none'; frame-ancestors 'none'",
        )
        .header('x-frame-options', 'DENY')
        .header('referrer-policy', 'no-referrer')
        .send({
          error: {
            code: 'VALIDATION_FAILED',
            message: ERROR_CODES.VALIDATION_FAILED.message,
            details: { reason: error.code },
            requestId: req.id,
          },
        });
    },
    loggerInstance: logger,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are validated strictly (no type coercion, unknown fields rejected); query strings
  // and path parameters arrive as text, so they are coerced.
  const bodyAjv = new Ajv({
    coerceTypes: false,
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    strict: false,
  });
  const paramAjv = new Ajv({
    coerceTypes: 'array',
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    strict: false,
  });
  addFormats.default(bodyAjv);
  addFormats.default(paramAjv);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? bodyAjv.compile(schema) : paramAjv.compile(schema),
  );

  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateRequest('sessionToken', null);

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    hsts: config.secureCookies ? { maxAge: 31536000 } : false,
  });
  // Every API route gets a rate limit unless it declares its own.
  app.addHook('onRoute', (route) => {
    if (!config.rateLimits || !route.url.startsWith('/api/')) return;
    const current = route.config as { rateLimit?: object } | undefined;
    route.config = {
      ...current,
      rateLimit: current?.rateLimit ?? { max: 600, timeWindow: '1 minute' },
    };
  });
  if (config.rateLimits)
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_req, ctx) => {
        const err = domainError('RATE_LIMITED', { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) });
        return Object.assign(err, { statusCode: 429 });
      },
    });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10, parts: 11 } });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Qingfeng API', version: '0.1.0', description: '清风 基层纪检监察工作平台 API' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { validatorUrl: null },
    staticCSP: true,
    // The UI's own CSP, without third-party hosts: no request leaves the server.
    transformStaticCSP: (header) =>
      header
        .replace(/ validator\.swagger\.io/g, '')
        .replace(/ https:/g, '')
        .replace(/upgrade-insecure-requests;?/g, '')
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
  });

  // Graceful shutdown: requests in flight when close() starts finish, and their connections
  // are closed after the response so close() does not wait out keep-alive timeouts.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply) => {
    if (closing) void reply.header('connection', 'close');
  });

  // Fail-stop on storage failure (durability.ts): from the moment a commit could not be made
  // durable, no request that may write is answered with a success, whatever its handler
  // returned (an idempotent replay, say, can find a row that was committed but never synced).
  // The process is shutting down meanwhile; reads are still served until it stops.
  const writes = (req: FastifyRequest) => req.method !== 'GET' && req.method !== 'HEAD';
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode >= 400 || !writes(req) || !storageFailure(deps.database.db)) return payload;
    const code: ErrorCode = 'STORAGE_FAILED';
    void reply.status(ERROR_CODES[code].status).type('application/json; charset=utf-8');
    return JSON.stringify({ error: { code, message: ERROR_CODES[code].message, requestId: req.id } });
  });

  // Refused attempts (out of scope: 404; not allowed: 403) are security events, written once the
  // request has failed, in a transaction of their own (modules/audit/audit.security.ts).
  app.addHook('onSend', async (req, reply, payload) => {
    const denials = req.ctx?.denials;
    if (!denials || denials.length === 0 || (reply.statusCode !== 403 && reply.statusCode !== 404)) return payload;
    await recordSecurityDenials(req.ctx, denials.splice(0), `${req.method} ${req.routeOptions.url ?? ''}`);
    return payload;
  });

  // The operator's metrics (QF_METRICS_TOKEN): counting hook and GET /metrics, or nothing.
  installMetrics(app, config.metricsToken);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('cache-control', 'no-store');
    // Storage failed: no more writes (answered STORAGE_FAILED by the error handler).
    const failed = storageFailure(deps.database.db);
    if (failed && writes(req)) throw failed;
    const ctx: Ctx = {
      db: deps.database.db,
      dialect: deps.database.dialect,
      clock,
      keyring,
      config,
      actor: null,
      requestId: req.id,
      log: req.log,
      denials: [],
    };
    req.ctx = ctx;
    const access = req.routeOptions.config?.access;
    // Decide on the matched route, never on the raw URL: the router decodes the path, so
    // `/%61pi/users` reaches `/api/users` and must meet the same checks.
    const route = req.routeOptions.url;
    if (!route) return; // unknown route: the 404 handler answers
    if (access?.public || route === '/api/docs' || route.startsWith('/api/docs/')) return;
    if (!route.startsWith('/api/')) return; // console bundle files
    if (access?.informant) {
      const informantToken = req.cookies[INFORMANT_COOKIE];
      const informant =
        informantToken && informantToken.length <= 100 ? await resolveInformantSession(ctx, informantToken) : null;
      if (!informant) throw domainError('UNAUTHENTICATED');
      req.informant = informant;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const header = req.headers['x-csrf-token'];
        if (typeof header !== 'string' || !safeEqual(header, informantCsrf(ctx, informantToken!)))
          throw domainError('CSRF_INVALID');
      }
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    let actor: Actor | null = null;
    if (token && token.length <= 100) actor = await resolveSession(ctx, token);
    if (!actor) throw domainError('UNAUTHENTICATED');
    ctx.actor = actor;
    req.sessionToken = token!;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, csrfTokenFor(ctx, token!)))
        throw domainError('CSRF_INVALID');
    }
    if (actor.restriction && !access?.allowRestricted) {
      throw domainError(
        actor.restriction === 'password_change' ? 'PASSWORD_CHANGE_REQUIRED' : 'TOTP_ENROLMENT_REQUIRED',
      );
    }
    if (access?.permission && !actor.permissions.has(access.permission)) {
      throw domainError('FORBIDDEN', { permission: access.permission });
    }
  });

  app.setErrorHandler((err, req, reply) => {
    let status: number;
    let code: string;
    let message: string;
    let details: unknown;
    const e = err as Error & { code?: string; statusCode?: number; validation?: unknown[]; validationContext?: string };
    if (e instanceof DomainError) {
      ({ statusCode: status, code, message, details } = e);
    } else if (e instanceof DatabaseUnavailableError) {
      // The connection broke or no host takes writes (a failover): nothing unanswered is committed.
      code = 'DATABASE_UNAVAILABLE';
      status = ERROR_CODES.DATABASE_UNAVAILABLE.status;
      message = ERROR_CODES.DATABASE_UNAVAILABLE.message;
      req.log.warn({ err: { type: e.name, message: e.message } }, 'database unavailable');
    } else if (e instanceof StorageFailedError) {
      // The commit is not known to be on disk; the failure itself was logged once, at the time.
      code = 'STORAGE_FAILED';
      status = ERROR_CODES.STORAGE_FAILED.status;
      message = ERROR_CODES.STORAGE_FAILED.message;
    } else if (e.validation) {
      status = 400;
      code = 'VALIDATION_FAILED';
      message = ERROR_CODES.VALIDATION_FAILED.message;
      details = {
        part: e.validationContext,
        errors: (e.validation as { instancePath: string; message?: string; keyword: string; params: unknown }[]).map(
          (v) => ({
            path: v.instancePath,
            keyword: v.keyword,
            message: v.message,
            params: v.params,
          }),
        ),
      };
    } else if (e.code && FASTIFY_CODES[e.code]) {
      code = FASTIFY_CODES[e.code]!;
      status = e.statusCode && e.statusCode < 500 ? e.statusCode : ERROR_CODES[code as ErrorCode].status;
      message = ERROR_CODES[code as ErrorCode].message;
    } else if (e.statusCode === 429) {
      status = 429;
      code = 'RATE_LIMITED';
      message = ERROR_CODES.RATE_LIMITED.message;
    } else if (isMultipartError(e)) {
      status = 400;
      code = 'INVALID_FILE';
      message = ERROR_CODES.INVALID_FILE.message;
    } else if (isBadText(e)) {
      // PostgreSQL refuses NUL characters in text: the input is the problem, not the server.
      status = 400;
      code = 'VALIDATION_FAILED';
      message = '文本包含不允许的字符';
    } else if (isUniqueViolation(e)) {
      status = 409;
      code = 'CONFLICT';
      message = '记录重复';
    } else if (isForeignKeyViolation(e)) {
      status = 400;
      code = 'VALIDATION_FAILED';
      message = '引用的记录不存在';
    } else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      status = e.statusCode;
      code = 'VALIDATION_FAILED';
      message = ERROR_CODES.VALIDATION_FAILED.message;
    } else if (storageFailure(deps.database.db)) {
      // After a storage failure the connection is read-only: a write outside `transact` fails
      // with SQLITE_READONLY, which is that failure, not a fault of its own.
      code = 'STORAGE_FAILED';
      status = ERROR_CODES.STORAGE_FAILED.status;
      message = ERROR_CODES.STORAGE_FAILED.message;
    } else {
      status = 500;
      code = 'INTERNAL';
      message = ERROR_CODES.INTERNAL.message;
      req.log.error({ err: { type: e.name, message: e.message, stack: e.stack, code: e.code } }, 'unhandled error');
    }
    countErrorCode(req, code);
    // A refusal by permission is a security event (see the onSend hook above).
    if (code === 'FORBIDDEN' && req.ctx?.actor)
      req.ctx.denials?.push({
        status: 403,
        attempted: (details as { permission?: string } | undefined)?.permission ?? 'unknown',
        resourceType: 'route',
        resourceId: null,
        unitId: null,
      });
    if (status === 429)
      void reply.header('retry-after', String((details as { retryAfterSeconds?: number })?.retryAfterSeconds ?? 60));
    void reply
      .status(status)
      .send({ error: { code, message, ...(details === undefined ? {} : { details }), requestId: req.id } });
  });

  const bundle = config.serveConsole ? consoleDir() : null;
  // Bundle files go out as the build left them: brotli or gzip copies written beside each text
  // asset at build time (scripts/precompress.mjs), picked by Accept-Encoding.
  const staticOptions = {
    wildcard: false,
    index: false as const,
    serve: true as const,
    preCompressed: true,
    setHeaders: bundleCaching,
  };
  if (bundle) {
    await app.register(fastifyStatic, { ...staticOptions, root: bundle, prefix: '/' });
  }
  // The public pages for phones (reached from QR codes): no session, their own single-page app.
  const publicBundle = config.serveConsole ? publicDir() : null;
  if (publicBundle) {
    await app.register(fastifyStatic, { ...staticOptions, root: publicBundle, prefix: '/r/', decorateReply: !bundle });
  }
  app.setNotFoundHandler(async (req, reply) => {
    const wantsPage =
      req.method === 'GET' && !req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html');
    if (publicBundle && wantsPage && (req.url === '/r' || req.url.startsWith('/r/'))) {
      return reply.type('text/html').sendFile('index.html', publicBundle);
    }
    if (bundle && wantsPage) {
      return reply.type('text/html').sendFile('index.html');
    }
    const code: ErrorCode = 'ROUTE_NOT_FOUND';
    countErrorCode(req, code);
    return reply.status(404).send({ error: { code, message: ERROR_CODES[code].message, requestId: req.id } });
  });

  await registerRoutes(app);
  return app;
}
