import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../../src/server/test/harness.js';

/**
 * The OpenAPI document is public, complete and described: every operation has a summary and
 * every field of every request, response, query and path parameter carries a description.
 */

interface Schema {
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema | Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  patternProperties?: Record<string, Schema>;
}

interface Parameter {
  name: string;
  in: string;
  description?: string;
  schema?: Schema;
}

interface Operation {
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Appends to `out` the path of every property (recursively) that lacks a non-empty description. */
function undescribed(schema: Schema | undefined, at: string, out: string[]): void {
  if (!schema || typeof schema !== 'object') return;
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    if (typeof prop.description !== 'string' || prop.description.trim() === '') out.push(`${at}.${name}`);
    undescribed(prop, `${at}.${name}`, out);
  }
  for (const [pattern, prop] of Object.entries(schema.patternProperties ?? {}))
    undescribed(prop, `${at}[${pattern}]`, out);
  if (typeof schema.additionalProperties === 'object') undescribed(schema.additionalProperties, `${at}[*]`, out);
  const items = Array.isArray(schema.items) ? schema.items : schema.items ? [schema.items] : [];
  for (const item of items) undescribed(item, `${at}[]`, out);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const [i, sub] of (schema[key] ?? []).entries()) undescribed(sub, `${at}<${key}${i}>`, out);
  }
}

function operations(doc: OpenApiDoc): [string, Operation][] {
  const out: [string, Operation][] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (METHODS.includes(method)) out.push([`${method.toUpperCase()} ${path}`, op]);
    }
  }
  return out;
}

describe.each(testDialects())('OpenAPI document on $name', ({ name }) => {
  let env: TestEnv;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    env = await startTestEnv(name, { seed: false });
    const res = await env.anon().get('/api/docs/json');
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => env?.close());

  it('is public JSON in OpenAPI 3 form, listing the API routes', async () => {
    const res = await env.anon().get('/api/docs/json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBeTruthy();
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(40);
    for (const [op] of ops) expect(op).toMatch(/^[A-Z]+ \/api\//);
    expect(ops.map(([op]) => op)).toEqual(expect.arrayContaining(['GET /api/health', 'POST /api/auth/login']));
  });

  it('gives every operation a summary', () => {
    const missing = operations(doc)
      .filter(([, op]) => typeof op.summary !== 'string' || op.summary.trim() === '')
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('describes every path and query parameter', () => {
    const missing: string[] = [];
    for (const [key, op] of operations(doc)) {
      for (const p of op.parameters ?? []) {
        const desc = p.description ?? p.schema?.description;
        if (typeof desc !== 'string' || desc.trim() === '') missing.push(`${key} ${p.in}:${p.name}`);
        undescribed(p.schema, `${key} ${p.in}:${p.name}`, missing);
      }
    }
    expect(missing).toEqual([]);
  });

  it('describes every property of every request body, recursively', () => {
    const missing: string[] = [];
    for (const [key, op] of operations(doc)) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
        undescribed(media.schema, `${key} body(${type})`, missing);
    }
    expect(missing).toEqual([]);
  });

  it('describes every property of every response body, recursively', () => {
    const missing: string[] = [];
    for (const [key, op] of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (typeof response.description !== 'string' || response.description.trim() === '')
          missing.push(`${key} ${status}`);
        for (const [type, media] of Object.entries(response.content ?? {}))
          undescribed(media.schema, `${key} ${status}(${type})`, missing);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has a checker that notices a missing description deep down', () => {
    const missing: string[] = [];
    const schema: Schema = {
      properties: {
        a: { description: 'A', items: { properties: { b: { description: ' ' } } } },
        c: { description: 'C', anyOf: [{ properties: { d: {} } }, { description: 'null' }] },
      },
    };
    undescribed(schema, 'x', missing);
    expect(missing).toEqual(['x.a[].b', 'x.c<anyOf0>.d']);
  });

  it('serves the interactive documentation as HTML', async () => {
    for (const url of ['/api/docs', '/api/docs/']) {
      const res = await env.anon().get(url, { accept: 'text/html' });
      // The bare prefix may redirect to the slash form; either way the UI answers.
      const page = res.statusCode >= 300 && res.statusCode < 400 ? await env.anon().get(res.headers.location!) : res;
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toMatch(/swagger/i);
    }
  });
});
