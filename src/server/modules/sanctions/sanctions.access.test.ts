import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecusal } from '../recusal/index.js';
import { ctxAs, villageOf } from '../../test/factories.js';
import { type DecidedReviewCase, decidedReviewCase } from '../../test/sanction-factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

/**
 * Who reads a sanction (issue 14 §6, the three access decisions of session 26): the zone leader
 * reads, never manages, the sanctions of his zone's cases in his zone scope (not another zone's,
 * not the county commission's own); the person's own township commission reads the sanctions of
 * its people whoever handled the case (a zone case, the county's own); recusal from the case
 * hides them from both.
 */
describe.each(testDialects())('who reads a sanction on $name', ({ name }) => {
  let env: TestEnv;
  /** A zone case of a township1 villager (the zone's workroom handles it). */
  let zoneCase: DecidedReviewCase;
  /** The county commission's own case (提级办理) of a township1 villager. */
  let countyCase: DecidedReviewCase;
  /** A zone case of a township2 villager (the other zone's). */
  let otherCase: DecidedReviewCase;

  beforeAll(async () => {
    env = await startTestEnv(name);
    zoneCase = await decidedReviewCase(env, ['party.warning']);
    countyCase = await decidedReviewCase(env, ['party.warning'], {
      kase: { filing: { handling: { mode: 'escalated', reason: 'long_span' } } },
    });
    otherCase = await decidedReviewCase(env, ['party.warning'], {
      kase: { clueOver: { regionCode: await villageOf(env, 'township2') } },
    });
  });
  afterAll(async () => env?.close());

  const owner = async (id: string) =>
    (
      await env
        .ctx()
        .db.selectFrom('sanctions as s')
        .innerJoin('units as u', 'u.id', 's.owner_unit_id')
        .select(['u.kind', 's.reach_path', 's.owner_unit_path'])
        .where('s.id', '=', id)
        .executeTakeFirstOrThrow()
    ).kind;
  const status = async (username: string, path: string) => (await (await env.as(username)).get(path)).statusCode;
  const outcomes = async (username: string, c: DecidedReviewCase) => {
    const res = await (await env.as(username)).get(`/api/cases/${c.caseId}/sanctions`);
    return res.statusCode === 200 ? (res.json().items as { id: string }[]).map((i) => i.id) : res.statusCode;
  };

  it('made the three owners the rules below are about', async () => {
    expect(await owner(zoneCase.sanctionIds[0]!)).not.toBe('commission');
    expect(await owner(countyCase.sanctionIds[0]!)).toBe('commission');
    expect(await owner(otherCase.sanctionIds[0]!)).not.toBe('township_commission');
  });

  it('lets the zone leader read his zone’s sanctions in his zone scope, never manage them; 404 on another zone’s and the county’s own', async () => {
    const [mine, county, other] = [zoneCase, countyCase, otherCase].map((c) => c.sanctionIds[0]!);
    expect(await status('zone1', `/api/sanctions/${mine}`)).toBe(200);
    expect(await outcomes('zone1', zoneCase)).toEqual([mine]);
    expect(await status('zone1', `/api/sanctions/${mine}/notices`)).toBe(200);
    expect(await status('zone1', `/api/sanctions/${county}`)).toBe(404);
    expect(await status('zone1', `/api/sanctions/${other}`)).toBe(404);
    // The county's own case is in his zone's region (its line), its outcomes are not his.
    expect(await outcomes('zone1', countyCase)).toEqual([]);
    expect(await outcomes('zone1', otherCase)).toBe(404);
    // The ledger: his zone's records only.
    const ledger = await (await env.as('zone1')).get('/api/sanctions?pageSize=200');
    expect(ledger.statusCode, ledger.body).toBe(200);
    const seen = (ledger.json().items as { id: string }[]).map((i) => i.id);
    expect(seen).toContain(mine);
    expect(seen).not.toContain(county);
    expect(seen).not.toContain(other);
    // Reading is not managing: no sanction.manage.
    const edit = await (await env.as('zone1')).patch(`/api/sanctions/${mine}`, { version: 1, summary: '改' });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().error.code).toBe('FORBIDDEN');
  });

  it('lets the person’s own township commission read the sanctions of its people whoever handled the case, not another township’s', async () => {
    const [mine, county, other] = [zoneCase, countyCase, otherCase].map((c) => c.sanctionIds[0]!);
    // A zone case and the county's own case of a township1 villager: township1 reads both.
    expect(await status('township1', `/api/sanctions/${mine}`)).toBe(200);
    expect(await outcomes('township1', zoneCase)).toEqual([mine]);
    expect(await status('township1', `/api/sanctions/${county}`)).toBe(200);
    expect(await outcomes('township1', countyCase)).toEqual([county]);
    // Reading is all: the steps stay with the handling unit's scope.
    const step = await (
      await env.as('township1')
    ).post(`/api/sanctions/${mine}/steps/announced`, {
      version: 1,
      on: '2026-11-20',
    });
    expect(step.statusCode).toBe(404);
    // Another township's people: nothing, either way.
    expect(await status('township1', `/api/sanctions/${other}`)).toBe(404);
    expect(await status('township2', `/api/sanctions/${other}`)).toBe(200);
    expect(await status('township2', `/api/sanctions/${mine}`)).toBe(404);
    expect(await outcomes('township2', zoneCase)).toBe(404);
    // The township's staff hold no sanction.read at all.
    expect(await status('tstaff1', `/api/sanctions/${mine}`)).toBe(403);
  });

  it('hides the sanctions of a case from the zone leader and the township secretary recused from it', async () => {
    const id = zoneCase.sanctionIds[0]!;
    for (const username of ['zone1', 'township1']) {
      await createRecusal(await ctxAs(env, 'leader'), {
        resource: 'case',
        resourceId: zoneCase.caseId,
        userId: (await ctxAs(env, username)).actor!.userId,
        requestedBy: 'organ',
        reasons: '与被审查调查人系近亲属',
      });
      expect(await status(username, `/api/sanctions/${id}`)).toBe(404);
      expect(await outcomes(username, zoneCase)).toBe(404);
    }
    // Not recused from the county's case: township1 still reads it.
    expect(await status('township1', `/api/sanctions/${countyCase.sanctionIds[0]!}`)).toBe(200);
  });
});
