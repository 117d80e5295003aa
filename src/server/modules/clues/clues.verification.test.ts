import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import { ctxAs, makeClue, unitOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { decideApproval, recordOfflineStep } from '../approvals/index.js';
import { meetDeadline } from '../deadlines/index.js';
import { addClueMember, setClueState } from './index.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

const REPORT = {
  background: ['测试对象，男，1975年出生，中共党员，现任村委会主任。'],
  basis: ['《中国共产党纪律处分条例》第一百零二条'],
  findings: ['经查阅村集体账目，反映的资金使用问题基本属实。'],
  doubts: [],
  proposal: 'case_proposed',
  proposalReason: '涉嫌违反群众纪律，需要追究党纪责任。',
};

describe.each(testDialects())('preliminary verification (初步核实) on $name', ({ name }) => {
  let env: TestEnv;
  let office1: Client;
  let zone1: Client;
  let casemgr: Client;
  let tstaff1: Client;
  let leader: Client;
  let officeUnit: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    office1 = await env.as('office1');
    zone1 = await env.as('zone1');
    casemgr = await env.as('casemgr');
    tstaff1 = await env.as('tstaff1');
    leader = await env.as('leader');
    officeUnit = await unitOf(env, 'office1');
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
    for (const u of users) ids[u.username] = u.id;
  });
  afterAll(async () => env?.close());

  /** A clue (by 案管) brought along the legal path into `verification`, office1 its handler. */
  async function verificationClue(over: Record<string, unknown> = {}): Promise<string> {
    const clue = await makeClue(env, 'casemgr', over);
    await inTransaction(await ctxAs(env, 'casemgr'), async (tx) => {
      let v = (await setClueState(tx, clue.id, clue.version, { status: 'assigned', handlingUnitId: officeUnit }))
        .version;
      await addClueMember(tx, clue.id, ids.office1!, 'handler');
      v = (await setClueState(tx, clue.id, v, { status: 'disposal_proposed' })).version;
      await setClueState(tx, clue.id, v, { status: 'verification', disposal: 'verification' });
    });
    return clue.id;
  }

  async function view(client: Client, clueId: string) {
    const res = await client.get(`/api/clues/${clueId}/verification`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function check(clueId: string, users: string[]) {
    const res = await office1.post(`/api/clues/${clueId}/verification/team-check`, {
      userIds: users.map((u) => ids[u]),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  function plan(
    clueId: string,
    version: number,
    checkId: string,
    team: [string, 'leader' | 'member'][],
    plannedEndOn = '2026-12-31',
  ) {
    return office1.post(`/api/clues/${clueId}/verification/plan`, {
      version,
      objectives: '核实村集体资金使用是否规范',
      measures: ['talk', 'records'],
      schedule: [{ period: '2026年12月10日至12月20日', work: '调取账目，与相关人员谈话' }],
      plannedEndOn,
      team: team.map(([u, role]) => ({ userId: ids[u], role })),
      checkId,
    });
  }

  /** Approves every step of an approval as its holder (the drafter records an offline step). */
  async function approveAll(approvalId: string): Promise<number> {
    let steps = 0;
    for (;;) {
      const row = await env
        .ctx()
        .db.selectFrom('approvals')
        .select(['status', 'version', 'current_step_id', 'current_holder_id', 'drafter_id'])
        .where('id', '=', approvalId)
        .executeTakeFirstOrThrow();
      if (row.status !== 'pending') return steps;
      const step = await env
        .ctx()
        .db.selectFrom('approval_steps')
        .select(['offline'])
        .where('id', '=', row.current_step_id!)
        .executeTakeFirstOrThrow();
      const who = (id: string) => Object.keys(ids).find((u) => ids[u] === id)!;
      if (Number(step.offline) === 1)
        await recordOfflineStep(await ctxAs(env, who(row.drafter_id)), approvalId, {
          decision: 'approve',
          opinion: '同意',
          signerName: '县委书记',
          signedOn: '2026-11-20',
          version: row.version,
        });
      else
        await decideApproval(await ctxAs(env, who(row.current_holder_id!)), approvalId, {
          decision: 'approve',
          version: row.version,
        });
      steps += 1;
    }
  }

  /** A clue whose plan (office1 leading, zone1; completion planned on `plannedEndOn`) is approved. */
  async function activeClue(over: Record<string, unknown> = {}, plannedEndOn?: string): Promise<string> {
    const clueId = await verificationClue(over);
    const { checkId } = await check(clueId, ['office1', 'zone1']);
    const res = await plan(
      clueId,
      (await view(office1, clueId)).clueVersion,
      checkId,
      [
        ['office1', 'leader'],
        ['zone1', 'member'],
      ],
      plannedEndOn,
    );
    expect(res.statusCode, res.body).toBe(201);
    await approveAll(res.json().approvalId);
    return clueId;
  }

  async function save(client: Client, clueId: string, over: Record<string, unknown> = {}) {
    const v = (await view(client, clueId)).verification;
    return client.put(`/api/clues/${clueId}/verification/report`, { version: v.version, ...REPORT, ...over });
  }

  async function sign(client: Client, clueId: string) {
    const v = (await view(client, clueId)).verification;
    return client.post(`/api/clues/${clueId}/verification/signatures`, { contentHash: v.reportHash });
  }

  async function submit(client: Client, clueId: string) {
    const v = (await view(client, clueId)).verification;
    return client.post(`/api/clues/${clueId}/verification/submission`, { version: v.version });
  }

  async function counts(clueId: string) {
    const db = env.ctx().db;
    const [v, a] = await Promise.all([
      db.selectFrom('clue_verifications').select('id').where('clue_id', '=', clueId).execute(),
      db.selectFrom('approvals').select('id').where('resource_id', '=', clueId).execute(),
    ]);
    return { verifications: v.length, approvals: a.length };
  }

  it('refuses a team of one with its code, and writes nothing', async () => {
    const clueId = await verificationClue();
    const { checkId } = await check(clueId, ['office1']);
    const res = await plan(clueId, (await view(office1, clueId)).clueVersion, checkId, [['office1', 'leader']]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VERIFICATION_TEAM_TOO_SMALL');
    // Two members but no leader is refused the same way.
    const none = await plan(clueId, (await view(office1, clueId)).clueVersion, checkId, [
      ['office1', 'member'],
      ['zone1', 'member'],
    ]);
    expect(none.json().error.code).toBe('VERIFICATION_TEAM_TOO_SMALL');
    expect(await counts(clueId)).toEqual({ verifications: 0, approvals: 0 });
  });

  it('refuses a conflicting member with the reason in words, and writes nothing', async () => {
    const unit = await env
      .ctx()
      .db.selectFrom('units')
      .select('name')
      .where('id', '=', await unitOf(env, 'zone1'))
      .executeTakeFirstOrThrow();
    const zoneName = (
      await env
        .ctx()
        .db.selectFrom('users')
        .select('display_name')
        .where('id', '=', ids.zone1!)
        .executeTakeFirstOrThrow()
    ).display_name;
    // The clue is about zone1 themself (same name, same unit): they must step aside.
    const clueId = await verificationClue({ subjects: [{ name: zoneName, employer: unit.name, position: '组长' }] });
    const result = await check(clueId, ['office1', 'zone1']);
    const z = result.people.find((p: { userId: string }) => p.userId === ids.zone1);
    expect(z.outcome).toBe('refuse');
    expect(z.reasons[0].text).toContain('本人即被反映人');
    const res = await plan(clueId, (await view(office1, clueId)).clueVersion, result.checkId, [
      ['office1', 'leader'],
      ['zone1', 'member'],
    ]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONFLICT_REFUSED');
    expect(res.json().error.message).toContain(`${zoneName}不能加入核查组`);
    expect(res.json().error.message).toContain('本人即被反映人');
    expect(await counts(clueId)).toEqual({ verifications: 0, approvals: 0 });
  });

  it('runs plan → approval (committee principal off the platform) → both sign → report approved → 拟立案, with documents', async () => {
    const clueId = await verificationClue({
      subjects: [{ name: '测试书记', position: '乡党委书记', rank: 'lower_principal' }],
    });
    const { checkId } = await check(clueId, ['office1', 'zone1']);
    const res = await plan(clueId, (await view(office1, clueId)).clueVersion, checkId, [
      ['zone1', 'member'],
      ['office1', 'leader'],
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const planApproval = await env
      .ctx()
      .db.selectFrom('approval_steps')
      .select(['post', 'offline', 'status'])
      .where('approval_id', '=', res.json().approvalId)
      .orderBy('seq')
      .execute();
    // GZ 第三十三条: the next-lower principal's plan goes on to the same-level committee principal.
    expect(planApproval.at(-1)).toMatchObject({ post: 'committee_principal' });
    expect(Number(planApproval.at(-1)!.offline)).toBe(1);
    // Before approval zone1 is not on the clue yet.
    expect((await zone1.get(`/api/clues/${clueId}/verification`)).statusCode).toBe(403);
    await approveAll(res.json().approvalId);
    const active = await view(zone1, clueId);
    expect(active.verification.status).toBe('active');
    expect(active.verification.team.map((m: { role: string }) => m.role)).toEqual(['leader', 'member']);
    const members = await env
      .ctx()
      .db.selectFrom('clue_members')
      .select('user_id')
      .where('clue_id', '=', clueId)
      .where('role', '=', 'team_member')
      .where('removed_at', 'is', null)
      .execute();
    expect(members.map((m) => m.user_id).sort()).toEqual([ids.office1, ids.zone1].sort());

    // Report: drafted, signed by office1, then changed by zone1: office1's signature is void.
    expect((await save(office1, clueId)).statusCode).toBe(200);
    expect((await sign(office1, clueId)).statusCode).toBe(201);
    expect((await sign(office1, clueId)).statusCode).toBe(409);
    const early = await submit(office1, clueId);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('VERIFICATION_UNSIGNED');
    expect(early.json().error.details.missing).toEqual([active.verification.team[1].name]);
    // 案管 sees the clue (registrar) but is not on the team: may not sign.
    const outsider = await sign(casemgr, clueId);
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error.code).toBe('VERIFICATION_NOT_MEMBER');
    const changed = await save(zone1, clueId, { doubts: ['部分票据尚待核对。'] });
    expect(changed.json().voided).toBe(1);
    const after = await view(office1, clueId);
    expect(after.verification.team.every((m: { signedAt: string | null }) => m.signedAt === null)).toBe(true);
    expect(after.verification.voidedSignatures).toBe(1);
    expect(after.abilities).toMatchObject({ edit: true, sign: true, submit: false });
    // Saving the same text again voids nothing.
    expect((await sign(office1, clueId)).statusCode).toBe(201);
    expect((await save(zone1, clueId, { doubts: ['部分票据尚待核对。'] })).json().voided).toBe(0);
    expect((await sign(zone1, clueId)).statusCode).toBe(201);
    const sent = await submit(zone1, clueId);
    expect(sent.statusCode, sent.body).toBe(201);
    expect((await save(office1, clueId)).json().error.code).toBe('VERIFICATION_STATE');
    expect(await approveAll(sent.json().approvalId)).toBeGreaterThan(1);

    const done = await view(office1, clueId);
    expect(done.clueStatus).toBe('case_proposed');
    expect(done.verification).toMatchObject({ status: 'done', outcome: 'case_proposed' });
    const handover = await env
      .ctx()
      .db.selectFrom('clue_handovers')
      .select(['kind', 'taken_at', 'source_approval_id'])
      .where('clue_id', '=', clueId)
      .execute();
    expect(handover).toEqual([{ kind: 'filing_request', taken_at: null, source_approval_id: sent.json().approvalId }]);
    const trail = (await office1.get(`/api/clues/${clueId}`)).json().trail.map((e: { action: string }) => e.action);
    for (const a of [
      'verification_plan',
      'verification_plan_decided',
      'verification_signed',
      'verification_signatures_voided',
      'verification_report',
      'verification_report_decided',
      'filing_handover',
    ])
      expect(trail).toContain(a);
    const card = await casemgr.get('/api/workbench');
    expect(card.statusCode).toBe(200);
    // The case stage's card lists the clue until its filing request is drafted.
    expect(card.body).toContain('待起草立案呈批报告的线索');

    // Documents, read back.
    const names = done.verification.team.map((m: { name: string }) => m.name) as string[];
    const planPdf = await office1.get(`/api/clues/${clueId}/verification/documents/verification_plan.pdf`);
    expect(planPdf.statusCode).toBe(200);
    const planText = pdfText(planPdf.rawPayload);
    for (const want of [
      '初步核实工作方案',
      '核查组由2人组成',
      `组长：${names[0]}`,
      '调取账目，与相关人员谈话',
      '计划于2026年12月31日前完成初步核实',
      '测试书记',
    ])
      expect(planText, want).toContain(want);
    const reportPdf = await zone1.get(`/api/clues/${clueId}/verification/documents/verification_report.pdf`);
    expect(reportPdf.statusCode).toBe(200);
    const reportText = pdfText(reportPdf.rawPayload);
    for (const want of [
      '初步核实情况报告',
      '部分票据尚待核对',
      '建议拟立案审查调查',
      `组长${names[0]}（已签字）`,
      `成员${names[1]}（已签字）`,
    ])
      expect(reportText, want).toContain(want);
    expect(reportText).toMatch(/已签字）\d{4}年\d{1,2}月\d{1,2}日/);
    const docx = await office1.get(`/api/clues/${clueId}/verification/documents/verification_report.docx`);
    expect(docx.statusCode).toBe(200);
    const dtext = await docxText(docx.rawPayload);
    expect(dtext).toContain(`成员${names[1]}（已签字）`);
    expect((await office1.get(`/api/clues/${clueId}/verification/documents/clarification_letter.pdf`)).statusCode).toBe(
      409,
    );
    // In scope but not on the clue: the ledger line only. Out of scope: not found.
    expect((await leader.get(`/api/clues/${clueId}/verification/documents/verification_report.pdf`)).statusCode).toBe(
      403,
    );
    expect((await tstaff1.get(`/api/clues/${clueId}/verification/documents/verification_report.pdf`)).statusCode).toBe(
      404,
    );
  });

  it.each([
    ['clarified', 'concluded', {}],
    ['reminder', 'concluded', {}],
    ['concluded', 'concluded', {}],
    ['shelved', 'shelved', {}],
    ['transferred', 'transferred', { transferTo: '中共测试乡委员会' }],
  ] as const)('an approved %s report moves the clue to %s', async (proposal, state, extra) => {
    const clueId = await activeClue();
    if (proposal === 'transferred') {
      const missing = await save(office1, clueId, { proposal });
      expect(missing.statusCode).toBe(400);
    }
    expect((await save(office1, clueId, { proposal, ...extra })).statusCode).toBe(200);
    expect((await sign(office1, clueId)).statusCode).toBe(201);
    expect((await sign(zone1, clueId)).statusCode).toBe(201);
    const sent = await submit(office1, clueId);
    expect(sent.statusCode, sent.body).toBe(201);
    await approveAll(sent.json().approvalId);
    const done = await view(office1, clueId);
    expect(done.clueStatus).toBe(state);
    expect(done.verification.outcome).toBe(proposal);
    const letter = await office1.get(`/api/clues/${clueId}/verification/documents/clarification_letter.pdf`);
    if (proposal === 'clarified') {
      expect(letter.statusCode).toBe(200);
      expect(pdfText(letter.rawPayload)).toContain('澄清正名的函');
      // The 澄清函 is addressed as the 了结函 is: to a subject picked from the clue, or to one typed.
      const [subject] = (await office1.get(`/api/clues/${clueId}/letter-addressees`)).json<{ text: string }[]>();
      const picked = await office1.get(
        `/api/clues/${clueId}/verification/documents/clarification_letter.pdf?addressee=subject-1`,
      );
      expect(pdfText(picked.rawPayload)).toContain(`${subject!.text}：`);
      const typed = await office1.get(
        `/api/clues/${clueId}/verification/documents/clarification_letter.pdf?recipient=${encodeURIComponent('中共澄清乡委员会')}`,
      );
      expect(pdfText(typed.rawPayload)).toContain('中共澄清乡委员会：');
      const bad = await office1.get(
        `/api/clues/${clueId}/verification/documents/clarification_letter.pdf?addressee=employer-9`,
      );
      expect(bad.json().error.code).toBe('LETTER_ADDRESSEE_INVALID');
    } else expect(letter.statusCode).toBe(409);
    if (proposal === 'transferred') expect(JSON.stringify(done.verification.report)).toContain('中共测试乡委员会');
  });

  it('answers 409 CLUE_TRANSITION for a plan on a clue not in verification', async () => {
    const clue = await makeClue(env, 'casemgr');
    await inTransaction(await ctxAs(env, 'casemgr'), async (tx) => {
      await setClueState(tx, clue.id, clue.version, { status: 'assigned', handlingUnitId: officeUnit });
      await addClueMember(tx, clue.id, ids.office1!, 'handler');
    });
    const res = await office1.post(`/api/clues/${clue.id}/verification/team-check`, {
      userIds: [ids.office1, ids.zone1],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CLUE_TRANSITION');
    const p = await plan(clue.id, clue.version + 1, newId(), [
      ['office1', 'leader'],
      ['zone1', 'member'],
    ]);
    expect(p.statusCode).toBe(409);
    expect(p.json().error.code).toBe('CLUE_TRANSITION');
  });

  it('answers 409 CONFLICT to concurrent edits and writes only the winner', async () => {
    const clueId = await verificationClue();
    const { checkId } = await check(clueId, ['office1', 'zone1']);
    const version = (await view(office1, clueId)).clueVersion;
    const team: [string, 'leader' | 'member'][] = [
      ['office1', 'leader'],
      ['zone1', 'member'],
    ];
    const [a, b] = await Promise.all([plan(clueId, version, checkId, team), plan(clueId, version, checkId, team)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toMatch(/^(CONFLICT|VERIFICATION_STATE)$/);
    expect(await counts(clueId)).toEqual({ verifications: 1, approvals: 1 });
    await approveAll([a, b].find((r) => r.statusCode === 201)!.json().approvalId);
    const v = (await view(office1, clueId)).verification.version;
    const body = { version: v, ...REPORT };
    const [x, y] = await Promise.all([
      office1.put(`/api/clues/${clueId}/verification/report`, { ...body, findings: ['甲'] }),
      zone1.put(`/api/clues/${clueId}/verification/report`, { ...body, findings: ['乙'] }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const loser = [x, y].find((r) => r.statusCode === 409)!;
    expect(loser.json().error.code).toBe('CONFLICT');
    const saved = (await view(office1, clueId)).verification;
    expect(saved.version).toBe(v + 1);
    expect(saved.report.findings).toEqual(x.statusCode === 200 ? ['甲'] : ['乙']);
    // A signature over a text the member no longer sees is refused.
    const stale = await zone1.post(`/api/clues/${clueId}/verification/signatures`, { contentHash: '0'.repeat(64) });
    expect(stale.statusCode).toBe(409);
  });

  it('gives 404 to a recused team member and 403 NEED_TO_KNOW to someone in scope not on the clue', async () => {
    const clueId = await activeClue();
    expect((await save(office1, clueId)).statusCode).toBe(200);
    expect((await leader.get(`/api/clues/${clueId}/verification`)).json().error.code).toBe('NEED_TO_KNOW');
    expect((await tstaff1.get(`/api/clues/${clueId}/verification`)).statusCode).toBe(404);
    const clue = await env
      .ctx()
      .db.selectFrom('clues')
      .select(['owner_unit_id', 'owner_unit_path', 'region_path', 'county_code'])
      .where('id', '=', clueId)
      .executeTakeFirstOrThrow();
    const now = new Date(env.clock.nowMs()).toISOString();
    await env
      .ctx()
      .db.insertInto('recusals')
      .values({
        id: newId(),
        resource: 'clue',
        resource_id: clueId,
        user_id: ids.zone1!,
        requested_by_kind: 'organ',
        oral: 0,
        reasons: '与被核查人有利害关系',
        recorded_by: ids.leader!,
        state: 'recused',
        escalated: 0,
        target_unit_path: clue.owner_unit_path,
        decided_by: ids.leader!,
        decided_at: now,
        decision_note: null,
        withdrawn_at: null,
        ...clue,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    expect((await zone1.get(`/api/clues/${clueId}/verification`)).statusCode).toBe(404);
    const signed = await zone1.post(`/api/clues/${clueId}/verification/signatures`, {
      contentHash: (await view(office1, clueId)).verification.reportHash,
    });
    expect(signed.statusCode).toBe(404);
    expect((await zone1.get(`/api/clues/${clueId}/verification/documents/verification_plan.pdf`)).statusCode).toBe(404);
    // Nothing was written by the refused signature.
    const sigs = await env
      .ctx()
      .db.selectFrom('clue_verification_signatures as s')
      .innerJoin('clue_verifications as v', 'v.id', 's.verification_id')
      .select('s.id')
      .where('v.clue_id', '=', clueId)
      .execute();
    expect(sigs).toEqual([]);
  });

  /**
   * A clue in verification whose plan (completion on `plannedEndOn`) is approved, with timer 1
   * met as the disposal's approval meets it (these clues were moved into verification by hand).
   */
  async function planned(plannedEndOn: string): Promise<string> {
    const clueId = await activeClue({}, plannedEndOn);
    await inTransaction(env.ctx(), (tx) => meetDeadline(tx, 'clue', clueId, 'clue_disposal'));
    return clueId;
  }

  /** The clue's plan clock as its detail page shows it. */
  async function planClock(clueId: string) {
    const clocks = (await office1.get(`/api/clues/${clueId}`)).json().clocks as Record<string, unknown>[];
    return clocks.find((c) => c.kind === 'verification_plan');
  }

  /** Whether 案管's ledger with `query` lists the clue. */
  async function inLedger(clueId: string, query: string): Promise<boolean> {
    const res = await casemgr.get(`/api/clues?pageSize=200&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.some((i: { id: string }) => i.id === clueId);
  }

  it('runs the plan’s clock (初核工作方案期限) to its date, across New Year into a year loaded later', async () => {
    // Planned for New Year's Day 2027: no arrangement for 2027 is loaded yet, so the day counts
    // as a working day and the clock says which year it could not check.
    const clueId = await planned('2027-01-01');
    expect(await planClock(clueId)).toMatchObject({
      label: '初核工作方案期限',
      state: 'running',
      dueOn: '2027-01-01',
      legalDueOn: '2027-01-01',
      uncoveredYears: [2027],
      extendable: true,
    });
    expect((await view(office1, clueId)).verification.plannedEndOn).toBe('2027-01-01');
    expect(await inLedger(clueId, 'clock=running')).toBe(true);
    expect(await inLedger(clueId, 'clock=due_soon')).toBe(false);
    // The administrator loads 2027: New Year is a holiday and the clock moves to the next working day.
    const sys = await env.as('sysadmin');
    const load = await sys.put('/api/calendar/years/2027', {
      source: '国办发明电〔2026〕（测试数据）',
      days: ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, kind: 'holiday', name: '元旦' })),
    });
    expect(load.statusCode, load.body).toBe(200);
    expect(await planClock(clueId)).toMatchObject({
      dueOn: '2027-01-04',
      legalDueOn: '2027-01-01',
      uncoveredYears: [],
    });
    const line = (await casemgr.get(`/api/clues?pageSize=200&clock=running`))
      .json()
      .items.find((i: { id: string }) => i.id === clueId);
    expect(line).toMatchObject({ dueOn: '2027-01-04', overdue: false });
  });

  it('shows a plan due soon on the workbench’s clocks card and in the due-soon ledger', async () => {
    // Today is Friday 2026-11-20; planned for Sunday the 22nd: due on Monday the 23rd.
    const clueId = await planned('2026-11-22');
    expect(await planClock(clueId)).toMatchObject({ dueOn: '2026-11-23', legalDueOn: '2026-11-22' });
    expect(await inLedger(clueId, 'clock=due_soon')).toBe(true);
    const cards = (await casemgr.get('/api/workbench')).json().cards as {
      key: string;
      items: { href: string; subtitle: string; dueOn: string }[];
    }[];
    const item = cards.find((c) => c.key === 'clues.disposal_due')?.items.find((i) => i.href === `/clues/${clueId}`);
    expect(item).toMatchObject({ subtitle: '初核工作方案期限', dueOn: '2026-11-23' });
  });

  it('extends the period only with an organ head’s approval and a later date, and stops the clock at the report’s approval', async () => {
    const clueId = await planned('2026-12-31');
    const footprint = async () => ({
      view: (await view(office1, clueId)).verification,
      clock: await planClock(clueId),
      audit: (
        await env
          .ctx()
          .db.selectFrom('audit_events')
          .select('id')
          .where('resource_id', '=', clueId)
          .where('action', '=', 'clue.verification_extend')
          .execute()
      ).length,
    });
    const before = await footprint();
    const extend = (body: Record<string, unknown>) =>
      office1.post(`/api/clues/${clueId}/verification/extension`, {
        version: before.view.version,
        plannedEndOn: '2027-01-29',
        reason: '需补充调取银行流水',
        approverId: ids.leader,
        ...body,
      });
    // The handler is no organ head: approval by the wrong role.
    const wrongRole = await extend({ approverId: ids.office1 });
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json().error.code).toBe('DEADLINE_APPROVER_ROLE');
    const stale = await extend({ version: before.view.version + 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    const earlier = await extend({ plannedEndOn: '2026-12-30' });
    expect(earlier.statusCode).toBe(400);
    expect(earlier.json().error.code).toBe('VALIDATION_FAILED');
    expect(await footprint()).toEqual(before);
    // A plan whose completion date is not after today is refused at submission.
    const other = await verificationClue();
    const { checkId } = await check(other, ['office1', 'zone1']);
    const past = await plan(
      other,
      (await view(office1, other)).clueVersion,
      checkId,
      [
        ['office1', 'leader'],
        ['zone1', 'member'],
      ],
      '2026-11-20',
    );
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'plannedEndOn' } });
    // No approved plan there, so no period to extend: the wrong state.
    const noPlan = await office1.post(`/api/clues/${other}/verification/extension`, {
      version: 1,
      plannedEndOn: '2027-01-29',
      reason: '需补充调取银行流水',
      approverId: ids.leader,
    });
    expect(noPlan.statusCode).toBe(409);
    expect(noPlan.json().error.code).toBe('VERIFICATION_STATE');

    const ok = await extend({});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ dueOn: '2027-01-29', legalDueOn: '2027-01-29' });
    expect(await planClock(clueId)).toMatchObject({ dueOn: '2027-01-29', extensions: 1 });
    expect((await view(office1, clueId)).verification.plannedEndOn).toBe('2027-01-29');
    const trail = (await office1.get(`/api/clues/${clueId}`)).json().trail as { action: string; note: string }[];
    expect(trail.find((e) => e.action === 'verification_extended')?.note).toContain('需补充调取银行流水');

    // The report approved: the clock stops and leaves the ledger's clock filter.
    expect((await save(office1, clueId)).statusCode).toBe(200);
    for (const member of [office1, zone1]) expect((await sign(member, clueId)).statusCode).toBe(201);
    const sent = await submit(office1, clueId);
    expect(sent.statusCode, sent.body).toBe(201);
    await approveAll(sent.json().approvalId);
    expect(await planClock(clueId)).toMatchObject({ state: 'met' });
    expect(await inLedger(clueId, 'clock=running')).toBe(false);
  });
});
