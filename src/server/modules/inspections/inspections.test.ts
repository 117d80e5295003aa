import JSZip from 'jszip';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { decideAll } from '../../test/case-factories.js';
import { unitOf, villageOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { PHONE_METADATA, phoneJpeg, samplePdf } from '../../test/sample-files.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

const DAY = 24 * 3600_000;

interface Template {
  id: string;
  kind: string;
  level: string;
  status: string;
  templateVersion: number;
  version: number;
  basedOn: { id: string; templateVersion: number } | null;
  items: { code: string; label: string; evidence: string }[];
  canAdapt: boolean;
}

describe.each(testDialects())('inspections (监督检查) on $name', ({ name }) => {
  let env: TestEnv;
  const c: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  let village = '';
  let villageSubjects: { id: string; name: string }[] = [];

  beforeAll(async () => {
    env = await startTestEnv(name);
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
    for (const u of users) ids[u.username] = u.id;
    village = await villageOf(env, 'township1');
    villageSubjects = await env
      .ctx()
      .db.selectFrom('subjects')
      .select(['id', 'name'])
      .where('region_code', '=', village)
      .orderBy('id')
      .execute();
  });
  afterAll(async () => env?.close());
  beforeEach(async () => {
    for (const u of ['supervisor', 'township1', 'township2', 'tstaff1', 'leader', 'vcadre1', 'casemgr'])
      c[u] = await env.as(u);
  });

  const plusDays = (n: number) => toShanghaiDate(new Date(env.clock.nowMs() + n * DAY).toISOString());

  async function countyTemplate(kind: string): Promise<Template> {
    const list = await c.supervisor!.get(`/api/checklist-templates?kind=${kind}&level=county&status=issued`);
    expect(list.statusCode, list.body).toBe(200);
    const id = list.json<{ items: { id: string }[] }>().items[0]!.id;
    return (await c.supervisor!.get(`/api/checklist-templates/${id}`)).json<Template>();
  }

  it('seeds the four kinds as the county’s issued version 1', async () => {
    for (const kind of ['manual', 'task_list', 'village_checklist', 'responsibility_lists']) {
      const t = await countyTemplate(kind);
      expect(t).toMatchObject({ level: 'county', status: 'issued', templateVersion: 1 });
      expect(t.items.length).toBeGreaterThanOrEqual(3);
    }
    const v = await countyTemplate('village_checklist');
    expect(v.items.map((i) => i.label)).toContain('三资台账是否按月公开');
  });

  it('a township adapts the county version and keeps it when the county issues a new one; 404 for another township', async () => {
    const county = await countyTemplate('village_checklist');
    // Only a township may adapt: the county user reads canAdapt false (and is refused below).
    expect(county.canAdapt).toBe(false);
    expect((await c.township1!.get(`/api/checklist-templates/${county.id}`)).json<Template>().canAdapt).toBe(true);
    // township1 reads the county's issued version and adapts it.
    const adapted = await c.township1!.post(`/api/checklist-templates/${county.id}/adaptations`);
    expect(adapted.statusCode, adapted.body).toBe(201);
    const own = adapted.json<Template>();
    expect(own).toMatchObject({
      level: 'township',
      status: 'draft',
      basedOn: { id: county.id, templateVersion: 1 },
      canAdapt: false,
    });
    const changed = await c.township1!.put(`/api/checklist-templates/${own.id}`, {
      version: own.version,
      items: [
        ...own.items.map((i) => ({ code: i.code, label: i.label, method: '', evidence: i.evidence, category: '村务' })),
        { label: '村集体土地发包是否公开招标', method: '查阅合同', evidence: 'document', category: '三资管理' },
      ],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const issued = await c.township1!.post(`/api/checklist-templates/${own.id}/issue`, {
      version: changed.json<Template>().version,
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json<Template>().items).toHaveLength(county.items.length + 1);
    // township2 may not read township1's template; nor adapt as the county (a county user cannot adapt).
    expect((await c.township2!.get(`/api/checklist-templates/${own.id}`)).statusCode).toBe(404);
    expect((await c.supervisor!.post(`/api/checklist-templates/${county.id}/adaptations`)).statusCode).toBe(403);
    // The county edits its issued template: a new draft version 2, issued; version 1 superseded.
    const v2 = await c.supervisor!.put(`/api/checklist-templates/${county.id}`, {
      version: county.version,
      items: county.items.map((i) => ({
        code: i.code,
        label: i.label,
        evidence: i.evidence,
        method: '现场查看',
        category: '村务',
      })),
    });
    expect(v2.statusCode, v2.body).toBe(200);
    const draft = v2.json<Template>();
    expect(draft).toMatchObject({ templateVersion: 2, status: 'draft' });
    const v2issued = await c.supervisor!.post(`/api/checklist-templates/${draft.id}/issue`, { version: draft.version });
    expect(v2issued.statusCode, v2issued.body).toBe(200);
    expect((await c.supervisor!.get(`/api/checklist-templates/${county.id}`)).json<Template>().status).toBe(
      'superseded',
    );
    // township1's adaptation still names version 1; the county sees who adapted which version.
    const mine = (await c.township1!.get(`/api/checklist-templates/${own.id}`)).json<Template>();
    expect(mine.basedOn).toMatchObject({ id: county.id, templateVersion: 1 });
    const adaptations = await c.supervisor!.get(`/api/checklist-templates/${draft.id}/adaptations`);
    expect(adaptations.statusCode, adaptations.body).toBe(200);
    expect(adaptations.json<{ items: { templateId: string; basedOnVersion: number }[] }>().items).toContainEqual(
      expect.objectContaining({ templateId: own.id, basedOnVersion: 1 }),
    );
    // A superseded version cannot be edited.
    const stale = await c.supervisor!.put(`/api/checklist-templates/${county.id}`, {
      version: (await c.supervisor!.get(`/api/checklist-templates/${county.id}`)).json<Template>().version,
      items: [{ label: '某项', method: '', evidence: 'none', category: '' }],
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CHECKLIST_TEMPLATE_STATE');
  });

  async function plan(by: string, over: Record<string, unknown> = {}) {
    const checklist = await countyTemplate('village_checklist');
    return c[by]!.post('/api/inspections', {
      title: '2026年惠民惠农补贴发放专项监督检查',
      kind: 'special',
      topic: 'subsidies',
      scopeText: '检查惠民惠农补贴资金发放、公示情况',
      periodFrom: plusDays(0),
      periodTo: plusDays(20),
      targets: [{ kind: 'region', regionCode: village }],
      leaderId: ids.supervisor,
      members: [ids.tstaff1],
      checklists: [checklist.id],
      ...over,
    });
  }

  it('refuses a team member related to a target’s people, and 404s another township’s inspection', async () => {
    expect(villageSubjects.length).toBeGreaterThan(0);
    const subject = villageSubjects[0]!;
    const decl = await c.township2!.post('/api/declared-relations', {
      kind: 'relative',
      relation: 'spouse',
      name: subject.name,
      subjectId: subject.id,
      regionCode: village,
    });
    expect(decl.statusCode, decl.body).toBe(201);
    const refused = await plan('supervisor', { members: [ids.tstaff1, ids.township2] });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe('CONFLICT_REFUSED');
    // A township's own routine inspection: township2 gets 404.
    const t1 = await plan('township1', {
      kind: 'routine',
      topic: null,
      leaderId: ids.township1,
      members: [ids.tstaff1],
    });
    expect(t1.statusCode, t1.body).toBe(201);
    const id = t1.json<{ id: string }>().id;
    // Each member shows what the recusal engine recorded for them (cleared, when), read from the kept check.
    const read = await c.township1!.get(`/api/inspections/${id}`);
    expect(read.statusCode).toBe(200);
    const kept = await env
      .ctx()
      .db.selectFrom('conflict_checks')
      .select(['run_at'])
      .where('resource', '=', 'inspection')
      .where('resource_id', '=', id)
      .executeTakeFirstOrThrow();
    const team = read.json<{
      team: { userId: string; conflictCheck: { outcome: string; checkedAt: string } | null }[];
    }>().team;
    expect(team.map((m) => m.userId).sort()).toEqual([ids.township1, ids.tstaff1].sort());
    for (const m of team)
      expect(m.conflictCheck).toMatchObject({ outcome: 'clear', checkedAt: kept.run_at, reasons: [] });
    // A member whose kept check is gone reads null (no invented 已通过).
    await env
      .ctx()
      .db.updateTable('inspection_members')
      .set({ check_id: null })
      .where('inspection_id', '=', id)
      .where('user_id', '=', ids.tstaff1!)
      .execute();
    const after = (await c.township1!.get(`/api/inspections/${id}`)).json<{
      team: { userId: string; conflictCheck: unknown }[];
    }>();
    expect(after.team.find((m) => m.userId === ids.tstaff1)?.conflictCheck).toBeNull();
    expect((await c.township2!.get(`/api/inspections/${id}`)).statusCode).toBe(404);
    // 提级 only by the county.
    const escalated = await plan('township1', { kind: 'escalated', topic: null, leaderId: ids.township1 });
    expect(escalated.json().error.code).toBe('INSPECTION_KIND_INVALID');
  });

  it('runs a special inspection of subsidy payments from plan to ledger, talk, clue, report and documents', async () => {
    const made = await plan('supervisor');
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: string }>().id;
    type View = {
      status: string;
      version: number;
      approvalId: string | null;
      targets: { id: string }[];
      checklists: { id: string; templateVersion: number; items: { code: string; label: string; evidence: string }[] }[];
      checks: { id: string; itemCode: string; files: { id: string }[] }[];
      findings: {
        id: string;
        version: number;
        checkId: string;
        nextStep: string | null;
        rectificationItemId: string | null;
        clueId: string | null;
        recommendationId: string | null;
      }[];
    };
    let view = (await c.supervisor!.get(`/api/inspections/${id}`)).json<View>();
    expect(view.status).toBe('draft');
    // tstaff1 (a township officer on a county team) reads it outside their scope.
    const asMember = await c.tstaff1!.get(`/api/inspections/${id}`);
    expect(asMember.statusCode).toBe(200);
    // The reader's place: the member is not the organiser's side (though holding inspection.manage
    // in the township, if so), the leader organises too.
    expect(asMember.json<{ reader: unknown }>().reader).toEqual({ teamRole: 'member', organiser: false });
    expect((await c.supervisor!.get(`/api/inspections/${id}`)).json<{ reader: unknown }>().reader).toEqual({
      teamRole: 'leader',
      organiser: true,
    });
    const submitted = await c.supervisor!.post(`/api/inspections/${id}/submission`, { version: view.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    view = submitted.json<View>();
    expect(view.status).toBe('submitted');
    await decideAll(env, view.approvalId!);
    view = (await c.supervisor!.get(`/api/inspections/${id}`)).json<View>();
    expect(view.status).toBe('approved');
    const started = await c.supervisor!.post(`/api/inspections/${id}/start`, { version: view.version });
    expect(started.statusCode, started.body).toBe(200);
    view = started.json<View>();
    // The workbench: the member's "我的检查任务" and the organiser's "待审批/进行中的检查".
    type Cards = { cards: { key: string; items: { id: string }[] }[] };
    const memberCards = (await c.tstaff1!.get('/api/workbench')).json<Cards>().cards;
    expect(memberCards.find((x) => x.key === 'inspections.mine')?.items.map((i) => i.id)).toContain(id);
    const organiserCards = (await c.supervisor!.get('/api/workbench')).json<Cards>().cards;
    expect(organiserCards.find((x) => x.key === 'inspections.organised')?.items.map((i) => i.id)).toContain(id);
    const target = view.targets[0]!.id;
    const list = view.checklists[0]!;
    const [publicity, subsidy, council] = list.items;
    expect(publicity!.evidence).toBe('photo');

    // Wanting without the required photo: refused in words, nothing written.
    const noPhoto = await c.tstaff1!.put(`/api/inspections/${id}/checks`, {
      version: view.version,
      targetId: target,
      checklistId: list.id,
      itemCode: publicity!.code,
      result: 'wanting',
      note: '三资台账自2026年7月起未公开',
    });
    expect(noPhoto.statusCode, noPhoto.body).toBe(400);
    expect(noPhoto.json().error.code).toBe('INSPECTION_EVIDENCE_MISSING');
    expect(noPhoto.json().error.message).toContain('照片');
    // The photo: stored without its metadata.
    const photo = await c.tstaff1!.upload(
      `/api/inspections/${id}/files`,
      {},
      { name: 'IMG_0001.jpg', bytes: await phoneJpeg() },
    );
    expect(photo.statusCode, photo.body).toBe(201);
    const photoId = photo.json<{ id: string }>().id;
    const back = await c.supervisor!.get(`/api/inspections/${id}/files/${photoId}`);
    expect(back.statusCode).toBe(200);
    const stored = back.rawPayload.toString('latin1');
    expect(stored).not.toContain(PHONE_METADATA.make);
    expect(stored).not.toContain('Exif');
    const recorded = await c.tstaff1!.put(`/api/inspections/${id}/checks`, {
      version: view.version,
      targetId: target,
      checklistId: list.id,
      itemCode: publicity!.code,
      result: 'wanting',
      note: '三资台账自2026年7月起未公开',
      fileIds: [photoId],
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    view = recorded.json<View>();
    expect(view.findings).toHaveLength(1);

    // Finding 1 → rectification for the village committee (vcadre1's unit).
    const vc = await unitOf(env, 'vcadre1');
    const f1 = view.findings[0]!;
    const decided = await c.supervisor!.post(`/api/inspections/${id}/findings/${f1.id}/decision`, {
      version: f1.version,
      nextStep: 'rectification',
      severity: 'major',
      responsibleUnitId: vc,
      responsiblePerson: '村委会主任',
      dueOn: plusDays(30),
    });
    expect(decided.statusCode, decided.body).toBe(200);
    view = decided.json<View>();
    const itemId = view.findings[0]!.rectificationItemId!;
    const item = await env
      .ctx()
      .db.selectFrom('rectification_items')
      .selectAll()
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({
      source_kind: 'inspection_finding',
      source_id: f1.id,
      owner_unit_id: vc,
      issuer_unit_id: await unitOf(env, 'supervisor'),
      severity: 'major',
      status: 'open',
    });
    expect(item.source_document).toBe('2026年惠民惠农补贴发放专项监督检查');

    // Finding 2 → a talk with a village cadre, on their integrity file.
    const photo2 = await c.tstaff1!.upload(
      `/api/inspections/${id}/files`,
      {},
      { name: 'b.jpg', bytes: await phoneJpeg(1) },
    );
    const r2 = await c.tstaff1!.put(`/api/inspections/${id}/checks`, {
      version: view.version,
      targetId: target,
      checklistId: list.id,
      itemCode: subsidy!.code,
      result: 'wanting',
      note: '2026年耕地地力保护补贴未公示',
      fileIds: [photo2.json<{ id: string }>().id],
    });
    expect(r2.statusCode, r2.body).toBe(200);
    view = r2.json<View>();
    const subject = villageSubjects[villageSubjects.length - 1]!;
    const f2 = view.findings.find((f) => !f.nextStep)!;
    // A member is not the leader: refused.
    const notLeader = await c.tstaff1!.post(`/api/inspections/${id}/findings/${f2.id}/decision`, {
      version: f2.version,
      nextStep: 'recommendation',
      responsibleUnitId: vc,
    });
    expect(notLeader.json().error.code).toBe('INSPECTION_NOT_LEADER');
    const talk = await c.supervisor!.post(`/api/inspections/${id}/findings/${f2.id}/decision`, {
      version: f2.version,
      nextStep: 'talk',
      subjectId: subject.id,
      talk: { kind: 'reminder_talk', talkedOn: plusDays(0), note: '督促及时公示' },
    });
    expect(talk.statusCode, talk.body).toBe(200);
    view = talk.json<View>();
    const file = await c.leader!.get(`/api/integrity-files/${subject.id}`);
    expect(file.statusCode, file.body).toBe(200);
    expect(file.json<{ entries: { kind: string; kindLabel: string }[] }>().entries).toContainEqual(
      expect.objectContaining({ kind: 'reminder_talk', kindLabel: '约谈提醒' }),
    );

    // Finding 3 → a clue in the clue ledger (source inspection), with the evidence.
    const doc = await c.tstaff1!.upload(
      `/api/inspections/${id}/files`,
      {},
      { name: '会议记录.pdf', bytes: samplePdf() },
    );
    expect(doc.statusCode, doc.body).toBe(201);
    const r3 = await c.tstaff1!.put(`/api/inspections/${id}/checks`, {
      version: view.version,
      targetId: target,
      checklistId: list.id,
      itemCode: council!.code,
      result: 'wanting',
      note: '村两委会议研究补贴名单未通知村监委列席，名单中有村干部亲属',
      fileIds: [doc.json<{ id: string }>().id],
    });
    expect(r3.statusCode, r3.body).toBe(200);
    view = r3.json<View>();
    const f3 = view.findings.find((f) => !f.nextStep)!;
    const clue = await c.supervisor!.post(`/api/inspections/${id}/findings/${f3.id}/decision`, {
      version: f3.version,
      nextStep: 'clue',
      subjectId: subject.id,
    });
    expect(clue.statusCode, clue.body).toBe(200);
    view = clue.json<View>();
    const clueId = view.findings.find((f) => f.id === f3.id)!.clueId!;
    const clueRow = await env
      .ctx()
      .db.selectFrom('clues')
      .selectAll()
      .where('id', '=', clueId)
      .executeTakeFirstOrThrow();
    expect(clueRow.source_kind).toBe('inspection');
    expect(clueRow.summary).toContain('村监委');
    expect(clueRow.source_ref).toContain('问题3');

    // Finding 4 → a draft 监察建议书 from the organiser's commission to the village committee,
    // filled from the finding, linked both ways.
    const r4 = await c.tstaff1!.put(`/api/inspections/${id}/checks`, {
      version: view.version,
      targetId: target,
      checklistId: list.id,
      itemCode: list.items[4]!.code,
      result: 'wanting',
      note: '低保对象评议记录未公开',
    });
    expect(r4.statusCode, r4.body).toBe(200);
    view = r4.json<View>();
    const f4 = view.findings.find((f) => !f.nextStep)!;
    const advice = await c.supervisor!.post(`/api/inspections/${id}/findings/${f4.id}/decision`, {
      version: f4.version,
      nextStep: 'recommendation',
      responsibleUnitId: vc,
      dueOn: plusDays(60),
    });
    expect(advice.statusCode, advice.body).toBe(200);
    view = advice.json<View>();
    const recommendationId = view.findings.find((f) => f.id === f4.id)!.recommendationId!;
    const draft = await c.supervisor!.get(`/api/recommendations/${recommendationId}`);
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json()).toMatchObject({
      status: 'draft',
      kind: 'supervision',
      problems: '低保对象评议记录未公开',
      deadline: plusDays(60),
    });
    const advised = await env
      .ctx()
      .db.selectFrom('recommendations')
      .select(['owner_unit_id', 'source_kind', 'source_id'])
      .where('id', '=', recommendationId)
      .executeTakeFirstOrThrow();
    expect(advised).toEqual({ owner_unit_id: vc, source_kind: 'finding', source_id: f4.id });

    // The report (a team member), then closed by the organiser; documents read back.
    const reported = await c.tstaff1!.put(`/api/inspections/${id}/report`, {
      version: view.version,
      summary: '检查组对该村惠民惠农补贴发放情况进行了检查，发现问题3个。',
      recommendations: '建议乡镇纪委加强对村级补贴公示的日常监督。',
    });
    expect(reported.statusCode, reported.body).toBe(200);
    view = reported.json<View>();
    expect(view.status).toBe('reported');
    for (const [docName, words] of [
      ['plan', ['工作方案', '三资台账是否按月公开', '专项监督检查']],
      ['report', ['情况报告', '交办整改', '移交问题线索', '谈话提醒', '监察建议']],
    ] as const) {
      const pdf = await c.supervisor!.get(`/api/inspections/${id}/documents/${docName}.pdf`);
      expect(pdf.statusCode, pdf.body).toBe(200);
      const text = pdfText(pdf.rawPayload).replace(/\s+/g, '');
      const docx = await c.supervisor!.get(`/api/inspections/${id}/documents/${docName}.docx`);
      expect(docx.statusCode).toBe(200);
      const xml = await docxText(docx.rawPayload);
      for (const w of words) {
        expect(text).toContain(w);
        expect(xml).toContain(w);
      }
    }
    const closed = await c.supervisor!.post(`/api/inspections/${id}/closure`, { version: view.version });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json<View>().status).toBe('closed');
    // The workbench lists and the list filter.
    const mine = await c.tstaff1!.get('/api/inspections?mine=true');
    expect(mine.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(id);
  });
  it('offers the county’s people to the team picker and filters the list by organiser and period', async () => {
    const people = await c.supervisor!.get('/api/inspections/team-candidates?q=纪检干事');
    expect(people.statusCode, people.body).toBe(200);
    const found = people.json<{ items: { id: string; unitName: string }[] }>().items;
    expect(found.map((p) => p.id)).toContain(ids.tstaff1);
    expect(found.map((p) => p.id)).not.toContain(ids.supervisor);
    expect((await c.vcadre1!.get('/api/inspections/team-candidates')).statusCode).toBe(403);
    const made = await plan('supervisor', { title: '2026年农村集体三资专项监督检查', topic: 'collective_funds' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: string }>().id;
    const listed = async (query: string) =>
      (await c.supervisor!.get(`/api/inspections?${query}`)).json<{ items: { id: string }[] }>().items.map((i) => i.id);
    expect(await listed(`unitId=${await unitOf(env, 'supervisor')}`)).toContain(id);
    expect(await listed(`unitId=${await unitOf(env, 'township1')}`)).not.toContain(id);
    expect(await listed(`to=${plusDays(5)}`)).toContain(id);
    expect(await listed(`from=${plusDays(21)}`)).not.toContain(id);
    expect(await listed(`from=${plusDays(20)}&kind=special`)).toContain(id);
  });
});
