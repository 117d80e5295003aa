import { ESLint } from 'eslint';
import { sql } from 'kysely';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moduleBoundaries } from '../scripts/eslint-module-boundaries.mjs';
import { MODULES, jobDefinitions } from '../src/server/modules.js';
import { scopedTables } from '../src/server/shared/module.js';
import { type TestEnv, startTestEnv, testDialects } from '../src/server/test/harness.js';

/** Lints `code` as if it were the file `file` (repository-relative) with only the boundary rule. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: resolve('.'),
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: (await import('typescript-eslint')).parser },
        plugins: { qingfeng: { rules: { 'module-boundaries': moduleBoundaries } } },
        rules: { 'qingfeng/module-boundaries': 'error' },
      },
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: resolve(file) });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('module boundaries (eslint qingfeng/module-boundaries)', () => {
  it('refuses a deep import into another module and accepts its index', async () => {
    const deep = await boundaryErrors(
      'src/server/modules/clues/x.ts',
      "import { recordAudit } from '../audit/audit.service.js';\nexport const x = recordAudit;\n",
    );
    expect(deep).toEqual([expect.stringContaining('reaches inside the audit module')]);
    expect(
      await boundaryErrors(
        'src/server/modules/clues/x.ts',
        "import { recordAudit } from '../audit/index.js';\nexport const x = recordAudit;\n",
      ),
    ).toEqual([]);
  });

  it('lets a module reach its own files, and refuses deep imports from outside the modules too', async () => {
    expect(
      await boundaryErrors(
        'src/server/modules/reports/x.ts',
        "export { addReportEvent } from './reports.service.js';\n",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors('src/server/app.ts', "export { recordAudit } from './modules/audit/audit.service.js';\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'test/x.test.ts',
        "export { listReports } from '../src/server/modules/reports/reports.ledger.js';\n",
      ),
    ).toHaveLength(1);
  });

  it('refuses a module importing the composition root', async () => {
    expect(
      await boundaryErrors('src/server/modules/clues/x.ts', "export { MODULES } from '../../modules.js';\n"),
    ).toEqual([expect.stringContaining('composition root')]);
  });
});

describe('module definitions', () => {
  it('name each module folder once and declare each job kind once', () => {
    const names = MODULES.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(jobDefinitions().map((j) => j.kind)).toEqual(
      expect.arrayContaining(['deadlines.remind', 'attachments.sweep_orphans', 'system.purge_sessions']),
    );
  });
});

describe.each(testDialects())('scoped tables on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name, { seed: false });
  });
  afterAll(async () => env?.close());

  // A table whose rows carry an owner path but that no module declares would keep its rows under
  // the old parent when a unit moves: every such table of the real schema must be declared.
  it('are exactly the tables of the schema that carry owner_unit_path', async () => {
    const db = env.ctx().db;
    let tables: string[];
    if (name === 'sqlite') {
      const { rows } = await sql<{ name: string }>`
        SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
        WHERE m.type = 'table' AND c.name = 'owner_unit_path'`.execute(db);
      tables = rows.map((r) => r.name);
    } else {
      const { rows } = await sql<{ table_name: string }>`
        SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t
          ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = 'owner_unit_path' AND t.table_type = 'BASE TABLE'`.execute(
        db,
      );
      tables = rows.map((r) => r.table_name);
    }
    expect(tables.length).toBeGreaterThan(3);
    expect([...scopedTables()].sort()).toEqual([...tables].sort());
  });
});
