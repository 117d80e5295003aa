import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { ctxAs, unitOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { importSanction } from './index.js';

describe.each(testDialects())('importing a decided sanction on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  it('stacks a party sanction on the remainder of the earlier one, runs a state period, fixes the form and audits', async () => {
    const db = env.ctx().db;
    const subject = await db
      .selectFrom('subjects')
      .selectAll()
      .where('cadre_authority', '=', 'village_cadre')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const regionCode = subject.region_code;
    const ownerUnitId = await unitOf(env, 'tstaff1');
    const ctx = await ctxAs(env, 'casemgr');
    const person = {
      subjectId: subject.id,
      name: subject.name,
      authority: 'village_cadre' as const,
      limitedSubject: 'village_cadre' as const,
      partyMember: true,
      regionCode,
    };
    const first = await inTransaction(ctx, (tx) =>
      importSanction(tx, {
        person,
        outcome: { system: 'party', kind: 'warning' },
        decidedOn: '2026-01-10',
        approvingBody: 'township_commission',
        summary: '党内警告',
        ownerUnitId,
      }),
    );
    expect(first).toMatchObject({
      effect_start: '2026-01-10',
      effect_end: '2027-01-10',
      four_form: 2,
      status: 'decided',
    });
    // A 严重警告 in July: 18 months of its own plus what remained of the warning (6 months).
    const second = await inTransaction(ctx, (tx) =>
      importSanction(tx, {
        person,
        outcome: { system: 'party', kind: 'serious_warning' },
        decidedOn: '2026-07-10',
        summary: '党内严重警告',
        ownerUnitId,
      }),
    );
    expect(second.effect_end).toBe('2028-07-10');
    // The carried six months, as days after its own 18 (2028-01-10 → 2028-07-10, a leap year).
    expect(second.stacked_days).toBe(182);
    const state = await inTransaction(ctx, (tx) =>
      importSanction(tx, {
        person,
        outcome: { system: 'state', kind: 'demerit' },
        decidedOn: '2026-07-10',
        summary: '记过',
        ownerUnitId,
      }),
    );
    expect(state).toMatchObject({ system: 'state', effect_end: '2027-07-10', stacked_days: 0, four_form: 2 });
    const talk = await inTransaction(ctx, (tx) =>
      importSanction(tx, {
        person,
        outcome: { system: 'lighter', kind: 'admonition' },
        decidedOn: '2026-08-01',
        summary: '诫勉',
        ownerUnitId,
      }),
    );
    expect(talk).toMatchObject({ outcome_code: 'lighter.admonition', four_form: 1, effect_end: null });
    const audited = await db
      .selectFrom('audit_events')
      .select('resource_id')
      .where('action', '=', 'sanction.import')
      .execute();
    expect(audited.map((a) => a.resource_id)).toEqual(expect.arrayContaining([first.id, second.id, state.id, talk.id]));
  });

  it('refuses an unknown unit and writes nothing', async () => {
    const ctx = await ctxAs(env, 'casemgr');
    const before = await env
      .ctx()
      .db.selectFrom('sanctions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      inTransaction(ctx, (tx) =>
        importSanction(tx, {
          person: { name: '某人', authority: 'other', partyMember: false, regionCode: 'nowhere' },
          outcome: { system: 'state', kind: 'warning' },
          decidedOn: '2026-01-01',
          summary: '政务警告',
          ownerUnitId: 'no-such-unit',
        }),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const after = await env
      .ctx()
      .db.selectFrom('sanctions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
