import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 .cpuprofile the summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*\/(src|bench)\//, '$1/');
}

/**
 * Summarizes the main-thread profile in `dir` (written by `node --cpu-prof`): the top `n`
 * functions by self time and the top packages/folders by inclusive time.
 */
export function summarizeProfile(dir: string, n = 15): string {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && /\.0\.\d+\.cpuprofile$/.test(f))
    .sort()
    .at(-1);
  if (!file) return `(no main-thread profile in ${dir})`;
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of prof.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const selfById = new Map<number, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const dt = prof.timeDeltas[i] ?? 0;
    selfById.set(id, (selfById.get(id) ?? 0) + dt);
    total += dt;
  });
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const [id, t] of selfById) {
    const node = byId.get(id)!;
    const k = `${node.callFrame.functionName || '(anonymous)'}  ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    self.set(k, (self.get(k) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const url = shortUrl(byId.get(cur)!.callFrame.url);
      const pkg = url.startsWith('@') ? url.split('/').slice(0, 2).join('/') : (url.split('/')[0] ?? '');
      if (pkg && !seen.has(pkg)) {
        seen.add(pkg);
        incl.set(pkg, (incl.get(pkg) ?? 0) + t);
      }
    }
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  const lines = [`profile ${file}: ${(total / 1e6).toFixed(2)} s sampled`, 'top self time:'];
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, n)) lines.push(`  ${pct(t)}  ${k}`);
  lines.push('inclusive time by package / folder:');
  for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 10)) lines.push(`  ${pct(t)}  ${k}`);
  return lines.join('\n');
}
