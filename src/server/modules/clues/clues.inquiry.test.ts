import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { ctxAs, makeClue } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { setClueState } from './index.js';
import { recordLetterReceipt } from './clues.inquiry-steps.js';

const TALK = {
  time: '2026年11月25日上午9时',
  place: '县纪委监委谈话室（二类）',
  recorder: '记录员甲',
  points: ['村集体资金使用情况'],
  safety: ['谈话前开展安全风险评估', '全程同步录音录像'],
  writtenExplanation: true,
};
const LETTER = {
  matters: ['请说明村集体资金使用情况'],
  copyTo: '中共坡头乡委员会',
  principalLeader: '中共坡头乡委员会书记',
  contactPerson: '王某',
  contactPhone: '0398-1234567',
};

interface Round {
  id: string;
  round: number;
  status: string;
  version: number;
  replyDirect: boolean | null;
  outcome: string | null;
  reportApprovalId: string | null;
}

interface Clock {
  kind: string;
  seq: number;
  state: string;
  dueOn: string | null;
  metAt: string | null;
  uncoveredYears: number[];
}

describe.each(testDialects())('谈话函询 on $name', ({ name }) => {
  let env: TestEnv;
  let casemgr: Client;
  let leader: Client;
  let office1: Client;
  let township2: Client;
  let office1Id = '';
  let zone1Id = '';

  beforeAll(async () => {
    env = await startTestEnv(name);
    casemgr = await env.as('casemgr');
    leader = await env.as('leader');
    office1 = await env.as('office1');
    township2 = await env.as('township2');
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
    office1Id = users.find((u) => u.username === 'office1')!.id;
    zone1Id = users.find((u) => u.username === 'zone1')!.id;
  });
  afterAll(async () => env?.close());

  /** A clue registered by 案管 and moved along the legal path into `inquiry`. */
  async function clueInInquiry(over: Record<string, unknown> = {}): Promise<string> {
    const made = await makeClue(env, 'casemgr', over);
    const ctx = await ctxAs(env, 'casemgr');
    await inTransaction(ctx, async (tx) => {
      let v = made.version;
      v = (await setClueState(tx, made.id, v, { status: 'assigned' })).version;
      v = (await setClueState(tx, made.id, v, { status: 'disposal_proposed' })).version;
      await setClueState(tx, made.id, v, { status: 'inquiry', disposal: 'inquiry' });
    });
    return made.id;
  }

  async function clue(id: string) {
    const res = await casemgr.get(`/api/clues/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ version: number; status: string; clocks: Clock[]; trail: { action: string; note: string }[] }>();
  }

  async function rounds(id: string): Promise<Round[]> {
    const res = await casemgr.get(`/api/clues/${id}/inquiries`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  }

  async function request(id: string, body: Record<string, unknown>) {
    const { version } = await clue(id);
    return casemgr.post(`/api/clues/${id}/inquiries`, {
      version,
      officerIds: [office1Id],
      reason: '反映问题较为笼统',
      ...body,
    });
  }

  /** Approves an approval as the leader (every step the leader holds). */
  async function approve(approvalId: string): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const detail = (await leader.get(`/api/approvals/${approvalId}`)).json();
      if (detail.status !== 'pending') break;
      const ok = await leader.post(`/api/approvals/${approvalId}/decision`, {
        decision: 'approve',
        opinion: '同意',
        version: detail.version,
      });
      expect(ok.statusCode, ok.body).toBe(200);
    }
    expect((await leader.get(`/api/approvals/${approvalId}`)).json().status).toBe('approved');
  }

  async function step(id: string, r: Round, what: string, body: Record<string, unknown>) {
    return casemgr.post(`/api/clues/${id}/inquiries/${r.id}/${what}`, { version: r.version, ...body });
  }

  async function only(id: string): Promise<Round> {
    const list = await rounds(id);
    return list[list.length - 1]!;
  }

  it('letter path: request, approval, receipt across National Day, reply with the signed opinion, 采信了结', async () => {
    const id = await clueInInquiry({ subjects: [{ name: '函询甲', position: '村委会主任', employer: '张村' }] });
    // Not on the team yet: the content is need-to-know.
    const denied = await office1.get(`/api/clues/${id}/inquiries`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('NEED_TO_KNOW');
    expect((await township2.get(`/api/clues/${id}/inquiries`)).statusCode).toBe(404);

    const made = await request(id, { mode: 'letter', letter: LETTER });
    expect(made.statusCode, made.body).toBe(201);
    const approval = (await leader.get(`/api/approvals/${made.json().approvalId}`)).json();
    expect(approval).toMatchObject({ action: 'clue.inquiry_request', targetLevel: 'ordinary', status: 'pending' });
    // The officer joined the team.
    expect((await office1.get(`/api/clues/${id}/inquiries`)).statusCode).toBe(200);

    let r = await only(id);
    expect(r.status).toBe('requested');
    const early = await step(id, r, 'letter-receipt', { receivedOn: '2026-09-28' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('INQUIRY_NOT_APPROVED');

    await approve(made.json().approvalId);
    r = await only(id);
    expect(r.status).toBe('approved');
    const wrong = await step(id, r, 'talk', {
      talkOn: '2026-09-28',
      venue: '谈话室',
      venueSafe: true,
      recordTaken: true,
      attendees: '王某',
      writtenExplanation: false,
    });
    expect(wrong.json().error.code).toBe('INQUIRY_STEP');

    // Received on Monday 28 September: the Mid-autumn and National Day holidays (1–7 October)
    // are skipped and Saturday 10 October is a make-up working day → 23 October (weekends only: 19 October).
    const receipt = await step(id, r, 'letter-receipt', { receivedOn: '2026-09-28' });
    expect(receipt.statusCode, receipt.body).toBe(200);
    r = receipt.json();
    let clocks = (await clue(id)).clocks;
    expect(clocks.find((c) => c.kind === 'letter_reply')).toMatchObject({ dueOn: '2026-10-23', metAt: null });

    // No signed opinion from the principal leader: refused, nothing written.
    const before = await clue(id);
    const noOpinion = await step(id, r, 'reply', { repliedOn: '2026-10-20' });
    expect(noOpinion.statusCode).toBe(400);
    expect(noOpinion.json().error.code).toBe('INQUIRY_LEADER_OPINION_REQUIRED');
    expect((await clue(id)).trail.length).toBe(before.trail.length + 0);
    expect((await only(id)).version).toBe(r.version);
    const beforeReceipt = await step(id, r, 'reply', {
      repliedOn: '2026-09-01',
      leaderName: '孙书记',
      leaderOpinion: '属实',
    });
    expect(beforeReceipt.json().error.code).toBe('VALIDATION_FAILED');

    const reply = await step(id, r, 'reply', {
      repliedOn: '2026-10-20',
      leaderName: '孙书记',
      leaderOpinion: '情况属实，已阅',
    });
    expect(reply.statusCode, reply.body).toBe(200);
    r = reply.json();
    expect(r.replyDirect).toBe(false);
    clocks = (await clue(id)).clocks;
    expect(clocks.find((c) => c.kind === 'letter_reply')!.metAt).not.toBeNull();
    expect(clocks.find((c) => c.kind === 'talk_letter_report')).toMatchObject({ dueOn: '2026-11-20', metAt: null });
    // Due today: on the workbench's inquiry card of the team, not on another township's.
    type Card = { key: string; items: { href: string | null; subtitle: string | null }[] };
    const card = async (c: Client) =>
      (await c.get('/api/workbench')).json<{ cards: Card[] }>().cards.find((x) => x.key === 'clues.inquiry_due');
    expect((await card(casemgr))?.items).toContainEqual(
      expect.objectContaining({ href: `/clues/${id}`, subtitle: '谈话函询情况报告期限' }),
    );
    expect((await card(township2))?.items.map((i) => i.href) ?? []).not.toContain(`/clues/${id}`);

    // Documents from real data: the request and the letter.
    const req = await casemgr.get(`/api/clues/${id}/inquiries/${r.id}/documents/inquiry_request.pdf`);
    expect(req.statusCode).toBe(200);
    const reqText = pdfText(req.rawPayload);
    expect(reqText).toContain('函询甲');
    expect(reqText).toContain('请示');
    const letter = await casemgr.get(`/api/clues/${id}/inquiries/${r.id}/documents/inquiry_letter.pdf`);
    const letterText = pdfText(letter.rawPayload).replace(/\s+/g, '');
    expect(letterText).toContain('函询函');
    expect(letterText).toContain('中共坡头乡委员会书记签署意见');
    expect(letterText).toContain('抄送：中共坡头乡委员会');
    const noPlan = await casemgr.get(`/api/clues/${id}/inquiries/${r.id}/documents/talk_plan.pdf`);
    expect(noPlan.json().error.code).toBe('INQUIRY_STEP');

    const report = await step(id, r, 'report', {
      summary: '经函询，反映问题缺乏证据证实。',
      outcome: 'accepted_closed',
    });
    expect(report.statusCode, report.body).toBe(200);
    await approve(report.json().reportApprovalId);
    const done = await clue(id);
    expect(done.status).toBe('concluded');
    expect(done.clocks.every((c) => c.metAt !== null)).toBe(true);
    expect(done.trail.map((e) => e.action)).toEqual(
      expect.arrayContaining(['inquiry_request', 'inquiry_letter_receipt', 'inquiry_reply', 'inquiry_concluded']),
    );
    r = await only(id);
    expect(r).toMatchObject({ status: 'decided', outcome: 'accepted_closed' });
    const row = await env
      .ctx()
      .db.selectFrom('clues')
      .select('inquiry_outcome')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row?.inquiry_outcome).toBe('accepted_closed');
    const feedback = await casemgr.get(`/api/clues/${id}/inquiries/${r.id}/documents/conclusion_letter.docx`);
    expect(feedback.statusCode).toBe(200);
    expect(feedback.rawPayload.subarray(0, 2).toString()).toBe('PK');

    // A reply after the clue is concluded: 409 CLUE_TRANSITION.
    const late = await step(id, r, 'reply', { repliedOn: '2026-10-21', leaderName: '孙书记', leaderOpinion: '再复' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('CLUE_TRANSITION');
  });

  it('a principal leader replies directly; the principal leader approves the request', async () => {
    const id = await clueInInquiry({
      subjects: [{ name: '书记乙', position: '乡党委书记', rank: 'lower_principal' }],
    });
    const made = await request(id, { mode: 'letter', letter: LETTER });
    expect(made.statusCode, made.body).toBe(201);
    const approval = (await leader.get(`/api/approvals/${made.json().approvalId}`)).json();
    expect(approval.targetLevel).toBe('next_lower_principal');
    expect(approval.steps.map((s: { post: string }) => s.post)).toContain('principal_leader');
    await approve(made.json().approvalId);
    let r = await only(id);
    r = (await step(id, r, 'letter-receipt', { receivedOn: '2026-11-02' })).json();
    const reply = await step(id, r, 'reply', { repliedOn: '2026-11-10' });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json().replyDirect).toBe(true);
    const doc = await casemgr.get(`/api/clues/${id}/inquiries/${r.id}/documents/inquiry_letter.pdf`);
    expect(pdfText(doc.rawPayload).replace(/\s+/g, '')).toContain('由你本人直接报送我委');
  });

  it('talk path: safe venue required, written explanation, 再次谈话函询 then a delegated talk and 初步核实', async () => {
    const id = await clueInInquiry();
    const made = await request(id, { mode: 'talk', talk: TALK });
    expect(made.statusCode, made.body).toBe(201);
    let r = await only(id);
    const talk = {
      talkOn: '2026-11-16',
      venue: '县纪委监委谈话室（二类）',
      venueSafe: true,
      recordTaken: true,
      attendees: '王某、记录员甲',
      writtenExplanation: true,
    };
    const unapproved = await step(id, r, 'talk', talk);
    expect(unapproved.statusCode).toBe(409);
    expect(unapproved.json().error.code).toBe('INQUIRY_NOT_APPROVED');
    await approve(made.json().approvalId);
    r = await only(id);
    const before = await clue(id);
    const unsafe = await step(id, r, 'talk', { ...talk, venueSafe: false });
    expect(unsafe.statusCode).toBe(400);
    expect(unsafe.json().error.code).toBe('INQUIRY_VENUE_UNSAFE');
    const after = await clue(id);
    expect(after.trail.length).toBe(before.trail.length);
    expect(after.clocks.length).toBe(before.clocks.length);

    const held = await step(id, r, 'talk', talk);
    expect(held.statusCode, held.body).toBe(200);
    r = held.json();
    let clocks = (await clue(id)).clocks;
    // 15 working days from Monday 16 November 2026; the report a month after the talk.
    expect(clocks.find((c) => c.kind === 'written_explanation')).toMatchObject({ dueOn: '2026-12-07', metAt: null });
    expect(clocks.find((c) => c.kind === 'talk_letter_report')).toMatchObject({ dueOn: '2026-12-16', metAt: null });
    const plan = await casemgr.get(`/api/clues/${id}/inquiries/${r.id}/documents/talk_plan.pdf`);
    expect(pdfText(plan.rawPayload).replace(/\s+/g, '')).toContain('谈话方案');
    r = (await step(id, r, 'explanation', { receivedOn: '2026-11-19' })).json();
    clocks = (await clue(id)).clocks;
    expect(clocks.find((c) => c.kind === 'written_explanation')!.metAt).not.toBeNull();

    // A second round cannot be requested while this one is open.
    const dup = await request(id, { mode: 'talk', talk: TALK });
    expect(dup.json().error.code).toBe('INQUIRY_ROUND_OPEN');
    const report = await step(id, r, 'report', { summary: '说明不够清楚。', outcome: 'second_inquiry' });
    await approve(report.json().reportApprovalId);
    expect((await clue(id)).status).toBe('inquiry');
    expect((await only(id)).outcome).toBe('second_inquiry');

    // Round 2: the talk is delegated to the target's principal leader.
    const again = await request(id, { mode: 'talk', talk: { ...TALK, writtenExplanation: false } });
    expect(again.statusCode, again.body).toBe(201);
    await approve(again.json().approvalId);
    r = await only(id);
    expect(r.round).toBe(2);
    const delegated = await step(id, r, 'delegation', { delegate: '坡头乡党委书记孙某', receivedOn: '2026-11-18' });
    expect(delegated.statusCode, delegated.body).toBe(200);
    r = delegated.json();
    clocks = (await clue(id)).clocks;
    expect(clocks.find((c) => c.kind === 'delegated_talk')).toMatchObject({ dueOn: '2026-12-09', metAt: null });
    r = (await step(id, r, 'talk', { ...talk, talkOn: '2026-11-19', writtenExplanation: false })).json();
    clocks = (await clue(id)).clocks;
    expect(clocks.find((c) => c.kind === 'delegated_talk')!.metAt).not.toBeNull();
    const reports = clocks.filter((c) => c.kind === 'talk_letter_report');
    expect(reports.map((c) => c.seq).sort()).toEqual([1, 2]);
    const second = await step(id, r, 'report', { summary: '需进一步核实。', outcome: 'verification' });
    await approve(second.json().reportApprovalId);
    expect((await clue(id)).status).toBe('verification');
  });

  it('officers go through recusal: refusals in words, warnings confirmed', async () => {
    const users = env.ctx().db.selectFrom('users as u').innerJoin('units as n', 'n.id', 'u.unit_id');
    const officer = await users
      .select(['u.display_name', 'n.name'])
      .where('u.id', '=', office1Id)
      .executeTakeFirstOrThrow();
    // The subject is office1 itself: refused.
    const self = await clueInInquiry({ subjects: [{ name: officer.display_name, employer: officer.name }] });
    const refused = await request(self, { mode: 'talk', talk: TALK });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('INQUIRY_OFFICER_CONFLICT');
    const person = refused.json().error.details.people[0];
    expect(person.outcome).toBe('refuse');
    expect(person.reasons.join()).toContain('应当回避');
    const retry = await request(self, {
      mode: 'talk',
      talk: TALK,
      conflictCheckId: refused.json().error.details.checkId,
    });
    expect(retry.json().error.code).toBe('CONFLICT_REFUSED');
    expect(await rounds(self)).toEqual([]);

    // zone1 declared a spouse of the subject's name in the same place: a warning to confirm.
    const zone1 = await env.as('zone1');
    const decl = await zone1.post('/api/declared-relations', {
      kind: 'relative',
      relation: 'spouse',
      name: '同名丙',
      employer: '某村村民委员会',
    });
    expect(decl.statusCode, decl.body).toBe(201);
    const warned = await clueInInquiry({ subjects: [{ name: '同名丙', employer: '某村村民委员会' }] });
    const w = await request(warned, { mode: 'talk', talk: TALK, officerIds: [office1Id, zone1Id] });
    expect(w.json().error.code).toBe('INQUIRY_OFFICER_CONFLICT');
    const { checkId, people } = w.json().error.details;
    expect(people.map((p: { outcome: string }) => p.outcome)).toEqual(['clear', 'warn']);
    const unconfirmed = await request(warned, {
      mode: 'talk',
      talk: TALK,
      officerIds: [office1Id, zone1Id],
      conflictCheckId: checkId,
    });
    expect(unconfirmed.json().error.code).toBe('CONFLICT_UNCONFIRMED');
    const confirm = await casemgr.post(`/api/conflict-checks/${checkId}/confirmations`, {
      userId: zone1Id,
      reason: '经核实不是同一人',
    });
    expect(confirm.statusCode, confirm.body).toBe(201);
    const ok = await request(warned, {
      mode: 'talk',
      talk: TALK,
      officerIds: [office1Id, zone1Id],
      conflictCheckId: checkId,
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('bad input is 400 with nothing written; a clue not in inquiry is 409', async () => {
    const id = await clueInInquiry();
    const before = await clue(id);
    for (const body of [
      { mode: 'talk' },
      { mode: 'letter', talk: TALK },
      { mode: 'talk', talk: { ...TALK, points: [] } },
      { mode: 'talk', talk: TALK, surelyNotAField: 1 },
      { mode: 'phone', talk: TALK },
      { mode: 'talk', talk: TALK, officerIds: [office1Id, office1Id] },
    ]) {
      const res = await request(id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await rounds(id)).toEqual([]);
    expect((await clue(id)).trail.length).toBe(before.trail.length);
    const made = await request(id, { mode: 'talk', talk: TALK });
    await approve(made.json().approvalId);
    const r = await only(id);
    const badOutcome = await step(id, r, 'report', { summary: '报告', outcome: 'case_proposed' });
    expect(badOutcome.statusCode).toBe(400);
    const noTalk = await step(id, r, 'report', { summary: '报告', outcome: 'reminder' });
    expect(noTalk.json().error.code).toBe('INQUIRY_STEP');
    const stale = await step(id, { ...r, version: r.version + 5 }, 'talk', {
      talkOn: '2026-11-19',
      venue: '谈话室',
      venueSafe: true,
      recordTaken: false,
      attendees: '王某',
      writtenExplanation: false,
    });
    expect(stale.json().error.code).toBe('CONFLICT');

    const fresh = await makeClue(env);
    const notYet = await casemgr.post(`/api/clues/${fresh.id}/inquiries`, {
      version: fresh.version,
      mode: 'talk',
      reason: '理由',
      officerIds: [office1Id],
      talk: TALK,
    });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().error.code).toBe('CLUE_TRANSITION');
  });

  it('a letter received in late December of the last loaded year runs into the unloaded year', async () => {
    const id = await clueInInquiry();
    const made = await request(id, { mode: 'letter', letter: LETTER });
    await approve(made.json().approvalId);
    const r = await only(id);
    const start = env.clock.nowMs();
    env.clock.advance(Date.parse('2026-12-23T02:00:00Z') - start);
    try {
      const ctx = await ctxAs(env, 'casemgr', '2026-12-23');
      await recordLetterReceipt(ctx, id, r.id, { version: r.version, receivedOn: '2026-12-22' });
    } finally {
      env.clock.advance(start - env.clock.nowMs());
    }
    const reply = (await clue(id)).clocks.find((c) => c.kind === 'letter_reply')!;
    // 2027 has no calendar yet: its days count as weekdays/weekends only (1 January counted as a
    // working day) and the clock says so; loading 2027 recomputes it.
    expect(reply.uncoveredYears).toEqual([2027]);
    expect(reply.dueOn).toBe('2027-01-12');
  });
});
