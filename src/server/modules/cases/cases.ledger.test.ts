import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { inTransaction } from '../../shared/context.js';
import { makeCase } from '../../test/case-factories.js';
import { ctxAs } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { addCaseMember, readCaseLedgerPage } from './index.js';

describe.each(testDialects())('the case ledger (narrow arms, wide walk) on $name', ({ name }) => {
  let env: TestEnv;
  const made: string[] = [];

  beforeAll(async () => {
    env = await startTestEnv(name);
    // Six zone cases about township1's village, one escalated, and one 自办 by township1.
    for (let i = 0; i < 6; i++) made.push((await makeCase(env)).id);
    made.push((await makeCase(env, { filing: { handling: { mode: 'escalated', reason: 'major_case' } } })).id);
    made.push(
      (await makeCase(env, { drafter: 'township1', filing: { handling: { mode: 'self', reason: 'simple' } } })).id,
    );
  });
  afterAll(async () => env?.close());

  async function pages(username: string, extra: Record<string, unknown> = {}) {
    const ctx = await ctxAs(env, username);
    const seen: string[] = [];
    let total = 0;
    for (let page = 1; page <= 5; page++) {
      const r = await readCaseLedgerPage(ctx, { page, pageSize: 3, ...extra });
      total = r.total;
      seen.push(...r.items.map((i) => i.id));
      if (r.items.length < 3) break;
    }
    return { seen, total };
  }

  it('pages a narrow reader (township1) through its arms without repeats, newest first, lines for the zone cases', async () => {
    const { seen, total } = await pages('township1');
    expect(total).toBe(made.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...made].sort());
    const first = await readCaseLedgerPage(await ctxAs(env, 'township1'), { page: 1, pageSize: 50 });
    const created = first.items.map((i) => i.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    const own = first.items.find((i) => i.id === made.at(-1));
    expect(own?.visibility).toBe('full');
    expect(first.items.filter((i) => i.visibility === 'line').length).toBe(made.length - 1);
  });

  it('pages a wide reader (案管, the county) the same way', async () => {
    const { seen, total } = await pages('casemgr');
    expect(total).toBe(made.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...made].sort());
  });

  it("opens a case to a team member out of scope (township2's officer): the member arm and `mine`", async () => {
    const before = await pages('township2');
    expect(before.total).toBe(0);
    const t2 = await ctxAs(env, 'township2');
    await inTransaction(await ctxAs(env, 'zone1'), (tx) =>
      addCaseMember(tx, made[0]!, { userId: t2.actor!.userId, name: '乡镇书记', unitName: '乡镇纪委' }, 'member'),
    );
    const after = await readCaseLedgerPage(t2, { page: 1, pageSize: 50 });
    expect(after.items.map((i) => [i.id, i.visibility])).toEqual([[made[0], 'full']]);
    const mine = await readCaseLedgerPage(t2, { page: 1, pageSize: 50, mine: true });
    expect(mine.total).toBe(1);
    const filtered = await readCaseLedgerPage(await ctxAs(env, 'township1'), {
      page: 1,
      pageSize: 50,
      mode: 'self',
    });
    expect(filtered.items.map((i) => i.id)).toEqual([made.at(-1)]);
  });

  it('searches part of a subject name, a number fragment, a surname (1–2 characters) and escapes wildcards, kept in step with the subjects', async () => {
    const a = await makeCase(env);
    const b = await makeCase(env);
    const db = env.ctx().db;
    // The subjects change after filing: cases.subject_name (and its index) follow in the same statement.
    await db.updateTable('case_subjects').set({ name: '欧阳明辉' }).where('case_id', '=', a.id).execute();
    const first = await db
      .selectFrom('case_subjects')
      .selectAll()
      .where('case_id', '=', b.id)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('case_subjects')
      .values({ ...first, id: newId(), seq: 2, name: '测%_%试' })
      .execute();
    const names = await db.selectFrom('cases').select(['id', 'subject_name']).where('id', 'in', [a.id, b.id]).execute();
    expect(names.find((r) => r.id === a.id)?.subject_name).toBe('欧阳明辉');
    expect(names.find((r) => r.id === b.id)?.subject_name).toBe(`${first.name}、测%_%试`);
    const search = async (username: string, q: string) =>
      (await readCaseLedgerPage(await ctxAs(env, username), { page: 1, pageSize: 50, q })).items.map((i) => i.id);
    expect(await search('casemgr', '阳明辉')).toEqual([a.id]);
    expect(await search('casemgr', '欧阳明辉')).toEqual([a.id]);
    // One or two characters: the start of a subject's name (a surname), not the middle.
    expect(await search('casemgr', '欧阳')).toEqual([a.id]);
    expect(await search('casemgr', '欧')).toEqual([a.id]);
    expect(await search('casemgr', '明辉')).toEqual([]);
    expect(await search('casemgr', '测%')).toEqual([b.id]);
    // Wildcards are the characters themselves, not patterns.
    expect(await search('casemgr', '%_%')).toEqual([b.id]);
    expect(await search('casemgr', '%%%')).toEqual([]);
    expect(await search('casemgr', '___')).toEqual([]);
    expect(await search('casemgr', '%')).toEqual([]);
    // A fragment of the number, the whole number.
    expect(a.number).toMatch(/〕\d+号$/);
    const fragment = a.number!.slice(a.number!.indexOf('〕'));
    expect(await search('casemgr', fragment)).toEqual([a.id]);
    expect(await search('casemgr', a.number!)).toEqual([a.id]);
    // The subject's own township sees the line only; a team member out of scope sees it in full.
    const line = await readCaseLedgerPage(await ctxAs(env, 'township1'), { page: 1, pageSize: 50, q: '阳明辉' });
    expect(line.items.map((i) => [i.id, i.visibility, i.title])).toEqual([[a.id, 'line', null]]);
    expect(line.total).toBe(1);
    expect(await search('township2', '阳明辉')).toEqual([]);
    const onTeam = await readCaseLedgerPage(await ctxAs(env, 'township2'), {
      page: 1,
      pageSize: 50,
      q: made[0]
        ? (await db.selectFrom('cases').select('number').where('id', '=', made[0]).executeTakeFirstOrThrow()).number!
        : '',
    });
    expect(onTeam.items.map((i) => [i.id, i.visibility])).toEqual([[made[0], 'full']]);
    // Recused: nothing, by name, by number, or in the list.
    const row = await db
      .selectFrom('cases')
      .select(['owner_unit_id', 'owner_unit_path', 'region_path', 'county_code'])
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    const t1 = (await ctxAs(env, 'township1')).actor!.userId;
    const leader = (await ctxAs(env, 'leader')).actor!.userId;
    const now = new Date(env.clock.nowMs()).toISOString();
    await db
      .insertInto('recusals')
      .values({
        id: newId(),
        resource: 'case',
        resource_id: a.id,
        user_id: t1,
        requested_by_kind: 'organ',
        oral: 0,
        reasons: '与被审查调查人系近亲属',
        recorded_by: leader,
        state: 'recused',
        escalated: 0,
        target_unit_path: row.owner_unit_path,
        decided_by: leader,
        decided_at: now,
        decision_note: null,
        withdrawn_at: null,
        ...row,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    expect(await search('township1', '阳明辉')).toEqual([]);
    expect(await search('township1', '欧阳')).toEqual([]);
    expect(await search('township1', a.number!)).toEqual([]);
    expect((await pages('township1')).seen).not.toContain(a.id);
    expect((await pages('township1')).seen).toContain(b.id);
  });
});
