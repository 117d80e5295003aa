/** Starting the real server CLI for the tests that need a process of its own (crash safety, first start). */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** A free local TCP port. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

/**
 * Starts the real CLI (`serve`) on SQLite in `dataDir` (a first start seeds the demo county), on
 * `port`, with the demo password fixed, rate limits off and the console not served.
 */
export function startServer(dataDir: string, port: number): ChildProcess {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', resolve('src/server/main.ts'), 'serve'], {
    env: {
      ...inherited,
      QF_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      QF_RATE_LIMITS: '0',
      QF_DEMO_PASSWORD: 'Crash-Test-Pass-2026',
      QF_SERVE_CONSOLE: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Waits until the server answers /api/health (90 s at most); throws if it exits first. */
export async function waitHealthy(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error('server exited during start-up');
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become healthy');
}
