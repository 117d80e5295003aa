import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import { decideAll, makeCase } from '../../test/case-factories.js';
import { ctxAs, unitOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { addCaseMember, setCaseState, zoneAuthorised } from './index.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

describe.each(testDialects())('the zone’s rules on a case on $name', ({ name }) => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  const db = () => env.ctx().db;
  const caseRow = (id: string) => db().selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const trail = async (id: string) =>
    (await db().selectFrom('case_events').select('action').where('case_id', '=', id).execute()).map((e) => e.action);

  /** Puts demo accounts on a case's team (leader first). */
  async function team(caseId: string, usernames: string[]) {
    for (const [i, username] of usernames.entries()) {
      const u = await db()
        .selectFrom('users as u')
        .innerJoin('units as n', 'n.id', 'u.unit_id')
        .select(['u.id', 'u.display_name', 'n.name'])
        .where('u.username', '=', username)
        .executeTakeFirstOrThrow();
      await inTransaction(await ctxAs(env, 'zone1'), (tx) =>
        addCaseMember(
          tx,
          caseId,
          { userId: u.id, name: u.display_name, unitName: u.name },
          i === 0 ? 'leader' : 'member',
        ),
      );
    }
  }

  async function authorised(caseId: string): Promise<boolean> {
    const ctx = await ctxAs(env, 'zone1');
    return inTransaction(ctx, (tx) => zoneAuthorised(tx, caseId));
  }

  it('lets the zone’s commander authorise a zone case and its team, with the 授权书 read back in PDF and DOCX', async () => {
    const made = await makeCase(env);
    expect(await authorised(made.id)).toBe(false);
    const zone1 = await env.as('zone1');
    const url = `/api/cases/${made.id}/authorization`;
    const body = async () => ({
      version: (await caseRow(made.id)).version,
      scope: '对被审查调查人开展谈话、调取有关村集体资金账目',
      authorizedOn: '2026-11-20',
    });
    // No team yet: refused, nothing written.
    const early = await zone1.post(url, await body());
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'CASE_AUTHORIZATION_TEAM', details: { size: 0 } });
    await team(made.id, ['office1', 'zone1']);
    // Not the commander: 案管 lacks case.assign; an investigator of the zone too; the subject's township sees the line only.
    expect((await (await env.as('casemgr')).post(url, await body())).json().error.code).toBe('FORBIDDEN');
    expect((await (await env.as('office1')).post(url, await body())).json().error.code).toBe('FORBIDDEN');
    expect((await (await env.as('township1')).post(url, await body())).json().error.code).toBe('NEED_TO_KNOW');
    const future = await zone1.post(url, { ...(await body()), authorizedOn: '2026-12-31' });
    expect(future.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'authorizedOn' } });
    expect(await authorised(made.id)).toBe(false);
    const stale = await zone1.post(url, { ...(await body()), version: 1 });
    expect(stale.json().error.code).toBe('CONFLICT');

    const ok = await zone1.post(url, await body());
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await authorised(made.id)).toBe(true);
    const view = (await (await env.as('casemgr')).get(url)).json();
    expect(view).toMatchObject({ required: true, authorized: true });
    expect(view.current.team.map((m: { name: string }) => m.name)).toEqual(['第一纪检监察室干部', '第一协作区组长']);
    expect(view.current).toMatchObject({ authorizerName: '第一协作区组长', authorizerRole: '协作区负责人' });
    expect(await trail(made.id)).toContain('authorized');

    const number = (await caseRow(made.id)).number!;
    const pdf = await zone1.get(`/api/cases/${made.id}/zone-documents/case_authorization.pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    for (const s of [
      '授权书',
      '第一纪检监察室干部',
      '第一协作区组长',
      '调取有关村集体资金账目',
      number,
      '2026年11月20日',
    ])
      expect(text).toContain(s);
    const docx = await zone1.get(`/api/cases/${made.id}/zone-documents/case_authorization.docx`);
    expect(docx.statusCode).toBe(200);
    const xml = await docxText(docx.rawPayload);
    for (const s of ['授权书', '第一纪检监察室干部', '调取有关村集体资金账目', number]) expect(xml).toContain(s);

    // A second authorisation (the team changed) supersedes the first.
    const again = await zone1.post(url, { ...(await body()), scope: '扩大授权范围：询问有关证人' });
    expect(again.statusCode, again.body).toBe(201);
    const after = (await zone1.get(url)).json();
    expect(after.history).toHaveLength(2);
    expect(after.history[1].supersededAt).not.toBeNull();
    expect(after.current.scope).toBe('扩大授权范围：询问有关证人');

    // Escalated by approval: the zone's authorisation ends with it (no current one, none needed).
    const casemgr = await env.as('casemgr');
    const change = await casemgr.post(`/api/cases/${made.id}/mode-changes`, {
      version: (await caseRow(made.id)).version,
      mode: 'escalated',
      reason: 'major_case',
    });
    expect(change.statusCode, change.body).toBe(201);
    await decideAll(env, change.json().approvalId);
    const ended = (await casemgr.get(url)).json();
    expect(ended).toMatchObject({ required: false, authorized: true, current: null });
    expect(ended.history.every((h: { supersededAt: string | null }) => h.supersededAt !== null)).toBe(true);
  });

  it('takes the zone’s own roles as the commander: a county-wide assigner is refused until they are its 指挥长', async () => {
    const made = await makeCase(env);
    await team(made.id, ['office1', 'zone1']);
    const row = await caseRow(made.id);
    const template = await db()
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'casemgr')
      .executeTakeFirstOrThrow();
    const role = await db()
      .selectFrom('roles')
      .select('id')
      .where('key', '=', 'township_secretary')
      .executeTakeFirstOrThrow();
    const userId = newId();
    const username = `cmdr_${userId.slice(-8)}`;
    await db()
      .insertInto('users')
      .values({ ...template, id: userId, username, display_name: '县纪委副书记', staff_id: null })
      .execute();
    await db()
      .insertInto('role_assignments')
      .values({
        id: newId(),
        user_id: userId,
        role_id: role.id,
        scope_type: 'unit_subtree',
        scope_unit_id: await unitOf(env, 'leader'),
        scope_zone_id: null,
        created_by: null,
        created_at: template.created_at,
      })
      .execute();
    const client = await env.as(username);
    const url = `/api/cases/${made.id}/authorization`;
    const body = { version: row.version, scope: '开展审查调查', authorizedOn: '2026-11-20' };
    const refused = await client.post(url, body);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'CASE_NOT_COMMANDER', details: { zoneId: row.zone_id } });
    // Made the zone's 指挥长 in its roles (through their staff record): now they may.
    const commander = await db()
      .selectFrom('zone_roles')
      .select('staff_id')
      .where('zone_id', '=', row.zone_id!)
      .where('role', '=', 'commander')
      .executeTakeFirst();
    const staffId = commander?.staff_id ?? (await db().selectFrom('staff').select('id').executeTakeFirstOrThrow()).id;
    if (!commander)
      await db()
        .insertInto('zone_roles')
        .values({
          id: newId(),
          zone_id: row.zone_id!,
          staff_id: staffId,
          role: 'commander',
          effective_from: '2026-01-01',
          effective_to: null,
          created_at: template.created_at,
        })
        .execute();
    await db().updateTable('users').set({ staff_id: staffId }).where('id', '=', userId).execute();
    const ok = await client.post(url, body);
    expect(ok.statusCode, ok.body).toBe(201);
    const view = (await client.get(url)).json();
    expect(view.current).toMatchObject({ authorizerName: '县纪委副书记', authorizerRole: '协作区指挥长' });
  });

  it('needs no authorisation outside a zone and refuses one there; a designated case gets its 指定管辖决定书', async () => {
    const escalated = await makeCase(env, { filing: { handling: { mode: 'escalated', reason: 'major_case' } } });
    expect(await authorised(escalated.id)).toBe(true);
    const zone1 = await env.as('zone1');
    const refused = await zone1.post(`/api/cases/${escalated.id}/authorization`, {
      version: (await caseRow(escalated.id)).version,
      scope: '开展审查调查',
      authorizedOn: '2026-11-20',
    });
    expect(refused.json().error).toMatchObject({ code: 'CASE_MODE_MISMATCH', details: { needs: 'zone' } });
    const noDoc = await zone1.get(`/api/cases/${escalated.id}/zone-documents/designation_decision.pdf`);
    expect(noDoc.json().error.code).toBe('CASE_MODE_MISMATCH');

    const designated = await makeCase(env, {
      filing: {
        handling: {
          mode: 'designated',
          reason: 'township_leader',
          handlingUnitId: await unitOf(env, 'township2'),
          coOrgan: '三门峡市纪委监委',
        },
      },
    });
    const casemgr = await env.as('casemgr');
    const pdf = await casemgr.get(`/api/cases/${designated.id}/zone-documents/designation_decision.pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    const text = pdfText(pdf.rawPayload);
    const t2 = await db()
      .selectFrom('units')
      .select('name')
      .where('id', '=', await unitOf(env, 'township2'))
      .executeTakeFirstOrThrow();
    for (const s of ['指定管辖决定书', '三门峡市纪委监委', t2.name, designated.number!, '涉及乡镇党政主要负责人'])
      expect(text).toContain(s);
    const docx = await casemgr.get(`/api/cases/${designated.id}/zone-documents/designation_decision.docx`);
    expect(await docxText(docx.rawPayload)).toContain('指定管辖决定书');
  });

  it('records briefings to the commander from the team or the commander, each a trail step; others are refused', async () => {
    const made = await makeCase(env);
    await team(made.id, ['office1', 'tstaff1']);
    const url = `/api/cases/${made.id}/briefings`;
    const briefing = {
      briefedOn: '2026-11-20',
      briefedBy: '第一纪检监察室干部',
      receivedBy: '第一协作区指挥长',
      content: '已调取村集体资金账目，发现3万元支出无民主程序记录',
      instructions: '抓紧询问村会计，注意保密',
    };
    expect((await (await env.as('office1')).post(url, briefing)).statusCode).toBe(201);
    expect((await (await env.as('zone1')).post(url, { ...briefing, instructions: null })).statusCode).toBe(201);
    // 案管 reads the case but is neither on the team nor the commander.
    const casemgr = await env.as('casemgr');
    const refused = await casemgr.post(url, briefing);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CASE_ZONE_ROLE');
    const future = await (await env.as('office1')).post(url, { ...briefing, briefedOn: '2027-01-01' });
    expect(future.statusCode).toBe(400);
    const listed = (await casemgr.get(url)).json().items;
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({ briefedBy: '第一纪检监察室干部', instructions: '抓紧询问村会计，注意保密' });
    expect((await trail(made.id)).filter((a) => a === 'briefed')).toHaveLength(2);
    expect((await (await env.as('township2')).get(url)).statusCode).toBe(404);
  });

  it('writes the closing analysis and its 以案促改 recommendations, version-checked, in the states that allow them', async () => {
    const made = await makeCase(env);
    const office1 = await env.as('office1');
    const url = `/api/cases/${made.id}/analysis`;
    const analysis = {
      version: 0,
      causes: '村级财务审批流于形式',
      lessons: '民主理财小组未发挥作用',
      weaknesses: '村集体资金支出缺少公开和监督',
    };
    // Just filed: too early for the closing analysis.
    const early = await office1.put(url, analysis);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('CASE_TRANSITION');
    const row = await caseRow(made.id);
    await inTransaction(await ctxAs(env, 'zone1'), (tx) => setCaseState(tx, made.id, row.version, 'investigating'));
    const recUrl = `/api/cases/${made.id}/recommendations`;
    const rec = {
      measure: '建立村级重大支出事前公示制度',
      unitName: '张村村委会',
      ownerName: '李主任',
      dueOn: '2027-01-31',
    };
    const noAnalysis = await office1.post(recUrl, rec);
    expect(noAnalysis.json().error.code).toBe('CASE_ANALYSIS_MISSING');

    expect((await office1.put(url, analysis)).json()).toEqual({ version: 1 });
    const stale = await office1.put(url, { ...analysis, causes: '另一种说法' });
    expect(stale.json().error.code).toBe('CONFLICT');
    expect(
      (await office1.put(url, { ...analysis, version: 1, causes: '村级财务审批流于形式，会计兼任出纳' })).json(),
    ).toEqual({
      version: 2,
    });
    const noUnit = await office1.post(recUrl, { ...rec, unitName: null });
    expect(noUnit.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'unitName' } });
    const added = await office1.post(recUrl, rec);
    expect(added.statusCode, added.body).toBe(201);
    const byUnit = await office1.post(recUrl, { ...rec, unitName: null, unitId: await unitOf(env, 'township1') });
    expect(byUnit.statusCode, byUnit.body).toBe(201);

    let view = (await office1.get(url)).json();
    expect(view.analysis).toMatchObject({ causes: '村级财务审批流于形式，会计兼任出纳', version: 2 });
    expect(view.recommendations).toHaveLength(2);
    expect(view.recommendations[0]).toMatchObject({
      unitName: '张村村委会',
      ownerName: '李主任',
      status: 'open',
      overdue: false,
    });
    const recId = added.json().id as string;
    const done = await office1.put(`${recUrl}/${recId}`, { version: 1, status: 'done', doneNote: '已印发制度' });
    expect(done.json()).toEqual({ version: 2 });
    const twice = await office1.put(`${recUrl}/${recId}`, { version: 1, status: 'done' });
    expect(twice.json().error.code).toBe('CONFLICT');
    const other = await office1.put(`${recUrl}/00000000-0000-4000-8000-000000000000`, { version: 1, status: 'done' });
    expect(other.statusCode).toBe(404);
    view = (await office1.get(url)).json();
    expect(view.recommendations[0]).toMatchObject({ status: 'done', doneOn: '2026-11-20', doneNote: '已印发制度' });
    expect(await trail(made.id)).toEqual(
      expect.arrayContaining(['analysis_saved', 'recommendation_added', 'recommendation_updated']),
    );
    // Across cases: the open ones of the cases the reader sees in full; none for a township outside.
    const open = (await (await env.as('casemgr')).get('/api/cases/recommendations?status=open&pageSize=200')).json();
    const mine = open.items.filter((i: { caseId: string }) => i.caseId === made.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ ownerName: '李主任', status: 'open', caseNumber: made.number });
    const t2 = (await (await env.as('township2')).get('/api/cases/recommendations?pageSize=200')).json();
    expect(t2.items.some((i: { caseId: string }) => i.caseId === made.id)).toBe(false);
    // 我负责的: the owner is named in words; the reader's display name picks theirs out.
    const officeName = (
      await db().selectFrom('users').select('display_name').where('username', '=', 'office1').executeTakeFirstOrThrow()
    ).display_name;
    const owned = await office1.post(recUrl, { ...rec, ownerName: officeName });
    expect(owned.statusCode, owned.body).toBe(201);
    const mineOf = async (username: string) =>
      (await (await env.as(username)).get('/api/cases/recommendations?mine=true&pageSize=200'))
        .json()
        .items.filter((i: { caseId: string }) => i.caseId === made.id)
        .map((i: { id: string }) => i.id);
    expect(await mineOf('office1')).toEqual([owned.json().id]);
    expect(await mineOf('casemgr')).toEqual([]);
    const all = (await office1.get('/api/cases/recommendations?mine=false&pageSize=200')).json();
    expect(all.items.filter((i: { caseId: string }) => i.caseId === made.id)).toHaveLength(3);
    const bad = await office1.get('/api/cases/recommendations?mine=perhaps');
    expect(bad.statusCode).toBe(400);
  });

  it('puts a 以案促改 measure to a unit of the organisation into the rectification ledger, worked from the case', async () => {
    const made = await makeCase(env);
    const office1 = await env.as('office1');
    const row = await caseRow(made.id);
    await inTransaction(await ctxAs(env, 'zone1'), (tx) => setCaseState(tx, made.id, row.version, 'investigating'));
    await office1.put(`/api/cases/${made.id}/analysis`, {
      version: 0,
      causes: '村级财务审批流于形式',
      lessons: '民主理财小组未发挥作用',
      weaknesses: '村集体资金支出缺少公开和监督',
    });
    const recUrl = `/api/cases/${made.id}/recommendations`;
    const village = await unitOf(env, 'vcadre1');
    const added = await office1.post(recUrl, {
      measure: '建立村级重大支出事前公示制度',
      unitId: village,
      ownerName: '李主任',
      dueOn: '2027-01-31',
    });
    expect(added.statusCode, added.body).toBe(201);
    const recId = added.json().id as string;
    // One addressed to the case's own unit stays a plain record: its acceptance could not come from another unit.
    const own = await office1.post(recUrl, {
      measure: '办案单位自身完善审核流程',
      unitId: row.owner_unit_id,
      ownerName: '王主任',
      dueOn: '2027-01-31',
    });
    expect(own.statusCode, own.body).toBe(201);

    const items = await db()
      .selectFrom('rectification_items')
      .selectAll()
      .where('source_kind', '=', 'case_reform')
      .where('source_id', 'in', [recId, own.json().id])
      .execute();
    expect(items).toHaveLength(1);
    const item = items[0]!;
    expect(item).toMatchObject({
      source_id: recId,
      problem: '建立村级重大支出事前公示制度',
      owner_unit_id: village,
      issuer_unit_id: row.owner_unit_id,
      responsible_person: '李主任',
      due_on: '2027-01-31',
      status: 'open',
    });
    expect(item.source_document).toContain('一案一剖析');
    const view = (await office1.get(`/api/cases/${made.id}/analysis`)).json();
    expect(view.recommendations.map((r: { rectificationItemId: string | null }) => r.rectificationItemId)).toEqual([
      item.id,
      null,
    ]);

    // The village committee sees it in its ledger, but works it on the case's side only.
    const vcadre = await env.as('vcadre1');
    expect((await vcadre.get(`/api/rectification-items/${item.id}`)).statusCode).toBe(200);
    const start = await vcadre.post(`/api/rectification-items/${item.id}/start`, { version: 1 });
    expect(start.statusCode).toBe(409);
    expect(start.json().error).toMatchObject({
      code: 'RECTIFICATION_WORKED_AT_SOURCE',
      details: { action: 'start', source: 'case_reform', sourceId: recId },
    });
    const status = async () =>
      (
        await db()
          .selectFrom('rectification_items')
          .select('status')
          .where('id', '=', item.id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status()).toBe('open');

    // Done on the case closes the item in the same step; opened again, it is back in progress.
    expect(
      (await office1.put(`${recUrl}/${recId}`, { version: 1, status: 'done', doneNote: '已印发制度' })).json(),
    ).toEqual({ version: 2 });
    expect(await status()).toBe('closed');
    expect((await office1.put(`${recUrl}/${recId}`, { version: 2, status: 'open' })).statusCode).toBe(200);
    expect(await status()).toBe('in_progress');
    const events = await db()
      .selectFrom('rectification_events')
      .select(['kind', 'note'])
      .where('item_id', '=', item.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['created', 'accepted', 'reopened']);
    expect(events[1]!.note).toBe('已印发制度');
    const audit = await db().selectFrom('audit_events').select('action').where('resource_id', '=', item.id).execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['rectification.item_open', 'rectification.item_source_step']),
    );
  });
  it('keeps a flagged case’s report schedule: reports advance it, an overdue one shows on the case and the workbench', async () => {
    const made = await makeCase(env, {
      filing: { handling: { mode: 'flagged', reason: 'superior_assigned', coOrgan: '三门峡市纪委监委' } },
    });
    let casemgr = await env.as('casemgr');
    const reportUrl = `/api/cases/${made.id}/flag-reports`;
    const noSchedule = await casemgr.post(reportUrl, { reportedOn: '2026-11-20', content: '进展' });
    expect(noSchedule.json().error.code).toBe('CASE_FLAG_NO_SCHEDULE');
    const set = await casemgr.put(`/api/cases/${made.id}/flag-schedule`, {
      version: (await caseRow(made.id)).version,
      every: 2,
      unit: 'week',
      nextDueOn: '2026-11-25',
    });
    expect(set.statusCode, set.body).toBe(200);
    const sent = await casemgr.post(reportUrl, { reportedOn: '2026-11-20', content: '已完成初步谈话' });
    expect(sent.json()).toMatchObject({ nextDueOn: '2026-12-09' });
    let flag = (await casemgr.get(`/api/cases/${made.id}/flag`)).json();
    expect(flag).toMatchObject({ flagged: true, supervisingOrgan: '三门峡市纪委监委' });
    expect(flag.schedule).toMatchObject({ every: 2, unit: 'week', nextDueOn: '2026-12-09', overdue: false });
    expect(flag.reports[0]).toMatchObject({ dueOn: '2026-11-25', late: false });

    // Three weeks on, nothing reported: overdue on the case and on the workbench.
    env.clock.advance(25 * 86_400_000);
    // The morning sessions have lapsed by then: sign in again.
    const later = await env.as('casemgr');
    flag = (await later.get(`/api/cases/${made.id}/flag`)).json();
    expect(flag.schedule.overdue).toBe(true);
    const cards = (await later.get('/api/workbench')).json().cards as {
      key: string;
      items: { id: string; dueOn: string; overdue: boolean }[];
    }[];
    const card = cards.find((c) => c.key === 'cases.flag_reports_overdue');
    expect(card?.items.find((i) => i.id === made.id)).toMatchObject({ dueOn: '2026-12-09', overdue: true });
    // Out of scope: not on that person's card.
    const t2cards = (await (await env.as('township2')).get('/api/workbench')).json().cards as { key: string }[];
    expect(t2cards.some((c) => c.key === 'cases.flag_reports_overdue')).toBe(false);
    // A late report moves it past today.
    const late = await later.post(reportUrl, { reportedOn: '2026-12-15', content: '补报进展' });
    expect(late.json()).toMatchObject({ nextDueOn: '2026-12-23' });
    flag = (await later.get(`/api/cases/${made.id}/flag`)).json();
    expect(flag.schedule.overdue).toBe(false);
    expect(flag.reports[0]).toMatchObject({ dueOn: '2026-12-09', late: true });
    env.clock.advance(-25 * 86_400_000);

    // Not a flagged case: refused.
    casemgr = await env.as('casemgr');
    const zoneCase = await makeCase(env);
    const wrong = await casemgr.put(`/api/cases/${zoneCase.id}/flag-schedule`, {
      version: (await caseRow(zoneCase.id)).version,
      every: 7,
      unit: 'day',
      nextDueOn: '2026-11-27',
    });
    expect(wrong.json().error).toMatchObject({ code: 'CASE_MODE_MISMATCH', details: { needs: 'flagged' } });
    // A zone case changed to flagged by approval gets its schedule afterwards.
    const change = await casemgr.post(`/api/cases/${zoneCase.id}/mode-changes`, {
      version: (await caseRow(zoneCase.id)).version,
      mode: 'flagged',
      reason: 'public_reaction',
      coOrgan: '三门峡市纪委监委',
    });
    expect(change.statusCode, change.body).toBe(201);
    await decideAll(env, change.json().approvalId);
    expect((await caseRow(zoneCase.id)).mode).toBe('flagged');
  });

  it('shows the owner of open 以案促改 recommendations a workbench card: the count the page’s 我负责的 lists, the overdue first', async () => {
    const made = await makeCase(env);
    await team(made.id, ['office1', 'zone1']);
    const row = await caseRow(made.id);
    await inTransaction(await ctxAs(env, 'zone1'), (tx) => setCaseState(tx, made.id, row.version, 'investigating'));
    let office1 = await env.as('office1');
    const analysis = { version: 0, causes: '财务制度缺失', lessons: '加强监督', weaknesses: '支出不公开' };
    expect((await office1.put(`/api/cases/${made.id}/analysis`, analysis)).statusCode).toBe(200);
    const officeName = (
      await db().selectFrom('users').select('display_name').where('username', '=', 'office1').executeTakeFirstOrThrow()
    ).display_name;
    const recUrl = `/api/cases/${made.id}/recommendations`;
    const add = async (measure: string, dueOn: string, ownerName = officeName) => {
      const res = await office1.post(recUrl, { measure, unitName: '张村村委会', ownerName, dueOn });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const soon = await add('建立村级重大支出事前公示制度', '2026-11-25');
    const later = await add('开展村干部警示教育', '2027-01-31');
    const done = await add('整改会计兼任出纳', '2026-11-24');
    await add('完善村务监督委员会职责', '2026-11-23', '李主任');
    expect(
      (await office1.put(`${recUrl}/${done}`, { version: 1, status: 'done', doneNote: '已分设' })).statusCode,
    ).toBe(200);

    // Ten days on the first is overdue: the card leads, in red, with the page's own numbers.
    env.clock.advance(10 * 86_400_000);
    try {
      office1 = await env.as('office1');
      type Card = {
        key: string;
        count: number;
        href: string;
        severity: string;
        message: string | null;
        items: { id: string; dueOn: string; overdue: boolean; href: string }[];
      };
      const cardOf = async (username: string) =>
        ((await (await env.as(username)).get('/api/workbench')).json().cards as Card[]).find(
          (c) => c.key === 'cases.recommendations_mine',
        );
      const card = await cardOf('office1');
      const listed = (await office1.get('/api/cases/recommendations?mine=true&status=open&pageSize=200')).json();
      const overdue = (await office1.get('/api/cases/recommendations?mine=true&overdue=true&pageSize=200')).json();
      expect(card).toMatchObject({ count: listed.total, href: '/case-recommendations?mine=1', severity: 'danger' });
      expect(overdue.total).toBeGreaterThan(0);
      expect(card?.message).toBe(`其中${overdue.total}项已超过落实期限`);
      const ours = card?.items.filter((i) => [soon, later, done].includes(i.id)) ?? [];
      expect(ours).toEqual([
        {
          id: soon,
          title: '建立村级重大支出事前公示制度',
          subtitle: `${made.number} · 张村村委会`,
          at: null,
          dueOn: '2026-11-25',
          overdue: true,
          href: `/cases/${made.id}?tab=zone`,
        },
        {
          id: later,
          title: '开展村干部警示教育',
          subtitle: `${made.number} · 张村村委会`,
          at: null,
          dueOn: '2027-01-31',
          overdue: false,
          href: `/cases/${made.id}?tab=zone`,
        },
      ]);
      // Someone else's (李主任's) is not on it; a reader who owns none has no card; nor a township outside.
      expect((await cardOf('zone1'))?.items.some((i) => i.dueOn === '2026-11-23') ?? false).toBe(false);
      expect(await cardOf('township2')).toBeUndefined();
    } finally {
      env.clock.advance(-10 * 86_400_000);
    }
  });
});
