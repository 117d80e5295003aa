import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MetricFamily, MetricSample } from './metrics.registry.js';

/**
 * Counting of HTTP requests for `/metrics`: per route PATTERN (never the URL, which carries ids
 * and receipts), method and status, a latency histogram per route and method, and answers by
 * error code. One `onResponse` hook per request: a Map lookup by a short key and a few
 * increments (bench/metrics-hook.bench.ts measures it against the same route without it).
 */

/** Histogram upper bounds, in seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface RouteStats {
  route: string;
  method: string;
  /** Requests by status code. */
  byStatus: Map<number, number>;
  /** Non-cumulative bucket counts; the last slot is +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

/** The route label of requests no route matched (404s of unknown paths). */
export const UNMATCHED_ROUTE = '(unmatched)';

/** The HTTP counters of one app instance. */
export class HttpMetrics {
  private readonly routes = new Map<string, RouteStats>();
  private readonly errors = new Map<string, number>();

  /** Counts one answered request. */
  observe(route: string, method: string, status: number, seconds: number): void {
    const key = `${method} ${route}`;
    let s = this.routes.get(key);
    if (!s) {
      s = {
        route,
        method,
        byStatus: new Map(),
        buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      this.routes.set(key, s);
    }
    s.byStatus.set(status, (s.byStatus.get(status) ?? 0) + 1);
    let i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]!) i++;
    s.buckets[i]! += 1;
    s.sum += seconds;
    s.count += 1;
  }

  /** Counts one error answer by its code. */
  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  /** The counters as metric families. */
  families(): MetricFamily[] {
    const requests: MetricSample[] = [];
    const latency: MetricSample[] = [];
    const stats = [...this.routes.values()].sort(
      (a, b) => a.route.localeCompare(b.route) || a.method.localeCompare(b.method),
    );
    for (const s of stats) {
      for (const [status, n] of [...s.byStatus].sort((a, b) => a[0] - b[0]))
        requests.push({ labels: { route: s.route, method: s.method, status: String(status) }, value: n });
      let cumulative = 0;
      for (let i = 0; i <= LATENCY_BUCKETS.length; i++) {
        cumulative += s.buckets[i]!;
        const le = i < LATENCY_BUCKETS.length ? String(LATENCY_BUCKETS[i]) : '+Inf';
        latency.push({ suffix: '_bucket', labels: { route: s.route, method: s.method, le }, value: cumulative });
      }
      latency.push({ suffix: '_sum', labels: { route: s.route, method: s.method }, value: s.sum });
      latency.push({ suffix: '_count', labels: { route: s.route, method: s.method }, value: s.count });
    }
    const errors = [...this.errors]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([code, n]) => ({ labels: { code }, value: n }));
    return [
      {
        name: 'qingfeng_http_requests_total',
        help: 'HTTP requests answered, by route pattern, method and status',
        type: 'counter',
        samples: requests,
      },
      {
        name: 'qingfeng_http_request_duration_seconds',
        help: 'HTTP request latency by route pattern and method',
        type: 'histogram',
        samples: latency,
      },
      {
        name: 'qingfeng_http_errors_total',
        help: 'Error answers by error code (docs/errors.md)',
        type: 'counter',
        samples: errors,
      },
    ];
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's HTTP counters (set by `installHttpMetrics`; child plugin instances inherit it). */
    qfHttpMetrics?: HttpMetrics;
  }
}

/**
 * Starts counting the requests of `app` (its `onResponse` hook) and returns the counters.
 * Call it on the root instance before the routes are registered.
 */
export function installHttpMetrics(app: FastifyInstance): HttpMetrics {
  const metrics = new HttpMetrics();
  app.decorate('qfHttpMetrics', metrics);
  app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    metrics.observe(req.routeOptions.url ?? UNMATCHED_ROUTE, req.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  return metrics;
}

/** Counts an error answer of `req`'s app by its code (the error handler calls it); nothing when metrics are off. */
export function countErrorCode(req: FastifyRequest, code: string): void {
  req.server.qfHttpMetrics?.error(code);
}
