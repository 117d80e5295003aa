/**
 * The 商用密码 suite's cost against the AES suite, in the same run (issue 17 §5/§6).
 *
 * 1. Primitives, in process: seal + open of a 64-byte identity, a keyed hash (receipt look-up),
 *    and an 8 MiB attachment written and read back through the blob store, each under `aes`
 *    (AES-256-GCM, HMAC-SHA-256; blob format 1) and `sm` (SM4-CTR + HMAC-SM3; blob format 2).
 * 2. Public intake: two installs built in this process on durable SQLite files, one per suite
 *    (demo county, rate limits off, logs to /dev/null), BENCH_SUITE_SUBMISSIONS (default 3,000)
 *    distinct submissions each, 20 at a time, sent in alternating batches of 500 so the machine's
 *    load falls on both alike. The ratio sm / aes is the figure; aes is the ceiling.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import pino from 'pino';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { openPlatform, type Platform } from '../src/server/bootstrap.js';
import { blobStoreFor } from '../src/server/modules/attachments/index.js';
import { DEMO_PRESET } from '../src/server/seed/presets.js';
import { applyPreset } from '../src/server/seed/seed.js';
import { type AppConfig, loadConfig } from '../src/server/shared/config.js';
import { type CryptoSuite, Keyring } from '../src/server/shared/crypto.js';
import { BENCH_PASSWORD, fmt, heading, makeTempDir, report, runMain } from './lib/common.js';

const N = Number(process.env.BENCH_SUITE_SUBMISSIONS ?? 3_000);
const BATCH = 500;
const CONCURRENCY = 20;

/** Operations per second of `fn` run `n` times. */
function rate(n: number, fn: (i: number) => void): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return n / ((performance.now() - t0) / 1000);
}

async function primitives(suite: CryptoSuite, dir: string): Promise<{ seal: number; mac: number; blob: number }> {
  const keyring = new Keyring(randomBytes(32), { suite, macSuite: suite });
  const identity = Buffer.from('张三丰 110101199003071234 13712345678 河南省某县某乡某村'.slice(0, 40));
  const sealed = keyring.seal(identity, 'reports.reporter_enc');
  rate(2_000, () => keyring.open(keyring.seal(identity, 'reports.reporter_enc'), 'reports.reporter_enc'));
  const seal = rate(50_000, () => keyring.open(keyring.seal(identity, 'reports.reporter_enc'), 'reports.reporter_enc'));
  if (!keyring.open(sealed, 'reports.reporter_enc').equals(identity)) throw new Error('round trip failed');
  const mac = rate(100_000, (i) => keyring.mac('receipt', `Q${i}`));
  const store = blobStoreFor(join(dir, `primitives-${suite}`));
  // A PNG signature so the sniffer accepts it; the rest is random.
  const bytes = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(8 * 1024 * 1024)]);
  const t0 = performance.now();
  const rounds = 5;
  for (let r = 0; r < rounds; r++) {
    const w = await store.write(Readable.from([bytes]), { keyring, context: 'report:x', maxBytes: 20 * 1024 * 1024 });
    const back = await store.readAll(w.blobId, w.keyEnc, { keyring, context: 'report:x' });
    if (back.length !== bytes.length) throw new Error('blob round trip failed');
  }
  const blob = (rounds * bytes.length) / (1024 * 1024) / ((performance.now() - t0) / 1000);
  return { seal, mac, blob };
}

interface Install {
  suite: CryptoSuite;
  platform: Platform;
  app: FastifyInstance;
  villages: string[];
  next: number;
  ms: number;
}

async function install(suite: CryptoSuite, dir: string): Promise<Install> {
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir: join(dir, suite),
    masterKeyFile: join(dir, suite, 'master.key'),
    auditAnchorFile: join(dir, suite, 'audit-anchors.log'),
    databaseUrl: `sqlite:${join(dir, suite, 'qingfeng.sqlite')}`,
    cryptoSuite: suite,
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
  return { suite, platform, app, villages: rows.map((r) => r.code), next: 0, ms: 0 };
}

/** Sends `count` distinct submissions (a quarter named: a sealed identity each) to `inst`, timing them. */
async function send(inst: Install, count: number, timed: boolean): Promise<void> {
  const end = inst.next + count;
  const t0 = performance.now();
  const lane = async () => {
    while (inst.next < end) {
      const i = inst.next++;
      const named = i % 4 === 3;
      const res = await inst.app.inject({
        method: 'POST',
        url: '/api/public/reports',
        payload: {
          regionCode: inst.villages[i % inst.villages.length],
          named,
          ...(named ? { reporter: { name: `举报人${i}`, phone: `138${String(i).padStart(8, '0')}` } } : {}),
          subject: { name: `测试对象${i}`, position: '村委会主任' },
          content: `第${i}件：截留挪用惠农补贴资金，群众多次反映未得到答复。`,
        },
      });
      if (res.statusCode !== 201) throw new Error(`submission (${inst.suite}): ${res.statusCode} ${res.body}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  if (timed) inst.ms += performance.now() - t0;
}

runMain('crypto-suite.bench', async () => {
  const dir = makeTempDir('crypto-suite');
  heading('crypto primitives: sm (SM4-CTR + HMAC-SM3, SM3) against aes (AES-256-GCM, SHA-256), same process');
  const aes = await primitives('aes', dir);
  const sm = await primitives('sm', dir);
  const figures = [
    ['seal + open of a 64-byte identity', 'op/s', 'seal'],
    ['keyed hash (receipt look-up)', 'op/s', 'mac'],
    ['attachment 8 MiB write + read (blob store)', 'MiB/s', 'blob'],
  ] as const;
  for (const [name, unit, key] of figures) {
    report({
      bench: 'crypto-suite',
      name: `sm ${name}`,
      value: sm[key],
      unit,
      ceiling: { name: `aes ${name}`, value: aes[key] },
    });
  }

  heading(
    `public intake per suite: ${fmt(N)} submissions each, ${CONCURRENCY} at a time, alternating batches of ${BATCH}`,
  );
  const installs = [await install('aes', dir), await install('sm', dir)] as const;
  for (const inst of installs) await send(inst, 300, false);
  for (let done = 0; done < N; done += BATCH)
    for (const inst of installs) await send(inst, Math.min(BATCH, N - done), true);
  const [a, s] = installs.map((inst) => (inst.next - 300) / (inst.ms / 1000));
  for (const inst of installs) {
    await inst.app.close();
    await inst.platform.database.close();
  }
  report({
    bench: 'crypto-suite',
    name: 'sm public intake rate',
    value: s!,
    unit: '/s',
    ceiling: { name: 'aes public intake rate', value: a! },
    note: 'a quarter of the submissions named (identity sealed); in process, durable SQLite',
  });
});
