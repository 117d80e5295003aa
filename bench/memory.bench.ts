/**
 * Resident memory of `qingfeng serve`. Starts the server as a child process with a temp
 * QF_DATA_DIR and a free PORT, waits for /api/health, sends a few ordinary requests (sign-in,
 * lists, units, zones, OpenAPI document, console page), lets it idle ~10 s and reads the peak
 * resident set (VmHWM) and the current one (VmRSS) from /proc/<pid>/status.
 *   demo     first start on an empty data dir (serve seeds the demo county)   target <= 250 MB
 *   tongren  data dir pre-seeded with `seed --preset tongren` through the CLI  target <= 400 MB
 * Ceiling: a bare Node process that only loads fastify and listens, started the same way
 * (plain `node`), so the report shows qingfeng RSS / bare fastify RSS.
 *
 * What runs: `node dist/server/main.js` when that build exists; otherwise src/server is compiled
 * with `tsc -p tsconfig.build.json` into bench/out/build (git-ignored) and that is run with plain
 * node. The same demo run under `node --import tsx src/server/main.ts` is printed for comparison.
 * Env: BENCH_MEMORY_IDLE_SECONDS (default 10).
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  BENCH_PASSWORD,
  ROOT,
  cleanEnv,
  fmt,
  freePort,
  heading,
  login,
  makeTempDir,
  removeTempDir,
  report,
  runMain,
  runToEnd,
  sleep,
  spawnChild,
  tsxArgs,
  waitForHttp,
} from './lib/common.js';

const IDLE_S = Number(process.env.BENCH_MEMORY_IDLE_SECONDS ?? 10);
const B = 'memory';
const MB = 1024 * 1024;

/** How to run the server's CLI. */
interface Runner {
  label: string;
  args(...cli: string[]): string[];
}

function status(pid: number): { hwm: number; rss: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN) * 1024;
  return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Resolves how to run compiled JS, building it if needed. */
async function compiledRunner(): Promise<Runner | null> {
  if (existsSync(join(ROOT, 'dist/server/main.js'))) {
    const age = newestMtime(join(ROOT, 'src/server')) - newestMtime(join(ROOT, 'dist/server'));
    if (age > 0)
      console.log(
        `note: dist/server is older than src/server by ${(age / 60_000).toFixed(0)} min (measuring it anyway; run npm run build to refresh)`,
      );
    return { label: 'node dist/server/main.js', args: (...cli) => ['dist/server/main.js', ...cli] };
  }
  const out = join(ROOT, 'bench/out/build');
  const main = join(out, 'server/main.js');
  // Reuse an earlier build when no source file changed since.
  if (existsSync(main) && statSync(main).mtimeMs > newestMtime(join(ROOT, 'src/server'))) {
    return {
      label: 'node bench/out/build/server/main.js (tsc build of src/server, cached)',
      args: (...cli) => [main, ...cli],
    };
  }
  rmSync(out, { recursive: true, force: true });
  console.log(
    'dist/server/main.js not found: compiling src/server with tsc -p tsconfig.build.json into bench/out/build …',
  );
  const tsc = await runToEnd(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(out, 'server')],
    {},
    300_000,
  );
  if (!existsSync(main)) {
    console.log(`tsc produced no main.js (exit ${tsc.code}):\n${tsc.output.slice(-3000)}`);
    return null;
  }
  if (tsc.code !== 0)
    console.log(
      `tsc reported errors (exit ${tsc.code}) but emitted JavaScript; measuring that:\n${tsc.output.slice(-1500)}`,
    );
  // Let the compiled server find the console bundle the way dist/server would (../console).
  if (existsSync(join(ROOT, 'dist/console/index.html'))) symlinkSync(join(ROOT, 'dist/console'), join(out, 'console'));
  console.log(`built in ${(tsc.ms / 1000).toFixed(1)} s`);
  return { label: 'node bench/out/build/server/main.js (tsc build of src/server)', args: (...cli) => [main, ...cli] };
}

const tsxRunner: Runner = {
  label: 'node --import tsx src/server/main.ts',
  args: (...cli) => tsxArgs('src/server/main.ts', ...cli),
};

