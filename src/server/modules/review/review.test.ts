import JSZip from 'jszip';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { addClueMember } from '../clues/index.js';
import { removeCaseMember } from '../cases/index.js';
import { createRecusal } from '../recusal/index.js';
import { assignRole } from '../access/index.js';
import { resubmitApproval } from '../approvals/index.js';
import { decideAll, makeCase, makeTransferredCase } from '../../test/case-factories.js';
import { ctxAs, makeReviewer, makeTownshipStaff, villageOf, zoneNeighbours } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

describe.each(testDialects())('the review stage (审理) on $name', ({ name }) => {
  let env: TestEnv;
  let reviewer: Client;
  let reviewer2: Client;
  let casemgr: Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    ids.reviewer2 = await makeReviewer(env, 'reviewer2', '审理室干部二');
    ids.reviewer3 = await makeReviewer(env, 'reviewer3', '审理室干部三');
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
    for (const u of users) ids[u.username] = u.id;
  });
  afterAll(async () => env?.close());
  // Fresh sessions for each test (a test that moves the clock outlives them).
  async function login() {
    reviewer = await env.as('reviewer');
    reviewer2 = await env.as('reviewer2');
    casemgr = await env.as('casemgr');
  }
  beforeEach(login);

  const review = (id: string) =>
    env.ctx().db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const kase = (id: string) =>
    env.ctx().db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const clocks = (reviewId: string) =>
    env
      .ctx()
      .db.selectFrom('deadlines')
      .selectAll()
      .where('resource_type', '=', 'review')
      .where('resource_id', '=', reviewId)
      .orderBy('seq')
      .execute();

  async function accept(reviewId: string, client = reviewer) {
    const r = await review(reviewId);
    return client.post(`/api/reviews/${reviewId}/acceptance`, {
      version: r.version,
      decision: 'accept',
      reason: '移送材料齐全，符合受理条件',
    });
  }

  async function team(reviewId: string, userIds: string[], client = reviewer) {
    const check = await client.post(`/api/reviews/${reviewId}/conflict-checks`, { userIds });
    expect(check.statusCode, check.body).toBe(200);
    const r = await review(reviewId);
    return client.put(`/api/reviews/${reviewId}/team`, {
      version: r.version,
      checkId: check.json().checkId,
      members: userIds.map((userId, i) => ({ userId, role: i === 0 ? 'leader' : 'member' })),
    });
  }

  it('routes a zone case to the county, accepts, defers and refuses with reasons, in scope only', async () => {
    const made = await makeTransferredCase(env);
    const row = await review(made.reviewId);
    expect(row).toMatchObject({ status: 'awaiting', route: 'county' });
    const county = await env
      .ctx()
      .db.selectFrom('units')
      .select('id')
      .where('kind', '=', 'commission')
      .where('county_code', '=', (await kase(made.id)).county_code)
      .executeTakeFirstOrThrow();
    expect(row.owner_unit_id).toBe(county.id);
    // Outside the reviewing unit and the handling unit: 404 on the page, absent from the ledger.
    const township2 = await env.as('township2');
    expect((await township2.get(`/api/reviews/${made.reviewId}`)).statusCode).toBe(404);
    expect((await township2.get('/api/reviews')).json().items.map((i: { id: string }) => i.id)).not.toContain(
      made.reviewId,
    );
    // A zone leader's scope over the subject's region does not reach a county review's work.
    const zone1 = await env.as('zone1');
    const zoneAccept = await zone1.post(`/api/reviews/${made.reviewId}/acceptance`, {
      version: row.version,
      decision: 'accept',
      reason: '越权受理',
    });
    expect(zoneAccept.statusCode).toBe(403);
    expect(zoneAccept.json().error.code).toBe('NEED_TO_KNOW');
    // The reviewing unit's people see it in full.
    const line = (await reviewer.get(`/api/reviews?caseId=${made.id}`)).json().items[0];
    expect(line).toMatchObject({ id: made.reviewId, status: 'awaiting', visibility: 'full' });
    // A reason is required; defer, then accept; accepting twice is out of order.
    const noReason = await reviewer.post(`/api/reviews/${made.reviewId}/acceptance`, {
      version: row.version,
      decision: 'defer',
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    const deferred = await reviewer.post(`/api/reviews/${made.reviewId}/acceptance`, {
      version: row.version,
      decision: 'defer',
      reason: '缺少涉案财物报告，待补齐后受理',
    });
    expect(deferred.statusCode, deferred.body).toBe(200);
    expect(deferred.json().status).toBe('deferred');
    const accepted = await accept(made.reviewId);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().dueOn).toBeTruthy();
    const [clock] = await clocks(made.reviewId);
    expect(clock).toMatchObject({ kind: 'review', met_at: null });
    expect(clock!.legal_due_on).toBe('2026-12-20');
    const again = await accept(made.reviewId);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'REVIEW_TRANSITION',
      details: { from: 'reviewing', to: 'reviewing' },
    });

    // Refused: the case goes back to its team; their resubmission brings it back to acceptance.
    const other = await makeTransferredCase(env);
    const r2 = await review(other.reviewId);
    const refused = await reviewer.post(`/api/reviews/${other.reviewId}/acceptance`, {
      version: r2.version,
      decision: 'refuse',
      reason: '不符合移送条件：未附违纪违法事实材料',
    });
    expect(refused.statusCode, refused.body).toBe(200);
    expect((await kase(other.id)).status).toBe('investigating');
    // The reviewer is not the case team: the resubmission is not theirs (no case.manage).
    const notTeam = await reviewer.post(`/api/reviews/${other.reviewId}/resubmission`, {
      caseVersion: (await kase(other.id)).version,
      note: '已补充',
    });
    expect(notTeam.statusCode).toBe(403);
    const back = await casemgr.post(`/api/reviews/${other.reviewId}/resubmission`, {
      caseVersion: (await kase(other.id)).version,
      note: '已补充违纪违法事实材料',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect((await kase(other.id)).status).toBe('transferred');
    expect((await review(other.reviewId)).status).toBe('awaiting');
  });

  it('refuses reviewers who investigated (removed ones too), handled the clue, are recused, or too few; the team reads the file read-only', async () => {
    const made = await makeTransferredCase(env);
    expect((await accept(made.reviewId)).statusCode).toBe(200);
    // office1 is on the case team.
    const investigator = await team(made.reviewId, [ids.reviewer!, ids.office1!]);
    expect(investigator.statusCode).toBe(409);
    expect(investigator.json().error.code).toBe('REVIEW_SEPARATION');
    expect(investigator.json().error.message).toContain('参与了本案审查调查');
    expect(investigator.json().error.details.people).toEqual([
      { userId: ids.office1, name: expect.any(String), reason: 'investigated' },
    ]);
    // reviewer3 was on the team once and left: still refused.
    await inTransaction(await ctxAs(env, 'casemgr'), async (tx) => {
      const { addCaseMember } = await import('../cases/index.js');
      await addCaseMember(tx, made.id, { userId: ids.reviewer3!, name: '审理室干部三', unitName: '审理室' }, 'member');
      await removeCaseMember(tx, made.id, ids.reviewer3!, '工作调整');
    });
    const removed = await team(made.reviewId, [ids.reviewer!, ids.reviewer3!]);
    expect(removed.json().error).toMatchObject({ code: 'REVIEW_SEPARATION' });
    // The clue's handler (the clue stage of the same matter).
    const zone1 = ids.zone1!;
    await inTransaction(await ctxAs(env, 'casemgr'), (tx) => addClueMember(tx, made.clueId!, zone1, 'handler'));
    const clueHandler = await team(made.reviewId, [ids.reviewer!, zone1]);
    expect(clueHandler.statusCode).toBe(409);
    expect(clueHandler.json().error.message).toContain('参与了本案线索处置');
    expect(clueHandler.json().error.details.people[0]).toMatchObject({ userId: zone1, reason: 'clue_stage' });
    // The recusal engine refuses the same in its check.
    const check = (
      await reviewer.post(`/api/reviews/${made.reviewId}/conflict-checks`, { userIds: [ids.office1] })
    ).json();
    expect(check.people[0].outcome).toBe('refuse');
    expect(check.people[0].reasons.map((r: { code: string }) => r.code)).toContain('INVESTIGATED_CASE');
    // Fewer than two.
    const alone = await reviewer.put(`/api/reviews/${made.reviewId}/team`, {
      version: (await review(made.reviewId)).version,
      checkId: check.checkId,
      members: [{ userId: ids.reviewer, role: 'leader' }],
    });
    expect(alone.statusCode).toBe(400);
    expect(alone.json().error.code).toBe('REVIEW_TEAM_INVALID');
    // reviewer2 cannot read the case file before being on the review team (need-to-know).
    expect((await reviewer2.get(`/api/cases/${made.id}`)).statusCode).toBe(403);
    const formed = await team(made.reviewId, [ids.reviewer!, ids.reviewer2!]);
    expect(formed.statusCode, formed.body).toBe(200);
    // On the review team: the case file opens read-only; the work stays closed.
    expect((await reviewer2.get(`/api/cases/${made.id}`)).statusCode).toBe(200);
    const write = await reviewer2.post(`/api/cases/${made.id}/filing-notice`, {
      version: (await kase(made.id)).version,
      announcedOn: '2026-11-20',
    });
    expect(write.statusCode).toBe(403);
    // A person recused from the case is refused by the check (and no longer sees the review).
    const other = await makeTransferredCase(env);
    await createRecusal(await ctxAs(env, 'leader'), {
      resource: 'case',
      resourceId: other.id,
      userId: ids.reviewer2!,
      requestedBy: 'organ',
      reasons: '与被审查调查人系同学关系',
    });
    const recused = await team(other.reviewId, [ids.reviewer!, ids.reviewer2!]);
    expect(recused.statusCode).toBe(409);
    expect(recused.json().error.code).toBe('CONFLICT_REFUSED');
    expect(recused.json().error.message).toContain('审理室干部二');
    expect((await reviewer2.get(`/api/reviews/${other.reviewId}`)).statusCode).toBe(404);
  });

  it('pauses the clock on a supplementary return (the paused time not counted), resumes on resubmission, restarts after re-investigation', async () => {
    const made = await makeTransferredCase(env);
    expect((await accept(made.reviewId)).statusCode).toBe(200);
    const before = (await clocks(made.reviewId))[0]!;
    expect(before.legal_due_on).toBe('2026-12-20');
    // Out of order: a resubmission while under review.
    const early = await casemgr.post(`/api/reviews/${made.reviewId}/resubmission`, {
      caseVersion: (await kase(made.id)).version,
      note: 'x',
    });
    expect(early.json().error.code).toBe('REVIEW_TRANSITION');
    const asked = await reviewer.post(`/api/reviews/${made.reviewId}/returns`, {
      version: (await review(made.reviewId)).version,
      kind: 'supplementary',
      reason: '需补充调取村集体资金支出凭证',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    // The 相关负责人 approves (department head, then leader in charge; no principal leader step).
    const posts = await env
      .ctx()
      .db.selectFrom('approval_steps')
      .select('post')
      .where('approval_id', '=', asked.json().approvalId)
      .execute();
    expect(posts.map((p) => p.post)).not.toContain('principal_leader');
    // A second return while one is being approved is refused.
    const twice = await reviewer.post(`/api/reviews/${made.reviewId}/returns`, {
      version: (await review(made.reviewId)).version,
      kind: 'reinvestigation',
      reason: '主要事实不清',
    });
    expect(twice.json().error.code).toBe('REVIEW_TRANSITION');
    // Sent back for revision, the request stays pending: nothing moved yet.
    await decideAll(env, asked.json().approvalId, 'return');
    expect(await review(made.reviewId)).toMatchObject({ status: 'reviewing', return_pending: 1 });

    const approval = await env
      .ctx()
      .db.selectFrom('approvals')
      .select('version')
      .where('id', '=', asked.json().approvalId)
      .executeTakeFirstOrThrow();
    await resubmitApproval(await ctxAs(env, 'reviewer'), asked.json().approvalId, {
      version: approval.version,
      content: { summary: '需补充调取村集体资金支出凭证（已补充说明）', kind: 'supplementary' },
    });
    await decideAll(env, asked.json().approvalId);
    expect((await review(made.reviewId)).status).toBe('returned_supplementary');
    expect((await kase(made.id)).status).toBe('investigating');
    expect((await clocks(made.reviewId))[0]!.due_on).toBe('9999-12-31');
    // Ten days pass while the team completes the evidence.
    env.clock.advance(10 * 86_400_000);
    await login();
    const back = await casemgr.post(`/api/reviews/${made.reviewId}/resubmission`, {
      caseVersion: (await kase(made.id)).version,
      note: '已补充调取支出凭证12份',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect((await review(made.reviewId)).status).toBe('reviewing');
    const resumed = await clocks(made.reviewId);
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.legal_due_on).toBe('2026-12-30');

    // Re-investigation (主要负责人): the next acceptance opens a new clock.
    const re = await reviewer.post(`/api/reviews/${made.reviewId}/returns`, {
      version: (await review(made.reviewId)).version,
      kind: 'reinvestigation',
      reason: '主要事实不清，证据不足',
    });
    expect(re.statusCode, re.body).toBe(201);
    const chain = await env
      .ctx()
      .db.selectFrom('approval_steps')
      .select('post')
      .where('approval_id', '=', re.json().approvalId)
      .execute();
    expect(chain.map((p) => p.post)).toContain('principal_leader');
    await decideAll(env, re.json().approvalId);
    expect((await review(made.reviewId)).status).toBe('returned_reinvestigation');
    env.clock.advance(20 * 86_400_000);
    await login();
    await casemgr.post(`/api/reviews/${made.reviewId}/resubmission`, {
      caseVersion: (await kase(made.id)).version,
      note: '重新审查调查完毕',
    });
    expect((await review(made.reviewId)).status).toBe('awaiting');
    expect((await accept(made.reviewId)).statusCode).toBe(200);
    const all = await clocks(made.reviewId);
    expect(all).toHaveLength(2);
    expect(all[0]!.end_reason).toBe('restarted');
    expect(all[1]).toMatchObject({ seq: 2, met_at: null, legal_due_on: '2027-01-20' });

    // Extension with approval: a commission leader approves; someone without the role may not.
    const bad = await reviewer.post(`/api/reviews/${made.reviewId}/extensions`, {
      version: (await review(made.reviewId)).version,
      approverId: ids.reviewer2,
      reason: '案情重大复杂',
      days: 15,
    });
    expect(bad.json().error.code).toBe('DEADLINE_APPROVER_ROLE');
    const ext = await reviewer.post(`/api/reviews/${made.reviewId}/extensions`, {
      version: (await review(made.reviewId)).version,
      approverId: ids.leader,
      reason: '案情重大复杂',
      days: 15,
    });
    expect(ext.statusCode, ext.body).toBe(201);
    expect((await clocks(made.reviewId))[1]!.legal_due_on).toBe('2027-02-04');
  });

  it("convenes a zone cross-review panel from the zone's other townships, never the handling township, and records the vote", async () => {
    const sys = await env.as('sysadmin');
    const county = (
      await env.ctx().db.selectFrom('regions').select('code').where('level', '=', 'county').executeTakeFirstOrThrow()
    ).code;
    const set = await sys.put(`/api/review-settings/${county}`, { countyReview: 1 });
    expect(set.statusCode, set.body).toBe(200);
    try {
      const made = await makeTransferredCase(env, {
        drafter: 'township1',
        filing: { handling: { mode: 'self', reason: 'simple' } },
        clueOver: { regionCode: await villageOf(env, 'township1') },
        team: ['tstaff1', 'township1'],
      });
      const row = await review(made.reviewId);
      const handling = (await kase(made.id)).handling_unit_id;
      expect(row).toMatchObject({ route: 'township', owner_unit_id: handling });
      // The handling township sees its case's review.
      const township1 = await env.as('township1');
      expect((await township1.get(`/api/reviews?caseId=${made.id}`)).json().items[0]).toMatchObject({
        status: 'awaiting',
      });
      const [b, c] = await zoneNeighbours(env, 'township1');
      const staffB = await makeTownshipStaff(env, b!.id, `panelb_${name}`, '乙乡纪检干事');
      const staffC = await makeTownshipStaff(env, c!.id, `panelc_${name}`, '丙乡纪检干事');
      const own = await makeTownshipStaff(env, handling, `panela_${name}`, '本乡纪检干事');
      // Panel members sit for their commissions: they hold the secretary's role (review.manage).
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
      const zone1 = await env.as('zone1');
      const convene = async (userIds: string[]) => {
        const check = await zone1.post(`/api/reviews/${made.reviewId}/conflict-checks`, { userIds });
        expect(check.statusCode, check.body).toBe(200);
        return zone1.put(`/api/reviews/${made.reviewId}/panel`, {
          version: (await review(made.reviewId)).version,
          checkId: check.json().checkId,
          members: userIds.map((userId, i) => ({ userId, role: i === 0 ? 'leader' : 'member' })),
        });
      };
      const withOwn = await convene([staffB, own]);
      expect(withOwn.statusCode).toBe(409);
      expect(withOwn.json().error).toMatchObject({
        code: 'REVIEW_PANEL_TOWNSHIP',
        details: { userId: own, reason: 'handling_township' },
      });
      const outsider = await convene([staffB, ids.reviewer!]);
      expect(outsider.json().error).toMatchObject({
        code: 'REVIEW_PANEL_TOWNSHIP',
        details: { reason: 'not_zone_township' },
      });
      const ok = await convene([staffB, staffC]);
      expect(ok.statusCode, ok.body).toBe(200);
      const panel = await review(made.reviewId);
      expect(panel).toMatchObject({ route: 'panel', zone_id: ok.json().zoneId });
      expect(panel.owner_unit_id).not.toBe(handling);
      // The zone leader accepts; the panel deliberates: each present member's opinion and vote.
      expect((await accept(made.reviewId, zone1)).statusCode).toBe(200);
      const panelB = await env.as(`panelb_${name}`);
      const incomplete = await panelB.post(`/api/reviews/${made.reviewId}/deliberations`, {
        version: (await review(made.reviewId)).version,
        heldOn: '2026-11-20',
        present: [staffB, staffC],
        opinions: [{ userId: staffB, opinion: '事实清楚', vote: 'agree' }],
        conclusion: '建议给予党内警告处分',
      });
      expect(incomplete.statusCode).toBe(400);
      expect(incomplete.json().error.code).toBe('REVIEW_DELIBERATION_INVALID');
      const voted = await panelB.post(`/api/reviews/${made.reviewId}/deliberations`, {
        version: (await review(made.reviewId)).version,
        heldOn: '2026-11-20',
        present: [staffB, staffC],
        opinions: [
          { userId: staffB, opinion: '事实清楚，证据确凿', vote: 'agree' },
          { userId: staffC, opinion: '同意', vote: 'agree' },
        ],
        conclusion: '建议给予党内警告处分',
      });
      expect(voted.statusCode, voted.body).toBe(201);
      expect(voted.json()).toMatchObject({ votesFor: 2, votesAgainst: 0, adopted: true });
      // A panel member of another township reads the case file read-only.
      expect((await panelB.get(`/api/cases/${made.id}`)).statusCode).toBe(200);
    } finally {
      await sys.put(`/api/review-settings/${county}`, { countyReview: 3 });
    }
  });

  it('talks with ≥ 2 reviewers, signs and approves the report, refuses a committee of exactly half, decides and closes the case; the report reads back', async () => {
    const made = await makeTransferredCase(env);
    // Out of order: a talk and a committee decision before acceptance.
    const subjectId = (
      await env
        .ctx()
        .db.selectFrom('case_subjects')
        .select('id')
        .where('case_id', '=', made.id)
        .executeTakeFirstOrThrow()
    ).id;
    const talkBody = (reviewers: string[], version: number) => ({
      version,
      subjectId,
      heldOn: '2026-11-20',
      reason: 'requested',
      reviewers,
      defence: '本人对事实无异议，请求从轻处理',
    });
    const tooEarly = await reviewer.post(
      `/api/reviews/${made.reviewId}/talks`,
      talkBody([ids.reviewer!, ids.reviewer2!], (await review(made.reviewId)).version),
    );
    expect(tooEarly.json().error.code).toBe('REVIEW_TRANSITION');
    expect((await accept(made.reviewId)).statusCode).toBe(200);
    expect((await team(made.reviewId, [ids.reviewer!, ids.reviewer2!])).statusCode).toBe(200);
    const lone = await reviewer.post(
      `/api/reviews/${made.reviewId}/talks`,
      talkBody([ids.reviewer!], (await review(made.reviewId)).version),
    );
    expect(lone.statusCode).toBe(400);
    expect(lone.json().error).toMatchObject({ code: 'REVIEW_TALK_INVALID', details: { reason: 'too_few' } });
    const talk = await reviewer.post(
      `/api/reviews/${made.reviewId}/talks`,
      talkBody([ids.reviewer!, ids.reviewer2!], (await review(made.reviewId)).version),
    );
    expect(talk.statusCode, talk.body).toBe(201);
    const committeeEarly = await reviewer.post(`/api/reviews/${made.reviewId}/committee-decision`, {
      version: (await review(made.reviewId)).version,
      heldOn: '2026-11-20',
      membersTotal: 5,
      present: ['甲', '乙', '丙'],
      decision: '给予党内警告处分',
      proposedOutcomes: [{ subjectId, summary: '党内警告' }],
    });
    expect(committeeEarly.json().error).toMatchObject({
      code: 'REVIEW_TRANSITION',
      details: { status: 'reviewing', action: 'committee' },
    });

    const body = (over: Record<string, unknown> = {}) => ({
      facts: '2025年擅自支出村集体资金3万元。',
      analysis: '违反群众纪律，依据《中国共产党纪律处分条例》相关规定。',
      opinion: '建议给予党内警告处分。',
      proposedOutcomes: [{ subjectId, summary: '党内警告', code: 'party.warning' }],
      prosecution: true,
      ...over,
    });
    // A reviewer in scope but not on the team may not draft it.
    const reviewer3 = await env.as('reviewer3');
    const outsider = await reviewer3.put(`/api/reviews/${made.reviewId}/report`, {
      ...body(),
      version: (await review(made.reviewId)).version,
    });
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error.code).toBe('REVIEW_NOT_MEMBER');
    const noOutcome = await reviewer.put(`/api/reviews/${made.reviewId}/report`, {
      ...body({ proposedOutcomes: [{ subjectId: ids.reviewer, summary: '警告' }] }),
      version: (await review(made.reviewId)).version,
    });
    expect(noOutcome.json().error).toMatchObject({
      code: 'REVIEW_OUTCOMES_INVALID',
      details: { missing: ['测试对象'] },
    });
    const saved = await reviewer.put(`/api/reviews/${made.reviewId}/report`, {
      ...body(),
      version: (await review(made.reviewId)).version,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const hash = saved.json().hash as string;
    expect((await reviewer.post(`/api/reviews/${made.reviewId}/report/signatures`, { hash })).statusCode).toBe(201);
    const unsigned = await reviewer.post(`/api/reviews/${made.reviewId}/report/submission`, {
      version: (await review(made.reviewId)).version,
    });
    expect(unsigned.statusCode).toBe(409);
    expect(unsigned.json().error).toMatchObject({
      code: 'REVIEW_REPORT_UNSIGNED',
      details: { missing: ['审理室干部二'] },
    });
    expect((await reviewer2.post(`/api/reviews/${made.reviewId}/report/signatures`, { hash })).statusCode).toBe(201);
    const sent = await reviewer.post(`/api/reviews/${made.reviewId}/report/submission`, {
      version: (await review(made.reviewId)).version,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const chain = await env
      .ctx()
      .db.selectFrom('approval_steps')
      .select('post')
      .where('approval_id', '=', sent.json().approvalId)
      .orderBy('seq')
      .execute();
    expect(chain.at(-1)!.post).toBe('principal_leader');
    await decideAll(env, sent.json().approvalId);
    expect((await review(made.reviewId)).status).toBe('deliberation');

    // The report reads back as PDF and DOCX, with the talk, the outcome and the 起诉意见书.
    const pdf = await reviewer.get(`/api/reviews/${made.reviewId}/documents/review_report.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);
    for (const words of [
      '审理报告',
      '擅自支出村集体资金3万元',
      '测试对象：党内警告',
      '请求从轻处理',
      '附件：起诉意见书',
      '审理室干部二（已签字）',
    ])
      expect(text).toContain(words);
    const docx = await reviewer.get(`/api/reviews/${made.reviewId}/documents/review_report.docx`);
    expect(docx.statusCode).toBe(200);
    const words = await docxText(docx.rawPayload);
    expect(words).toContain('违反群众纪律');
    expect(words).toContain('附件：起诉意见书');

    // Quorum: more than half of the members; exactly half fails and writes nothing.
    const committee = (present: string[]) =>
      review(made.reviewId).then((r) =>
        reviewer.post(`/api/reviews/${made.reviewId}/committee-decision`, {
          version: r.version,
          heldOn: '2026-11-20',
          membersTotal: 6,
          present,
          opinions: [{ name: present[0], opinion: '同意审理意见', vote: 'agree' }],
          decision: '给予测试对象党内警告处分',
          proposedOutcomes: [{ subjectId, summary: '党内警告', code: 'party.warning' }],
        }),
      );
    const half = await committee(['甲', '乙', '丙']);
    expect(half.statusCode).toBe(409);
    expect(half.json().error).toMatchObject({ code: 'REVIEW_QUORUM_NOT_MET', details: { present: 3, total: 6 } });
    expect((await review(made.reviewId)).status).toBe('deliberation');
    expect((await kase(made.id)).status).toBe('transferred');
    const decided = await committee(['甲', '乙', '丙', '丁']);
    expect(decided.statusCode, decided.body).toBe(201);
    expect((await review(made.reviewId)).status).toBe('decided');
    expect((await kase(made.id)).status).toBe('closed');
    expect((await clocks(made.reviewId))[0]!.met_at).not.toBeNull();
    const page = (await reviewer.get(`/api/reviews/${made.reviewId}`)).json();
    const minutes = page.deliberations.find((d: { kind: string }) => d.kind === 'committee');
    expect(minutes).toMatchObject({
      membersTotal: 6,
      quorate: true,
      outcomes: [{ subjectId, summary: '党内警告', code: 'party.warning' }],
    });
    // Every read of the content was audited.
    const audited = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', made.reviewId)
      .execute();
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(['review.read', 'review.document', 'review.committee', 'review.talk']),
    );
  });

  it('asks for early involvement with approval while the case is investigated; the transfer brings it to acceptance', async () => {
    const made = await makeCase(env);
    const asked = await reviewer.post('/api/reviews/early-involvements', {
      caseId: made.id,
      reason: '案情重大复杂，定性存在争议',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const reviewId = asked.json().id as string;
    // Before the approval, no team.
    const tooSoon = await team(reviewId, [ids.reviewer!, ids.reviewer2!]);
    expect(tooSoon.json().error).toMatchObject({ code: 'REVIEW_TRANSITION', details: { early: 'pending' } });
    await decideAll(env, asked.json().approvalId);
    expect((await review(reviewId)).early_status).toBe('approved');
    expect((await team(reviewId, [ids.reviewer!, ids.reviewer2!])).statusCode).toBe(200);
    // Asking twice for the same case is refused.
    const twice = await reviewer.post('/api/reviews/early-involvements', { caseId: made.id, reason: '再次' });
    expect(twice.json().error.code).toBe('REVIEW_TRANSITION');
    // The acceptance waits for the transfer.
    const notYet = await accept(reviewId);
    expect(notYet.statusCode).toBe(409);
  });
  it('shows the cases awaiting acceptance and the review clocks due on the workbench, in scope', async () => {
    const waiting = await makeTransferredCase(env);
    const due = await makeTransferredCase(env);
    expect((await accept(due.reviewId)).statusCode).toBe(200);
    env.clock.advance(29 * 86_400_000);
    await login();
    type Card = { key: string; items: { href: string | null; overdue: boolean }[] };
    const cards = async (client: Client) => {
      const res = await client.get('/api/workbench');
      expect(res.statusCode, res.body).toBe(200);
      return new Map(res.json<{ cards: Card[] }>().cards.map((c) => [c.key, c]));
    };
    const mine = await cards(reviewer);
    expect(mine.get('review.awaiting')?.items.map((i) => i.href)).toContain(`/reviews/${waiting.reviewId}`);
    expect(mine.get('review.clocks_due')?.items.map((i) => i.href)).toContain(`/reviews/${due.reviewId}`);
    const theirs = await cards(await env.as('township2'));
    expect(theirs.get('review.awaiting')?.items.map((i) => i.href) ?? []).not.toContain(`/reviews/${waiting.reviewId}`);
    expect(theirs.get('review.clocks_due')?.items.map((i) => i.href) ?? []).not.toContain(`/reviews/${due.reviewId}`);
  });
  it("乡案县审: a township's own case goes to the county by default; the township sees its status only", async () => {
    const made = await makeTransferredCase(env, {
      drafter: 'township1',
      filing: { handling: { mode: 'self', reason: 'simple' } },
      team: ['tstaff1', 'township1'],
    });
    const row = await review(made.reviewId);
    expect(row.route).toBe('county');
    expect(row.handling_unit_id).not.toBe(row.owner_unit_id);
    const township1 = await env.as('township1');
    const line = (await township1.get(`/api/reviews?caseId=${made.id}`)).json().items[0];
    expect(line).toMatchObject({ id: made.reviewId, status: 'awaiting', visibility: 'line' });
    const page = await township1.get(`/api/reviews/${made.reviewId}`);
    expect(page.statusCode).toBe(403);
    expect(page.json().error.code).toBe('NEED_TO_KNOW');
    const accept = await township1.post(`/api/reviews/${made.reviewId}/acceptance`, {
      version: row.version,
      decision: 'accept',
      reason: '自行受理',
    });
    expect(accept.statusCode).toBe(403);
  });

  it("offers the team picker the reviewing unit's active county staff, not the townships' nor disabled accounts", async () => {
    const made = await makeTransferredCase(env);
    const offered = async () =>
      ((await reviewer.get(`/api/reviews/${made.reviewId}`)).json().candidates as { userId: string }[]).map(
        (c) => c.userId,
      );
    const before = await offered();
    // The county's reviewers and its investigators (查审分离 is the save's to refuse, in words).
    for (const u of ['reviewer', 'reviewer2', 'office1']) expect(before).toContain(ids[u]);
    // Township commissions below the county commission are not county review staff.
    for (const u of ['township1', 'township2', 'tstaff1']) expect(before).not.toContain(ids[u]);
    const disabledId = await makeReviewer(env, 'reviewer9', '审理室干部九');
    expect(await offered()).toContain(disabledId);
    await env.ctx().db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabledId).execute();
    expect(await offered()).not.toContain(disabledId);
  });
});
