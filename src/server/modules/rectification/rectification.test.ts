import JSZip from 'jszip';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { readXlsxSheets } from '../../shared/spreadsheet/xlsx-reader.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { PHONE_METADATA, phoneJpeg } from '../../test/sample-files.js';
import { decideAll } from '../../test/case-factories.js';
import { escalateItems } from './index.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

const DAY = 24 * 3600_000;

interface Item {
  id: string;
  status: string;
  version: number;
  dueOn: string;
  overdue: boolean;
  rejections: number;
  lastRejection: string | null;
  escalation: string | null;
  nextEscalation: string | null;
  nextEscalationOn: string | null;
  escalationDue: boolean;
  followUpOn: string | null;
  followUpResult: string | null;
}

describe.each(testDialects())('rectification ledger (整改台账) on $name', ({ name }) => {
  let env: TestEnv;
  const c: Record<string, Client> = {};
  const units: Record<string, string> = {};

  async function signIn() {
    for (const u of ['supervisor', 'vcadre1', 'township1', 'township2', 'village1', 'intake']) c[u] = await env.as(u);
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    const users = await env.ctx().db.selectFrom('users').select(['username', 'unit_id']).execute();
    for (const u of users) units[u.username] = u.unit_id ?? '';
  });
  afterAll(async () => env?.close());
  beforeEach(signIn);

  const plusDays = (n: number) => toShanghaiDate(new Date(env.clock.nowMs() + n * DAY).toISOString());

  async function open(body: Record<string, unknown> = {}): Promise<string> {
    const res = await c.supervisor!.post('/api/rectification-items', {
      source: 'audit',
      sourceDocument: '审计报告（县审〔2026〕12号）',
      problem: '村集体资金支出凭证不全，报销未经村务监督委员会审核',
      ownerUnitId: units.vcadre1,
      dueOn: plusDays(30),
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  async function item(id: string, as = 'supervisor') {
    const res = await c[as]!.get(`/api/rectification-items/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<
      Item & {
        events: { kind: string; note: string | null }[];
        files: { id: string; sha256: string }[];
        escalations: { id: string; rung: string; documents: string[] }[];
        extensions: {
          id: string;
          status: string;
          approvalId: string | null;
          approvalStatus: string | null;
          submitOpinion: string | null;
          decisionNote: string | null;
        }[];
        subItems: Item[];
        sides: { issuer: boolean; owner: boolean };
      }
    >();
  }

  async function cards(as: string) {
    return (await c[as]!.get('/api/workbench')).json<{
      cards: { key: string; items: { id: string; subtitle: string | null }[] }[];
    }>().cards;
  }

  it('runs the loop: opened → started → photo → submitted → rejected once → submitted → accepted → 回头看', async () => {
    const id = await open();
    // Scope: the village committee's contact and its township see it; another township does not.
    // The township oversees but does not work the village's item for it (nor does the county office).
    expect((await item(id, 'vcadre1')).sides).toEqual({ issuer: false, owner: true });
    expect((await item(id, 'township1')).sides).toEqual({ issuer: false, owner: false });
    expect((await item(id, 'supervisor')).sides).toEqual({ issuer: true, owner: false });
    const forThem = await c.township1!.post(`/api/rectification-items/${id}/start`, { version: 1 });
    expect(forThem.json().error.code).toBe('RECTIFICATION_NOT_RESPONSIBLE');
    expect((await c.township2!.get(`/api/rectification-items/${id}`)).statusCode).toBe(404);
    expect((await c.village1!.get(`/api/rectification-items/${id}`)).statusCode).toBe(403);
    const list = (await c.vcadre1!.get('/api/rectification-items?pageSize=200')).json<{ items: Item[] }>().items;
    expect(list.map((i) => i.id)).toContain(id);
    const t2 = (await c.township2!.get('/api/rectification-items?pageSize=200')).json<{ items: Item[] }>().items;
    expect(t2.map((i) => i.id)).not.toContain(id);

    let v = (await item(id)).version;
    const started = await c.vcadre1!.post(`/api/rectification-items/${id}/start`, { version: v });
    expect(started.statusCode, started.body).toBe(200);
    v = started.json<Item>().version;
    // No evidence and no reason: refused, nothing written.
    const bare = await c.vcadre1!.post(`/api/rectification-items/${id}/submission`, {
      version: v,
      evidenceNote: '已补齐凭证',
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.code).toBe('RECTIFICATION_EVIDENCE_MISSING');
    expect((await item(id)).status).toBe('in_progress');
    // A phone photo: stored without its metadata.
    const photo = await c.vcadre1!.upload(
      `/api/rectification-items/${id}/files`,
      {},
      {
        name: '凭证照片.jpg',
        bytes: await phoneJpeg(),
      },
    );
    expect(photo.statusCode, photo.body).toBe(201);
    const fileId = photo.json<{ id: string }>().id;
    const got = await c.supervisor!.get(`/api/rectification-items/${id}/files/${fileId}`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.includes(Buffer.from(PHONE_METADATA.make))).toBe(false);
    expect(got.rawPayload.includes(Buffer.from(PHONE_METADATA.model))).toBe(false);
    expect(got.headers['x-content-sha256']).toBe(photo.json<{ sha256: string }>().sha256);
    // township2 cannot add files to it.
    expect(
      (
        await c.township2!.upload(
          `/api/rectification-items/${id}/files`,
          {},
          { name: 'x.jpg', bytes: await phoneJpeg() },
        )
      ).statusCode,
    ).toBe(404);

    v = (await item(id)).version;
    const submitted = await c.vcadre1!.post(`/api/rectification-items/${id}/submission`, {
      version: v,
      evidenceNote: '已补齐全部支出凭证，并经村务监督委员会审核',
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    v = submitted.json<Item>().version;
    // The responsible unit cannot accept its own item; its township is not the issuer side.
    expect(
      (await c.vcadre1!.post(`/api/rectification-items/${id}/acceptance`, { version: v, note: '已整改' })).statusCode,
    ).toBe(403);
    const t1 = await c.township1!.post(`/api/rectification-items/${id}/acceptance`, { version: v, note: '已整改' });
    expect(t1.statusCode).toBe(403);
    expect(t1.json().error.code).toBe('RECTIFICATION_NOT_ISSUER');

    expect(
      (await cards('supervisor')).find((k) => k.key === 'rectification.to_accept')?.items.map((i) => i.id),
    ).toContain(id);
    const rejected = await c.supervisor!.post(`/api/rectification-items/${id}/rejection`, {
      version: v,
      reason: '凭证照片不清晰，缺少村务监督委员会审核意见',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json<Item>()).toMatchObject({ status: 'in_progress', rejections: 1 });
    // The reason is visible to vcadre1: on the item, in its history and on its workbench card (first).
    const seen = await item(id, 'vcadre1');
    expect(seen.lastRejection).toBe('凭证照片不清晰，缺少村务监督委员会审核意见');
    expect(seen.events.find((e) => e.kind === 'rejected')?.note).toBe('凭证照片不清晰，缺少村务监督委员会审核意见');
    const mine = (await cards('vcadre1')).find((k) => k.key === 'rectification.mine')!;
    expect(mine.items[0]!.id).toBe(id);
    expect(mine.items[0]!.subtitle).toContain('缺少村务监督委员会审核意见');

    const again = await c.vcadre1!.post(`/api/rectification-items/${id}/submission`, {
      version: seen.version,
      evidenceNote: '已补充审核意见',
    });
    expect(again.statusCode, again.body).toBe(200);
    const accepted = await c.supervisor!.post(`/api/rectification-items/${id}/acceptance`, {
      version: again.json<Item>().version,
      note: '经核查，整改到位，同意销号',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const closed = accepted.json<Item>();
    expect(closed.status).toBe('closed');
    expect(closed.followUpOn! > plusDays(80)).toBe(true);
    // Nothing more is added to a closed item.
    expect(
      (await c.vcadre1!.upload(`/api/rectification-items/${id}/files`, {}, { name: 'y.jpg', bytes: await phoneJpeg() }))
        .statusCode,
    ).toBe(409);

    // The 回头看 is due on its date: the ledger's filter and the issuer's card find it then, not before.
    const followUpDue = async () =>
      (await c.supervisor!.get('/api/rectification-items?followUpDue=true&pageSize=200'))
        .json<{ items: Item[] }>()
        .items.map((i) => i.id);
    expect(await followUpDue()).not.toContain(id);
    await env
      .ctx()
      .db.updateTable('rectification_items')
      .set({ follow_up_on: plusDays(0) })
      .where('id', '=', id)
      .execute();
    expect(await followUpDue()).toContain(id);
    const followCard = (await cards('supervisor')).find((k) => k.key === 'rectification.follow_up') as unknown as {
      href: string;
      items: { id: string }[];
    };
    expect(followCard.href).toBe('/rectification?followUpDue=true');
    expect(followCard.items.map((i) => i.id)).toContain(id);

    const followed = await c.supervisor!.post(`/api/rectification-items/${id}/follow-up`, {
      version: closed.version,
      result: 'holds',
      note: '回头看：凭证管理制度已执行，未见反弹',
    });
    expect(followed.statusCode, followed.body).toBe(200);
    expect(followed.json()).toMatchObject({ followUpResult: 'holds', relapseItemId: null });
    expect(await followUpDue()).not.toContain(id);

    const actions = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', id)
      .where('action', 'like', 'rectification.%')
      .execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set([
        'rectification.item_open',
        'rectification.item_start',
        'rectification.item_file',
        'rectification.item_file_read',
        'rectification.item_submit',
        'rectification.item_reject',
        'rectification.item_accept',
        'rectification.item_follow_up',
      ]),
    );
  });

  it('refuses acceptance by the responsible unit itself and closing an item with an open sub-item', async () => {
    // The county commission issues an item to the supervision office: the supervisor is of the
    // responsible unit and also on the issuer side.
    const commission = await env
      .ctx()
      .db.selectFrom('units')
      .select('parent_id')
      .where('id', '=', units.supervisor!)
      .executeTakeFirstOrThrow();
    const own = await open({ ownerUnitId: units.supervisor, issuerUnitId: commission.parent_id, source: 'other' });
    let v = (await item(own)).version;
    v = (await c.supervisor!.post(`/api/rectification-items/${own}/start`, { version: v })).json<Item>().version;
    const sub = await c.supervisor!.post(`/api/rectification-items/${own}/submission`, {
      version: v,
      evidenceNote: '已整改',
      noFilesReason: '制度文件尚未印发',
    });
    expect(sub.statusCode, sub.body).toBe(200);
    const self = await c.supervisor!.post(`/api/rectification-items/${own}/acceptance`, {
      version: sub.json<Item>().version,
      note: '同意销号',
    });
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe('RECTIFICATION_SELF_ACCEPTANCE');

    const parent = await open({ problem: '村务公开栏未按季度更新' });
    const child = await open({ problem: '第三季度财务公开缺失', parentId: parent, source: 'audit' });
    expect((await item(parent)).subItems.map((s) => s.id)).toEqual([child]);
    v = (await item(parent)).version;
    const s = await c.vcadre1!.post(`/api/rectification-items/${parent}/submission`, {
      version: v,
      evidenceNote: '公开栏已更新',
      noFilesReason: '现场查看即可',
    });
    expect(s.statusCode, s.body).toBe(200);
    const refused = await c.supervisor!.post(`/api/rectification-items/${parent}/acceptance`, {
      version: s.json<Item>().version,
      note: '同意销号',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('RECTIFICATION_OPEN_SUBITEMS');
    expect((await item(parent)).status).toBe('submitted');
    // A source another module owns is not entered by hand.
    const manual = await c.supervisor!.post('/api/rectification-items', {
      source: 'case_reform',
      problem: '以案促改',
      ownerUnitId: units.vcadre1,
      dueOn: plusDays(10),
    });
    expect(manual.statusCode).toBe(400);
  });

  it('moves the due date only with an extension approved along the chain (呈批); 巡察 feedback defaults to timer 39', async () => {
    const tour = await open({ source: 'inspection_tour', dueOn: undefined, feedbackOn: plusDays(0) });
    const tourDue = (await item(tour)).dueOn;
    expect(tourDue >= plusDays(59) && tourDue <= plusDays(70)).toBe(true);

    const id = await open({ dueOn: plusDays(10) });
    const before = await item(id);
    const edit = await c.supervisor!.patch(`/api/rectification-items/${id}`, {
      version: before.version,
      dueOn: plusDays(40),
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('RECTIFICATION_DUE_DATE_FIXED');
    const asked = await c.vcadre1!.post(`/api/rectification-items/${id}/extensions`, {
      version: before.version,
      dueOn: plusDays(40),
      reason: '需待村民代表会议审议',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const extId = asked.json<{ id: string }>().id;
    let now = await item(id);
    expect(now.dueOn).toBe(before.dueOn);
    expect(now.extensions).toMatchObject([{ id: extId, status: 'pending', approvalId: null }]);
    // The issuer side sees it waiting for its 呈批 on the workbench.
    const waiting = async () =>
      (await cards('supervisor')).find((k) => k.key === 'rectification.extensions_to_submit')?.items.map((i) => i.id) ??
      [];
    expect(await waiting()).toContain(id);
    const submit = (as: string, version: number, body: Record<string, unknown> = {}) =>
      c[as]!.post(`/api/rectification-items/${id}/extensions/${extId}/submission`, {
        version,
        opinion: '所需时间属实，拟同意延期',
        ...body,
      });
    // Neither the requester's side (no rectification.manage) nor a township that did not issue it
    // submits it; nor is there a way to grant one without the chain.
    expect((await submit('vcadre1', now.version)).statusCode).toBe(403);
    expect((await submit('township1', now.version)).statusCode).toBe(403);
    const direct = await c.supervisor!.post(`/api/rectification-items/${id}/extensions/${extId}/decision`, {
      version: now.version,
      approved: true,
    });
    expect(direct.statusCode).toBe(404);
    // An account of the responsible unit itself, holding rectification.manage, is refused too.
    const selfUser = await env
      .ctx()
      .db.selectFrom('users')
      .select(['id', 'unit_id'])
      .where('username', '=', 'supervisor')
      .executeTakeFirstOrThrow();
    await env.ctx().db.updateTable('users').set({ unit_id: units.vcadre1 }).where('id', '=', selfUser.id).execute();
    try {
      const self = await (
        await env.as('supervisor')
      ).post(`/api/rectification-items/${id}/extensions/${extId}/submission`, {
        version: now.version,
        opinion: '同意',
      });
      expect(self.json<{ error: { code: string } }>().error.code).toBe('RECTIFICATION_EXTENSION_SELF');
    } finally {
      await env
        .ctx()
        .db.updateTable('users')
        .set({ unit_id: selfUser.unit_id })
        .where('id', '=', selfUser.id)
        .execute();
    }
    c.supervisor = await env.as('supervisor');
    expect((await item(id)).version).toBe(now.version);

    // No one to sign (the commission's 主要负责人 vacant): NO_APPROVER, nothing written.
    const db = env.ctx().db;
    const leaderPost = await db
      .selectFrom('approval_posts as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['p.id', 'p.user_id'])
      .where('u.username', '=', 'leader')
      .where('p.post', '=', 'principal_leader')
      .executeTakeFirstOrThrow();
    await db.updateTable('approval_posts').set({ user_id: null }).where('id', '=', leaderPost.id).execute();
    try {
      const none = await submit('supervisor', now.version);
      expect(none.statusCode).toBe(409);
      expect(none.json<{ error: { code: string } }>().error.code).toBe('NO_APPROVER');
    } finally {
      await db
        .updateTable('approval_posts')
        .set({ user_id: leaderPost.user_id })
        .where('id', '=', leaderPost.id)
        .execute();
    }
    now = await item(id);
    expect(now.version).toBe(before.version + 1);
    expect(now.extensions[0]).toMatchObject({ status: 'pending', approvalId: null });
    expect(await db.selectFrom('approvals').select('id').where('resource_id', '=', id).execute()).toEqual([]);
    expect((await submit('supervisor', now.version, { opinion: '  ' })).statusCode).toBe(400);

    // 呈批: in the chain, off the issuer's card, the date unmoved; the chain returns it → pending.
    let sent = await submit('supervisor', now.version);
    expect(sent.statusCode, sent.body).toBe(200);
    now = await item(id);
    expect(now.extensions[0]).toMatchObject({ status: 'in_approval', approvalStatus: 'pending' });
    expect(now.extensions[0]!.submitOpinion).toBe('所需时间属实，拟同意延期');
    expect(now.dueOn).toBe(before.dueOn);
    expect(await waiting()).not.toContain(id);
    // While it waits in the chain, the unit cannot ask again, the issuer side cannot refuse it.
    const second = await c.vcadre1!.post(`/api/rectification-items/${id}/extensions`, {
      version: now.version,
      dueOn: plusDays(50),
      reason: '再次申请',
    });
    expect(second.json<{ error: { code: string } }>().error.code).toBe('RECTIFICATION_EXTENSION_PENDING');
    const refuseInChain = await c.supervisor.post(`/api/rectification-items/${id}/extensions/${extId}/refusal`, {
      version: now.version,
      note: '不予延期',
    });
    expect(refuseInChain.json<{ error: { code: string } }>().error.code).toBe('RECTIFICATION_STATE');
    const firstApproval = now.extensions[0]!.approvalId!;
    const approval = await db
      .selectFrom('approvals')
      .select(['action', 'title', 'content'])
      .where('id', '=', firstApproval)
      .executeTakeFirstOrThrow();
    expect(approval.action).toBe('rectification.extension');
    expect(JSON.parse(approval.content).summary).toContain(`延至${plusDays(40)}`);
    await decideAll(env, firstApproval, 'return');
    now = await item(id);
    expect(now.extensions[0]).toMatchObject({
      status: 'pending',
      approvalId: firstApproval,
      approvalStatus: 'returned',
    });
    expect(now.dueOn).toBe(before.dueOn);
    expect(now.events.map((e) => e.kind)).toContain('extension_returned');
    expect(await waiting()).toContain(id);

    // Submitted again and approved along the chain: the date moves, as a decision always did.
    sent = await submit('supervisor', now.version);
    expect(sent.statusCode, sent.body).toBe(200);
    const approvalId = (await item(id)).extensions[0]!.approvalId!;
    expect(approvalId).not.toBe(firstApproval);
    expect(await decideAll(env, approvalId)).toBe(1);
    now = await item(id);
    expect(now.dueOn).toBe(plusDays(40));
    expect(now.extensions[0]).toMatchObject({ status: 'approved', approvalStatus: 'approved', decisionNote: '同意' });
    expect(now.events.filter((e) => e.kind === 'extended')).toHaveLength(1);
    const decided = await db
      .selectFrom('audit_events')
      .select(['actor_username', 'changes'])
      .where('action', '=', 'rectification.extension_decide')
      .where('resource_id', '=', id)
      .execute();
    expect(decided.map((d) => d.actor_username)).toEqual(['leader']);
    // The 呈批表 reads back with the request's summary and the leader's signature.
    const leader = await env.as('leader');
    const form = await leader.get(`/api/approvals/${approvalId}/documents/approval_form.pdf`);
    expect(form.statusCode).toBe(200);
    const formText = pdfText(form.rawPayload).replace(/\s+/g, '');
    for (const want of [
      '整改延期申请呈批表',
      '整改事项延期的请示',
      `申请将整改期限由${before.dueOn}延至${plusDays(40)}`,
      '申请理由：需待村民代表会议审议',
      '承办意见：所需时间属实，拟同意延期',
      '主要领导审批',
    ])
      expect(formText, want).toContain(want);
    const formDocx = await leader.get(`/api/approvals/${approvalId}/documents/approval_form.docx`);
    expect(await docxText(formDocx.rawPayload)).toContain('承办意见：所需时间属实，拟同意延期');

    // A second request, rejected by the chain: refused with the chain's opinion, the date stays.
    const again = await c.vcadre1!.post(`/api/rectification-items/${id}/extensions`, {
      version: now.version,
      dueOn: plusDays(60),
      reason: '汛期施工受阻',
    });
    expect(again.statusCode, again.body).toBe(201);
    const againId = again.json<{ id: string }>().id;
    now = await item(id);
    const sentAgain = await c.supervisor.post(`/api/rectification-items/${id}/extensions/${againId}/submission`, {
      version: now.version,
      opinion: '理由不充分，请领导定夺',
    });
    expect(sentAgain.statusCode, sentAgain.body).toBe(200);
    await decideAll(env, (await item(id)).extensions[1]!.approvalId!, 'reject');
    now = await item(id);
    expect(now.dueOn).toBe(plusDays(40));
    expect(now.extensions[1]).toMatchObject({ status: 'refused', decisionNote: '请补充' });
    expect(now.events.filter((e) => e.kind === 'extension_refused').map((e) => e.note)).toEqual(['请补充']);

    // A third, refused outright by the issuer side without bothering the chain (reason required).
    const third = await c.vcadre1!.post(`/api/rectification-items/${id}/extensions`, {
      version: now.version,
      dueOn: plusDays(70),
      reason: '人手不足',
    });
    const thirdId = third.json<{ id: string }>().id;
    now = await item(id);
    const refuse = (note: string) =>
      c.supervisor!.post(`/api/rectification-items/${id}/extensions/${thirdId}/refusal`, {
        version: now.version,
        note,
      });
    expect((await refuse(' ')).statusCode).toBe(400);
    const refused = await refuse('人手不足不是延期的理由');
    expect(refused.statusCode, refused.body).toBe(200);
    now = await item(id);
    expect(now.extensions[2]).toMatchObject({ status: 'refused', approvalId: null });
    expect(now.dueOn).toBe(plusDays(40));

    // The responsible unit is told each outcome: the approval with its new date, both refusals
    // with their reasons (the returned chain told nobody: the request waits again).
    const told = await db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['n.title', 'n.body'])
      .where('n.resource_id', '=', id)
      .where('n.kind', '=', 'rectification_extension_decided')
      .where('u.username', '=', 'vcadre1')
      .orderBy('n.created_at')
      .orderBy('n.id')
      .execute();
    expect(told).toHaveLength(3);
    expect(told.find((n) => n.title === '延期申请已批准')?.body).toContain(`整改期限调整为${plusDays(40)}`);
    const refusals = told.filter((n) => n.title === '延期申请未获批准').map((n) => n.body);
    expect(refusals).toHaveLength(2);
    expect(refusals.some((b) => b.includes('理由：请补充'))).toBe(true);
    expect(refusals.some((b) => b.includes('理由：人手不足不是延期的理由'))).toBe(true);
  });

  it('escalates an overdue item: reminder by the job (idempotent) → 约谈 due → recorded with its documents → no skipping', async () => {
    const id = await open({ dueOn: plusDays(3), problem: '扶贫项目资金拨付滞后' });
    env.clock.advance(6 * DAY);
    await signIn();
    expect((await item(id)).overdue).toBe(true);
    const overdue = (await c.supervisor!.get('/api/rectification-items?overdue=true&pageSize=200')).json<{
      items: Item[];
    }>();
    expect(overdue.items.map((i) => i.id)).toContain(id);

    const first = await escalateItems(env.ctx());
    expect(first.reminders).toBeGreaterThanOrEqual(1);
    const second = await escalateItems(env.ctx());
    expect(second.reminders).toBe(0);
    const reminded = await item(id);
    expect(reminded.escalation).toBe('reminder');
    expect(reminded.nextEscalation).toBe('admonition');
    expect(reminded.escalationDue).toBe(false);
    expect(reminded.escalations.map((e) => e.rung)).toEqual(['reminder']);
    const notes = await env
      .ctx()
      .db.selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['u.username', 'n.kind'])
      .where('n.resource_id', '=', id)
      .execute();
    expect(notes.filter((n) => n.username === 'vcadre1' && n.kind === 'rectification_reminder')).toHaveLength(1);

    // Skipping to 通报 is refused.
    const skip = await c.supervisor!.post(`/api/rectification-items/${id}/escalations`, {
      version: reminded.version,
      rung: 'circular',
      content: { text: '通报', audience: '各村' },
    });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.code).toBe('RECTIFICATION_ESCALATION_ORDER');

    // Still overdue 5 working days after the reminder: 约谈 due.
    env.clock.advance(8 * DAY);
    await signIn();
    await escalateItems(env.ctx());
    const due = await item(id);
    expect(due.escalationDue).toBe(true);
    const card = (await cards('supervisor')).find((k) => k.key === 'rectification.escalation_due');
    expect(card?.items.map((i) => i.id)).toContain(id);
    const admonition = await c.supervisor!.post(`/api/rectification-items/${id}/escalations`, {
      version: due.version,
      rung: 'admonition',
      content: {
        principal: '李某某（村党支部书记、村委会主任）',
        heldAt: '2026-12-04 09:30',
        place: '县纪委监委谈话室',
        talkers: '党风政风监督室 张某',
        said: '指出扶贫项目资金拨付滞后的问题及其危害',
        required: '10个工作日内完成拨付并报送整改材料',
      },
    });
    expect(admonition.statusCode, admonition.body).toBe(201);
    const esc = admonition.json<{ id: string; item: Item }>();
    expect(esc.item).toMatchObject({ escalation: 'admonition', nextEscalation: 'circular', escalationDue: false });
    const base = `/api/rectification-items/${id}/escalations/${esc.id}/documents`;
    const pdf = await c.supervisor!.get(`${base}/admonition_record.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, '');
    expect(text).toContain('约谈记录');
    expect(text).toContain('李某某');
    const docx = await docxText((await c.supervisor!.get(`${base}/admonition_record.docx`)).rawPayload);
    expect(docx).toContain('10个工作日内完成拨付并报送整改材料');
    // The 约谈 has no circular; township2 does not see either.
    expect((await c.supervisor!.get(`${base}/circular.pdf`)).statusCode).toBe(404);
    expect((await c.township2!.get(`${base}/admonition_record.pdf`)).statusCode).toBe(404);

    // 问责 cannot skip 通报.
    const jump = await c.supervisor!.post(`/api/rectification-items/${id}/escalations`, {
      version: esc.item.version,
      rung: 'accountability',
      content: { person: '李某某', form: '诫勉谈话' },
    });
    expect(jump.statusCode).toBe(409);
    expect(jump.json().error.code).toBe('RECTIFICATION_ESCALATION_ORDER');
    const missing = await c.supervisor!.post(`/api/rectification-items/${id}/escalations`, {
      version: esc.item.version,
      rung: 'circular',
      content: { text: '现将有关情况通报如下' },
    });
    expect(missing.statusCode).toBe(400);
    const circular = await c.supervisor!.post(`/api/rectification-items/${id}/escalations`, {
      version: esc.item.version,
      rung: 'circular',
      content: { text: '该村扶贫项目资金拨付滞后，经约谈仍未整改到位。', audience: '各乡镇纪委、各村（社区）' },
    });
    expect(circular.statusCode, circular.body).toBe(201);
    const cpdf = await c.supervisor!.get(
      `/api/rectification-items/${id}/escalations/${circular.json<{ id: string }>().id}/documents/circular.pdf`,
    );
    expect(pdfText(cpdf.rawPayload).replace(/\s+/g, '')).toContain('经约谈仍未整改到位');
    // 问责, the last rung, with its 问责记录 (PDF and DOCX read back); no 约谈记录 on it.
    const accountable = await c.supervisor!.post(`/api/rectification-items/${id}/escalations`, {
      version: circular.json<{ item: Item }>().item.version,
      rung: 'accountability',
      content: { person: '李某某（村党支部书记、村委会主任）', form: '诫勉谈话', text: '责令其作出书面检查。' },
    });
    expect(accountable.statusCode, accountable.body).toBe(201);
    const acc = accountable.json<{ id: string; documents: string[]; item: Item }>();
    expect(acc.documents).toEqual(['accountability_record']);
    expect(acc.item).toMatchObject({ escalation: 'accountability', nextEscalation: null });
    const accBase = `/api/rectification-items/${id}/escalations/${acc.id}/documents`;
    for (const format of ['pdf', 'docx'] as const) {
      const res = await c.supervisor!.get(`${accBase}/accountability_record.${format}`);
      expect(res.statusCode).toBe(200);
      const t = format === 'pdf' ? pdfText(res.rawPayload).replace(/\s+/g, '') : await docxText(res.rawPayload);
      for (const part of [
        '问责记录',
        '李某某',
        '诫勉谈话',
        '扶贫项目资金拨付滞后',
        '经督促提醒、约谈、通报后仍未完成整改',
      ])
        expect(t, `${format}: ${part}`).toContain(part);
    }
    expect((await c.supervisor!.get(`${accBase}/admonition_record.pdf`)).statusCode).toBe(404);
    expect((await c.township2!.get(`${accBase}/accountability_record.pdf`)).statusCode).toBe(404);

    // The unit's page shows the rungs with their dates; township2 gets 404 on it.
    const page = await c.supervisor!.get(`/api/units/${units.vcadre1}/rectification`);
    expect(page.statusCode, page.body).toBe(200);
    const p = page.json<{
      overdue: number;
      escalations: { itemId: string; rung: string; at: string }[];
      openItems: Item[];
    }>();
    expect(p.overdue).toBeGreaterThanOrEqual(1);
    expect(p.escalations.filter((e) => e.itemId === id).map((e) => e.rung)).toEqual([
      'accountability',
      'circular',
      'admonition',
      'reminder',
    ]);
    expect((await c.vcadre1!.get(`/api/units/${units.vcadre1}/rectification`)).statusCode).toBe(200);
    expect((await c.township2!.get(`/api/units/${units.vcadre1}/rectification`)).statusCode).toBe(404);
  });

  it('a relapse found at 回头看 opens a new item, linked both ways (relapseOf / relapses), scoped', async () => {
    const id = await open({ problem: '村级公益岗位人员冒名顶替领取补贴（回头看反弹）' });
    // Closed (the loop above walks acceptance): straight to the 回头看.
    await env
      .ctx()
      .db.updateTable('rectification_items')
      .set({ status: 'closed', closed_at: new Date(env.clock.nowMs()).toISOString(), follow_up_on: plusDays(0) })
      .where('id', '=', id)
      .execute();
    const before = await item(id);
    const noDue = await c.supervisor!.post(`/api/rectification-items/${id}/follow-up`, {
      version: before.version,
      result: 'relapsed',
      note: '回头看发现仍有冒领',
    });
    expect(noDue.statusCode).toBe(400);
    const res = await c.supervisor!.post(`/api/rectification-items/${id}/follow-up`, {
      version: before.version,
      result: 'relapsed',
      note: '回头看发现仍有2人冒名领取',
      dueOn: plusDays(20),
    });
    expect(res.statusCode, res.body).toBe(200);
    const relapseId = res.json<{ relapseItemId: string }>().relapseItemId;
    expect(relapseId).toBeTruthy();
    const fresh = await item(relapseId);
    expect(fresh).toMatchObject({ status: 'open', dueOn: plusDays(20) });
    expect((fresh as unknown as { relapseOf: string }).relapseOf).toBe(id);
    const old = (await item(id, 'vcadre1')) as unknown as { status: string; relapses: { id: string }[] };
    expect(old.status).toBe('closed');
    expect(old.relapses.map((r) => r.id)).toEqual([relapseId]);
    expect((await c.township2!.get(`/api/rectification-items/${id}`)).statusCode).toBe(404);
  });

  it('filters, counts and exports the ledger, scoped', async () => {
    const id = await open({ problem: '农村低保资格审核把关不严（导出测试）', source: 'assessment' });
    const q = encodeURIComponent('导出测试');
    const found = (await c.supervisor!.get(`/api/rectification-items?q=${q}&source=assessment&sort=dueOn`)).json<{
      items: Item[];
      total: number;
    }>();
    expect(found.items.map((i) => i.id)).toEqual([id]);
    expect(
      (await c.supervisor!.get(`/api/rectification-items?q=${q}&unitId=${units.township2}`)).json<{ total: number }>()
        .total,
    ).toBe(0);
    expect(
      (await c.supervisor!.get(`/api/rectification-items?q=${q}&unitId=${units.township1}`)).json<{ total: number }>()
        .total,
    ).toBe(1);
    expect(
      (await c.supervisor!.get(`/api/rectification-items?q=${q}&escalation=none`)).json<{ total: number }>().total,
    ).toBe(1);
    // Wildcards are words, not patterns.
    expect(
      (await c.supervisor!.get(`/api/rectification-items?q=${encodeURIComponent('%')}`)).json<{ total: number }>()
        .total,
    ).toBe(0);

    const counts = (await c.supervisor!.get('/api/rectification-items/counts')).json<{
      bySource: { source: string; outstanding: number }[];
      byUnit: { unitId: string; outstanding: number; overdue: number; closed: number }[];
    }>();
    expect(counts.bySource.find((s) => s.source === 'assessment')?.outstanding).toBeGreaterThanOrEqual(1);
    const village = counts.byUnit.find((u) => u.unitId === units.vcadre1)!;
    expect(village.closed).toBeGreaterThanOrEqual(1);
    expect(village.overdue).toBeGreaterThanOrEqual(1);
    const t2counts = (await c.township2!.get('/api/rectification-items/counts')).json<{
      byUnit: { unitId: string }[];
    }>();
    expect(t2counts.byUnit.some((u) => u.unitId === units.vcadre1)).toBe(false);

    const xlsx = await c.supervisor!.get(`/api/rectification-items/export.xlsx?q=${q}`);
    expect(xlsx.statusCode).toBe(200);
    const rows: (readonly unknown[])[] = [];
    for await (const sheet of readXlsxSheets(xlsx.rawPayload)) for await (const r of sheet.rows) rows.push(r.cells);
    expect(rows[0]).toContain('问题');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('农村低保资格审核把关不严（导出测试）');
    expect(rows[1]).toContain('考核扣分');
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('changes')
      .where('action', '=', 'rectification.export')
      .execute();
    expect(audit.some((a) => String(a.changes).includes(id))).toBe(true);
    expect((await c.intake!.get('/api/rectification-items')).statusCode).toBe(403);
  });
});
