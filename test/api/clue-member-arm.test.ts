/**
 * The ledger's member arm (issue 12): a township officer put on a zone team for a clue the county
 * commission owns opens it (`team.reachesOutOfScope`) and now also finds it in the clue ledger
 * (with its filters and clock filter) and on the workbench's "my clues" card; once taken off the
 * team, or recused, it is gone from both and answers 404. The arm reads the current memberships
 * by an index seek (EXPLAIN on both engines).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/server/shared/context.js';
import { setClueState } from '../../src/server/modules/clues/index.js';
import { ctxAs, makeClue } from '../../src/server/test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../src/server/test/harness.js';

describe.each(testDialects())('the clue ledger’s member arm on $name', ({ name }) => {
  let env: TestEnv;
  const ids: Record<string, string> = {};
  let zoneId: string;
  let tstaff1: Client;
  let zone1: Client;

  beforeAll(async () => {
    env = await startTestEnv(name);
    for (const u of await env.ctx().db.selectFrom('users').select(['id', 'username']).execute()) ids[u.username] = u.id;
    zoneId = (await env.ctx().db.selectFrom('zones').select('id').orderBy('ordinal').executeTakeFirstOrThrow()).id;
    tstaff1 = await env.as('tstaff1');
    zone1 = await env.as('zone1');
  });
  afterAll(async () => env?.close());

  /** A county clue (案管's) in the first zone's pool, with zone1 as keeper, office1 handling and tstaff1 on the team. */
  async function teamClue(summary: string) {
    const made = await makeClue(env, 'casemgr', { summary });
    const ctx = await ctxAs(env, 'casemgr');
    const { version } = await inTransaction(ctx, (tx) =>
      setClueState(tx, made.id, made.version, { status: 'assigned', zoneId }),
    );
    // Before: outside the township officer's scope, so neither listed nor found.
    expect(await listed(made.id)).toBe(false);
    expect((await tstaff1.get(`/api/clues/${made.id}`)).statusCode).toBe(404);
    const res = await zone1.post(`/api/clues/${made.id}/assignment`, {
      version,
      keeperId: ids.zone1,
      handlerId: ids.office1,
      memberIds: [ids.tstaff1],
    });
    expect(res.statusCode, res.body).toBe(200);
    return { ...made, version: res.json<{ version: number }>().version };
  }

  /** Whether tstaff1's ledger (with `query`) lists the clue, and in full. */
  async function listed(id: string, query = ''): Promise<boolean> {
    const res = await tstaff1.get(`/api/clues?pageSize=200${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const line = res.json().items.find((i: { id: string }) => i.id === id);
    if (line) expect(line.visibility).toBe('full');
    return Boolean(line);
  }

  /** Whether tstaff1's "my clues" card lists the clue. */
  async function onCard(id: string): Promise<boolean> {
    const cards = (await tstaff1.get('/api/workbench')).json().cards as { key: string; items: { id: string }[] }[];
    return (cards.find((c) => c.key === 'clues.mine')?.items ?? []).some((i) => i.id === id);
  }

  it('lists a team member’s out-of-scope clue in the ledger, its filters and “my clues”, until removed', async () => {
    const clue = await teamClue('协作区核查线索甲');
    expect((await tstaff1.get(`/api/clues/${clue.id}`)).statusCode).toBe(200);
    expect(await listed(clue.id)).toBe(true);
    // An equality filter (counted per unit of the scope), the clock filter (timer 1 runs), a search.
    expect(await listed(clue.id, '&status=assigned')).toBe(true);
    expect(await listed(clue.id, '&clock=running')).toBe(true);
    expect(await listed(clue.id, `&q=${encodeURIComponent(clue.number)}`)).toBe(true);
    expect(await listed(clue.id, '&status=registered')).toBe(false);
    expect(await listed(clue.id, `&zoneId=${zoneId}`)).toBe(true);
    expect(await onCard(clue.id)).toBe(true);

    const removed = await zone1.post(`/api/clues/${clue.id}/member-removals`, {
      version: clue.version,
      userId: ids.tstaff1,
      role: 'team_member',
      reason: '调整核查组',
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await listed(clue.id)).toBe(false);
    expect(await onCard(clue.id)).toBe(false);
    expect((await tstaff1.get(`/api/clues/${clue.id}`)).statusCode).toBe(404);
  });

  it('never shows a clue to a member recused from it (404, in no list)', async () => {
    const clue = await teamClue('协作区核查线索乙');
    expect(await listed(clue.id)).toBe(true);
    const asked = await (
      await env.as('casemgr')
    ).post('/api/recusals', {
      resource: 'clue',
      resourceId: clue.id,
      userId: ids.tstaff1,
      requestedBy: 'subject',
      reasons: '被反映人提出：核查人员与其有矛盾',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const decided = await (
      await env.as('leader')
    ).post(`/api/recusals/${asked.json().id}/decision`, { decision: 'recused', version: asked.json().version });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await tstaff1.get(`/api/clues/${clue.id}`)).statusCode).toBe(404);
    expect(await listed(clue.id)).toBe(false);
    expect(await listed(clue.id, '&clock=running')).toBe(false);
    expect(await onCard(clue.id)).toBe(false);
  });

  it('reads the member arm by an index seek on clue_members_current', async () => {
    const db = env.ctx().db;
    const arm = sql`select m.clue_id from clue_members m where m.user_id = ${ids.tstaff1}
      and m.role in ('keeper', 'handler', 'team_member') and m.removed_at is null`;
    if (name === 'sqlite') {
      const plan = (await sql<{ detail: string }>`explain query plan ${arm}`.execute(db)).rows.map((r) => r.detail);
      expect(plan.join('\n')).toMatch(
        /SEARCH m USING (COVERING )?INDEX clue_members_current \(user_id=\? AND role=\?\)/,
      );
    } else {
      // A test database is tiny, where a sequential scan is cheapest: forbid it to see that the
      // index serves the arm (at scale the planner chooses it by cost).
      const plan = await inTransaction(env.ctx(), async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx.db);
        return (await sql<{ 'QUERY PLAN': string }>`explain ${arm}`.execute(tx.db)).rows.map((r) => r['QUERY PLAN']);
      });
      expect(plan.join('\n')).toMatch(/Index Only Scan using clue_members_current/);
    }
  });
});
