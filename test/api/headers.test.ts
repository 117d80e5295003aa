import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestEnv, TEST_PASSWORD, startTestEnv, testDialects } from '../../src/server/test/harness.js';

/**
 * Response headers: a request id on every response, the security headers and no caching on API
 * responses, the 404 of unknown routes, and the per-route rate limit of sign-in.
 */

type Res = LightMyRequestResponse;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectRequestId(res: Res, label: string): void {
  const id = res.headers['x-request-id'];
  expect(id, `${label}: x-request-id`).toMatch(UUID);
  if (res.statusCode >= 400 && String(res.headers['content-type']).startsWith('application/json')) {
    expect(res.json().error?.requestId, `${label}: error.requestId`).toBe(id);
  }
}

function expectSecurityHeaders(res: Res, label: string): void {
  const csp = String(res.headers['content-security-policy'] ?? '');
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0]!, d.slice(1)]),
  );
  expect(directives.get('script-src'), `${label}: CSP script-src`).toEqual(["'self'"]);
  expect(directives.get('object-src'), `${label}: CSP object-src`).toEqual(["'none'"]);
  const xfo = String(res.headers['x-frame-options'] ?? '').toUpperCase();
  const ancestors = directives.get('frame-ancestors');
  expect(xfo === 'DENY' || xfo === 'SAMEORIGIN' || ancestors?.join(' ') === "'none'", `${label}: framing`).toBe(true);
  expect(res.headers['x-content-type-options'], `${label}: nosniff`).toBe('nosniff');
  expect(res.headers['referrer-policy'], `${label}: referrer-policy`).toBe('no-referrer');
  expect(res.headers['cache-control'], `${label}: cache-control`).toBe('no-store');
  expect(res.headers['x-powered-by'], `${label}: x-powered-by`).toBeUndefined();
}

/** Every documented `METHOD path`, with its path parameters filled by a syntactically valid id. */
async function documentedRequests(env: TestEnv): Promise<[string, string][]> {
  const doc = (await env.anon().get('/api/docs/json')).json<{ paths: Record<string, Record<string, unknown>> }>();
  const out: [string, string][] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    const url = path
      .replace('{year}', '2026')
      .replace('{code}', '411200000000')
      .replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
    for (const method of Object.keys(ops)) out.push([method.toUpperCase(), url]);
  }
  return out;
}

