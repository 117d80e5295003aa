import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../../src/server/test/harness.js';

/**
 * The built bundles as the server sends them (run `npm run build` first): every text asset
 * precompressed (brotli preferred, gzip otherwise, identity when neither is accepted), hashed
 * assets cached a year as immutable, pages revalidated on every load, and one favicon for both
 * the console and the phone pages.
 */

const DIST = join(import.meta.dirname, '../../dist');
const assetsOf = (bundle: string, ext: string) =>
  readdirSync(join(DIST, bundle, 'assets')).filter((f) => f.endsWith(ext));
/** Assets above 1 KB (a few bytes of re-export compress to more than they are, and go out as they are). */
const sizeable = (bundle: string, ext: string) =>
  assetsOf(bundle, ext).filter((f) => readFileSync(join(DIST, bundle, 'assets', f)).length > 1024);

describe.each(testDialects())('static bundles on $name', ({ name }) => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv(name, { seed: false, config: { serveConsole: true } });
  });
  afterAll(async () => {
    await env?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => env.app.inject({ method: 'GET', url, headers });

  it('sends brotli, gzip or the file itself by Accept-Encoding, each decoding to the built file', async () => {
    const js = sizeable('console', '.js')[0]!;
    const raw = readFileSync(join(DIST, 'console/assets', js));
    const br = await get(`/assets/${js}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).equals(raw)).toBe(true);
    expect(br.rawPayload.length).toBeLessThan(raw.length / 2);

    const gz = await get(`/assets/${js}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(raw)).toBe(true);

    const plain = await get(`/assets/${js}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(raw)).toBe(true);
  });

  it('compresses every text asset of both bundles: HTML, JS, CSS and SVG', async () => {
    const urls = [
      ...sizeable('console', '.js').map((f) => `/assets/${f}`),
      ...sizeable('console', '.css').map((f) => `/assets/${f}`),
      ...sizeable('public', '.js').map((f) => `/r/assets/${f}`),
      ...sizeable('public', '.css').map((f) => `/r/assets/${f}`),
      '/favicon.svg',
      '/r/favicon.svg',
    ];
    for (const url of urls) {
      const res = await get(url, { 'accept-encoding': 'br, gzip' });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('br');
    }
    for (const url of ['/', '/reports', '/r/411221100201', '/r/receipt']) {
      const res = await get(url, { accept: 'text/html', 'accept-encoding': 'gzip, br' });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toContain('<!doctype html>');
    }
  });

  it('caches hashed assets a year as immutable and revalidates the pages', async () => {
    for (const url of [
      `/assets/${assetsOf('console', '.js')[0]!}`,
      `/r/assets/${assetsOf('public', '.js')[0]!}`,
      `/r/assets/${assetsOf('public', '.css')[0]!}`,
    ]) {
      for (const enc of ['br', 'gzip', 'identity']) {
        const res = await get(url, { 'accept-encoding': enc });
        expect(res.headers['cache-control'], `${url} ${enc}`).toBe('public, max-age=31536000, immutable');
      }
    }
    for (const url of ['/', '/cases/1', '/r/411221100201', '/r/receipt']) {
      for (const enc of ['br', 'identity']) {
        const res = await get(url, { accept: 'text/html', 'accept-encoding': enc });
        expect(res.headers['cache-control'], `${url} ${enc}`).toBe('no-cache');
      }
    }
    // API answers stay uncached.
    const api = await get('/api/health');
    expect(api.headers['cache-control']).toBe('no-store');
  });

  it('serves one favicon for the console and the phone pages, linked from both pages', async () => {
    const svg = readFileSync(join(import.meta.dirname, '../../web/console/public/favicon.svg'));
    for (const url of ['/favicon.svg', '/r/favicon.svg']) {
      const res = await get(url, { 'accept-encoding': 'identity' });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/image\/svg\+xml/);
      expect(res.rawPayload.equals(svg), url).toBe(true);
    }
    const console = await get('/', { accept: 'text/html', 'accept-encoding': 'identity' });
    expect(console.body).toContain('href="/favicon.svg"');
    const phone = await get('/r/receipt', { accept: 'text/html', 'accept-encoding': 'identity' });
    expect(phone.body).toContain('href="/r/favicon.svg"');
  });
});
