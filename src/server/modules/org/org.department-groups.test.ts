/**
 * Which dispatched group supervises a department (issue 16 §2): the seed's links, setting and
 * clearing one (audited), and the refusals with DEPARTMENT_GROUP_INVALID: a unit that is not a
 * dispatched group, an inactive group, a group of another county, a unit that is not a department.
 * Scope: NOT_FOUND outside the org.manage scope. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { unitOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

describe.each(testDialects())('department → dispatched group on $name', ({ name }) => {
  let env: TestEnv;
  let org: Client;
  const unitNamed = async (n: string) =>
    env.ctx().db.selectFrom('units').selectAll().where('name', '=', n).executeTakeFirstOrThrow();

  beforeAll(async () => {
    env = await startTestEnv(name);
    org = await env.as('orgadmin');
  });
  afterAll(async () => env?.close());

  it('the seed links 教育局 and 农业农村局 to their groups and leaves 民政局 unlinked; anyone reading units sees it', async () => {
    const edu = await unitNamed('县教育局');
    const agri = await unitNamed('县农业农村局');
    const civil = await unitNamed('县民政局');
    const leader = await env.as('leader');
    const a = await leader.get(`/api/units/${edu.id}/dispatched-group`);
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().group).toMatchObject({ name: '派驻县教育局纪检监察组', active: true });
    expect((await leader.get(`/api/units/${agri.id}/dispatched-group`)).json().group.name).toBe(
      '派驻县农业农村局纪检监察组',
    );
    expect((await leader.get(`/api/units/${civil.id}/dispatched-group`)).json().group).toBeNull();
  });

  it('sets and clears a link, audited in the same transaction; a 综合派驻 group may cover several departments', async () => {
    const civil = await unitNamed('县民政局');
    const health = await unitNamed('派驻县卫健委纪检监察组');
    const set = await org.put(`/api/units/${civil.id}/dispatched-group`, { groupUnitId: health.id });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().group).toMatchObject({ id: health.id, name: '派驻县卫健委纪检监察组' });
    // The same group for a second department.
    const edu = await unitNamed('县教育局');
    const before = (await org.get(`/api/units/${edu.id}/dispatched-group`)).json().group.id as string;
    expect((await org.put(`/api/units/${edu.id}/dispatched-group`, { groupUnitId: health.id })).statusCode).toBe(200);
    const rows = await env
      .ctx()
      .db.selectFrom('department_groups')
      .selectAll()
      .where('group_unit_id', '=', health.id)
      .execute();
    expect(rows.map((r) => r.department_unit_id).sort()).toEqual([civil.id, edu.id].sort());
    // Cleared, then put back.
    const cleared = await org.put(`/api/units/${civil.id}/dispatched-group`, { groupUnitId: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().group).toBeNull();
    expect((await org.put(`/api/units/${edu.id}/dispatched-group`, { groupUnitId: before })).statusCode).toBe(200);
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['action', 'changes'])
      .where('resource_id', '=', civil.id)
      .where('action', 'like', 'unit.dispatched_group%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['unit.dispatched_group_set', 'unit.dispatched_group_clear']);
    expect(JSON.stringify(audit[0]!.changes)).toContain(health.id);
  });

  it('refuses a non-group, an inactive group, a group of another county and a non-department with a code', async () => {
    const civil = await unitNamed('县民政局');
    const code = async (unitId: string, groupUnitId: string) => {
      const res = await org.put(`/api/units/${unitId}/dispatched-group`, { groupUnitId });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('DEPARTMENT_GROUP_INVALID');
      return res.json().error.details.reason as string;
    };
    // Not a dispatched group: the county commission's intake office, or another department.
    const intake = await unitNamed('信访室');
    expect(await code(civil.id, intake.id)).toBe('not_group');
    expect(await code(civil.id, (await unitNamed('县教育局')).id)).toBe('not_group');
    // An inactive group.
    const group = await unitNamed('派驻县卫健委纪检监察组');
    const off = await org.post('/api/units', {
      parentId: group.parent_id,
      kind: 'dispatched_group',
      name: '派驻县测试局纪检监察组',
      regionCode: group.region_code,
    });
    expect(off.statusCode, off.body).toBe(201);
    const offId = off.json().id as string;
    const deact = await org.patch(`/api/units/${offId}`, { active: false, version: off.json().version });
    expect(deact.statusCode, deact.body).toBe(200);
    expect(await code(civil.id, offId)).toBe('inactive');
    // A group of another county (a row the caller reads, seated elsewhere).
    const far = { ...group, id: newId(), name: '派驻外县教育局纪检监察组', county_code: '411222000000' };
    far.path = `${group.path.slice(0, group.path.length - group.id.length - 1)}${far.id}/`;
    await env.ctx().db.insertInto('units').values(far).execute();
    expect(await code(civil.id, far.id)).toBe('other_county');
    // A unit nobody of the caller's reads does not exist for them.
    expect(await code(civil.id, newId())).toBe('unknown_group');
    // Not a department: a township commission gets no dispatched group.
    const township = await unitOf(env, 'township1');
    expect(await code(township, group.id)).toBe('not_department');
    // Nothing written by the refusals.
    expect(
      await env
        .ctx()
        .db.selectFrom('department_groups')
        .select('group_unit_id')
        .where('department_unit_id', '=', civil.id)
        .execute(),
    ).toEqual([]);
    // Malformed: 400 VALIDATION_FAILED; outside scope: 404; without org.manage: 403.
    const bad = await org.put(`/api/units/${civil.id}/dispatched-group`, { groupUnitId: 'x' });
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const t1 = await env.as('township1');
    expect((await t1.put(`/api/units/${civil.id}/dispatched-group`, { groupUnitId: group.id })).statusCode).toBe(403);
  });
});
