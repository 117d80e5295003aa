import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../shared/context.js';
import { ctxAs, makeClue, villageOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { type ClueLedgerQuery, clueLedgerQuery, readClueLedgerPage } from './clues.ledger.js';
import type { LedgerPlan } from './clues.ledger-plan.js';

/** Ids of a ledger query newest first, as the plain statement (default plan) reads them. */
async function plainIds(ctx: Ctx, q: ClueLedgerQuery, plan: LedgerPlan = {}): Promise<string[]> {
  const rows = await (
    await clueLedgerQuery(ctx, q, plan)
  )
    .select(['c.id'])
    .orderBy('c.received_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r) => r.id);
}

// 曌 is a rare character: the demo county's own records never carry it.
describe.each(testDialects())('clue ledger plans and cursor on $name', ({ name }) => {
  let env: TestEnv;
  let casemgr: Client;
  let township1: Client;
  const made: string[] = [];

  beforeAll(async () => {
    env = await startTestEnv(name);
    casemgr = await env.as('casemgr');
    township1 = await env.as('township1');
    const v1 = await villageOf(env, 'township1');
    const v2 = await villageOf(env, 'township2');
    for (let i = 0; i < 7; i++)
      made.push(
        (
          await makeClue(env, i % 3 === 0 ? 'township1' : 'casemgr', {
            sourceKind: i % 2 === 0 ? 'audit' : 'inspection',
            regionCode: i % 4 === 1 ? v2 : v1,
            subjects: [{ name: `曌${'甲乙丙丁戊己庚'[i]}` }],
          })
        ).id,
      );
  });
  afterAll(async () => {
    await env.close();
  });

  it('pages by cursor through exactly the rows offset paging shows, then says there is no next page', async () => {
    for (const client of [casemgr, township1]) {
      const all = (await client.get('/api/clues?q=曌&pageSize=200')).json<{ items: { id: string }[] }>().items;
      expect(all.length).toBeGreaterThanOrEqual(3);
      const walked: string[] = [];
      let after: string | null = null;
      for (let page = 1; page <= 10; page++) {
        const res = await client.get(`/api/clues?q=曌&pageSize=2&page=${page}${after ? `&after=${after}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
        // Offset page `page` is the same page.
        const byOffset = (await client.get(`/api/clues?q=曌&pageSize=2&page=${page}`)).json<{
          items: { id: string }[];
        }>();
        expect(body.items.map((r) => r.id)).toEqual(byOffset.items.map((r) => r.id));
        walked.push(...body.items.map((r) => r.id));
        after = body.nextCursor;
        if (!after) break;
      }
      expect(after).toBeNull();
      expect(walked).toEqual(all.map((r) => r.id));
    }
  });

  it('refuses a cursor it did not make with 400', async () => {
    for (const after of ['nonsense', Buffer.from('[1,2]').toString('base64url')]) {
      const res = await casemgr.get(`/api/clues?after=${after}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('reads the same rows whichever way a plan writes scope, zone and filters', async () => {
    const zones = (await casemgr.get('/api/zones?pageSize=50')).json<{ items: { id: string }[] }>().items;
    expect(zones.length).toBeGreaterThan(0);
    const keeper = await env
      .ctx()
      .db.selectFrom('users')
      .select('id')
      .where('username', '=', 'casemgr')
      .executeTakeFirstOrThrow();
    const queries: ClueLedgerQuery[] = [
      { q: '曌' },
      { q: '曌', source: 'audit' },
      { q: '曌', status: 'registered' },
      { q: '曌', keeperId: keeper.id },
      ...zones.map((z) => ({ q: '曌', zoneId: z.id })),
    ];
    for (const username of ['casemgr', 'township1']) {
      const ctx = await ctxAs(env, username);
      const units = (await env.ctx().db.selectFrom('units').select(['id', 'path']).execute()).filter((u) => {
        const scope = ctx.actor!.scopes.get('clue.read')!;
        return scope.unitIds.includes(u.id) || scope.unitPaths.some((p) => u.path.startsWith(p));
      });
      let seen = 0;
      for (const q of queries) {
        const expected = await plainIds(ctx, q);
        seen += expected.length;
        expect(await plainIds(ctx, q, { scope: 'units', units: units.map((u) => u.id) })).toEqual(expected);
        expect(await plainIds(ctx, q, { scope: 'hidden', hideFilters: true })).toEqual(expected);
        const page = await readClueLedgerPage(ctx, { ...q, page: 1, pageSize: 200 });
        expect(page.items.map((r) => r.id)).toEqual(expected);
        expect(page.total).toBe(expected.length);
      }
      // The queries found something (a plan that found nothing everywhere would pass too).
      expect(seen).toBeGreaterThan(0);
    }
    // Every clue made is in some zone's answer for 案管 (the zone filter's arms lose nothing).
    const ctx = await ctxAs(env, 'casemgr');
    const inZones = new Set<string>();
    for (const z of zones)
      for (const r of (await readClueLedgerPage(ctx, { q: '曌', zoneId: z.id, page: 1, pageSize: 200 })).items)
        inZones.add(r.id);
    for (const id of made) expect(inZones.has(id)).toBe(true);
  });
});
