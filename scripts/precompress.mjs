/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text asset of the built bundles
 * (dist/console, dist/public), once at build time at the highest levels, so the server sends
 * them as they are (@fastify/static `preCompressed`) instead of compressing on every request.
 * A copy that would not be smaller is not written (the server then sends the file itself).
 *
 * Usage: node scripts/precompress.mjs [dir…]   (default: dist/console dist/public)
 */
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Extensions of text assets worth compressing (fonts and images are compressed already). */
const TEXT = /\.(html|js|mjs|css|svg|json|txt|xml|webmanifest|map|ico)$/;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (TEXT.test(entry.name)) yield path;
  }
}

const dirs = process.argv.slice(2);
let before = 0;
let after = 0;
for (const dir of dirs.length ? dirs : ['dist/console', 'dist/public']) {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
  for (const path of files(dir)) {
    const raw = readFileSync(path);
    const br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    });
    const gz = gzipSync(raw, { level: 9 });
    for (const [ext, bytes] of [
      ['.br', br],
      ['.gz', gz],
    ]) {
      if (bytes.length < raw.length) writeFileSync(path + ext, bytes);
      else rmSync(path + ext, { force: true });
    }
    before += raw.length;
    after += Math.min(br.length, raw.length);
  }
}
console.log(`precompressed text assets: ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB (brotli)`);
