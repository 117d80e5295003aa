import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { readAuditHead } from '../audit/index.js';
import { countOpenClocks } from '../deadlines/index.js';
import { countQueuedJobs } from '../jobs/index.js';
import { type MetricFamily, type MetricsCollector, registerMetricsCollector } from './metrics.registry.js';

/**
 * The platform's own collectors, registered through `registerMetricsCollector` like anyone
 * else's: the job queue, open clocks, the audit chain's head, the process. Each reads through
 * the owning module's index (one grouped query each), at scrape time.
 */

/** Job queue depth by kind and status, and jobs that failed an attempt. */
export const jobsCollector: MetricsCollector = async ({ db }) => {
  const rows = await countQueuedJobs(db);
  return [
    {
      name: 'qingfeng_jobs',
      help: 'Jobs in the queue by kind and status (pending, running, failed)',
      type: 'gauge',
      samples: rows.map((r) => ({ labels: { kind: r.kind, status: r.status }, value: r.count })),
    },
    {
      name: 'qingfeng_jobs_with_failed_attempts',
      help: 'Queued jobs that failed at least one attempt, by kind and status (failed: out of attempts)',
      type: 'gauge',
      samples: rows
        .filter((r) => r.retried > 0)
        .map((r) => ({ labels: { kind: r.kind, status: r.status }, value: r.retried })),
    },
  ];
};

/** Open clocks by kind and state (running, overdue, paused) on today's Shanghai date. */
export const clocksCollector: MetricsCollector = async ({ db, clock }) => {
  const rows = await countOpenClocks(db, toShanghaiDate(new Date(clock.nowMs()).toISOString()));
  return [
    {
      name: 'qingfeng_open_clocks',
      help: 'Open deadline clocks by kind and state (running, overdue, paused)',
      type: 'gauge',
      samples: rows.map((r) => ({ labels: { kind: r.kind, state: r.state }, value: r.count })),
    },
  ];
};

/** The audit chain's head sequence number. */
export const auditCollector: MetricsCollector = async ({ db }) => {
  const head = await readAuditHead(db);
  return [
    {
      name: 'qingfeng_audit_chain_head_seq',
      help: 'Sequence number of the last audit event',
      type: 'gauge',
      samples: [{ value: head?.lastSeq ?? 0 }],
    },
  ];
};

// Event-loop delay since the previous scrape (10 ms resolution; unref'd timer inside Node).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/** Heap, resident memory, uptime and event-loop lag of this process. */
export const processCollector: MetricsCollector = () => {
  const mem = process.memoryUsage();
  const ns = (v: number) => (Number.isFinite(v) ? v / 1e9 : 0);
  const lag = [
    { labels: { quantile: '0.5' }, value: ns(loopDelay.percentile(50)) },
    { labels: { quantile: '0.99' }, value: ns(loopDelay.percentile(99)) },
    { labels: { quantile: '1' }, value: ns(loopDelay.max) },
  ];
  loopDelay.reset();
  return [
    {
      name: 'qingfeng_process_heap_used_bytes',
      help: 'V8 heap in use',
      type: 'gauge',
      samples: [{ value: mem.heapUsed }],
    },
    {
      name: 'qingfeng_process_heap_total_bytes',
      help: 'V8 heap reserved',
      type: 'gauge',
      samples: [{ value: mem.heapTotal }],
    },
    {
      name: 'qingfeng_process_resident_memory_bytes',
      help: 'Resident set size',
      type: 'gauge',
      samples: [{ value: mem.rss }],
    },
    {
      name: 'qingfeng_process_uptime_seconds',
      help: 'Seconds since the process started',
      type: 'gauge',
      samples: [{ value: process.uptime() }],
    },
    {
      name: 'qingfeng_event_loop_lag_seconds',
      help: 'Event-loop delay since the previous scrape (median, 99th percentile, maximum)',
      type: 'gauge',
      samples: lag,
    },
  ];
};

/**
 * A collector of the backup's age, for the integrator to register with the backup module's
 * `lastGoodBackupAt`: `registerMetricsCollector('backup', backupAgeCollector(lastGoodBackupAt))`.
 * Without a good backup the age is +Inf (an alert on `> 86400` fires).
 */
export function backupAgeCollector(
  lastGoodBackupAt: (db: Kysely<Database>) => Promise<string | Date | null>,
): MetricsCollector {
  return async ({ db, clock }): Promise<MetricFamily[]> => {
    const at = await lastGoodBackupAt(db);
    const ms = at === null ? NaN : new Date(at).getTime();
    return [
      {
        name: 'qingfeng_backup_age_seconds',
        help: 'Seconds since the last good backup (+Inf when there is none)',
        type: 'gauge',
        samples: [{ value: Number.isNaN(ms) ? Infinity : Math.max(0, (clock.nowMs() - ms) / 1000) }],
      },
    ];
  };
}

/** Registers the platform's own collectors (the metrics module's index does, once). */
export function registerPlatformCollectors(): void {
  registerMetricsCollector('jobs', jobsCollector);
  registerMetricsCollector('clocks', clocksCollector);
  registerMetricsCollector('audit', auditCollector);
  registerMetricsCollector('process', processCollector);
}
