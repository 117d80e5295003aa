/**
 * Routing through what a report is about (issue 16 §2: "'This is wrong' on any item … routed to
 * the township commission (or the department's dispatched group)"): a report about a department's
 * published item, on the department's staff, goes to the department's dispatched group; without
 * the link (or with the group deactivated) to the county commission as before; on a village cadre
 * to the village's township commission; on a commission's leader one level up as always. The item
 * page names the group. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitOf, villageOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

const COUNTY = '411221000000';

describe.each(testDialects())('reports about a QR item routed by the department on $name', ({ name }) => {
  let env: TestEnv;
  let org: Client;
  let itemId: string;
  let village: string;
  let groupId: string;
  let deptId: string;
  let countyUnit: string;
  let townshipUnit: string;
  let n = 0;

  /** Submits a report about the item with the reporter's answers; returns the stored row. */
  const report = async (answers: Record<string, unknown>) => {
    const content = `这项资金没有按公示发到村里，第${++n}次反映，请核查。`;
    const res = await env.anon().post('/api/public/reports', {
      regionCode: village,
      named: false,
      subject: { name: '王某' },
      content,
      about: { kind: 'qr_item', id: itemId },
      ...answers,
    });
    expect(res.statusCode, res.body).toBe(201);
    return env
      .ctx()
      .db.selectFrom('reports')
      .select(['id', 'owner_unit_id', 'in_ledger', 'subject_authority', 'about_id', 'county_code'])
      .where('content', '=', content)
      .executeTakeFirstOrThrow();
  };

  beforeAll(async () => {
    env = await startTestEnv(name);
    org = await env.as('orgadmin');
    village = await villageOf(env, 'township1');
    townshipUnit = await unitOf(env, 'township1');
    deptId = await unitOf(env, 'dept1');
    const db = env.ctx().db;
    groupId = (
      await db
        .selectFrom('units')
        .select('id')
        .where('name', '=', '派驻县农业农村局纪检监察组')
        .executeTakeFirstOrThrow()
    ).id;
    countyUnit = (
      await db
        .selectFrom('units')
        .select('id')
        .where('kind', '=', 'commission')
        .where('region_code', '=', COUNTY)
        .executeTakeFirstOrThrow()
    ).id;
    const dept = await env.as('dept1');
    const created = await dept.post('/api/qr-items', {
      kind: 'fund',
      title: '2026年高标准农田建设资金',
      year: 2026,
      summary: '用于高标准农田建设',
      budget: 30_000_000,
      allocations: [{ regionCode: village, amount: 3_000_000 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    itemId = created.json().id as string;
    expect((await dept.post(`/api/qr-items/${itemId}/publication`, {})).statusCode).toBe(200);
  });
  afterAll(async () => env?.close());

  it('the item page names the dispatched group; a report on the department staff lands with it', async () => {
    const page = await env.anon().get(`/api/public/qr-items/${itemId}`);
    expect(page.json().dispatchedGroupName).toBe('派驻县农业农村局纪检监察组');
    // The phone form always answers the leader question ("no" by default).
    const r = await report({ subjectRole: 'county_department', commissionLeader: 'no' });
    expect(r.owner_unit_id).toBe(groupId);
    expect(r.in_ledger).toBe(1);
    expect(r.subject_authority).toBe('county_managed');
    expect(r.about_id).toBe(itemId);
    expect(r.county_code).toBe(COUNTY);
    // The group's officers see it in their ledger as any report; the officer's page names the owner.
    const detail = await (await env.as('leader')).get(`/api/reports/${r.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(JSON.stringify(detail.json())).toContain('派驻县农业农村局纪检监察组');
  });

  it('every other answer routes as before: village cadre → township commission, a leader one level up, none → by region', async () => {
    expect((await report({ subjectRole: 'village_cadre' })).owner_unit_id).toBe(townshipUnit);
    expect((await report({ subjectRole: 'township_cadre' })).owner_unit_id).toBe(countyUnit);
    expect(
      (await report({ subjectRole: 'county_department', commissionLeader: 'township_commission' })).owner_unit_id,
    ).toBe(countyUnit);
    expect((await report({})).owner_unit_id).toBe(townshipUnit);
  });

  it('without the link, or with the group deactivated, a report on the department staff goes to the county commission', async () => {
    const cleared = await org.put(`/api/units/${deptId}/dispatched-group`, { groupUnitId: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect((await env.anon().get(`/api/public/qr-items/${itemId}`)).json().dispatchedGroupName).toBeNull();
    expect((await report({ subjectRole: 'county_department' })).owner_unit_id).toBe(countyUnit);
    // Linked again, then the group deactivated: never routed to an inactive unit.
    expect((await org.put(`/api/units/${deptId}/dispatched-group`, { groupUnitId: groupId })).statusCode).toBe(200);
    expect((await report({ subjectRole: 'county_department' })).owner_unit_id).toBe(groupId);
    const g = (await org.get(`/api/units/${groupId}`)).json();
    expect((await org.patch(`/api/units/${groupId}`, { active: false, version: g.version })).statusCode).toBe(200);
    expect((await report({ subjectRole: 'county_department' })).owner_unit_id).toBe(countyUnit);
    expect((await env.anon().get(`/api/public/qr-items/${itemId}`)).json().dispatchedGroupName).toBeNull();
  });
});
