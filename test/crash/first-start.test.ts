import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SUBSIDY_PERSON } from '../../src/server/seed/demo-qr-supervision.js';
import { freePort, startServer, waitHealthy } from './serve.js';

/**
 * The README's first start, for real: `serve` on an empty data directory seeds the demo county and
 * prints one account per role and the demo village's page address; that village's public pages
 * answer with the demo data the README promises (published accounts, the department's items, the
 * subsidy look-up finding 张建国, the small-powers list).
 */
describe.skipIf(process.env.TEST_SQLITE === '0')('first start on an empty data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qf-first-'));
  let child: ChildProcess | null = null;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the accounts and the village pages, which show the demo data', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = startServer(dataDir, port);
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr?.resume();
    await waitHealthy(base, child);
    await expect.poll(() => out, { timeout: 30_000 }).toContain('村民扫码页');
    for (const account of ['township1', 'vclerk1', 'village1', 'dept1', 'sysadmin'])
      expect(out).toMatch(new RegExp(`^  ${account} `, 'm'));
    const code = /村民扫码页 \(village pages\): \/r\/(\d{12})/.exec(out)?.[1];
    expect(code, out).toBeDefined();

    const finance = (await (await fetch(`${base}/api/public/villages/${code}/disclosure`)).json()) as {
      publications: { kind: string }[];
    };
    expect(finance.publications.filter((p) => p.kind === 'finance').length).toBeGreaterThanOrEqual(3);
    const items = (await (await fetch(`${base}/api/public/villages/${code}/qr-items`)).json()) as { items: unknown[] };
    expect(items.items.length).toBeGreaterThanOrEqual(1);
    const lookup = await fetch(`${base}/api/public/subsidy-lookups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idNumber: DEMO_SUBSIDY_PERSON.idNumber, name: DEMO_SUBSIDY_PERSON.name }),
    });
    expect(lookup.status).toBe(200);
    expect(((await lookup.json()) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(1);
    const powers = await fetch(`${base}/api/public/micro-powers/${code}`);
    expect(powers.status).toBe(200);
  });
});
