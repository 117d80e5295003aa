import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';

/**
 * The operator's metrics in the Prometheus text exposition format (version 0.0.4), written
 * here rather than with prom-client: the platform needs counters, gauges and one histogram
 * family, and the collectors read the database at scrape time, which prom-client's registry
 * would wrap in callbacks anyway. A collector is a named async function registered once;
 * each scrape runs them all (a failing one is reported by `qingfeng_metrics_collector_up`
 * and does not hide the others).
 */

/** What a collector may read. */
export interface MetricsEnv {
  db: Kysely<Database>;
  dialect: DialectHelpers;
  clock: Clock;
}

/** One sample: label values (in the family's label order) and its value. */
export interface MetricSample {
  labels?: Readonly<Record<string, string>>;
  value: number;
  /** Appended to the family's name (histograms: `_bucket`, `_sum`, `_count`). */
  suffix?: string;
}

/** A metric family as exposed. */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples: MetricSample[];
}

/** A collector: the families it reports at this scrape. */
export type MetricsCollector = (env: MetricsEnv) => Promise<MetricFamily[]> | MetricFamily[];

const collectors = new Map<string, MetricsCollector>();

/**
 * Registers (or replaces) the collector `name`; every scrape of `/metrics` runs it. Other
 * modules and the composition root register theirs here (e.g. the backup age collector).
 */
export function registerMetricsCollector(name: string, fn: MetricsCollector): void {
  if (!/^[a-z][a-z0-9_]*$/.test(name))
    throw new Error(`metrics collector name ${JSON.stringify(name)}: use a-z, 0-9, _`);
  collectors.set(name, fn);
}

/** Removes the collector `name` (tests that registered their own). */
export function unregisterMetricsCollector(name: string): void {
  collectors.delete(name);
}

/** Names of the registered collectors (tests, the operator's documentation). */
export function metricsCollectorNames(): string[] {
  return [...collectors.keys()];
}

/** Runs every collector; a collector that throws is reported as down, the rest still count. */
export async function collectMetrics(env: MetricsEnv): Promise<MetricFamily[]> {
  const up: MetricSample[] = [];
  const out: MetricFamily[] = [];
  await Promise.all(
    [...collectors].map(async ([name, fn]) => {
      try {
        out.push(...(await fn(env)));
        up.push({ labels: { collector: name }, value: 1 });
      } catch {
        up.push({ labels: { collector: name }, value: 0 });
      }
    }),
  );
  up.sort((a, b) => a.labels!.collector!.localeCompare(b.labels!.collector!));
  out.push({
    name: 'qingfeng_metrics_collector_up',
    help: 'Whether each collector answered (1) or failed (0)',
    type: 'gauge',
    samples: up,
  });
  return out;
}

/** A label value escaped as the text format wants (backslash, double quote, newline). */
function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A number as the text format writes it. */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** The families in the text exposition format, each with its HELP and TYPE lines. */
export function renderMetrics(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const f of families) {
    if (seen.has(f.name)) throw new Error(`metric family ${f.name} reported twice`);
    seen.add(f.name);
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const entries = Object.entries(s.labels ?? {});
      const labels = entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
      lines.push(`${f.name}${s.suffix ?? ''}${labels} ${formatValue(s.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
