import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { authoriseCase, decideAll, makeCase } from '../../test/case-factories.js';
import { ctxAs } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { setTimerOverride } from '../deadlines/index.js';
import { addCaseMember } from './index.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Clock {
  kind: string;
  state: string;
  dueOn: string | null;
  dueAt: string | null;
  overdue: boolean;
  extensions: number;
  seq: number;
}
interface Measure {
  id: string;
  kind: string;
  status: string;
  version: number;
  clocks: Clock[];
  liftReason: string | null;
}

describe.each(testDialects())('the measures ledger (措施台账) on $name', ({ name }) => {
  let env: TestEnv;
  const users: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    const rows = await env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
    for (const r of rows) users[r.username] = r.id;
  });
  afterAll(async () => env?.close());

  /** A filed zone case with office1 and zone1 on its team; its first subject. */
  async function zoneCase() {
    const made = await makeCase(env);
    await team(made.id, 'casemgr', ['office1', 'zone1']);
    await authoriseCase(env, made.id);
    return { id: made.id, subjectId: await subjectOf(made.id) };
  }

  async function team(caseId: string, as: string, who: string[]) {
    await inTransaction(await ctxAs(env, as), async (tx) => {
      for (const [i, u] of who.entries())
        await addCaseMember(
          tx,
          caseId,
          { userId: users[u]!, name: u, unitName: '测试单位' },
          i === 0 ? 'leader' : 'member',
        );
    });
  }

  async function subjectOf(caseId: string): Promise<string> {
    const s = await env
      .ctx()
      .db.selectFrom('case_subjects')
      .select('id')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    return s.id;
  }

  async function measures(caseId: string, as = 'casemgr'): Promise<Measure[]> {
    const res = await (await env.as(as)).get(`/api/cases/${caseId}/measures`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  }

  async function one(caseId: string, id: string): Promise<Measure> {
    return (await measures(caseId)).find((m) => m.id === id)!;
  }

  const now = () => new Date(env.clock.nowMs()).toISOString();
  const today = () => now().slice(0, 10);
  const DETENTION_APPROVAL = () => ({
    approvedOn: today(),
    number: '渑监留〔2026〕1号',
    collectiveOn: today(),
    collectiveMinutes: '委务会纪要〔2026〕12号',
    higherOrgan: '三门峡市监察委员会',
    higherNumber: '三监批〔2026〕5号',
    higherOn: today(),
  });

  async function started(caseId: string, body: Record<string, unknown>): Promise<string> {
    const casemgr = await env.as('casemgr');
    const res = await casemgr.post(`/api/cases/${caseId}/measures`, body);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const start = await casemgr.post(`/api/cases/${caseId}/measures/${id}/start`, {
      version: 1,
      startedAt: now(),
      noticeServedAt: now(),
      noticeServedTo: '被调查人本人',
      presentUserIds: [users.office1, users.zone1],
    });
    expect(start.statusCode, start.body).toBe(200);
    return id;
  }

  it('records 留置 only with the collective decision and the higher organ, with two present; opens its clocks', async () => {
    const c = await zoneCase();
    const casemgr = await env.as('casemgr');
    const base = { kind: 'detention', reason: '涉嫌贪污', caseSubjectId: c.subjectId };
    const noCollective = await casemgr.post(`/api/cases/${c.id}/measures`, {
      ...base,
      approval: { approvedOn: today() },
    });
    expect(noCollective.statusCode).toBe(400);
    expect(noCollective.json().error).toMatchObject({
      code: 'MEASURE_APPROVAL_MISSING',
      details: { missing: ['collectiveOn', 'collectiveMinutes'] },
    });
    const noHigher = await casemgr.post(`/api/cases/${c.id}/measures`, {
      ...base,
      approval: { approvedOn: today(), collectiveOn: today(), collectiveMinutes: '委务会纪要' },
    });
    expect(noHigher.json().error).toMatchObject({
      code: 'MEASURE_APPROVAL_MISSING',
      details: { missing: ['higherOrgan', 'higherNumber', 'higherOn'] },
    });
    expect(await measures(c.id)).toHaveLength(0);
    const ok = await casemgr.post(`/api/cases/${c.id}/measures`, { ...base, approval: DETENTION_APPROVAL() });
    expect(ok.statusCode, ok.body).toBe(201);
    const id = ok.json().id;
    const twice = await casemgr.post(`/api/cases/${c.id}/measures`, { ...base, approval: DETENTION_APPROVAL() });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('MEASURE_STEP');
    const startBody = { version: 1, startedAt: now(), noticeServedAt: now(), noticeServedTo: '被调查人本人' };
    const alone = await casemgr.post(`/api/cases/${c.id}/measures/${id}/start`, {
      ...startBody,
      presentUserIds: [users.office1],
    });
    expect(alone.statusCode).toBe(400);
    expect(alone.json().error.code).toBe('MEASURE_PRESENT_TOO_FEW');
    const outsider = await casemgr.post(`/api/cases/${c.id}/measures/${id}/start`, {
      ...startBody,
      presentUserIds: [users.office1, users.township2],
    });
    expect(outsider.json().error).toMatchObject({
      code: 'MEASURE_PRESENT_TOO_FEW',
      details: { notMembers: [users.township2] },
    });
    expect((await one(c.id, id)).status).toBe('approved');
    const start = await casemgr.post(`/api/cases/${c.id}/measures/${id}/start`, {
      ...startBody,
      presentUserIds: [users.office1, users.zone1],
    });
    expect(start.statusCode, start.body).toBe(200);
    expect(start.json().clocks).toEqual(['detention', 'detention_notice']);
    const m = await one(c.id, id);
    expect(m.status).toBe('running');
    const detention = m.clocks.find((k) => k.kind === 'detention')!;
    expect(detention.dueOn).toBe('2027-02-20');
    const notice = m.clocks.find((k) => k.kind === 'detention_notice')!;
    expect(notice.dueAt).toBe(new Date(env.clock.nowMs() + DAY).toISOString());
  });

  it('extends 留置 with the higher organ, then only with a provincial organ, restarts it once, and prints its documents', async () => {
    const c = await zoneCase();
    const id = await started(c.id, {
      kind: 'detention',
      reason: '涉嫌贪污',
      caseSubjectId: c.subjectId,
      approval: DETENTION_APPROVAL(),
    });
    const casemgr = await env.as('casemgr');
    const url = `/api/cases/${c.id}/measures/${id}`;
    const bare = await casemgr.post(`${url}/extension`, {
      version: 2,
      reason: '案情重大复杂',
      approverId: users.leader,
    });
    expect(bare.json().error.code).toBe('MEASURE_APPROVAL_MISSING');
    const city = { organ: '三门峡市监察委员会', number: '三监延〔2027〕1号', approvedOn: today() };
    const first = await casemgr.post(`${url}/extension`, {
      version: 2,
      reason: '案情重大复杂',
      approverId: users.leader,
      approval: city,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ dueOn: '2027-05-20', extensions: 1 });
    const cityAgain = await casemgr.post(`${url}/extension`, {
      version: 3,
      reason: '可能判处十年以上',
      approverId: users.leader,
      approval: city,
    });
    expect(cityAgain.statusCode).toBe(403);
    expect(cityAgain.json().error.code).toBe('MEASURE_APPROVER_INVALID');
    const second = await casemgr.post(`${url}/extension`, {
      version: 3,
      reason: '可能判处十年以上',
      approverId: users.leader,
      approval: { organ: '河南省监察委员会', number: '豫监延〔2027〕3号', approvedOn: today() },
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ dueOn: '2027-07-20', extensions: 2 });
    const restartBody = {
      reason: '发现另有受贿重大犯罪',
      approval: { organ: '河南省监察委员会', number: '豫监重〔2027〕1号', approvedOn: today() },
    };
    const restart = await casemgr.post(`${url}/restart`, { version: 4, ...restartBody });
    expect(restart.statusCode, restart.body).toBe(200);
    expect(restart.json().dueOn).toBe('2027-02-20');
    const again = await casemgr.post(`${url}/restart`, { version: 5, ...restartBody });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DEADLINE_RESTART_LIMIT');
    const clocks = (await one(c.id, id)).clocks.filter((k) => k.kind === 'detention');
    expect(clocks.map((k) => [k.seq, k.state])).toEqual(
      expect.arrayContaining([
        [1, 'restarted'],
        [2, 'running'],
      ]),
    );
    const pdf = await casemgr.get(`${url}/documents/detention_decision.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('留置决定书');
    expect(text).toContain('三门峡市监察委员会');
    expect(text).toContain('渑监留〔2026〕1号');
    const docx = await casemgr.get(`${url}/documents/detention_notice.docx`);
    expect(docx.statusCode).toBe(200);
    expect(await docxText(docx.rawPayload)).toContain('留置通知书');
    const wrong = await casemgr.get(`${url}/documents/standby_decision.pdf`);
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('MEASURE_STEP');
  });

  it('meets the 24-hour notice by recording it, or by the principal leader’s decision not to notify; overdue shows', async () => {
    const c = await zoneCase();
    const a = await started(c.id, {
      kind: 'detention',
      reason: '涉嫌受贿',
      caseSubjectId: c.subjectId,
      approval: DETENTION_APPROVAL(),
    });
    // A second case's 管护 carries the same 24-hour notice.
    const other = await zoneCase();
    const b = await started(other.id, {
      kind: 'custody',
      reason: '有逃跑风险',
      caseSubjectId: other.subjectId,
      approval: { approvedOn: today(), approverId: users.leader },
    });
    const casemgr = await env.as('casemgr');
    const neither = await casemgr.post(`/api/cases/${c.id}/measures/${a}/notice`, { version: 2 });
    expect(neither.json().error.code).toBe('VALIDATION_FAILED');
    const notified = await casemgr.post(`/api/cases/${c.id}/measures/${a}/notice`, {
      version: 2,
      notifiedAt: now(),
      unit: '坡头乡人民政府',
      family: '妻子王某',
    });
    expect(notified.statusCode, notified.body).toBe(200);
    expect((await one(c.id, a)).clocks.find((k) => k.kind === 'detention_notice')!.state).toBe('met');
    // A change request is answered within 3 days; one at a time.
    const req = { receivedAt: now(), applicant: '妻子王某', request: '申请变更为责令候查' };
    const asked = await casemgr.post(`/api/cases/${c.id}/measures/${a}/change-request`, { version: 3, ...req });
    expect(asked.statusCode, asked.body).toBe(200);
    const change = (await one(c.id, a)).clocks.find((k) => k.kind === 'detention_change_decision')!;
    expect(change).toMatchObject({ state: 'running', dueOn: '2026-11-23' });
    const pending = await casemgr.post(`/api/cases/${c.id}/measures/${a}/change-request`, { version: 4, ...req });
    expect(pending.json().error.code).toBe('MEASURE_STEP');
    const answered = await casemgr.post(`/api/cases/${c.id}/measures/${a}/change-decision`, {
      version: 4,
      granted: false,
      answer: '仍有串供可能，不予变更',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect((await one(c.id, a)).clocks.find((k) => k.kind === 'detention_change_decision')!.state).toBe('met');
    const byDeptHead = await casemgr.post(`/api/cases/${other.id}/measures/${b}/notice`, {
      version: 2,
      withheldReason: '通知可能导致串供',
      withheldApproverId: users.casemgr,
    });
    expect(byDeptHead.statusCode).toBe(403);
    expect(byDeptHead.json().error.code).toBe('MEASURE_APPROVER_INVALID');
    // 25 hours later the notice of b is overdue and shows in the ledger's overdue filter.
    env.clock.advance(25 * HOUR);
    const m = await one(other.id, b);
    expect(m.clocks.find((k) => k.kind === 'detention_notice')!.overdue).toBe(true);
    const ledger = async (q: string) =>
      ((await (await env.as('casemgr')).get(`/api/case-measures?${q}`)).json().items as { id: string }[]).map(
        (i) => i.id,
      );
    expect(await ledger(`state=overdue&caseId=${other.id}`)).toEqual([b]);
    expect(await ledger(`state=overdue&caseId=${c.id}`)).toEqual([]);
    expect(await ledger(`state=running&caseId=${c.id}`)).toEqual([a]);
    const withheld = await (
      await env.as('casemgr')
    ).post(`/api/cases/${other.id}/measures/${b}/notice`, {
      version: 2,
      withheldReason: '通知可能导致串供',
      withheldApproverId: users.leader,
    });
    expect(withheld.statusCode, withheld.body).toBe(200);
    expect((await one(other.id, b)).clocks.find((k) => k.kind === 'detention_notice')!.state).toBe('met');
  });

  it('refuses a measure without its named approver; the county sets the level of 按规定报批 measures', async () => {
    const c = await zoneCase();
    const casemgr = await env.as('casemgr');
    const post = (body: Record<string, unknown>) =>
      casemgr.post(`/api/cases/${c.id}/measures`, { reason: '需要', caseSubjectId: c.subjectId, ...body });
    const none = await post({ kind: 'compulsory_appearance', approval: { approvedOn: today() } });
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toMatchObject({ code: 'MEASURE_APPROVAL_MISSING', details: { missing: ['approverId'] } });
    const deptHead = await post({ kind: 'standby', approval: { approvedOn: today(), approverId: users.casemgr } });
    expect(deptHead.statusCode).toBe(403);
    expect(deptHead.json().error.code).toBe('MEASURE_APPROVER_INVALID');
    const township = await post({ kind: 'custody', approval: { approvedOn: today(), approverId: users.township1 } });
    expect(township.json().error.code).toBe('MEASURE_APPROVER_INVALID');
    const cityExitBan = await post({
      kind: 'exit_ban',
      approval: {
        approvedOn: today(),
        higherOrgan: '三门峡市监察委员会',
        higherNumber: '三监〔2026〕9号',
        higherOn: today(),
      },
    });
    expect(cityExitBan.json().error.code).toBe('MEASURE_APPROVER_INVALID');
    const provincial = await post({
      kind: 'exit_ban',
      approval: {
        approvedOn: today(),
        higherOrgan: '河南省监察委员会',
        higherNumber: '豫监〔2026〕9号',
        higherOn: today(),
      },
    });
    expect(provincial.statusCode, provincial.body).toBe(201);
    const principal = await post({ kind: 'standby', approval: { approvedOn: today(), approverId: users.leader } });
    expect(principal.statusCode, principal.body).toBe(201);
    // 查询: the department head suffices by default; the county may ask for the principal leader.
    const query = await post({ kind: 'inquiry', approval: { approvedOn: today(), approverId: users.casemgr } });
    expect(query.statusCode, query.body).toBe(201);
    const county = (
      await env.ctx().db.selectFrom('cases').select('county_code').where('id', '=', c.id).executeTakeFirstOrThrow()
    ).county_code!;
    const sysadmin = await env.as('sysadmin');
    const set = await sysadmin.put(`/api/case-measures/approver-levels/${county}`, { kind: 'inquiry', level: 3 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().items.find((i: { kind: string }) => i.kind === 'inquiry')).toMatchObject({
      level: 3,
      isDefault: false,
    });
    const lawNamed = await sysadmin.put(`/api/case-measures/approver-levels/${county}`, {
      kind: 'detention',
      level: 1,
    });
    expect(lawNamed.statusCode).toBe(400);
    const now3 = await post({ kind: 'inquiry', approval: { approvedOn: today(), approverId: users.casemgr } });
    expect(now3.statusCode).toBe(403);
    const unknown = await post({
      kind: 'inquiry',
      approval: { approvedOn: today(), approverId: users.leader },
      extra: 1,
    });
    expect(unknown.statusCode).toBe(400);
    // The standby decision prints the person's duties.
    const standby = principal.json().id;
    const doc = await casemgr.get(`/api/cases/${c.id}/measures/${standby}/documents/standby_decision.docx`);
    expect(doc.statusCode).toBe(200);
    const text = await docxText(doc.rawPayload);
    expect(text).toContain('责令候查决定书');
    expect(text).toContain('最长不得超过十二个月');
  });

  it("管护: transfer within 24 h, the decision's extension in time; 留置 converts it; a late extension is refused", async () => {
    const c = await zoneCase();
    const custody = await started(c.id, {
      kind: 'custody',
      reason: '有自杀风险',
      caseSubjectId: c.subjectId,
      approval: { approvedOn: today(), approverId: users.leader },
    });
    const casemgr = await env.as('casemgr');
    const url = `/api/cases/${c.id}/measures/${custody}`;
    expect((await casemgr.post(`${url}/transfer`, { version: 2, transferredAt: now() })).statusCode).toBe(200);
    env.clock.advance(2 * DAY);
    const ext = await (
      await env.as('casemgr')
    ).post(`${url}/extension`, {
      version: 3,
      reason: '特殊情况',
      amount: 3,
      approverId: users.leader,
    });
    expect(ext.statusCode, ext.body).toBe(200);
    expect(ext.json().extensions).toBe(1);
    const pdf = await (await env.as('casemgr')).get(`${url}/documents/custody_decision.pdf`);
    expect(pdfText(pdf.rawPayload)).toContain('管护决定书');
    const detention = await started(c.id, {
      kind: 'detention',
      reason: '涉嫌贪污',
      caseSubjectId: c.subjectId,
      approval: DETENTION_APPROVAL(),
    });
    const converted = await one(c.id, custody);
    expect(converted.status).toBe('lifted');
    expect(converted.liftReason).toBe('转为留置');
    expect(converted.clocks.every((k) => k.state !== 'running')).toBe(true);
    // A freeze of 6 months: asked for a day after it lapsed, its renewal is refused.
    const freeze = await started(c.id, {
      kind: 'freeze',
      reason: '冻结涉案存款',
      caseSubjectId: c.subjectId,
      approval: { approvedOn: today(), approverId: users.leader },
    });
    const lift = await (
      await env.as('casemgr')
    ).post(`/api/cases/${c.id}/measures/${detention}/lift`, {
      version: 2,
      liftedAt: now(),
      reason: '变更为责令候查',
    });
    expect(lift.statusCode, lift.body).toBe(200);
    expect((await one(c.id, detention)).clocks.every((k) => k.state !== 'running')).toBe(true);
    env.clock.advance(200 * DAY);
    const late = await (
      await env.as('casemgr')
    ).post(`/api/cases/${c.id}/measures/${freeze}/extension`, {
      version: 2,
      reason: '继续冻结',
      approverId: users.leader,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('MEASURE_EXTENSION_LATE');
  });

  it('shows 案管 every measure in the county and a township secretary only their own; filings are cross-checked', async () => {
    const zone = await zoneCase();
    const z = await started(zone.id, {
      kind: 'search',
      reason: '搜查住所',
      caseSubjectId: zone.subjectId,
      approval: { approvedOn: today(), approverId: users.leader },
    });
    const own = await makeCase(env, {
      drafter: 'township1',
      filing: { handling: { mode: 'self', reason: 'simple' } },
    });
    await team(own.id, 'township1', ['township1', 'tstaff1']);
    const t1 = await env.as('township1');
    const rec = await t1.post(`/api/cases/${own.id}/measures`, {
      kind: 'compulsory_appearance',
      reason: '拒不到案',
      caseSubjectId: await subjectOf(own.id),
      custodyNeeded: true,
      approval: { approvedOn: today(), approverId: users.township1 },
    });
    expect(rec.statusCode, rec.body).toBe(201);
    const start = await t1.post(`/api/cases/${own.id}/measures/${rec.json().id}/start`, {
      version: 1,
      startedAt: now(),
      noticeServedAt: now(),
      noticeServedTo: '本人',
      presentUserIds: [users.township1, users.tstaff1],
    });
    expect(start.json().clocks).toEqual(['compulsory_appearance_custody']);
    const ids = async (who: string) =>
      ((await (await env.as(who)).get('/api/case-measures?pageSize=200')).json().items as { id: string }[]).map(
        (i) => i.id,
      );
    const all = await ids('casemgr');
    expect(all).toEqual(expect.arrayContaining([z, rec.json().id]));
    const mine = await ids('township1');
    expect(mine).toContain(rec.json().id);
    expect(mine).not.toContain(z);
    expect(await ids('township2')).not.toContain(rec.json().id);
    expect((await (await env.as('township2')).get(`/api/cases/${own.id}/measures`)).statusCode).toBe(404);
    const byKind = (await (await env.as('casemgr')).get('/api/case-measures?kind=search&pageSize=200')).json();
    expect(byKind.items.every((i: { kind: string }) => i.kind === 'search')).toBe(true);

    // The township files its ledger; 案管 cross-checks it and finds the measure recorded since.
    const unit = (
      await env
        .ctx()
        .db.selectFrom('cases')
        .select('handling_unit_id')
        .where('id', '=', own.id)
        .executeTakeFirstOrThrow()
    ).handling_unit_id;
    const filed = await t1.post('/api/case-measures/filings', {
      unitId: unit,
      periodFrom: '2026-01-01',
      periodTo: today(),
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().measureCount).toBe(1);
    const late = await t1.post(`/api/cases/${own.id}/measures`, {
      kind: 'obtain',
      reason: '调取账目',
      caseSubjectId: await subjectOf(own.id),
      approval: { approvedOn: today(), approverId: users.township1 },
    });
    expect(late.statusCode).toBe(201);
    expect(
      (await t1.post(`/api/case-measures/filings/${filed.json().id}/acknowledgement`, { version: 1 })).statusCode,
    ).toBe(403);
    const casemgr = await env.as('casemgr');
    const ack = await casemgr.post(`/api/case-measures/filings/${filed.json().id}/acknowledgement`, { version: 1 });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().missing).toEqual([late.json().id]);
    const twice = await casemgr.post(`/api/case-measures/filings/${filed.json().id}/acknowledgement`, { version: 2 });
    expect(twice.json().error.code).toBe('MEASURE_STEP');
    const listed = (await t1.get('/api/case-measures/filings')).json();
    expect(listed.items[0]).toMatchObject({ id: filed.json().id, acknowledgedByName: expect.any(String) });
    expect((await (await env.as('township2')).get('/api/case-measures/filings')).json().items).toHaveLength(0);
  });

  it("extends the state-side period with the higher organ's document; the party-side one only where the county set it", async () => {
    const c = await zoneCase();
    const casemgr = await env.as('casemgr');
    const version = async () =>
      (await env.ctx().db.selectFrom('cases').select('version').where('id', '=', c.id).executeTakeFirstOrThrow())
        .version;
    const url = `/api/cases/${c.id}/measures/periods`;
    const bare = await casemgr.post(`${url}/extension`, {
      version: await version(),
      kind: 'investigation',
      reason: '重大复杂',
      approverId: users.leader,
    });
    expect(bare.json().error.code).toBe('MEASURE_APPROVAL_MISSING');
    const ok = await casemgr.post(`${url}/extension`, {
      version: await version(),
      kind: 'investigation',
      reason: '重大复杂',
      approverId: users.leader,
      approval: { organ: '三门峡市监察委员会', number: '三监延〔2026〕2号', approvedOn: today() },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const unset = await casemgr.post(`${url}/party`, { version: await version() });
    expect(unset.statusCode).toBe(409);
    expect(unset.json().error.code).toBe('MEASURE_PERIOD_UNSET');
    const county = (
      await env.ctx().db.selectFrom('cases').select('county_code').where('id', '=', c.id).executeTakeFirstOrThrow()
    ).county_code!;
    await setTimerOverride(await ctxAs(env, 'sysadmin'), 'party_investigation', county, {
      amount: 90,
      unit: 'calendar_days',
      extensions: [],
      note: null,
      reason: '本省实施细则（测试）',
    });
    const opened = await casemgr.post(`${url}/party`, { version: await version() });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().dueOn).toBeTruthy();
  });
  it('moves the running clocks of its measures and seized property with the case on a change of mode', async () => {
    const c = await zoneCase();
    const casemgr = await env.as('casemgr');
    const m = await started(c.id, {
      kind: 'detention',
      reason: '涉嫌贪污',
      caseSubjectId: c.subjectId,
      approval: DETENTION_APPROVAL(),
    });
    const cash = await casemgr.post(`/api/cases/${c.id}/property`, {
      number: '扣押-移交',
      kind: 'cash',
      description: '人民币现金',
      quantity: '1000元',
      valueFen: 100_000,
      holder: '测试对象',
      seizedAt: now(),
      place: '测试对象住所',
    });
    expect(cash.statusCode, cash.body).toBe(201);
    const owners = async () =>
      env
        .ctx()
        .db.selectFrom('deadlines')
        .select(['resource_type', 'owner_unit_id', 'met_at'])
        .where('resource_id', 'in', [m, cash.json().id as string])
        .execute();
    const row = await env
      .ctx()
      .db.selectFrom('cases')
      .select(['version', 'owner_unit_id'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    const before = await owners();
    expect(new Set(before.map((r) => r.resource_type))).toEqual(new Set(['case_measure', 'case_property']));
    for (const r of before) expect(r.owner_unit_id).toBe(row.owner_unit_id);

    const change = await casemgr.post(`/api/cases/${c.id}/mode-changes`, {
      version: row.version,
      mode: 'escalated',
      reason: 'major_case',
    });
    expect(change.statusCode, change.body).toBe(201);
    await decideAll(env, change.json().approvalId as string);
    const moved = await env
      .ctx()
      .db.selectFrom('cases')
      .select('owner_unit_id')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(moved.owner_unit_id).not.toBe(row.owner_unit_id);
    // Every running clock follows the case (met ones stay with the unit that met them).
    for (const r of await owners())
      expect(r.owner_unit_id).toBe(r.met_at === null ? moved.owner_unit_id : row.owner_unit_id);
    expect((await owners()).filter((r) => r.met_at === null).length).toBeGreaterThan(1);
  });
});
