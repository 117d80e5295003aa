import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { type TestEnv, startTestEnv } from '../test/harness.js';

// Engine-independent (HTTP server behaviour): runs in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('graceful shutdown', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv('sqlite', { seed: false });
  });
  afterAll(async () => env?.close());

  it('finishes an in-flight request before closing, and refuses new ones after', async () => {
    const app = await buildApp(env.config, {
      database: env.platform.database,
      masterKey: env.platform.masterKey,
      quiet: true,
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    app.get('/api/test/slow', { config: { access: { public: true } } }, async () => {
      await gate;
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const inFlight = fetch(`http://127.0.0.1:${port}/api/test/slow`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await new Promise((r) => setTimeout(r, 100));
    let closed = false;
    const closing = app.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false); // still waiting for the request
    const late = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(late).toBe('refused');
    release();
    expect(await inFlight).toEqual({ status: 200, body: { done: true } });
    await closing;
    expect(closed).toBe(true);
  });
});
