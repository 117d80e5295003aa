import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { ctxAs, makeClue, makeReport, villageInTownship, villageOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { readXlsx } from '../../test/xlsx.js';
import { registerClue, setClueState } from '../clues/index.js';

/** The text of a DOCX's body. */
async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

describe.each(testDialects())('clue assignment on $name', ({ name }) => {
  let env: TestEnv;
  const clients = new Map<string, Client>();
  const as = async (u: string) => {
    if (!clients.has(u)) clients.set(u, await env.as(u));
    return clients.get(u)!;
  };
  /** Demo user ids by username, and usernames by id. */
  const ids: Record<string, string> = {};
  const usernames = new Map<string, string>();
  let zoneId = '';
  let zoneName = '';
  let village = '';
  let otherVillage = '';

  beforeAll(async () => {
    env = await startTestEnv(name);
    const db = env.ctx().db;
    for (const u of await db.selectFrom('users').select(['id', 'username']).execute()) {
      ids[u.username] = u.id;
      usernames.set(u.id, u.username);
    }
    const zone = await db
      .selectFrom('role_assignments as ra')
      .innerJoin('zones as z', 'z.id', 'ra.scope_zone_id')
      .select(['z.id', 'z.name'])
      .where('ra.user_id', '=', ids.zone1!)
      .executeTakeFirstOrThrow();
    zoneId = zone.id;
    zoneName = zone.name;
    village = await villageOf(env, 'township1');
    const township = `${village.slice(0, 9)}000`;
    const villages = await db
      .selectFrom('regions')
      .select('code')
      .where('parent_code', '=', township)
      .orderBy('code')
      .execute();
    otherVillage = villages[1]!.code;
    // The demo's township1 lies in the first zone: the pool's people come from there.
    const member = await db
      .selectFrom('zone_memberships')
      .select('zone_id')
      .where('township_code', '=', township)
      .executeTakeFirstOrThrow();
    expect(member.zone_id).toBe(zoneId);
  }, 120_000);
  afterAll(async () => env?.close());

  /** Decides every step of an approval as its current holder; returns who signed, in order. */
  async function decideAll(approvalId: string, decision = 'approve', opinion = '同意。'): Promise<string[]> {
    const signers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const a = (await (await as('casemgr')).get(`/api/approvals/${approvalId}`)).json();
      if (a.status !== 'pending') return signers;
      const holder = usernames.get(a.currentHolderId)!;
      const res = await (
        await as(holder)
      ).post(`/api/approvals/${approvalId}/decision`, { decision, opinion, version: a.version });
      expect(res.statusCode, res.body).toBe(200);
      signers.push(holder);
    }
    throw new Error('chain did not end');
  }

  /** Declares a relation as demo account `user` (the conflict register), through the API. */
  async function declare(user: string, body: Record<string, unknown>) {
    const res = await (await as(user)).post('/api/declared-relations', body);
    expect(res.statusCode, res.body).toBe(201);
  }

  async function clueRow(id: string) {
    return env.ctx().db.selectFrom('clues').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** A county clue about a county-managed cadre, sent to the first zone through an approved opinion. */
  async function pooledClue(over: Record<string, unknown> = {}) {
    const clue = await makeClue(env, 'casemgr', {
      subjects: [{ name: '分办对象', position: '乡长', authority: 'county_managed' }],
      ...over,
    });
    const drafted = await (
      await as('casemgr')
    ).post(`/api/clues/${clue.id}/assignment-opinion`, {
      version: clue.version,
      targetKind: 'zone',
      targetId: zoneId,
      opinion: '按属地由协作区办理',
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    await decideAll(drafted.json().approvalId);
    return { ...clue, version: (await clueRow(clue.id)).version, approvalId: drafted.json().approvalId as string };
  }

  it('opinion → approval by the posts → the zone pool → keeper and handler, with the document', async () => {
    const casemgr = await as('casemgr');
    const clue = await makeClue(env, 'casemgr', {
      subjects: [{ name: '分办甲', position: '乡长', authority: 'county_managed' }],
    });
    const targets = (await casemgr.get(`/api/clues/${clue.id}/assignment-targets`)).json();
    // A county-managed cadre in a zone township: the zone is suggested.
    expect(targets.suggested).toMatchObject({ kind: 'zone', id: zoneId, name: zoneName });
    expect(targets.options.map((o: { kind: string }) => o.kind)).toEqual(
      expect.arrayContaining(['office', 'zone', 'township']),
    );
    const village1 = await makeClue(env, 'casemgr', {
      subjects: [{ name: '分办乙', position: '村委会主任', authority: 'village_cadre' }],
    });
    const t2 = (await casemgr.get(`/api/clues/${village1.id}/assignment-targets`)).json();
    expect(t2.suggested.kind).toBe('township');

    const drafted = await casemgr.post(`/api/clues/${clue.id}/assignment-opinion`, {
      version: clue.version,
      targetKind: 'zone',
      targetId: zoneId,
      opinion: '被反映人系县管干部，由协作区统筹办理',
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    expect((await clueRow(clue.id)).status).toBe('registered');
    // A second opinion while the first is in flight is refused.
    const again = await casemgr.post(`/api/clues/${clue.id}/assignment-opinion`, {
      version: clue.version,
      targetKind: 'zone',
      targetId: zoneId,
      opinion: '再拟',
    });
    expect(again.json().error.code).toBe('CLUE_ASSIGNMENT_PENDING');

    const signers = await decideAll(drafted.json().approvalId, 'approve', '同意分送协作区。');
    // 案管's chain: the department head is the drafter (skipped), then 分管领导 and 主要负责人 (the leader).
    expect(signers.length).toBeGreaterThan(0);
    expect(signers.every((s) => s === 'leader' || s === 'casemgr')).toBe(true);
    expect(signers.at(-1)).toBe('leader');
    const row = await clueRow(clue.id);
    expect(row).toMatchObject({ status: 'assigned', zone_id: zoneId, handling_unit_id: null });

    // The pool: the zone leader sees it with its age and timer 1.
    const zone1 = await as('zone1');
    const pool = (await zone1.get(`/api/clue-pools?zoneId=${zoneId}`)).json();
    const line = pool.items.find((i: { id: string }) => i.id === clue.id);
    expect(line).toMatchObject({ ageDays: 0, zoneName, overdue: false });
    expect(line.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // An investigator of the zone may not assign (no clue.assign); another township's secretary has no such pool.
    expect((await (await as('office1')).get(`/api/clue-pools?zoneId=${zoneId}`)).statusCode).toBe(403);
    const other = (await (await as('township2')).get(`/api/clue-pools?zoneId=${zoneId}`)).json();
    expect(other.items.map((i: { id: string }) => i.id)).not.toContain(clue.id);
    // The workbench card.
    const wb = (await zone1.get('/api/workbench')).json();
    const card = JSON.stringify(wb);
    expect(card).toContain('线索池待分配');

    const candidates = (await zone1.get(`/api/clues/${clue.id}/assignment-candidates`)).json();
    const cids = candidates.map((c: { userId: string }) => c.userId);
    expect(cids).toEqual(expect.arrayContaining([ids.township1, ids.tstaff1, ids.zone1]));
    expect(cids).not.toContain(ids.intake);
    // Everyone offered can be checked by the assigner (the dialog runs the recusal check on them):
    // an office colleague of the zone leader was offered and then answered 404 by the check.
    const offeredCheck = await zone1.post('/api/conflict-checks', {
      resource: 'clue',
      resourceId: clue.id,
      userIds: cids,
      role: 'keeper',
    });
    expect(offeredCheck.statusCode, offeredCheck.body).toBe(201);

    const assigned = await zone1.post(`/api/clues/${clue.id}/assignment`, {
      version: row.version,
      keeperId: ids.zone1,
      handlerId: ids.tstaff1,
      memberIds: [ids.township1],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const after = await clueRow(clue.id);
    expect(after).toMatchObject({ status: 'assigned', keeper_id: ids.zone1, version: row.version + 1 });
    const team = await env
      .ctx()
      .db.selectFrom('clue_members')
      .select(['user_id', 'role'])
      .where('clue_id', '=', clue.id)
      .where('removed_at', 'is', null)
      .execute();
    expect(team).toEqual(
      expect.arrayContaining([
        { user_id: ids.zone1, role: 'keeper' },
        { user_id: ids.tstaff1, role: 'handler' },
        { user_id: ids.township1, role: 'team_member' },
      ]),
    );
    const pool2 = (await zone1.get(`/api/clue-pools?zoneId=${zoneId}`)).json();
    expect(pool2.items.map((i: { id: string }) => i.id)).not.toContain(clue.id);

    // The township officer drawn into the zone team opens the county's clue (team reaches out of
    // scope), in full; another township's secretary, not on the team, still gets 404.
    const tstaff1 = await env.as('tstaff1');
    const opened = await tstaff1.get(`/api/clues/${clue.id}`);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().summary).toBeTruthy();
    expect((await (await env.as('township2')).get(`/api/clues/${clue.id}`)).statusCode).toBe(404);

    const detail = (await casemgr.get(`/api/clues/${clue.id}`)).json();
    const labels = detail.trail.map((e: { action: string }) => e.action);
    expect(labels).toEqual(expect.arrayContaining(['assignment_opinion', 'assignment_approved', 'people_assigned']));
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', clue.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['clue.assignment_opinion', 'clue.assignment', 'clue.assign_people']),
    );

    // Reassignment: the handler leaves with a reason; the clue is back in the pool.
    const removed = await zone1.post(`/api/clues/${clue.id}/member-removals`, {
      version: after.version,
      userId: ids.tstaff1,
      role: 'handler',
      reason: '工作调整',
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await tstaff1.get(`/api/clues/${clue.id}`)).statusCode).toBe(404);
    const pool3 = (await zone1.get(`/api/clue-pools?zoneId=${zoneId}`)).json();
    expect(pool3.items.map((i: { id: string }) => i.id)).toContain(clue.id);

    // The 分办意见 document, filled from the clue and its approval.
    const pdf = await casemgr.get(`/api/clues/${clue.id}/documents/assignment_opinion.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    for (const want of ['问题线索分办意见呈批表', clue.number, '分办甲', zoneName, '统筹办理', '同意分送协作区'])
      expect(text).toContain(want.replace(/\s+/g, ''));
    const docx = await casemgr.get(`/api/clues/${clue.id}/documents/assignment_opinion.docx`);
    expect(docx.statusCode).toBe(200);
    const dtext = await docxText(docx.rawPayload);
    expect(dtext).toContain(clue.number);
    expect(dtext).toContain(zoneName);
    // Someone in scope but not on the clue's team: need-to-know.
    expect(
      (await (await as('office1')).get(`/api/clues/${clue.id}/documents/assignment_opinion.pdf`)).json().error.code,
    ).toBe('NEED_TO_KNOW');
  });

  it('a rejected opinion leaves the clue registered with the reason on its trail', async () => {
    const casemgr = await as('casemgr');
    const clue = await makeClue(env);
    const drafted = await casemgr.post(`/api/clues/${clue.id}/assignment-opinion`, {
      version: clue.version,
      targetKind: 'zone',
      targetId: zoneId,
      opinion: '拟分送协作区',
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    await decideAll(drafted.json().approvalId, 'reject', '请先补充核实材料');
    const row = await clueRow(clue.id);
    expect(row).toMatchObject({ status: 'registered', zone_id: null, handling_unit_id: null });
    const trail = (await casemgr.get(`/api/clues/${clue.id}`)).json().trail;
    expect(trail.at(-1)).toMatchObject({ action: 'assignment_declined' });
    expect(trail.at(-1).note).toContain('请先补充核实材料');
    // A wrong target is refused; a new opinion may go up after the rejection.
    const wrong = await casemgr.post(`/api/clues/${clue.id}/assignment-opinion`, {
      version: row.version,
      targetKind: 'zone',
      targetId: ids.leader,
      opinion: 'x',
    });
    expect(wrong.json().error.code).toBe('CLUE_ASSIGNMENT_TARGET');
    const again = await casemgr.post(`/api/clues/${clue.id}/assignment-opinion`, {
      version: row.version,
      targetKind: 'zone',
      targetId: zoneId,
      opinion: '补充材料后再次拟分送',
    });
    expect(again.statusCode, again.body).toBe(201);
    // Drafting needs clue.register: the zone leader cannot.
    expect((await (await as('zone1')).get(`/api/clues/${clue.id}/assignment-targets`)).statusCode).toBe(403);
  });

  it('refuses a relative of the subject with the reason in words, and writes nothing', async () => {
    const subject = await env.ctx().db.selectFrom('subjects').select(['id', 'name']).executeTakeFirstOrThrow();
    await declare('tstaff1', {
      kind: 'relative',
      relation: 'sibling',
      name: subject.name,
      subjectId: subject.id,
    });
    const clue = await pooledClue({
      subjects: [{ name: subject.name, subjectId: subject.id, position: '乡长', authority: 'county_managed' }],
    });
    const before = await env.ctx().db.selectFrom('clue_members').selectAll().where('clue_id', '=', clue.id).execute();
    const res = await (
      await as('zone1')
    ).post(`/api/clues/${clue.id}/assignment`, { version: clue.version, keeperId: ids.zone1, handlerId: ids.tstaff1 });
    expect(res.statusCode).toBe(409);
    const err = res.json().error;
    expect(err.code).toBe('CONFLICT_REFUSED');
    expect(err.message).toContain(`的兄弟姐妹${subject.name}是被反映人，应当回避`);
    expect(err.details.userId).toBe(ids.tstaff1);
    const row = await clueRow(clue.id);
    expect(row).toMatchObject({ version: clue.version, keeper_id: null });
    const afterMembers = await env
      .ctx()
      .db.selectFrom('clue_members')
      .selectAll()
      .where('clue_id', '=', clue.id)
      .execute();
    expect(afterMembers).toEqual(before);
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', clue.id)
      .where('action', '=', 'clue.assign_people')
      .execute();
    expect(audit).toEqual([]);
  });

  it('a soft conflict needs a recorded confirmation, carried by the check id', async () => {
    await declare('township1', { kind: 'origin', regionCode: otherVillage });
    const clue = await pooledClue({ regionCode: otherVillage });
    const zone1 = await as('zone1');
    const body = { version: clue.version, keeperId: ids.zone1, handlerId: ids.township1 };
    const unconfirmed = await zone1.post(`/api/clues/${clue.id}/assignment`, body);
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.json().error.code).toBe('CONFLICT_UNCONFIRMED');
    expect(unconfirmed.json().error.message).toContain('原籍');
    // The dialog's preview records a check; the warning is confirmed with a reason.
    const check = await zone1.post('/api/conflict-checks', {
      resource: 'clue',
      resourceId: clue.id,
      userIds: [ids.zone1, ids.township1],
      role: 'keeper',
    });
    expect(check.statusCode, check.body).toBe(201);
    const { checkId, people } = check.json();
    expect(people.find((p: { userId: string }) => p.userId === ids.township1).outcome).toBe('warn');
    const notYet = await zone1.post(`/api/clues/${clue.id}/assignment`, { ...body, checkId });
    expect(notYet.json().error.code).toBe('CONFLICT_UNCONFIRMED');
    const confirmed = await zone1.post(`/api/conflict-checks/${checkId}/confirmations`, {
      userId: ids.township1,
      reason: '原籍村与被反映人无利害关系，经研究可以承办',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const ok = await zone1.post(`/api/clues/${clue.id}/assignment`, { ...body, checkId });
    expect(ok.statusCode, ok.body).toBe(200);
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['action', 'changes'])
      .where('resource_id', '=', clue.id)
      .where('action', '=', 'clue.assign_people')
      .executeTakeFirstOrThrow();
    expect(String(audit.changes)).toContain(checkId);
  });

  it('wrong role 403, outside scope 404, concluded clue 409 CLUE_TRANSITION, concurrent 409 CONFLICT', async () => {
    const clue = await pooledClue();
    const body = { version: clue.version, keeperId: ids.zone1, handlerId: ids.tstaff1 };
    const office = await (await as('office1')).post(`/api/clues/${clue.id}/assignment`, body);
    expect(office.statusCode).toBe(403);
    expect(office.json().error.code).toBe('FORBIDDEN');
    const outside = await (await as('township2')).post(`/api/clues/${clue.id}/assignment`, body);
    expect(outside.statusCode).toBe(404);
    const bad = await (await as('zone1')).post(`/api/clues/${clue.id}/assignment`, { ...body, handlerId: ids.intake });
    expect(bad.json().error.code).toBe('CLUE_ASSIGNMENT_INVALID');

    // Concurrent: two assignments on the same version, one wins.
    const zone1 = await as('zone1');
    const [a, b] = await Promise.all([
      zone1.post(`/api/clues/${clue.id}/assignment`, body),
      zone1.post(`/api/clues/${clue.id}/assignment`, { ...body, handlerId: ids.township1 }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toBe('CONFLICT');
    const handlers = await env
      .ctx()
      .db.selectFrom('clue_members')
      .select('user_id')
      .where('clue_id', '=', clue.id)
      .where('role', '=', 'handler')
      .execute();
    expect(handlers).toHaveLength(1);

    // Concluded through the legal path, then an assignment is refused by the transition table.
    const done = await pooledClue();
    await inTransaction(env.ctx(), async (tx) => {
      const p = await setClueState(tx, done.id, done.version, { status: 'disposal_proposed' });
      await setClueState(tx, done.id, p.version, { status: 'concluded', disposal: 'concluded' });
    });
    const row = await clueRow(done.id);
    const closed = await zone1.post(`/api/clues/${done.id}/assignment`, { ...body, version: row.version });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('CLUE_TRANSITION');
  });

  it('a recused person gets 404 on the clue and its document and is named in its trail', async () => {
    const clue = await pooledClue();
    const zone1 = await as('zone1');
    expect((await zone1.get(`/api/clues/${clue.id}/assignment-candidates`)).statusCode).toBe(200);
    const recusal = await (
      await as('leader')
    ).post('/api/recusals', {
      resource: 'clue',
      resourceId: clue.id,
      userId: ids.zone1,
      requestedBy: 'organ',
      reasons: '与被反映人有利害关系',
    });
    expect(recusal.statusCode, recusal.body).toBe(201);
    expect((await zone1.get(`/api/clues/${clue.id}`)).statusCode).toBe(404);
    expect((await zone1.get(`/api/clues/${clue.id}/documents/assignment_opinion.pdf`)).statusCode).toBe(404);
    expect((await zone1.get(`/api/clues/${clue.id}/assignment-candidates`)).statusCode).toBe(404);
    const pool = (await zone1.get(`/api/clue-pools?zoneId=${zoneId}`)).json();
    expect(pool.items.map((i: { id: string }) => i.id)).not.toContain(clue.id);
    const trail = (await (await as('casemgr')).get(`/api/clues/${clue.id}`)).json().trail;
    const step = trail.find((e: { action: string }) => e.action === 'recused');
    expect(step.note).toContain('第一协作区组长');
  });

  it("knows a clue's named reporter for the conflict check, without saying so to the assigner", async () => {
    const report = await makeReport(env, village, {
      named: true,
      reporter: { name: '钱举报人', phone: '13800009999' },
      subject: { name: '举报对象某' },
    });
    const reportRow = await env
      .ctx()
      .db.selectFrom('reports')
      .select(['owner_unit_id', 'owner_unit_path', 'region_path', 'county_code'])
      .where('id', '=', report.id)
      .executeTakeFirstOrThrow();
    const made = await inTransaction(await ctxAs(env, 'casemgr'), (tx) =>
      registerClue(tx, {
        reportId: report.id,
        subjectName: '举报对象某',
        subjectId: null,
        summary: '反映危房改造补助发放不公',
        ownerUnitId: reportRow.owner_unit_id,
        ownerUnitPath: reportRow.owner_unit_path,
        regionPath: reportRow.region_path,
        countyCode: reportRow.county_code,
        regionCode: village,
      }),
    );
    await declare('office1', {
      kind: 'relative',
      relation: 'parent',
      name: '钱举报人',
    });
    const check = await (
      await as('casemgr')
    ).post('/api/conflict-checks', { resource: 'clue', resourceId: made.id, userIds: [ids.office1], role: 'keeper' });
    expect(check.statusCode, check.body).toBe(201);
    const person = check.json().people[0];
    expect(person.outcome).toBe('warn');
    expect(person.reasons.map((r: { code: string }) => r.code)).toContain('CONFIDENTIAL_RELATION');
    expect(JSON.stringify(person)).not.toContain('钱举报人');
  });

  it("lets a zone team's handler from another township check the verification team (outside their own scope)", async () => {
    // 英豪镇 is the first zone's second township; the team comes from 城关镇 (township1's).
    const clue = await pooledClue({ regionCode: await villageInTownship(env, '英豪镇') });
    const assigned = await (
      await as('zone1')
    ).post(`/api/clues/${clue.id}/assignment`, {
      version: clue.version,
      keeperId: ids.zone1,
      handlerId: ids.tstaff1,
      memberIds: [ids.township1],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    // The trail names each person's role in words (it showed the code, 'handler').
    const trail = (await (await as('casemgr')).get(`/api/clues/${clue.id}`)).json().trail as {
      action: string;
      note: string;
    }[];
    const added = trail.filter((e) => e.action === 'member_added').map((e) => e.note);
    expect(added).toEqual(
      expect.arrayContaining([expect.stringMatching(/（承办人）$/), expect.stringMatching(/（核查组成员）$/)]),
    );
    expect(added.join()).not.toMatch(/handler|keeper|team_member/);
    const handler = await as('tstaff1');
    const proposed = await handler.post(`/api/clues/${clue.id}/disposal`, {
      version: (await clueRow(clue.id)).version,
      disposal: 'verification',
      reasons: '反映问题具体，具有可查性。',
      plan: '成立核查组调取账目。',
      noMeetingNote: '经协作区研判，情况紧急',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    await decideAll(proposed.json().approvalId);
    const check = await handler.post(`/api/clues/${clue.id}/verification/team-check`, {
      userIds: [ids.tstaff1, ids.township1],
    });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json().people.map((p: { outcome: string }) => p.outcome)).toEqual(['clear', 'clear']);
    // Someone neither on the team nor reaching the clue still finds nothing.
    const outsider = await (
      await as('township2')
    ).post(`/api/clues/${clue.id}/verification/team-check`, { userIds: [ids.township2] });
    expect(outsider.statusCode, outsider.body).toBe(404);
  });

  it('pages the pool by offset and keyset, filters it, exports exactly the filtered rows, and counts it honestly', async () => {
    const db = env.ctx().db;
    const township = `${village.slice(0, 9)}000`;
    // Another township of the same zone: the township filter must leave its clue out.
    const other = await db
      .selectFrom('zone_memberships as m')
      .innerJoin('regions as r', 'r.parent_code', 'm.township_code')
      .select('r.code')
      .where('m.zone_id', '=', zoneId)
      .where('m.township_code', '!=', township)
      .orderBy('r.code')
      .executeTakeFirstOrThrow();
    const audit = await pooledClue({ sourceKind: 'audit' });
    const principal = await pooledClue({
      subjects: [{ name: '池一把手', position: '乡党委书记', authority: 'county_managed', rank: 'lower_principal' }],
    });
    const elsewhere = await pooledClue({ regionCode: other.code });
    const zone1 = await as('zone1');
    const pool = async (query: string) => {
      const res = await zone1.get(`/api/clue-pools?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{
        items: { id: string; number: string; sourceKind: string; regionName: string | null }[];
        total: number;
        totalCapped: boolean;
        nextCursor: string | null;
        page: number;
        pageSize: number;
      }>();
    };
    const all = await pool('pageSize=200');
    expect(all.totalCapped).toBe(false);
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThanOrEqual(3);
    const allIds = all.items.map((i) => i.id);
    expect(allIds).toEqual(expect.arrayContaining([audit.id, principal.id, elsewhere.id]));

    // Two a page: by offset and by keyset, the same rows in the same order as the whole list.
    const byOffset: string[] = [];
    const byCursor: string[] = [];
    let after: string | null = null;
    for (let page = 1; page <= Math.ceil(all.total / 2); page++) {
      const p = await pool(`pageSize=2&page=${page}`);
      expect(p.total).toBe(all.total);
      byOffset.push(...p.items.map((i) => i.id));
      const k = await pool(`pageSize=2&page=${page}${after ? `&after=${after}` : ''}`);
      byCursor.push(...k.items.map((i) => i.id));
      after = k.nextCursor;
    }
    expect(byOffset).toEqual(allIds);
    expect(byCursor).toEqual(allIds);
    const bad = await zone1.get('/api/clue-pools?after=bm90LWEtY3Vyc29y');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');

    // Filters: source, township of origin, target level, waiting since.
    const bySource = await pool('source=audit&pageSize=200');
    expect(bySource.items.map((i) => i.id)).toContain(audit.id);
    expect(bySource.items.every((i) => i.sourceKind === 'audit')).toBe(true);
    const inTownship = (await pool(`townshipCode=${township}&pageSize=200`)).items.map((i) => i.id);
    expect(inTownship).toEqual(expect.arrayContaining([audit.id, principal.id]));
    expect(inTownship).not.toContain(elsewhere.id);
    const notTownship = await zone1.get(`/api/clue-pools?townshipCode=${village}`);
    expect(notTownship.statusCode).toBe(400);
    expect(notTownship.json().error.code).toBe('INVALID_REGION_CODE');
    const principals = (await pool('targetLevel=next_lower_principal&pageSize=200')).items.map((i) => i.id);
    expect(principals).toEqual([principal.id]);
    const ordinary = (await pool('targetLevel=ordinary&pageSize=200')).items.map((i) => i.id);
    expect(ordinary).toEqual(expect.arrayContaining([audit.id, elsewhere.id]));
    expect(ordinary).not.toContain(principal.id);
    const today = new Date(env.clock.nowMs() + 8 * 3_600_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    expect((await pool(`pooledFrom=${today}&pageSize=200`)).items.map((i) => i.id)).toContain(audit.id);
    expect((await pool(`pooledTo=${yesterday}&pageSize=200`)).items.map((i) => i.id)).not.toContain(audit.id);
    expect((await zone1.get('/api/clue-pools?targetLevel=highest')).statusCode).toBe(400);

    // The export carries exactly the filtered rows, in the list's order, and names them in the audit.
    const res = await zone1.get(`/api/clue-pools/export.xlsx?townshipCode=${township}`);
    expect(res.statusCode, res.body).toBe(200);
    const { header, rows } = await readXlsx(res.rawPayload);
    expect(header.slice(0, 3)).toEqual(['编号', '线索池', '来源']);
    const listed = (await pool(`townshipCode=${township}&pageSize=200`)).items;
    expect(rows.map((r) => r[0])).toEqual(listed.map((i) => i.number));
    expect(rows.find((r) => r[0] === audit.number)![2]).toBe('审计移送');
    const event = await db
      .selectFrom('audit_events')
      .select(['changes'])
      .where('action', '=', 'clue.pool_export')
      .where('actor_username', '=', 'zone1')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const changes = JSON.parse(String(event.changes)) as { clues: [null, [string, string][]] };
    expect(changes.clues[1].map((x) => x[1])).toEqual(listed.map((i) => i.number));
    expect((await (await as('office1')).get('/api/clue-pools/export.xlsx')).statusCode).toBe(403);

    // The workbench card counts the pools (exact, not a guess) and is marked when one is overdue.
    const cards = (await zone1.get('/api/workbench')).json<{
      cards: { key: string; count: number; countCapped?: boolean }[];
    }>().cards;
    const card = cards.find((c) => c.key === 'clues.pool')!;
    expect(card.count).toBe(all.total);
    expect(card.countCapped ?? false).toBe(false);
  });

  it("searches a pooled clue's people instead of capping them, and still checks an assignment uncapped", async () => {
    const clue = await pooledClue();
    const zone1 = await as('zone1');
    const people = async (query: string) => {
      const res = await zone1.get(`/api/clues/${clue.id}/assignment-candidates${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ userId: string; name: string; unitName: string | null }[]>();
    };
    const everyone = await people('?limit=200');
    const tstaff1 = everyone.find((p) => p.userId === ids.tstaff1)!;
    expect(tstaff1).toBeDefined();
    const part = tstaff1.name.slice(-2);
    const found = await people(`?q=${encodeURIComponent(part)}`);
    expect(found.map((p) => p.userId)).toContain(ids.tstaff1);
    expect(found.every((p) => p.name.includes(part) || (p.unitName ?? '').includes(part))).toBe(true);
    expect(found.length).toBeLessThan(everyone.length);
    // By the unit's name too; LIKE's wildcards are taken literally.
    expect((await people(`?q=${encodeURIComponent(tstaff1.unitName!)}`)).map((p) => p.userId)).toContain(ids.tstaff1);
    expect(await people('?q=%25')).toEqual([]);
    const first = await people('?limit=1');
    expect(first).toHaveLength(1);
    expect((await zone1.get(`/api/clues/${clue.id}/assignment-candidates?limit=0`)).statusCode).toBe(400);
    // The assignment checks its people by id, whatever the list's limit: the last person is not
    // among the first page, and is accepted.
    const last = everyone.at(-1)!.userId;
    expect(first.map((p) => p.userId)).not.toContain(last);
    const ok = await zone1.post(`/api/clues/${clue.id}/assignment`, {
      version: clue.version,
      keeperId: last,
      handlerId: ids.zone1,
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
