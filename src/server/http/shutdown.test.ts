import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { type TestEnv, startTestEnv } from '../test/harness.js';
import { signal, waitFor } from '../test/wait.js';

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
    const gate = signal();
    const entered = signal();
    app.get('/api/test/slow', { config: { access: { public: true } } }, async () => {
      entered.fire();
      await gate.promise;
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const inFlight = fetch(`http://127.0.0.1:${port}/api/test/slow`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await entered.promise; // the request is in the handler
    let closed = false;
    const closing = app.close().then(() => {
      closed = true;
    });
    await waitFor('the server to stop listening', () => !app.server.listening);
    expect(closed).toBe(false); // still waiting for the request
    const late = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(late).toBe('refused');
    gate.fire();
    expect(await inFlight).toEqual({ status: 200, body: { done: true } });
    await closing;
    expect(closed).toBe(true);
  });
});
