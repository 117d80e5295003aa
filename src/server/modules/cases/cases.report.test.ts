import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import { decideAll, makeCase } from '../../test/case-factories.js';
import { ctxAs } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { reviewOfCase } from '../review/index.js';
import {
  type CitationCheck,
  addCaseMember,
  casesAwaitingReview,
  closeCase,
  registerCaseDocument,
  registerCitationCheck,
  uncitableEvidence,
} from './index.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

const PLAN = {
  objectives: '查清问题',
  target: null,
  matters: [],
  measures: ['调取账目'],
  schedule: [],
  safety: [],
};

const ATTACHMENTS = {
  selfReflection: { attached: true, reference: '卷二第3页' },
  factsMaterial: { attached: true, reference: '卷二第10页' },
  propertyReport: { attached: false, note: '本案不涉及涉案财物' },
};

describe.each(testDialects())('end of the investigation (GZ 第五十一条, 第五十二条) on $name', ({ name }) => {
  let env: TestEnv;
  let zone1: Client;
  let office1: Client;
  let tstaff1: Client;
  const ids: Record<string, string> = {};
  // The evidence items a fake register accepts (the evidence part registers the real check).
  const good = [newId(), newId()];
  const bad = newId();

  beforeAll(async () => {
    env = await startTestEnv(name);
    zone1 = await env.as('zone1');
    office1 = await env.as('office1');
    tstaff1 = await env.as('tstaff1');
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
    for (const u of users) ids[u.username] = u.id;
  });
  afterAll(async () => {
    registerCitationCheck(null as unknown as CitationCheck);
    await env?.close();
  });

  const row = (id: string) =>
    env.ctx().db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** A case under investigation (plan approved) with a team of three: zone1 (leader), office1, tstaff1. */
  async function investigatingCase() {
    const made = await makeCase(env);
    await inTransaction(await ctxAs(env, 'casemgr'), async (tx) => {
      await addCaseMember(tx, made.id, { userId: ids.zone1!, name: '第一协作区组长', unitName: '一室' }, 'leader');
      await addCaseMember(
        tx,
        made.id,
        { userId: ids.office1!, name: '第一纪检监察室干部', unitName: '一室' },
        'member',
      );
      await addCaseMember(tx, made.id, { userId: ids.tstaff1!, name: '纪检干事', unitName: '乡纪委' }, 'member');
    });
    const plan = await zone1.post(`/api/cases/${made.id}/plans`, {
      version: (await row(made.id)).version,
      kind: 'investigation',
      title: '审查调查方案',
      text: PLAN,
    });
    expect(plan.statusCode, plan.body).toBe(201);
    await decideAll(env, plan.json().approvalId);
    expect((await row(made.id)).status).toBe('investigating');
    return made;
  }

  async function subjectRowId(caseId: string) {
    return (
      await env
        .ctx()
        .db.selectFrom('case_subjects')
        .select('id')
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow()
    ).id;
  }

  async function showFacts(caseId: string, over: Record<string, unknown> = {}) {
    const r = await row(caseId);
    return zone1.post(`/api/cases/${caseId}/facts-shown`, {
      version: r.version,
      subjectId: await subjectRowId(caseId),
      shownOn: r.filed_on,
      shownBy: [ids.zone1, ids.office1],
      signed: false,
      refused: true,
      refusalNote: '本人拒绝在事实材料上签署意见，由审查调查组两人注明',
      ...over,
    });
  }

  it('shows the facts with the refusal noted, refuses an unnoted refusal and a lone officer', async () => {
    const made = await investigatingCase();
    const unnoted = await showFacts(made.id, { refusalNote: null });
    expect(unnoted.statusCode).toBe(400);
    expect(unnoted.json().error).toMatchObject({
      code: 'CASE_FACTS_OPINION',
      details: { reason: 'refusal_note_missing' },
    });
    const neither = await showFacts(made.id, { refused: false });
    expect(neither.json().error.details.reason).toBe('neither');
    const alone = await showFacts(made.id, { shownBy: [ids.zone1] });
    expect(alone.json().error).toMatchObject({ code: 'CASE_FACTS_OPINION', details: { reason: 'officers' } });
    const outsider = await showFacts(made.id, { shownBy: [ids.zone1, ids.casemgr] });
    expect(outsider.json().error.details.notOnTeam).toEqual([ids.casemgr]);
    expect((await row(made.id)).status).toBe('investigating');
    const ok = await showFacts(made.id);
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await row(made.id)).status).toBe('facts_shown');
    const view = (await zone1.get(`/api/cases/${made.id}/conclusion`)).json();
    expect(view.factsShown[0]).toMatchObject({
      refused: true,
      signed: false,
      refusalNote: '本人拒绝在事实材料上签署意见，由审查调查组两人注明',
      shownBy: ['第一协作区组长', '第一纪检监察室干部'],
    });
  });

  it('refuses a report citing uncitable evidence, naming the items', async () => {
    const made = await investigatingCase();
    await showFacts(made.id);
    const body = {
      background: ['测试对象，中共党员'],
      facts: ['违规支出集体资金3万元'],
      attitude: [],
      proposal: '建议给予党内警告处分',
    };
    // No register yet: nothing is citable.
    const none = await zone1.put(`/api/cases/${made.id}/report`, { ...body, evidenceIds: [good[0]] });
    expect(none.statusCode).toBe(409);
    expect(none.json().error).toMatchObject({ code: 'CASE_EVIDENCE_UNCITABLE', details: { items: [{ id: good[0] }] } });
    registerCitationCheck(async (_tx, _caseId, wanted) =>
      wanted.filter((id) => !good.includes(id)).map((id) => ({ id, reason: '缺少收集人签名' })),
    );
    const ctx = await ctxAs(env, 'zone1');
    expect(await uncitableEvidence(ctx, made.id, [good[0]!, bad])).toEqual([{ id: bad, reason: '缺少收集人签名' }]);
    const refused = await zone1.put(`/api/cases/${made.id}/report`, { ...body, evidenceIds: [good[0], bad] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain(bad);
    expect(refused.json().error.message).toContain('缺少收集人签名');
    expect((await zone1.get(`/api/cases/${made.id}/conclusion`)).json().report).toBeNull();
    const saved = await zone1.put(`/api/cases/${made.id}/report`, { ...body, evidenceIds: good });
    expect(saved.statusCode, saved.body).toBe(200);
    // Not on the team: refused even with the case in scope (casemgr supervises it).
    const casemgr = await env.as('casemgr');
    const outsider = await casemgr.put(`/api/cases/${made.id}/report`, { ...body, evidenceIds: [], version: 1 });
    expect(outsider.json().error.code).toBe('CASE_REPORT_NOT_MEMBER');
  });

  it('needs every signature and the attachments; returned goes back, approved transfers to review; closing files with the higher organ', async () => {
    registerCitationCheck(async (_tx, _caseId, wanted) =>
      wanted.filter((id) => !good.includes(id)).map((id) => ({ id, reason: '不属于本案' })),
    );
    const made = await investigatingCase();
    await showFacts(made.id);
    const body = {
      background: ['测试对象，男，1975年出生，中共党员'],
      facts: ['2025年违规支出村集体资金3万元'],
      attitude: ['本人拒绝签署事实材料，申辩称系集体决定，经核实不属实'],
      proposal: '建议给予党内警告处分',
      evidenceIds: good,
    };
    let saved = (await zone1.put(`/api/cases/${made.id}/report`, body)).json();
    const sign = (c: Client, hash = saved.contentHash) =>
      c.post(`/api/cases/${made.id}/report/signatures`, { contentHash: hash });
    const submit = async (over: Record<string, unknown> = {}) =>
      zone1.post(`/api/cases/${made.id}/report/submission`, {
        version: saved.version,
        caseVersion: (await row(made.id)).version,
        attachments: ATTACHMENTS,
        ...over,
      });
    expect((await sign(zone1)).statusCode).toBe(201);
    expect((await sign(office1)).statusCode).toBe(201);
    // A second signature of the same text is refused.
    expect((await sign(office1)).statusCode).toBe(409);
    // tstaff1 has not signed: refused, naming them.
    const unsigned = await submit();
    expect(unsigned.statusCode).toBe(409);
    expect(unsigned.json().error).toMatchObject({ code: 'CASE_REPORT_UNSIGNED', details: { missing: ['纪检干事'] } });
    // A change of text voids the two signatures.
    saved = (
      await office1.put(`/api/cases/${made.id}/report`, {
        ...body,
        proposal: '建议给予党内严重警告处分',
        version: saved.version,
      })
    ).json();
    expect(saved.voided).toBe(2);
    const stale = await sign(tstaff1, '0'.repeat(64));
    expect(stale.statusCode, stale.body).toBe(409);
    for (const c of [zone1, office1, tstaff1]) expect((await sign(c)).statusCode).toBe(201);
    // No discussion recorded yet.
    const undiscussed = await submit();
    expect(undiscussed.json().error).toMatchObject({
      code: 'CASE_DISCUSSION_INCOMPLETE',
      details: { reason: 'no_discussion' },
    });
    const r = await row(made.id);
    const incomplete = await zone1.post(`/api/cases/${made.id}/discussions`, {
      version: r.version,
      heldOn: r.filed_on,
      present: [ids.zone1, ids.office1],
      absent: [],
      conclusion: '同意报告',
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error).toMatchObject({
      code: 'CASE_DISCUSSION_INCOMPLETE',
      details: { missing: ['纪检干事'] },
    });
    const discussed = await zone1.post(`/api/cases/${made.id}/discussions`, {
      version: r.version,
      heldOn: r.filed_on,
      present: [ids.zone1, ids.office1],
      absent: [{ userId: ids.tstaff1, reason: '外出培训' }],
      conclusion: '经集体讨论，同意审查调查报告',
    });
    expect(discussed.statusCode, discussed.body).toBe(201);
    // The attachments must each be noted.
    const noNote = await submit({ attachments: { ...ATTACHMENTS, propertyReport: { attached: false } } });
    expect(noNote.json().error).toMatchObject({
      code: 'CASE_REPORT_ATTACHMENTS',
      details: { missing: ['propertyReport'] },
    });
    const sent = await submit();
    expect(sent.statusCode, sent.body).toBe(201);
    expect((await row(made.id)).status).toBe('reported');
    const chain = await env
      .ctx()
      .db.selectFrom('approval_steps')
      .select('post')
      .where('approval_id', '=', sent.json().approvalId)
      .orderBy('seq')
      .execute();
    expect(chain.at(-1)!.post).toBe('principal_leader');
    // While it is being approved, the text is frozen.
    const frozen = await zone1.put(`/api/cases/${made.id}/report`, { ...body, version: sent.json().version });
    expect(frozen.json().error.code).toBe('CASE_TRANSITION');
    // Returned: back to facts_shown; the team resubmits (signatures over the same text still hold).
    await decideAll(env, sent.json().approvalId, 'return');
    expect((await row(made.id)).status).toBe('facts_shown');
    // The report took the return itself: the approvals page may not resubmit it (a new text goes
    // through the case page as a new approval), and does not offer to.
    const onPage = (await zone1.get(`/api/approvals/${sent.json().approvalId}`)).json();
    expect(onPage).toMatchObject({ status: 'returned', abilities: { resubmit: false } });
    const fromPage = await zone1.post(`/api/approvals/${sent.json().approvalId}/resubmit`, {
      content: { summary: '另拟' },
      version: onPage.version,
    });
    expect(fromPage.json().error).toMatchObject({
      code: 'APPROVAL_RESUBMIT_ON_RECORD',
      details: { action: 'case.investigation_report' },
    });
    let view = (await zone1.get(`/api/cases/${made.id}/conclusion`)).json();
    expect(view.report.status).toBe('returned');
    saved = { ...saved, version: view.report.version };
    const again = await submit();
    expect(again.statusCode, again.body).toBe(201);
    const investigationClock = () =>
      env
        .ctx()
        .db.selectFrom('deadlines')
        .select(['met_at', 'end_reason'])
        .where('resource_type', '=', 'case')
        .where('resource_id', '=', made.id)
        .where('kind', '=', 'investigation')
        .executeTakeFirstOrThrow();
    expect((await investigationClock()).met_at).toBeNull();
    await decideAll(env, again.json().approvalId);
    expect((await row(made.id)).status).toBe('transferred');
    // The investigation is over: timer 12 is met at the transfer, not left to run out.
    expect(await investigationClock()).toMatchObject({ end_reason: 'met' });
    expect((await investigationClock()).met_at).not.toBeNull();
    const ctx = await ctxAs(env, 'casemgr');
    const waiting = await casesAwaitingReview(ctx);
    expect(waiting.find((w) => w.id === made.id)).toMatchObject({
      number: made.number,
      reportApprovalId: again.json().approvalId,
    });
    // The review stage took it over in the same transaction: its review awaits acceptance.
    expect(await reviewOfCase(ctx, made.id)).toMatchObject({ status: 'awaiting', case_number: made.number });
    // Closing (the review stage calls it) opens timer 34; the filing with the higher organ meets it.
    const transferredVersion = (await row(made.id)).version;
    const closed = await inTransaction(ctx, async (tx) =>
      closeCase(tx, made.id, transferredVersion, { note: '审理终结' }),
    );
    expect(closed.higherDueOn).toBeTruthy();
    const before = await env
      .ctx()
      .db.selectFrom('deadlines')
      .select(['due_on', 'met_at'])
      .where('resource_id', '=', made.id)
      .where('kind', '=', 'case_filing_higher')
      .executeTakeFirstOrThrow();
    expect(before.met_at).toBeNull();
    expect(before.due_on).toBe(closed.higherDueOn);
    view = (await zone1.get(`/api/cases/${made.id}/conclusion`)).json();
    expect(view.closing).toMatchObject({ higherDueOn: closed.higherDueOn, higherFiledOn: null, overdue: false });
    // Past the due date and not filed: overdue (the console says so); the clock is put back after.
    env.clock.advance(15 * 86_400_000);
    try {
      const lateView = (await (await env.as('zone1')).get(`/api/cases/${made.id}/conclusion`)).json();
      expect(lateView.closing).toMatchObject({ higherFiledOn: null, overdue: true });
    } finally {
      env.clock.advance(-15 * 86_400_000);
    }
    const early = await zone1.post(`/api/cases/${made.id}/higher-filing`, {
      version: view.closing.version,
      filedOn: '2026-01-01',
      documentNumber: '渑纪备〔2026〕1号',
    });
    expect(early.json().error.code).toBe('VALIDATION_FAILED');
    const filed = await zone1.post(`/api/cases/${made.id}/higher-filing`, {
      version: view.closing.version,
      filedOn: view.closing.closedOn,
      documentNumber: '渑纪备〔2026〕1号',
    });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json()).toMatchObject({ late: false, dueOn: closed.higherDueOn });
    const after = await env
      .ctx()
      .db.selectFrom('deadlines')
      .select('met_at')
      .where('resource_id', '=', made.id)
      .where('kind', '=', 'case_filing_higher')
      .executeTakeFirstOrThrow();
    expect(after.met_at).not.toBeNull();
    expect((await zone1.get(`/api/cases/${made.id}/conclusion`)).json().closing).toMatchObject({
      higherFiledOn: view.closing.closedOn,
      late: false,
      overdue: false,
    });
    const twice = await zone1.post(`/api/cases/${made.id}/higher-filing`, {
      version: filed.json().version,
      filedOn: view.closing.closedOn,
      documentNumber: '渑纪备〔2026〕2号',
    });
    expect(twice.json().error.code).toBe('CASE_TRANSITION');

    // The four documents, read back as a reader would: number, subject, handling unit.
    const kase = await row(made.id);
    const unit = (
      await env
        .ctx()
        .db.selectFrom('units')
        .select('name')
        .where('id', '=', kase.handling_unit_id)
        .executeTakeFirstOrThrow()
    ).name;
    const words: Record<string, string[]> = {
      case_filing_form: ['立案审查调查呈批报告', '同意', '违规使用村集体资金'],
      case_filing_decision: ['立案决定书', '决定对'],
      case_filing_notice: ['立案通知书', '特此通知'],
      investigation_report: [
        '审查调查报告',
        '2025年违规支出村集体资金3万元',
        '纪检干事（已签字）',
        '涉案财物报告：未附',
      ],
    };
    for (const [doc, expected] of Object.entries(words)) {
      const pdf = await zone1.get(`/api/cases/${made.id}/documents/${doc}.pdf`);
      expect(pdf.statusCode, `${doc} ${pdf.body.slice(0, 200)}`).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const text = pdfText(pdf.rawPayload);
      for (const w of [kase.number!, kase.subject_name, unit, ...expected])
        expect(text, `${doc}: ${w}`).toContain(w.replace(/\s+/g, ''));
      const docx = await zone1.get(`/api/cases/${made.id}/documents/${doc}.docx`);
      expect(docx.statusCode).toBe(200);
      const xml = await docxText(docx.rawPayload);
      for (const w of [kase.number!, kase.subject_name, unit]) expect(xml, `${doc}.docx: ${w}`).toContain(w);
    }
    expect((await zone1.get(`/api/cases/${made.id}/documents/no_such_document.pdf`)).statusCode).toBe(404);
    const lineOnly = await (await env.as('township1')).get(`/api/cases/${made.id}/documents/case_filing_decision.pdf`);
    expect(lineOnly.json().error.code).toBe('NEED_TO_KNOW');
    const audited = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', made.id)
      .where('action', '=', 'case.document')
      .execute();
    expect(audited.length).toBe(8);
  });

  it('has no 立案决定书 before the filing is approved; the 呈批报告 exists from the request', async () => {
    const made = await makeCase(env, { approve: false });
    const casemgr = await env.as('casemgr');
    const decision = await casemgr.get(`/api/cases/${made.id}/documents/case_filing_decision.pdf`);
    expect(decision.statusCode).toBe(409);
    expect(decision.json().error.code).toBe('CASE_TRANSITION');
    const request = await casemgr.get(`/api/cases/${made.id}/documents/case_filing_form.pdf`);
    expect(request.statusCode).toBe(200);
    expect(pdfText(request.rawPayload)).toContain('（批准立案后编号）');
  });

  it("serves every part's documents through one registry, passing the record a document is about", async () => {
    registerCaseDocument(`test_note_${name}`, async (_tx, row, { recordId }) => ({
      title: '测试文书',
      blocks: [{ kind: 'paragraph', text: `${row.number ?? ''}记录${recordId ?? '无'}` }],
    }));
    expect(() => registerCaseDocument(`test_note_${name}`, async () => ({ title: '重复', blocks: [] }))).toThrow();
    const made = await makeCase(env);
    const recordId = newId();
    const casemgr = await env.as('casemgr');
    const res = await casemgr.get(`/api/cases/${made.id}/documents/test_note_${name}.pdf?recordId=${recordId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(pdfText(res.rawPayload)).toContain(`${made.number}记录${recordId}`);
    const bad = await casemgr.get(`/api/cases/${made.id}/documents/test_note_${name}.pdf?recordId=x&other=1`);
    expect(bad.statusCode).toBe(400);
  });
});
