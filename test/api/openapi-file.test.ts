import { BaseResolver, createConfig, lintDocument, makeDocumentFromString } from '@redocly/openapi-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/server/test/routes.js';
import { documentText, servedDocument, withApp } from '../../scripts/openapi.js';

/**
 * docs/openapi.json is not tracked: `npm run openapi` (scripts/openapi.ts) writes it wherever it
 * is needed. These tests check what that script writes: a valid OpenAPI 3 document (by the
 * structural rules of Redocly's linter, which openapi-typescript also runs) that lists every
 * route the application registers, and no other.
 *
 * SQLite leg only: the script builds the application on SQLite whatever the suite's engine, and
 * the document comes from the route schemas, not from the database.
 */

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The error-level problems Redocly's `minimal` rule set finds in a document's text. */
async function lintErrors(text: string): Promise<string[]> {
  const config = await createConfig({ extends: ['minimal'] });
  const document = makeDocumentFromString(text, '/openapi.json');
  const problems = await lintDocument({ document, config: config.styleguide, externalRefResolver: new BaseResolver() });
  return problems
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
}

/** `METHOD /path` of every operation of a document. */
function documentedRoutes(doc: OpenApiDoc): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
}

describe.skipIf(process.env.TEST_SQLITE === '0')('the generated docs/openapi.json', () => {
  let routes: string[];
  let text: string;

  beforeAll(async () => {
    [routes, text] = await withApp(async (app): Promise<[string[], string]> => [
      registeredRoutes(app.printRoutes({ commonPrefix: false })),
      documentText(await servedDocument(app)),
    ]);
  });

  it('is valid OpenAPI 3', async () => {
    const doc = JSON.parse(text) as OpenApiDoc;
    expect(doc.openapi).toMatch(/^3\./);
    expect(await lintErrors(text)).toEqual([]);
  });

  it('has a validator that finds a structural error', async () => {
    const broken = {
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: { '/x': { get: { parameters: [{ name: 'a' }], responses: { 200: { content: 'json' } } } } },
    };
    const errors = await lintErrors(JSON.stringify(broken));
    expect(errors.filter((e) => e.startsWith('struct:')).length).toBeGreaterThanOrEqual(3);
  });

  it('lists every route the application registers, and no other', () => {
    const documented = documentedRoutes(JSON.parse(text) as OpenApiDoc);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toContain('GET /api/health');
    expect(documented).toEqual(routes);
  });
});
