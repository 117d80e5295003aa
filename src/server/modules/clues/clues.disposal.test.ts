import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { ctxAs, makeClue, makeReport, unitOf, villageOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { decideApproval, getApproval, resubmitApproval, withdrawApproval } from '../approvals/index.js';
import { addClueMember, addMonths, remindShelvedReviews, setClueState } from './index.js';

interface Made {
  id: string;
  number: string;
  version: number;
}

describe.each(testDialects())('clue disposal on $name', ({ name }) => {
  let env: TestEnv;
  let office1: Client;
  let casemgrC: Client;
  let officeUnit: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    office1 = await env.as('office1');
    casemgrC = await env.as('casemgr');
    officeUnit = await unitOf(env, 'office1');
    for (const u of ['office1', 'zone1', 'leader', 'casemgr', 'tstaff1', 'township1', 'township2'])
      ids[u] = (
        await env.ctx().db.selectFrom('users').select('id').where('username', '=', u).executeTakeFirstOrThrow()
      ).id;
  });
  afterAll(async () => env?.close());

  const clueRow = (id: string) =>
    env
      .ctx()
      .db.selectFrom('clues')
      .select(['status', 'disposal', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  /** Registered → assigned through the legal move, with `keeper` as keeper. */
  async function assigned(over: Record<string, unknown> = {}, keeper = 'office1', by = 'casemgr'): Promise<Made> {
    const c = await makeClue(env, by, over);
    return assign(c, keeper);
  }

  async function assign(c: Made, keeper = 'office1', as = 'casemgr'): Promise<Made> {
    const ctx = await ctxAs(env, as);
    const { version } = await inTransaction(ctx, async (tx) => {
      await addClueMember(tx, c.id, ids[keeper]!, 'keeper');
      return setClueState(tx, c.id, c.version, {
        status: 'assigned',
        keeperId: ids[keeper]!,
        handlingUnitId: keeper === 'office1' ? officeUnit : null,
      });
    });
    return { ...c, version };
  }

  function opinion(c: Made, over: Record<string, unknown> = {}) {
    return {
      version: c.version,
      disposal: 'inquiry',
      reasons: '反映问题具有一般性，拟谈话了解情况。',
      plan: '由第一纪检监察室两名干部与其谈话。',
      noMeetingNote: '案情简单，经室务会研究',
      ...over,
    };
  }

  async function propose(c: Made, over: Record<string, unknown> = {}, client = office1) {
    const res = await client.post(`/api/clues/${c.id}/disposal`, opinion(c, over));
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ approvalId: string; approvalNumber: string; version: number }>();
  }

  async function decide(username: string, id: string, decision: 'approve' | 'return' | 'reject', text?: string) {
    const ctx = await ctxAs(env, username);
    await decideApproval(ctx, id, { decision, opinion: text, version: (await getApproval(ctx, id)).version });
  }

  /** Signs the whole chain: 第一协作区组长 as department head, then the commission leader. */
  async function approveAll(id: string) {
    await decide('zone1', id, 'approve', '同意');
    await decide('leader', id, 'approve', '同意');
  }

  async function codeOf(p: Promise<unknown>): Promise<string> {
    try {
      await p;
    } catch (err) {
      return (err as { code: string }).code;
    }
    return 'OK';
  }

  const disposalClock = (clueId: string) =>
    env
      .ctx()
      .db.selectFrom('deadlines')
      .select(['met_at'])
      .where('resource_type', '=', 'clue')
      .where('resource_id', '=', clueId)
      .where('kind', '=', 'clue_disposal')
      .executeTakeFirstOrThrow();

  const trail = async (clueId: string) =>
    (
      await env
        .ctx()
        .db.selectFrom('clue_events')
        .select(['action'])
        .where('clue_id', '=', clueId)
        .orderBy('at')
        .orderBy('id')
        .execute()
    ).map((e) => e.action);

  const audits = async (clueId: string) =>
    (
      await env
        .ctx()
        .db.selectFrom('audit_events')
        .select('action')
        .where('resource_type', '=', 'clue')
        .where('resource_id', '=', clueId)
        .orderBy('seq')
        .execute()
    ).map((a) => a.action);

  it('each approved disposal puts the clue in its state, meets timer 1, signs and audits', async () => {
    for (const disposal of ['inquiry', 'verification', 'shelved', 'concluded'] as const) {
      const c = await assigned();
      const extra =
        disposal === 'concluded' ? { conclusionReason: 'not_substantiated', conclusionDetail: '经查无据' } : {};
      const p = await propose(c, { disposal, ...extra });
      expect(await clueRow(c.id)).toMatchObject({ status: 'disposal_proposed', version: p.version });
      expect((await disposalClock(c.id)).met_at).toBeNull();
      await decide('zone1', p.approvalId, 'approve');
      // Still waiting for the leader: nothing moved yet.
      expect((await clueRow(c.id)).status).toBe('disposal_proposed');
      await decide('leader', p.approvalId, 'approve', '同意');
      expect(await clueRow(c.id), disposal).toMatchObject({ status: disposal, disposal });
      expect((await disposalClock(c.id)).met_at, disposal).not.toBeNull();
      const t = await trail(c.id);
      expect(t).toContain('disposal_proposed');
      expect(t).toContain('disposal_approved');
      expect(await audits(c.id)).toEqual(expect.arrayContaining(['clue.disposal_propose', 'clue.disposal_approved']));
      if (disposal === 'concluded') {
        expect(t.at(-1)).toBe('concluded');
        expect(await audits(c.id)).toContain('clue.conclude');
      }
      const view = (await office1.get(`/api/clues/${c.id}/disposal`)).json();
      expect(view.opinions[0]).toMatchObject({ disposal, status: 'approved', approval: { status: 'approved' } });
    }
  });

  it('rejected or withdrawn goes back to assigned (timer 1 keeps running); returned waits for the resubmission', async () => {
    const c = await assigned();
    const p = await propose(c);
    await decide('zone1', p.approvalId, 'reject', '事实不清，重新研判');
    expect(await clueRow(c.id)).toMatchObject({ status: 'assigned', disposal: null });
    expect((await disposalClock(c.id)).met_at).toBeNull();
    expect(await trail(c.id)).toContain('disposal_rejected');

    // A new opinion on the same clue, withdrawn by its drafter.
    const again = await propose({ ...c, version: (await clueRow(c.id)).version });
    const ctx = await ctxAs(env, 'office1');
    await withdrawApproval(ctx, again.approvalId, { version: (await getApproval(ctx, again.approvalId)).version });
    expect((await clueRow(c.id)).status).toBe('assigned');

    // Returned: stays proposed; the resubmission changes the disposal and is approved as changed.
    const third = await propose({ ...c, version: (await clueRow(c.id)).version });
    await decide('zone1', third.approvalId, 'return', '请改为初步核实');
    expect((await clueRow(c.id)).status).toBe('disposal_proposed');
    const a = await getApproval(ctx, third.approvalId);
    await resubmitApproval(ctx, third.approvalId, {
      content: { ...a.content, disposal: 'verification', summary: '拟初步核实。' },
      version: a.version,
    });
    await approveAll(third.approvalId);
    expect(await clueRow(c.id)).toMatchObject({ status: 'verification', disposal: 'verification' });
    expect((await disposalClock(c.id)).met_at).not.toBeNull();
    const view = (await office1.get(`/api/clues/${c.id}/disposal`)).json();
    expect(view.opinions.map((o: { status: string }) => o.status)).toEqual(['approved', 'withdrawn', 'rejected']);
    expect(view.opinions[0].disposal).toBe('verification');
  });

  it('refuses a disposal on a registered or concluded clue (409 CLUE_TRANSITION), and a concluded clue is read-only', async () => {
    const fresh = await makeClue(env);
    await addOffice1(fresh.id);
    const r1 = await office1.post(`/api/clues/${fresh.id}/disposal`, opinion(fresh));
    expect(r1.statusCode, r1.body).toBe(409);
    expect(r1.json().error.code).toBe('CLUE_TRANSITION');

    const c = await assigned();
    const p = await propose(c, { disposal: 'concluded', conclusionReason: 'empty_content' });
    await approveAll(p.approvalId);
    const row = await clueRow(c.id);
    expect(row.status).toBe('concluded');
    const r2 = await office1.post(`/api/clues/${c.id}/disposal`, opinion({ ...c, version: row.version }));
    expect(r2.statusCode).toBe(409);
    expect(r2.json().error.code).toBe('CLUE_TRANSITION');
    const r3 = await casemgrC.patch(`/api/clues/${c.id}`, { version: row.version, note: '更正摘要', summary: '改' });
    expect(r3.statusCode).toBe(409);
    expect(r3.json().error.code).toBe('CLUE_TRANSITION');
    expect((await clueRow(c.id)).version).toBe(row.version);
  });

  async function addOffice1(clueId: string) {
    await inTransaction(await ctxAs(env, 'casemgr'), (tx) => addClueMember(tx, clueId, ids.office1!, 'keeper'));
  }

  it('takes the target level from the subjects’ ranks; only the current holder signs', async () => {
    const c = await assigned({
      subjects: [{ name: '测试书记', position: '镇党委书记', rank: 'lower_principal' }],
    });
    const p = await propose(c);
    const leaderCtx = await ctxAs(env, 'leader');
    const view = await getApproval(leaderCtx, p.approvalId);
    expect(view.targetLevel).toBe('next_lower_principal');
    expect(view.steps.at(-1)).toMatchObject({ post: 'principal_leader', holderName: '县纪委监委领导' });
    // The leader is not the current holder yet; the drafter never is.
    expect(await codeOf(decide('leader', p.approvalId, 'approve'))).toBe('NOT_APPROVER');
    expect(await codeOf(decide('office1', p.approvalId, 'approve'))).toBe('NOT_APPROVER');
    // Through HTTP: 403 for the wrong person, 409 for a stale version.
    const leaderC = await env.as('leader');
    const wrong = await leaderC.post(`/api/approvals/${p.approvalId}/decision`, {
      decision: 'approve',
      version: view.version,
    });
    expect(wrong.statusCode).toBe(403);
    const zone1C = await env.as('zone1');
    const stale = await zone1C.post(`/api/approvals/${p.approvalId}/decision`, {
      decision: 'approve',
      version: view.version + 5,
    });
    expect(stale.statusCode).toBe(409);
    expect((await clueRow(c.id)).status).toBe('disposal_proposed');
    await approveAll(p.approvalId);
    const done = await getApproval(leaderCtx, p.approvalId);
    expect(done.steps.at(-1)).toMatchObject({ post: 'principal_leader', status: 'approved' });
    expect((await clueRow(c.id)).status).toBe('inquiry');
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const c = await assigned();
    const before = await env.ctx().db.selectFrom('approvals').select('id').execute();
    const bad: [Record<string, unknown>, string][] = [
      [{ disposal: 'burn' }, 'VALIDATION_FAILED'],
      [{ reasons: '' }, 'VALIDATION_FAILED'],
      [{ plan: undefined }, 'VALIDATION_FAILED'],
      [{ extra: 1 }, 'VALIDATION_FAILED'],
      [{ disposal: 'concluded' }, 'CLUE_CONCLUSION_REASON'],
      [{ disposal: 'concluded', conclusionReason: 'made_up' }, 'VALIDATION_FAILED'],
      [{ disposal: 'inquiry', conclusionReason: 'empty_content' }, 'CLUE_CONCLUSION_REASON'],
      [{ noMeetingNote: null }, 'CLUE_MEETING_REQUIRED'],
      [{ noMeetingNote: '  ' }, 'CLUE_MEETING_REQUIRED'],
      [{ noMeetingNote: null, meetingId: '00000000-0000-4000-8000-000000000000' }, 'CLUE_MEETING_REQUIRED'],
    ];
    for (const [over, code] of bad) {
      const res = await office1.post(`/api/clues/${c.id}/disposal`, opinion(c, over));
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json().error.code, JSON.stringify(over)).toBe(code);
    }
    expect(await clueRow(c.id)).toMatchObject({ status: 'assigned', version: c.version });
    expect((await env.ctx().db.selectFrom('approvals').select('id').execute()).length).toBe(before.length);
    const opinions = await env
      .ctx()
      .db.selectFrom('clue_disposal_opinions')
      .select('id')
      .where('clue_id', '=', c.id)
      .execute();
    expect(opinions).toEqual([]);
    expect(await trail(c.id)).not.toContain('disposal_proposed');
  });

  it('cites a clue-review meeting that discussed the clue', async () => {
    const c = await assigned();
    const m = await casemgrC.post('/api/clue-meetings', {
      heldOn: '2026-11-19',
      place: '第一会议室',
      attendeeIds: [ids.leader, ids.casemgr],
      items: [{ clueId: c.id, decision: '建议谈话函询' }],
    });
    expect(m.statusCode, m.body).toBe(201);
    const meetingId = m.json().id as string;
    const p = await propose({ ...c, version: (await clueRow(c.id)).version }, { meetingId, noMeetingNote: null });
    const a = await getApproval(await ctxAs(env, 'leader'), p.approvalId);
    expect(a.content.meeting).toMatchObject({ id: meetingId, decision: '建议谈话函询' });
  });

  it('needs the keeper or a handler, on the team, in scope', async () => {
    const c = await assigned();
    // In scope but not on the team: need-to-know.
    const zone1 = await env.as('zone1');
    const r1 = await zone1.post(`/api/clues/${c.id}/disposal`, opinion(c));
    expect(r1.statusCode).toBe(403);
    expect(r1.json().error.code).toBe('NEED_TO_KNOW');
    // On the team as a team member only.
    await inTransaction(await ctxAs(env, 'casemgr'), (tx) => addClueMember(tx, c.id, ids.zone1!, 'team_member'));
    const r2 = await zone1.post(`/api/clues/${c.id}/disposal`, opinion(c));
    expect(r2.statusCode).toBe(403);
    expect(r2.json().error.code).toBe('CLUE_NOT_HANDLER');
    // Outside scope: 404.
    const township2 = await env.as('township2');
    const r3 = await township2.post(`/api/clues/${c.id}/disposal`, opinion(c));
    expect(r3.statusCode).toBe(404);
    const r4 = await township2.get(`/api/clues/${c.id}/disposal`);
    expect(r4.statusCode).toBe(404);
    expect((await clueRow(c.id)).status).toBe('assigned');
  });

  it('starts the named reporter’s feedback clock when a clue from the report is concluded', async () => {
    const township1 = await env.as('township1');
    const village = await villageOf(env, 'township1');
    const made = await makeReport(env, village, {
      named: true,
      reporter: { name: '孙反馈', phone: '13800002222' },
      subject: { name: '钱某某', position: '村委会主任' },
    });
    let d = (await township1.get(`/api/reports/${made.id}`)).json();
    const acc = await township1.post(`/api/reports/${made.id}/acceptance`, {
      version: d.version,
      categories: ['integrity'],
    });
    expect(acc.statusCode, acc.body).toBe(200);
    d = (await township1.get(`/api/reports/${made.id}`)).json();
    const disp = await township1.post(`/api/reports/${made.id}/disposal`, {
      version: d.version,
      disposition: 'clue',
      note: '反映村委会主任优亲厚友问题',
    });
    expect(disp.statusCode, disp.body).toBe(200);
    const clueId = disp.json().clueId as string;
    const feedback = () =>
      env
        .ctx()
        .db.selectFrom('deadlines')
        .select(['met_at', 'due_on'])
        .where('resource_type', '=', 'report')
        .where('resource_id', '=', made.id)
        .where('kind', '=', 'feedback')
        .execute();
    expect(await feedback()).toEqual([]);
    const row = await clueRow(clueId);
    const c = await assign({ id: clueId, number: '', version: row.version }, 'tstaff1', 'township1');
    const tstaff1 = await env.as('tstaff1');
    const p = await propose(c, { disposal: 'concluded', conclusionReason: 'not_substantiated' }, tstaff1);
    // The township commission's chain: its secretary signs.
    await decide('township1', p.approvalId, 'approve', '同意了结');
    expect((await clueRow(clueId)).status).toBe('concluded');
    const clocks = await feedback();
    expect(clocks).toHaveLength(1);
    expect(clocks[0]!.met_at).toBeNull();
    const report = await env
      .ctx()
      .db.selectFrom('reports')
      .select('status')
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(report.status).toBe('concluded');
    const todo = await env
      .ctx()
      .db.selectFrom('notifications')
      .select('user_id')
      .where('resource_id', '=', clueId)
      .where('kind', '=', 'clue_feedback_due')
      .execute();
    expect(todo.map((n) => n.user_id)).toEqual([ids.tstaff1]);
  });

  it('fills the 了结函 from the concluded clue, to an addressee picked from the clue or typed, as PDF and DOCX', async () => {
    const c = await assigned({
      subjects: [
        { name: '测试了结', position: '村委会主任', employer: '张村' },
        { name: '了结乙', position: '会计', employer: '中共李村支部委员会' },
        { name: '了结丙', position: '出纳', employer: '张村' },
      ],
    });
    const early = await office1.get(`/api/clues/${c.id}/conclusion-letter?format=pdf&addressee=subject-1`);
    expect(early.statusCode).toBe(409);
    const p = await propose(c, {
      disposal: 'concluded',
      conclusionReason: 'subject_unclear',
      conclusionDetail: '查无此人',
    });
    await approveAll(p.approvalId);
    // Each subject, and each unit once, in subject order.
    const offered = await office1.get(`/api/clues/${c.id}/letter-addressees`);
    expect(offered.statusCode, offered.body).toBe(200);
    expect(offered.json()).toEqual([
      { key: 'subject-1', kind: 'subject', text: '测试了结同志' },
      { key: 'employer-1', kind: 'employer', text: '张村' },
      { key: 'subject-2', kind: 'subject', text: '了结乙同志' },
      { key: 'employer-2', kind: 'employer', text: '中共李村支部委员会' },
      { key: 'subject-3', kind: 'subject', text: '了结丙同志' },
    ]);
    expect((await (await env.as('township2')).get(`/api/clues/${c.id}/letter-addressees`)).statusCode).toBe(404);

    // Picked: the party organisation of the second subject, read back by pdftotext.
    const pdf = await office1.get(`/api/clues/${c.id}/conclusion-letter?format=pdf&addressee=employer-2`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('关于问题线索予以了结的函');
    expect(text).toContain('中共李村支部委员会：');
    expect(text).toContain('被反映人不明确（查无此人）');
    // Typed: another addressee, in the DOCX.
    const typed = '中共某某乡纪律检查委员会';
    const docx = await office1.get(
      `/api/clues/${c.id}/conclusion-letter?format=docx&recipient=${encodeURIComponent(typed)}`,
    );
    expect(docx.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const xml = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(xml).toContain(`${typed}：`);
    expect(xml).toContain('被反映人不明确');
    expect(xml).toContain('张村村委会主任测试了结');

    // A key the clue does not offer, both at once, or neither: 400, and nothing audited.
    for (const query of ['addressee=employer-3', `addressee=subject-1&recipient=${encodeURIComponent(typed)}`, ''])
      expect((await office1.get(`/api/clues/${c.id}/conclusion-letter?format=pdf&${query}`)).json().error.code).toBe(
        'LETTER_ADDRESSEE_INVALID',
      );
    expect((await office1.get(`/api/clues/${c.id}/conclusion-letter?format=pdf&addressee=张村`)).statusCode).toBe(400);
    const events = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('changes')
      .where('action', '=', 'clue.conclusion_letter')
      .where('resource_id', '=', c.id)
      .orderBy('seq')
      .execute();
    // The picked one is recorded as picked, the typed one as typed.
    expect(events.map((e) => JSON.parse(String(e.changes)))).toEqual([
      { format: [null, 'pdf'], recipient: [null, '中共李村支部委员会'], addressee: [null, 'picked:employer-2'] },
      { format: [null, 'docx'], recipient: [null, typed], addressee: [null, 'typed'] },
    ]);
  });

  it('parks a clue until its review date, tells the keeper when due, and it comes back', async () => {
    const sysadmin = await env.as('sysadmin');
    const county = (
      await env
        .ctx()
        .db.selectFrom('units')
        .select('region_code')
        .where('id', '=', await unitOf(env, 'leader'))
        .executeTakeFirstOrThrow()
    ).region_code;
    expect((await sysadmin.get(`/api/clue-settings/${county}`)).json()).toMatchObject({
      reviewMonths: 3,
      isDefault: true,
    });
    expect((await sysadmin.put(`/api/clue-settings/${county}`, { reviewMonths: 0 })).statusCode).toBe(400);
    const set = await sysadmin.put(`/api/clue-settings/${county}`, { reviewMonths: 2 });
    expect(set.statusCode, set.body).toBe(200);
    expect((await office1.put(`/api/clue-settings/${county}`, { reviewMonths: 5 })).statusCode).toBe(403);

    const c = await assigned();
    const p = await propose(c, { disposal: 'shelved' });
    await approveAll(p.approvalId);
    expect((await clueRow(c.id)).status).toBe('shelved');
    let view = (await office1.get(`/api/clues/${c.id}/disposal`)).json();
    const today = '2026-11-20';
    expect(view.parkings[0]).toMatchObject({
      status: 'parked',
      parkedOn: today,
      reviewOn: addMonths(today, 2),
      due: false,
    });

    // Not due yet: nobody is told, the card is empty.
    expect(await remindShelvedReviews(env.ctx().db, env.clock)).toBe(0);
    // Last in this file: the clock moves on past the review date (sessions are signed in afresh).
    env.clock.advance(62 * 86_400_000);
    office1 = await env.as('office1');
    expect(await remindShelvedReviews(env.ctx().db, env.clock)).toBeGreaterThanOrEqual(1);
    // Idempotent: told once.
    expect(await remindShelvedReviews(env.ctx().db, env.clock)).toBe(0);
    const notes = await env
      .ctx()
      .db.selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('resource_id', '=', c.id)
      .where('kind', '=', 'clue_shelved_review_due')
      .execute();
    expect(notes.map((n) => n.user_id)).toEqual([ids.office1]);
    const card = (await office1.get('/api/workbench')).json<{ cards: { key: string; items: { id: string }[] }[] }>();
    const shelved = card.cards.find((k) => k.key === 'clues.shelved_due');
    expect(shelved?.items.map((i) => i.id)).toContain(c.id);
    view = (await office1.get(`/api/clues/${c.id}/disposal`)).json();
    expect(view.parkings[0].due).toBe(true);

    // Continue parking: a new period.
    let v = (await clueRow(c.id)).version;
    const cont = await office1.post(`/api/clues/${c.id}/shelved-review`, {
      version: v,
      decision: 'continue',
      note: '尚无新的线索材料，继续暂存',
      months: 1,
    });
    expect(cont.statusCode, cont.body).toBe(200);
    expect(cont.json().reviewOn).toBe(addMonths('2027-01-21', 1));
    // Reopen: back to assigned, and a new disposal opinion can follow.
    v = (await clueRow(c.id)).version;
    const bad = await office1.post(`/api/clues/${c.id}/shelved-review`, { version: v, decision: 'maybe', note: '无' });
    expect(bad.statusCode).toBe(400);
    const reopen = await office1.post(`/api/clues/${c.id}/shelved-review`, {
      version: v,
      decision: 'reopen',
      note: '收到新的反映材料，重新启用',
    });
    expect(reopen.statusCode, reopen.body).toBe(200);
    expect(await clueRow(c.id)).toMatchObject({ status: 'assigned', disposal: null });
    expect(await trail(c.id)).toEqual(expect.arrayContaining(['parked', 'shelved_continued', 'shelved_reopened']));
    const again = await office1.post(`/api/clues/${c.id}/shelved-review`, {
      version: (await clueRow(c.id)).version,
      decision: 'reopen',
      note: '再次',
    });
    expect(again.json().error.code).toBe('CLUE_TRANSITION');
    await propose({ ...c, version: (await clueRow(c.id)).version }, { disposal: 'verification' });
  });
});
