import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { buildAccessProfile } from '../access/index.js';
import { ledgerQuery, listReports } from './reports.ledger.js';
import { scopeColumns, scopePredicate } from '../../shared/scope.js';
import { sendDeadlineReminders } from '../deadlines/index.js';

const DAY = 86_400_000;

describe.each(testDialects())('report workflow on $name', ({ name }) => {
  let env: TestEnv;
  let village1: string;
  let village2: string;
  let unit1: string;
  let countyUnit: string;

  async function unitOf(username: string): Promise<{ unitId: string; regionCode: string }> {
    const row = await env
      .ctx()
      .db.selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select(['n.id', 'n.region_code'])
      .where('u.username', '=', username)
      .executeTakeFirstOrThrow();
    return { unitId: row.id, regionCode: row.region_code };
  }
  async function villageUnder(township: string): Promise<string> {
    const v = await env
      .ctx()
      .db.selectFrom('regions')
      .select('code')
      .where('parent_code', '=', township)
      .where('level', '=', 'village')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    return v.code;
  }
  /** Signs in again (sessions end after 30 idle minutes, and tests move the clock by days). */
  const as = (username: string) => env.as(username);

  const visit = (over: Record<string, unknown> = {}) => ({
    channel: 'visit',
    kind: 'accusation',
    categories: ['mass'],
    regionCode: village1,
    subjectAuthority: 'village_cadre',
    subject: { name: '赵某', position: '村党支部书记' },
    content: '来访反映：村党支部书记在危房改造补助中向农户索要好处费。',
    reporter: { name: '钱某', phone: '13512345678' },
    visitors: 1,
    receptionPlace: '县纪委信访接待室',
    ...over,
  });
  const detail = async (c: Client, id: string) => {
    const res = await c.get(`/api/reports/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    env = await startTestEnv(name);
    const t1 = await unitOf('township1');
    unit1 = t1.unitId;
    village1 = await villageUnder(t1.regionCode);
    village2 = await villageUnder((await unitOf('township2')).regionCode);
    countyUnit = (
      await env
        .ctx()
        .db.selectFrom('units')
        .select('id')
        .where('kind', '=', 'commission')
        .where('region_code', '=', '411221000000')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => env?.close());

  it('registers a visit, routes it down to the township, which accepts, registers a clue, concludes and gives feedback', async () => {
    const intake = await as('intake');
    const made = await intake.post('/api/reports', visit());
    expect(made.statusCode, made.body).toBe(201);
    const r = made.json();
    expect(r.number).toMatch(/^渑纪信〔2026〕\d{4}号$/);
    expect(r.receipt).toMatch(/^\d{16}$/);
    expect(r.ownerUnitId).toBe(unit1);
    expect(r.inLedger).toBe(true);
    expect(r.ackDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Open: the receipt page names no re-check organ yet.
    const open = await env.anon().post('/api/public/receipt-lookups', { receipt: r.receipt });
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json()).toMatchObject({ closed: false, canRequestRecheck: false, recheckBy: null });

    const township1 = await as('township1');
    let d = await detail(township1, r.id);
    expect(d.channel).toBe('visit');
    expect(d.reporter).toBe('实名（已保护）');
    expect(JSON.stringify(d)).not.toContain('13512345678');
    expect(d.details).toEqual({ visitors: 1, receptionPlace: '县纪委信访接待室' });
    const kinds = d.deadlines.map((x: { kind: string }) => x.kind).sort();
    expect(kinds).toEqual(['accept', 'ack']);
    const accept = d.deadlines.find((x: { kind: string }) => x.kind === 'accept');
    // 2026-11-20 is a Friday: five working days later is Friday 2026-11-27.
    expect(accept.dueOn).toBe('2026-11-27');

    // The other township cannot see, open or act on it.
    const township2 = await as('township2');
    expect((await township2.get(`/api/reports/${r.id}`)).statusCode).toBe(404);
    const foreign = await township2.post(`/api/reports/${r.id}/acceptance`, { version: d.version });
    expect(foreign.statusCode).toBe(404);
    const theirs = (await township2.get(`/api/reports?q=${encodeURIComponent(r.number)}`)).json();
    expect(theirs.total).toBe(0);

    // Accept: the acknowledgement and acceptance clocks stop; a stale version is refused.
    const stale = await township1.post(`/api/reports/${r.id}/acceptance`, { version: d.version + 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    const accepted = await township1.post(`/api/reports/${r.id}/acceptance`, {
      version: d.version,
      categories: ['mass', 'integrity'],
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    d = await detail(township1, r.id);
    expect(d.status).toBe('accepted');
    expect(d.categories).toEqual(['mass', 'integrity']);
    expect(d.deadlines.every((x: { metAt: string | null }) => x.metAt !== null)).toBe(true);
    const twice = await township1.post(`/api/reports/${r.id}/acceptance`, { version: d.version });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('REPORT_STATE');

    // Register a clue: a numbered clue record linked to the report.
    const clue = await township1.post(`/api/reports/${r.id}/disposal`, {
      version: d.version,
      disposition: 'clue',
      note: '反映村党支部书记索要危房改造好处费问题',
    });
    expect(clue.statusCode, clue.body).toBe(200);
    expect(clue.json().clueNumber).toBe('城关纪线〔2026〕0001号');
    d = await detail(township1, r.id);
    expect(d.status).toBe('in_handling');
    expect(d.clueNumber).toBe(clue.json().clueNumber);
    const clueRow = await env
      .ctx()
      .db.selectFrom('clues')
      .selectAll()
      .where('id', '=', clue.json().clueId)
      .executeTakeFirstOrThrow();
    expect(clueRow).toMatchObject({ report_id: r.id, owner_unit_id: unit1, status: 'registered' });

    // Conclude: the result-feedback clock starts (15 working days); feedback stops it.
    const concluded = await township1.post(`/api/reports/${r.id}/conclusion`, {
      version: d.version,
      result: '经核实，反映问题属实，已给予党内警告处分。',
    });
    expect(concluded.statusCode, concluded.body).toBe(200);
    d = await detail(township1, r.id);
    expect(d.status).toBe('concluded');
    const feedback = d.deadlines.find((x: { kind: string }) => x.kind === 'feedback');
    expect(feedback).toMatchObject({ metAt: null, startsOn: '2026-11-20' });
    expect(feedback.dueOn).toBe('2026-12-11');
    const reply = await township1.post(`/api/reports/${r.id}/replies`, {
      purpose: 'feedback',
      body: '您反映的问题经核查属实，已依规依纪处理。',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    d = await detail(township1, r.id);
    expect(d.deadlines.find((x: { kind: string }) => x.kind === 'feedback').metAt).not.toBeNull();

    // The reporter reads the timeline and the feedback by receipt, rates once, asks for a re-check once.
    const page = await env.anon().post('/api/public/receipt-lookups', { receipt: r.receipt });
    expect(page.statusCode, page.body).toBe(200);
    const view = page.json();
    expect(view.timeline.map((s: { event: string }) => s.event)).toEqual([
      'received',
      'accepted',
      'clue_registered',
      'concluded',
      'feedback_given',
    ]);
    expect(view.messages).toEqual([
      { author: 'staff', body: '您反映的问题经核查属实，已依规依纪处理。', createdAt: expect.any(String) },
    ]);
    // An accusation: no petition re-check is offered (JK 第二十七条: an objection is a message).
    expect(view).toMatchObject({
      kind: 'accusation',
      closed: true,
      canRate: true,
      canRequestRecheck: false,
      recheckApplyBy: null,
      recheckDueOn: null,
      recheckBy: null,
    });
    const rate = await env
      .anon()
      .post('/api/public/receipt-ratings', { receipt: r.receipt, rating: 'basically_satisfied' });
    expect(rate.statusCode, rate.body).toBe(200);
    const rateAgain = await env.anon().post('/api/public/receipt-ratings', { receipt: r.receipt, rating: 'satisfied' });
    expect(rateAgain.json().error.code).toBe('REPORT_STATE');
    // An accusation is not offered the petition re-check (XF 第三十五条): its objection is recorded
    // and explained (JK 第二十七条). The township-to-county re-check of a petition is in rules.test.ts.
    const recheck = await env
      .anon()
      .post('/api/public/receipt-rechecks', { receipt: r.receipt, reason: '处理偏轻，请求复查。' });
    expect(recheck.statusCode).toBe(409);
    expect(recheck.json().error.details).toEqual({ reason: 'accusation_objection' });
    d = await detail(township1, r.id);
    expect(d.rating).toBe('basically_satisfied');
    expect(d.recheckReason).toBeNull();
    expect(d.deadlines.find((x: { kind: string }) => x.kind === 'recheck')).toBeUndefined();

    // Every step is in the audit log, in the same transaction as the change.
    const actions = (
      await env.ctx().db.selectFrom('audit_events').select('action').where('resource_id', '=', r.id).execute()
    ).map((a) => a.action);
    for (const a of [
      'report.submit',
      'report.accept',
      'report.register_clue',
      'report.conclude',
      'report.feedback',
      'report.rate',
    ])
      expect(actions).toContain(a);
  });

  it('keeps a report on a person managed above the county only as a transfer record, and sends it up', async () => {
    const intake = await as('intake');
    const made = await intake.post(
      '/api/reports',
      visit({
        subjectAuthority: 'higher',
        subject: { name: '孙某', position: '市直某局局长' },
        content: '反映市直某局局长违规收受礼金问题，请转上级处理。',
      }),
    );
    expect(made.statusCode, made.body).toBe(201);
    const r = made.json();
    expect(r.inLedger).toBe(false);
    expect(r.ownerUnitId).toBe(countyUnit);
    expect(r.ackDueOn).toBeNull();
    // Not in the ledger, nor in its export.
    expect((await intake.get(`/api/reports?q=${encodeURIComponent(r.number)}`)).json().total).toBe(0);
    expect(
      (await intake.get(`/api/reports?includeTransferRecords=true&q=${encodeURIComponent(r.number)}`)).json().total,
    ).toBe(1);
    let d = await detail(intake, r.id);
    expect(d.deadlines.map((x: { kind: string }) => x.kind)).toEqual(['transfer_up']);
    expect(d.deadlines[0].dueOn).toBe('2026-11-27');
    // It cannot be accepted here: it must go up.
    const acc = await intake.post(`/api/reports/${r.id}/acceptance`, { version: d.version });
    expect(acc.json().error.code).toBe('REPORT_STATE');
    const up = await intake.post(`/api/reports/${r.id}/upward-transfer`, {
      version: d.version,
      toBody: '三门峡市纪委监委',
    });
    expect(up.statusCode, up.body).toBe(200);
    d = await detail(intake, r.id);
    expect(d).toMatchObject({ status: 'transferred_up', transferredTo: '三门峡市纪委监委', inLedger: false });
    expect(d.deadlines[0].metAt).not.toBeNull();

    // A township officer whose scope does not reach the county: a county-managed cadre's report
    // stays with the township as a record to send up.
    const township1 = await as('township1');
    const fromTownship = await township1.post(
      '/api/reports',
      visit({
        subjectAuthority: 'county_managed',
        subject: { name: '周某', position: '镇长' },
        content: '反映镇长在项目招标中打招呼问题。',
      }),
    );
    expect(fromTownship.statusCode, fromTownship.body).toBe(201);
    expect(fromTownship.json()).toMatchObject({ ownerUnitId: unit1, inLedger: false });
  });

  it('offers an earlier report as a repeat, links it on confirmation with no second acknowledgement; forwards out with a reason', async () => {
    const intake = await as('intake');
    const first = (
      await intake.post(
        '/api/reports',
        visit({ regionCode: village2, subject: { name: '吴某' }, content: '第一次反映吴某侵占集体土地收益问题。' }),
      )
    ).json();
    expect(first.ackDueOn).not.toBeNull();
    const second = (
      await intake.post(
        '/api/reports',
        visit({
          channel: 'letter',
          regionCode: village2,
          subject: { name: '吴某' },
          content: '再次来信反映吴某侵占集体土地收益问题。',
          visitors: undefined,
          receptionPlace: undefined,
        }),
      )
    ).json();
    // Same person, same region: offered, not linked until the officer confirms the same matter.
    expect(second.repeatOf).toBeNull();
    expect(second.ackDueOn).not.toBeNull();
    const township = await as('township2');
    const offer = (await township.get(`/api/reports/${second.id}/repeat-candidates`)).json();
    expect(offer.candidates.map((c: { id: string }) => c.id)).toEqual([first.id]);
    const confirmed = await township.post(`/api/reports/${second.id}/repeat-decision`, {
      version: (await detail(township, second.id)).version,
      repeatOf: first.id,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const d = await detail(intake, second.id);
    expect(d.repeatOf).toBe(first.id);
    expect(d.ackDueOn).toBeNull();
    expect(d.repeats.map((x: { id: string }) => x.id)).toEqual([first.id]);
    // JK 第二十六条: no second acknowledgement (its clock stops); the acceptance clock runs on.
    expect(d.deadlines.filter((x: { metAt: string | null }) => !x.metAt).map((x: { kind: string }) => x.kind)).toEqual([
      'accept',
    ]);

    // Forwarding needs a target; to the competent department it closes the report here.
    const township2 = await as('township2');
    const dd = await detail(township2, second.id);
    const none = await township2.post(`/api/reports/${second.id}/forwarding`, { version: dd.version });
    expect(none.json().error.code).toBe('VALIDATION_FAILED');
    const out = await township2.post(`/api/reports/${second.id}/forwarding`, {
      version: dd.version,
      toBody: '县人民法院',
      note: '属于民事纠纷，依法应通过诉讼解决',
    });
    expect(out.statusCode, out.body).toBe(200);
    expect((await detail(township2, second.id)).status).toBe('forwarded');
  });

  it('runs petition clocks in calendar days, extends handling once, and refuses a second extension', async () => {
    const intake = await as('intake');
    const made = (
      await intake.post(
        '/api/reports',
        visit({
          kind: 'petition',
          categories: ['minimum_living'],
          subjectAuthority: 'county_managed',
          regionCode: '411221000000',
          subject: { name: '县民政局' },
          content: '反映低保资格认定不公，要求重新认定。',
          reporter: { name: '郑某', phone: '13312345678' },
        }),
      )
    ).json();
    expect(made.ownerUnitId).toBe(countyUnit);
    let d = await detail(intake, made.id);
    // 15 days from 2026-11-20 end on Saturday 12-05: the period runs to Monday.
    expect(d.deadlines.map((x: { kind: string; dueOn: string }) => [x.kind, x.dueOn])).toEqual([
      ['register', '2026-12-07'],
    ]);
    await intake.post(`/api/reports/${made.id}/acceptance`, { version: d.version });
    d = await detail(intake, made.id);
    const handle = d.deadlines.find((x: { kind: string }) => x.kind === 'handle');
    expect(handle.dueOn).toBe('2027-01-19');
    // XF 第三十四条: the organ's head approves; an intake officer cannot approve it alone.
    const alone = await intake.post(`/api/reports/${made.id}/deadline-extensions`, {
      kind: 'handle',
      reason: '情况复杂，申请延长办理期限',
    });
    expect(alone.statusCode).toBe(403);
    expect(alone.json().error.code).toBe('DEADLINE_APPROVER_ROLE');
    const leader = await env
      .ctx()
      .db.selectFrom('users')
      .select('id')
      .where('username', '=', 'leader')
      .executeTakeFirstOrThrow();
    const ext = await intake.post(`/api/reports/${made.id}/deadline-extensions`, {
      kind: 'handle',
      reason: '情况复杂，经主要负责人批准延长',
      approverId: leader.id,
    });
    expect(ext.statusCode, ext.body).toBe(200);
    expect(ext.json().dueOn).toBe('2027-02-18');
    const again = await intake.post(`/api/reports/${made.id}/deadline-extensions`, {
      kind: 'handle',
      reason: '再次申请延长办理期限',
      approverId: leader.id,
    });
    expect(again.statusCode).toBe(409);
    const assignment = await intake.post(`/api/reports/${made.id}/deadline-extensions`, {
      kind: 'assignment',
      reason: '不是交办件，不能延长',
    });
    expect(assignment.json().error.code).toBe('REPORT_STATE');
  });

  it("names on the receipt page the organ that gets a county commission's own re-check", async () => {
    /** Registers a county-managed petition at the county, which accepts and concludes it. */
    const closedAtCounty = async (name: string) => {
      const intake = await as('intake');
      const made = await intake.post(
        '/api/reports',
        visit({
          // The re-check (复查) is the petitions' remedy (XF 第三十五条); accusations have none.
          kind: 'petition',
          subjectAuthority: 'county_managed',
          regionCode: '411221000000',
          subject: { name, position: '县农业农村局副局长' },
          content: `反映${name}在农机购置补贴审核中优亲厚友问题。`,
        }),
      );
      expect(made.statusCode, made.body).toBe(201);
      const r = made.json<{ id: string; receipt: string; ownerUnitId: string }>();
      expect(r.ownerUnitId).toBe(countyUnit);
      expect((await lookup(r.receipt)).recheckBy).toBeNull();
      const accepted = await intake.post(`/api/reports/${r.id}/acceptance`, {
        version: (await detail(intake, r.id)).version,
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
      const concluded = await intake.post(`/api/reports/${r.id}/disposal`, {
        version: (await detail(intake, r.id)).version,
        disposition: 'conclude',
        note: '经核实，补贴审核符合规定，反映问题不属实。',
      });
      expect(concluded.statusCode, concluded.body).toBe(200);
      return r;
    };
    const lookup = async (receipt: string) => {
      const res = await env.anon().post('/api/public/receipt-lookups', { receipt });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    /** Asks for the re-check and returns the display name of the unit its clock went to. */
    const askRecheck = async (r: { id: string; receipt: string }) => {
      const asked = await env
        .anon()
        .post('/api/public/receipt-rechecks', { receipt: r.receipt, reason: '核查没有调取审核材料，请求复查。' });
      expect(asked.statusCode, asked.body).toBe(201);
      const owner = await env
        .ctx()
        .db.selectFrom('deadlines as dl')
        .innerJoin('units as u', 'u.id', 'dl.owner_unit_id')
        .select(['u.name', 'u.short_name'])
        .where('dl.resource_id', '=', r.id)
        .where('dl.kind', '=', 'recheck')
        .executeTakeFirstOrThrow();
      return owner.short_name ?? owner.name;
    };

    // The seeded tree has the city commission above the county's, but nobody on the platform works
    // for it: the request is forwarded there, the county keeps the clock to chase the answer, and
    // the page names the city as the organ that re-checks.
    const a = await closedAtCounty('褚某');
    expect(await lookup(a.receipt)).toMatchObject({
      closed: true,
      canRequestRecheck: true,
      recheckBy: '三门峡市纪委监委',
    });
    expect(await askRecheck(a)).toBe('渑池县纪委监委');
    const asked = await lookup(a.receipt);
    expect(asked).toMatchObject({
      canRequestRecheck: false,
      recheckBy: '三门峡市纪委监委',
      recheckDueOn: '2026-12-21',
    });
    expect(asked.timeline.map((e: { event: string }) => e.event)).toContain('recheck_forwarded');
    const intake = await as('intake');
    expect((await detail(intake, a.id)).recheck).toEqual({
      by: '三门峡市纪委监委',
      forwarded: true,
      answered: false,
      canAnswer: true,
    });
    // The county is told to send it up, not to answer it itself.
    const told = (await intake.get('/api/notifications')).json().items as {
      kind: string;
      title: string;
      body: string;
    }[];
    expect(told.find((n) => n.kind === 'recheck_requested' && n.body.includes('三门峡市纪委监委'))?.title).toBe(
      '复查申请待转送上级机关',
    );
    // The letter that sends it up: to the city commission, with the reason and the answer's due date.
    const letter = await intake.get(`/api/reports/${a.id}/documents/recheck_forward_letter.pdf`);
    expect(letter.statusCode, letter.body).toBe(200);
    expect(letter.headers['content-type']).toContain('application/pdf');
    const letterText = pdfText(letter.rawPayload);
    for (const s of [
      '复查申请转送函',
      '中共三门峡市纪律检查委员会',
      '核查没有调取审核材料',
      '2026年12月21日前',
      '钱某',
    ])
      expect(letterText).toContain(s);
    // The applicant's name is printed only for holders of report.identity.
    const leaderLetter = await (await as('leader')).get(`/api/reports/${a.id}/documents/recheck_forward_letter.pdf`);
    expect(leaderLetter.statusCode, leaderLetter.body).toBe(200);
    const leaderText = pdfText(leaderLetter.rawPayload);
    expect(leaderText).toContain('实名（已保护）');
    expect(leaderText).not.toContain('钱某');
    const letterDocx = await intake.get(`/api/reports/${a.id}/documents/recheck_forward_letter.docx`);
    expect(letterDocx.statusCode, letterDocx.body).toBe(200);
    // Recording the city's opinion needs its document number; without one nothing is written.
    const bare = await intake.post(`/api/reports/${a.id}/replies`, {
      purpose: 'recheck_answer',
      body: '经复查，原处理意见正确，予以维持。',
    });
    expect(bare.statusCode, bare.body).toBe(400);
    expect(bare.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'reviewerRef' } });
    expect((await detail(intake, a.id)).messages).toHaveLength(1);
    const answered = await intake.post(`/api/reports/${a.id}/replies`, {
      purpose: 'recheck_answer',
      body: '经复查，原处理意见正确，予以维持。',
      reviewerRef: '三纪信复〔2026〕12号',
    });
    expect(answered.statusCode, answered.body).toBe(201);
    const done = await lookup(a.receipt);
    expect(done.recheckDueOn).toBeNull();
    expect(done.messages.at(-1).body).toBe(
      '【三门峡市纪委监委复查意见 三纪信复〔2026〕12号】\n经复查，原处理意见正确，予以维持。',
    );
    expect((await detail(intake, a.id)).recheck).toEqual({
      by: '三门峡市纪委监委',
      forwarded: true,
      answered: true,
      canAnswer: false,
    });

    // Once someone on the platform holds intake authority over the city commission, the re-check
    // goes to them: the county can neither answer nor extend it, the city officer can.
    const { id: cityUnit } = await env
      .ctx()
      .db.selectFrom('units as u')
      .innerJoin('units as c', 'c.parent_id', 'u.id')
      .select('u.id')
      .where('c.id', '=', countyUnit)
      .executeTakeFirstOrThrow();
    const sys = await as('sysadmin');
    const made = await sys.post('/api/users', {
      username: 'city.intake',
      displayName: '市纪委信访室干部',
      unitId: cityUnit,
      password: 'City-Initial-2026',
    });
    expect(made.statusCode, made.body).toBe(201);
    const sec = await as('secadmin');
    const roles = (await sec.get('/api/roles')).json().items as { id: string; key: string }[];
    const granted = await sec.post('/api/role-assignments', {
      userId: made.json().id,
      roleId: roles.find((r) => r.key === 'intake_officer')!.id,
      scopeType: 'unit_subtree',
      scopeUnitId: cityUnit,
    });
    expect(granted.statusCode, granted.body).toBe(201);
    const c = await closedAtCounty('韩某');
    expect(await askRecheck(c)).toBe('三门峡市纪委监委');
    expect((await detail(intake, c.id)).recheck).toEqual({
      by: '三门峡市纪委监委',
      forwarded: false,
      answered: false,
      canAnswer: false,
    });
    // Not sent up: no forwarding letter.
    const noLetter = await intake.get(`/api/reports/${c.id}/documents/recheck_forward_letter.pdf`);
    expect(noLetter.statusCode).toBe(409);
    expect(noLetter.json().error.code).toBe('REPORT_STATE');
    const countyTries = await intake.post(`/api/reports/${c.id}/replies`, {
      purpose: 'recheck_answer',
      body: '经复查，维持原处理意见。',
      reviewerRef: '渑纪信〔2026〕1号',
    });
    expect(countyTries.statusCode).toBe(409);
    expect(countyTries.json().error.details).toEqual({ reason: 'recheck_by_higher_organ' });
    const countyExtends = await intake.post(`/api/reports/${c.id}/deadline-extensions`, {
      kind: 'recheck',
      reason: '情况复杂，申请延长复查期限',
    });
    expect(countyExtends.statusCode).toBe(409);
    const city = await env.as('city.intake', 'City-Initial-2026');
    const changed = await city.post('/api/auth/password', {
      currentPassword: 'City-Initial-2026',
      newPassword: 'City-Reviewer-2026!',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const cityView = await env.as('city.intake', 'City-Reviewer-2026!');
    expect((await detail(cityView, c.id)).recheck).toEqual({
      by: '三门峡市纪委监委',
      forwarded: false,
      answered: false,
      canAnswer: true,
    });
    const cityAnswers = await cityView.post(`/api/reports/${c.id}/replies`, {
      purpose: 'recheck_answer',
      body: '经复查，原处理意见正确，予以维持。',
    });
    expect(cityAnswers.statusCode, cityAnswers.body).toBe(201);
    expect((await lookup(c.receipt)).messages.at(-1).body).toBe('经复查，原处理意见正确，予以维持。');
    // The rest of this file's reports keep the seeded set-up (nobody at the city).
    const disabled = await sys.patch(`/api/users/${made.json().id}`, { disabled: true });
    expect(disabled.statusCode, disabled.body).toBe(200);

    // A platform with no commission above the county: the county keeps the re-check, and the page
    // names the county, not a 上一级 organ the platform does not hold.
    const b = await closedAtCounty('卫某');
    const db = env.ctx().db;
    const { parent_id: above } = await db
      .selectFrom('units')
      .select('parent_id')
      .where('id', '=', countyUnit)
      .executeTakeFirstOrThrow();
    expect(above).not.toBeNull();
    await db.updateTable('units').set({ parent_id: null }).where('id', '=', countyUnit).execute();
    try {
      expect(await lookup(b.receipt)).toMatchObject({ closed: true, recheckBy: '渑池县纪委监委' });
      expect(await askRecheck(b)).toBe('渑池县纪委监委');
      expect(await lookup(b.receipt)).toMatchObject({ canRequestRecheck: false, recheckBy: '渑池县纪委监委' });
    } finally {
      await db.updateTable('units').set({ parent_id: above }).where('id', '=', countyUnit).execute();
    }

    // A wrong receipt is still just not found.
    const wrong = await env.anon().post('/api/public/receipt-lookups', { receipt: '0000000000000000' });
    expect(wrong.statusCode).toBe(404);
  });

  it('lists due-soon and overdue clocks per unit and reminds the handlers once per stage', async () => {
    const intake = await as('intake');
    const made = (
      await intake.post(
        '/api/reports',
        visit({ subject: { name: '冯某' }, content: '反映冯某在人居环境整治资金中虚报冒领问题。' }),
      )
    ).json();
    // Named accusation: acknowledgement due 15 working days after 2026-11-20 → 2026-12-11.
    expect(made.ackDueOn).toBe('2026-12-11');
    const t1 = await as('township1');
    const soonBefore = (await t1.get('/api/deadlines?state=due_soon'))
      .json()
      .items.filter((i: { resourceId: string }) => i.resourceId === made.id);
    // Acceptance is due 2026-11-27, seven days away: not yet "due soon".
    expect(soonBefore).toEqual([]);

    // Move to 2026-12-09 (two days before the acknowledgement is due; acceptance is overdue).
    env.clock.advance(19 * DAY);
    try {
      const township1 = await as('township1');
      const list = (await township1.get('/api/deadlines'))
        .json()
        .items.filter((i: { resourceId: string }) => i.resourceId === made.id);
      expect(
        list.map((i: { kind: string; overdue: boolean; dueSoon: boolean }) => [i.kind, i.overdue, i.dueSoon]),
      ).toEqual([
        ['accept', true, false],
        ['ack', false, true],
      ]);
      expect(list[0].reportNumber).toBe(made.number);
      const township2 = await as('township2');
      const theirs = (await township2.get('/api/deadlines'))
        .json()
        .items.filter((i: { resourceId: string }) => i.resourceId === made.id);
      expect(theirs).toEqual([]);
      expect(
        (await township1.get('/api/reports?overdue=true')).json().items.map((i: { id: string }) => i.id),
      ).toContain(made.id);

      const sent = await sendDeadlineReminders(env.platform.database.db, env.clock);
      expect(sent).toBeGreaterThan(0);
      expect(await sendDeadlineReminders(env.platform.database.db, env.clock)).toBe(0);
      const mine = (await township1.get('/api/notifications?unreadOnly=true&pageSize=200')).json();
      const about = mine.items.filter((n: { resourceId: string }) => n.resourceId === made.id);
      expect(about.map((n: { kind: string }) => n.kind).sort()).toEqual(['deadline_due_soon', 'deadline_overdue']);
      expect(about.find((n: { kind: string }) => n.kind === 'deadline_overdue').title).toBe('已超期：转来件受理');
      const others = (await township2.get('/api/notifications?pageSize=200')).json().items;
      expect(others.filter((n: { resourceId: string }) => n.resourceId === made.id)).toEqual([]);
      // Read markers are per user: another user's notification is not found.
      const nid = about[0].id;
      expect((await township2.patch(`/api/notifications/${nid}`, { read: true })).statusCode).toBe(404);
      expect((await township1.patch(`/api/notifications/${nid}`, { read: true })).statusCode).toBe(200);
      expect((await township1.get('/api/notifications?unreadOnly=true&pageSize=200')).json().unread).toBe(
        mine.unread - 1,
      );
    } finally {
      env.clock.advance(-19 * DAY);
    }
  });

  it('lists overdue reports most overdue first, in scope, without transfer records unless asked', async () => {
    let intake = await as('intake');
    const post = async (over: Record<string, unknown>) => {
      const res = await intake.post('/api/reports', visit(over));
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>();
    };
    const a = await post({ subject: { name: '超期甲' }, content: '反映超期甲挪用集体资金问题，第一件。' });
    env.clock.advance(DAY);
    intake = await as('intake');
    const b = await post({ subject: { name: '超期乙' }, content: '反映超期乙挪用集体资金问题，第二件。' });
    const c = await post({
      regionCode: village2,
      subject: { name: '超期丙' },
      content: '反映超期丙挪用集体资金问题，另一乡镇。',
    });
    const t = await post({
      subjectAuthority: 'higher',
      subject: { name: '超期丁', position: '市直某局局长' },
      content: '反映超期丁违规收受礼金问题，须报送上级。',
    });
    env.clock.advance(40 * DAY);
    try {
      intake = await as('intake');
      type Page = { items: { id: string }[]; total: number };
      const ids = async (c2: Client, query: string) => {
        const res = await c2.get(`/api/reports?pageSize=200&${query}`);
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<Page>();
        expect(page.total).toBe(page.items.length);
        return page.items.map((i) => i.id);
      };
      const township1 = await as('township1');
      const mine = await ids(township1, 'overdue=true');
      // A's clocks fell due a day before B's: A comes first. The other township's report is not here.
      expect(mine).toContain(a.id);
      expect(mine.indexOf(a.id)).toBeLessThan(mine.indexOf(b.id));
      expect(mine).not.toContain(c.id);
      // With a filter on the reports themselves (the joined path): accepting A stops its clocks.
      const d = await detail(township1, a.id);
      expect((await township1.post(`/api/reports/${a.id}/acceptance`, { version: d.version })).statusCode).toBe(200);
      const received = await ids(township1, 'overdue=true&status=received');
      expect(received).toContain(b.id);
      expect(received).not.toContain(a.id);
      expect(await ids(township1, 'overdue=true')).not.toContain(a.id);
      // The county sees both townships; the transfer record only when asked for.
      const county = await ids(intake, 'overdue=true');
      expect(county).toEqual(expect.arrayContaining([b.id, c.id]));
      expect(county).not.toContain(t.id);
      expect(await ids(intake, 'overdue=true&includeTransferRecords=true')).toContain(t.id);
      // A page past the end is empty, with the same total.
      const past = (await township1.get('/api/reports?overdue=true&pageSize=50&page=99')).json<Page>();
      expect(past.items).toEqual([]);
      expect(past.total).toBe(mine.length - 1);
    } finally {
      env.clock.advance(-41 * DAY);
    }
  });

  it('pages by keyset cursor through the same rows, in the same order, as by page number', async () => {
    const intake = await as('intake');
    type Page = { items: { id: string }[]; total: number; nextCursor: string | null };
    for (const filter of ['', '&overdue=true&includeTransferRecords=true']) {
      env.clock.advance(filter ? 60 * DAY : 0);
      try {
        const c = filter ? await as('intake') : intake;
        const all = (await c.get(`/api/reports?pageSize=200${filter}`)).json<Page>();
        expect(all.items.length).toBeGreaterThan(4);
        const walked: string[] = [];
        let after: string | null = null;
        for (let page = 1; page <= 100; page++) {
          const res = await c.get(
            `/api/reports?pageSize=3&page=${page}${filter}${after ? `&after=${encodeURIComponent(after)}` : ''}`,
          );
          expect(res.statusCode, res.body).toBe(200);
          const body = res.json<Page>();
          expect(body.total).toBe(all.total);
          walked.push(...body.items.map((i) => i.id));
          // The keyset page equals the offset page of the same number.
          const byNumber = (await c.get(`/api/reports?pageSize=3&page=${page}${filter}`)).json<Page>();
          expect(body.items.map((i) => i.id)).toEqual(byNumber.items.map((i) => i.id));
          after = body.nextCursor;
          if (!after) break;
        }
        expect(walked).toEqual(all.items.map((i) => i.id));
      } finally {
        env.clock.advance(filter ? -60 * DAY : 0);
      }
    }
    const bad = await intake.get('/api/reports?after=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('exports exactly the filtered rows, with identity only for holders of report.identity, and counts them', async () => {
    const intake = await as('intake');
    const filter = `channel=visit&from=2026-11-20&to=2026-11-20`;
    const list = (await intake.get(`/api/reports?${filter}&pageSize=200`)).json();
    expect(list.total).toBeGreaterThan(2);
    const res = await intake.get(`/api/reports/export.xlsx?${filter}`);
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    // No identity without a stated reason, even for a holder of report.identity (the reveal rule).
    expect(header).not.toContain('联系电话');
    const numbers: string[] = [];
    ws.eachRow((row, i) => {
      if (i > 1) numbers.push(row.getCell(1).text);
    });
    expect(numbers.sort()).toEqual(list.items.map((i: { number: string }) => i.number).sort());
    expect(res.rawPayload.length).toBeGreaterThan(0);

    // The leader exports without identity; a township exports only its own reports.
    const leader = await as('leader');
    const led = await leader.get(`/api/reports/export.xlsx?${filter}`);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(led.rawPayload as unknown as ArrayBuffer);
    expect((wb2.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).not.toContain('联系电话');
    const township2 = await as('township2');
    const t2 = await township2.get(`/api/reports/export.xlsx?${filter}`);
    const wb3 = new ExcelJS.Workbook();
    await wb3.xlsx.load(t2.rawPayload as unknown as ArrayBuffer);
    const t2Numbers: string[] = [];
    wb3.worksheets[0]!.eachRow((row, i) => {
      if (i > 1) t2Numbers.push(row.getCell(1).text);
    });
    const t2List = (await township2.get(`/api/reports?${filter}&pageSize=200`)).json();
    expect(t2Numbers.sort()).toEqual(t2List.items.map((i: { number: string }) => i.number).sort());
    expect(t2Numbers.length).toBeLessThan(numbers.length);

    // The zone filter finds the reports of the zone's member townships.
    const zone1 = (
      await env
        .ctx()
        .db.selectFrom('zone_memberships as m')
        .innerJoin('regions as g', 'g.code', 'm.township_code')
        .select('m.zone_id')
        .where('g.code', '=', village1.slice(0, 9) + '000')
        .executeTakeFirstOrThrow()
    ).zone_id;
    const inZone = (await intake.get(`/api/reports?${filter}&zoneId=${zone1}&pageSize=200`)).json();
    expect(inZone.total).toBeGreaterThan(0);
    expect(
      inZone.items.every((i: { ownerUnitId: string }) => i.ownerUnitId === unit1 || i.ownerUnitId !== countyUnit),
    ).toBe(true);
    expect(inZone.items.map((i: { ownerUnitId: string }) => i.ownerUnitId)).toContain(unit1);
    expect(inZone.total).toBeLessThan(list.total);
    const counts = (await intake.get(`/api/reports/counts?${filter}`)).json().items as {
      count: number;
      month: string;
      channel: string;
    }[];
    expect(counts.reduce((a, c) => a + c.count, 0)).toBe(list.total);
    expect(new Set(counts.map((c) => c.month))).toEqual(new Set(['2026-11']));
  });

  it('filters a few-unit scope by zone through its units and the member townships, exactly as scope ∩ zone', async () => {
    const db = env.ctx().db;
    const user = await db
      .selectFrom('users')
      .select(['id', 'unit_id'])
      .where('username', '=', 'township1')
      .executeTakeFirstOrThrow();
    const profile = await buildAccessProfile(db, user.id, '2026-11-20');
    const actorWith = (scope: ReturnType<typeof profile.scopes.get>) => ({
      ...env.ctx(),
      actor: {
        userId: user.id,
        username: 'township1',
        displayName: 'township1',
        unitId: user.unit_id,
        sessionId: 'test',
        restriction: null,
        permissions: profile.permissions,
        scopes: new Map([...profile.scopes].map(([k, v]) => [k, k === 'report.read' ? scope! : v])),
      },
    });
    // One of the township's reports is about a village of another zone's township (as a report
    // handed to it across the line would be): it belongs to that zone's list, not its own.
    const other = await env
      .ctx()
      .db.selectFrom('regions')
      .select(['code', 'path'])
      .where('parent_code', '=', (await unitOf('township2')).regionCode)
      .where('level', '=', 'village')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const moved = await db
      .selectFrom('reports')
      .select(['id', 'region_code', 'region_path'])
      .where('owner_unit_id', '=', unit1)
      .where('in_ledger', '=', 1)
      .orderBy('received_at')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('reports')
      .set({ region_code: other.code, region_path: other.path })
      .where('id', '=', moved.id)
      .execute();
    const zones = await db.selectFrom('zones').select(['id', 'workroom_unit_id']).orderBy('ordinal').execute();
    expect(zones.length).toBeGreaterThan(1);
    const workroom = await db
      .selectFrom('units')
      .select(['id', 'path'])
      .where('id', '=', zones[0]!.workroom_unit_id!)
      .executeTakeFirstOrThrow();
    // And one report is the first zone's workroom's, about that other township: it belongs to the
    // workroom's zone through its owner.
    const second = await db
      .selectFrom('reports')
      .select(['id', 'owner_unit_id', 'owner_unit_path', 'region_code', 'region_path'])
      .where('owner_unit_id', '=', unit1)
      .where('in_ledger', '=', 1)
      .where('id', '!=', moved.id)
      .orderBy('received_at')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('reports')
      .set({
        owner_unit_id: workroom.id,
        owner_unit_path: workroom.path,
        region_code: other.code,
        region_path: other.path,
      })
      .where('id', '=', second.id)
      .execute();
    try {
      const t1Scope = profile.scopes.get('report.read')!;
      // The township's own scope, and one that also holds the first zone's workroom (its reports
      // all belong to that zone, whatever they are about).
      const scopes = [t1Scope, { ...t1Scope, unitPaths: [...t1Scope.unitPaths, workroom.path] }];
      let sawMoved = 0;
      let sawSecond = 0;
      for (const scope of scopes) {
        const ctx = actorWith(scope) as unknown as Parameters<typeof listReports>[0];
        for (const z of zones) {
          for (const extra of [{}, { status: 'received' }, { channel: 'visit' }]) {
            const q = { zoneId: z.id, ...extra };
            // The reference: the caller's scope and the zone's, as plain predicates.
            const expected = (
              await (
                await ledgerQuery(ctx, q)
              )
                .select(['r.id'])
                .orderBy('r.received_at', 'desc')
                .orderBy('r.id', 'desc')
                .execute()
            ).map((r) => r.id);
            const got = await listReports(ctx, { ...q, page: 1, pageSize: 200 });
            expect(got.total).toBe(expected.length);
            expect(got.items.map((i) => i.id)).toEqual(expected);
            if (expected.includes(moved.id)) sawMoved++;
            if (expected.includes(second.id)) sawSecond++;
          }
        }
      }
      // Each edge case was in some expected list (so the comparison covered it).
      expect(sawMoved).toBeGreaterThan(0);
      expect(sawSecond).toBeGreaterThan(0);
    } finally {
      await db
        .updateTable('reports')
        .set({
          owner_unit_id: second.owner_unit_id,
          owner_unit_path: second.owner_unit_path,
          region_code: second.region_code,
          region_path: second.region_path,
        })
        .where('id', '=', second.id)
        .execute();
      await db
        .updateTable('reports')
        .set({ region_code: moved.region_code, region_path: moved.region_path })
        .where('id', '=', moved.id)
        .execute();
    }
  });

  it('numbers reports in a configurable pattern per commission and year', async () => {
    const org = await as('orgadmin');
    const bad = await org.put(`/api/units/${unit1}/numbering-patterns/report`, { pattern: '城关信{seq}' });
    expect(bad.statusCode).toBe(400);
    const set = await org.put(`/api/units/${unit1}/numbering-patterns/report`, {
      pattern: '城纪信〔{year}〕第{seq:3}号',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().report).toBe('城纪信〔{year}〕第{seq:3}号');
    const intake = await as('intake');
    const made = (
      await intake.post(
        '/api/reports',
        visit({ subject: { name: '陈某' }, content: '反映陈某优亲厚友问题，要求调查处理。' }),
      )
    ).json();
    // The county intake office numbers in the county series; the township's own intake uses its pattern.
    expect(made.number).toMatch(/^渑纪信〔2026〕\d{4}号$/);
    const township1 = await as('township1');
    const own = (
      await township1.post(
        '/api/reports',
        visit({ subject: { name: '陈某' }, content: '乡镇纪委直接受理的来访，反映陈某问题。' }),
      )
    ).json();
    expect(own.number).toMatch(/^城纪信〔2026〕第\d{3}号$/);
    // A double tap with the same Idempotency-Key registers once and answers the same.
    const key = { 'idempotency-key': `register-${name}-0001` };
    const tap1 = await intake.post(
      '/api/reports',
      visit({ subject: { name: '双击' }, content: '双击测试：同一来访只登记一次。' }),
      key,
    );
    const tap2 = await intake.post(
      '/api/reports',
      visit({ subject: { name: '双击' }, content: '双击测试：同一来访只登记一次。' }),
      key,
    );
    expect(tap1.statusCode, tap1.body).toBe(201);
    expect(tap2.json()).toEqual(tap1.json());
    const stored = await env.ctx().db.selectFrom('reports').select('id').where('subject_name', '=', '双击').execute();
    expect(stored).toHaveLength(1);
    // Numbers stay unique under concurrent registration.
    const many = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        intake.post(
          '/api/reports',
          visit({ subject: { name: `并发${i}` }, content: `并发编号测试第${i}件，反映问题。` }),
        ),
      ),
    );
    const nums = many.map((m) => m.json().number as string);
    expect(new Set(nums).size).toBe(8);
  });

  it('selects the same rows with the scope written for an index and written to be filtered only', async () => {
    const db = env.ctx().db;
    for (const username of ['intake', 'township1', 'township2', 'zone1', 'leader']) {
      const user = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      const scope = (await buildAccessProfile(db, user.id, '2026-11-20')).scopes.get('report.read')!;
      const ids = async (indexed: boolean) =>
        (
          await db
            .selectFrom('reports as r')
            .select('r.id')
            .where((eb) => scopePredicate(eb, scope, scopeColumns('r'), { indexed }))
            .orderBy('r.id')
            .execute()
        ).map((r) => r.id);
      const a = await ids(true);
      expect(a.length, username).toBeGreaterThan(0);
      expect(await ids(false), username).toEqual(a);
    }
  });
});
