/**
 * Vite build of the public pages for phones (web/public → dist/public), served under `/r/`.
 * Vanilla TypeScript without a framework: the report page must load fast on a weak phone
 * connection. Like the console, it runs under the server's strict CSP (`script-src 'self'`),
 * so nothing is inlined into index.html and nothing is fetched from a third-party origin.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/r/',
  // The console's favicon, one file for both bundles (served here as /r/favicon.svg).
  publicDir: path.resolve(here, '../console/public'),
  build: {
    outDir: path.resolve(here, '../../dist/public'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Keep every asset as a file: CSP allows data: images but not data: scripts or fonts.
    assetsInlineLimit: 0,
    // No modulepreload polyfill: it would be one more script, and there is one chunk anyway.
    modulePreload: false,
  },
  server: {
    host: '127.0.0.1',
    port: 5174,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
