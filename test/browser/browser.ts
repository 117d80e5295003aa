import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type Locator, chromium } from 'playwright-core';
import { type TestEnv, startTestEnv } from '../../src/server/test/harness.js';

/** Where browser tests leave their screenshots (looked at by people, kept as CI artefacts). */
export const SCREENSHOT_DIR = resolve('.test-results/screenshots');

/** Launches Debian's Chromium headless with the flags this machine needs. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync('/usr/bin/chromium'))
    throw new Error('/usr/bin/chromium is missing: run `npm test` (its pretest installs it)');
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Starts a seeded platform serving the built console on a free port. */
export async function startConsoleServer(): Promise<{ env: TestEnv; url: string }> {
  if (!existsSync(resolve('dist/console/index.html'))) {
    throw new Error('dist/console is not built: `npm test` builds it first (npm run build)');
  }
  const env = await startTestEnv('sqlite', { config: { serveConsole: true } });
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (env.app.server.address() as { port: number }).port;
  return { env, url: `http://127.0.0.1:${port}` };
}

/**
 * The text of an element once it is visible. Alerts exist hidden and empty before a response
 * arrives, so reading `innerText` straight after a click races the server.
 */
export async function visibleText(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return locator.innerText();
}