const BARE = `
import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/api/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

interface Sample {
  peak: number;
  idle: number;
}

/** Starts `args`, waits for health, runs `traffic`, idles, samples, stops. */
async function measure(
  what: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  traffic: (base: string) => Promise<void>,
): Promise<Sample> {
  const port = await freePort();
  const child = spawnChild(process.execPath, args, cleanEnv({ ...env, PORT: String(port), HOST: '127.0.0.1' }));
  const base = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitForHttp(`${base}/api/health`, 180_000),
      child.exited.then((c) => {
        throw new Error(`${what} exited (${c}) before answering:\n${child.output().slice(-3000)}`);
      }),
    ]);
    await traffic(base);
    let maxRss = 0;
    const end = Date.now() + IDLE_S * 1000;
    while (Date.now() < end) {
      maxRss = Math.max(maxRss, status(child.pid).rss);
      await sleep(250);
    }
    const s = status(child.pid);
    console.log(
      `${what}: VmHWM ${fmt(s.hwm / MB)} MB, VmRSS after ${IDLE_S} s idle ${fmt(s.rss / MB)} MB (max sampled while idle ${fmt(maxRss / MB)} MB)`,
    );
    return { peak: s.hwm, idle: s.rss };
  } finally {
    await child.stop();
  }
}

async function appTraffic(base: string): Promise<void> {
  const { cookie } = await login(base, 'leader');
  for (const path of [
    '/api/auth/me',
    '/api/staff?pageSize=50',
    '/api/staff?page=2&pageSize=50&q=王',
    '/api/subjects?pageSize=50',
    '/api/units',
    '/api/zones',
    '/api/docs/json',
  ]) {
    const r = await fetch(`${base}${path}`, { headers: { cookie } });
    await r.arrayBuffer();
    if (r.status !== 200) console.log(`  (GET ${path} answered ${r.status})`);
  }
  const page = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
  await page.arrayBuffer();
}

runMain('memory.bench', async () => {
  heading(`memory: peak RSS (VmHWM) of serve after start, a few requests and ${IDLE_S} s idle`);
  const runner = (await compiledRunner()) ?? tsxRunner;
  console.log(`measuring: ${runner.label}`);

  const bare = await measure('bare fastify (node -e)', ['--input-type=module', '-e', BARE], {}, async (base) => {
    await (await fetch(`${base}/api/health`)).arrayBuffer();
  });
  const ceilPeak = { name: 'bare fastify VmHWM', value: bare.peak / MB };
  const ceilIdle = { name: 'bare fastify VmRSS', value: bare.idle / MB };
  report({ bench: B, name: 'bare fastify peak RSS (ceiling)', value: bare.peak / MB, unit: 'MB' });

  const env = { QF_DEMO_PASSWORD: BENCH_PASSWORD, LOG_LEVEL: 'info' };
  const demoDir = makeTempDir('mem-demo');
  const demo = await measure(
    `qingfeng demo (${runner.label})`,
    runner.args('serve'),
    { ...env, QF_DATA_DIR: demoDir },
    appTraffic,
  );
  removeTempDir(demoDir);
  report({
    bench: B,
    name: 'qingfeng serve, demo county: peak RSS',
    value: demo.peak / MB,
    unit: 'MB',
    target: { op: '<=', value: 250 },
    ceiling: ceilPeak,
    note: runner.label,
  });
  report({
    bench: B,
    name: 'qingfeng serve, demo county: RSS after idle (info)',
    value: demo.idle / MB,
    unit: 'MB',
    ceiling: ceilIdle,
  });

  const tongDir = makeTempDir('mem-tongren');
  const seed = await runToEnd(
    process.execPath,
    runner.args('seed', '--preset', 'tongren'),
    cleanEnv({ ...env, QF_DATA_DIR: tongDir }),
    300_000,
  );
  if (seed.code !== 0) throw new Error(`seed --preset tongren failed:\n${seed.output.slice(-3000)}`);
  console.log(seed.output.match(/seeded preset .*/)?.[0] ?? 'seeded');
  const tong = await measure(
    `qingfeng tongren (${runner.label})`,
    runner.args('serve'),
    { ...env, QF_DATA_DIR: tongDir },
    appTraffic,
  );
  removeTempDir(tongDir);
  report({
    bench: B,
    name: 'qingfeng serve, tongren preset: peak RSS',
    value: tong.peak / MB,
    unit: 'MB',
    target: { op: '<=', value: 400 },
    ceiling: ceilPeak,
    note: runner.label,
  });
  report({
    bench: B,
    name: 'qingfeng serve, tongren preset: RSS after idle (info)',
    value: tong.idle / MB,
    unit: 'MB',
    ceiling: ceilIdle,
  });

  if (runner !== tsxRunner) {
    const tsxDir = makeTempDir('mem-tsx');
    const viaTsx = await measure(
      `qingfeng demo (${tsxRunner.label})`,
      tsxRunner.args('serve'),
      { ...env, QF_DATA_DIR: tsxDir },
      appTraffic,
    );
    removeTempDir(tsxDir);
    report({
      bench: B,
      name: 'qingfeng serve under tsx, demo county: peak RSS (info)',
      value: viaTsx.peak / MB,
      unit: 'MB',
      ceiling: ceilPeak,
    });
  }
});
