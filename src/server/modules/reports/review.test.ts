/**
 * The petition review (复核, XF 第三十六条): asked once, within 30 days of the re-check answer, of
 * the organ one level above the re-checking organ; forwarded off the platform when nobody works
 * there; answered with a `review_answer` reply the petitioner reads on the receipt page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { makeReport, villageOf } from '../../test/factories.js';
import { addDays } from '../deadlines/index.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { requestReview, reviewOpen } from './reports.review.js';
import { backfillRecheckAnswers } from '../../db/migrations/2026120509_petition_review.js';

const DAY = 86_400_000;

describe('reviewOpen', () => {
  it('opens on a petition whose re-check was answered, through day 30 after the answer, once', () => {
    const row = { kind: 'petition', recheck_answered_at: '2026-12-01T02:00:00.000Z', review_requested_at: null };
    expect(reviewOpen(row, '2026-12-31T15:59:59.000Z')).toBe(true); // day 30, 23:59 in China
    expect(reviewOpen(row, '2026-12-31T16:00:00.000Z')).toBe(false); // day 31
    expect(reviewOpen({ ...row, review_requested_at: '2026-12-02T00:00:00.000Z' }, '2026-12-02T01:00:00.000Z')).toBe(
      false,
    );
    expect(reviewOpen({ ...row, recheck_answered_at: null }, '2026-12-02T01:00:00.000Z')).toBe(false);
    expect(reviewOpen({ ...row, kind: 'accusation' }, '2026-12-02T01:00:00.000Z')).toBe(false);
  });
});

describe.each(testDialects())('petition review (复核) on $name', ({ name }) => {
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
  const askReview = (receipt: string) =>
    env.anon().post('/api/public/receipt-reviews', { receipt, reason: '复查没有听取我的意见，请求复核。' });
  /** A township petition, closed, re-checked by the county and answered; returns the answer date. */
  const recheckedPetition = async (subject: string, over: Record<string, unknown> = {}) => {
    const r = await makeReport(env, village1, {
      kind: 'petition',
      subject: { name: subject },
      content: '反映村里低保评定不公开。',
      ...over,
    });
    const township = await env.as('township1');
    const accepted = await township.post(`/api/reports/${r.id}/acceptance`, {
      version: (await detail(township, r.id)).version,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const closed = await township.post(`/api/reports/${r.id}/disposal`, {
      version: (await detail(township, r.id)).version,
      disposition: 'conclude',
      note: '经核实，低保评定程序符合规定。',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    // Before the re-check is answered there is nothing to review.
    const early = await askReview(r.receipt);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.details).toEqual({ reason: 'recheck_not_answered' });
    const asked = await env
      .anon()
      .post('/api/public/receipt-rechecks', { receipt: r.receipt, reason: '处理不当，请求复查。' });
    expect(asked.statusCode, asked.body).toBe(201);
    const county = await env.as('intake');
    const answered = await county.post(`/api/reports/${r.id}/replies`, {
      purpose: 'recheck_answer',
      body: '经复查，维持原处理意见。',
    });
    expect(answered.statusCode, answered.body).toBe(201);
    return { ...r, answeredOn: toShanghaiDate(new Date(env.clock.nowMs()).toISOString()) };
  };
  const reviewClock = (id: string) =>
    env
      .ctx()
      .db.selectFrom('deadlines as dl')
      .innerJoin('units as u', 'u.id', 'dl.owner_unit_id')
      .select(['u.short_name as name', 'dl.met_at', 'dl.due_on'])
      .where('dl.resource_id', '=', id)
      .where('dl.kind', '=', 'petition_review')
      .execute();

  beforeAll(async () => {
    env = await startTestEnv(name);
    village1 = await villageOf(env, 'township1');
  });
  afterAll(async () => env?.close());

  it('takes a review within 30 days of the re-check answer (day 30 in, day 31 out), once, sent up when nobody is at the city', async () => {
    const start = env.clock.nowMs();
    try {
      const r = await recheckedPetition('复核甲');
      const applyBy = addDays(r.answeredOn, 30);
      expect(await lookup(r.receipt)).toMatchObject({
        canRequestReview: true,
        reviewApplyBy: applyBy,
        reviewRequestedAt: null,
        reviewBy: '三门峡市纪委监委',
      });
      env.clock.advance(30 * DAY);
      expect((await lookup(r.receipt)).canRequestReview).toBe(true);
      env.clock.advance(DAY);
      expect((await lookup(r.receipt)).canRequestReview).toBe(false);
      const late = await askReview(r.receipt);
      expect(late.statusCode).toBe(409);
      expect(late.json().error.details).toEqual({ reason: 'review_apply_expired', applyBy });
      env.clock.advance(-DAY);
      const asked = await askReview(r.receipt);
      expect(asked.statusCode, asked.body).toBe(201);
      const dueOn = addDays(applyBy, 30);
      expect(asked.json()).toEqual({ dueOn });
      const again = await askReview(r.receipt);
      expect(again.statusCode).toBe(409);

      // Nobody works for the city commission on the platform: the county, which re-checked, keeps
      // the clock, sends the request up and records the city's opinion.
      expect(await reviewClock(r.id)).toEqual([{ name: '渑池县纪委监委', met_at: null, due_on: dueOn }]);
      const page = await lookup(r.receipt);
      expect(page).toMatchObject({ canRequestReview: false, reviewDueOn: dueOn, reviewBy: '三门峡市纪委监委' });
      expect(page.timeline.map((s: { event: string }) => s.event)).toEqual(
        expect.arrayContaining(['review_requested', 'review_forwarded']),
      );
      expect(page.messages.at(-1).body).toBe('【申请复核】复查没有听取我的意见，请求复核。');
      let county = await env.as('intake');
      const seen = await detail(county, r.id);
      expect(seen.reviewReason).toBe('复查没有听取我的意见，请求复核。');
      expect(seen.review).toMatchObject({
        by: '三门峡市纪委监委',
        forwarded: true,
        answered: false,
        dueOn,
        canAnswer: true,
      });

      // Another township: not found. The township that handled it: in scope, but not the reviewer.
      const township2 = await env.as('township2');
      expect((await township2.get(`/api/reports/${r.id}`)).statusCode).toBe(404);
      const foreign = await township2.post(`/api/reports/${r.id}/replies`, {
        purpose: 'review_answer',
        body: '维持。',
      });
      expect(foreign.statusCode).toBe(404);
      const township1 = await env.as('township1');
      expect((await detail(township1, r.id)).review.canAnswer).toBe(false);
      const own = await township1.post(`/api/reports/${r.id}/replies`, { purpose: 'review_answer', body: '维持。' });
      expect(own.statusCode).toBe(409);
      expect(own.json().error.details).toEqual({ reason: 'review_by_higher_organ' });

      // A hearing (听证) is not counted: the clock pauses while it runs and resumes with the days it
      // had left; only the clock's holder records it.
      const ownHearing = await township1.post(`/api/reports/${r.id}/review-hearing`, {
        state: 'started',
        note: '组织听证',
      });
      expect(ownHearing.statusCode).toBe(409);
      const started = await county.post(`/api/reports/${r.id}/review-hearing`, {
        state: 'started',
        note: '定于下周组织听证',
      });
      expect(started.statusCode, started.body).toBe(200);
      expect(started.json()).toEqual({ dueOn: null });
      expect((await lookup(r.receipt)).reviewDueOn).toBeNull();
      env.clock.advance(10 * DAY);
      county = await env.as('intake'); // the session lapsed in 10 days
      const ended = await county.post(`/api/reports/${r.id}/review-hearing`, { state: 'ended', note: '听证结束' });
      expect(ended.statusCode, ended.body).toBe(200);
      const resumedDue = addDays(dueOn, 10);
      expect(ended.json()).toEqual({ dueOn: resumedDue });
      const resumed = await lookup(r.receipt);
      expect(resumed.reviewDueOn).toBe(resumedDue);
      expect(resumed.timeline.map((s: { event: string }) => s.event)).toEqual(
        expect.arrayContaining(['review_hearing_started', 'review_hearing_ended']),
      );
      expect(JSON.stringify(resumed)).not.toContain('定于下周组织听证');
      const [y, m, d] = resumedDue.split('-').map(Number);
      expect(resumed.timeline.at(-1).note).toBe(`复核意见期限顺延至${y}年${m}月${d}日`);
      const endedTwice = await county.post(`/api/reports/${r.id}/review-hearing`, { state: 'ended', note: '听证结束' });
      expect(endedTwice.statusCode).toBe(409);

      // A forwarded review is answered with the higher organ's opinion and its number.
      const noRef = await county.post(`/api/reports/${r.id}/replies`, { purpose: 'review_answer', body: '维持。' });
      expect(noRef.statusCode).toBe(400);
      const answered = await county.post(`/api/reports/${r.id}/replies`, {
        purpose: 'review_answer',
        body: '经复核，复查意见正确，予以维持。',
        reviewerRef: '三纪信核〔2026〕3号',
      });
      expect(answered.statusCode, answered.body).toBe(201);
      const done = await lookup(r.receipt);
      expect(done.messages.at(-1).body).toBe(
        '【三门峡市纪委监委复核意见 三纪信核〔2026〕3号】\n经复核，复查意见正确，予以维持。',
      );
      expect(done).toMatchObject({ reviewDueOn: null, canRequestReview: false });
      expect(done.timeline.at(-1).event).toBe('review_answered');
      expect((await reviewClock(r.id))[0]!.met_at).not.toBeNull();
      expect((await detail(county, r.id)).review).toMatchObject({ answered: true, canAnswer: false });
      const twice = await county.post(`/api/reports/${r.id}/replies`, {
        purpose: 'review_answer',
        body: '再次答复。',
        reviewerRef: '三纪信核〔2026〕4号',
      });
      expect(twice.statusCode).toBe(409);
      const audit = await env
        .ctx()
        .db.selectFrom('audit_events')
        .select('action')
        .where('resource_id', '=', r.id)
        .where('action', 'in', ['report.review_request', 'report.review_answer'])
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['report.review_answer', 'report.review_request']);
    } finally {
      env.clock.advance(start - env.clock.nowMs());
    }
  });

  it('prints the forwarding letter of a review sent up off the platform, to the city, with the re-check answer (audited)', async () => {
    const start = env.clock.nowMs();
    try {
      const r = await recheckedPetition('复核戊', { named: true, reporter: { name: '蒋某', phone: '13512345679' } });
      const county = await env.as('intake');
      const letterOf = (c: Client, format: 'pdf' | 'docx' = 'pdf') =>
        c.get(`/api/reports/${r.id}/documents/review_forward_letter.${format}`);
      // No review asked for yet: there is nothing to forward.
      const early = await letterOf(county);
      expect(early.statusCode).toBe(409);
      expect(early.json().error.details).toEqual({ reviewForwarded: false });
      const asked = await askReview(r.receipt);
      expect(asked.statusCode, asked.body).toBe(201);
      const { dueOn } = asked.json<{ dueOn: string }>();
      const [y, m, d] = dueOn.split('-').map(Number);

      const letter = await letterOf(county);
      expect(letter.statusCode, letter.body).toBe(200);
      expect(letter.headers['content-type']).toContain('application/pdf');
      expect(letter.headers['content-disposition']).toContain(encodeURIComponent('复核申请转送函.pdf'));
      const text = pdfText(letter.rawPayload);
      for (const s of [
        '复核申请转送函',
        '中共三门峡市纪律检查委员会',
        '三门峡市监察委员会：',
        '信访工作条例》第三十六条',
        '渑池县纪委监委',
        '经复查，维持原处理意见。',
        '复查没有听取我的意见，请求复核。',
        '经核实，低保评定程序符合规定。',
        `${y}年${m}月${d}日前`,
        '蒋某',
      ])
        expect(text).toContain(s);
      const docx = await letterOf(county, 'docx');
      expect(docx.statusCode, docx.body).toBe(200);
      const xml = (await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')?.async('string')) ?? '';
      const docxText = xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
      for (const s of ['复核申请转送函', '中共三门峡市纪律检查委员会', '经复查，维持原处理意见。', '蒋某'])
        expect(docxText).toContain(s);

      // The name is printed only for holders of report.identity; another township sees nothing.
      const leaderText = pdfText((await letterOf(await env.as('leader'))).rawPayload);
      expect(leaderText).toContain('实名（已保护）');
      expect(leaderText).not.toContain('蒋某');
      expect((await letterOf(await env.as('township2'))).statusCode).toBe(404);

      // During a hearing the clock is paused: the letter gives no date (its time is not counted).
      const started = await county.post(`/api/reports/${r.id}/review-hearing`, { state: 'started', note: '听证' });
      expect(started.statusCode, started.body).toBe(200);
      const paused = pdfText((await letterOf(county)).rawPayload);
      expect(paused).toContain('听证所需时间不计入');
      expect(paused).not.toContain(`${y}年${m}月${d}日前`);

      const audit = await env
        .ctx()
        .db.selectFrom('audit_events')
        .select(['action', 'actor_user_id'])
        .where('resource_id', '=', r.id)
        .where('action', '=', 'report.review_forward_letter')
        .execute();
      // the PDF, the DOCX, the leader's copy and the paused one; never the 404
      expect(audit).toHaveLength(4);
    } finally {
      env.clock.advance(start - env.clock.nowMs());
    }
  });

  it('backfills the re-check answer time of re-checks answered before the migration from their met clock', async () => {
    const r = await recheckedPetition('复核丁');
    const db = env.ctx().db;
    const answeredAt = (
      await db.selectFrom('reports').select('recheck_answered_at').where('id', '=', r.id).executeTakeFirstOrThrow()
    ).recheck_answered_at;
    expect(answeredAt).not.toBeNull();
    await db.updateTable('reports').set({ recheck_answered_at: null }).where('id', '=', r.id).execute();
    expect((await lookup(r.receipt)).canRequestReview).toBe(false);
    await backfillRecheckAnswers(db);
    const met = await db
      .selectFrom('deadlines')
      .select('met_at')
      .where('resource_id', '=', r.id)
      .where('kind', '=', 'recheck')
      .executeTakeFirstOrThrow();
    const row = await db
      .selectFrom('reports')
      .select('recheck_answered_at')
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row.recheck_answered_at).toBe(met.met_at);
    expect((await lookup(r.receipt)).canRequestReview).toBe(true);
  });

  it('never offers an accusation the review (JK 第二十七条)', async () => {
    const r = await makeReport(env, village1, { subject: { name: '复核乙' } });
    expect((await lookup(r.receipt)).canRequestReview).toBe(false);
    await expect(requestReview(env.ctx(), r.receipt, '对结果不服，请求复核。')).rejects.toMatchObject({
      code: 'REPORT_STATE',
      details: { reason: 'accusation_objection' },
    });
    const res = await askReview(r.receipt);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details).toEqual({ reason: 'accusation_objection' });
  });

  it('gives the review to the city when someone there is on the platform; the county cannot answer it', async () => {
    const r = await recheckedPetition('复核丙');
    // The city commission: the one above the county commission that re-checked.
    const { cityUnit } = await env
      .ctx()
      .db.selectFrom('deadlines as dl')
      .innerJoin('units as county', 'county.id', 'dl.owner_unit_id')
      .select('county.parent_id as cityUnit')
      .where('dl.resource_id', '=', r.id)
      .where('dl.kind', '=', 'recheck')
      .executeTakeFirstOrThrow();
    const sys = await env.as('sysadmin');
    const made = await sys.post('/api/users', {
      username: 'city.reviewer',
      displayName: '市纪委信访室干部',
      unitId: cityUnit,
      password: 'City-Initial-2026',
    });
    expect(made.statusCode, made.body).toBe(201);
    const sec = await env.as('secadmin');
    const roles = (await sec.get('/api/roles')).json().items as { id: string; key: string }[];
    const granted = await sec.post('/api/role-assignments', {
      userId: made.json().id,
      roleId: roles.find((x) => x.key === 'intake_officer')!.id,
      scopeType: 'unit_subtree',
      scopeUnitId: cityUnit,
    });
    expect(granted.statusCode, granted.body).toBe(201);
    try {
      const asked = await askReview(r.receipt);
      expect(asked.statusCode, asked.body).toBe(201);
      expect((await reviewClock(r.id)).map((c) => c.name)).toEqual(['三门峡市纪委监委']);
      expect((await lookup(r.receipt)).timeline.map((s: { event: string }) => s.event)).not.toContain(
        'review_forwarded',
      );
      const county = await env.as('intake');
      expect((await detail(county, r.id)).review).toMatchObject({ forwarded: false, canAnswer: false });
      const countyTries = await county.post(`/api/reports/${r.id}/replies`, {
        purpose: 'review_answer',
        body: '经复核，维持。',
      });
      expect(countyTries.statusCode).toBe(409);
      expect(countyTries.json().error.details).toEqual({ reason: 'review_by_higher_organ' });
      const first = await env.as('city.reviewer', 'City-Initial-2026');
      const changed = await first.post('/api/auth/password', {
        currentPassword: 'City-Initial-2026',
        newPassword: 'City-Reviewer-2026!',
      });
      expect(changed.statusCode, changed.body).toBe(200);
      const city = await env.as('city.reviewer', 'City-Reviewer-2026!');
      expect((await detail(city, r.id)).review).toMatchObject({ forwarded: false, canAnswer: true });
      const answered = await city.post(`/api/reports/${r.id}/replies`, {
        purpose: 'review_answer',
        body: '经复核，复查意见正确，予以维持。',
      });
      expect(answered.statusCode, answered.body).toBe(201);
      expect((await lookup(r.receipt)).messages.at(-1).body).toBe('经复核，复查意见正确，予以维持。');
    } finally {
      await sys.patch(`/api/users/${made.json().id}`, { disabled: true });
    }
  });
});
