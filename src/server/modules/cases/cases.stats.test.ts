import { inTransaction } from '../../shared/context.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAll, filingBody, makeCase, makeProposedClue } from '../../test/case-factories.js';
import { ctxAs, villageOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { addCaseMember, requestFiling } from './index.js';

interface Card {
  key: string;
  count: number;
  severity?: string;
  items: { id: string; title: string; href: string | null; overdue: boolean }[];
}

interface Stats {
  total: number;
  filingWaiting: number;
  inProgress: number;
  overdueClocks: number;
  dueSoonClocks: number;
  byMode: { key: string | null; count: number }[];
  byTownship: { key: string | null; name: string | null; count: number }[];
  byZone: { key: string | null; name: string | null; count: number }[];
}

describe.each(testDialects())('the zone dashboard and the case workbench cards on $name', ({ name }) => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  async function stats(username: string, query = ''): Promise<Stats> {
    const res = await (await env.as(username)).get(`/api/cases/stats${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Stats>();
  }

  async function cards(username: string): Promise<Map<string, Card>> {
    const res = await (await env.as(username)).get('/api/workbench');
    expect(res.statusCode, res.body).toBe(200);
    return new Map(res.json<{ cards: Card[] }>().cards.map((x) => [x.key, x]));
  }

  it('counts the cases in the ledger scope: waiting, in progress, overdue clocks, by mode, township and zone', async () => {
    const filed = await makeCase(env);
    await makeCase(env, { approve: false });
    const all = await stats('casemgr');
    expect(all).toMatchObject({ total: 2, filingWaiting: 1, inProgress: 1, overdueClocks: 0 });
    expect(all.byMode).toEqual([{ key: 'zone', name: null, count: 2 }]);
    const t1Unit = await env
      .ctx()
      .db.selectFrom('users')
      .select('unit_id')
      .where('username', '=', 'township1')
      .executeTakeFirstOrThrow();
    expect(all.byTownship).toEqual([expect.objectContaining({ key: t1Unit.unit_id, count: 2 })]);
    expect(all.byTownship[0]!.name).toBeTruthy();
    const zone = all.byZone[0]!;
    expect(zone).toMatchObject({ count: 2 });
    expect(zone.name).toContain('协作区');
    // The subject's own township counts its people's cases (the line), another township nothing.
    expect((await stats('township1')).total).toBe(2);
    expect(await stats('township2')).toMatchObject({ total: 0, byMode: [], byZone: [] });
    // One zone's cases; another zone has none of them.
    expect((await stats('casemgr', `?zoneId=${zone.key}`)).total).toBe(2);
    const other = await env
      .ctx()
      .db.selectFrom('zones')
      .select('id')
      .where('id', '!=', zone.key!)
      .executeTakeFirstOrThrow();
    expect((await stats('casemgr', `?zoneId=${other.id}`)).total).toBe(0);
    // An overdue investigation clock (moved back by hand: the period is a year).
    await env
      .ctx()
      .db.updateTable('deadlines')
      .set({ due_on: '2026-11-01' })
      .where('resource_type', '=', 'case')
      .where('resource_id', '=', filed.id)
      .execute();
    expect((await stats('casemgr')).overdueClocks).toBe(1);
    // On the case's team, the clock is on one's workbench, overdue (the drafter's row ended with the filing).
    const me = await ctxAs(env, 'casemgr');
    await inTransaction(me, (tx) =>
      addCaseMember(tx, filed.id, { userId: me.actor!.userId, name: '案管', unitName: '案件监督管理室' }, 'member'),
    );
    const card = (await cards('casemgr')).get('cases.clocks_due');
    expect(card?.severity).toBe('danger');
    expect(card?.items).toEqual([expect.objectContaining({ title: filed.number, overdue: true })]);
    expect(card?.items[0]?.href).toBe(`/cases/${filed.id}?tab=clocks`);
    // Not on the team: no card, though the zone commander sees the case's content.
    expect((await cards('zone1')).get('cases.clocks_due')).toBeUndefined();
  });

  it('refuses unknown filters and a caller without case.read', async () => {
    const res = await (await env.as('casemgr')).get('/api/cases/stats?zoneId=x&extra=1');
    expect(res.statusCode).toBe(400);
    expect((await (await env.as('intake')).get('/api/cases/stats')).statusCode).toBe(403);
  });

  it('lists the clues waiting for a filing request until one is drafted, and the returned requests to their drafter', async () => {
    const clue = await makeProposedClue(env, 'casemgr', { regionCode: await villageOf(env, 'township1') });
    let toDraft = (await cards('casemgr')).get('cases.to_draft');
    expect(toDraft?.items.map((i) => i.id)).toContain(clue.id);
    expect(toDraft?.items.find((i) => i.id === clue.id)?.href).toBe(`/clues/${clue.id}`);
    // Another township's secretary neither sees the clue nor the card's line.
    expect((await cards('township2')).get('cases.to_draft')?.items.map((i) => i.id) ?? []).not.toContain(clue.id);
    const made = await requestFiling(await ctxAs(env, 'casemgr'), filingBody({ clueId: clue.id }));
    toDraft = (await cards('casemgr')).get('cases.to_draft');
    expect(toDraft?.items.map((i) => i.id) ?? []).not.toContain(clue.id);
    await decideAll(env, made.approvalId, 'return');
    const returned = (await cards('casemgr')).get('cases.filing_returned');
    expect(returned?.items.map((i) => i.id)).toEqual([made.id]);
    expect(returned?.items[0]?.href).toBe(`/cases/${made.id}/filing`);
    // Only to the drafter.
    expect((await cards('leader')).get('cases.filing_returned')).toBeUndefined();
  });
});
