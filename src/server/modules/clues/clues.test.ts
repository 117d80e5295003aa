import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctxAs, makeReport, villageOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { readXlsx } from '../../test/xlsx.js';
import { meetingDecisionFor, setClueState } from './index.js';

interface Line {
  id: string;
  number: string;
  status: string;
  disposal: string | null;
  sourceKind: string;
  visibility: 'full' | 'line';
  subjectNames: string | null;
  summary: string | null;
  dueOn: string | null;
  overdue: boolean;
  version: number;
}

/** The ids of the ledger rows `client` sees for `query`. */
async function ledger(client: Client, query = ''): Promise<{ items: Line[]; total: number }> {
  const res = await client.get(`/api/clues?pageSize=200${query ? `&${query}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function ids(client: Client, query: string): Promise<string[]> {
  return (await ledger(client, query)).items.map((r) => r.id).sort();
}

// 曌 is a rare character: the demo county's own records never carry it.
describe.each(testDialects())('clue ledger on $name', ({ name }) => {
  let env: TestEnv;
  let casemgr: Client;
  let township1: Client;
  let township2: Client;
  let tstaff1: Client;
  let office1: Client;
  let leader: Client;
  let village1: string;
  let village2: string;
  /** Clues made in beforeAll, by name. */
  const c: Record<string, { id: string; number: string }> = {};
  let reportId = '';
  let reportNumber = '';

  async function register(client: Client, body: Record<string, unknown>): Promise<{ id: string; number: string }> {
    const res = await client.post('/api/clues', {
      sourceKind: 'audit',
      summary: '审计发现村集体资金使用不规范',
      categories: ['collective_assets'],
      regionCode: village1,
      subjects: [{ name: '曌某' }],
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    casemgr = await env.as('casemgr');
    township1 = await env.as('township1');
    township2 = await env.as('township2');
    tstaff1 = await env.as('tstaff1');
    office1 = await env.as('office1');
    leader = await env.as('leader');
    village1 = await villageOf(env, 'township1');
    village2 = await villageOf(env, 'township2');

    // From a report: accepted by the township, then registered as a clue.
    const made = await makeReport(env, village1, { subject: { name: '曌青松', position: '村党支部书记' } });
    reportId = made.id;
    let d = (await township1.get(`/api/reports/${made.id}`)).json();
    reportNumber = d.number;
    const acc = await township1.post(`/api/reports/${made.id}/acceptance`, {
      version: d.version,
      categories: ['integrity'],
    });
    expect(acc.statusCode, acc.body).toBe(200);
    d = (await township1.get(`/api/reports/${made.id}`)).json();
    const disp = await township1.post(`/api/reports/${made.id}/disposal`, {
      version: d.version,
      disposition: 'clue',
      note: '反映村党支部书记索要危房改造好处费问题',
    });
    expect(disp.statusCode, disp.body).toBe(200);
    c.fromReport = { id: disp.json().clueId, number: disp.json().clueNumber };

    // By hand (案管): received before the Spring Festival, two subjects, one of a 第二十二条 rank.
    c.festival = await register(casemgr, {
      sourceKind: 'patrol',
      sourceRef: '渑巡移〔2026〕1号',
      receivedOn: '2026-01-17',
      amountFen: 1_250_000,
      subjects: [
        { name: '曌海', position: '镇党委书记', rank: 'lower_principal' },
        { name: '司马曌云', position: '村委会主任' },
      ],
    });
    // Due in three days (timer 1 from 2026-10-22 ends on 2026-11-22).
    c.soon = await register(casemgr, {
      sourceKind: 'data_alert',
      receivedOn: '2026-10-22',
      subjects: [{ name: '曌林' }],
    });
    // A township's own (村干部) clue, and another township's.
    c.township = await register(township1, { sourceKind: 'inspection', subjects: [{ name: '曌田' }] });
    c.other = await register(township2, {
      sourceKind: 'inspection',
      regionCode: village2,
      subjects: [{ name: '曌山' }],
    });
  });
  afterAll(async () => env?.close());

  it('registers a clue from a report with its source, subjects, categories, trail and timer 1', async () => {
    expect(c.fromReport!.number).toMatch(/^城关纪线〔2026〕\d{4}号$/);
    const d = (await township1.get(`/api/clues/${c.fromReport!.id}`)).json();
    expect(d).toMatchObject({
      status: 'registered',
      sourceKind: 'report',
      sourceRef: reportNumber,
      reportId,
      categories: ['integrity'],
      subjects: [{ name: '曌青松', position: '村党支部书记' }],
    });
    expect(d.trail[0]).toMatchObject({ action: 'register', label: '登记线索' });
    expect(d.trail[0].actorName).toBeTruthy();
    const clock = d.clocks.find((k: { kind: string }) => k.kind === 'clue_disposal');
    expect(clock).toMatchObject({ startsOn: '2026-11-20', dueOn: '2026-12-21', metAt: null });
  });

  it('numbers hand registrations in the commission series and runs timer 1 over the Spring Festival', async () => {
    const county = /^(.+)线〔2026〕(\d{4})号$/;
    const [a, b] = [county.exec(c.festival!.number)!, county.exec(c.soon!.number)!];
    expect(a[1]).toBe(b[1]);
    expect(Number(b[2])).toBe(Number(a[2]) + 1);
    expect(c.township!.number).toMatch(/^城关纪线〔2026〕\d{4}号$/);
    const d = (await casemgr.get(`/api/clues/${c.festival!.id}`)).json();
    // One month from 2026-01-17 ends on 2026-02-17, inside the Spring Festival (02-15…02-23).
    const clock = d.clocks.find((k: { kind: string }) => k.kind === 'clue_disposal');
    expect(clock).toMatchObject({ startsOn: '2026-01-17', legalDueOn: '2026-02-17', dueOn: '2026-02-24' });
    expect(d.subjects.map((s: { name: string }) => s.name)).toEqual(['曌海', '司马曌云']);
    expect(d.amountFen).toBe(1_250_000);
  });

  it('flags a 第二十二条 clue, alerts 案管 and records the report once', async () => {
    let d = (await casemgr.get(`/api/clues/${c.festival!.id}`)).json();
    expect(d.higherReport).toMatchObject({ required: true, reportedOn: null });
    const bench = (await casemgr.get('/api/workbench')).json();
    const card = bench.cards.find((x: { key: string }) => x.key === 'clues.unreported');
    expect(card.items.map((i: { id: string }) => i.id)).toContain(c.festival!.id);
    expect(await ids(casemgr, 'unreported=true')).toEqual([c.festival!.id]);

    const unflagged = (await casemgr.get(`/api/clues/${c.soon!.id}`)).json();
    const refused = await casemgr.post(`/api/clues/${c.soon!.id}/higher-report`, {
      version: unflagged.version,
      reportedOn: '2026-11-20',
      reference: '渑纪报〔2026〕1号',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CLUE_NOT_REPORTABLE');

    const ok = await casemgr.post(`/api/clues/${c.festival!.id}/higher-report`, {
      version: d.version,
      reportedOn: '2026-11-19',
      reference: '渑纪报〔2026〕7号',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    d = (await casemgr.get(`/api/clues/${c.festival!.id}`)).json();
    expect(d.higherReport).toMatchObject({ required: true, reportedOn: '2026-11-19', reference: '渑纪报〔2026〕7号' });
    expect(d.trail.at(-1)).toMatchObject({ action: 'higher_report' });
    const again = await casemgr.post(`/api/clues/${c.festival!.id}/higher-report`, {
      version: d.version,
      reportedOn: '2026-11-19',
      reference: 'x',
    });
    expect(again.json().error.code).toBe('CLUE_ALREADY_REPORTED');
    expect(await ids(casemgr, 'unreported=true')).toEqual([]);
  });

  it('filters by source, status, disposal, unit, zone, keeper, clock, dates and subject', async () => {
    const mine = [c.fromReport!.id, c.festival!.id, c.soon!.id, c.township!.id].sort();
    expect(await ids(casemgr, 'q=曌')).toEqual([...mine, c.other!.id].sort());
    expect(await ids(casemgr, 'q=曌&source=patrol')).toEqual([c.festival!.id]);
    expect(await ids(casemgr, 'q=曌&source=report')).toEqual([c.fromReport!.id]);
    expect(await ids(casemgr, 'q=曌&clock=overdue')).toEqual([c.festival!.id]);
    expect(await ids(casemgr, 'q=曌&clock=due_soon')).toEqual([c.soon!.id]);
    expect((await ids(casemgr, 'q=曌&clock=running')).length).toBe(5);
    expect(await ids(casemgr, 'q=曌&from=2026-01-01&to=2026-01-31')).toEqual([c.festival!.id]);
    expect(await ids(casemgr, 'q=曌&to=2026-10-31')).toEqual([c.festival!.id, c.soon!.id].sort());

    // A disposal decided (as the disposals wave will) moves status and disposal.
    const admin = await ctxAs(env, 'casemgr');
    const row = (await casemgr.get(`/api/clues/${c.soon!.id}`)).json();
    // Straight from registered to a disposal is refused, and nothing moves.
    await expect(
      setClueState(admin, c.soon!.id, row.version, { status: 'verification', disposal: 'verification' }),
    ).rejects.toMatchObject({ code: 'CLUE_TRANSITION', details: { from: 'registered', to: 'verification' } });
    expect((await casemgr.get(`/api/clues/${c.soon!.id}`)).json().version).toBe(row.version);
    let v = (await setClueState(admin, c.soon!.id, row.version, { status: 'assigned' })).version;
    // A stale version loses to the move that came first.
    await expect(setClueState(admin, c.soon!.id, row.version, { status: 'assigned' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    v = (await setClueState(admin, c.soon!.id, v, { status: 'disposal_proposed' })).version;
    const moved = await setClueState(admin, c.soon!.id, v, { status: 'verification', disposal: 'verification' });
    expect(moved.from).toBe('disposal_proposed');
    // A final state goes nowhere.
    v = (await setClueState(admin, c.soon!.id, moved.version, { status: 'concluded' })).version;
    await expect(setClueState(admin, c.soon!.id, v, { status: 'assigned' })).rejects.toMatchObject({
      code: 'CLUE_TRANSITION',
    });
    await setClueState(admin, c.soon!.id, v, { status: 'concluded', disposal: 'verification' });
    expect(await ids(casemgr, 'q=曌&disposal=verification')).toEqual([c.soon!.id]);
    expect(await ids(casemgr, 'q=曌&status=concluded')).toEqual([c.soon!.id]);
    expect((await ids(casemgr, 'q=曌&status=registered')).length).toBe(4);

    // Unit: the owning commission.
    const t2 = (await township2.get(`/api/clues/${c.other!.id}`)).json();
    expect(await ids(casemgr, `q=曌&unitId=${t2.ownerUnitId}`)).toEqual([c.other!.id]);

    // Keeper (and the keeper then sees the clue in full).
    const staff = (await tstaff1.get('/api/auth/me')).json().user.id as string;
    const d = (await township1.get(`/api/clues/${c.township!.id}`)).json();
    const kept = await township1.patch(`/api/clues/${c.township!.id}`, {
      version: d.version,
      note: '指定线索管理人',
      keeperId: staff,
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(await ids(casemgr, `keeperId=${staff}`)).toEqual([c.township!.id]);

    // Subject record: the clue's first subject.
    const subject = (await casemgr.get('/api/subjects?pageSize=1')).json().items[0];
    const withSubject = await register(casemgr, { subjects: [{ subjectId: subject.id, name: subject.name }] });
    expect(await ids(casemgr, `subjectId=${subject.id}`)).toEqual([withSubject.id]);

    // Zone: exactly one zone holds township 1's clue (by its villages), and not the one holding township 2's.
    const zones = (await casemgr.get('/api/zones?pageSize=50')).json().items as { id: string }[];
    const inZone = new Set<string>();
    for (const z of zones) for (const id of await ids(casemgr, `q=曌&zoneId=${z.id}`)) inZone.add(`${z.id}:${id}`);
    const zoneOf = (id: string) => [...inZone].filter((k) => k.endsWith(`:${id}`)).map((k) => k.split(':')[0]);
    expect(zoneOf(c.township!.id).length).toBe(1);
    expect(zoneOf(c.township!.id)).not.toEqual(zoneOf(c.other!.id));
  });

  it('searches numbers and subject names, never beyond scope', async () => {
    expect(await ids(casemgr, 'q=马曌云')).toEqual([c.festival!.id]);
    // One or two characters: the start of any subject's name (the second subject too).
    expect(await ids(casemgr, 'q=司马')).toEqual([c.festival!.id]);
    expect(await ids(casemgr, 'q=曌海')).toEqual([c.festival!.id]);
    const digits = /(\d{4})号$/.exec(c.other!.number)![1]!;
    expect(await ids(township2, `q=${encodeURIComponent(c.other!.number)}`)).toEqual([c.other!.id]);
    expect((await ids(township2, `q=${digits}`)).includes(c.other!.id)).toBe(true);
    // Township 2 never finds township 1's clues.
    expect(await ids(township2, 'q=曌青松')).toEqual([]);
  });

  it('answers 404 across townships and shows the ledger line only to those not on the clue', async () => {
    const foreign = await township2.get(`/api/clues/${c.township!.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('NOT_FOUND');
    expect((await township2.patch(`/api/clues/${c.township!.id}`, { version: 1, note: '越权更正' })).statusCode).toBe(
      404,
    );

    // The zone's investigator and the leader are in scope but on no clue: line only, 403 on detail.
    const line = (await ledger(office1, 'q=曌')).items.find((r) => r.id === c.fromReport!.id)!;
    expect(line).toMatchObject({ visibility: 'line', subjectNames: null, summary: null, number: c.fromReport!.number });
    expect(line.dueOn).toBe('2026-12-21');
    const denied = await office1.get(`/api/clues/${c.fromReport!.id}`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('NEED_TO_KNOW');
    expect((await leader.get(`/api/clues/${c.fromReport!.id}`)).statusCode).toBe(403);

    // Township staff: line for the clue they are not on, full for the one they keep.
    const staffLines = (await ledger(tstaff1, 'q=曌')).items;
    expect(staffLines.find((r) => r.id === c.fromReport!.id)).toMatchObject({ visibility: 'line', summary: null });
    expect(staffLines.find((r) => r.id === c.township!.id)).toMatchObject({ visibility: 'full', subjectNames: '曌田' });
    expect((await tstaff1.get(`/api/clues/${c.township!.id}`)).statusCode).toBe(200);
    // 案管 and the township secretary see their clues in full.
    expect((await ledger(casemgr, 'q=曌')).items.every((r) => r.visibility === 'full')).toBe(true);

    // Reads are audited: a detail read and the ledger pages name the clues.
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['action', 'resource_id'])
      .where('action', 'in', ['clue.read', 'clue.list'])
      .execute();
    expect(audit.some((a) => a.action === 'clue.read' && a.resource_id === c.township!.id)).toBe(true);
    expect(audit.some((a) => a.action === 'clue.list')).toBe(true);
  });

  it('exports exactly the filtered rows, blanks what need-to-know hides, and audits the export', async () => {
    const res = await casemgr.get('/api/clues/export.xlsx?q=曌&source=inspection');
    expect(res.statusCode, res.body).toBe(200);
    const { header, rows } = await readXlsx(res.rawPayload);
    expect(header.slice(0, 5)).toEqual(['编号', '收到日期', '来源', '来源文号', '反映对象']);
    expect(rows.map((r) => r[0]).sort()).toEqual([c.township!.number, c.other!.number].sort());
    expect(rows.every((r) => r[2] === '监督检查')).toBe(true);

    const staff = await readXlsx((await tstaff1.get('/api/clues/export.xlsx?q=曌')).rawPayload);
    const byNumber = new Map(staff.rows.map((r) => [r[0], r]));
    expect(byNumber.get(c.fromReport!.number)![4]).toBe('');
    expect(byNumber.get(c.township!.number)![4]).toBe('曌田');
    expect(byNumber.has(c.other!.number)).toBe(false);

    const event = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['changes'])
      .where('action', '=', 'clue.export')
      .where('actor_username', '=', 'tstaff1')
      .executeTakeFirstOrThrow();
    const changes = JSON.parse(String(event.changes)) as { clues: [null, [string, string][]] };
    expect(changes.clues[1].map((x) => x[1]).sort()).toEqual([...byNumber.keys()].sort());
  });

  it('counts by disposal and by month', async () => {
    const res = await casemgr.get('/api/clues/stats?q=曌');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    const total = s.byMonth.reduce((n: number, m: { count: number }) => n + m.count, 0);
    expect(total).toBe((await ledger(casemgr, 'q=曌')).total);
    expect(s.byMonth.find((m: { month: string }) => m.month === '2026-01').count).toBe(1);
    expect(s.byDisposal.find((x: { disposal: string | null }) => x.disposal === 'verification').count).toBe(1);
  });

  it('records a clue-review meeting whose decisions enter each trail', async () => {
    const me = (await township1.get('/api/auth/me')).json().user.id as string;
    const staff = (await tstaff1.get('/api/auth/me')).json().user.id as string;
    const made = await township1.post('/api/clue-meetings', {
      heldOn: '2026-11-19',
      place: '城关镇纪委会议室',
      attendeeIds: [me, staff],
      items: [
        { clueId: c.township!.id, decision: '拟予以了结' },
        { clueId: c.fromReport!.id, decision: '拟谈话函询' },
      ],
    });
    expect(made.statusCode, made.body).toBe(201);
    const meetingId = made.json().id as string;
    const d = (await township1.get(`/api/clues/${c.fromReport!.id}`)).json();
    expect(d.trail.at(-1)).toMatchObject({ action: 'meeting_decision', meetingId });
    expect(d.trail.at(-1).note).toContain('拟谈话函询');
    const cited = await meetingDecisionFor(env.ctx(), meetingId, c.fromReport!.id);
    expect(cited).toMatchObject({ heldOn: '2026-11-19', decision: '拟谈话函询' });
    expect(cited!.attendees.length).toBe(2);
    expect(await meetingDecisionFor(env.ctx(), meetingId, c.other!.id)).toBeNull();
    const m = (await township1.get(`/api/clue-meetings/${meetingId}`)).json();
    expect(m.items.map((i: { clueNumber: string }) => i.clueNumber)).toEqual([
      c.township!.number,
      c.fromReport!.number,
    ]);
    expect((await township2.get(`/api/clue-meetings/${meetingId}`)).statusCode).toBe(404);

    // A clue out of scope is not found, a clue twice is refused; nothing is written.
    const before = (await township1.get('/api/clue-meetings')).json().total as number;
    const foreign = await township1.post('/api/clue-meetings', {
      heldOn: '2026-11-19',
      place: '会议室',
      attendeeIds: [me],
      items: [
        { clueId: c.township!.id, decision: '暂存待查' },
        { clueId: c.other!.id, decision: '了结' },
      ],
    });
    expect(foreign.statusCode).toBe(404);
    const twice = await township1.post('/api/clue-meetings', {
      heldOn: '2026-11-19',
      place: '会议室',
      attendeeIds: [me],
      items: [
        { clueId: c.township!.id, decision: 'a' },
        { clueId: c.township!.id, decision: 'b' },
      ],
    });
    expect(twice.json().error.code).toBe('CLUE_MEETING_INVALID');
    expect((await township1.get('/api/clue-meetings')).json().total).toBe(before);
    const trail = (await township1.get(`/api/clues/${c.township!.id}`)).json().trail as { note: string | null }[];
    expect(trail.filter((e) => e.note?.includes('暂存待查')).length).toBe(0);
  });

  it('refuses bad input with a 4xx code and stale versions with 409', async () => {
    const base = {
      sourceKind: 'audit',
      summary: '内容',
      categories: [],
      regionCode: village1,
      subjects: [{ name: '某' }],
    };
    const unknown = await casemgr.post('/api/clues', { ...base, extra: 1 });
    expect(unknown.statusCode).toBe(400);
    expect((await casemgr.post('/api/clues', { ...base, subjects: [] })).statusCode).toBe(400);
    const report = await casemgr.post('/api/clues', { ...base, sourceKind: 'report' });
    expect(report.statusCode).toBe(400);
    const outside = await township1.post('/api/clues', { ...base, regionCode: village2 });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('CLUE_REGION_OUTSIDE');
    const filing = await office1.post('/api/clues/filings', base);
    expect(filing.json().error.code).toBe('CLUE_SOURCE_INVALID');
    const future = await casemgr.post('/api/clues', { ...base, receivedOn: '2027-01-01' });
    expect(future.statusCode).toBe(400);
    const badKeeper = await casemgr.post('/api/clues', { ...base, keeperId: '00000000-0000-4000-8000-000000000000' });
    expect(badKeeper.json().error.code).toBe('CLUE_USER_INVALID');

    const d = (await casemgr.get(`/api/clues/${c.festival!.id}`)).json();
    const ok = await casemgr.patch(`/api/clues/${c.festival!.id}`, {
      version: d.version,
      note: '更正金额',
      amountFen: 1_300_000,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await casemgr.patch(`/api/clues/${c.festival!.id}`, {
      version: d.version,
      note: '再次更正',
      summary: '并发修改',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    const after = (await casemgr.get(`/api/clues/${c.festival!.id}`)).json();
    expect(after.summary).not.toBe('并发修改');
    expect(after.trail.at(-1)).toMatchObject({ action: 'correct', note: '更正金额' });
  });

  it('lets a department file its own clue with 案管 (备案) and keep it', async () => {
    const filed = await office1.post('/api/clues/filings', {
      sourceKind: 'self_found',
      sourceRef: '日常监督发现',
      summary: '监督检查中发现村务公开不到位',
      categories: ['work'],
      regionCode: village1,
      subjects: [{ name: '曌备案' }],
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const d = (await office1.get(`/api/clues/${filed.json().id}`)).json();
    expect(d).toMatchObject({ sourceKind: 'self_found', keeperName: expect.any(String) });
    expect(d.filedByUnitName).toBeTruthy();
    expect(d.trail[0]).toMatchObject({ action: 'file_record', label: '备案' });
    expect(filed.json().number).toMatch(/线〔2026〕\d{4}号$/);
  });
});
