import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { decideAll, makeCase } from '../../test/case-factories.js';
import { ctxAs } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { addCaseMember } from './index.js';

const TEXT = {
  objectives: '查清村集体资金违规支出问题',
  target: null,
  matters: ['2025年村集体资金3万元支出情况'],
  measures: ['调取村集体账目', '询问村会计'],
  schedule: [{ period: '2026年11月下旬', work: '调取账目' }],
  safety: ['谈话安全预案'],
};

describe.each(testDialects())('case plans (审查调查方案, GZ 第三十九条) on $name', ({ name }) => {
  let env: TestEnv;
  let office1: Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    office1 = await env.as('office1');
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username', 'display_name']).execute();
    for (const u of users) ids[u.username] = u.id;
  });
  afterAll(async () => env?.close());

  const row = (id: string) =>
    env.ctx().db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** A filed zone case with zone1 (leader) and office1 on its team. */
  async function teamCase(filing: Parameters<typeof makeCase>[1] = {}) {
    const made = await makeCase(env, filing);
    await inTransaction(await ctxAs(env, 'casemgr'), async (tx) => {
      await addCaseMember(
        tx,
        made.id,
        { userId: ids.zone1!, name: '第一协作区组长', unitName: '第一纪检监察室' },
        'leader',
      );
      await addCaseMember(
        tx,
        made.id,
        { userId: ids.office1!, name: '第一纪检监察室干部', unitName: '第一纪检监察室' },
        'member',
      );
    });
    return made;
  }

  async function submit(caseId: string, body: Record<string, unknown> = {}) {
    return office1.post(`/api/cases/${caseId}/plans`, {
      version: (await row(caseId)).version,
      kind: 'investigation',
      title: '关于测试对象案审查调查方案的请示',
      text: TEXT,
      ...body,
    });
  }

  it('moves the case to investigating when its plan is approved; one plan at a time', async () => {
    const made = await teamCase();
    // Talk plans wait for the investigation to start.
    const early = await submit(made.id, { kind: 'talk', text: { ...TEXT, target: '测试对象' } });
    expect(early.json().error.code).toBe('CASE_TRANSITION');
    const res = await submit(made.id);
    expect(res.statusCode, res.body).toBe(201);
    const { approvalId, planId } = res.json();
    const second = await submit(made.id);
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'CASE_PLAN_STATE', details: { planId, status: 'pending' } });
    expect((await row(made.id)).status).toBe('filed');
    // A stale case version writes nothing.
    const stale = await submit(made.id, { version: 1 });
    expect(stale.statusCode).toBe(409);
    await decideAll(env, approvalId);
    const kase = await row(made.id);
    expect(kase.status).toBe('investigating');
    const plans = (await office1.get(`/api/cases/${made.id}/plans`)).json().items;
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ status: 'approved', revision: 1, serious: false });
    const events = await env
      .ctx()
      .db.selectFrom('case_events')
      .select('action')
      .where('case_id', '=', made.id)
      .execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['plan_submitted', 'plan_decided']));
    // A talk plan now goes to the responsible leader (相关负责人), not the principal leader.
    const talk = await submit(made.id, { kind: 'talk', title: '谈话方案', text: { ...TEXT, target: '测试对象' } });
    expect(talk.statusCode, talk.body).toBe(201);
    const steps = await env
      .ctx()
      .db.selectFrom('approval_steps')
      .select('post')
      .where('approval_id', '=', talk.json().approvalId)
      .orderBy('seq')
      .execute();
    expect(steps.map((s) => s.post)).toEqual(['department_head', 'leader_in_charge']);
    // Approved by the responsible leader (office1's department head, then 分管领导): the case stays where it is.
    expect(await decideAll(env, talk.json().approvalId)).toBe(2);
    const talkPlan = (await office1.get(`/api/cases/${made.id}/plans`)).json().items[0];
    expect(talkPlan).toMatchObject({ kind: 'talk', status: 'approved', text: { target: '测试对象' } });
    expect((await row(made.id)).status).toBe('investigating');
    // An inquiry plan must name its target.
    const noTarget = await submit(made.id, { kind: 'inquiry', title: '外查方案' });
    expect(noTarget.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'text.target' } });
  });

  it('requires the 专题会议 chaired by the principal leader for a serious case', async () => {
    const made = await teamCase();
    const missing = await submit(made.id, { serious: true });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'CASE_PLAN_MEETING', details: { reason: 'missing' } });
    const today = (await row(made.id)).filed_on!;
    // The form offers the chair the server will accept: the handling commission's principal
    // leader, whom the zone leader's own scope does not show among the approval posts.
    const listed = (await (await env.as('zone1')).get(`/api/cases/${made.id}/plans`)).json();
    expect(listed.meetingChair).toMatchObject({ userId: ids.leader, name: '县纪委监委领导' });
    const posts = (await (await env.as('zone1')).get('/api/approval-posts')).json().items as { userId: string }[];
    expect(posts.some((p) => p.userId === ids.leader)).toBe(false);
    const meeting = {
      heldOn: today,
      chairUserId: ids.zone1!,
      present: ['县纪委监委领导', '第一协作区组长'],
      decision: '同意方案',
      agreed: true,
    };
    const wrongChair = await submit(made.id, { serious: true, meeting });
    expect(wrongChair.json().error).toMatchObject({ code: 'CASE_PLAN_MEETING', details: { reason: 'chair' } });
    expect(wrongChair.json().error.message).toContain('县纪委监委领导');
    const disagreed = await submit(made.id, {
      serious: true,
      meeting: { ...meeting, chairUserId: ids.leader, agreed: false },
    });
    expect(disagreed.json().error.details.reason).toBe('not_agreed');
    const ok = await submit(made.id, { serious: true, meeting: { ...meeting, chairUserId: ids.leader } });
    expect(ok.statusCode, ok.body).toBe(201);
    const plan = (await office1.get(`/api/cases/${made.id}/plans`)).json().items[0];
    expect(plan.serious).toBe(true);
    expect(plan.revisions[0].meeting).toMatchObject({ chairName: '县纪委监委领导', agreed: true, heldOn: today });
    // Nothing was written by the refusals: one plan, one revision.
    expect((await office1.get(`/api/cases/${made.id}/plans`)).json().items).toHaveLength(1);
  });

  it('changes a plan only through its own approval, keeping every version', async () => {
    const made = await teamCase();
    const res = await submit(made.id);
    await decideAll(env, res.json().approvalId);
    const { planId } = res.json();
    const plan = async () => (await office1.get(`/api/cases/${made.id}/plans`)).json().items[0];
    const changed = { ...TEXT, measures: [...TEXT.measures, '查询银行账户'] };
    // The same text is no change.
    const same = await office1.post(`/api/cases/${made.id}/plans/${planId}/changes`, {
      version: (await plan()).version,
      text: TEXT,
      reason: '无',
    });
    expect(same.json().error.code).toBe('VALIDATION_FAILED');
    const change = await office1.post(`/api/cases/${made.id}/plans/${planId}/changes`, {
      version: (await plan()).version,
      text: changed,
      reason: '发现新的资金往来',
    });
    expect(change.statusCode, change.body).toBe(201);
    expect(change.json().revision).toBe(2);
    // Pending: the team still works to the approved text.
    let p = await plan();
    expect(p.text.measures).toEqual(TEXT.measures);
    expect(p.revisions.map((r: { status: string }) => r.status)).toEqual(['approved', 'pending']);
    const again = await office1.post(`/api/cases/${made.id}/plans/${planId}/changes`, {
      version: p.version,
      text: { ...changed, objectives: '另一目标' },
      reason: '再变更',
    });
    expect(again.json().error).toMatchObject({ code: 'CASE_PLAN_STATE', details: { status: 'change_pending' } });
    await decideAll(env, change.json().approvalId, 'reject');
    p = await plan();
    expect(p.text.measures).toEqual(TEXT.measures);
    expect(p.revision).toBe(1);
    const third = await office1.post(`/api/cases/${made.id}/plans/${planId}/changes`, {
      version: p.version,
      text: changed,
      reason: '发现新的资金往来，补充查询措施',
    });
    expect(third.statusCode, third.body).toBe(201);
    await decideAll(env, third.json().approvalId);
    p = await plan();
    expect(p.text.measures).toEqual(changed.measures);
    expect(p.revision).toBe(3);
    expect(p.revisions.map((r: { kind: string; status: string }) => `${r.kind}:${r.status}`)).toEqual([
      'original:approved',
      'change:rejected',
      'change:approved',
    ]);
    // An unknown plan is not found; a line-only reader of the case gets NEED_TO_KNOW.
    const unknown = await office1.post(`/api/cases/${made.id}/plans/${made.approvalId}/changes`, {
      version: 1,
      text: changed,
      reason: '无',
    });
    expect(unknown.statusCode).toBe(404);
    const t1 = await (await env.as('township1')).get(`/api/cases/${made.id}/plans`);
    expect(t1.json().error.code).toBe('NEED_TO_KNOW');
  });
});
