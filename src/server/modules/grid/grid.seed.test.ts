import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoGrid } from '../../seed/demo-grid.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

describe.each(testDialects())('the demo grid on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  it('seeds one outpost with two demo informants in township1’s first village', async () => {
    const p = env.platform;
    await seedDemoGrid(p.database.db, p.database.dialect, env.clock, p.masterKey);
    const t1 = await env.as('township1');
    const outposts = (await t1.get('/api/grid/outposts')).json().items;
    expect(outposts).toHaveLength(1);
    expect(outposts[0]).toMatchObject({ head: '演示站长', informantCount: 2 });
    const names = (await t1.get('/api/grid/informants')).json().items.map((i: { name: string }) => i.name);
    expect(names.sort()).toEqual(['演示监督员乙', '演示监督员甲'].sort());
  });
});
