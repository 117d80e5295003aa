import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUnit } from '../modules/org/index.js';
import { ctxAs, makeReport, makeUnit, unitOf, villageOf } from './factories.js';
import { type TestEnv, startTestEnv, testDialects } from './harness.js';

describe.each(testDialects())('test factories on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  it('makes a report as a villager would, owned by the competent township, with its clocks', async () => {
    const { id, receipt } = await makeReport(env, await villageOf(env, 'township1'));
    expect(receipt).toMatch(/^\d{16}$/);
    const row = await env.ctx().db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.owner_unit_id).toBe(await unitOf(env, 'township1'));
    expect(row.status).toBe('received');
    expect(row.channel).toBe('qr');
  });

  // A unit that moves carries every scoped row under it (the tables the modules declare).
  it('makes units through the org module, and a moved unit takes its reports and clocks along', async () => {
    const a = await makeUnit(env, { name: '测试甲室' });
    const b = await makeUnit(env, { name: '测试乙室' });
    const township = await unitOf(env, 'township1');
    // A petition, accepted: its 60-day handling clock runs.
    const { id } = await makeReport(env, await villageOf(env, 'township1'), {
      kind: 'petition',
      subject: { name: '孙某' },
    });
    const version = (
      await env.ctx().db.selectFrom('reports').select('version').where('id', '=', id).executeTakeFirstOrThrow()
    ).version;
    const accepted = await (await env.as('township1')).post(`/api/reports/${id}/acceptance`, { version });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const before = await env
      .ctx()
      .db.selectFrom('units')
      .selectAll()
      .where('id', '=', township)
      .executeTakeFirstOrThrow();
    await updateUnit(await ctxAs(env, 'orgadmin'), township, { version: before.version, parentId: a.id });
    const moved = await env
      .ctx()
      .db.selectFrom('units')
      .select('path')
      .where('id', '=', township)
      .executeTakeFirstOrThrow();
    expect(moved.path.startsWith(a.path)).toBe(true);
    const report = await env
      .ctx()
      .db.selectFrom('reports')
      .select('owner_unit_path')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(report.owner_unit_path).toBe(moved.path);
    const clocks = await env
      .ctx()
      .db.selectFrom('deadlines')
      .select('owner_unit_path')
      .where('resource_id', '=', id)
      .execute();
    expect(clocks.length).toBeGreaterThan(0);
    expect(clocks.every((c) => c.owner_unit_path === moved.path)).toBe(true);
    expect(b.path).not.toBe(a.path);
  });
});
