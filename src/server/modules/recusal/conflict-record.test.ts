import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { ctxAs } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { checkConflicts } from './index.js';

/** A check of 案管 against a clue with one subject. */
function input(resourceId: string, userId: string) {
  return {
    resource: 'clue' as const,
    resourceId,
    userIds: [userId],
    subjects: [{ name: '曌某' }],
    role: 'keeper' as const,
  };
}

describe.each(testDialects())('recording a conflict check on $name', ({ name }) => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => {
    await env.close();
  });

  const stored = (id: string) =>
    env.ctx().db.selectFrom('conflict_checks').select(['id', 'resource_id']).where('id', '=', id).executeTakeFirst();

  it('records a check run on its own, and one run in a caller\u2019s transaction with that transaction', async () => {
    const ctx = await ctxAs(env, 'casemgr');
    const me = ctx.actor!.userId;
    // On its own (PostgreSQL: its own commit, not waiting for the WAL flush): stored.
    const alone = await checkConflicts(ctx, input('00000000-0000-4000-8000-0000000c0a01', me));
    expect((await stored(alone.checkId))?.resource_id).toBe('00000000-0000-4000-8000-0000000c0a01');
    // In a caller's transaction: committed with it...
    const kept = await inTransaction(ctx, (tx) =>
      checkConflicts(tx, input('00000000-0000-4000-8000-0000000c0a02', me)),
    );
    expect(await stored(kept.checkId)).toBeDefined();
    // ...and gone with it when it rolls back (the record is the caller's, not a commit of its own).
    let rolledBack = '';
    await expect(
      inTransaction(ctx, async (tx) => {
        rolledBack = (await checkConflicts(tx, input('00000000-0000-4000-8000-0000000c0a03', me))).checkId;
        throw new Error('assignment refused');
      }),
    ).rejects.toThrow('assignment refused');
    expect(rolledBack).not.toBe('');
    expect(await stored(rolledBack)).toBeUndefined();
  });
});
