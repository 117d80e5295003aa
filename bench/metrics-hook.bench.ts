/**
 * The cost of counting requests for `/metrics` (modules/metrics/metrics.http.ts). Measured the
 * same way, in this process, through Fastify's full request pipeline (`inject`, no sockets, so
 * the difference is the hook and not network noise):
 *   ceiling  a bare Fastify 5 app, one trivial JSON route with a path parameter, no hook;
 *   hooked   the same app with `installHttpMetrics` (its `onResponse` hook counting by route
 *            pattern, method, status and latency bucket).
 * Rounds alternate (bare, hooked, hooked, bare, …) and each side keeps its best round, so drift
 * of the host hits both. Also: the counting call alone, in ns per request.
 * Env: BENCH_METRICS_REQUESTS (default 20,000 per round), BENCH_METRICS_ROUNDS (default 5).
 */
import Fastify from 'fastify';
import { HttpMetrics, installHttpMetrics } from '../src/server/modules/metrics/index.js';
import { heading, report, runMain } from './lib/common.js';

const REQUESTS = Number(process.env.BENCH_METRICS_REQUESTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_METRICS_ROUNDS ?? 5);

async function makeApp(hooked: boolean) {
  const app = Fastify({ logger: false });
  if (hooked) installHttpMetrics(app);
  app.get('/api/items/:id', async (req) => ({ id: (req.params as { id: string }).id, ok: true }));
  await app.ready();
  return app;
}

/** Requests per second over REQUESTS sequential injects (ids vary, as real URLs do). */
async function round(app: Awaited<ReturnType<typeof makeApp>>): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) {
    const res = await app.inject({ method: 'GET', url: `/api/items/${i}` });
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
  }
  return REQUESTS / (Number(process.hrtime.bigint() - t0) / 1e9);
}

runMain('metrics-hook.bench', async () => {
  heading(`Metrics hook: ${ROUNDS} alternating rounds of ${REQUESTS.toLocaleString('en-US')} injected requests`);
  const bare = await makeApp(false);
  const hooked = await makeApp(true);
  await round(bare);
  await round(hooked); // warm-up
  let bestBare = 0;
  let bestHooked = 0;
  for (let r = 0; r < ROUNDS; r++) {
    // Who goes first alternates too: the first of a pair pays for the previous round's garbage.
    if (r % 2 === 0) {
      bestBare = Math.max(bestBare, await round(bare));
      bestHooked = Math.max(bestHooked, await round(hooked));
    } else {
      bestHooked = Math.max(bestHooked, await round(hooked));
      bestBare = Math.max(bestBare, await round(bare));
    }
  }
  const counted = hooked.qfHttpMetrics!.families()[0]!.samples.reduce((n, s) => n + s.value, 0);
  if (counted !== REQUESTS * (ROUNDS + 1)) throw new Error(`counted ${counted}, expected ${REQUESTS * (ROUNDS + 1)}`);
  await bare.close();
  await hooked.close();
  const B = 'metrics-hook';
  const ceiling = { name: 'bare route without the hook', value: bestBare };
  report({ bench: B, name: 'bare route without the hook (ceiling)', value: bestBare, unit: 'req/s' });
  report({
    bench: B,
    name: 'same route with the metrics hook',
    value: bestHooked,
    unit: 'req/s',
    ceiling,
    target: { op: '>=', value: 0.93 * bestBare },
    note: 'target: at least 93 % of the ceiling',
  });
  // The counting itself, without Fastify around it.
  const m = new HttpMetrics();
  const N = 2_000_000;
  const routes = ['/api/reports/:id', '/api/reports', '/api/health', '/api/clues/:id'];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) m.observe(routes[i & 3]!, 'GET', i % 50 === 0 ? 404 : 200, (i % 300) / 1000);
  const ns = Number(process.hrtime.bigint() - t0) / N;
  report({
    bench: B,
    name: 'one observe() (route, method, status, latency bucket)',
    value: ns,
    unit: 'ns',
    // Held to 2 % of what one bare request costs in the same run (the host's speed cancels out).
    target: { op: '<=', value: 0.02 * (1e9 / bestBare) },
    ceiling: { name: 'one bare injected request', value: 1e9 / bestBare },
  });
});
