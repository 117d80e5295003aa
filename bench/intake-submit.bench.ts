/**
 * Public intake: throughput and latency of POST /api/public/reports with durable commits (the
 * app's own SQLite: file in a temp folder, WAL; every answer waits for an fdatasync of the WAL,
 * done off the event loop — src/server/db/durability.ts), demo county seeded, rate
 * limits off. The server runs in a child process (`bench/lib/server-child.ts`), autocannon in
 * this process. Every request is a distinct valid report (varied subject and content; three in
 * four anonymous, one in four named with a phone; one in five a petition) about a real village
 * of the demo county.
 *   (a) throughput: 20 connections, as many requests as ~10 s at the warm-up rate (target
 *       >= 1,000 submissions/s);
 *   (b) latency: a fixed 500 req/s (autocannon overallRate) for 10 s, p99 (target <= 50 ms).
 * Ceiling, same run and process style: bare Fastify, POST /submit doing one INSERT of a row as
 * wide as a report into a WAL, synchronous=FULL SQLite file. Also: the app server's peak RSS
 * (VmHWM, target <= 400 MB), and rows in `reports` == 201 answers (a mismatch fails the bench).
 * Runs use autocannon's `amount`, so every request sent is answered before a run ends.
 * Env: BENCH_INTAKE_SECONDS (default 10), BENCH_INTAKE_CONNECTIONS (20), BENCH_INTAKE_RATE (500),
 * BENCH_INTAKE_PROFILE=1 (one more throughput run under --cpu-prof, summary printed),
 * BENCH_INTAKE_WORKER=1 (the app server also runs the job worker, as `serve` does: each submission's
 * handler notice is fanned out while the load runs; reports how many notice jobs were still
 * pending when the load stopped and how long the worker took to finish them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import autocannon from 'autocannon';
import { heading, makeTempDir, percentile, report, runMain } from './lib/common.js';
import { summarizeProfile } from './lib/profile.js';
import { type ServerChild, startServer } from './lib/server.js';

const SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_INTAKE_CONNECTIONS ?? 20);
const RATE = Number(process.env.BENCH_INTAKE_RATE ?? 500);
const WORKER = process.env.BENCH_INTAKE_WORKER === '1';
/** The job kind of the handlers' notice of a public submission (reports module). */
const NOTICE_JOB = 'reports.notify_handlers';
const WARMUP = 600;
const B = 'intake-submit';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const GIVEN = ['建国', '红梅', '志强', '秀英', '海涛', '丽娟', '永福', '春花', '国庆', '桂兰'];
const MATTERS = [
  '在低保评定中优亲厚友，把不符合条件的亲属纳入低保',
  '截留挪用惠农补贴资金，群众多次反映未得到答复',
  '村集体土地流转收益去向不明，账目不公开',
  '违规收受工程承包人礼金，并在验收中放宽标准',
  '利用职务便利为亲属承揽村内道路硬化工程',
  '公款吃喝，在村委会报销个人招待费用',
];

