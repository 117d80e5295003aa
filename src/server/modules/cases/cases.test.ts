import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAll, filingBody, makeCase, makeProposedClue } from '../../test/case-factories.js';
import { ctxAs, villageOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { requestFiling } from './index.js';

describe.each(testDialects())('case filing (立案) and need-to-know on $name', ({ name }) => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  async function caseRow(id: string) {
    return env.ctx().db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  it('files a zone case from a clue through both leaders, numbered by the filing commission, with timer 12', async () => {
    const clue = await makeProposedClue(env, 'casemgr', { regionCode: await villageOf(env, 'township1') });
    const casemgr = await env.as('casemgr');
    const res = await casemgr.post('/api/cases', { ...filingBody(), clueId: clue.id });
    expect(res.statusCode, res.body).toBe(201);
    const { id, approvalId } = res.json<{ id: string; approvalId: string }>();
    // The handover is taken: a second request from the same clue is refused and writes nothing.
    const again = await casemgr.post('/api/cases', { ...filingBody(), clueId: clue.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CASE_HANDOVER_TAKEN');
    expect((await env.ctx().db.selectFrom('cases').select('id').where('clue_id', '=', clue.id).execute()).length).toBe(
      1,
    );
    let row = await caseRow(id);
    expect(row.status).toBe('filing_requested');
    expect(row.number).toBeNull();
    // GZ 第三十八条: the commission's principal leader, then the committee's (on paper).
    const steps = await env
      .ctx()
      .db.selectFrom('approval_steps')
      .select(['post', 'offline'])
      .where('approval_id', '=', approvalId)
      .orderBy('seq')
      .execute();
    expect(steps.map((s) => s.post)).toContain('principal_leader');
    expect(steps.at(-1)!.post).toBe('committee_principal');
    await decideAll(env, approvalId);
    row = await caseRow(id);
    expect(row.status).toBe('filed');
    expect(row.number).toMatch(/案〔2026〕0001号$/);
    expect(row.mode).toBe('zone');
    expect(row.zone_id).not.toBeNull();
    expect(row.handling_unit_id).toBe(row.owner_unit_id);
    expect(row.mode_decided_by_name).toBeTruthy();
    const detail = (await casemgr.get(`/api/cases/${id}`)).json();
    expect(detail.clocks.map((c: { kind: string }) => c.kind)).toContain('investigation');
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['filing_requested', 'filed', 'filing_decided']),
    );
    const clueEvents = await env
      .ctx()
      .db.selectFrom('clue_events')
      .select('action')
      .where('clue_id', '=', clue.id)
      .execute();
    expect(clueEvents.map((e) => e.action)).toEqual(expect.arrayContaining(['filing_drafted', 'case_filed']));
  });

  it("shows the subject's own township only the line; others outside see nothing; the zone and county see all", async () => {
    const made = await makeCase(env);
    const t1 = await env.as('township1');
    const lines = (await t1.get('/api/cases?pageSize=200')).json();
    const line = lines.items.find((i: { id: string }) => i.id === made.id);
    expect(line.visibility).toBe('line');
    expect(line.summary).toBeNull();
    const detail = await t1.get(`/api/cases/${made.id}`);
    expect(detail.statusCode).toBe(403);
    expect(detail.json().error.code).toBe('NEED_TO_KNOW');
    const t2 = await env.as('township2');
    expect((await t2.get('/api/cases?pageSize=200')).json().items.some((i: { id: string }) => i.id === made.id)).toBe(
      false,
    );
    expect((await t2.get(`/api/cases/${made.id}`)).statusCode).toBe(404);
    for (const who of ['zone1', 'leader', 'casemgr']) {
      const res = await (await env.as(who)).get(`/api/cases/${made.id}`);
      expect(res.statusCode, who).toBe(200);
      expect(res.json().summary).toBe('涉嫌违规使用村集体资金');
    }
  });

  it('puts a 自办 case with the township and refuses a cross case to the same township', async () => {
    const ownClue = await makeProposedClue(env, 'township1', { regionCode: await villageOf(env, 'township1') });
    const t1 = await env.as('township1');
    const refused = await t1.post('/api/cases', {
      ...filingBody({
        handling: { mode: 'cross', reason: 'local_recusal', handlingUnitId: await unitId('township1') },
      }),
      clueId: ownClue.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'CASE_MODE_INVALID',
      details: { reason: 'cross_own_township' },
    });
    const ok = await t1.post('/api/cases', {
      ...filingBody({ handling: { mode: 'self', reason: 'simple' } }),
      clueId: ownClue.id,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    await decideAll(env, ok.json().approvalId);
    const row = await caseRow(ok.json().id);
    expect(row.status).toBe('filed');
    expect(row.owner_unit_id).toBe(await unitId('township1'));
    expect(row.number).toMatch(/纪案〔2026〕\d{4}号$/);
    // The township's own case: its secretary sees it in full.
    expect((await t1.get(`/api/cases/${row.id}`)).statusCode).toBe(200);
  });

  async function unitId(username: string): Promise<string> {
    const u = await env
      .ctx()
      .db.selectFrom('users')
      .select('unit_id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return u.unit_id!;
  }

  it('returns, revises and resubmits; a rejection frees the clue for a new request', async () => {
    const made = await makeCase(env, { approve: false });
    await decideAll(env, made.approvalId, 'return');
    let row = await caseRow(made.id);
    expect(row.status).toBe('filing_returned');
    const approval = await env
      .ctx()
      .db.selectFrom('approvals')
      .select('version')
      .where('id', '=', made.approvalId)
      .executeTakeFirstOrThrow();
    const casemgr = await env.as('casemgr');
    const revised = await casemgr.put(`/api/cases/${made.id}/filing`, {
      ...filingBody({ handling: { mode: 'escalated', reason: 'major_case' } }),
      version: row.version,
      approvalVersion: approval.version,
    });
    expect(revised.statusCode, revised.body).toBe(200);
    row = await caseRow(made.id);
    expect(row.status).toBe('filing_requested');
    expect(row.mode).toBe('escalated');
    await decideAll(env, made.approvalId, 'reject');
    expect((await caseRow(made.id)).status).toBe('filing_rejected');
    const again = await casemgr.post('/api/cases', { ...filingBody(), clueId: made.clueId });
    expect(again.statusCode, again.body).toBe(201);
  });

  it('refuses a filing without its conditions, a direct filing without its reason, a reason of another mode', async () => {
    const casemgr = await env.as('casemgr');
    const clue = await makeProposedClue(env);
    const noFacts = await casemgr.post('/api/cases', {
      ...filingBody({ conditions: ['needs_investigation'] }),
      clueId: clue.id,
    });
    expect(noFacts.json().error).toMatchObject({
      code: 'CASE_FILING_CONDITIONS',
      details: { missing: ['facts_established'] },
    });
    const direct = await casemgr.post('/api/cases', {
      ...filingBody(),
      subjects: [{ name: '直接对象' }],
      regionCode: await villageOf(env, 'township1'),
    });
    expect(direct.json().error.code).toBe('CASE_FILING_CONDITIONS');
    const wrongReason = await casemgr.post('/api/cases', {
      ...filingBody({ handling: { mode: 'self', reason: 'major_case' } }),
      clueId: clue.id,
    });
    expect(wrongReason.statusCode).toBe(400);
    expect(wrongReason.json().error.code).toBe('VALIDATION_FAILED');
    const unknown = await casemgr.post('/api/cases', { ...filingBody(), clueId: clue.id, extra: 1 });
    expect(unknown.statusCode).toBe(400);
    // Nothing was written by any refusal: the clue's handover still waits.
    const ok = await requestFiling(await ctxAs(env, 'casemgr'), filingBody({ clueId: clue.id }));
    expect(ok.id).toBeTruthy();
  });

  it('files a case directly with its reason (上级交办)', async () => {
    const casemgr = await env.as('casemgr');
    const res = await casemgr.post('/api/cases', {
      ...filingBody({ handling: { mode: 'escalated', reason: 'superior_assigned' } }),
      directReason: '市纪委监委交办',
      subjects: [{ name: '直接对象', position: '村党支部书记' }],
      regionCode: await villageOf(env, 'township1'),
    });
    expect(res.statusCode, res.body).toBe(201);
    const row = await caseRow(res.json().id);
    expect(row.clue_id).toBeNull();
    expect(row.direct_reason).toBe('市纪委监委交办');
  });
});
