import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { assignRole, invalidateAccessCache } from '../../src/server/modules/access/index.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../src/server/test/harness.js';
import { samplePng } from '../../src/server/test/sample-files.js';

/**
 * Every per-record decision that goes through the access-policy seam, route by route: a record
 * outside the caller's scope answers exactly what a missing one answers (404 NOT_FOUND naming the
 * same kind of record), the caller's own records still work, and the other answers (validation,
 * FORBIDDEN for the top of a tree) keep their codes. Township 1's secretary works against
 * township 2's records; for units, regions, zones and numbering they also get the organisation
 * officer's role limited to their own township.
 */

const T1_REGION = '411221100000'; // 城关镇
const T2_REGION = '411221200000'; // 果园乡
const COUNTY_REGION = '411221000000';
const MISSING_ID = '01a200a9-0000-7000-8000-000000000000';

/** Asserts a 404 NOT_FOUND that names `resource`. */
function notFound(res: LightMyRequestResponse, resource: string): void {
  expect(res.statusCode, res.body).toBe(404);
  expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', details: { resource } });
}

describe.each(testDialects())('the access-policy seam on $name', ({ name }) => {
  let env: TestEnv;
  let t1: Client;
  let t2: Client;
  const unit = async (kind: string, region: string) =>
    env
      .ctx()
      .db.selectFrom('units')
      .selectAll()
      .where('kind', '=', kind)
      .where('region_code', '=', region)
      .executeTakeFirstOrThrow();
  const villageOf = async (township: string) =>
    (
      await env
        .ctx()
        .db.selectFrom('regions')
        .select('code')
        .where('parent_code', '=', township)
        .where('level', '=', 'village')
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;

  beforeAll(async () => {
    env = await startTestEnv(name);
    const db = env.ctx().db;
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'township1')
      .executeTakeFirstOrThrow();
    const own = await unit('township_commission', T1_REGION);
    await assignRole(env.ctx(), {
      userId: user.id,
      roleKey: 'org_officer',
      scopeType: 'unit_subtree',
      scopeUnitId: own.id,
    });
    invalidateAccessCache();
    t1 = await env.as('township1');
    t2 = await env.as('township2');
  });
  afterAll(async () => env?.close());

  it('staff and subjects: reads, edits and the unit a person is put in', async () => {
    const [own1, own2] = [await unit('township_commission', T1_REGION), await unit('township_commission', T2_REGION)];
    const staff2 = (await t2.get('/api/staff?pageSize=1')).json().items[0];
    const staff1 = (await t1.get(`/api/staff?pageSize=1&unitId=${own1.id}`)).json().items[0];
    notFound(await t1.get(`/api/staff/${staff2.id}`), 'staff');
    notFound(await t1.patch(`/api/staff/${staff2.id}`, { name: '改名', version: staff2.version }), 'staff');
    notFound(await t1.post('/api/staff', { unitId: own2.id, name: '新人', position: '干事' }), 'unit');
    notFound(await t1.patch(`/api/staff/${staff1.id}`, { unitId: own2.id, version: staff1.version }), 'unit');
    // A stale version inside scope is still a conflict with the current version.
    const stale = await t1.patch(`/api/staff/${staff1.id}`, { name: '改名', version: staff1.version + 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details).toEqual({ currentVersion: staff1.version });
    const added = await t1.post('/api/staff', { unitId: own1.id, name: '新人', position: '干事' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ unitId: own1.id, unitName: own1.name });
    const read = await t1.get(`/api/staff/${added.json().id}`);
    expect(read.json()).toMatchObject({ unitName: own1.name });

    const subject2 = (await t2.get('/api/subjects?pageSize=1')).json().items[0];
    const subject1 = (await t1.get('/api/subjects?pageSize=1')).json().items[0];
    notFound(await t1.get(`/api/subjects/${subject2.id}`), 'subject');
    notFound(await t1.patch(`/api/subjects/${subject2.id}`, { name: '改名', version: subject2.version }), 'subject');
    notFound(
      await t1.patch(`/api/subjects/${subject1.id}`, { ownerUnitId: own2.id, version: subject1.version }),
      'unit',
    );
    const edited = await t1.patch(`/api/subjects/${subject1.id}`, { position: '村委委员', version: subject1.version });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ position: '村委委员', regionName: subject1.regionName });
  });

  it('units: edits, moves and new units under a parent, each inside the org.manage scope', async () => {
    const county = await unit('commission', COUNTY_REGION);
    const own1 = await unit('township_commission', T1_REGION);
    const own2 = await unit('township_commission', T2_REGION);
    const committee = await env
      .ctx()
      .db.selectFrom('units')
      .selectAll()
      .where('parent_id', '=', own1.id)
      .where('kind', '=', 'village_committee')
      .executeTakeFirstOrThrow();
    const add = (parentId: string | null) =>
      t1.post('/api/units', { parentId, kind: 'other', name: '测试单位', regionCode: T1_REGION });
    notFound(await add(county.id), 'unit');
    notFound(await add(own2.id), 'unit');
    const missing = await add(MISSING_ID);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'parentId' } });
    expect((await add(null)).json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'org.manage' } });
    const made = await add(own1.id);
    expect(made.statusCode, made.body).toBe(201);

    notFound(await t1.patch(`/api/units/${county.id}`, { name: '改名', version: county.version }), 'unit');
    notFound(await t1.patch(`/api/units/${MISSING_ID}`, { name: '改名', version: 1 }), 'unit');
    notFound(await t1.patch(`/api/units/${committee.id}`, { parentId: own2.id, version: committee.version }), 'unit');
    const orphan = await t1.patch(`/api/units/${committee.id}`, { parentId: null, version: committee.version });
    expect(orphan.json().error).toMatchObject({ code: 'FORBIDDEN' });
    const nowhere = await t1.patch(`/api/units/${committee.id}`, { parentId: MISSING_ID, version: committee.version });
    expect(nowhere.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'parentId' } });
    // The scope is checked before the version: a stale edit out of scope is a 404, not a 409.
    notFound(await t1.patch(`/api/units/${county.id}`, { name: '改名', version: county.version + 9 }), 'unit');
    const renamed = await t1.patch(`/api/units/${committee.id}`, { name: '改名的村委会', version: committee.version });
    expect(renamed.statusCode, renamed.body).toBe(200);
  });

  it('regions: additions and renames only in the regions the caller administers', async () => {
    const village1 = await villageOf(T1_REGION);
    notFound(await t1.patch(`/api/regions/${COUNTY_REGION}`, { name: '改名' }), 'region');
    notFound(await t1.patch(`/api/regions/${T2_REGION}`, { name: '改名' }), 'region');
    notFound(await t1.patch('/api/regions/411221999000', { name: '改名' }), 'region');
    expect((await t1.patch(`/api/regions/${village1}`, { name: '改名村' })).statusCode).toBe(200);
    notFound(await t1.post('/api/regions', { code: '411221200098', parentCode: T2_REGION, name: '外乡村' }), 'region');
    const top = await t1.post('/api/regions', { code: '419900000000', parentCode: null, name: '新市' });
    expect(top.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'org.manage' } });
    const orphan = await t1.post('/api/regions', { code: '411221300098', parentCode: '411221300000', name: '无上级' });
    expect(orphan.json().error).toMatchObject({ code: 'INVALID_REGION_CODE', details: { reason: 'parent missing' } });
    const ok = await t1.post('/api/regions', { code: '411221100098', parentCode: T1_REGION, name: '新建村' });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('zones, numbering patterns and QR posters', async () => {
    const county = await unit('commission', COUNTY_REGION);
    const own1 = await unit('township_commission', T1_REGION);
    const org = await env.as('orgadmin');
    const zone = (await org.get('/api/zones')).json().items[0];
    notFound(await t1.patch(`/api/zones/${zone.id}`, { version: zone.version }), 'zone');
    notFound(
      await t1.post(`/api/zones/${zone.id}/memberships`, { townshipCode: T1_REGION, effectiveFrom: '2026-12-01' }),
      'zone',
    );
    notFound(await t1.post('/api/zones', { commissionUnitId: county.id, ordinal: 9 }), 'unit');
    const mine = await t1.post('/api/zones', { commissionUnitId: own1.id, ordinal: 9 });
    expect(mine.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'commissionUnitId' } });

    const pattern = { pattern: '{abbr}信〔{year}〕{seq:4}号' };
    notFound(await t1.put(`/api/units/${county.id}/numbering-patterns/report`, pattern), 'unit');
    notFound(await t1.put(`/api/units/${MISSING_ID}/numbering-patterns/report`, pattern), 'unit');
    expect((await t1.put(`/api/units/${own1.id}/numbering-patterns/report`, pattern)).statusCode).toBe(200);

    notFound(await t1.get(`/api/regions/${COUNTY_REGION}/qr-posters.pdf`), 'region');
    notFound(await t1.get(`/api/regions/${T2_REGION}/qr-posters.pdf`), 'region');
    const posters = await t1.get(`/api/regions/${T1_REGION}/qr-posters.pdf`);
    expect(posters.statusCode).toBe(200);
    expect(posters.headers['content-type']).toContain('application/pdf');
  });

  it('reports and their files: reads, steps, forwarding and the subject linked', async () => {
    const village1 = await villageOf(T1_REGION);
    const submitted = await env.anon().post('/api/public/reports', {
      regionCode: village1,
      named: true,
      reporter: { name: '孙某', phone: '13700001111' },
      subject: { name: '周某', position: '村委会主任' },
      content: '村委会主任在修路工程中虚报工程量，套取资金。',
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const ledger = (await t1.get('/api/reports?q=周某')).json().items;
    const report = ledger[0];
    expect(report).toBeDefined();
    const png = samplePng(1);
    const file = await t1.upload(`/api/reports/${report.id}/attachments`, {}, { name: '来信.png', bytes: png });
    expect(file.statusCode, file.body).toBe(201);
    const fileId = file.json().id as string;
    expect((await t1.get(`/api/reports/${report.id}/attachments/${fileId}`)).statusCode).toBe(200);
    notFound(await t2.get(`/api/reports/${report.id}/attachments/${fileId}`), 'attachment');
    notFound(await t2.upload(`/api/reports/${report.id}/attachments`, {}, { name: 'a.png', bytes: png }), 'report');
    // Out of scope the file is never read: a request that is not even multipart still answers 404.

    notFound(await t2.get(`/api/reports/${report.id}`), 'report');
    notFound(await t2.get(`/api/reports/${report.id}/documents/visit_record.pdf`), 'report');
    notFound(
      await t2.post(`/api/reports/${report.id}/identity-reveal`, { reason: '核实举报人身份以便联系' }),
      'report',
    );
    notFound(await t2.post(`/api/reports/${report.id}/acceptance`, { version: report.version }), 'report');
    notFound(await t2.post(`/api/reports/${report.id}/replies`, { body: '收到', purpose: 'message' }), 'report');
    notFound(
      await t2.post(`/api/reports/${report.id}/deadline-extensions`, { kind: 'handle', reason: '经批准延期办理' }),
      'report',
    );
    notFound(await t2.post(`/api/reports/${report.id}/attachments`, {}), 'report');
    notFound(await t2.get(`/api/reports/${report.id}/attachments/${MISSING_ID}`), 'attachment');
    // Inside scope: a stale version is a conflict with the current one, and a step works.
    const stale = await t1.post(`/api/reports/${report.id}/acceptance`, { version: report.version + 3 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details).toEqual({ version: report.version });
    const own2 = await unit('township_commission', T2_REGION);
    notFound(
      await t1.post(`/api/reports/${report.id}/forwarding`, { version: report.version, toUnitId: own2.id }),
      'unit',
    );
    const read = await t1.get(`/api/reports/${report.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      regionCode: village1,
      ownerUnitName: expect.any(String),
      regionName: expect.any(String),
    });

    const subject2 = (await t2.get('/api/subjects?pageSize=1')).json().items[0];
    const registered = await t1.post('/api/reports', {
      channel: 'visit',
      kind: 'accusation',
      categories: [],
      regionCode: village1,
      subjectAuthority: 'village_cadre',
      subjectId: subject2.id,
      subject: { name: '占位' },
      content: '来访反映村干部优亲厚友，把不符合条件的亲属纳入低保。',
    });
    notFound(registered, 'subject');
  });
});
