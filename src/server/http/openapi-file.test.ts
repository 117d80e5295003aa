import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv } from '../test/harness.js';

const FILE = resolve('docs/openapi.json');

// The committed OpenAPI document must equal the one the routes generate (engine-independent:
// SQLite leg only). Regenerate with `npm run openapi`.
describe.skipIf(process.env.TEST_SQLITE === '0')('docs/openapi.json', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv('sqlite', { seed: false });
  });
  afterAll(async () => env?.close());

  it('is up to date with the route schemas', async () => {
    const res = await env.anon().get('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const generated = JSON.stringify(res.json(), null, 2) + '\n';
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(FILE, generated);
    expect(existsSync(FILE)).toBe(true);
    expect(readFileSync(FILE, 'utf8')).toBe(generated);
  });
});
