import JSZip from 'jszip';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { closedCase, makeCase } from '../../test/case-factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

const SELF = { handling: { mode: 'self' as const, reason: 'simple' } };
const DAY = 24 * 3600_000;

describe.each(testDialects())('quality review (案件质量评查) on $name', ({ name }) => {
  let env: TestEnv;
  const c: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  const units: Record<string, string> = {};

  /** Signs everyone in again (sessions lapse when the clock moves weeks ahead). */
  async function signIn() {
    for (const u of ['reviewer', 'casemgr', 'zone1', 'office1', 'township1', 'township2', 'tstaff1', 'village1'])
      c[u] = await env.as(u);
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username', 'unit_id']).execute();
    for (const u of users) {
      ids[u.username] = u.id;
      units[u.username] = u.unit_id ?? '';
    }
  });
  afterAll(async () => env?.close());
  beforeEach(signIn);

  const plusDays = (n: number) => toShanghaiDate(new Date(env.clock.nowMs() + n * DAY).toISOString());

  /** An evidence item with full provenance, or lacking what `over` removes. */
  const evidence = (over: Record<string, unknown> = {}) => ({
    type: 'documentary',
    title: '村集体资金支出凭证',
    source: '某村村民委员会（会计王某）',
    collectorIds: [ids.tstaff1, ids.office1],
    collectedAt: '2026-11-20T02:00:00.000Z',
    place: '某村村委会办公室',
    method: '调取',
    original: true,
    signed: true,
    ...over,
  });

  /** A closed township1 case (self-handled by its commission), with one evidence item (complete unless `lacking`). */
  async function township1Case(opts: { lacking?: boolean; documents?: string[]; higherFiling?: boolean } = {}) {
    return closedCase(env, {
      filing: SELF,
      investigate: async (caseId) => {
        const res = await c.tstaff1!.post(
          `/api/cases/${caseId}/evidence`,
          evidence(opts.lacking ? { collectorIds: [ids.tstaff1] } : {}),
        );
        expect(res.statusCode, res.body).toBe(201);
        return opts.lacking ? [] : [res.json<{ id: string }>().id];
      },
      ...(opts.documents ? { documents: opts.documents } : {}),
      ...(opts.higherFiling === false ? { higherFiling: false } : {}),
    });
  }

  async function openReview(panel: string[], by = 'reviewer'): Promise<string> {
    const res = await c[by]!.post('/api/quality-reviews', {
      title: '2026年第四季度案件质量评查',
      kind: 'periodic',
      periodLabel: '2026年第四季度',
      panel: panel.map((u) => ids[u]),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  async function review(id: string, as = 'reviewer') {
    const res = await c[as]!.get(`/api/quality-reviews/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{
      version: number;
      cases: {
        caseId: string;
        status: string;
        version: number;
        score: number | null;
        grade: string | null;
        results: {
          code: string;
          automatic: boolean;
          outcome: string | null;
          details: { id: string; text: string }[];
        }[];
      }[];
    }>();
  }

  async function pick(reviewId: string, caseId: string, examiner: string, by = 'reviewer') {
    return c[by]!.post(`/api/quality-reviews/${reviewId}/cases`, {
      version: (await review(reviewId, by)).version,
      caseId,
      examinerId: ids[examiner],
    });
  }

  it('finds exactly the seeded faults automatically, and nothing on a clean case', async () => {
    const clean = await township1Case();
    const faulty = await township1Case({
      lacking: true,
      documents: ['case_filing_decision', 'case_filing_notice'],
      higherFiling: false,
    });
    // The review comes two months later: the faulty case's filing with the higher organ never happened.
    env.clock.advance(60 * DAY);
    await signIn();
    const id = await openReview(['zone1', 'township2']);
    expect((await pick(id, clean.id, 'zone1')).statusCode).toBe(201);
    const picked = await pick(id, faulty.id, 'township2');
    expect(picked.statusCode, picked.body).toBe(201);
    const view = await review(id);
    const auto = (caseId: string) => view.cases.find((x) => x.caseId === caseId)!.results.filter((r) => r.automatic);
    expect(auto(clean.id).map((r) => [r.code, r.outcome, r.details.length])).toEqual([
      ['evidence_provenance', 'pass', 0],
      ['clock_missed', 'pass', 0],
      ['document_missing', 'pass', 0],
    ]);
    const found = Object.fromEntries(auto(faulty.id).map((r) => [r.code, r]));
    expect(found.evidence_provenance!.outcome).toBe('fault');
    expect(found.evidence_provenance!.details).toHaveLength(1);
    expect(found.evidence_provenance!.details[0]!.text).toContain('收集人');
    const higher = await env
      .ctx()
      .db.selectFrom('deadlines')
      .select('id')
      .where('resource_id', '=', faulty.id)
      .where('kind', '=', 'case_filing_higher')
      .executeTakeFirstOrThrow();
    expect(found.clock_missed!.outcome).toBe('fault');
    expect(found.clock_missed!.details.map((d) => d.id)).toEqual([higher.id]);
    expect(found.document_missing!.outcome).toBe('fault');
    expect(found.document_missing!.details.map((d) => d.id)).toEqual(['investigation_report']);
    // The manual items wait for the examiner.
    expect(view.cases[0]!.results.filter((r) => !r.automatic).every((r) => r.outcome === null)).toBe(true);
  }, 60_000);

  it("refuses a panel member from the case's township and one who investigated it, writing nothing", async () => {
    const kase = await township1Case();
    const open = await makeCase(env, { filing: SELF });
    const id = await openReview(['township1', 'office1', 'township2']);
    const own = await pick(id, kase.id, 'township1');
    expect(own.statusCode).toBe(409);
    expect(own.json().error.code).toBe('QUALITY_OWN_TOWNSHIP');
    expect(own.json().error.message).toContain('不得评查本单位');
    const investigator = await pick(id, kase.id, 'office1');
    expect(investigator.statusCode).toBe(409);
    expect(investigator.json().error.code).toBe('CONFLICT_REFUSED');
    expect(JSON.stringify(investigator.json().error.details)).toContain('INVESTIGATED_CASE');
    const outsider = await pick(id, kase.id, 'zone1');
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'examinerId' } });
    const notClosed = await pick(id, open.id, 'township2');
    expect(notClosed.json().error).toMatchObject({ code: 'QUALITY_CASE_NOT_CLOSED', details: { status: 'filed' } });
    expect((await review(id)).cases).toEqual([]);
    const stale = await c.reviewer!.post(`/api/quality-reviews/${id}/cases`, {
      version: 99,
      caseId: kase.id,
      examinerId: ids.township2,
    });
    expect(stale.json().error.code).toBe('CONFLICT');
    expect((await pick(id, kase.id, 'township2')).statusCode).toBe(201);
    expect((await pick(id, kase.id, 'township2')).json().error.code).toBe('QUALITY_CASE_PICKED');
    // Only organisers pick: a panel member with quality.read alone is refused at the route.
    const byPanel = await c.township2!.post(`/api/quality-reviews/${id}/cases`, {
      version: 1,
      caseId: kase.id,
      examinerId: ids.township2,
    });
    expect(byPanel.statusCode).toBe(403);
  }, 60_000);

  it('records results, concludes with a problem list, and walks each problem to confirmation', async () => {
    const kase = await township1Case({ documents: ['case_filing_decision', 'case_filing_notice'] });
    const id = await openReview(['zone1', 'township1']);
    expect((await pick(id, kase.id, 'zone1')).statusCode).toBe(201);
    const base = `/api/quality-reviews/${id}/cases/${kase.id}`;
    const version = async () => (await review(id)).cases[0]!.version;
    // Only the examiner records; a fault needs its note; automatic items are not the examiner's.
    const notExaminer = await c.township1!.put(`${base}/results`, {
      version: await version(),
      items: [{ code: 'wrong_article', outcome: 'pass' }],
    });
    expect(notExaminer.json().error.code).toBe('QUALITY_NOT_EXAMINER');
    const noNote = await c.zone1!.put(`${base}/results`, {
      version: await version(),
      items: [{ code: 'wrong_article', outcome: 'fault' }],
    });
    expect(noNote.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { code: 'wrong_article' } });
    const automatic = await c.zone1!.put(`${base}/results`, {
      version: await version(),
      items: [{ code: 'document_missing', outcome: 'pass' }],
    });
    expect(automatic.statusCode).toBe(400);
    const recorded = await c.zone1!.put(`${base}/results`, {
      version: await version(),
      items: [{ code: 'wrong_article', outcome: 'fault', note: '处分依据引用第一百零二条有误，应为第一百零三条' }],
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    // The review cannot close while a case is being examined.
    const closeEarly = await c.reviewer!.post(`/api/quality-reviews/${id}/closure`, {
      version: (await review(id)).version,
    });
    expect(closeEarly.json().error).toMatchObject({ code: 'QUALITY_CASE_STATE', details: { examining: [kase.id] } });
    // Out of order: concluding with items unrecorded.
    const early = await c.zone1!.post(`${base}/conclusion`, { version: await version(), dueOn: plusDays(30) });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'QUALITY_ITEMS_INCOMPLETE',
      details: { missing: ['procedure_skipped', 'facts_unclear', 'document_nonstandard'] },
    });
    const noDoc = await c.zone1!.get(`${base}/documents/problem_list.pdf`);
    expect(noDoc.json().error.code).toBe('QUALITY_CASE_STATE');
    await c.zone1!.put(`${base}/results`, {
      version: await version(),
      items: ['procedure_skipped', 'facts_unclear', 'document_nonstandard'].map((code) => ({ code, outcome: 'pass' })),
    });
    const past = await c.zone1!.post(`${base}/conclusion`, { version: await version(), dueOn: plusDays(-1) });
    expect(past.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'dueOn' } });
    const wrongOwner = await c.zone1!.post(`${base}/conclusion`, {
      version: await version(),
      dueOn: plusDays(30),
      ownerUserId: ids.township2,
    });
    expect(wrongOwner.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'ownerUserId' } });
    const concluded = await c.zone1!.post(`${base}/conclusion`, {
      version: await version(),
      dueOn: plusDays(30),
      ownerUserId: ids.tstaff1,
    });
    expect(concluded.statusCode, concluded.body).toBe(201);
    // 文书缺失 (10) and 引用条款错误 (15): 75, 合格.
    expect((await review(id)).cases[0]).toMatchObject({ status: 'concluded', score: 75, grade: 'qualified' });
    const again = await c.zone1!.post(`${base}/conclusion`, { version: await version(), dueOn: plusDays(30) });
    expect(again.json().error.code).toBe('QUALITY_CASE_STATE');
    const closed = await c.reviewer!.post(`/api/quality-reviews/${id}/closure`, {
      version: (await review(id)).version,
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('concluded');
    const closedTwice = await c.reviewer!.post(`/api/quality-reviews/${id}/closure`, {
      version: closed.json().version,
    });
    expect(closedTwice.json().error.code).toBe('QUALITY_REVIEW_STATE');
    expect((await pick(id, kase.id, 'zone1')).json().error.code).toBe('QUALITY_REVIEW_STATE');

    // The problem list, read back from both formats.
    const unitName = (
      await env.ctx().db.selectFrom('units').select('name').where('id', '=', units.township1!).executeTakeFirstOrThrow()
    ).name;
    const pdf = await c.zone1!.get(`${base}/documents/problem_list.pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, '');
    for (const words of ['案件质量评查问题清单', unitName, '文书缺失', '引用条款错误', '第一百零三条', '75分'])
      expect(text).toContain(words);
    const docx = await docxText((await c.zone1!.get(`${base}/documents/problem_list.docx`)).rawPayload);
    for (const words of ['案件质量评查问题清单', unitName, '未生成审查调查报告', '引用条款错误'])
      expect(docx).toContain(words);

    // The handling unit's ledger: two problems, owned by tstaff1, due in 30 days.
    const ledger = await c.township1!.get(`/api/quality-problems?reviewId=${id}`);
    expect(ledger.statusCode, ledger.body).toBe(200);
    const problems = ledger.json<{
      items: { id: string; itemCode: string; version: number; ownerUserName: string; unitId: string }[];
    }>().items;
    expect(problems.map((p) => p.itemCode)).toEqual(['document_missing', 'wrong_article']);
    expect(problems.every((p) => p.unitId === units.township1 && p.ownerUserName)).toBe(true);
    const [first, second] = problems as [(typeof problems)[0], (typeof problems)[0]];
    const url = (p: { id: string }) => `/api/quality-problems/${p.id}`;
    const current = async (p: { id: string }) =>
      (await c.township1!.get(url(p))).json<{ version: number; status: string; files: unknown[] }>();

    // Rectification is the handling unit's, with evidence.
    const byPanel = await c.zone1!.post(`${url(first)}/rectification`, {
      version: first.version,
      note: '已补制审查调查报告',
    });
    expect(byPanel.json().error.code).toBe('QUALITY_NOT_HANDLING_UNIT');
    const bare = await c.township1!.post(`${url(first)}/rectification`, { version: first.version, note: '已补制' });
    expect(bare.json().error.code).toBe('QUALITY_EVIDENCE_MISSING');
    const upload = await c.township1!.upload(
      `${url(first)}/files`,
      {},
      { name: '整改报告.pdf', bytes: Buffer.from('%PDF-1.4 整改') },
    );
    expect(upload.statusCode, upload.body).toBe(201);
    expect((await current(first)).files).toHaveLength(1);
    const fileId = upload.json<{ id: string }>().id;
    const download = await c.zone1!.get(`${url(first)}/files/${fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.toString()).toBe('%PDF-1.4 整改');
    const rectified = await c.township1!.post(`${url(first)}/rectification`, {
      version: (await current(first)).version,
      note: '已补制审查调查报告并归档',
    });
    expect(rectified.statusCode, rectified.body).toBe(200);
    expect(rectified.json().status).toBe('submitted');
    const twice = await c.township1!.post(`${url(first)}/rectification`, {
      version: rectified.json().version,
      note: '再报',
    });
    expect(twice.json().error.code).toBe('QUALITY_PROBLEM_STATE');
    const lateFile = await c.township1!.upload(`${url(first)}/files`, {}, { name: 'x.pdf', bytes: Buffer.from('x') });
    expect(lateFile.json().error.code).toBe('QUALITY_PROBLEM_STATE');

    // Confirmation is the panel's, never the rectifier's own.
    const notPanel = await c.casemgr!.post(`${url(first)}/confirmation`, {
      version: rectified.json().version,
      accepted: true,
    });
    expect(notPanel.json().error.code).toBe('QUALITY_NOT_PANEL');
    const self = await c.township1!.post(`${url(first)}/confirmation`, {
      version: rectified.json().version,
      accepted: true,
    });
    expect(self.json().error.code).toBe('QUALITY_SELF_CONFIRM');
    const unexplained = await c.zone1!.post(`${url(first)}/confirmation`, {
      version: rectified.json().version,
      accepted: false,
    });
    expect(unexplained.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'note' } });
    const back = await c.zone1!.post(`${url(first)}/confirmation`, {
      version: rectified.json().version,
      accepted: false,
      note: '报告未经集体讨论，请补充',
    });
    expect(back.json()).toMatchObject({ status: 'open', returnedNote: '报告未经集体讨论，请补充' });
    const resent = await c.township1!.post(`${url(first)}/rectification`, {
      version: back.json().version,
      note: '已补充集体讨论记录',
    });
    expect(resent.statusCode, resent.body).toBe(200);
    const confirmed = await c.zone1!.post(`${url(first)}/confirmation`, {
      version: resent.json().version,
      accepted: true,
    });
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', overdue: false });
    const reconfirm = await c.zone1!.post(`${url(first)}/confirmation`, {
      version: confirmed.json().version,
      accepted: true,
    });
    expect(reconfirm.json().error.code).toBe('QUALITY_PROBLEM_STATE');
    // Confirming an open problem is out of order too.
    const openOne = await c.zone1!.post(`${url(second)}/confirmation`, { version: second.version, accepted: true });
    expect(openOne.json().error.code).toBe('QUALITY_PROBLEM_STATE');

    // The rectification ledger took both problems over and followed every step of the first:
    // submitted, sent back (a rejection with the reason), submitted again, confirmed (销号).
    const ledgerItems = await env
      .ctx()
      .db.selectFrom('rectification_items')
      .selectAll()
      .where('source_kind', '=', 'quality_review')
      .where('source_id', 'in', [first.id, second.id])
      .orderBy('problem')
      .execute();
    expect(ledgerItems).toHaveLength(2);
    const itemOf = (p: { id: string }) => ledgerItems.find((i) => i.source_id === p.id)!;
    expect(itemOf(first)).toMatchObject({ status: 'closed', owner_unit_id: units.township1, rejections: 1 });
    expect(itemOf(first).last_rejection).toBe('报告未经集体讨论，请补充');
    expect(itemOf(second)).toMatchObject({ status: 'open', owner_unit_id: units.township1 });
    expect((await current(first)) as unknown).toMatchObject({ rectificationItemId: itemOf(first).id });
    const steps = await env
      .ctx()
      .db.selectFrom('rectification_events')
      .select('kind')
      .where('item_id', '=', itemOf(first).id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(steps.map((e) => e.kind)).toEqual(['created', 'submitted', 'rejected', 'submitted', 'accepted']);
    // Worked on the review's pages: the ledger refuses its own steps on it.
    const ledgerStep = await c.township1!.post(`/api/rectification-items/${itemOf(second).id}/start`, {
      version: itemOf(second).version,
    });
    expect(ledgerStep.json().error.code).toBe('RECTIFICATION_WORKED_AT_SOURCE');

    // Counted per unit; past the due date the open one is overdue, first in the ledger and on the workbench.
    const counts = async () =>
      (await c.township1!.get('/api/quality-problems/unit-counts'))
        .json<{ items: { unitId: string; outstanding: number; overdue: number; confirmed: number }[] }>()
        .items.find((x) => x.unitId === units.township1);
    expect(await counts()).toMatchObject({ outstanding: 1, overdue: 0, confirmed: 1 });
    env.clock.advance(31 * DAY);
    await signIn();
    expect(await counts()).toMatchObject({ outstanding: 1, overdue: 1, confirmed: 1 });
    const overdue = (await c.township1!.get(`/api/quality-problems?overdue=true&reviewId=${id}`)).json<{
      items: { id: string }[];
      total: number;
    }>();
    expect(overdue.items.map((p) => p.id)).toEqual([second.id]);
    const cards = (await c.township1!.get('/api/workbench')).json<{
      cards: { key: string; count: number; items: { id: string; overdue: boolean }[] }[];
    }>().cards;
    const card = cards.find((x) => x.key === 'quality.problems')!;
    expect(card.items[0]).toMatchObject({ id: second.id, overdue: true });
    expect(card.items.some((i) => i.id === first.id)).toBe(false);
    // Every step left its audit event.
    const actions = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', first.id)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'quality.problem_file',
      'quality.problem_file_read',
      'quality.problem_rectify',
      'quality.problem_return',
      'quality.problem_rectify',
      'quality.problem_confirm',
    ]);
  }, 90_000);

  it('keeps reviews and problems to the organiser side and the handling unit: 404 elsewhere', async () => {
    const kase = await township1Case({ documents: ['case_filing_decision'] });
    const id = await openReview(['zone1', 'reviewer']);
    expect((await pick(id, kase.id, 'zone1')).statusCode).toBe(201);
    const base = `/api/quality-reviews/${id}/cases/${kase.id}`;
    const v = (await review(id)).cases[0]!.version;
    await c.zone1!.put(`${base}/results`, {
      version: v,
      items: ['wrong_article', 'procedure_skipped', 'facts_unclear', 'document_nonstandard'].map((code) => ({
        code,
        outcome: 'pass',
      })),
    });
    const done = await c.zone1!.post(`${base}/conclusion`, { version: v + 1, dueOn: plusDays(10) });
    expect(done.statusCode, done.body).toBe(201);
    const problem = (await c.township1!.get(`/api/quality-problems?reviewId=${id}`)).json<{ items: { id: string }[] }>()
      .items[0]!;
    // township2: another township's secretary, not on this panel.
    expect((await c.township2!.get(`/api/quality-reviews/${id}`)).statusCode).toBe(404);
    expect((await c.township2!.get(`/api/quality-problems/${problem.id}`)).statusCode).toBe(404);
    expect((await c.township2!.get(`${base}/documents/problem_list.pdf`)).statusCode).toBe(404);
    const theirs = (await c.township2!.get(`/api/quality-problems?reviewId=${id}`)).json<{ total: number }>();
    expect(theirs.total).toBe(0);
    const lines = (await c.township2!.get('/api/quality-reviews')).json<{ items: { id: string }[] }>();
    expect(lines.items.some((r) => r.id === id)).toBe(false);
    // The handling unit sees its problem, not the review; the panel sees both.
    expect((await c.township1!.get(`/api/quality-problems/${problem.id}`)).statusCode).toBe(200);
    expect((await c.zone1!.get(`/api/quality-problems/${problem.id}`)).statusCode).toBe(200);
    expect((await c.casemgr!.get(`/api/quality-reviews/${id}`)).statusCode).toBe(200);
    // No permission: 403; anonymous: 401.
    expect((await c.tstaff1!.get(`/api/quality-problems/${problem.id}`)).statusCode).toBe(403);
    expect((await c.village1!.get('/api/quality-reviews')).statusCode).toBe(403);
    expect((await env.anon().get('/api/quality-problems')).statusCode).toBe(401);
  }, 60_000);

  it('refuses bad input with its code, and a county checklist applies to reviews opened after it', async () => {
    const one = await c.reviewer!.post('/api/quality-reviews', { title: '评查', kind: 'ad_hoc', panel: [ids.zone1] });
    expect(one.statusCode).toBe(400);
    const twice = await c.reviewer!.post('/api/quality-reviews', {
      title: '评查',
      kind: 'ad_hoc',
      panel: [ids.zone1, ids.zone1],
    });
    expect(twice.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'panel' } });
    const kind = await c.reviewer!.post('/api/quality-reviews', {
      title: '评查',
      kind: 'weekly',
      panel: [ids.zone1, ids.township2],
    });
    expect(kind.json().error.code).toBe('VALIDATION_FAILED');
    const extra = await c.reviewer!.post('/api/quality-reviews', {
      title: '评查',
      kind: 'ad_hoc',
      panel: [ids.zone1, ids.township2],
      secret: 1,
    });
    expect(extra.statusCode).toBe(400);
    const before = await openReview(['zone1', 'township2']);
    const list = (await c.reviewer!.get('/api/quality-checklist')).json<{ own: boolean; items: { code: string }[] }>();
    expect(list.own).toBe(false);
    const items = [
      {
        code: 'evidence_provenance',
        label: '证据无来源',
        severity: 'major',
        weight: 10,
        autoCheck: 'evidence_provenance',
      },
      { code: 'clue_source', label: '线索来源不清', severity: 'minor', weight: 5, autoCheck: null },
    ];
    const repeated = await c.reviewer!.put('/api/quality-checklist', {
      items: [items[0], { ...items[1], code: 'evidence_provenance' }],
    });
    expect(repeated.json().error).toMatchObject({ code: 'QUALITY_CHECKLIST_INVALID', details: { reason: 'codes' } });
    const sameCheck = await c.reviewer!.put('/api/quality-checklist', {
      items: [items[0], { ...items[1], autoCheck: 'evidence_provenance' }],
    });
    expect(sameCheck.json().error).toMatchObject({
      code: 'QUALITY_CHECKLIST_INVALID',
      details: { reason: 'auto_check' },
    });
    expect((await c.township1!.put('/api/quality-checklist', { items })).statusCode).toBe(403);
    const saved = await c.reviewer!.put('/api/quality-checklist', { items });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      own: true,
      items: [{ code: 'evidence_provenance' }, { code: 'clue_source' }],
    });
    const after = await openReview(['zone1', 'township2']);
    const frozen = (r: string) =>
      c
        .reviewer!.get(`/api/quality-reviews/${r}`)
        .then((x) => x.json<{ checklist: { code: string }[] }>().checklist.map((i) => i.code));
    expect(await frozen(before)).toHaveLength(7);
    expect(await frozen(after)).toEqual(['evidence_provenance', 'clue_source']);
    const badFilter = await c.reviewer!.get('/api/quality-problems?status=lost');
    expect(badFilter.json().error.code).toBe('VALIDATION_FAILED');
  });
});
