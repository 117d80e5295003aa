/**
 * CPU per public submission, in process (issue 11: the search index's cost on the submission
 * path). The app is built in this process on a durable SQLite file (demo county, rate limits off,
 * requests logged to /dev/null as in production), 600 submissions warm it up, then
 * BENCH_CPU_SUBMISSIONS (default 6,000) distinct submissions (the intake bench's bodies) are
 * sent through `app.inject`, BENCH_CPU_CONCURRENCY (20) at a time, so they share group commits as
 * under load. Reports the process's CPU time (user + system, all threads, from
 * `process.cpuUsage`) per submission, and the in-process rate. CPU time moves far less than
 * wall-clock rates when the machine is shared, which is why the comparison of two commits is made
 * on it: run it alternately in both worktrees.
 */
import { join } from 'node:path';
import pino from 'pino';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.js';
import { openPlatform } from '../src/server/bootstrap.js';
import { DEMO_PRESET } from '../src/server/seed/presets.js';
import { applyPreset } from '../src/server/seed/seed.js';
import { type AppConfig, loadConfig } from '../src/server/shared/config.js';
import { BENCH_PASSWORD, fmt, heading, makeTempDir, report, runMain } from './lib/common.js';

const N = Number(process.env.BENCH_CPU_SUBMISSIONS ?? 6_000);
const CONCURRENCY = Number(process.env.BENCH_CPU_CONCURRENCY ?? 20);
const WARMUP = 600;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const GIVEN = ['建国', '红梅', '志强', '秀英', '海涛', '丽娟', '永福', '春花', '国庆', '桂兰'];

/** The i-th distinct, valid submission (as `intake-submit.bench.ts` sends them). */
function body(i: number, villages: string[]): Record<string, unknown> {
  const named = i % 4 === 3;
  return {
    regionCode: villages[i % villages.length],
    named,
    ...(i % 5 === 4 ? { kind: 'petition' } : {}),
    ...(named ? { reporter: { name: `举报人${i}`, phone: `138${String(i).padStart(8, '0')}` } } : {}),
    subject: { name: `${SURNAMES[i % 12]}${GIVEN[(i >> 2) % 10]}${i}`, position: '村委会主任' },
    content: `第${i}件：截留挪用惠农补贴资金，群众多次反映未得到答复。涉及金额约${(i % 97) + 3}万元。`,
  };
}

runMain('intake-cpu.bench', async () => {
  heading(`intake CPU per submission, in process: ${fmt(N)} submissions, ${CONCURRENCY} at a time`);
  const dir = makeTempDir('intake-cpu');
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir: dir,
    masterKeyFile: join(dir, 'master.key'),
    auditAnchorFile: join(dir, 'audit-anchors.log'),
    databaseUrl: `sqlite:${join(dir, 'qingfeng.sqlite')}`,
    rateLimits: false,
    serveConsole: false,
    logLevel: 'info',
  };
  const platform = await openPlatform(config);
  await applyPreset(platform.database, DEMO_PRESET, { password: BENCH_PASSWORD });
  const app = await buildApp(config, {
    database: platform.database,
    masterKey: platform.masterKey,
    quiet: false,
    logStream: pino.destination({ dest: '/dev/null', sync: true }) as unknown as NodeJS.WritableStream,
  });
  const { rows } = await sql<{
    code: string;
  }>`select code from regions where level = 'village' order by code limit 40`.execute(platform.database.db);
  const villages = rows.map((r) => r.code);
  let next = 0;
  const send = async (count: number) => {
    const end = next + count;
    const lane = async () => {
      while (next < end) {
        const res = await app.inject({ method: 'POST', url: '/api/public/reports', payload: body(next++, villages) });
        if (res.statusCode !== 201) throw new Error(`submission: ${res.statusCode} ${res.body}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  };
  await send(WARMUP);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await send(N);
  const cpu = process.cpuUsage(cpu0);
  const secs = (performance.now() - t0) / 1000;
  await app.close();
  await platform.database.close();
  report({
    bench: 'intake-cpu',
    name: 'CPU per public submission, in process (user + system)',
    value: (cpu.user + cpu.system) / 1000 / N,
    unit: 'ms',
    note: `user ${fmt(cpu.user / 1000 / N)} ms, system ${fmt(cpu.system / 1000 / N)} ms; in-process rate ${fmt(N / secs)}/s`,
  });
});
