/**
 * The clue stage end to end, through the public API as each person would act (issue 12 §6): a
 * villager's report in a township → accepted and turned into a clue → 分办意见 to the first zone,
 * approved up its chain → the zone leader assigns a township officer as handler with a team →
 * the handler's disposal opinion (初步核实), approved → the work plan with a team of two,
 * approved → the report saved, signed by both members, approved → 拟立案. No state is set by
 * hand: every step goes through the routes the console uses, on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReport, villageOf } from '../../src/server/test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../src/server/test/harness.js';

describe.each(testDialects())('the clue stage end to end on $name', ({ name }) => {
  let env: TestEnv;
  const ids: Record<string, string> = {};
  const usernames: Record<string, string> = {};
  const clients = new Map<string, Client>();

  async function as(username: string): Promise<Client> {
    let c = clients.get(username);
    if (!c) clients.set(username, (c = await env.as(username)));
    return c;
  }

  /** Signs every pending step of an approval as its holder, through the approvals routes. */
  async function approveAll(approvalId: string): Promise<string[]> {
    const signers: string[] = [];
    for (let i = 0; i < 8; i++) {
      const a = (await (await as('leader')).get(`/api/approvals/${approvalId}`)).json();
      if (a.status !== 'pending') {
        expect(a.status).toBe('approved');
        return signers;
      }
      const holder = usernames[a.currentHolderId];
      expect(holder, `step ${i} has a holder on the platform`).toBeTruthy();
      const res = await (
        await as(holder!)
      ).post(`/api/approvals/${approvalId}/decision`, { decision: 'approve', opinion: '同意', version: a.version });
      expect(res.statusCode, res.body).toBe(200);
      signers.push(holder!);
    }
    throw new Error('approval did not end');
  }

  async function clue(id: string) {
    const res = await (await as('casemgr')).get(`/api/clues/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
    for (const u of users) {
      ids[u.username] = u.id;
      usernames[u.id] = u.username;
    }
  });
  afterAll(async () => env?.close());

  it('takes a township report to a zone team’s approved verification report, proposing a case', async () => {
    // 1. A villager in a township reports the township head (a county-managed cadre): intake
    //    routes it to the county commission, whose intake office accepts it as a clue.
    const intake = await as('intake');
    const made = await makeReport(env, await villageOf(env, 'township1'), {
      subjectRole: 'township_cadre',
      subject: { name: '贯通测试对象', position: '乡长' },
    });
    let report = (await intake.get(`/api/reports/${made.id}`)).json();
    expect(
      (
        await intake.post(`/api/reports/${made.id}/acceptance`, {
          version: report.version,
          categories: ['collective_assets'],
        })
      ).statusCode,
    ).toBe(200);
    report = (await intake.get(`/api/reports/${made.id}`)).json();
    const disp = await intake.post(`/api/reports/${made.id}/disposal`, {
      version: report.version,
      disposition: 'clue',
      note: '反映乡长插手村集体资金使用问题',
    });
    expect(disp.statusCode, disp.body).toBe(200);
    const clueId = disp.json().clueId as string;

    // 2. The 分办意见 to the first zone (cross-township handling), up its chain.
    const casemgr = await as('casemgr');
    const zone = await env.ctx().db.selectFrom('zones').select('id').orderBy('ordinal').executeTakeFirstOrThrow();
    const registered = (await casemgr.get(`/api/clues/${clueId}`)).json();
    expect(registered.status).toBe('registered');
    const drafted = await casemgr.post(`/api/clues/${clueId}/assignment-opinion`, {
      version: registered.version,
      targetKind: 'zone',
      targetId: zone.id,
      opinion: '交第一协作区异地办理',
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    expect((await approveAll(drafted.json().approvalId)).length).toBeGreaterThan(0);
    const zone1 = await as('zone1');
    const pool = (await zone1.get(`/api/clue-pools?zoneId=${zone.id}`)).json();
    expect(pool.items.map((i: { id: string }) => i.id)).toContain(clueId);

    // 3. The zone leader assigns: keeper himself, a township officer as handler, a second member.
    let c = await clue(clueId);
    expect(c.status).toBe('assigned');
    const assigned = await zone1.post(`/api/clues/${clueId}/assignment`, {
      version: c.version,
      keeperId: ids.zone1,
      handlerId: ids.office1,
      memberIds: [ids.tstaff1],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);

    // 4. The handler proposes 初步核实; the chain approves; timer 1 is met.
    const office1 = await as('office1');
    c = (await office1.get(`/api/clues/${clueId}`)).json();
    const disposal = await office1.post(`/api/clues/${clueId}/disposal`, {
      version: c.version,
      disposal: 'verification',
      reasons: '反映问题具体，具有可查性。',
      plan: '成立核查组调取账目、与相关人员谈话。',
      noMeetingNote: '经协作区研判，情况紧急',
    });
    expect(disposal.statusCode, disposal.body).toBe(201);
    await approveAll(disposal.json().approvalId);
    c = await clue(clueId);
    expect(c).toMatchObject({ status: 'verification', disposal: 'verification' });
    const timer1 = await env
      .ctx()
      .db.selectFrom('deadlines')
      .select('met_at')
      .where('resource_type', '=', 'clue')
      .where('resource_id', '=', clueId)
      .where('kind', '=', 'clue_disposal')
      .executeTakeFirstOrThrow();
    expect(timer1.met_at).not.toBeNull();

    // 5. The work plan with a team of two (recusal checked), approved.
    const check = await office1.post(`/api/clues/${clueId}/verification/team-check`, {
      userIds: [ids.office1, ids.tstaff1],
    });
    expect(check.statusCode, check.body).toBe(200);
    const view = async (client: Client) => (await client.get(`/api/clues/${clueId}/verification`)).json();
    const planned = await office1.post(`/api/clues/${clueId}/verification/plan`, {
      version: (await view(office1)).clueVersion,
      objectives: '核实村集体资金使用情况',
      measures: ['talk', 'records'],
      schedule: [{ period: '2026年12月', work: '调取账目，与相关人员谈话' }],
      plannedEndOn: '2026-12-31',
      team: [
        { userId: ids.office1, role: 'leader' },
        { userId: ids.tstaff1, role: 'member' },
      ],
      checkId: check.json().checkId,
    });
    expect(planned.statusCode, planned.body).toBe(201);
    await approveAll(planned.json().approvalId);

    // 6. The report, signed by both (the township officer opens the county's clue as a member).
    const tstaff1 = await as('tstaff1');
    let v = (await view(office1)).verification;
    const saved = await office1.put(`/api/clues/${clueId}/verification/report`, {
      version: v.version,
      background: ['贯通测试对象，现任乡长。'],
      basis: ['《中国共产党纪律处分条例》'],
      findings: ['经查阅账目，反映问题基本属实。'],
      doubts: [],
      proposal: 'case_proposed',
      proposalReason: '涉嫌违反群众纪律。',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    v = (await view(office1)).verification;
    for (const member of [office1, tstaff1]) {
      const signed = await member.post(`/api/clues/${clueId}/verification/signatures`, { contentHash: v.reportHash });
      expect(signed.statusCode, signed.body).toBe(201);
    }
    v = (await view(office1)).verification;
    const submitted = await office1.post(`/api/clues/${clueId}/verification/submission`, { version: v.version });
    expect(submitted.statusCode, submitted.body).toBe(201);
    await approveAll(submitted.json().approvalId);

    // 7. 拟立案: the clue's trail names every step, and 案管 sees the filing request.
    c = await clue(clueId);
    expect(c.status).toBe('case_proposed');
    const actions = c.trail.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('register');
    expect(actions).toEqual(expect.arrayContaining(['assignment_approved', 'people_assigned']));
    const workbench = (await casemgr.get('/api/workbench')).json();
    const filing = JSON.stringify(workbench);
    expect(filing).toContain(c.number);
  });
});