/** The i-th distinct, valid submission. */
function body(i: number, villages: string[]): string {
  const named = i % 4 === 3;
  const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i >> 2) % GIVEN.length]}${i}`;
  return JSON.stringify({
    regionCode: villages[i % villages.length],
    named,
    ...(i % 5 === 4 ? { kind: 'petition' } : {}),
    ...(named ? { reporter: { name: `举报人${i}`, phone: `138${String(i).padStart(8, '0')}` } } : {}),
    subject: { name, position: i % 3 === 0 ? '村党支部书记' : '村委会主任' },
    content: `第${i}件：${MATTERS[i % MATTERS.length]}。时间大约在${2024 + (i % 2)}年${1 + (i % 12)}月，涉及金额约${(i % 97) + 3}万元。`,
    ...(i % 2 === 0 ? { place: `村委会办公室（${i % 7}号）` } : {}),
  });
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  sent: number;
  answered: number;
  created: number;
  other: number;
  errors: number;
  seconds: number;
}

/** One autocannon run of `amount` distinct submissions (all answered before it resolves). */
async function load(
  url: string,
  path: string,
  next: () => string,
  opts: { amount: number; connections: number; overallRate?: number },
): Promise<Run> {
  const times: number[] = [];
  let created = 0;
  let other = 0;
  const inst = autocannon({
    url,
    connections: opts.connections,
    amount: opts.amount,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: next() }),
      },
    ],
  });
  let tLast = 0;
  inst.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    tLast = performance.now();
    times.push(ms);
    if (status === 201) created++;
    else other++;
  });
  const t0 = performance.now();
  const r = await inst;
  // autocannon reports `duration` in whole seconds, and with `amount` it resolves only on its next
  // one-second tick after the last answer: both round the run up by up to a second (a 3.1-s run
  // read as 4 s, 25 % low). The run lasts from the start to its last answer.
  const seconds = ((tLast || performance.now()) - t0) / 1000;
  return {
    rps: r.requests.total / seconds,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    sent: r.requests.sent,
    answered: r.requests.total,
    created,
    other,
    errors: r.errors + r.timeouts,
    seconds,
  };
}

function describe(label: string, r: Run): void {
  console.log(
    `${label}: ${r.answered} answered of ${r.sent} sent in ${r.seconds.toFixed(1)} s — ${r.created} × 201, ${r.other} other, ${r.errors} errors/timeouts; ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`,
  );
}

function status(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Warm-up, throughput run and fixed-rate run against one server. */
async function measure(server: ServerChild, path: string, villages: string[], label: string) {
  let i = 0;
  const next = () => body(i++, villages);
  const warm = await load(server.base, path, next, { amount: WARMUP, connections: CONNECTIONS });
  describe(`${label} warm-up`, warm);
  // Sized from a 2-second probe, so the run lasts about SECONDS and ends with every answer in.
  const probe = await load(server.base, path, next, {
    amount: Math.max(400, Math.round(warm.rps * 2)),
    connections: CONNECTIONS,
  });
  const amount = Math.max(2000, Math.round(probe.rps * SECONDS));
  const tp = await load(server.base, path, next, { amount, connections: CONNECTIONS });
  describe(`${label} throughput, ${CONNECTIONS} connections`, tp);
  const fixed = await load(server.base, path, next, {
    amount: RATE * SECONDS,
    connections: CONNECTIONS,
    overallRate: RATE,
  });
  describe(`${label} fixed ${RATE} req/s`, fixed);
  return { warm, probe, tp, fixed, sent: i };
}

/** Notice jobs by status, and notifications written, read from the app's SQLite file. */
function noticeJobs(file: string): { pending: number; done: number; failed: number; notifications: number } {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const by = db.prepare(`select status, count(*) as n from jobs where kind = ? group by status`).all(NOTICE_JOB) as {
      status: string;
      n: number;
    }[];
    const n = (s: string) => by.filter((r) => r.status === s).reduce((a, r) => a + r.n, 0);
    const notifications = (db.prepare('select count(*) as n from notifications').get() as { n: number }).n;
    return { pending: n('pending') + n('running'), done: n('done'), failed: n('failed'), notifications };
  } finally {
    db.close();
  }
}

function countRows(file: string, table: string): number {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

runMain('intake-submit.bench', async () => {
  heading(
    `public intake: POST /api/public/reports, durable SQLite (WAL synced before each answer), ${CONNECTIONS} connections; fixed rate ${RATE}/s`,
  );

  // Ceiling: bare Fastify + one durable INSERT per request.
  const bareDir = makeTempDir('intake-bare');
  const bare = await startServer({ mode: 'bare-insert', dataDir: bareDir });
  // The bare route does not validate the region; any code of the same width will do.
  const villagesForBare = ['411221100201'];
  let ceil;
  try {
    ceil = await measure(bare, '/submit', villagesForBare, 'ceiling (bare INSERT)');
  } finally {
    await bare.child.stop();
  }
  const bareRows = countRows(join(bareDir, 'bare.sqlite'), 'reports');
  const bareCreated = ceil.warm.created + ceil.probe.created + ceil.tp.created + ceil.fixed.created;
  console.log(`ceiling rows ${bareRows}, 201 answers ${bareCreated}`);

  // The app.
  const dir = makeTempDir('intake');
  const file = join(dir, 'qingfeng.sqlite');
  const app = await startServer({ mode: 'app', dataDir: dir, preset: 'demo', log: 'info', worker: WORKER });
  let villages: string[];
  let before: number;
  {
    const db = new SqliteDatabase(file, { readonly: true });
    villages = (
      db.prepare(`select code from regions where level = 'village' order by code limit 40`).all() as { code: string }[]
    ).map((r) => r.code);
    before = (db.prepare('select count(*) as n from reports').get() as { n: number }).n;
    db.close();
  }
  if (villages.length === 0) throw new Error('no village regions in the demo county');
  console.log(`demo county: ${villages.length} villages used (e.g. ${villages[0]}), ${before} reports before`);
  const rssStart = status(app.child.pid, 'VmRSS');
  let run;
  let hwm: number;
  let fanOut: { pendingAtEnd: number; drainSeconds: number; after: ReturnType<typeof noticeJobs> } | null = null;
  try {
    run = await measure(app, '/api/public/reports', villages, 'app');
    hwm = status(app.child.pid, 'VmHWM');
    if (WORKER) {
      // The worker keeps draining after the load stops: how far behind was it, and for how long?
      const t0 = performance.now();
      const pendingAtEnd = noticeJobs(file).pending;
      let after = noticeJobs(file);
      while (after.pending > 0 && performance.now() - t0 < 300_000) {
        await new Promise((r) => setTimeout(r, 250));
        after = noticeJobs(file);
      }
      fanOut = { pendingAtEnd, drainSeconds: (performance.now() - t0) / 1000, after };
    }
  } finally {
    await app.child.stop();
  }
  const rows = countRows(file, 'reports') - before;
  const created = run.warm.created + run.probe.created + run.tp.created + run.fixed.created;
  const non201 = run.warm.other + run.probe.other + run.tp.other + run.fixed.other;

  report({
    bench: B,
    name: 'POST /api/public/reports throughput (SQLite, durable)',
    value: run.tp.rps,
    unit: 'submissions/s',
    target: { op: '>=', value: 1000 },
    ceiling: { name: 'bare Fastify + 1 durable INSERT', value: ceil.tp.rps },
    note: run.tp.other || run.tp.errors ? `${run.tp.other} non-201, ${run.tp.errors} errors` : undefined,
  });
  report({
    bench: B,
    name: `POST /api/public/reports p99 at ${RATE} req/s`,
    value: run.fixed.p99,
    unit: 'ms',
    target: { op: '<=', value: 50 },
    ceiling: { name: `bare INSERT p99 at ${RATE} req/s`, value: ceil.fixed.p99 },
    note: `achieved ${run.fixed.rps.toFixed(0)} req/s`,
  });
  report({
    bench: B,
    name: `POST /api/public/reports p50 at ${RATE} req/s`,
    value: run.fixed.p50,
    unit: 'ms',
    ceiling: { name: `bare INSERT p50 at ${RATE} req/s`, value: ceil.fixed.p50 },
  });
  report({
    bench: B,
    name: 'POST /api/public/reports p99 at full throughput (info)',
    value: run.tp.p99,
    unit: 'ms',
    ceiling: { name: 'bare INSERT p99, full throughput', value: ceil.tp.p99 },
  });
  report({
    bench: B,
    name: 'app server peak RSS during submissions (VmHWM)',
    value: hwm,
    unit: 'MB',
    target: { op: '<=', value: 400 },
    note: `RSS before the runs ${rssStart.toFixed(0)} MB`,
  });
  if (fanOut) {
    report({
      bench: B,
      name: 'handler notices (worker running): jobs still pending when the load stopped (info)',
      value: fanOut.pendingAtEnd,
      unit: 'jobs',
      note: `of ${created} submissions; drained ${fanOut.drainSeconds.toFixed(1)} s later; ${fanOut.after.done} done, ${fanOut.after.failed} failed, ${fanOut.after.notifications} notifications`,
    });
  }
  const ok = rows === created && bareRows === bareCreated;
  report({
    bench: B,
    name: 'rows stored == 201 answers',
    value: rows,
    unit: 'rows',
    status: ok ? 'PASS' : 'MISS',
    note: `201 answers ${created}, other answers ${non201}; ceiling: ${bareRows} rows, ${bareCreated} × 201`,
  });
  if (!ok)
    throw new Error(`row count mismatch: ${rows} rows vs ${created} × 201 (ceiling ${bareRows} vs ${bareCreated})`);

  if (process.env.BENCH_INTAKE_PROFILE === '1') {
    heading('profile: one throughput run of the app under --cpu-prof');
    const pdir = makeTempDir('intake-prof');
    const profDir = makeTempDir('intake-prof-out');
    const p = await startServer({ mode: 'app', dataDir: pdir, preset: 'demo', log: 'info', profileDir: profDir });
    try {
      let i = 0;
      const next = () => body(i++, villages);
      describe('profiled', await load(p.base, '/api/public/reports', next, { amount: 4000, connections: CONNECTIONS }));
    } finally {
      await p.child.stop();
    }
    console.log(summarizeProfile(profDir, 30));
  }
});
