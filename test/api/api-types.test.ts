import { resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/api-types.js';
import { servedDocument, withApp } from '../../scripts/openapi.js';

/**
 * web/console/src/api/schema.gen.ts is not tracked: `npm run openapi` generates it from the
 * OpenAPI document of the route schemas. These tests generate it afresh (in memory, the file on
 * disk is not read) and check that it compiles under the project's compiler options together with
 * the console's `api/types.ts`, which names the types the pages use, and that its `paths` hold
 * every operation of the document. No file is written.
 *
 * SQLite leg only: the document comes from the route schemas, not from the database.
 */

interface OpenApiDoc {
  paths: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const CONSOLE_TYPES = resolve('web/console/src/api/types.ts');
const PROBE = resolve('web/console/src/api/__probe__.ts');

/** The project's compiler options (tsconfig.json), without emitting. */
function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(resolve('tsconfig.json'), (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, resolve('.'));
  return { ...parsed.options, noEmit: true };
}

/**
 * Type-checks the console's api/types.ts and `probe` (a module beside it) against `generated`
 * standing in for schema.gen.ts; returns the diagnostics as `file:line message`.
 */
function typeCheck(generated: string, probe: string): string[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const overrides = new Map([
    [API_TYPES_FILE, generated],
    [PROBE, probe],
  ]);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => overrides.get(resolve(f)) ?? readFile(f);
  host.fileExists = (f) => overrides.has(resolve(f)) || fileExists(f);
  host.getSourceFile = (f, language, onError, create) => {
    const text = overrides.get(resolve(f));
    return text === undefined ? getSourceFile(f, language, onError, create) : ts.createSourceFile(f, text, language);
  };
  const program = ts.createProgram([CONSOLE_TYPES, PROBE], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** `METHOD /path` of every operation the generated `paths` interface gives a type (not `never`). */
function typedRoutes(generated: string): string[] {
  const file = ts.createSourceFile('schema.gen.ts', generated, ts.ScriptTarget.ES2022);
  const paths = file.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'paths',
  );
  const out: string[] = [];
  for (const member of paths?.members ?? []) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeLiteralNode(member.type)) continue;
    const path = (member.name as ts.StringLiteral).text;
    for (const op of member.type.members) {
      const method = op.name && ts.isIdentifier(op.name) ? op.name.text : '';
      if (!METHODS.includes(method) || !ts.isPropertySignature(op)) continue;
      if (op.type?.kind !== ts.SyntaxKind.NeverKeyword) out.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return out.sort();
}

describe.skipIf(process.env.TEST_SQLITE === '0')('the generated web/console/src/api/schema.gen.ts', () => {
  let doc: OpenApiDoc;
  let generated: string;

  beforeAll(async () => {
    doc = (await withApp(servedDocument)) as OpenApiDoc;
    generated = await generateApiTypes(doc);
  }, 60_000);

  it('types every operation of the OpenAPI document, and no other', () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((m) => METHODS.includes(m))
          .map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();
    expect(documented.length).toBeGreaterThan(40);
    expect(typedRoutes(generated)).toEqual(documented);
  });

  it('compiles with the console types that name its parts', () => {
    const probe = [
      "import type { ResponseOf } from './types.js';",
      "export const health: ResponseOf<'/api/health', 'get'>['status'] = 'ok';",
    ].join('\n');
    expect(typeCheck(generated, probe)).toEqual([]);
  }, 120_000);

  it('is what the compiler checks: a route it lacks or a wrong field fails', () => {
    const probe = [
      "import type { ApiPath, ResponseOf } from './types.js';",
      "export const missing: ApiPath = '/api/no-such-route';",
      "export const health: ResponseOf<'/api/health', 'get'>['status'] = 'down';",
    ].join('\n');
    const errors = typeCheck(generated, probe);
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e.startsWith(PROBE))).toBe(true);
  }, 120_000);
});
