import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../shared/context.js';
import { ctxAs, unitOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { type LedgerQuery, ledgerCounts, listItems } from './index.js';
import { todayOf } from './rectification.items.js';
import { ledgerQuery } from './rectification.ledger.js';

/**
 * The ledger read by pieces (rectification.ledger-pieces.ts, migration 2026120807d): its total and
 * counts summed over the scope's disjoint pieces (addressed to my scope's units or regions; issued
 * by my side and not addressed to it), its page cut from the pieces or, on SQLite, by walking its
 * order's index. Every total, page and count is checked against the plain scoped query
 * (`ledgerQuery`: one statement over the scope's `or`), for the county, a township (on both sides
 * of many items), a village's contact and a zone (regions), with and without filters, by both
 * orders, with the walk forced and not, the cap reached and not, and read without pieces.
 */
describe.each(testDialects())('the rectification ledger read by pieces on $name', ({ name }) => {
  let env: TestEnv;
  const readers: Record<string, Ctx> = {};
  const units: Record<string, string> = {};
  let zoneId = '';

  beforeAll(async () => {
    env = await startTestEnv(name);
    const db = env.ctx().db;
    for (const u of ['supervisor', 'township1', 'township2', 'vcadre1'])
      units[u] = await unitOf(env, u).catch(() => '');
    const t1 = await db.selectFrom('units').select('path').where('id', '=', units.township1!).executeTakeFirstOrThrow();
    const villages = await db
      .selectFrom('units')
      .select('id')
      .where('kind', '=', 'village_committee')
      .where('path', 'like', `${t1.path}%`)
      .limit(2)
      .execute();
    const supervisor = await env.as('supervisor');
    const township1 = await env.as('township1');
    const owners = [units.vcadre1!, units.township1!, units.township2!, ...villages.map((v) => v.id)];
    const sources = ['audit', 'inspection_tour', 'assessment', 'other'];
    // 24 items from the county, 8 issued by township1 to its villages and the village council.
    for (let k = 0; k < 32; k++) {
      const byTownship = k >= 24;
      const ownerUnitId = byTownship
        ? [units.vcadre1!, ...villages.map((v) => v.id)][k % 3]!
        : owners[k % owners.length]!;
      const res = await (byTownship ? township1 : supervisor).post('/api/rectification-items', {
        source: sources[k % sources.length],
        problem: k % 3 === 0 ? `村集体资金支出凭证不全（第${k}项）` : `低保评审程序不规范（第${k}项）`,
        ownerUnitId,
        dueOn: '2027-06-30',
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    // Spread the states, rungs, due dates (some past) and creation times (read-side test data).
    const items = await db.selectFrom('rectification_items').select(['id']).orderBy('id').execute();
    for (const [k, it] of items.entries())
      await db
        .updateTable('rectification_items')
        .set({
          status: ['open', 'in_progress', 'submitted', 'closed'][k % 4]!,
          due_on: `2026-${String(1 + (k % 12)).padStart(2, '0')}-${String(10 + (k % 7)).padStart(2, '0')}`,
          escalation: k % 5 === 0 ? 'reminder' : k % 7 === 0 ? 'admonition' : null,
          created_at: `2026-0${1 + (k % 9)}-1${k % 10}T0${k % 10}:00:00.000Z`,
        })
        .where('id', '=', it.id)
        .execute();
    readers.supervisor = await ctxAs(env, 'supervisor', '2026-11-20');
    readers.township1 = await ctxAs(env, 'township1', '2026-11-20');
    readers.vcadre1 = await ctxAs(env, 'vcadre1', '2026-11-20');
    readers.zone1 = await ctxAs(env, 'zone1', '2026-11-20');
    zoneId =
      (await db.selectFrom('rectification_items').select('zone_id').where('zone_id', 'is not', null).executeTakeFirst())
        ?.zone_id ?? '';
  });
  afterAll(async () => env?.close());

  const filters = (): Record<string, LedgerQuery> => ({
    none: {},
    status: { status: 'in_progress' },
    source: { source: 'audit' },
    overdue: { overdue: true },
    notOverdue: { overdue: false },
    escalation: { escalation: 'reminder' },
    never: { escalation: 'none' },
    unit: { unitId: units.township1! },
    zone: { zoneId },
    due: { dueFrom: '2026-03-01', dueTo: '2026-08-31' },
    words: { q: '资金' },
    owner: { side: 'owner' },
    issuer: { side: 'issuer' },
    nothing: { unitId: '00000000-0000-4000-8000-000000000000' },
  });

  /** The plain scoped query's total, ids of a page and counts (as the ledger read before). */
  async function expected(ctx: Ctx, q: LedgerQuery, sort: 'dueOn' | '-createdAt', page: number, pageSize: number) {
    const base = await ledgerQuery(ctx, q);
    const ordered =
      sort === 'dueOn'
        ? base.select('i.id').orderBy('i.due_on').orderBy('i.id')
        : base.select('i.id').orderBy('i.created_at', 'desc').orderBy('i.id', 'desc');
    const all = (await ordered.execute()).map((r) => r.id);
    const rows = await base.select(['i.source_kind', 'i.owner_unit_id', 'i.status', 'i.due_on']).execute();
    return { total: all.length, ids: all.slice((page - 1) * pageSize, page * pageSize), rows };
  }

  it('counts and pages every reader × filter as the plain scoped query does, walking or not', async () => {
    let walkedNonEmpty = 0;
    for (const [who, ctx] of Object.entries(readers))
      for (const [label, q] of Object.entries(filters()))
        for (const sort of ['-createdAt', 'dueOn'] as const)
          for (const page of [1, 2, 5]) {
            const want = await expected(ctx, q, sort, page, 3);
            for (const [walkFrom, cap, plain] of [
              [1, 10_000, false],
              [1_000_000, 10_000, false],
              [1_000_000, 4, false],
              [1, 4, false],
              [1, 10_000, true],
            ] as const) {
              const got = await listItems(ctx, { ...q, sort, page, pageSize: 3 }, { walkFrom, cap, plain });
              const at = `${who} ${label} ${sort} page ${page} walkFrom ${walkFrom} cap ${cap} plain ${plain}`;
              expect(got.total, at).toBe(Math.min(want.total, cap));
              expect(got.totalCapped, at).toBe(want.total > cap);
              expect(
                got.items.map((i) => i.id),
                at,
              ).toEqual((page - 1) * 3 < cap ? want.ids : []);
              if (walkFrom === 1 && want.ids.length > 0) walkedNonEmpty++;
            }
          }
    expect(walkedNonEmpty).toBeGreaterThan(50);
    // The county sees every item; township1 both sides; vcadre1 its own unit's.
    expect((await listItems(readers.supervisor!, { page: 1, pageSize: 1 })).total).toBe(32);
    const t1 = await listItems(readers.township1!, { page: 1, pageSize: 1 });
    const t1Owner = await listItems(readers.township1!, { side: 'owner', page: 1, pageSize: 1 });
    const t1Issuer = await listItems(readers.township1!, { side: 'issuer', page: 1, pageSize: 1 });
    expect(t1Issuer.total).toBe(8);
    expect(t1.total).toBeLessThan(t1Owner.total + t1Issuer.total);
    expect((await listItems(readers.vcadre1!, { page: 1, pageSize: 1 })).total).toBeGreaterThan(0);
    // The zone reads by region: items of its townships' villages, not those of township 2's.
    const zone = await listItems(readers.zone1!, { page: 1, pageSize: 1 });
    expect(zone.total).toBeGreaterThan(0);
    expect(zone.total).toBeLessThan(32);
  });

  it('counts by source and by unit as the plain scoped query does', async () => {
    for (const [who, ctx] of Object.entries(readers))
      for (const [label, q] of Object.entries(filters())) {
        const today = todayOf(ctx);
        const { rows } = await expected(ctx, q, '-createdAt', 1, 1);
        const tally = (key: (r: (typeof rows)[number]) => string) => {
          const m = new Map<string, { outstanding: number; overdue: number; closed: number }>();
          for (const r of rows) {
            const c = m.get(key(r)) ?? { outstanding: 0, overdue: 0, closed: 0 };
            if (r.status === 'closed') c.closed++;
            else {
              c.outstanding++;
              if (r.due_on < today) c.overdue++;
            }
            m.set(key(r), c);
          }
          return m;
        };
        for (const plain of [false, true]) {
          const got = await ledgerCounts(ctx, q, { plain });
          const at = `${who} ${label} plain ${plain}`;
          const bySource = tally((r) => r.source_kind);
          expect(got.bySource.length, at).toBe(bySource.size);
          for (const s of got.bySource) expect(s, at).toMatchObject(bySource.get(s.source)!);
          const byUnit = tally((r) => r.owner_unit_id);
          expect(got.byUnit.length, at).toBe(byUnit.size);
          for (const u of got.byUnit) expect(u, at).toMatchObject(byUnit.get(u.unitId)!);
          expect(got.byUnit.every((u) => u.unitName.length > 0)).toBe(true);
          // By township: the responsible units' township (region code's first nine digits).
          const township = new Map(
            (await env.ctx().db.selectFrom('units').select(['id', 'region_code']).execute()).map((u) => [
              u.id,
              `${u.region_code.slice(0, 9)}000`,
            ]),
          );
          const byTownship = tally((r) => township.get(r.owner_unit_id)!);
          expect(got.byTownship.length, at).toBe(byTownship.size);
          for (const t of got.byTownship) {
            expect(t, at).toMatchObject(byTownship.get(t.regionCode)!);
            expect(t.name.length, at).toBeGreaterThan(0);
          }
        }
      }
  });
});