describe.each(testDialects())('response headers on $name', ({ name }) => {
  let env: TestEnv;
  let leader: Client;

  beforeAll(async () => {
    env = await startTestEnv(name);
    leader = await env.as('leader');
  });
  afterAll(async () => env?.close());

  it('puts a fresh server-made request id on every response, echoed in error bodies', async () => {
    const seen = new Set<string>();
    const requests: [string, string][] = [
      ...(await documentedRequests(env)),
      ['GET', '/api/nope'],
      ['GET', '/nope'],
      ['GET', '/api/docs/json'],
      ['GET', '/api/docs/'],
      ['OPTIONS', '/api/health'],
      ['DELETE', '/api/health'],
    ];
    for (const [method, url] of requests) {
      // A client cannot choose the id (it would let it forge log correlation).
      const res = await env.app.inject({
        method: method as 'GET',
        url,
        headers: { 'x-request-id': 'chosen-by-client' },
      });
      expectRequestId(res, `${method} ${url}`);
      const id = String(res.headers['x-request-id']);
      expect(seen.has(id), `${method} ${url}: id reused`).toBe(false);
      seen.add(id);
    }
  });

  it('answers a malformed percent-escape or an overlong parameter in the path in the error shape, with a request id', async () => {
    // Fastify rejects these before routing; the answer must still be ours.
    // Same for a path parameter over Fastify's length limit (100 characters).
    for (const url of ['/api/%zz', '/api/staff/%E0%A4%A', '/%', `/api/staff/${'a'.repeat(101)}`]) {
      const res = await env.app.inject({ method: 'GET', url, headers: { cookie: leader.cookie! } });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      const error = res.json<{ error?: { code?: string } | string }>().error;
      const code = typeof error === 'object' ? error.code : undefined;
      expect(code, `${url} → ${res.statusCode} ${res.body}`).toMatch(/^(VALIDATION_FAILED|ROUTE_NOT_FOUND)$/);
      expectRequestId(res, url);
      expectSecurityHeaders(res, url);
    }
  });

  it('sends the security headers and no-store on every API response', async () => {
    for (const [method, url] of await documentedRequests(env)) {
      expectSecurityHeaders(await env.app.inject({ method: method as 'GET', url }), `anonymous ${method} ${url}`);
    }
    const signedIn: [string, Res][] = [
      ['GET /api/health', await env.anon().get('/api/health')],
      ['GET /api/auth/me', await leader.get('/api/auth/me')],
      ['GET /api/staff', await leader.get('/api/staff')],
      ['GET /api/subjects/export.xlsx', await leader.get('/api/subjects/export.xlsx')],
      ['GET /api/users (403)', await leader.get('/api/users')],
      ['POST /api/auth/password (400)', await leader.post('/api/auth/password', { nope: 1 })],
      ['GET /api/nope (404)', await leader.get('/api/nope')],
      [
        'POST /api/auth/login (malformed JSON)',
        await env.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: '{',
        }),
      ],
      [
        'POST /api/auth/login (415)',
        await env.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': 'application/xml' },
          payload: '<x/>',
        }),
      ],
    ];
    for (const [label, res] of signedIn) {
      expect(res.statusCode, label).toBeLessThan(500);
      expectSecurityHeaders(res, label);
      expectRequestId(res, label);
    }
  });

  it('answers an unknown API route with 404 ROUTE_NOT_FOUND, signed in or not', async () => {
    for (const res of [
      await env.anon().get('/api/nope'),
      await leader.get('/api/nope'),
      await leader.get('/api/staff/export.csv/extra/segments'),
      await leader.post('/api/nope', { a: 1 }),
      await env.app.inject({ method: 'DELETE', url: '/api/health' }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
      expect(res.json().error.message).toBe('接口不存在');
    }
  });
});

describe.each(testDialects())('rate limits on $name', ({ name }) => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv(name, { rateLimits: true });
  });
  afterAll(async () => env?.close());

  it('limits sign-in attempts per user name to 20 a minute with 429 and retry-after, and nothing else', async () => {
    // An unknown user name: the attempts cannot lock a real account.
    const attempt = (username: string) => env.anon().post('/api/auth/login', { username, password: 'Wrong-Pass-2026' });
    for (let i = 0; i < 20; i++) {
      // Waiting out the per-name sign-in delay (LOGIN_THROTTLED) on the test clock, so that
      // every attempt is checked and only the per-address limit, in real time, stops the 21st.
      env.clock.advance(900_000);
      const res = await attempt('hammer');
      expect(res.statusCode, `attempt ${i + 1}`).toBe(401);
      expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
    }
    const limited = await attempt('hammer');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.json().error.message).toBe('请求过于频繁，请稍后再试');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.json().error.details.retryAfterSeconds).toBe(retryAfter);
    expect(limited.headers['x-request-id']).toMatch(UUID);
    expect(limited.headers['cache-control']).toBe('no-store');
    // The right password does not get through the limit either.
    expect((await env.anon().post('/api/auth/login', { username: 'hammer', password: TEST_PASSWORD })).statusCode).toBe(
      429,
    );

    // Other user names, other routes and signed-in work stay available.
    const ok = await env.anon().post('/api/auth/login', { username: 'casemgr', password: TEST_PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await attempt('someone-else')).statusCode).toBe(401);
    expect((await env.anon().get('/api/health')).statusCode).toBe(200);
    const leader = await env.as('leader');
    expect((await leader.get('/api/auth/me')).statusCode).toBe(200);
    expect((await leader.get('/api/staff')).statusCode).toBe(200);
  });
});
