import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { makeReport, villageOf } from '../../test/factories.js';
import { readAuditHead } from '../audit/index.js';
import { lastGoodBackupAt } from '../../ops/index.js';
import {
  METRICS_CONTENT_TYPE,
  backupAgeCollector,
  registerMetricsCollector,
  renderMetrics,
  unregisterMetricsCollector,
} from './index.js';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';
const bearer = { authorization: `Bearer ${TOKEN}` };

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) return undefined;
  const v = line.slice(series.length + 1);
  return v === '+Inf' ? Infinity : Number(v);
}

describe('the text exposition format', () => {
  it('escapes label values and writes +Inf, HELP and TYPE once per family', () => {
    const text = renderMetrics([
      {
        name: 'x_total',
        help: 'a\nb',
        type: 'counter',
        samples: [{ labels: { route: 'a"b\\c\nd' }, value: 3 }, { value: Infinity }],
      },
    ]);
    expect(text).toBe(
      '# HELP x_total a\\nb\n# TYPE x_total counter\nx_total{route="a\\"b\\\\c\\nd"} 3\nx_total +Inf\n',
    );
    expect(() =>
      renderMetrics([
        { name: 'x', help: 'h', type: 'gauge', samples: [] },
        { name: 'x', help: 'h', type: 'gauge', samples: [] },
      ]),
    ).toThrow(/twice/);
  });
});

