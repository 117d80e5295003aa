/**
 * Generates the two API files that are not tracked in git (see .gitignore) but written where
 * they are needed: `npm run build`, `npm run check` and `npm test` (through its build) run
 * `npm run openapi`, which runs this script.
 *
 * - docs/openapi.json: the OpenAPI document the route schemas make, read from an application
 *   built as `serve` builds it (on a fresh in-memory SQLite database, in a temporary folder);
 * - web/console/src/api/schema.gen.ts: the console's API types generated from that document
 *   (scripts/api-types.ts).
 *
 * test/api/openapi-file.test.ts checks the document (valid OpenAPI 3, every registered route in
 * it); test/api/api-types.test.ts checks that the types generated from it compile and cover it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { openPlatform } from '../src/server/bootstrap.js';
import { loadConfig } from '../src/server/shared/config.js';
import { silentLogger } from '../src/server/shared/logger.js';
import { API_TYPES_FILE, OPENAPI_FILE, generateApiTypes } from './api-types.js';

/**
 * Builds the application on a fresh in-memory SQLite database in a temporary folder (no seed,
 * no console bundle), runs `use` on it and removes everything again.
 */
export async function withApp<T>(use: (app: FastifyInstance) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'qf-openapi-'));
  try {
    const config = {
      ...loadConfig({}),
      dataDir: dir,
      masterKeyFile: join(dir, 'master.key'),
      auditAnchorFile: join(dir, 'audit-anchors.log'),
      databaseUrl: ':memory:',
      rateLimits: false,
      serveConsole: false,
    };
    const platform = await openPlatform(config);
    try {
      const app = await buildApp(config, {
        database: platform.database,
        masterKey: platform.masterKey,
        logger: silentLogger(),
      });
      try {
        await app.ready();
        return await use(app);
      } finally {
        await app.close();
      }
    } finally {
      await platform.database.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The OpenAPI document an application serves at /api/docs/json, as it serves it. */
export async function servedDocument(app: FastifyInstance): Promise<unknown> {
  const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
  if (res.statusCode !== 200) throw new Error(`GET /api/docs/json answered ${res.statusCode}`);
  return res.json();
}

/** The text docs/openapi.json gets: the served document, indented by two spaces. */
export function documentText(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const doc = await withApp(servedDocument);
  writeFileSync(OPENAPI_FILE, documentText(doc));
  console.log(`wrote ${OPENAPI_FILE}`);
  writeFileSync(API_TYPES_FILE, await generateApiTypes(doc));
  console.log(`wrote ${API_TYPES_FILE}`);
}
