import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../shared/context.js';
import { inTransaction } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import { ctxAs, unitOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { readXlsx } from '../../test/xlsx.js';
import { type ImportSanctionInput, type SanctionRow, importSanction, readSanctionLedgerPage } from './index.js';

interface Line {
  id: string;
  personName: string;
  fourForm: number | null;
  effectStart: string | null;
  effectEnd: string | null;
  liftsOn: string | null;
}
interface Page {
  items: Line[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
}
interface Count {
  key: string | null;
  label: string;
  count: number;
}

describe.each(testDialects())('the sanctions ledger on $name', ({ name }) => {
  let env: TestEnv;
  /** The records, by letter (see beforeAll). */
  const r: Record<string, SanctionRow> = {};
  let s1: { id: string; name: string; region_code: string };
  let countyUnit: string;
  let countyCode: string;
  let zoneId: string;
  let inZoneTownship: string;
  let outsideTownship: string;

  beforeAll(async () => {
    env = await startTestEnv(name);
    const db = env.ctx().db;
    const t1Unit = await unitOf(env, 'township1');
    countyUnit = await unitOf(env, 'casemgr');
    const t1 = await db.selectFrom('units').selectAll().where('id', '=', t1Unit).executeTakeFirstOrThrow();
    inZoneTownship = t1.id;
    const membership = await db
      .selectFrom('zone_memberships')
      .select(['zone_id'])
      .where('township_code', '=', t1.region_code)
      .where('effective_to', 'is', null)
      .executeTakeFirstOrThrow();
    zoneId = membership.zone_id;
    const zoneTownships = (
      await db
        .selectFrom('zone_memberships')
        .select('township_code')
        .where('zone_id', '=', zoneId)
        .where('effective_to', 'is', null)
        .execute()
    ).map((m) => m.township_code ?? '');
    const outside = await db
      .selectFrom('units')
      .select(['id', 'region_code'])
      .where('kind', '=', 'township_commission')
      .where('region_code', 'not in', zoneTownships)
      .orderBy('region_code')
      .executeTakeFirstOrThrow();
    outsideTownship = outside.id;
    countyCode = t1.county_code!;
    const villageOf = async (townshipCode: string) =>
      (
        await db
          .selectFrom('regions')
          .select('code')
          .where('parent_code', '=', townshipCode)
          .orderBy('code')
          .executeTakeFirstOrThrow()
      ).code;
    const t1Village = await villageOf(t1.region_code);
    const outsideVillage = await villageOf(outside.region_code);
    const subject = await db
      .selectFrom('subjects')
      .select(['id', 'name', 'region_code'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    s1 = subject;
    const ctx = await ctxAs(env, 'casemgr');
    const make = (input: ImportSanctionInput) => inTransaction(ctx, (tx) => importSanction(tx, input));
    const person = (name: string, regionCode: string, subjectId: string | null = null) => ({
      subjectId,
      name,
      authority: 'village_cadre' as const,
      partyMember: true,
      regionCode,
    });
    // A: township 1, the registry person, 警告 in January (under its period until 2027-01-10).
    r.A = await make({
      person: person(s1.name, t1Village, s1.id),
      outcome: { system: 'party', kind: 'warning' },
      decidedOn: '2026-01-10',
      summary: '党内警告',
      ownerUnitId: t1.id,
      zoneId,
      handlingMode: 'self',
    });
    // B: township 1, a state 记大过 in 2025 (18 months: under it until 2026-12-01).
    r.B = await make({
      person: person('王乙明', t1Village),
      outcome: { system: 'state', kind: 'major_demerit' },
      decidedOn: '2025-06-01',
      summary: '记大过',
      ownerUnitId: t1.id,
      handlingMode: 'self',
    });
    // C: a township outside the zone, 诫勉 (first form, no period).
    r.C = await make({
      person: person('李丙', outsideVillage),
      outcome: { system: 'lighter', kind: 'admonition' },
      decidedOn: '2026-03-05',
      summary: '诫勉',
      ownerUnitId: outside.id,
      handlingMode: 'zone',
    });
    // D: the county commission (escalated), 严重警告 in September, a township-1 person.
    r.D = await make({
      person: person('赵丁', t1Village),
      outcome: { system: 'party', kind: 'serious_warning' },
      decidedOn: '2026-09-01',
      summary: '党内严重警告',
      ownerUnitId: countyUnit,
      handlingMode: 'escalated',
    });
    // E: township 1, a warning long over.
    r.E = await make({
      person: person('孙戊', t1Village),
      outcome: { system: 'party', kind: 'warning' },
      decidedOn: '2024-01-01',
      summary: '党内警告',
      ownerUnitId: t1.id,
    });
    // F: township 1, a warning an appeal changed (superseded by another record: not under it).
    r.F = await make({
      person: person('周己', t1Village),
      outcome: { system: 'party', kind: 'warning' },
      decidedOn: '2026-02-01',
      summary: '党内警告',
      ownerUnitId: t1.id,
    });
    await db.updateTable('sanctions').set({ superseded_by: r.E.id }).where('id', '=', r.F.id).execute();
    // An appeal pending on A: it does not suspend the period.
    const now = '2026-11-19T00:00:00.000Z';
    await db
      .insertInto('sanction_appeals')
      .values({
        id: newId(),
        sanction_id: r.A.id,
        kind: 'complaint',
        applicant: s1.name,
        grounds: '认为处分过重',
        applied_on: '2026-11-01',
        status: 'received',
        owner_unit_id: t1.id,
        owner_unit_path: t1.path,
        region_path: t1.region_path,
        county_code: t1.county_code,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  afterAll(async () => env?.close());

  const ids = (p: { items: { id: string }[] }) => p.items.map((i) => i.id).sort();
  const of = (...letters: string[]) => letters.map((l) => r[l]!.id).sort();

  async function ledger(username: string, query = ''): Promise<Page> {
    const size = query.includes('pageSize=') ? '' : 'pageSize=200';
    const res = await (await env.as(username)).get(`/api/sanctions?${size}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  }

  it('made the periods the boundaries below rely on', () => {
    expect(r.A).toMatchObject({ effect_start: '2026-01-10', effect_end: '2027-01-10', four_form: 2 });
    expect(r.B).toMatchObject({ effect_start: '2025-06-01', effect_end: '2026-12-01' });
    expect(r.C).toMatchObject({ effect_end: null, four_form: 1 });
  });

  it('shows each reader their scope: the county all, a township its own, a zone its townships', async () => {
    expect(ids(await ledger('casemgr'))).toEqual(of('A', 'B', 'C', 'D', 'E', 'F'));
    const t1 = await ledger('township1');
    expect(ids(t1)).toEqual(of('A', 'B', 'E', 'F'));
    expect(t1.total).toBe(4);
    expect(t1.totalCapped).toBe(false);
    // The demo zone leader role holds no sanction.read: a zone reader is given its zone scope.
    const zone = await ctxAs(env, 'zone1');
    const scope = zone.actor!.scopes.get('case.read')!;
    expect(scope.regionPaths.length).toBeGreaterThan(0);
    const zoneReader: Ctx = {
      ...zone,
      actor: {
        ...zone.actor!,
        permissions: new Set([...zone.actor!.permissions, 'sanction.read']),
        scopes: new Map([...zone.actor!.scopes, ['sanction.read', scope]]),
      },
    };
    const page = await readSanctionLedgerPage(zoneReader, { page: 1, pageSize: 50 });
    expect(ids(page)).toEqual(of('A', 'B', 'E', 'F'));
    // The audit event of a listing names the records shown.
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('changes')
      .where('action', '=', 'sanction.list')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('filters by system, kind, status, four form, zone, owner unit, mode, decision date and name', async () => {
    const q = async (query: string) => ids(await ledger('casemgr', query));
    expect(await q('&system=state')).toEqual(of('B'));
    expect(await q('&system=party&kind=warning')).toEqual(of('A', 'E', 'F'));
    expect(await q('&kind=admonition')).toEqual(of('C'));
    expect(await q('&status=decided')).toEqual(of('A', 'B', 'C', 'D', 'E', 'F'));
    expect(await q('&status=revoked')).toEqual([]);
    expect(await q('&fourForm=1')).toEqual(of('C'));
    expect(await q(`&zoneId=${zoneId}`)).toEqual(of('A'));
    expect(await q(`&ownerUnitId=${countyUnit}`)).toEqual(of('D'));
    expect(await q(`&ownerUnitId=${outsideTownship}`)).toEqual(of('C'));
    expect(await q(`&ownerUnitId=${inZoneTownship}`)).toEqual(of('A', 'B', 'E', 'F'));
    expect(await q('&handlingMode=escalated')).toEqual(of('D'));
    expect(await q('&decidedFrom=2026-02-01&decidedTo=2026-09-01')).toEqual(of('C', 'D', 'F'));
    expect(await q(`&personName=${encodeURIComponent('丙')}`)).toEqual(of('C'));
    expect(await q(`&personName=${encodeURIComponent('%')}`)).toEqual([]);
    // Sorted by decision, oldest first.
    const sorted = await ledger('casemgr', '&sort=decidedOn');
    expect(sorted.items.map((i) => i.id)).toEqual(['E', 'B', 'A', 'F', 'C', 'D'].map((l) => r[l]!.id));
    // Paging: two per page, the total over all pages.
    const p2 = await ledger('casemgr', '&sort=decidedOn&pageSize=2&page=2');
    expect(p2.items.map((i) => i.id)).toEqual([r.A!.id, r.F!.id]);
    expect(p2.total).toBe(6);
  });

  it('lists who is under an effect period on a date: first and last day in, the day before and after out', async () => {
    const on = async (d: string) => ids(await ledger('casemgr', `&underEffectOn=${d}`));
    // A (2026-01-10..2027-01-10, an appeal pending), B (..2026-12-01), D; not F (superseded), E (over), C (none).
    expect(await on('2026-11-20')).toEqual(of('A', 'B', 'D'));
    expect(await on('2026-01-09')).toEqual(of('B'));
    expect(await on('2026-01-10')).toEqual(of('A', 'B'));
    expect(await on('2026-12-01')).toEqual(of('A', 'B', 'D'));
    expect(await on('2026-12-02')).toEqual(of('A', 'D'));
    expect(await on('2027-01-10')).toEqual(of('A', 'D'));
    expect(await on('2027-01-11')).toEqual(of('D'));
    // A revoked record is not under its period either.
    await env.ctx().db.updateTable('sanctions').set({ status: 'revoked' }).where('id', '=', r.B!.id).execute();
    expect(await on('2026-11-20')).toEqual(of('A', 'D'));
    await env.ctx().db.updateTable('sanctions').set({ status: 'decided' }).where('id', '=', r.B!.id).execute();
    // Township 1 sees its own among them.
    expect(ids(await ledger('township1', '&underEffectOn=2026-11-20'))).toEqual(of('A', 'B'));
    const bad = await (await env.as('casemgr')).get('/api/sanctions?underEffectOn=2026-13');
    expect(bad.statusCode).toBe(400);
  });

  it('exports who is under an effect period on D as Excel, in scope and audited', async () => {
    const res = await (await env.as('leader')).get('/api/sanctions/under-effect.xlsx?on=2026-11-20');
    expect(res.statusCode, res.body).toBe(200);
    const sheet = await readXlsx(res.rawPayload);
    expect(sheet.header.slice(0, 5)).toEqual(['姓名', '职务', '工作单位', '类别', '处分种类']);
    const names = sheet.rows.map((row) => row[0]).sort();
    expect(names).toEqual([s1.name, '王乙明', '赵丁'].sort());
    const a = sheet.rows.find((row) => row[0] === s1.name)!;
    expect(a).toEqual(expect.arrayContaining(['党纪处分', '2026-01-10', '2027-01-10', '2027-01-11', '1个月21天']));
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('changes')
      .where('action', '=', 'sanction.export')
      .executeTakeFirstOrThrow();
    for (const l of ['A', 'B', 'D']) expect(audit.changes).toContain(r[l]!.id);
    // Without sanction.export: 403; a bad date: 400.
    expect((await (await env.as('township1')).get('/api/sanctions/under-effect.xlsx?on=2026-11-20')).statusCode).toBe(
      403,
    );
    expect((await (await env.as('leader')).get('/api/sanctions/under-effect.xlsx?on=someday')).statusCode).toBe(400);
  });

  it("opens a person's integrity file with periods, remainder, appeals; 404 outside scope", async () => {
    const res = await (await env.as('casemgr')).get(`/api/integrity-files/${s1.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const file = res.json<{
      today: string;
      underEffect: boolean;
      records: { id: string; underEffect: boolean; remainder: unknown; appeals: { kind: string; status: string }[] }[];
    }>();
    expect(file.today).toBe('2026-11-20');
    expect(file.underEffect).toBe(true);
    expect(file.records.map((x) => x.id)).toEqual([r.A!.id]);
    expect(file.records[0]).toMatchObject({
      underEffect: true,
      remainder: { months: 1, days: 21 },
      appeals: [{ kind: 'complaint', status: 'received' }],
    });
    const audited = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('resource_id')
      .where('action', '=', 'sanction.integrity_file')
      .execute();
    expect(audited.map((x) => x.resource_id)).toContain(s1.id);
    // Township 1 owns A: it sees the file; township 2 does not (404), nor anyone an unknown person.
    expect((await (await env.as('township1')).get(`/api/integrity-files/${s1.id}`)).statusCode).toBe(200);
    expect((await (await env.as('township2')).get(`/api/integrity-files/${s1.id}`)).statusCode).toBe(404);
    expect((await (await env.as('casemgr')).get(`/api/integrity-files/${newId()}`)).statusCode).toBe(404);
  });

  it('counts by form, outcome, zone, mode and month against the rows worked out by hand', async () => {
    const res = await (await env.as('casemgr')).get('/api/sanctions/counts?from=2026-01-01&to=2026-11-30');
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json<{
      total: number;
      byForm: Count[];
      bySanction: Count[];
      byZone: Count[];
      byMode: Count[];
      byMonth: Count[];
    }>();
    // In range and standing: A (Jan, form 2), C (Mar, form 1), D (Sep, form 2); F superseded.
    expect(c.total).toBe(3);
    expect(c.byForm.map((x) => [x.key, x.count])).toEqual([
      ['1', 1],
      ['2', 2],
    ]);
    expect(c.byForm[0]!.label).toBe('第一种形态');
    expect(c.bySanction.map((x) => [x.key, x.count])).toEqual([
      ['lighter.admonition', 1],
      ['party.serious_warning', 1],
      ['party.warning', 1],
    ]);
    expect(c.byZone.map((x) => [x.key, x.count])).toEqual([
      [zoneId, 1],
      [null, 2],
    ]);
    expect(c.byMode.map((x) => [x.key, x.count])).toEqual([
      ['escalated', 1],
      ['self', 1],
      ['zone', 1],
    ]);
    expect(c.byMonth).toHaveLength(11);
    expect(c.byMonth.filter((x) => x.count > 0).map((x) => [x.key, x.count])).toEqual([
      ['2026-01', 1],
      ['2026-03', 1],
      ['2026-09', 1],
    ]);
    // Township 1's scope: A only in that range.
    const t1 = (await (await env.as('township1')).get('/api/sanctions/counts?from=2026-01-01&to=2026-11-30')).json<{
      total: number;
    }>();
    expect(t1.total).toBe(1);
    // As Excel.
    const x = await (await env.as('leader')).get('/api/sanctions/counts.xlsx?from=2026-01-01&to=2026-11-30');
    expect(x.statusCode, x.body).toBe(200);
    const sheet = await readXlsx(x.rawPayload);
    expect(sheet.header).toEqual(['维度', '项目', '数量']);
    expect(sheet.rows[0]).toEqual(['合计', '2026-01-01 至 2026-11-30', '3']);
    expect(sheet.rows).toContainEqual(['四种形态', '第二种形态', '2']);
    const bad = await (await env.as('casemgr')).get('/api/sanctions/counts?from=2026-05-01&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('shows leaders the four forms on the workbench', async () => {
    const res = await (await env.as('leader')).get('/api/workbench');
    expect(res.statusCode, res.body).toBe(200);
    const card = res
      .json<{ cards: { key: string; count: number; chart: { series: { name: string; data: number[] }[] } }[] }>()
      .cards.find((k) => k.key === 'sanctions.four_forms');
    expect(card).toBeDefined();
    // The last 12 months (2025-12..2026-11): A, C, D standing (F superseded, B and E older).
    expect(card!.count).toBe(3);
    const second = card!.chart.series.find((s) => s.name === '第二种形态')!;
    expect(second.data.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("reads and sets the county's four-forms mapping: validated in words, version-checked, audited", async () => {
    const admin = await env.as('sysadmin');
    const path = `/api/sanction-four-forms/${countyCode}`;
    const first = await admin.get(path);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ isDefault: true, version: 0, override: {} });
    expect(first.json().mapping['party.warning']).toBe(2);
    // Each problem named: unknown outcome, a form out of 1–4, the referral, the order.
    const bad = await admin.put(path, {
      mapping: { nope: 2, 'party.warning': 7, prosecution_referral: 3, 'state.demerit': 1 },
      version: 0,
    });
    expect(bad.statusCode).toBe(400);
    const err = bad.json().error;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.problems.map((p: { problem: string }) => p.problem).sort()).toEqual(
      ['form', 'order', 'prosecution', 'unknown'].sort(),
    );
    expect(err.message).toContain('没有“nope”这种处理');
    expect(err.message).toContain('移送审查起诉应归入第四种形态');
    expect((await admin.get(path)).json().version).toBe(0);
    // Sound: the warning in the first form; later decisions take it.
    const set = await admin.put(path, { mapping: { 'party.warning': 1 }, version: 0 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ isDefault: false, version: 1, override: { 'party.warning': 1 } });
    const stale = await admin.put(path, { mapping: { 'party.warning': 2 }, version: 0 });
    expect(stale.statusCode).toBe(409);
    const ctx = await ctxAs(env, 'casemgr');
    const later = await inTransaction(ctx, (tx) =>
      importSanction(tx, {
        person: { name: '吴庚', authority: 'other', partyMember: true, regionCode: s1.region_code },
        outcome: { system: 'party', kind: 'warning' },
        decidedOn: '2026-11-01',
        summary: '党内警告',
        ownerUnitId: countyUnit,
      }),
    );
    expect(later.four_form).toBe(1);
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('resource_id')
      .where('action', '=', 'sanction.four_forms_set')
      .execute();
    expect(audit.map((a) => a.resource_id)).toEqual([`sanction.four_forms:${countyCode}`]);
    // Back to the default with an empty override.
    const back = await admin.put(path, { mapping: {}, version: 1 });
    expect(back.json()).toMatchObject({ version: 2, override: {} });
    // Not a county: 400; without setting.manage: 403.
    expect((await admin.get('/api/sanction-four-forms/000000000000')).statusCode).toBe(400);
    expect((await (await env.as('casemgr')).get(path)).statusCode).toBe(403);
  });
});
