/**
 * Intake's rules (issue 11 §1): one timeline entry per acceptance, extensions the reporter sees,
 * the acknowledgement date on a named report's receipt page, repeats offered to the officer within
 * the county's window (day 90 included) with their feedback and petition clocks, and the petition
 * re-check (复查) with its 30-day application period, no extension, and none for accusations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { makeReport, villageOf } from '../../test/factories.js';
import { newId } from '../../shared/ids.js';
import { foldAcceptanceSteps } from '../../db/migrations/2026120502_intake_rules.js';

const DAY = 86_400_000;

interface Step {
  event: string;
  note: string | null;
  staffNote?: string | null;
  public?: boolean;
}

describe.each(testDialects())('intake rules on $name', ({ name }) => {
  let env: TestEnv;
  let village1: string;

  const detail = async (c: Client, id: string) => {
    const res = await c.get(`/api/reports/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const lookup = async (receipt: string) => {
    const res = await env.anon().post('/api/public/receipt-lookups', { receipt });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const accept = async (c: Client, id: string, note?: string) => {
    const res = await c.post(`/api/reports/${id}/acceptance`, {
      version: (await detail(c, id)).version,
      ...(note ? { note } : {}),
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const conclude = async (c: Client, id: string) => {
    const res = await c.post(`/api/reports/${id}/disposal`, {
      version: (await detail(c, id)).version,
      disposition: 'conclude',
      note: '经核实，已依规作出处理。',
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const userId = async (username: string) =>
    (await env.ctx().db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    env = await startTestEnv(name);
    village1 = await villageOf(env, 'township1');
  });
  afterAll(async () => env?.close());

  it('writes one timeline entry per acceptance: the reporter sees the step, staff also the note', async () => {
    const r = await makeReport(env, village1, { subject: { name: '受理某' } });
    const township = await env.as('township1');
    await accept(township, r.id, '经研判属于本机关管辖，予以受理。');
    const staff = (await detail(township, r.id)).timeline as Step[];
    expect(staff.filter((s) => s.event === 'accepted')).toEqual([
      expect.objectContaining({ public: true, note: null, staffNote: '经研判属于本机关管辖，予以受理。' }),
    ]);
    const page = await lookup(r.receipt);
    expect(page.timeline.map((s: Step) => s.event)).toEqual(['received', 'accepted']);
    expect(JSON.stringify(page)).not.toContain('经研判');
  });

  it('folds an acceptance written before as two steps (public, and staff-only with the note) into one', async () => {
    const r = await makeReport(env, village1, { subject: { name: '旧数据某' } });
    const township = await env.as('township1');
    await accept(township, r.id);
    const db = env.ctx().db;
    const pub = await db
      .selectFrom('report_events')
      .select('created_at')
      .where('report_id', '=', r.id)
      .where('event', '=', 'accepted')
      .executeTakeFirstOrThrow();
    // What the code wrote before: a second, staff-only 'accepted' row carrying the officer's note.
    await db
      .insertInto('report_events')
      .values({
        id: newId(),
        report_id: r.id,
        event: 'accepted',
        public: 0,
        note: '旧的受理备注',
        staff_note: null,
        actor_user_id: null,
        created_at: pub.created_at,
      })
      .execute();
    expect(((await detail(township, r.id)).timeline as Step[]).filter((s) => s.event === 'accepted')).toHaveLength(2);
    await foldAcceptanceSteps(db);
    expect(((await detail(township, r.id)).timeline as Step[]).filter((s) => s.event === 'accepted')).toEqual([
      expect.objectContaining({ public: true, note: null, staffNote: '旧的受理备注' }),
    ]);
  });

  it('shows the reporter an extension and the new due date, never its reason; the approver is checked by role', async () => {
    const r = await makeReport(env, village1, {
      kind: 'petition',
      subject: { name: '延期某' },
      content: '反映村里低保评定不公开，要求重新评定。',
    });
    const township = await env.as('tstaff1');
    await accept(township, r.id);
    // The organ's head approves (XF 第三十四条): an officer alone is refused, by role.
    const alone = await township.post(`/api/reports/${r.id}/deadline-extensions`, {
      kind: 'handle',
      reason: '情况复杂，需要进一步调查核实',
    });
    expect(alone.statusCode).toBe(403);
    expect(alone.json().error.code).toBe('DEADLINE_APPROVER_ROLE');
    const ext = await township.post(`/api/reports/${r.id}/deadline-extensions`, {
      kind: 'handle',
      reason: '情况复杂，需要进一步调查核实',
      approverId: await userId('township1'),
    });
    expect(ext.statusCode, ext.body).toBe(200);
    const dueOn = ext.json().dueOn as string;
    const [y, m, d] = dueOn.split('-').map(Number);
    const page = await lookup(r.receipt);
    const step = (page.timeline as Step[]).find((s) => s.event === 'deadline_extended');
    expect(step?.note).toBe(`办理期限延长至${y}年${m}月${d}日`);
    expect(JSON.stringify(page)).not.toContain('情况复杂');
    const staff = ((await detail(township, r.id)).timeline as Step[]).filter((s) => s.event === 'deadline_extended');
    expect(staff).toEqual([expect.objectContaining({ public: true, staffNote: '情况复杂，需要进一步调查核实' })]);
  });

  it("shows a named report's acknowledgement due date on its receipt page until it is given", async () => {
    const named = { named: true, reporter: { name: '孙某', phone: '13800001111' } };
    // A named petition: told within 15 days (XF 第二十三条), the 'register' clock.
    const petition = await env.anon().post('/api/public/reports', {
      regionCode: village1,
      kind: 'petition',
      ...named,
      subject: { name: '告知某' },
      content: '反映村里道路硬化工程长期停工，要求尽快复工。',
    });
    expect(petition.statusCode, petition.body).toBe(201);
    expect(petition.json().ackDueOn).toBe('2026-12-07');
    const p = await lookup(petition.json().receipt);
    expect(p).toMatchObject({ kind: 'petition', ackDueOn: '2026-12-07' });
    // A named accusation: 15 working days (JK 第二十六条), the 'ack' clock.
    const accusation = await makeReport(env, village1, { ...named, subject: { name: '告知某' } });
    const township = await env.as('township1');
    const ack = ((await detail(township, accusation.id)).deadlines as { kind: string; dueOn: string }[]).find(
      (x) => x.kind === 'ack',
    );
    expect((await lookup(accusation.receipt)).ackDueOn).toBe(ack?.dueOn);
    // Accepted: the reporter has been told.
    await accept(township, accusation.id);
    expect((await lookup(accusation.receipt)).ackDueOn).toBeNull();
    // Anonymous: nobody to tell.
    const anon = await makeReport(env, village1, { kind: 'petition', subject: { name: '匿名某' } });
    expect((await lookup(anon.receipt)).ackDueOn).toBeNull();
  });

  it('lets the county administrator set the repeat window; only a county, only in scope', async () => {
    const sys = await env.as('sysadmin');
    expect((await sys.get('/api/report-settings/411221000000')).json()).toEqual({
      regionCode: '411221000000',
      repeatWindowDays: 90,
      isDefault: true,
    });
    const set = await sys.put('/api/report-settings/411221000000', { repeatWindowDays: 30 });
    expect(set.statusCode, set.body).toBe(200);
    expect((await sys.get('/api/report-settings/411221000000')).json()).toMatchObject({
      repeatWindowDays: 30,
      isDefault: false,
    });
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('changes')
      .where('action', '=', 'setting.update')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.changes ?? '{}')).toEqual({ repeatWindowDays: [90, 30] });
    const township = await sys.put(`/api/report-settings/${village1}`, { repeatWindowDays: 30 });
    expect(township.statusCode).toBe(400);
    const tooLong = await sys.put('/api/report-settings/411221000000', { repeatWindowDays: 400 });
    expect(tooLong.statusCode).toBe(400);
    const intake = await env.as('intake');
    expect((await intake.put('/api/report-settings/411221000000', { repeatWindowDays: 60 })).statusCode).toBe(403);
    // Back to the default length for the next test.
    expect((await sys.put('/api/report-settings/411221000000', { repeatWindowDays: 90 })).statusCode).toBe(200);
  });

  it('offers earlier reports as repeats within the window, day 90 included, and keeps feedback and petition clocks', async () => {
    const start = env.clock.nowMs();
    try {
      const first = await makeReport(env, village1, {
        kind: 'petition',
        subject: { name: '重复某' },
        content: '反映村集体鱼塘承包费去向不明。',
      });
      const other = await makeReport(env, village1, { subject: { name: '别人某' } });
      // Day 90 of a 90-day window is inside it.
      env.clock.advance(90 * DAY);
      const day90 = await makeReport(env, village1, {
        kind: 'petition',
        named: true,
        reporter: { name: '周某', phone: '13800002222' },
        subject: { name: '重复某' },
        content: '再次反映村集体鱼塘承包费去向不明。',
      });
      let township = await env.as('township1');
      const offer = (await township.get(`/api/reports/${day90.id}/repeat-candidates`)).json();
      expect(offer).toMatchObject({ repeatOf: null, decidedAt: null, windowDays: 90 });
      expect(offer.candidates.map((c: { id: string }) => c.id)).toEqual([first.id]);
      expect(offer.candidates[0].excerpt).toBe('反映村集体鱼塘承包费去向不明。');
      // Not an offered report: refused, nothing written.
      const v = (await detail(township, day90.id)).version;
      const wrong = await township.post(`/api/reports/${day90.id}/repeat-decision`, { version: v, repeatOf: other.id });
      expect(wrong.statusCode).toBe(400);
      const linked = await township.post(`/api/reports/${day90.id}/repeat-decision`, {
        version: v,
        repeatOf: first.id,
      });
      expect(linked.statusCode, linked.body).toBe(200);
      // A repeat petition keeps its 信访 clocks (XF has no exemption): registered, then handled.
      let d = await detail(township, day90.id);
      expect(d.repeatOf).toBe(first.id);
      expect(d.deadlines.map((x: { kind: string }) => x.kind)).toContain('register');
      expect((await lookup(day90.receipt)).ackDueOn).not.toBeNull();
      await accept(township, day90.id);
      d = await detail(township, day90.id);
      expect(d.deadlines.find((x: { kind: string }) => x.kind === 'handle')).toMatchObject({ metAt: null });

      // Day 91: outside the window, nothing is offered.
      env.clock.advance(DAY);
      const day91 = await makeReport(env, village1, { subject: { name: '重复某' } });
      township = await env.as('township1');
      expect((await township.get(`/api/reports/${day91.id}/repeat-candidates`)).json().candidates).toEqual([
        expect.objectContaining({ id: day90.id }),
      ]);
      expect(
        (await township.get(`/api/reports/${day91.id}/repeat-candidates`))
          .json()
          .candidates.map((c: { id: string }) => c.id),
      ).not.toContain(first.id);

      // A repeat accusation: no acknowledgement (JK 第二十六条) but its result feedback (JK 第二十七条).
      const named = { named: true, reporter: { name: '吴某', phone: '13800003333' } };
      const acc1 = await makeReport(env, village1, { ...named, subject: { name: '反馈某' } });
      const acc2 = await makeReport(env, village1, { ...named, subject: { name: '反馈某' } });
      const v2 = (await detail(township, acc2.id)).version;
      const yes = await township.post(`/api/reports/${acc2.id}/repeat-decision`, { version: v2, repeatOf: acc1.id });
      expect(yes.statusCode, yes.body).toBe(200);
      expect((await lookup(acc2.receipt)).ackDueOn).toBeNull();
      await accept(township, acc2.id);
      await conclude(township, acc2.id);
      d = await detail(township, acc2.id);
      expect(d.deadlines.find((x: { kind: string }) => x.kind === 'feedback')).toMatchObject({ metAt: null });

      // Rejected: recorded, so the officer is not asked again; the acknowledgement runs on.
      const acc3 = await makeReport(env, village1, { ...named, subject: { name: '反馈某' } });
      const no = await township.post(`/api/reports/${acc3.id}/repeat-decision`, {
        version: (await detail(township, acc3.id)).version,
        repeatOf: null,
      });
      expect(no.statusCode, no.body).toBe(200);
      expect(no.json()).toMatchObject({ repeatOf: null, decidedAt: expect.any(String) });
      expect((await lookup(acc3.receipt)).ackDueOn).not.toBeNull();

      // A shorter county window offers fewer: at 30 days, a report 31 days old is not offered.
      const sys = await env.as('sysadmin');
      expect((await sys.put('/api/report-settings/411221000000', { repeatWindowDays: 30 })).statusCode).toBe(200);
      env.clock.advance(31 * DAY);
      const late = await makeReport(env, village1, { subject: { name: '反馈某' } });
      township = await env.as('township1');
      const lateOffer = (await township.get(`/api/reports/${late.id}/repeat-candidates`)).json();
      expect(lateOffer).toMatchObject({ windowDays: 30, candidates: [] });
      expect(
        (await (await env.as('sysadmin')).put('/api/report-settings/411221000000', { repeatWindowDays: 90 }))
          .statusCode,
      ).toBe(200);
    } finally {
      env.clock.advance(start - env.clock.nowMs());
    }
  });

  it('gives a petition the re-check within 30 days of the answer, with no extension; an accusation none', async () => {
    const start = env.clock.nowMs();
    try {
      const petition = await makeReport(env, village1, {
        kind: 'petition',
        subject: { name: '复查某' },
        content: '反映村里土地流转费用分配不公。',
      });
      const accusation = await makeReport(env, village1, { subject: { name: '异议某' } });
      const township = await env.as('township1');
      for (const r of [petition, accusation]) {
        await accept(township, r.id);
        await conclude(township, r.id);
      }
      // The accusation: neither the page nor the API offers the petition re-check (JK 第二十七条).
      expect(await lookup(accusation.receipt)).toMatchObject({
        kind: 'accusation',
        closed: true,
        canRequestRecheck: false,
        recheckApplyBy: null,
        recheckBy: null,
      });
      const refused = await env
        .anon()
        .post('/api/public/receipt-rechecks', { receipt: accusation.receipt, reason: '处理偏轻，请求复查。' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.details).toEqual({ reason: 'accusation_objection' });

      // The petition: 30 days to apply; the township handled it, so the county re-checks.
      expect(await lookup(petition.receipt)).toMatchObject({
        kind: 'petition',
        canRequestRecheck: true,
        recheckApplyBy: '2026-12-20',
        recheckBy: '渑池县纪委监委',
      });
      env.clock.advance(30 * DAY);
      expect((await lookup(petition.receipt)).canRequestRecheck).toBe(true);
      env.clock.advance(DAY);
      expect((await lookup(petition.receipt)).canRequestRecheck).toBe(false);
      const late = await env
        .anon()
        .post('/api/public/receipt-rechecks', { receipt: petition.receipt, reason: '处理不当，请求复查。' });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.details).toMatchObject({ reason: 'recheck_apply_expired', applyBy: '2026-12-20' });
      env.clock.advance(-DAY);
      const asked = await env
        .anon()
        .post('/api/public/receipt-rechecks', { receipt: petition.receipt, reason: '处理不当，请求复查。' });
      expect(asked.statusCode, asked.body).toBe(201);
      // The county holds the clock; neither it nor the leader's approval extends a re-check.
      const county = await env.as('intake');
      const ext = await county.post(`/api/reports/${petition.id}/deadline-extensions`, {
        kind: 'recheck',
        reason: '情况复杂，申请延长复查期限',
        approverId: await userId('leader'),
      });
      expect(ext.statusCode).toBe(409);
      expect(ext.json().error.details).toMatchObject({ reason: 'recheck_not_extendable' });
      const township1 = await env.as('township1');
      const own = await township1.post(`/api/reports/${petition.id}/replies`, {
        purpose: 'recheck_answer',
        body: '经复查，维持原处理。',
      });
      expect(own.statusCode).toBe(409);
      const answered = await county.post(`/api/reports/${petition.id}/replies`, {
        purpose: 'recheck_answer',
        body: '经复查，维持原处理。',
      });
      expect(answered.statusCode, answered.body).toBe(201);
    } finally {
      env.clock.advance(start - env.clock.nowMs());
    }
  });
});
