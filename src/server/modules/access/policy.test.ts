import { type ExpressionBuilder, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import { ctxAs, makeReport, villageOf } from '../../test/factories.js';
import { listReports } from '../reports/index.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import {
  clearRecusalsForTest,
  definePolicy,
  loadInScope,
  recusedAmong,
  registerRecusal,
  registerRecusalLookup,
  visibilityOf,
  visibleWhere,
} from './policy.js';

const staffPolicy = definePolicy({
  resource: 'staff',
  table: 'staff',
  actions: { read: 'staff.read', manage: 'staff.manage' },
});

describe.each(testDialects())('access policy seam on $name', ({ name }) => {
  let env: TestEnv;
  let t1: Ctx;
  let own: { id: string; version: number };
  let other: { id: string };
  beforeAll(async () => {
    env = await startTestEnv(name);
    t1 = await ctxAs(env, 'township1');
    const db = env.ctx().db;
    const unit = t1.actor!.unitId!;
    own = await db
      .selectFrom('staff')
      .select(['id', 'version'])
      .where('owner_unit_id', '=', unit)
      .executeTakeFirstOrThrow();
    other = await db
      .selectFrom('staff')
      .select('id')
      .where('owner_unit_path', 'not like', `%${unit}%`)
      .executeTakeFirstOrThrow();
  });
  afterEach(() => clearRecusalsForTest());
  afterAll(async () => env?.close());

  it('loads a record in scope and answers 404 for one outside it', async () => {
    const row = await loadInScope<'read' | 'manage', { id: string }>(t1, staffPolicy, own.id, 'read');
    expect(row.id).toBe(own.id);
    await expect(loadInScope(t1, staffPolicy, other.id, 'read')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadInScope(t1, staffPolicy, 'no-such-id', 'read')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers which people are recused from a record: the union of the registered lookups', async () => {
    expect([...(await recusedAmong(t1, 'clue', 'c1', ['u1', 'u2']))]).toEqual([]);
    registerRecusalLookup(
      async (_ctx, resource, id, users) =>
        new Set(resource === 'clue' && id === 'c1' ? users.filter((u) => u === 'u1') : []),
    );
    registerRecusalLookup(async (_ctx, _resource, _id, users) => new Set(users.filter((u) => u === 'u3')));
    expect([...(await recusedAmong(t1, 'clue', 'c1', ['u1', 'u2', 'u3']))].sort()).toEqual(['u1', 'u3']);
    expect([...(await recusedAmong(t1, 'clue', 'c2', ['u1', 'u2']))]).toEqual([]);
    clearRecusalsForTest();
    expect([...(await recusedAmong(t1, 'clue', 'c1', ['u1', 'u3']))]).toEqual([]);
  });

  it('checks the version when asked', async () => {
    await expect(
      loadInScope(t1, staffPolicy, own.id, 'manage', { version: own.version + 1, forUpdate: true }),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { version: own.version } });
  });

  it('hides a record the actor is recused from, in loads and in lists', async () => {
    registerRecusal((eb, ctx, resource, idColumn) =>
      resource === 'staff' && ctx.actor?.username === 'township1'
        ? eb(sql.ref(idColumn), '=', own.id)
        : sql<boolean>`1 = 0`,
    );
    await expect(loadInScope(t1, staffPolicy, own.id, 'read')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await visibilityOf(t1, staffPolicy, own.id, 'read')).toBeNull();
    const listed = await t1.db
      .selectFrom('staff as s')
      .select('s.id')
      .where((eb) => visibleWhere(t1, staffPolicy, 'read', { alias: 's' })(eb as ExpressionBuilder<Database, never>))
      .execute();
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.map((r) => r.id)).not.toContain(own.id);
    // Another person is not affected by township1's recusal.
    const leader = await ctxAs(env, 'leader');
    expect(await visibilityOf(leader, staffPolicy, own.id, 'read')).toBe('full');
  });

  it('shows only the ledger line to someone in scope who is not on the team (need-to-know)', async () => {
    const teamPolicy = definePolicy<'read' | 'manage'>({
      resource: 'staff',
      table: 'staff',
      actions: { read: 'staff.read', manage: 'staff.manage' },
      // The "team" of a staff row here: rows whose id is own.id have township1 on the team.
      team: {
        actions: ['manage'],
        predicate: (eb, ctx, idColumn) =>
          ctx.actor?.username === 'leader' ? sql<boolean>`1 = 1` : eb(sql.ref(idColumn), '=', own.id),
      },
    });
    const second = await t1.db
      .selectFrom('staff')
      .select('id')
      .where('owner_unit_id', '=', t1.actor!.unitId!)
      .where('id', '!=', own.id)
      .executeTakeFirstOrThrow();
    expect(await visibilityOf(t1, teamPolicy, own.id, 'manage')).toBe('full');
    expect(await visibilityOf(t1, teamPolicy, second.id, 'manage')).toBe('line');
    await expect(loadInScope(t1, teamPolicy, second.id, 'manage')).rejects.toMatchObject({
      code: 'NEED_TO_KNOW',
      statusCode: 403,
    });
    // Reading (not a team action) still works, and the team column never leaks into the row.
    const row = await loadInScope<'read' | 'manage', Record<string, unknown>>(t1, teamPolicy, second.id, 'read');
    expect(Object.keys(row)).not.toContain('__on_team');
    // Out of scope stays 404, team or not.
    await expect(loadInScope(t1, teamPolicy, other.id, 'manage')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe.each(testDialects())('recusal in the ledger on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterEach(() => clearRecusalsForTest());
  afterAll(async () => env?.close());

  // The ledger writes its scope predicate itself (tuned strategies); recusal must still apply.
  it('leaves a report the person is recused from out of their ledger and its search, but not out of a colleague ledger', async () => {
    const village = await villageOf(env, 'township1');
    const hidden = await makeReport(env, village, { subject: { name: '吴某' } });
    const shown = await makeReport(env, village, { subject: { name: '郑某' } });
    const t1 = await ctxAs(env, 'township1');
    const ids = async (q: Record<string, unknown> = {}) =>
      (await listReports(t1, { page: 1, pageSize: 100, ...q })).items.map((r: { id: string }) => r.id);
    expect(await ids()).toEqual(expect.arrayContaining([hidden.id, shown.id]));
    registerRecusal((eb, ctx, resource, idColumn) =>
      resource === 'report' && ctx.actor?.username === 'township1'
        ? eb(sql.ref(idColumn), '=', hidden.id)
        : sql<boolean>`1 = 0`,
    );
    const after = await ids();
    expect(after).toContain(shown.id);
    expect(after).not.toContain(hidden.id);
    expect(await ids({ q: '吴某' })).toEqual([]);
    const other = await ctxAs(env, 'tstaff1');
    expect((await listReports(other, { page: 1, pageSize: 100 })).items.map((r: { id: string }) => r.id)).toContain(
      hidden.id,
    );
  });
});