describe.each(testDialects())('GET /metrics on $name', ({ name }) => {
  let env: TestEnv;
  let bare: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name, { config: { metricsToken: TOKEN } });
    bare = await startTestEnv(name, { seed: false });
  });
  afterAll(async () => {
    registerMetricsCollector('backup', backupAgeCollector(lastGoodBackupAt));
    unregisterMetricsCollector('test_broken');
    await env?.close();
    await bare?.close();
  });

  it('does not exist without QF_METRICS_TOKEN', async () => {
    const res = await bare.app.inject({ method: 'GET', url: '/metrics', headers: bearer });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers only the bearer token: not anonymous, not a wrong token, not a staff session; not in the OpenAPI document', async () => {
    const anon = await env.app.inject({ method: 'GET', url: '/metrics' });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['www-authenticate']).toContain('Bearer');
    const wrong = await env.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
    });
    expect(wrong.statusCode).toBe(401);
    const admin = await env.as('sysadmin');
    expect((await admin.get('/metrics')).statusCode).toBe(401);
    const leader = await env.as('leader');
    expect((await leader.get('/metrics')).statusCode).toBe(401);
    const ok = await env.app.inject({ method: 'GET', url: '/metrics', headers: bearer });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe(METRICS_CONTENT_TYPE);
    const doc = await env.anon().get('/api/docs/json');
    expect(Object.keys(doc.json<{ paths: object }>().paths)).not.toContain('/metrics');
  });

  it('counts requests by route pattern (never the id), latency, errors by code, clocks, jobs and the audit head', async () => {
    // A petition opens its registration clock (XF 第二十三条).
    const village = await villageOf(env, 'township1');
    const report = await makeReport(env, village, { kind: 'petition' });
    const leader = await env.as('leader');
    const missing = '01890000-0000-7000-8000-00000000abcd';
    expect((await env.anon().get(`/api/public/regions/${village}`)).statusCode).toBe(200);
    expect((await env.anon().get(`/api/public/regions/${village}`)).statusCode).toBe(200);
    await leader.get(`/api/reports/${missing}`);
    await env.anon().get('/api/no-such-route');
    const before = await env.app.inject({ method: 'GET', url: '/metrics', headers: bearer });
    const res = await env.app.inject({ method: 'GET', url: '/metrics', headers: bearer });
    const text = res.body;
    // Every sample line is well formed.
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#')))
      expect(line).toMatch(
        /^[a-z_][a-z0-9_]*(\{[a-z_]+="(?:[^"\\]|\\.)*"(,[a-z_]+="(?:[^"\\]|\\.)*")*\})? (-?[0-9.e+-]+|\+Inf|NaN)$/,
      );
    expect(text).not.toContain(missing);
    expect(text).not.toContain(report.receipt);
    expect(text).not.toContain(report.id);
    expect(text).not.toContain(village);
    const regions = 'route="/api/public/regions/:code",method="GET"';
    expect(sample(text, `qingfeng_http_requests_total{${regions},status="200"}`)).toBe(2);
    expect(sample(text, `qingfeng_http_request_duration_seconds_count{${regions}}`)).toBe(2);
    expect(sample(text, `qingfeng_http_request_duration_seconds_bucket{${regions},le="+Inf"}`)).toBe(2);
    expect(sample(text, 'qingfeng_http_requests_total{route="/api/reports/:id",method="GET",status="404"}')).toBe(1);
    expect(sample(text, 'qingfeng_http_requests_total{route="/api/public/reports",method="POST",status="201"}')).toBe(
      1,
    );
    expect(sample(text, 'qingfeng_http_errors_total{code="ROUTE_NOT_FOUND"}')).toBe(1);
    expect(sample(text, 'qingfeng_http_errors_total{code="NOT_FOUND"}')).toBeGreaterThanOrEqual(1);
    // The scrape before this one is counted too (a 200 of /metrics).
    expect(before.statusCode).toBe(200);
    expect(
      sample(text, 'qingfeng_http_requests_total{route="/metrics",method="GET",status="200"}'),
    ).toBeGreaterThanOrEqual(2);
    const head = await readAuditHead(env.platform.database.db);
    expect(sample(text, 'qingfeng_audit_chain_head_seq')).toBe(head!.lastSeq);
    // Open clocks: the same counts as the deadlines table says, by kind.
    const open = await env
      .ctx()
      .db.selectFrom('deadlines')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('met_at', 'is', null)
      .groupBy('kind')
      .execute();
    expect(open.length).toBeGreaterThan(0);
    for (const o of open) {
      const states = ['running', 'overdue', 'paused'].map(
        (s) => sample(text, `qingfeng_open_clocks{kind="${o.kind}",state="${s}"}`) ?? 0,
      );
      expect(states.reduce((a, b) => a + b, 0)).toBe(Number(o.n));
    }
    // The submission queued the handlers' notice: the queue depth shows it.
    const queued = await env
      .ctx()
      .db.selectFrom('jobs')
      .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '<>', 'done')
      .groupBy(['kind', 'status'])
      .execute();
    expect(queued.length).toBeGreaterThan(0);
    for (const q of queued)
      expect(sample(text, `qingfeng_jobs{kind="${q.kind}",status="${q.status}"}`)).toBe(Number(q.n));
    expect(sample(text, 'qingfeng_process_heap_used_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'qingfeng_event_loop_lag_seconds{quantile="0.99"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'qingfeng_metrics_collector_up{collector="jobs"}')).toBe(1);
  });

  it('runs registered collectors (the backup age) and reports a failing one without losing the rest', async () => {
    // The platform registers the backup runs' collector: no backup yet, the age is +Inf.
    const first = (await env.app.inject({ method: 'GET', url: '/metrics', headers: bearer })).body;
    expect(sample(first, 'qingfeng_backup_age_seconds')).toBe(Infinity);
    expect(sample(first, 'qingfeng_metrics_collector_up{collector="backup"}')).toBe(1);
    const twoHoursAgo = new Date(env.clock.nowMs() - 7200_000).toISOString();
    registerMetricsCollector(
      'backup',
      backupAgeCollector(async () => twoHoursAgo),
    );
    registerMetricsCollector('test_broken', () => {
      throw new Error('collector down');
    });
    const text = (await env.app.inject({ method: 'GET', url: '/metrics', headers: bearer })).body;
    expect(sample(text, 'qingfeng_backup_age_seconds')).toBe(7200);
    expect(sample(text, 'qingfeng_metrics_collector_up{collector="test_broken"}')).toBe(0);
    expect(sample(text, 'qingfeng_metrics_collector_up{collector="backup"}')).toBe(1);
    expect(sample(text, 'qingfeng_audit_chain_head_seq')).toBeGreaterThan(0);
    registerMetricsCollector(
      'backup',
      backupAgeCollector(async () => null),
    );
    const none = (await env.app.inject({ method: 'GET', url: '/metrics', headers: bearer })).body;
    expect(sample(none, 'qingfeng_backup_age_seconds')).toBe(Infinity);
  });
});
