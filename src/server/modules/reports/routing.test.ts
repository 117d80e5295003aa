/**
 * Routing of new reports by who is reported (issue 11 §1): the phone form's plain answer about the
 * person, a report on a commission's leader one level up (JK 第十五条), a township's report on a
 * county-managed cadre handed to the county commission on the platform, and city-level regions
 * kept as transfer records. Service and API level, on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctxAs, makeReport, unitOf, villageOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { submitReport } from './reports.receipt.js';
import { transferUp } from './reports.transfer.js';
import { registerReport } from './reports.workflow.js';

const COUNTY = '411221000000';
const CITY = '411200000000';

describe.each(testDialects())('report routing by who is reported on $name', ({ name }) => {
  let env: TestEnv;
  let village1: string;
  let township1Unit: string;
  let countyUnit: string;
  let cityUnit: string;
  let intake: Client;
  let township1: Client;

  const owner = async (id: string) =>
    env
      .ctx()
      .db.selectFrom('reports')
      .select(['owner_unit_id', 'owner_unit_path', 'in_ledger', 'status', 'subject_authority', 'details'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const visit = (over: Record<string, unknown> = {}) => ({
    channel: 'visit',
    kind: 'accusation',
    categories: ['integrity'],
    regionCode: village1,
    subjectAuthority: 'county_managed',
    subject: { name: '周某', position: '镇长' },
    content: '来访反映：镇长在项目招标中为亲属打招呼。',
    reporter: { name: '钱某', phone: '13512345678' },
    ...over,
  });
  const commissionIn = async (code: string) =>
    (
      await env
        .ctx()
        .db.selectFrom('units')
        .select('id')
        .where('kind', '=', 'commission')
        .where('region_code', '=', code)
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    env = await startTestEnv(name);
    village1 = await villageOf(env, 'township1');
    township1Unit = await unitOf(env, 'township1');
    countyUnit = await commissionIn(COUNTY);
    cityUnit = await commissionIn(CITY);
    intake = await env.as('intake');
    township1 = await env.as('township1');
  });
  afterAll(async () => env?.close());

  it('routes a phone report by what the person is: village cadres to the township, the rest to the county', async () => {
    const cases: [string | undefined, string, string | null][] = [
      ['village_cadre', township1Unit, 'village_cadre'],
      // The township head is a county-managed cadre: not the township commission he oversees.
      ['township_cadre', countyUnit, null],
      ['county_department', countyUnit, 'county_managed'],
      // 不清楚: the county commission's intake routes it.
      ['unknown', countyUnit, null],
      // An older client that does not ask: by the region's level, as before.
      [undefined, township1Unit, null],
    ];
    for (const [subjectRole, unit, authority] of cases) {
      const made = await makeReport(env, village1, subjectRole ? { subjectRole } : {});
      const row = await owner(made.id);
      expect(row, String(subjectRole)).toMatchObject({
        owner_unit_id: unit,
        in_ledger: 1,
        subject_authority: authority,
      });
      // The reporter's answer stays with the report for the officer who routes it on.
      if (subjectRole) {
        const d = await intake.get(`/api/reports/${made.id}`);
        expect(d.statusCode, d.body).toBe(200);
        expect(d.json().details).toMatchObject({ subjectRole });
      }
      const seen = await township1.get(`/api/reports/${made.id}`);
      expect(seen.statusCode, String(subjectRole)).toBe(unit === township1Unit ? 200 : 404);
    }
    // The same through the service, as the phone page's route calls it.
    const direct = await submitReport(env.ctx(), {
      regionCode: village1,
      named: false,
      subject: { name: '乡某' },
      subjectRole: 'township_cadre',
      content: '副镇长在低保评定中优亲厚友，收取好处费。',
    });
    const row = await env
      .ctx()
      .db.selectFrom('reports')
      .select('owner_unit_id')
      .where('received_at', '=', direct.receivedAt)
      .where('subject_name', '=', '乡某')
      .executeTakeFirstOrThrow();
    expect(row.owner_unit_id).toBe(countyUnit);
    // An answer outside the list is refused, not guessed.
    const bad = await env.anon().post('/api/public/reports', {
      regionCode: village1,
      named: false,
      subject: { name: '某某' },
      subjectRole: 'mayor',
      content: '反映问题的内容至少十个字。',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('sends a phone report on a commission leader one level up (JK 第十五条)', async () => {
    // The township commission's secretary: to the county commission, not his own commission.
    const township = await makeReport(env, village1, {
      subjectRole: 'village_cadre',
      commissionLeader: 'township_commission',
    });
    expect(await owner(township.id)).toMatchObject({ owner_unit_id: countyUnit, in_ledger: 1 });
    expect((await township1.get(`/api/reports/${township.id}`)).statusCode).toBe(404);
    // The county commission's leader: above the county, kept only as a transfer record to send up.
    const county = await makeReport(env, village1, {
      subjectRole: 'county_department',
      commissionLeader: 'county_commission',
    });
    expect(await owner(county.id)).toMatchObject({
      owner_unit_id: countyUnit,
      in_ledger: 0,
      subject_authority: 'higher',
    });
    const d = (await intake.get(`/api/reports/${county.id}`)).json();
    expect(d.deadlines.map((x: { kind: string }) => x.kind)).toEqual(['transfer_up']);
    expect(d.details).toMatchObject({ commissionLeader: 'county_commission' });
    // 'no' routes as the role says.
    const plain = await makeReport(env, village1, { subjectRole: 'village_cadre', commissionLeader: 'no' });
    expect(await owner(plain.id)).toMatchObject({ owner_unit_id: township1Unit, in_ledger: 1 });
  });

  it('sends a staff-registered report on a commission leader one level up', async () => {
    // Registered by the township on its own commission's leader: straight to the county's ledger.
    const res = await township1.post(
      '/api/reports',
      visit({
        subjectAuthority: 'township_managed',
        subjectIsCommissionLeader: true,
        subject: { name: '郑某', position: '镇纪委书记' },
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ ownerUnitId: countyUnit, inLedger: true });
    const id = res.json<{ id: string }>().id;
    expect((await township1.get(`/api/reports/${id}`)).statusCode).toBe(404);
    const d = (await intake.get(`/api/reports/${id}`)).json();
    expect(d).toMatchObject({
      status: 'received',
      transferredTo: expect.any(String),
      details: { leadsCommission: true },
    });
    expect(d.deadlines.map((x: { kind: string }) => x.kind)).toContain('ack');
    // Without the flag the same report stays with the township commission.
    const own = await township1.post('/api/reports', visit({ subjectAuthority: 'township_managed' }));
    expect(own.json()).toMatchObject({ ownerUnitId: township1Unit, inLedger: true });

    // The county's own leader, through the service: a transfer record at the county, to send up.
    const county = await registerReport(await ctxAs(env, 'intake'), {
      ...(visit({ subject: { name: '冯某', position: '县纪委副书记' } }) as Parameters<typeof registerReport>[1]),
      subjectIsCommissionLeader: true,
    });
    expect(county).toMatchObject({ ownerUnitId: countyUnit, inLedger: false });
  });

  it("hands a township's report on a county-managed cadre to the county commission on the platform", async () => {
    const made = await township1.post('/api/reports', visit());
    expect(made.statusCode, made.body).toBe(201);
    const r = made.json<{ id: string; number: string; ownerUnitId: string; inLedger: boolean }>();
    expect(r).toMatchObject({ ownerUnitId: township1Unit, inLedger: false });
    let d = (await township1.get(`/api/reports/${r.id}`)).json();
    expect(d.deadlines.map((x: { kind: string }) => x.kind)).toEqual(['transfer_up']);

    const up = await township1.post(`/api/reports/${r.id}/upward-transfer`, { version: d.version });
    expect(up.statusCode, up.body).toBe(200);

    // The report is in the county's ledger now, owner and scope columns moved; the township no longer sees it.
    const row = await owner(r.id);
    const county = await env
      .ctx()
      .db.selectFrom('units')
      .select('path')
      .where('id', '=', countyUnit)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      owner_unit_id: countyUnit,
      owner_unit_path: county.path,
      in_ledger: 1,
      status: 'received',
    });
    expect((await township1.get(`/api/reports/${r.id}`)).statusCode).toBe(404);
    expect((await township1.get(`/api/reports?q=${encodeURIComponent(r.number)}`)).json().total).toBe(0);
    const listed = (await intake.get(`/api/reports?q=${encodeURIComponent(r.number)}`)).json();
    expect(listed.total).toBe(1);
    d = (await intake.get(`/api/reports/${r.id}`)).json();
    expect(d).toMatchObject({ inLedger: true, ownerUnitId: countyUnit, status: 'received' });
    expect(d.timeline.map((s: { event: string }) => s.event)).toContain('transferred_up');
    const clocks = d.deadlines as { kind: string; metAt: string | null }[];
    expect(clocks.find((c) => c.kind === 'transfer_up')?.metAt).not.toBeNull();
    expect(clocks.find((c) => c.kind === 'ack')?.metAt).toBeNull();
    expect(d.ackDueOn).not.toBeNull();
    // Audited, under the county commission.
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['action', 'unit_id'])
      .where('resource_id', '=', r.id)
      .where('action', '=', 'report.transfer_up')
      .execute();
    expect(audit).toEqual([{ action: 'report.transfer_up', unit_id: countyUnit }]);
    // The county takes it from there.
    const acc = await intake.post(`/api/reports/${r.id}/acceptance`, { version: d.version });
    expect(acc.statusCode, acc.body).toBe(200);

    // A county commission's report has no commission above it on the platform: the organ must be named.
    const atCounty = await registerReport(await ctxAs(env, 'intake'), {
      ...(visit({ subjectAuthority: 'village_cadre', subject: { name: '褚某' } }) as Parameters<
        typeof registerReport
      >[1]),
      regionCode: COUNTY,
    });
    const cd = (await intake.get(`/api/reports/${atCounty.id}`)).json();
    const refused = await intake.post(`/api/reports/${atCounty.id}/upward-transfer`, { version: cd.version });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('VALIDATION_FAILED');

    // The same step through the service.
    const again = await registerReport(await ctxAs(env, 'township1'), {
      ...(visit({ subject: { name: '卫某', position: '副镇长' } }) as Parameters<typeof registerReport>[1]),
    });
    await transferUp(await ctxAs(env, 'township1'), again.id, { version: 1 });
    expect(await owner(again.id)).toMatchObject({ owner_unit_id: countyUnit, in_ledger: 1 });
  });

  it('accepts a city-level region and keeps the report as a transfer record to send up', async () => {
    const made = await intake.post(
      '/api/reports',
      visit({ regionCode: CITY, subjectAuthority: 'higher', subject: { name: '蒋某', position: '市直某局局长' } }),
    );
    expect(made.statusCode, made.body).toBe(201);
    const r = made.json<{ id: string; number: string }>();
    expect(made.json()).toMatchObject({ ownerUnitId: countyUnit, inLedger: false });
    const d = (await intake.get(`/api/reports/${r.id}`)).json();
    expect(d.deadlines.map((x: { kind: string }) => x.kind)).toEqual(['transfer_up']);
    expect((await intake.get(`/api/reports?includeTransferRecords=true&q=${r.number}`)).json().total).toBe(1);
    expect((await intake.get(`/api/reports?q=${r.number}`)).json().total).toBe(0);
    const up = await intake.post(`/api/reports/${r.id}/upward-transfer`, {
      version: d.version,
      toBody: '三门峡市纪委监委',
    });
    expect(up.statusCode, up.body).toBe(200);
    expect(await owner(r.id)).toMatchObject({ status: 'transferred_up', in_ledger: 0 });

    // Whatever authority the officer chose, a city-level matter is sent up.
    const county = await registerReport(await ctxAs(env, 'intake'), {
      ...(visit({ regionCode: CITY }) as Parameters<typeof registerReport>[1]),
    });
    expect(county).toMatchObject({ ownerUnitId: countyUnit, inLedger: false });

    // From the phone page: held for the city commission as a transfer record.
    const pub = await makeReport(env, CITY, { subjectRole: 'unknown' });
    expect(await owner(pub.id)).toMatchObject({ owner_unit_id: cityUnit, in_ledger: 0 });
  });
});
