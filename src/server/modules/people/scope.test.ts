import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

interface Page<T> {
  items: T[];
  total: number;
}
interface StaffItem {
  id: string;
  unitId: string;
  name: string;
}
interface SubjectItem {
  id: string;
  regionCode: string;
  ownerUnitId: string;
}

describe.each(testDialects())('data scope on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  async function townshipUnit(regionCode: string) {
    return env.platform.database.db
      .selectFrom('units')
      .selectAll()
      .where('kind', '=', 'township_commission')
      .where('region_code', '=', regionCode)
      .executeTakeFirstOrThrow();
  }

  it('limits a township secretary to the staff and subjects of their township, in SQL', async () => {
    const t1 = await env.as('township1');
    const staff = (await t1.get('/api/staff?pageSize=200')).json<Page<StaffItem>>();
    const own = await townshipUnit('411221100000'); // 城关镇
    const expected = await env.platform.database.db
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('owner_unit_path', 'like', `${own.path}%`)
      .executeTakeFirstOrThrow();
    expect(staff.total).toBe(Number(expected.n));
    expect(staff.total).toBeGreaterThan(5); // the commission's 5 members plus village committee heads
    const subjects = (await t1.get('/api/subjects?pageSize=200')).json<Page<SubjectItem>>();
    expect(subjects.total).toBeGreaterThan(0);
    expect(subjects.items.every((s) => s.ownerUnitId === own.id)).toBe(true);
  });

  it('answers 404 for a record outside scope, exactly like a missing one', async () => {
    const t1 = await env.as('township1');
    const t2 = await env.as('township2');
    const other = (await t2.get('/api/staff?pageSize=1')).json<Page<StaffItem>>().items[0]!;
    const res = await t1.get(`/api/staff/${other.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    const missing = await t1.get('/api/staff/01a200a9-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe(res.json().error.code);
    const otherSubject = (await t2.get('/api/subjects?pageSize=1')).json<Page<SubjectItem>>().items[0]!;
    expect((await t1.get(`/api/subjects/${otherSubject.id}`)).statusCode).toBe(404);
    expect((await t2.get(`/api/subjects/${otherSubject.id}`)).statusCode).toBe(200);
  });

  it('gives a zone leader the townships of the zone and nothing else', async () => {
    const z = await env.as('zone1');
    const subjects = (await z.get('/api/subjects?pageSize=200')).json<Page<SubjectItem>>();
    const zone1Townships = ['411221100000', '411221101000', '411221102000'];
    expect(subjects.total).toBeGreaterThan(0);
    expect(subjects.items.every((s) => zone1Townships.includes(s.regionCode.slice(0, 9) + '000'))).toBe(true);
    const t2 = await env.as('township2');
    const outside = (await t2.get('/api/subjects?pageSize=1')).json<Page<SubjectItem>>().items[0]!;
    expect((await z.get(`/api/subjects/${outside.id}`)).statusCode).toBe(404);
  });

  it('lets the county leader see the whole county', async () => {
    const leader = await env.as('leader');
    const total = await env.platform.database.db
      .selectFrom('subjects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect((await leader.get('/api/subjects?pageSize=1')).json<Page<SubjectItem>>().total).toBe(Number(total.n));
  });

  it('follows a zone change at once: a township that leaves the zone leaves the leader’s scope', async () => {
    const org = await env.as('orgadmin');
    const zl = await env.as('zone1');
    const zones = (await org.get('/api/zones')).json<
      Page<{ id: string; townships: { membershipId: string; code: string }[] }>
    >();
    const zone1 = zones.items.find((x) => x.townships.some((t) => t.code === '411221102000'))!;
    const before = (await zl.get('/api/subjects?pageSize=1&regionCode=411221102000')).json<Page<SubjectItem>>().total;
    expect(before).toBeGreaterThan(0);
    const m = zone1.townships.find((t) => t.code === '411221102000')!;
    const end = await org.post(`/api/zones/${zone1.id}/memberships/${m.membershipId}/end`, {
      effectiveTo: '2026-11-01',
    });
    expect(end.statusCode).toBe(200);
    const after = (await zl.get('/api/subjects?pageSize=1&regionCode=411221102000')).json<Page<SubjectItem>>().total;
    expect(after).toBe(0);
  });

  it('rewrites owner paths when a unit moves, so scope follows the unit', async () => {
    const org = await env.as('orgadmin');
    const t1 = await townshipUnit('411221100000');
    const t2 = await townshipUnit('411221200000'); // 果园乡 (township2)
    const committee = await env.platform.database.db
      .selectFrom('units')
      .selectAll()
      .where('parent_id', '=', t1.id)
      .where('kind', '=', 'village_committee')
      .executeTakeFirstOrThrow();
    const head = await env.platform.database.db
      .selectFrom('staff')
      .selectAll()
      .where('unit_id', '=', committee.id)
      .executeTakeFirstOrThrow();
    // A clock owned by the unit: intake records (reports, clues, deadlines) must follow it too.
    const db = env.platform.database.db;
    await db
      .insertInto('deadlines')
      .values({
        id: '01a2aaaa-0000-7000-8000-000000000001',
        resource_type: 'report',
        resource_id: 'scope-test',
        kind: 'ack',
        starts_on: '2026-11-20',
        due_on: '2026-12-11',
        extended: 0,
        met_at: null,
        reminded_stage: null,
        owner_unit_id: committee.id,
        owner_unit_path: committee.path,
        region_path: committee.path,
        county_code: '411221000000',
        created_at: '2026-11-20T02:00:00.000Z',
      })
      .execute();
    const township2 = await env.as('township2');
    expect((await township2.get(`/api/staff/${head.id}`)).statusCode).toBe(404);
    const moved = await org.patch(`/api/units/${committee.id}`, { parentId: t2.id, version: committee.version });
    expect(moved.statusCode).toBe(200);
    expect((await township2.get(`/api/staff/${head.id}`)).statusCode).toBe(200);
    const clock = await db
      .selectFrom('deadlines')
      .select('owner_unit_path')
      .where('resource_id', '=', 'scope-test')
      .executeTakeFirstOrThrow();
    expect(clock.owner_unit_path).toBe(`${t2.path}${committee.id}/`);
    const township1 = await env.as('township1');
    expect((await township1.get(`/api/staff/${head.id}`)).statusCode).toBe(404);
  });

  it('keeps the three administrators out of business records', async () => {
    for (const admin of ['sysadmin', 'secadmin', 'auditadmin']) {
      const c = await env.as(admin);
      expect((await c.get('/api/staff')).statusCode).toBe(403);
      expect((await c.get('/api/subjects')).statusCode).toBe(403);
    }
  });
});
