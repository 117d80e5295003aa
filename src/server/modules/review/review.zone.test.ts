import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecusal } from '../recusal/index.js';
import { assignRole } from '../access/index.js';
import { makeTransferredCase } from '../../test/case-factories.js';
import { ctxAs, makeTownshipStaff, makeZoneLeader, villageOf, zoneNeighbours, zonesOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

/**
 * The zone leader and a township review of his zone (issue 14 §1, 交叉审理): he reads its page and
 * convenes its cross-review panel from the console's page; he does the panel's work once it is
 * convened, not the township's own review's before; another zone's leader finds nothing; recusal
 * from the case hides the review from him.
 */
describe.each(testDialects())('the zone leader on a township review on $name', ({ name }) => {
  let env: TestEnv;
  let county = '';
  beforeAll(async () => {
    env = await startTestEnv(name);
    county = (
      await env.ctx().db.selectFrom('regions').select('code').where('level', '=', 'county').executeTakeFirstOrThrow()
    ).code;
    // Township cases reviewed by the township (or the zone's panel), not the county.
    const set = await (await env.as('sysadmin')).put(`/api/review-settings/${county}`, { countyReview: 1 });
    expect(set.statusCode, set.body).toBe(200);
  });
  afterAll(async () => env?.close());

  const review = (id: string) =>
    env.ctx().db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** A township1 case handled by the township itself, transferred: its review is the township's. */
  const townshipCase = async () =>
    makeTransferredCase(env, {
      drafter: 'township1',
      filing: { handling: { mode: 'self', reason: 'simple' } },
      clueOver: { regionCode: await villageOf(env, 'township1') },
      team: ['tstaff1', 'township1'],
    });

  it('reads the township review of his zone and convenes its panel; the panel’s work is then his, not before; another zone’s leader gets 404', async () => {
    const made = await townshipCase();
    const row = await review(made.reviewId);
    expect(row.route).toBe('township');
    const zone1 = await env.as('zone1');

    // The page: content, with the right to convene (assign) but not the township's own work.
    const page = await zone1.get(`/api/reviews/${made.reviewId}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ route: 'township', can: { assign: true, manage: false } });
    const line = (await zone1.get(`/api/reviews?caseId=${made.id}`)).json().items[0];
    expect(line).toMatchObject({ id: made.reviewId, visibility: 'full' });
    const subjectId = page.json().subjects[0].id as string;
    const talk = async () =>
      zone1.post(`/api/reviews/${made.reviewId}/talks`, {
        version: (await review(made.reviewId)).version,
        subjectId,
        heldOn: '2026-11-20',
        reason: 'requested',
        reviewers: [],
        defence: '无异议',
      });
    const early = await talk();
    expect(early.statusCode).toBe(403);
    expect(early.json().error.code).toBe('NEED_TO_KNOW');

    // Another zone's leader: the review does not exist for him (page, panel, candidates).
    const zones = await zonesOf(env, 'zone1');
    await makeZoneLeader(env, zones.other, `zone_other_${name}`, '第二协作区组长');
    const other = await env.as(`zone_other_${name}`);
    expect((await other.get(`/api/reviews/${made.reviewId}`)).statusCode).toBe(404);
    expect((await other.get(`/api/reviews/${made.reviewId}/panel-candidates`)).statusCode).toBe(404);
    expect((await other.get(`/api/reviews?caseId=${made.id}`)).json().items).toEqual([]);

    // He convenes the panel from the zone's other townships.
    const [b, c] = await zoneNeighbours(env, 'township1');
    const staffB = await makeTownshipStaff(env, b!.id, `zpanelb_${name}`, '乙乡纪检干事');
    const staffC = await makeTownshipStaff(env, c!.id, `zpanelc_${name}`, '丙乡纪检干事');
    const admin = await ctxAs(env, 'sysadmin');
    for (const [userId, unitId] of [
      [staffB, b!.id],
      [staffC, c!.id],
    ] as const)
      await assignRole(admin, {
        userId,
        roleKey: 'township_secretary',
        scopeType: 'unit_subtree',
        scopeUnitId: unitId,
      });
    const userIds = [staffB, staffC];
    const check = await zone1.post(`/api/reviews/${made.reviewId}/conflict-checks`, { userIds });
    expect(check.statusCode, check.body).toBe(200);
    const panel = await zone1.put(`/api/reviews/${made.reviewId}/panel`, {
      version: (await review(made.reviewId)).version,
      checkId: check.json().checkId,
      members: userIds.map((userId, i) => ({ userId, role: i === 0 ? 'leader' : 'member' })),
    });
    expect(panel.statusCode, panel.body).toBe(200);
    expect((await review(made.reviewId)).route).toBe('panel');

    // The panel is the zone's: its work is his now (the talk is refused for its state, not access).
    const after = await zone1.get(`/api/reviews/${made.reviewId}`);
    expect(after.json()).toMatchObject({ route: 'panel', can: { assign: true, manage: true } });
    const late = await talk();
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('REVIEW_TRANSITION');
    // The handling township sees the line only; the other zone still nothing.
    const township1 = await env.as('township1');
    const townshipPage = await township1.get(`/api/reviews/${made.reviewId}`);
    expect(townshipPage.statusCode).toBe(403);
    expect(townshipPage.json().error.code).toBe('NEED_TO_KNOW');
    expect((await other.get(`/api/reviews/${made.reviewId}`)).statusCode).toBe(404);
  });

  it('hides the review from a zone leader recused from its case', async () => {
    const made = await townshipCase();
    const zone1 = await env.as('zone1');
    expect((await zone1.get(`/api/reviews/${made.reviewId}`)).statusCode).toBe(200);
    await createRecusal(await ctxAs(env, 'leader'), {
      resource: 'case',
      resourceId: made.id,
      userId: (await ctxAs(env, 'zone1')).actor!.userId,
      requestedBy: 'organ',
      reasons: '与被审查调查人系近亲属',
    });
    expect((await zone1.get(`/api/reviews/${made.reviewId}`)).statusCode).toBe(404);
    expect((await zone1.get(`/api/reviews/${made.reviewId}/panel-candidates`)).statusCode).toBe(404);
  });
});
