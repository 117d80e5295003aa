import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/server/shared/errors.js';
import { type TestEnv, startTestEnv, testDialects } from '../../src/server/test/harness.js';

/** docs/errors.md lists exactly the codes of ERROR_CODES, with their HTTP status and message. */

const DOC = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/errors.md');

interface DocRow {
  code: string;
  status: number;
  message: string;
  when: string;
  section: string;
}

/** Parses the `| code | HTTP | meaning | when |` tables of docs/errors.md. */
function parseDoc(text: string): DocRow[] {
  const rows: DocRow[] = [];
  let section = '';
  for (const line of text.split('\n')) {
    const heading = /^##\s+(.*)$/.exec(line);
    if (heading) section = heading[1]!.trim();
    if (!line.startsWith('|')) continue;
    const cells = line
      .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
      .split('|')
      .map((c) => c.trim());
    if (cells[0] === 'code' || /^-+$/.test(cells[0]!.replace(/:/g, ''))) continue;
    const code = /^`?([A-Z][A-Z0-9_]*)`?$/.exec(cells[0]!)?.[1];
    if (!code) throw new Error(`unreadable row in docs/errors.md: ${line}`);
    rows.push({ code, status: Number(cells[1]), message: cells[2] ?? '', when: cells[3] ?? '', section });
  }
  return rows;
}

describe('docs/errors.md', () => {
  const rows = parseDoc(readFileSync(DOC, 'utf8'));
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];

  it('lists every code of ERROR_CODES', () => {
    const documented = new Set(rows.map((r) => r.code));
    expect(codes.filter((c) => !documented.has(c))).toEqual([]);
  });

  it('lists no code that ERROR_CODES does not have, and none twice', () => {
    expect(rows.map((r) => r.code).filter((c) => !(c in ERROR_CODES))).toEqual([]);
    const seen = new Set<string>();
    expect(rows.map((r) => r.code).filter((c) => (seen.has(c) ? true : (seen.add(c), false)))).toEqual([]);
  });

  it('gives each code its HTTP status, its Chinese message and when it happens', () => {
    for (const row of rows) {
      const spec = ERROR_CODES[row.code as ErrorCode];
      expect(row.status, row.code).toBe(spec.status);
      expect(row.message, row.code).toBe(spec.message);
      expect(row.when.length, row.code).toBeGreaterThan(10);
    }
  });

  it('keeps the order of the source, in its groups', () => {
    expect(rows.map((r) => r.code)).toEqual(codes.filter((c) => rows.some((r) => r.code === c)));
    const source = readFileSync(resolve(dirname(DOC), '../src/server/shared/errors.ts'), 'utf8');
    // Each `// group` comment of ERROR_CODES starts a new section of the page.
    const groups: string[][] = [];
    for (const line of source.slice(source.indexOf('export const ERROR_CODES')).split('\n')) {
      if (/^\s*\/\/ /.test(line)) groups.push([]);
      const code = /^\s*([A-Z][A-Z0-9_]*): \{/.exec(line)?.[1];
      if (code) groups.at(-1)?.push(code);
      if (/^\}/.test(line)) break;
    }
    const sections = groups.map((g) => [...new Set(g.map((c) => rows.find((r) => r.code === c)?.section))]);
    for (const [i, s] of sections.entries()) expect(s, `group ${i + 1} of ERROR_CODES`).toHaveLength(1);
    expect(new Set(sections.map((s) => s[0])).size).toBe(groups.length);
  });
});

describe.each(testDialects())('error bodies on $name', ({ name }) => {
  let env: TestEnv;
  afterAll(async () => env?.close());

  it('carry the documented status for the codes an anonymous client can provoke', async () => {
    env = await startTestEnv(name, { seed: false });
    const cases: [
      ErrorCode,
      () => Promise<{ statusCode: number; json(): { error: { code: string; message: string } } }>,
    ][] = [
      ['ROUTE_NOT_FOUND', () => env.anon().get('/api/nope')],
      ['UNAUTHENTICATED', () => env.anon().get('/api/auth/me')],
      ['VALIDATION_FAILED', () => env.anon().post('/api/auth/login', {})],
      ['INVALID_CREDENTIALS', () => env.anon().post('/api/auth/login', { username: 'nobody', password: 'x' })],
      [
        'MALFORMED_JSON',
        () =>
          env.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            headers: { 'content-type': 'application/json' },
            payload: '{"username":',
          }),
      ],
      [
        'UNSUPPORTED_MEDIA_TYPE',
        () =>
          env.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            headers: { 'content-type': 'application/xml' },
            payload: '<login/>',
          }),
      ],
    ];
    for (const [code, send] of cases) {
      const res = await send();
      expect(res.json().error.code, code).toBe(code);
      expect(res.statusCode, code).toBe(ERROR_CODES[code].status);
      expect(res.json().error.message, code).toBe(ERROR_CODES[code].message);
    }
  });
});
