import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServer, waitHealthy } from './serve.js';

/**
 * Crash safety of public intake: the server is killed with SIGKILL while clients keep
 * submitting; after a restart on the same data directory every receipt a client received is
 * found. Runs the real CLI (`serve`) on SQLite with synchronous=FULL.
 *
 * SQLite only: with PostgreSQL the committed rows live in the database server, which this test
 * does not kill; killing the application process there tests nothing the SQLite leg does not.
 */

describe.skipIf(process.env.TEST_SQLITE === '0')('intake crash safety (SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qf-crash-'));
  let child: ChildProcess | null = null;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds every receipt a client received after the server was killed mid-stream', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = startServer(dataDir, port);
    child.stdout?.resume();
    child.stderr?.resume();
    await waitHealthy(base, child);

    const regionCode = '411221000000';
    const received: string[] = [];
    let sent = 0;
    let failed = 0;
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        sent++;
        try {
          const res = await fetch(`${base}/api/public/reports`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              regionCode,
              named: i % 3 === 0,
              ...(i % 3 === 0
                ? {
                    reporter: {
                      name: '崩溃测试',
                      phone: `1390000${String(w).padStart(2, '0')}${String(i % 100).padStart(2, '0')}`,
                    },
                  }
                : {}),
              subject: { name: `对象${w}-${i}` },
              content: `崩溃测试第 ${w}-${i} 件：反映问题的具体内容。`,
            }),
          });
          if (res.status === 201) received.push(((await res.json()) as { receipt: string }).receipt);
          else failed++;
        } catch {
          failed++; // the connection died with the server: the client got no receipt
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    // Let submissions run, then kill the server without warning while they are in flight.
    while (received.length < 150) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    stop = true;
    await Promise.all(workers);
    expect(received.length).toBeGreaterThanOrEqual(150);
    expect(failed).toBeGreaterThan(0); // some requests really were cut off by the kill

    child = startServer(dataDir, port);
    child.stdout?.resume();
    child.stderr?.resume();
    await waitHealthy(base, child);
    const missing: string[] = [];
    for (const receipt of received) {
      const res = await fetch(`${base}/api/public/receipt-lookups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receipt }),
      });
      if (res.status !== 200) missing.push(`${receipt}: ${res.status}`);
    }
    expect(missing).toEqual([]);
    console.log(
      `crash test: ${sent} sent, ${received.length} receipts received, ${failed} cut off; all found after restart`,
    );
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    child = null;
  });
});
