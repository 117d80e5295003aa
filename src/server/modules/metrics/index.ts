/**
 * The metrics module: the operator's `GET /metrics` (Prometheus text format, bearer token
 * QF_METRICS_TOKEN), HTTP counting by route pattern, and the collector registry other modules
 * and the composition root add to (`registerMetricsCollector`).
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import { registerPlatformCollectors } from './metrics.collectors.js';

export {
  type MetricFamily,
  type MetricSample,
  type MetricsCollector,
  type MetricsEnv,
  collectMetrics,
  metricsCollectorNames,
  registerMetricsCollector,
  renderMetrics,
  unregisterMetricsCollector,
} from './metrics.registry.js';
export { HttpMetrics, LATENCY_BUCKETS, UNMATCHED_ROUTE, countErrorCode, installHttpMetrics } from './metrics.http.js';
export { METRICS_CONTENT_TYPE, installMetrics, tokenMatches } from './metrics.routes.js';
export { backupAgeCollector } from './metrics.collectors.js';

registerPlatformCollectors();
