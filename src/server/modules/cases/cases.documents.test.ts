import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { makeCase } from '../../test/case-factories.js';
import { ctxAs } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { addCaseMember } from './index.js';

interface Line {
  name: string;
  source: string;
  title: string;
  recordId: string | null;
  recordLabel: string | null;
  pdf: string;
  docx: string;
}

describe.each(testDialects())('the list of a case’s documents on $name', ({ name }) => {
  let env: TestEnv;
  let zone1: Client;
  let casemgr: Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    zone1 = await env.as('zone1');
    casemgr = await env.as('casemgr');
    for (const u of await env.ctx().db.selectFrom('users').select(['id', 'username']).execute()) ids[u.username] = u.id;
  });
  afterAll(async () => env?.close());

  const caseRow = (id: string) =>
    env.ctx().db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function list(caseId: string, as: Client = zone1): Promise<Line[]> {
    const res = await as.get(`/api/cases/${caseId}/documents`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Line[];
  }

  it('lists what exists so far: the filing documents, then a talk record, a measure’s and the zone’s documents', async () => {
    const made = await makeCase(env);
    await inTransaction(await ctxAs(env, 'casemgr'), async (tx) => {
      await addCaseMember(tx, made.id, { userId: ids.zone1!, name: '组长', unitName: '一室' }, 'leader');
      await addCaseMember(tx, made.id, { userId: ids.office1!, name: '组员', unitName: '一室' }, 'member');
    });
    const first = await list(made.id);
    expect(first.map((l) => l.name)).toEqual(['case_filing_form', 'case_filing_decision', 'case_filing_notice']);
    expect(first.map((l) => l.title)).toEqual(['立案审查调查呈批报告', '立案决定书', '立案通知书']);
    expect(first[1]).toMatchObject({
      source: 'case',
      recordId: null,
      pdf: `/api/cases/${made.id}/documents/case_filing_decision.pdf`,
      docx: `/api/cases/${made.id}/documents/case_filing_decision.docx`,
    });

    // The zone case authorised (一案一授权, before it is worked): its 授权书.
    const auth = await zone1.post(`/api/cases/${made.id}/authorization`, {
      version: (await caseRow(made.id)).version,
      scope: '开展审查调查',
      authorizedOn: '2026-11-20',
    });
    expect(auth.statusCode, auth.body).toBe(201);

    // A talk: its record frame, about that action.
    const talk = await zone1.post(`/api/cases/${made.id}/actions`, {
      kind: 'talk',
      startedAt: '2026-11-21T01:30:00.000Z',
      endedAt: '2026-11-21T03:00:00.000Z',
      place: '第一协作区办案点',
      personName: '测试对象',
      personRole: '被审查调查人',
      officerIds: [ids.zone1, ids.office1],
      notice: '出示工作证件，送达《谈话通知书》',
      credentialsShown: true,
      room: '一号谈话室',
      roomMonitored: true,
      audioVideo: true,
      recordingRef: 'LX-2026-001',
      safetyChecked: true,
    });
    expect(talk.statusCode, talk.body).toBe(201);
    // 责令候查 approved by the principal leader: its decision.
    const subject = await env
      .ctx()
      .db.selectFrom('case_subjects')
      .select('id')
      .where('case_id', '=', made.id)
      .executeTakeFirstOrThrow();
    const today = new Date(env.clock.nowMs()).toISOString().slice(0, 10);
    const measure = await casemgr.post(`/api/cases/${made.id}/measures`, {
      kind: 'standby',
      reason: '需要',
      caseSubjectId: subject.id,
      approval: { approvedOn: today, approverId: ids.leader },
    });
    expect(measure.statusCode, measure.body).toBe(201);

    const now = await list(made.id);
    expect(now.map((l) => `${l.source}:${l.name}`)).toEqual([
      'case:case_filing_form',
      'case:case_filing_decision',
      'case:case_filing_notice',
      'case:talk_record',
      'measure:standby_decision',
      'zone:case_authorization',
    ]);
    const record = now.find((l) => l.name === 'talk_record')!;
    expect(record).toMatchObject({ title: '谈话笔录', recordId: talk.json().id });
    expect(record.recordLabel).toContain('谈话 2026-11-21 测试对象');
    expect(now.find((l) => l.source === 'measure')).toMatchObject({
      title: '责令候查决定书',
      recordId: measure.json().id,
    });
    // Every path listed downloads, as PDF and as DOCX.
    for (const l of now) {
      const pdf = await zone1.get(l.pdf);
      expect(pdf.statusCode, `${l.pdf} ${pdf.body.slice(0, 200)}`).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdfText(pdf.rawPayload).replace(/\s+/g, '')).toContain(l.title);
      const docx = await zone1.get(l.docx);
      expect(docx.statusCode, l.docx).toBe(200);
    }
    // Listing renders and audits nothing; each download above is audited.
    const audited = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', made.id)
      .where('action', '=', 'case.document')
      .execute();
    expect(audited.length).toBe(2 * (now.length - 1));
  });

  it('is for readers of the case’s content only', async () => {
    const made = await makeCase(env);
    expect((await list(made.id, casemgr)).length).toBe(3);
    const township = await (await env.as('township1')).get(`/api/cases/${made.id}/documents`);
    expect(township.json().error.code).toBe('NEED_TO_KNOW');
    const outside = await (await env.as('township2')).get(`/api/cases/${made.id}/documents`);
    expect(outside.statusCode).toBe(404);
    const bad = await zone1.get(`/api/cases/not-an-id/documents`);
    expect(bad.statusCode).toBe(400);
  });

  it('has only the filing request before the filing is approved', async () => {
    const made = await makeCase(env, { approve: false });
    expect((await list(made.id, casemgr)).map((l) => l.name)).toEqual(['case_filing_form']);
  });
});
