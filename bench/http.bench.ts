/**
 * HTTP throughput and latency (autocannon, programmatic API). The servers run in child
 * processes (`bench/lib/server-child.ts`), autocannon in this process, so the load generator
 * never shares the measured server's event loop. Measured the same way:
 *   ceiling  a bare Fastify 5 app, one trivial JSON route, no plugins, no logger;
 *   health   GET /api/health of the real app (demo county on a temp SQLite file);
 *   staff    GET /api/staff?pageSize=50 as `leader` (whole county scope, session cookie).
 * Env: BENCH_HTTP_SECONDS (default 8), BENCH_HTTP_CONNECTIONS (default 10).
 */
import autocannon from 'autocannon';
import { heading, makeTempDir, percentile, report, runMain, login } from './lib/common.js';
import { type ServerChild, startServer } from './lib/server.js';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const WARMUP_SECONDS = 2;
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 10);

interface Run {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Run> {
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS, headers });
  const times: number[] = [];
  const inst = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  inst.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    times.push(ms);
  });
  const r = await inst;
  return {
    rps: r.requests.total / r.duration,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

function problems(r: Run): string | undefined {
  return r.non2xx || r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors/timeouts of ${r.total}` : undefined;
}

async function stop(s: ServerChild | null): Promise<void> {
  await s?.child.stop();
}

runMain('http.bench', async () => {
  heading(
    `HTTP: autocannon, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per route, server in a child process`,
  );

  // Ceiling: bare Fastify.
  const bare = await startServer({ mode: 'bare' });
  const b = await load(`${bare.base}/json`);
  await stop(bare);
  const B = 'http';
  report({
    bench: B,
    name: 'bare Fastify GET /json (ceiling) throughput',
    value: b.rps,
    unit: 'req/s',
    note: problems(b),
  });
  report({ bench: B, name: 'bare Fastify GET /json (ceiling) p50', value: b.p50, unit: 'ms' });
  report({ bench: B, name: 'bare Fastify GET /json (ceiling) p99', value: b.p99, unit: 'ms' });

  // The real app, demo county, production-like request logging (to /dev/null).
  const dir = makeTempDir('http');
  const app = await startServer({ mode: 'app', dataDir: dir, preset: 'demo', log: 'info' });
  try {
    const { cookie } = await login(app.base, 'leader');
    const probe = await fetch(`${app.base}/api/staff?pageSize=50`, { headers: { cookie } });
    const body = (await probe.json()) as { items?: unknown[]; total?: number };
    if (probe.status !== 200 || !body.items?.length) throw new Error(`staff list probe failed: ${probe.status}`);
    console.log(`leader sees ${body.total} staff; page of ${body.items.length}`);

    const h = await load(`${app.base}/api/health`);
    const ceil = (v: number, n: string) => ({ name: `bare ${n}`, value: v });
    report({
      bench: B,
      name: 'GET /api/health throughput',
      value: h.rps,
      unit: 'req/s',
      ceiling: ceil(b.rps, 'req/s'),
      note: problems(h),
    });
    report({ bench: B, name: 'GET /api/health p50', value: h.p50, unit: 'ms', ceiling: ceil(b.p50, 'p50') });
    report({ bench: B, name: 'GET /api/health p99', value: h.p99, unit: 'ms', ceiling: ceil(b.p99, 'p99') });

    const s = await load(`${app.base}/api/staff?pageSize=50`, { cookie });
    report({
      bench: B,
      name: 'GET /api/staff?pageSize=50 (leader) throughput',
      value: s.rps,
      unit: 'req/s',
      ceiling: ceil(b.rps, 'req/s'),
      note: problems(s),
    });
    report({
      bench: B,
      name: 'GET /api/staff?pageSize=50 (leader) p50',
      value: s.p50,
      unit: 'ms',
      ceiling: ceil(b.p50, 'p50'),
    });
    report({
      bench: B,
      name: 'GET /api/staff?pageSize=50 (leader) p99',
      value: s.p99,
      unit: 'ms',
      ceiling: ceil(b.p99, 'p99'),
    });
  } finally {
    await stop(app);
  }

  // The same health route without request logging, to show what the logger costs.
  const dir2 = makeTempDir('http-quiet');
  const quiet = await startServer({ mode: 'app', dataDir: dir2, preset: 'demo', log: 'off' });
  try {
    const q = await load(`${quiet.base}/api/health`);
    report({
      bench: B,
      name: 'GET /api/health, request logging off (info)',
      value: q.rps,
      unit: 'req/s',
      ceiling: { name: 'bare req/s', value: b.rps },
      note: problems(q),
    });
  } finally {
    await stop(quiet);
  }
});
