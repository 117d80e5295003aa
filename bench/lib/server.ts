import { type Child, cleanEnv, spawnChild, tsxArgs } from './common.js';

/** What the server child printed when it was ready. */
export interface ReadyInfo {
  port: number;
  seedMs?: number;
  staff?: number;
  subjects?: number;
  units?: number;
}

/** A running server child. */
export interface ServerChild {
  child: Child;
  info: ReadyInfo;
  base: string;
}

/** Options of `startServer`. */
export interface ServerOptions {
  mode: 'bare' | 'bare-insert' | 'app';
  dataDir?: string;
  dbUrl?: string;
  pgSchema?: string;
  preset?: 'demo' | 'tongren' | 'none';
  log?: 'info' | 'off';
  /** Run the child under `--cpu-prof` writing into this folder (diagnostics). */
  profileDir?: string;
  /** Also run the job worker in the server process, as `serve` does (app mode). */
  worker?: boolean;
}

/** Starts `bench/lib/server-child.ts` in its own process and waits until it listens. */
export async function startServer(o: ServerOptions): Promise<ServerChild> {
  const env = cleanEnv({
    BENCH_SERVER_MODE: o.mode,
    ...(o.dataDir ? { BENCH_DATA_DIR: o.dataDir } : {}),
    ...(o.dbUrl ? { BENCH_DB_URL: o.dbUrl } : {}),
    ...(o.pgSchema ? { BENCH_PG_SCHEMA: o.pgSchema } : {}),
    BENCH_PRESET: o.preset ?? 'demo',
    BENCH_LOG: o.log ?? 'info',
    ...(o.worker ? { BENCH_WORKER: '1' } : {}),
  });
  const prof = o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
  const child = spawnChild(process.execPath, [...prof, ...tsxArgs('bench/lib/server-child.ts')], env);
  const m = await child.waitForLine(/^BENCH_READY (.*)$/, 180_000);
  const info = JSON.parse(m[1]!) as ReadyInfo;
  return { child, info, base: `http://127.0.0.1:${info.port}` };
}
