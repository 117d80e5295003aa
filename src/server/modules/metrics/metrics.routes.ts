import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { domainError } from '../../shared/errors.js';
import { installHttpMetrics } from './metrics.http.js';
import { collectMetrics, renderMetrics } from './metrics.registry.js';

/** The text exposition format's content type. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Compares a presented token with the configured one in constant time (both hashed first: equal lengths). */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * `GET /metrics` for the operator's Prometheus, with `Authorization: Bearer <QF_METRICS_TOKEN>`.
 * Without QF_METRICS_TOKEN neither the route nor the request counting exists (404, no cost).
 * Outside `/api`, hidden from the OpenAPI document: it is not part of the API a session
 * reaches, and a staff session alone is refused (401) like anyone without the token.
 */
export function installMetrics(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  installHttpMetrics(app);
  app.get('/metrics', { schema: { hide: true }, config: { access: { operatorToken: true } } }, async (req, reply) => {
    const header = req.headers.authorization;
    const presented = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!presented || !tokenMatches(presented, token)) {
      void reply.header('www-authenticate', 'Bearer realm="qingfeng-metrics"');
      throw domainError('UNAUTHENTICATED');
    }
    const families = await collectMetrics({ db: req.ctx.db, dialect: req.ctx.dialect, clock: req.ctx.clock });
    const http = req.server.qfHttpMetrics;
    void reply.type(METRICS_CONTENT_TYPE);
    return renderMetrics([...(http ? http.families() : []), ...families]);
  });
}
