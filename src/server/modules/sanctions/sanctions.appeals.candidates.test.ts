import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { makeTransferredCase } from '../../test/case-factories.js';
import { ctxAs, makeReviewer, unitOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { importSanction } from './index.js';

type Candidate = { userId: string; name: string; unitName: string; excluded: boolean; reason: string | null };

describe.each(testDialects())("an appeal's team candidates (复查组) on $name", ({ name }) => {
  let env: TestEnv;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    ids.reviewer3 = await makeReviewer(env, 'reviewer3', '审理室干部三');
    ids.reviewer4 = await makeReviewer(env, 'reviewer4', '审理室干部四');
    for (const u of await env.ctx().db.selectFrom('users').select(['id', 'username']).execute()) ids[u.username] = u.id;
  });
  afterAll(async () => env?.close());

  it('marks the investigators excluded in words, as the team save refuses them, offers the others, and answers 404 outside scope', async () => {
    const db = env.ctx().db;
    const made = await makeTransferredCase(env);
    const subject = await db
      .selectFrom('subjects')
      .selectAll()
      .where('cadre_authority', '=', 'village_cadre')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const ownerUnitId = await unitOf(env, 'leader');
    const sanction = await inTransaction(await ctxAs(env, 'casemgr'), (tx) =>
      importSanction(tx, {
        person: {
          subjectId: null,
          name: subject.name,
          authority: 'village_cadre',
          limitedSubject: 'village_cadre',
          partyMember: true,
          regionCode: subject.region_code,
        },
        outcome: { system: 'party', kind: 'serious_warning' },
        decidedOn: '2026-11-10',
        approvingBody: 'county_commission',
        approvingBodyName: '渑池县纪委',
        decisionRef: '渑纪处〔2026〕5号',
        summary: '违规使用村集体资金',
        ownerUnitId,
      }),
    );
    // Fixture: the imported record given the case it came of.
    await db.updateTable('sanctions').set({ case_id: made.id }).where('id', '=', sanction.id).execute();
    const casemgr = await env.as('casemgr');
    const lodged = await casemgr.post(`/api/sanctions/${sanction.id}/appeals`, {
      kind: 'complaint',
      applicant: subject.name,
      grounds: '处分过重',
      appliedOn: '2026-11-19',
    });
    expect(lodged.statusCode, lodged.body).toBe(201);
    const appealId = lodged.json().id as string;

    const res = await casemgr.get(`/api/sanction-appeals/${appealId}/team/candidates`);
    expect(res.statusCode, res.body).toBe(200);
    const people = res.json().people as Candidate[];
    const of = (userId: string) => people.find((p) => p.userId === userId);
    // office1 was on the case team: excluded, the reason the team save gives.
    expect(of(ids.office1!)).toMatchObject({ excluded: true, reason: '参与了原案审查调查，不得参与申诉' });
    expect(of(ids.reviewer3!)).toMatchObject({ excluded: false, reason: null });
    expect(of(ids.reviewer4!)).toMatchObject({ excluded: false, reason: null });
    // The list and the refusal agree: every excluded person is refused, the offered ones saved.
    const excluded = people.filter((p) => p.excluded).map((p) => p.userId);
    expect(excluded.length).toBeGreaterThan(0);
    const version = () =>
      db.selectFrom('sanction_appeals').select('version').where('id', '=', appealId).executeTakeFirstOrThrow();
    for (const userId of excluded) {
      const check = await casemgr.post(`/api/sanction-appeals/${appealId}/conflict-checks`, {
        userIds: [ids.reviewer3, userId],
      });
      expect(check.statusCode, check.body).toBe(200);
      const refused = await casemgr.put(`/api/sanction-appeals/${appealId}/team`, {
        version: (await version()).version,
        checkId: check.json().checkId,
        userIds: [ids.reviewer3, userId],
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.message).toContain(of(userId)!.reason!.split('，')[0]);
    }
    const check = await casemgr.post(`/api/sanction-appeals/${appealId}/conflict-checks`, {
      userIds: [ids.reviewer3, ids.reviewer4],
    });
    const saved = await casemgr.put(`/api/sanction-appeals/${appealId}/team`, {
      version: (await version()).version,
      checkId: check.json().checkId,
      userIds: [ids.reviewer3, ids.reviewer4],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // Outside scope (a township secretary): 404; a bad id: 400.
    expect(
      (await (await env.as('township1')).get(`/api/sanction-appeals/${appealId}/team/candidates`)).statusCode,
    ).toBe(404);
    expect((await casemgr.get(`/api/sanction-appeals/not-an-id/team/candidates`)).statusCode).toBe(400);
  });
});
