/**
 * Vite build of the staff console (web/console → dist/console). The output must run under the
 * server's strict CSP (`script-src 'self'`), so nothing is inlined into index.html and nothing
 * is fetched from a third-party origin.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Vendor groups, so the app chunk stays small and caches well. React outranks antd: antd's group
 * would otherwise capture react-dom as one of its dependencies.
 */
const vendorGroups = [
  { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 40 },
  {
    name: 'vendor-antd',
    test: /node_modules[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component|@babel[\\/]runtime|dayjs)[\\/]/,
    priority: 30,
  },
  {
    name: 'vendor-react',
    test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|i18next|react-i18next)[\\/]/,
    priority: 35,
  },
  { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
];

export default defineConfig({
  root: here,
  base: '/',
  publicDir: path.resolve(here, 'public'),
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Keep every asset as a file: CSP allows data: images but not data: scripts or fonts.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  preview: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
