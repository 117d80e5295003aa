import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { SEALED_COLUMNS } from './sealed-inventory.js';

/**
 * The inventory of sealed columns against the migrated schema: a new `*_enc` (or `sealed`) column
 * that the inventory lacks would be left under the old key by `rekey`, so it fails here first.
 */
describe.each(testDialects())('sealed-column inventory on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name, { seed: false });
  });
  afterAll(async () => env?.close());

  it('lists exactly the sealed columns of the schema, each with its row key', async () => {
    // On PostgreSQL the introspection sees every schema of the test database: keep this test's own.
    const schema = env.config.pgSchema;
    const tables = (await env.platform.database.db.introspection.getTables()).filter(
      (t) => !schema || t.schema === schema,
    );
    const sealed = tables
      .flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`))
      .filter((c) => c.endsWith('_enc') || c.endsWith('.sealed'))
      .sort();
    expect(SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort()).toEqual(sealed);
    for (const c of SEALED_COLUMNS) {
      const table = tables.find((t) => t.name === c.table)!;
      expect(
        table.columns.some((col) => col.name === c.key),
        `${c.table}.${c.key}`,
      ).toBe(true);
      if (c.blob) expect(table.columns.some((col) => col.name === 'blob_id')).toBe(true);
    }
  });
});
