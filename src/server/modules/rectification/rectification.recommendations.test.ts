import JSZip from 'jszip';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { decideAll } from '../../test/case-factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

const DAY = 24 * 3600_000;

interface View {
  id: string;
  status: string;
  approvalId: string | null;
  approvalStatus: string | null;
  number: string | null;
  missing: string[];
  replyDueOn: string | null;
  replyOverdue: boolean;
  accountabilityFlaggedAt: string | null;
  refusalJustified: boolean | null;
  items: { id: string; problem: string; dueOn: string; status: string }[];
  canManage: boolean;
  canRespond: boolean;
  version: number;
}

describe.each(testDialects())('recommendations (监察建议书 / 纪律检查建议书) on $name', ({ name }) => {
  let env: TestEnv;
  const c: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  const units: Record<string, string> = {};
  let unitNames: Map<string, string>;

  async function signIn() {
    for (const u of ['township1', 'township2', 'vcadre1', 'supervisor', 'intake']) c[u] = await env.as(u);
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username', 'unit_id']).execute();
    for (const u of users) {
      ids[u.username] = u.id;
      units[u.username] = u.unit_id ?? '';
    }
    unitNames = new Map(
      (await env.ctx().db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]),
    );
  });
  afterAll(async () => env?.close());
  beforeEach(signIn);

  const plusDays = (n: number) => toShanghaiDate(new Date(env.clock.nowMs() + n * DAY).toISOString());

  const content = () => ({
    recipientPrincipal: '王村长',
    situation: '2026年第三季度专项检查中，抽查该村集体资金支出凭证42份。',
    problems: '一是大额支出未经村民代表会议决议；二是报账凭证不全。原因在于村务监督委员会监督缺位。',
    requirements: '建立集体资金大额支出民主决策台账，补齐凭证，开展一次财务公开。',
    deadline: plusDays(30),
    reportBack: '整改完成后形成书面报告，通过平台报送整改情况和佐证材料。',
  });

  /** A draft from `by` (its commission) to the first village's 村民委员会, with `over` merged in. */
  async function draft(by = 'township1', over: Record<string, unknown> = {}): Promise<string> {
    const res = await c[by]!.post('/api/recommendations', {
      kind: 'supervision',
      subject: '关于规范村集体资金管理的监察建议',
      recipientUnitId: units.vcadre1,
      ...content(),
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  async function read(id: string, by = 'township1'): Promise<View> {
    const res = await c[by]!.get(`/api/recommendations/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<View>();
  }

  /** Submits draft `id` for approval (送审) as `by`; the view answered. */
  async function submit(id: string, version: number, by = 'township1'): Promise<View> {
    const res = await c[by]!.post(`/api/recommendations/${id}/submission`, { version });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<View>();
    expect(view).toMatchObject({ status: 'submitted', number: null, approvalStatus: 'pending' });
    return view;
  }

  /** A recommendation drafted, submitted and approved along its chain: issued. */
  async function issued(by = 'township1', over: Record<string, unknown> = {}): Promise<View> {
    const id = await draft(by, over);
    const sent = await submit(id, 1, by);
    await decideAll(env, sent.approvalId!);
    return read(id, by);
  }

  it('refuses to submit a recommendation missing a required part, naming it; once complete the approved chain issues it', async () => {
    const id = await draft('township1', { problems: null, reportBack: '  ' });
    const before = await read(id);
    expect(before.status).toBe('draft');
    expect(before.missing).toEqual(['problems', 'reportBack']);
    const refused = await c.township1!.post(`/api/recommendations/${id}/submission`, { version: 1 });
    expect(refused.statusCode).toBe(409);
    const err = refused.json<{ error: { code: string; message: string; details: { missing: string[] } } }>().error;
    expect(err.code).toBe('RECOMMENDATION_INCOMPLETE');
    expect(err.message).toContain('存在的主要问题及原因');
    expect(err.message).toContain('整改情况反馈方式');
    expect(err.details.missing).toEqual(['problems', 'reportBack']);
    expect(await read(id)).toMatchObject({ number: null, status: 'draft', approvalId: null });
    expect(await env.ctx().db.selectFrom('approvals').select('id').where('resource_id', '=', id).execute()).toEqual([]);

    // The recipient may not edit or issue (no rectification.manage); a stale version conflicts.
    expect((await c.vcadre1!.patch(`/api/recommendations/${id}`, { version: 1, problems: 'x' })).statusCode).toBe(403);
    const stale = await c.township1!.patch(`/api/recommendations/${id}`, { version: 9, problems: '问题' });
    expect(stale.statusCode).toBe(409);
    const patched = await c.township1!.patch(`/api/recommendations/${id}`, {
      version: 1,
      problems: content().problems,
      reportBack: content().reportBack,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<View>().missing).toEqual([]);
    const sent = await submit(id, 2);
    // In the chain: no number, no editing, no second submission; the recipient cannot reply yet.
    const frozen = await c.township1!.patch(`/api/recommendations/${id}`, { version: 3, subject: '另一事项' });
    expect(frozen.json<{ error: { code: string } }>().error.code).toBe('RECOMMENDATION_STATE');
    const again = await c.township1!.post(`/api/recommendations/${id}/submission`, { version: 3 });
    expect(again.json<{ error: { code: string } }>().error.code).toBe('RECOMMENDATION_STATE');
    const early = await c.vcadre1!.post(`/api/recommendations/${id}/reply`, {
      version: 3,
      measures: [{ problem: '大额支出未决议', measures: '补开村民代表会议' }],
    });
    expect(early.json<{ error: { code: string } }>().error.code).toBe('RECOMMENDATION_STATE');
    const approval = await env
      .ctx()
      .db.selectFrom('approvals')
      .select(['action', 'resource_type', 'title', 'content'])
      .where('id', '=', sent.approvalId!)
      .executeTakeFirstOrThrow();
    expect(approval).toMatchObject({ action: 'rectification.recommendation', resource_type: 'recommendation' });
    expect(approval.title).toContain('关于规范村集体资金管理的监察建议');
    expect(JSON.parse(approval.content).summary).toContain('整改期限：2026-12-20');
    // The township's secretary signs as its 主要负责人 (the chain of GZ 第十条, empty posts skipped).
    expect(await decideAll(env, sent.approvalId!)).toBe(1);
    // The 呈批表 reads back with the recommendation's parts as its summary.
    const form = await c.township1!.get(`/api/approvals/${sent.approvalId}/documents/approval_form.pdf`);
    expect(form.statusCode).toBe(200);
    const formText = pdfText(form.rawPayload).replace(/\s+/g, '');
    for (const want of [
      '监察建议书/纪律检查建议书签发呈批表',
      '关于签发《关于规范村集体资金管理的监察建议》监察建议书的请示',
      '拟向',
      '（王村长）制发监察建议书',
      '存在的主要问题及原因：一是大额支出未经村民代表会议决议',
      '整改期限：2026-12-20',
      '主要领导审批',
    ])
      expect(formText, want).toContain(want);
    const view = await read(id);
    expect(view).toMatchObject({ status: 'issued', approvalStatus: 'approved' });
    expect(view.number).toMatch(/^.+纪建〔2026〕\d{4}号$/);
    // No county length for timer supervision_advice_response: the deadline written in it
    // (2026-12-20, a Sunday: counted on to the next working day, TL21 第二百八十五条).
    expect(content().deadline).toBe('2026-12-20');
    expect(view.replyDueOn).toBe('2026-12-21');
    const clock = await env
      .ctx()
      .db.selectFrom('deadlines')
      .select(['kind', 'due_on', 'met_at'])
      .where('resource_type', '=', 'recommendation')
      .where('resource_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(clock).toMatchObject({ kind: 'supervision_advice_response', due_on: '2026-12-21', met_at: null });
    // Issued: no more editing.
    const late = await c.township1!.patch(`/api/recommendations/${id}`, { version: view.version, subject: '另一事项' });
    expect(late.json<{ error: { code: string } }>().error.code).toBe('RECOMMENDATION_STATE');
  });

  it('the chain returns or rejects it back to the draft; with no one to sign nothing is written', async () => {
    const db = env.ctx().db;
    const id = await draft();
    // The recipient may not submit (no rectification.manage), nor another township (out of sight).
    expect((await c.vcadre1!.post(`/api/recommendations/${id}/submission`, { version: 1 })).statusCode).toBe(403);
    expect((await c.township2!.post(`/api/recommendations/${id}/submission`, { version: 1 })).statusCode).toBe(404);
    // Returned with an opinion: back to the draft, editable, no number.
    let sent = await submit(id, 1);
    await decideAll(env, sent.approvalId!, 'return');
    let view = await read(id);
    expect(view).toMatchObject({
      status: 'draft',
      number: null,
      approvalId: sent.approvalId,
      approvalStatus: 'returned',
    });
    const edited = await c.township1!.patch(`/api/recommendations/${id}`, {
      version: view.version,
      requirements: '建立集体资金大额支出民主决策台账，补齐凭证，每季度开展一次财务公开。',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    // The approvals page may not resubmit the old text: the draft is sent again, as a new approval.
    const old = await db
      .selectFrom('approvals')
      .select('version')
      .where('id', '=', sent.approvalId!)
      .executeTakeFirstOrThrow();
    const resubmit = await c.township1!.post(`/api/approvals/${sent.approvalId}/resubmit`, {
      version: old.version,
      content: { summary: '改过的' },
    });
    expect(resubmit.json<{ error: { code: string } }>().error.code).toBe('APPROVAL_RESUBMIT_ON_RECORD');
    // Rejected: back to the draft too.
    sent = await submit(id, edited.json<View>().version);
    await decideAll(env, sent.approvalId!, 'reject');
    view = await read(id);
    expect(view).toMatchObject({ status: 'draft', number: null, approvalStatus: 'rejected' });
    const decided = await db
      .selectFrom('audit_events')
      .select('changes')
      .where('action', '=', 'rectification.recommendation_decided')
      .where('resource_id', '=', id)
      .execute();
    expect(decided).toHaveLength(2);

    // No 主要负责人 in the township's posts: NO_APPROVER, and nothing written (status, version,
    // approvals, number, audit).
    const post = await db
      .selectFrom('approval_posts')
      .select(['id', 'user_id'])
      .where('unit_id', '=', units.township1!)
      .where('post', '=', 'principal_leader')
      .executeTakeFirstOrThrow();
    const approvalsBefore = await db.selectFrom('approvals').select('id').where('resource_id', '=', id).execute();
    const submitsBefore = await db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'rectification.recommendation_submit')
      .where('resource_id', '=', id)
      .execute();
    await db.updateTable('approval_posts').set({ user_id: null }).where('id', '=', post.id).execute();
    try {
      const refused = await c.township1!.post(`/api/recommendations/${id}/submission`, { version: view.version });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('NO_APPROVER');
    } finally {
      await db.updateTable('approval_posts').set({ user_id: post.user_id }).where('id', '=', post.id).execute();
    }
    expect(await read(id)).toMatchObject({ status: 'draft', version: view.version, approvalId: view.approvalId });
    expect(await db.selectFrom('approvals').select('id').where('resource_id', '=', id).execute()).toEqual(
      approvalsBefore,
    );
    expect(
      await db
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'rectification.recommendation_submit')
        .where('resource_id', '=', id)
        .execute(),
    ).toEqual(submitsBefore);
  });

  it('refuses an issuer out of scope, a recipient outside its area, a deadline in the past', async () => {
    const bad = (over: Record<string, unknown>) =>
      c.township1!.post('/api/recommendations', {
        kind: 'discipline',
        subject: '关于某事项的纪律检查建议',
        recipientUnitId: units.vcadre1,
        ...over,
      });
    expect((await bad({ issuerUnitId: units.township2 })).json().error.details.field).toBe('issuerUnitId');
    expect((await bad({ recipientUnitId: units.township1 })).json().error.details.field).toBe('recipientUnitId');
    expect((await bad({ recipientUnitId: units.supervisor })).json().error.details.field).toBe('recipientUnitId');
    expect((await bad({ deadline: plusDays(-1) })).json().error.details.field).toBe('deadline');
    expect((await bad({ sourceId: ids.township1 })).json().error.details.field).toBe('sourceKind');
  });

  it('the recipient replies with two measures: two ledger items with the right source, issuer, owner and due dates', async () => {
    const rec = await issued();
    // The recipient sees it on its workbench and in its list.
    const cards = (await c.vcadre1!.get('/api/workbench')).json<{
      cards: { key: string; items: { id: string }[] }[];
    }>();
    const card = cards.cards.find((k) => k.key === 'rectification.recommendations_received');
    expect(card?.items.map((i) => i.id)).toContain(rec.id);
    const list = (await c.vcadre1!.get('/api/recommendations?status=issued')).json<{ items: View[] }>();
    expect(list.items.map((i) => i.id)).toContain(rec.id);
    const mine = await read(rec.id, 'vcadre1');
    expect(mine).toMatchObject({ canRespond: true, canManage: false });
    // …and was told so: one notification to the recipient's contact, none to the issuer's side.
    const told = async (username: string, kind: string, resourceId: string) =>
      (
        await env
          .ctx()
          .db.selectFrom('notifications as n')
          .innerJoin('users as u', 'u.id', 'n.user_id')
          .select(['n.title', 'n.body'])
          .where('u.username', '=', username)
          .where('n.kind', '=', kind)
          .where('n.resource_id', '=', resourceId)
          .execute()
      ).map((n) => `${n.title} ${n.body}`);
    const issuedNotice = await told('vcadre1', 'recommendation_issued', rec.id);
    expect(issuedNotice).toHaveLength(1);
    expect(issuedNotice[0]).toContain(rec.number!);
    expect(await told('township1', 'recommendation_issued', rec.id)).toEqual([]);
    // The issuer's side does not answer its own recommendation.
    const own = await c.township1!.post(`/api/recommendations/${rec.id}/reply`, {
      version: rec.version,
      measures: [{ problem: '大额支出未决议', measures: '补开村民代表会议' }],
    });
    expect(own.json<{ error: { code: string } }>().error.code).toBe('RECOMMENDATION_NOT_RECIPIENT');
    // A measure due after the recommendation's deadline is refused, nothing written.
    const tooLate = await c.vcadre1!.post(`/api/recommendations/${rec.id}/reply`, {
      version: rec.version,
      measures: [
        { problem: '大额支出未决议', measures: '补开村民代表会议', dueOn: plusDays(10) },
        { problem: '凭证不全', measures: '补齐凭证', dueOn: plusDays(31) },
      ],
    });
    expect(tooLate.statusCode).toBe(400);
    expect(tooLate.json().error.details.field).toBe('measures[1].dueOn');
    const none = await env
      .ctx()
      .db.selectFrom('rectification_items')
      .select('id')
      .where('source_id', '=', rec.id)
      .execute();
    expect(none).toHaveLength(0);

    const res = await c.vcadre1!.post(`/api/recommendations/${rec.id}/reply`, {
      version: rec.version,
      note: '村两委已研究部署整改。',
      measures: [
        { problem: '大额支出未经村民代表会议决议', measures: '补开村民代表会议，建立决策台账', dueOn: plusDays(10) },
        { problem: '报账凭证不全', measures: '补齐凭证，开展财务公开', responsiblePerson: '李会计' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<View>();
    expect(view.status).toBe('replied');
    expect(view.items).toHaveLength(2);
    const items = await env
      .ctx()
      .db.selectFrom('rectification_items')
      .selectAll()
      .where('source_id', '=', rec.id)
      .orderBy('due_on')
      .execute();
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item.source_kind).toBe('supervision_recommendation');
      expect(item.source_document).toContain(rec.number!);
      expect(item.source_document).toContain('关于规范村集体资金管理的监察建议');
      expect(item.issuer_unit_id).toBe(units.township1);
      expect(item.owner_unit_id).toBe(units.vcadre1);
      expect(item.status).toBe('open');
    }
    expect(items.map((i) => i.due_on)).toEqual([plusDays(10), content().deadline]);
    expect(items.map((i) => i.responsible_person)).toEqual(['王村长', '李会计']);
    // The issuer's side hears of the reply; the village contact of each new item's assignment.
    expect(await told('township1', 'recommendation_answered', rec.id)).toHaveLength(1);
    expect(await told('vcadre1', 'recommendation_answered', rec.id)).toEqual([]);
    for (const item of items) expect(await told('vcadre1', 'rectification_assigned', item.id)).toHaveLength(1);
    // The reply clock is met; a second reply is refused.
    const clock = await env
      .ctx()
      .db.selectFrom('deadlines')
      .select('met_at')
      .where('resource_type', '=', 'recommendation')
      .where('resource_id', '=', rec.id)
      .executeTakeFirstOrThrow();
    expect(clock.met_at).not.toBeNull();
    const again = await c.vcadre1!.post(`/api/recommendations/${rec.id}/refusal`, { version: view.version });
    expect(again.json<{ error: { code: string } }>().error.code).toBe('RECOMMENDATION_STATE');
  });

  it('a refusal without reason is recorded for accountability; an objection is ruled on by the issuer', async () => {
    const rec = await issued('supervisor', { kind: 'discipline', subject: '关于落实惠农补贴发放公开的纪律检查建议' });
    expect(rec.number).toMatch(/纪建〔2026〕/);
    for (const format of ['pdf', 'docx'] as const) {
      const doc = await c.supervisor!.get(`/api/recommendations/${rec.id}/documents/recommendation.${format}`);
      expect(doc.statusCode).toBe(200);
      const text = format === 'pdf' ? pdfText(doc.rawPayload) : await docxText(doc.rawPayload);
      for (const p of ['纪律检查建议书', rec.number!, '监督执纪工作规则', '存在的主要问题及原因', '整改情况反馈'])
        expect(text, `${format}: ${p}`).toContain(p);
    }
    const res = await c.vcadre1!.post(`/api/recommendations/${rec.id}/refusal`, { version: rec.version });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<View>();
    expect(view.status).toBe('refused');
    expect(view.accountabilityFlaggedAt).not.toBeNull();
    expect(view.refusalJustified).toBe(false);
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['action', 'changes'])
      .where('resource_id', '=', rec.id)
      .where('action', '=', 'rectification.recommendation_accountability')
      .execute();
    expect(audit).toHaveLength(1);
    // The issuer sees it on its workbench and through the accountability filter.
    const cards = (await c.supervisor!.get('/api/workbench')).json<{
      cards: { key: string; items: { id: string; subtitle: string }[] }[];
    }>();
    const line = cards.cards
      .find((k) => k.key === 'rectification.recommendations_awaiting')
      ?.items.find((i) => i.id === rec.id);
    expect(line?.subtitle).toContain('已记录问责');
    const flagged = (await c.supervisor!.get('/api/recommendations?accountability=true')).json<{ items: View[] }>();
    expect(flagged.items.map((i) => i.id)).toContain(rec.id);

    // An objection with a reason waits for the issuer's ruling; ruled unjustified, it is flagged too.
    const other = await issued();
    const objection = await c.vcadre1!.post(`/api/recommendations/${other.id}/refusal`, {
      version: other.version,
      reason: '该笔支出已于上月经乡镇审核同意。',
    });
    expect(objection.statusCode, objection.body).toBe(200);
    const objected = objection.json<View>();
    expect(objected).toMatchObject({ status: 'refused', accountabilityFlaggedAt: null, refusalJustified: null });
    expect(
      (
        await c.vcadre1!.post(`/api/recommendations/${other.id}/refusal-ruling`, {
          version: objected.version,
          justified: false,
          note: 'x',
        })
      ).statusCode,
    ).toBe(403);
    const ruling = await c.township1!.post(`/api/recommendations/${other.id}/refusal-ruling`, {
      version: objected.version,
      justified: false,
      note: '经核实，乡镇审核意见不能替代村民代表会议决议，理由不成立。',
    });
    expect(ruling.statusCode, ruling.body).toBe(200);
    expect(ruling.json<View>()).toMatchObject({ refusalJustified: false });
    expect(ruling.json<View>().accountabilityFlaggedAt).not.toBeNull();
  });

  it('a refusal without good reason is a 问责 record of the recipient unit, on its page with its 问责记录', async () => {
    interface UnitRecord {
      id: string;
      unitId: string;
      source: string;
      sourceId: string;
      rung: string;
      reason: string;
      content: { text: string; refusalReason: string | null; rulingNote: string | null; basis: string };
      recordedByName: string | null;
      documents: string[];
    }
    const page = async (by: string) => {
      const res = await c[by]!.get(`/api/units/${units.vcadre1}/rectification`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ unitEscalations: UnitRecord[] }>().unitEscalations;
    };
    const recordsOf = (recId: string) =>
      env.ctx().db.selectFrom('rectification_unit_escalations').selectAll().where('source_id', '=', recId).execute();
    const recipientName = unitNames.get(units.vcadre1!)!;
    const strip = (t: string) => t.replace(/\s+/g, '');

    // Refused without a reason: recorded at once, seen by both sides.
    const bare = await issued('township1', { subject: '关于规范村级工程项目管理的监察建议' });
    const refused = await c.vcadre1!.post(`/api/recommendations/${bare.id}/refusal`, { version: bare.version });
    expect(refused.statusCode, refused.body).toBe(200);
    for (const by of ['township1', 'vcadre1']) {
      const rec = (await page(by)).find((r) => r.sourceId === bare.id);
      expect(rec, by).toMatchObject({
        unitId: units.vcadre1,
        source: 'recommendation_refusal',
        rung: 'accountability',
        reason: 'refused_without_reason',
        recordedByName: null,
        documents: ['accountability_record'],
      });
      expect(rec!.content.text).toContain(bare.number!);
    }
    const bareRecord = (await page('township1')).find((r) => r.sourceId === bare.id)!;
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('changes')
      .where('resource_id', '=', bare.id)
      .where('action', '=', 'rectification.recommendation_accountability')
      .executeTakeFirstOrThrow();
    expect(String(audit.changes)).toContain(bareRecord.id);
    for (const format of ['pdf', 'docx'] as const) {
      const doc = await c.township1!.get(
        `/api/rectification-unit-escalations/${bareRecord.id}/documents/accountability_record.${format}`,
      );
      expect(doc.statusCode, doc.body).toBe(200);
      const text = format === 'pdf' ? strip(pdfText(doc.rawPayload)) : await docxText(doc.rawPayload);
      for (const part of [
        '问责记录',
        recipientName,
        bare.number!,
        '关于规范村级工程项目管理的监察建议',
        '未说明任何理由',
        '《中华人民共和国监察法》第七十一条',
        '通报批评',
      ])
        expect(text, `${format}: ${part}`).toContain(part);
    }
    // Another township sees neither the page nor the document; a file kind it lacks is refused.
    expect((await c.township2!.get(`/api/units/${units.vcadre1}/rectification`)).statusCode).toBe(404);
    expect(
      (
        await c.township2!.get(
          `/api/rectification-unit-escalations/${bareRecord.id}/documents/accountability_record.pdf`,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await c.township1!.get(`/api/rectification-unit-escalations/${bareRecord.id}/documents/circular.pdf`))
        .statusCode,
    ).toBe(400);

    // With a reason: nothing recorded until the ruling; a ruling without a note writes nothing.
    const objected = await issued('supervisor', { kind: 'discipline', subject: '关于加强村务公开的纪律检查建议' });
    const objection = await c.vcadre1!.post(`/api/recommendations/${objected.id}/refusal`, {
      version: objected.version,
      reason: '村务公开栏已按季度更新。',
    });
    expect(objection.statusCode, objection.body).toBe(200);
    expect(await recordsOf(objected.id)).toHaveLength(0);
    const blank = await c.supervisor!.post(`/api/recommendations/${objected.id}/refusal-ruling`, {
      version: objection.json<View>().version,
      justified: false,
      note: '   ',
    });
    expect(blank.statusCode).toBe(400);
    expect(await recordsOf(objected.id)).toHaveLength(0);
    const ruled = await c.supervisor!.post(`/api/recommendations/${objected.id}/refusal-ruling`, {
      version: objection.json<View>().version,
      justified: false,
      note: '经查公开栏缺少集体资金收支明细，理由不成立。',
    });
    expect(ruled.statusCode, ruled.body).toBe(200);
    const ruledRecord = (await page('supervisor')).find((r) => r.sourceId === objected.id);
    expect(ruledRecord).toMatchObject({ reason: 'refusal_ruled_unjustified', rung: 'accountability' });
    expect(ruledRecord!.recordedByName).not.toBeNull();
    expect(ruledRecord!.content.refusalReason).toBe('村务公开栏已按季度更新。');
    const docx = await docxText(
      (
        await c.vcadre1!.get(
          `/api/rectification-unit-escalations/${ruledRecord!.id}/documents/accountability_record.docx`,
        )
      ).rawPayload,
    );
    for (const part of [
      '村务公开栏已按季度更新',
      '经查公开栏缺少集体资金收支明细，理由不成立',
      '监督执纪工作规则',
      '第七十一条',
    ])
      expect(docx, part).toContain(part);

    // Ruled justified: the matter rests, no record.
    const fair = await issued();
    const fairRefusal = await c.vcadre1!.post(`/api/recommendations/${fair.id}/refusal`, {
      version: fair.version,
      reason: '该事项已由县农业农村局整改完毕。',
    });
    const justified = await c.township1!.post(`/api/recommendations/${fair.id}/refusal-ruling`, {
      version: fairRefusal.json<View>().version,
      justified: true,
      note: '经核实属实。',
    });
    expect(justified.statusCode, justified.body).toBe(200);
    expect(await recordsOf(fair.id)).toHaveLength(0);
    expect((await page('township1')).map((r) => r.sourceId)).not.toContain(fair.id);
  });

  it('another township gets 404; the overdue filter finds unanswered recommendations', async () => {
    const rec = await issued('township1', { deadline: plusDays(5) });
    expect((await c.township2!.get(`/api/recommendations/${rec.id}`)).statusCode).toBe(404);
    expect((await c.township2!.get(`/api/recommendations/${rec.id}/documents/recommendation.pdf`)).statusCode).toBe(
      404,
    );
    const list = (await c.township2!.get('/api/recommendations')).json<{ items: View[] }>();
    expect(list.items.map((i) => i.id)).not.toContain(rec.id);
    expect((await c.intake!.get('/api/recommendations')).statusCode).toBe(403);

    env.clock.advance(7 * DAY);
    await signIn();
    const overdue = (await c.township1!.get('/api/recommendations?overdue=true')).json<{ items: View[] }>();
    const line = overdue.items.find((i) => i.id === rec.id);
    expect(line?.replyOverdue).toBe(true);
    const cards = (await c.township1!.get('/api/workbench')).json<{
      cards: { key: string; items: { id: string; overdue: boolean }[] }[];
    }>();
    const card = cards.cards.find((k) => k.key === 'rectification.recommendations_awaiting');
    expect(card?.items.find((i) => i.id === rec.id)?.overdue).toBe(true);
  });

  it('documents: 监察建议书 (draft and issued), 整改通知书 and 整改验收表 read back with their parts', async () => {
    const draftId = await draft('township1', { situation: null });
    const draftPdf = pdfText(
      (await c.township1!.get(`/api/recommendations/${draftId}/documents/recommendation.pdf`)).rawPayload,
    );
    expect(draftPdf).toContain('草稿');
    expect(draftPdf).toContain('待填写');

    const rec = await issued('township1');
    const recipientName = unitNames.get(units.vcadre1!)!;
    const issuerName = unitNames.get(units.township1!)!;
    const strip = (s: string) => s.replace(/\s+/g, '');
    const deadline = content().deadline.split('-').map(Number);
    const parts = [
      '监察建议书',
      rec.number!,
      recipientName,
      strip(content().situation),
      strip(content().problems),
      strip(content().requirements),
      strip(content().reportBack),
      `${deadline[0]}年${deadline[1]}月${deadline[2]}日`,
      '王村长',
      issuerName,
      '2026年11月',
    ];
    for (const format of ['pdf', 'docx'] as const) {
      const res = await c.vcadre1!.get(`/api/recommendations/${rec.id}/documents/recommendation.${format}`);
      expect(res.statusCode).toBe(200);
      const text = format === 'pdf' ? pdfText(res.rawPayload) : await docxText(res.rawPayload);
      for (const p of parts) expect(text, `${format}: ${p}`).toContain(p);
      expect(text).not.toContain('草稿');
    }
    const audited = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('id')
      .where('resource_id', '=', rec.id)
      .where('action', '=', 'rectification.document')
      .execute();
    expect(audited.length).toBe(2);

    const replied = await c.vcadre1!.post(`/api/recommendations/${rec.id}/reply`, {
      version: rec.version,
      measures: [{ problem: '大额支出未经村民代表会议决议', measures: '补开村民代表会议，建立决策台账' }],
    });
    expect(replied.statusCode, replied.body).toBe(200);
    const itemId = replied.json<View>().items[0]!.id;
    for (const format of ['pdf', 'docx'] as const) {
      const notice = await c.vcadre1!.get(`/api/rectification-items/${itemId}/documents/notice.${format}`);
      expect(notice.statusCode).toBe(200);
      const text = format === 'pdf' ? pdfText(notice.rawPayload) : await docxText(notice.rawPayload);
      for (const p of [
        '整改通知书',
        recipientName,
        '大额支出未经村民代表会议决议',
        '监察建议',
        rec.number!,
        '补开村民代表会议',
        issuerName,
        '报送整改情况',
      ])
        expect(text, `notice ${format}: ${p}`).toContain(p);
      const blank = await c.township1!.get(`/api/rectification-items/${itemId}/documents/acceptance.${format}`);
      expect(blank.statusCode).toBe(200);
      const blankText = format === 'pdf' ? pdfText(blank.rawPayload) : await docxText(blank.rawPayload);
      for (const p of [
        '整改验收表',
        '大额支出未经村民代表会议决议',
        '补开村民代表会议',
        '待验收',
        '验收人',
        '回头看日期',
      ])
        expect(blankText, `blank acceptance ${format}: ${p}`).toContain(p);
    }
    // Closed (the acceptance itself is the ledger's routes' work): the filled form.
    await env
      .ctx()
      .db.updateTable('rectification_items')
      .set({
        status: 'closed',
        evidence_note: '已召开村民代表会议并公开',
        closed_at: new Date(env.clock.nowMs()).toISOString(),
        closed_by: ids.township1,
        acceptance_note: '资料齐全。',
        follow_up_on: plusDays(90),
      })
      .where('id', '=', itemId)
      .execute();
    const follow = plusDays(90).split('-').map(Number);
    const closerName = (
      await env
        .ctx()
        .db.selectFrom('users')
        .select('display_name')
        .where('id', '=', ids.township1!)
        .executeTakeFirstOrThrow()
    ).display_name;
    for (const format of ['pdf', 'docx'] as const) {
      const filled = await c.township1!.get(`/api/rectification-items/${itemId}/documents/acceptance.${format}`);
      const text = format === 'pdf' ? pdfText(filled.rawPayload) : await docxText(filled.rawPayload);
      for (const p of [
        '验收合格',
        '已召开村民代表会议并公开',
        closerName,
        `${follow[0]}年${follow[1]}月${follow[2]}日`,
      ])
        expect(text, `acceptance ${format}: ${p}`).toContain(p);
      expect(text).not.toContain('待验收');
    }
    expect((await c.township2!.get(`/api/rectification-items/${itemId}/documents/notice.pdf`)).statusCode).toBe(404);
  });
  it("a county's own reply length (timer supervision_advice_response) sets the reply date", async () => {
    const sys = await env.as('sysadmin');
    const set = await sys.put('/api/timer-rules/supervision_advice_response/overrides/411221000000', {
      amount: 15,
      unit: 'calendar_days',
      extensions: [],
      note: null,
      reason: '县纪委监委建议书办理规定',
    });
    expect(set.statusCode, set.body).toBe(200);
    const rec = await issued('township1');
    expect(rec.replyDueOn! >= plusDays(15)).toBe(true);
    expect(rec.replyDueOn! < content().deadline).toBe(true);
  });
});
