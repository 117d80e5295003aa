import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { type DeadlineOwner, deadlinesOf, deadlinesOfMany, meetClock, openClock } from './index.js';

/**
 * `deadlinesOfMany`: the clocks of several records in one read (the case's measures and seized
 * items list theirs with it) must be exactly what `deadlinesOf` gives record by record.
 */
describe.each(testDialects())('clocks of many records on $name', ({ name }) => {
  let env: TestEnv;
  let owner: DeadlineOwner;

  beforeAll(async () => {
    env = await startTestEnv(name);
    owner = await env
      .ctx()
      .db.selectFrom('units')
      .select(['id as owner_unit_id', 'path as owner_unit_path', 'region_path', 'county_code'])
      .where('kind', '=', 'commission')
      .executeTakeFirstOrThrow();
  });
  afterAll(async () => env?.close());

  const open = (resourceType: string, resourceId: string, kind: string) =>
    inTransaction(env.ctx(), (t) =>
      openClock(t, { resourceType, resourceId, kind, startAt: new Date(env.clock.nowMs()).toISOString(), owner }),
    );

  it('reads every record’s clocks, oldest first, none for a record without, nothing of another type', async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    const first = await open('case', a, 'handle');
    env.clock.advance(60_000);
    await inTransaction(env.ctx(), (t) => meetClock(t, first.id));
    await open('case', a, 'feedback');
    await open('case', b, 'handle');
    // The same id under another resource type is not one of the case's clocks.
    await open('clue', b, 'ack');
    const many = await deadlinesOfMany(env.ctx(), 'case', [a, b, c]);
    expect([...many.keys()]).toEqual([a, b, c]);
    expect(many.get(a)!.map((d) => [d.kind, d.state])).toEqual([
      ['handle', 'met'],
      ['feedback', 'running'],
    ]);
    for (const id of [a, b, c]) expect(many.get(id)).toEqual(await deadlinesOf(env.ctx(), 'case', id));
    expect(many.get(b)!.map((d) => d.kind)).toEqual(['handle']);
    expect(many.get(c)).toEqual([]);
    expect((await deadlinesOfMany(env.ctx(), 'case', [])).size).toBe(0);
  });
});
