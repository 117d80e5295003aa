import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeFor } from '../../shared/context.js';
import { type Scope, inScope, prefixUpper } from '../../shared/scope.js';
import { makeCase } from '../../test/case-factories.js';
import { ctxAs } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { CASE_SEARCH_TOTAL_CAP, CASE_SHORT_NAME_TOTAL_CAP, type CaseLedgerQuery, readCaseLedgerPage } from './index.js';

/**
 * The ledger's totals counted arm by arm (docs/benchmarks.md, "Issue 13: the zone reader's totals
 * by region"): a zone reader's owner arm is counted region by region and then by its workroom's
 * subtree, pieces that overlap in the data (a zone case is owned by the workroom and lies in a
 * member township) and must count each case once; a surname read by arms is counted up to
 * CASE_SHORT_NAME_TOTAL_CAP. Every answer is checked against the cases the reader may read,
 * worked out here from the rows (`inScope`, the subject's township, the team).
 */
describe.each(testDialects())('the case ledger counted by arms on $name', ({ name }) => {
  let env: TestEnv;
  interface Row {
    id: string;
    owner_unit_id: string;
    owner_unit_path: string;
    region_path: string;
    subject_unit_id: string | null;
    subject_unit_path: string | null;
    status: string;
    mode: string;
    subject_name: string;
    created_at: string;
  }
  let rows: Row[] = [];
  let zoneScope: Scope;
  /** The zone reader's own team (member arm), on a case outside its scope. */
  let teamCase = '';

  beforeAll(async () => {
    env = await startTestEnv(name);
    const db = env.ctx().db;
    const zoneTpl = await makeCase(env);
    const selfTpl = await makeCase(env, {
      drafter: 'township1',
      filing: { handling: { mode: 'self', reason: 'simple' } },
    });
    const tpl = async (id: string) => db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const templates = [await tpl(zoneTpl.id), await tpl(selfTpl.id)];
    zoneScope = scopeFor(await ctxAs(env, 'zone1'), 'case.read');
    // A village in each of the zone's townships, and one outside the zone.
    const villages = await db.selectFrom('regions').select('path').where('level', '=', 'village').execute();
    const inZone = (p: string) => zoneScope.regionPaths.some((r) => p >= r && p < prefixUpper(r));
    const places = [
      ...zoneScope.regionPaths.map((r) => villages.find((v) => v.path.startsWith(r))!.path),
      villages.find((v) => !inZone(v.path))!.path,
    ];
    const statuses = ['investigating', 'filed', 'closed'];
    const base = Date.parse('2025-05-01T00:00:00Z');
    const clones = [];
    // 600 cases: both handling units, every place, three states; a surname 曌 on every third
    // (~200, ~150 of them the zone's) and 曎 on the rest (~400, ~300), some as a second subject.
    for (let i = 0; i < 600; i++) {
      const t = templates[i % 2]!;
      const surname = i % 3 === 0 ? '曌' : '曎';
      const at = new Date(base + ((i * 7919) % 6007) * 60_000 + i).toISOString();
      clones.push({
        ...t,
        id: `00000000-0000-4000-9200-${String(i).padStart(12, '0')}`,
        number: `渑纪案〔2025〕${800000 + i}号`,
        region_path: places[Math.floor(i / 2) % places.length]!,
        status: statuses[Math.floor(i / 2) % statuses.length]!,
        subject_name: i % 5 === 0 ? `张三、${surname}某${i}` : `${surname}某${i}`,
        created_at: at,
        updated_at: at,
      });
    }
    for (let k = 0; k < clones.length; k += 100)
      await db
        .insertInto('cases')
        .values(clones.slice(k, k + 100))
        .execute();
    // The zone reader on the team of a township1 case outside the zone's regions.
    const zoneUser = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'zone1')
      .executeTakeFirstOrThrow();
    teamCase = clones.find((c) => c.owner_unit_id === templates[1]!.owner_unit_id && !inZone(c.region_path))!.id;
    await db
      .insertInto('case_members')
      .values({
        id: '00000000-0000-4000-9300-000000000001',
        case_id: teamCase,
        user_id: zoneUser.id,
        role: 'member',
        name: '协作区',
        unit_name: '协作区',
        added_at: new Date(base).toISOString(),
      })
      .execute();
    rows = await db
      .selectFrom('cases')
      .select([
        'id',
        'owner_unit_id',
        'owner_unit_path',
        'region_path',
        'subject_unit_id',
        'subject_unit_path',
        'status',
        'mode',
        'subject_name',
        'created_at',
      ])
      .execute();
  }, 240_000);
  afterAll(async () => env?.close());

  /** The ids `username` may read under `q`, newest first: the three arms worked out from the rows. */
  async function expected(username: string, q: Omit<CaseLedgerQuery, 'page' | 'pageSize'>): Promise<string[]> {
    const ctx = await ctxAs(env, username);
    const scope = scopeFor(ctx, 'case.read');
    const team = new Set(
      (
        await env
          .ctx()
          .db.selectFrom('case_members')
          .select('case_id')
          .where('user_id', '=', ctx.actor!.userId)
          .where('removed_at', 'is', null)
          .execute()
      ).map((m) => m.case_id),
    );
    const term = q.q?.trim();
    return rows
      .filter(
        (r) =>
          inScope(scope, r) ||
          (r.subject_unit_path !== null &&
            inScope(
              { ...scope, regionPaths: [] },
              { owner_unit_id: r.subject_unit_id!, owner_unit_path: r.subject_unit_path, region_path: '' },
            )) ||
          team.has(r.id),
      )
      .filter((r) => (!q.status || r.status === q.status) && (!q.mode || r.mode === q.mode))
      .filter((r) => !term || r.subject_name.startsWith(term) || r.subject_name.includes(`、${term}`))
      .sort((a, b) =>
        a.created_at === b.created_at ? b.id.localeCompare(a.id) : b.created_at.localeCompare(a.created_at),
      )
      .map((r) => r.id);
  }

  /** Every page of `username`'s ledger under `q` (pages of 40), and the first page's total. */
  async function walk(username: string, q: Omit<CaseLedgerQuery, 'page' | 'pageSize'>) {
    const ctx = await ctxAs(env, username);
    const first = await readCaseLedgerPage(ctx, { ...q, page: 1, pageSize: 40 });
    const seen = first.items.map((i) => i.id);
    for (let page = 2; page <= 30 && seen.length === (page - 1) * 40; page++)
      seen.push(...(await readCaseLedgerPage(ctx, { ...q, page, pageSize: 40 })).items.map((i) => i.id));
    return { total: first.total, totalCapped: first.totalCapped, seen };
  }

  it("counts a zone reader's cases region by region, each case once, as many as it may read", async () => {
    // The pieces overlap in the data, or the test proves nothing: zone cases owned by the workroom
    // in the zone's regions (two pieces), and some owned by it outside them (the workroom's only).
    const workroom = zoneScope.unitPaths;
    const underWorkroom = (r: Row) => workroom.some((p) => r.owner_unit_path.startsWith(p));
    const inRegions = (r: Row) => zoneScope.regionPaths.some((p) => r.region_path.startsWith(p));
    expect(zoneScope.regionPaths.length).toBeGreaterThan(1);
    expect(rows.filter((r) => underWorkroom(r) && inRegions(r)).length).toBeGreaterThan(100);
    expect(rows.filter((r) => underWorkroom(r) && !inRegions(r)).length).toBeGreaterThan(10);
    for (const q of [
      {},
      { status: 'investigating' as const },
      { mode: 'zone' as const },
      { mode: 'self' as const, status: 'closed' as const },
    ]) {
      const want = await expected('zone1', q);
      const got = await walk('zone1', q);
      expect(got.totalCapped).toBe(false);
      expect(got.total).toBe(want.length);
      expect(got.seen).toEqual(want);
    }
    // The member arm: the team's case outside the zone is read and counted.
    expect((await expected('zone1', {})).includes(teamCase)).toBe(true);
  });

  it('caps a surname read by arms (a zone, a township) and pages it newest first', async () => {
    for (const username of ['zone1', 'township1']) {
      const want = await expected(username, { q: '曎' });
      expect(want.length).toBeGreaterThan(CASE_SHORT_NAME_TOTAL_CAP);
      const ctx = await ctxAs(env, username);
      const p1 = await readCaseLedgerPage(ctx, { q: '曎', page: 1, pageSize: 50 });
      expect(p1).toMatchObject({ total: CASE_SHORT_NAME_TOTAL_CAP, totalCapped: true });
      expect(p1.items.map((i) => i.id)).toEqual(want.slice(0, 50));
      const p2 = await readCaseLedgerPage(ctx, { q: '曎', page: 2, pageSize: 50 });
      expect(p2.items.map((i) => i.id)).toEqual(want.slice(50, 100));
    }
  });

  it('counts a surname within the cap exactly, its pages from the rows read while counting', async () => {
    for (const username of ['zone1', 'township1']) {
      const want = await expected(username, { q: '曌' });
      expect(want.length).toBeGreaterThan(40);
      expect(want.length).toBeLessThanOrEqual(CASE_SHORT_NAME_TOTAL_CAP);
      const got = await walk(username, { q: '曌' });
      expect(got).toMatchObject({ total: want.length, totalCapped: false });
      expect(got.seen).toEqual(want);
      const filtered = await walk(username, { q: '曌', status: 'filed' });
      expect(filtered.seen).toEqual(await expected(username, { q: '曌', status: 'filed' }));
    }
  });

  it('keeps the search cap for a reader of the whole county (one walk, not arms)', async () => {
    const want = await expected('casemgr', { q: '曎' });
    expect(want.length).toBeGreaterThan(CASE_SHORT_NAME_TOTAL_CAP);
    expect(want.length).toBeLessThanOrEqual(CASE_SEARCH_TOTAL_CAP);
    const got = await readCaseLedgerPage(await ctxAs(env, 'casemgr'), { q: '曎', page: 1, pageSize: 50 });
    expect(got).toMatchObject({ total: want.length, totalCapped: false });
    expect(got.items.map((i) => i.id)).toEqual(want.slice(0, 50));
  });
});
