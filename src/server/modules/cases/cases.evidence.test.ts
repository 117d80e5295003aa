import { createHash } from 'node:crypto';
import { existsSync, utimesSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { authoriseCase, makeCase } from '../../test/case-factories.js';
import { ctxAs } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { samplePng } from '../../test/sample-files.js';
import { createWorker, enqueuePeriodicJobs } from '../../bootstrap.js';
import { ORPHAN_BLOB_GRACE_MS, blobStoreFor } from '../attachments/index.js';
import { evidenceRoot } from './cases.jobs.js';
import { uncitableEvidence } from './index.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

describe.each(testDialects())('evidence with provenance and seized property on $name', ({ name }) => {
  let env: TestEnv;
  let zone1: Client;
  let caseId: string;
  let otherCaseId: string;
  const ids: Record<string, string> = {};
  const names: Record<string, string> = {};

  /** A filed case with zone1 (leader) and office1 on its team. */
  async function teamCase(): Promise<string> {
    const made = await makeCase(env);
    const check = await zone1.post(`/api/cases/${made.id}/conflict-checks`, { userIds: [ids.zone1, ids.office1] });
    const v = await env
      .ctx()
      .db.selectFrom('cases')
      .select('version')
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    const res = await zone1.put(`/api/cases/${made.id}/team`, {
      version: v.version,
      checkId: check.json().checkId,
      members: [
        { userId: ids.zone1, role: 'leader' },
        { userId: ids.office1, role: 'member' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    await authoriseCase(env, made.id);
    return made.id;
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    zone1 = await env.as('zone1');
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username', 'display_name']).execute();
    for (const u of users) {
      ids[u.username] = u.id;
      names[u.username] = u.display_name;
    }
    caseId = await teamCase();
    otherCaseId = await teamCase();
  });
  afterAll(async () => env?.close());

  const complete = (over: Record<string, unknown> = {}) => ({
    type: 'documentary',
    title: '村集体资金支出凭证',
    description: '2025年3月支出凭证3张',
    source: '某村村民委员会（会计王某）',
    collectorIds: [ids.zone1, ids.office1],
    collectedAt: '2026-11-21T02:00:00.000Z',
    place: '某村村委会办公室',
    method: '调取',
    original: false,
    originalLocation: '某村村委会档案室',
    copyReason: '原件系村级会计档案，须留存备查',
    signed: true,
    ...over,
  });

  async function items(id = caseId) {
    const res = await zone1.get(`/api/cases/${id}/evidence`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as {
      id: string;
      complete: boolean;
      missing: { field: string }[];
      holder: string;
      version: number;
      custody: { from: string; to: string }[];
      files: { id: string; sha256: string }[];
    }[];
  }

  it('keeps an item without provenance as incomplete, and a report may not cite it (uncitableEvidence)', async () => {
    const bare = await zone1.post(`/api/cases/${caseId}/evidence`, {
      type: 'physical',
      title: '购物卡一张',
      original: true,
    });
    expect(bare.statusCode, bare.body).toBe(201);
    expect(bare.json().missing).toEqual(['source', 'collectors', 'collectedAt', 'place', 'method', 'signatures']);
    const full = await zone1.post(`/api/cases/${caseId}/evidence`, complete());
    expect(full.statusCode, full.body).toBe(201);
    expect(full.json().missing).toEqual([]);
    // A copy without where the original is kept is incomplete too.
    const copy = await zone1.post(`/api/cases/${caseId}/evidence`, complete({ originalLocation: null }));
    expect(copy.json().missing).toEqual(['copy']);
    const foreign = await zone1.post(`/api/cases/${otherCaseId}/evidence`, complete());
    expect(foreign.statusCode).toBe(201);

    const ctx = await ctxAs(env, 'zone1');
    const refused = await inTransaction(ctx, (tx) =>
      uncitableEvidence(tx, caseId, [bare.json().id, full.json().id, copy.json().id, foreign.json().id, 'nope']),
    );
    expect(refused.map((r) => r.id)).toEqual([bare.json().id, copy.json().id, foreign.json().id, 'nope']);
    expect(refused[0]!.reason).toContain('来源信息不全');
    expect(refused[0]!.reason).toContain('收集人（至少2名审查调查人员）');
    expect(refused[1]!.reason).toContain('复制件的原件存放处');
    expect(refused[2]!.reason).toContain('不是本案的证据');
    expect(refused[3]!.reason).toContain('没有该证据');

    // Completed (补正), the item becomes citable.
    const item = (await items()).find((i) => i.id === bare.json().id)!;
    const fixed = await zone1.put(`/api/cases/${caseId}/evidence/${item.id}`, {
      ...complete({ type: 'physical', title: '购物卡一张', original: true, originalLocation: null, copyReason: null }),
      version: item.version,
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().missing).toEqual([]);
    expect(await inTransaction(ctx, (tx) => uncitableEvidence(tx, caseId, [item.id, full.json().id]))).toEqual([]);
    const stale = await zone1.put(`/api/cases/${caseId}/evidence/${item.id}`, { ...complete(), version: item.version });
    expect(stale.json().error.code).toBe('CONFLICT');
  });

  it('takes a former team member as a collector but not as an officer of a new action', async () => {
    const id = await teamCase();
    const v = async () =>
      (await env.ctx().db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    const check = await zone1.post(`/api/cases/${id}/conflict-checks`, { userIds: [ids.zone1, ids.casemgr] });
    const changed = await zone1.put(`/api/cases/${id}/team`, {
      version: await v(),
      checkId: check.json().checkId,
      members: [
        { userId: ids.zone1, role: 'leader' },
        { userId: ids.casemgr, role: 'member' },
      ],
      reason: '调离',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const collected = await zone1.post(`/api/cases/${id}/evidence`, complete());
    expect(collected.statusCode, collected.body).toBe(201);
    const action = await zone1.post(`/api/cases/${id}/actions`, {
      kind: 'query',
      startedAt: '2026-11-22T02:00:00.000Z',
      place: '县农商银行',
      officerIds: [ids.zone1, ids.office1],
      notice: '出示工作证件',
      credentialsShown: true,
    });
    expect(action.statusCode).toBe(400);
    expect(action.json().error.code).toBe('CASE_OFFICER_NOT_ON_TEAM');
    expect(action.json().error.message).toContain(names.office1);
  });

  it('refuses collectors who never were on the team, naming them', async () => {
    const res = await zone1.post(
      `/api/cases/${caseId}/evidence`,
      complete({ collectorIds: [ids.zone1, ids.township1] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('CASE_EVIDENCE_COLLECTORS');
    expect(res.json().error.message).toContain(names.township1);
  });

  it('keeps a custody chain: each handover from the current holder, not before the previous one', async () => {
    const made = await zone1.post(`/api/cases/${caseId}/evidence`, complete({ title: '记账凭证' }));
    let item = (await items()).find((i) => i.id === made.json().id)!;
    expect(item.holder).toBe(`${names.zone1}、${names.office1}`);
    const wrong = await zone1.post(`/api/cases/${caseId}/evidence/${item.id}/custody`, {
      version: item.version,
      from: '王某',
      to: '案管室涉案财物保管员',
      at: '2026-11-21T05:00:00.000Z',
      reason: '移交保管',
    });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('CASE_CUSTODY_BROKEN');
    expect(wrong.json().error.message).toContain('移交人应当是');
    const first = await zone1.post(`/api/cases/${caseId}/evidence/${item.id}/custody`, {
      version: item.version,
      from: item.holder,
      to: '案管室保管员李某',
      at: '2026-11-21T05:00:00.000Z',
      reason: '移交保管',
    });
    expect(first.statusCode, first.body).toBe(201);
    const early = await zone1.post(`/api/cases/${caseId}/evidence/${item.id}/custody`, {
      version: first.json().version,
      from: '案管室保管员李某',
      to: '县公安局物证鉴定室',
      at: '2026-11-21T04:00:00.000Z',
      reason: '送检',
    });
    expect(early.json().error.code).toBe('CASE_CUSTODY_BROKEN');
    const second = await zone1.post(`/api/cases/${caseId}/evidence/${item.id}/custody`, {
      version: first.json().version,
      from: '案管室保管员李某',
      to: '县公安局物证鉴定室',
      at: '2026-11-22T01:00:00.000Z',
      reason: '送检',
    });
    expect(second.statusCode, second.body).toBe(201);
    item = (await items()).find((i) => i.id === made.json().id)!;
    expect(item.custody.map((c) => [c.from, c.to])).toEqual([
      [`${names.zone1}、${names.office1}`, '案管室保管员李某'],
      ['案管室保管员李某', '县公安局物证鉴定室'],
    ]);
    expect(item.holder).toBe('县公安局物证鉴定室');
  });

  it('seals an evidence file with its SHA-256 and gives it back to the team only', async () => {
    const made = await zone1.post(
      `/api/cases/${caseId}/evidence`,
      complete({ type: 'audiovisual', title: '现场照片' }),
    );
    const bytes = samplePng(7);
    const up = await zone1.upload(
      `/api/cases/${caseId}/evidence/${made.json().id}/files`,
      {},
      {
        name: '现场.png',
        bytes,
      },
    );
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const item = (await items()).find((i) => i.id === made.json().id)!;
    expect(item.files[0]!.sha256).toBe(up.json().sha256);
    const down = await zone1.get(`/api/cases/${caseId}/files/${up.json().id}`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['x-content-sha256']).toBe(up.json().sha256);
    expect(Buffer.compare(down.rawPayload, bytes)).toBe(0);
    expect((await (await env.as('township2')).get(`/api/cases/${caseId}/files/${up.json().id}`)).statusCode).toBe(404);
    // A file for another case's item is refused before anything is stored.
    const cross = await zone1.upload(
      `/api/cases/${otherCaseId}/evidence/${made.json().id}/files`,
      {},
      {
        name: 'x.png',
        bytes,
      },
    );
    expect(cross.statusCode).toBe(404);
  });

  it('runs the seized cash clock (15 days to the account), refuses the wrong step, meets it on deposit', async () => {
    const cash = await zone1.post(`/api/cases/${caseId}/property`, {
      number: '扣押-001',
      kind: 'cash',
      description: '人民币现金',
      quantity: '50000元',
      valueFen: 5_000_000,
      holder: '测试对象',
      seizedAt: '2026-11-20T03:00:00.000Z',
      place: '测试对象住所',
    });
    expect(cash.statusCode, cash.body).toBe(201);
    const again = await zone1.post(`/api/cases/${caseId}/property`, {
      number: '扣押-001',
      kind: 'goods',
      description: '手机一部',
      holder: '测试对象',
      seizedAt: '2026-11-20T03:00:00.000Z',
      place: '测试对象住所',
    });
    expect(again.json().error.code).toBe('VALIDATION_FAILED');
    let list = (await zone1.get(`/api/cases/${caseId}/property`)).json().items;
    let item = list.find((i: { id: string }) => i.id === cash.json().id);
    expect(item.clocks).toHaveLength(1);
    // 15 days from 20 November (the day itself not counted) is Saturday 5 December: the period ends
    // on the next working day (TL21 第二百八十五条).
    expect(item.clocks[0]).toMatchObject({ kind: 'seized_cash_account', dueOn: '2026-12-07', metAt: null });
    const clock = await env
      .ctx()
      .db.selectFrom('deadlines')
      .select(['resource_type', 'owner_unit_id'])
      .where('resource_id', '=', cash.json().id)
      .executeTakeFirstOrThrow();
    const owner = await env
      .ctx()
      .db.selectFrom('cases')
      .select('owner_unit_id')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(clock).toEqual({ resource_type: 'case_property', owner_unit_id: owner.owner_unit_id });
    const wrongStep = await zone1.post(`/api/cases/${caseId}/property/${cash.json().id}/steps`, {
      version: item.version,
      step: 'custody',
      at: '2026-11-25T02:00:00.000Z',
      note: '保管员李某',
    });
    expect(wrongStep.statusCode).toBe(409);
    expect(wrongStep.json().error.code).toBe('CASE_PROPERTY_STEP');
    const photo = await zone1.upload(
      `/api/cases/${caseId}/property/${cash.json().id}/photos`,
      {},
      {
        name: 'cash.png',
        bytes: samplePng(3),
      },
    );
    expect(photo.statusCode, photo.body).toBe(201);
    const deposit = await zone1.post(`/api/cases/${caseId}/property/${cash.json().id}/steps`, {
      version: item.version,
      step: 'deposit',
      at: '2026-11-25T02:00:00.000Z',
      note: '存入县纪委监委涉案款专用账户，存款凭证第0012号',
    });
    expect(deposit.statusCode, deposit.body).toBe(200);
    list = (await zone1.get(`/api/cases/${caseId}/property`)).json().items;
    item = list.find((i: { id: string }) => i.id === cash.json().id);
    expect(item.status).toBe('deposited');
    expect(item.clocks[0].metAt).not.toBeNull();
    expect(item.photos).toHaveLength(1);

    // Goods found unrelated: the custody clock stops, the 3-day release clock runs until released.
    const phone = await zone1.post(`/api/cases/${caseId}/property`, {
      number: '扣押-002',
      kind: 'goods',
      description: '手机一部',
      holder: '测试对象',
      seizedAt: '2026-11-20T03:00:00.000Z',
      place: '测试对象住所',
    });
    const unrelated = await zone1.post(`/api/cases/${caseId}/property/${phone.json().id}/steps`, {
      version: 1,
      step: 'unrelated',
      at: '2026-11-23T02:00:00.000Z',
      note: '经查系其配偶个人物品，与案件无关',
    });
    expect(unrelated.statusCode, unrelated.body).toBe(200);
    let goods = (await zone1.get(`/api/cases/${caseId}/property`))
      .json()
      .items.find((i: { id: string }) => i.id === phone.json().id);
    const kinds = (k: string) => goods.clocks.find((c: { kind: string }) => c.kind === k);
    expect(kinds('seized_goods_custody').metAt).not.toBeNull();
    expect(kinds('unrelated_property_release')).toMatchObject({ dueOn: '2026-11-26', metAt: null });
    const release = await zone1.post(`/api/cases/${caseId}/property/${phone.json().id}/steps`, {
      version: unrelated.json().version,
      step: 'release',
      at: '2026-11-24T02:00:00.000Z',
      note: '退还其配偶张某，已签收',
    });
    expect(release.statusCode, release.body).toBe(200);
    goods = (await zone1.get(`/api/cases/${caseId}/property`))
      .json()
      .items.find((i: { id: string }) => i.id === phone.json().id);
    expect(kinds('unrelated_property_release')).toBeTruthy();
    expect(goods.clocks.find((c: { kind: string }) => c.kind === 'unrelated_property_release').metAt).not.toBeNull();
  });

  it('renders the talk record, the evidence notice and list, and the property list as PDF and DOCX', async () => {
    const talk = await zone1.post(`/api/cases/${caseId}/actions`, {
      kind: 'talk',
      startedAt: '2026-11-21T01:30:00.000Z',
      endedAt: '2026-11-21T03:00:00.000Z',
      place: '第一协作区办案点',
      personName: '测试对象',
      personRole: '被审查调查人',
      officerIds: [ids.zone1, ids.office1],
      notice: '出示工作证件，送达谈话通知书',
      credentialsShown: true,
      room: '一号谈话室',
      roomMonitored: true,
      audioVideo: true,
      recordingRef: 'LX-2026-007',
      safetyChecked: true,
    });
    expect(talk.statusCode, talk.body).toBe(201);
    const obtain = await zone1.post(`/api/cases/${caseId}/actions`, {
      kind: 'obtain',
      startedAt: '2026-11-22T02:00:00.000Z',
      place: '某村村委会',
      personName: '某村村民委员会',
      officerIds: [ids.zone1, ids.office1],
      notice: '出示工作证件，送达调取证据通知书',
      credentialsShown: true,
    });
    await zone1.post(
      `/api/cases/${caseId}/evidence`,
      complete({ title: '2025年度会计账簿', actionId: obtain.json().id }),
    );
    const doc = (file: string, actionId?: string) =>
      zone1.get(`/api/cases/${caseId}/documents/${file}${actionId ? `?recordId=${actionId}` : ''}`);
    const pdf = await doc('talk_record.pdf', talk.json().id);
    expect(pdf.statusCode, pdf.body).toBe(200);
    const text = pdfText(pdf.rawPayload);
    for (const words of ['谈话笔录', names.zone1, names.office1, '一号谈话室', 'LX-2026-007', '测试对象'])
      expect(text).toContain(words);
    const docx = await doc('talk_record.docx', talk.json().id);
    expect(await docxText(docx.rawPayload)).toContain('一号谈话室');
    expect(pdfText((await doc('evidence_request.pdf', obtain.json().id)).rawPayload)).toContain('调取证据通知书');
    const list = pdfText((await doc('evidence_list.pdf', obtain.json().id)).rawPayload);
    expect(list).toContain('2025年度会计账簿');
    expect(list).toContain('复制件');
    const property = await docxText((await doc('property_list.docx')).rawPayload);
    expect(property).toContain('查封/扣押财物文件清单');
    expect(property).toContain('扣押-001');
    expect(property).toContain('50000.00元');
    // A talk record of an action that is no talk, or without the action, is refused.
    expect((await doc('talk_record.pdf', obtain.json().id)).json().error.code).toBe('VALIDATION_FAILED');
    expect((await doc('evidence_list.pdf')).json().error.code).toBe('VALIDATION_FAILED');
    expect((await (await env.as('township1')).get(`/api/cases/${caseId}/documents/property_list.pdf`)).statusCode).toBe(
      403,
    );
  });
  it('sweeps sealed evidence blobs that no file row references, once a day, keeping every referenced one', async () => {
    const store = blobStoreFor(evidenceRoot(env.config.dataDir));
    const age = (path: string) => {
      const at = new Date(Date.now() - ORPHAN_BLOB_GRACE_MS * 2);
      utimesSync(path, at, at);
    };
    const made = await zone1.post(`/api/cases/${caseId}/evidence`, complete({ title: '清理测试凭证' }));
    expect(made.statusCode, made.body).toBe(201);
    const up = await zone1.upload(
      `/api/cases/${caseId}/evidence/${made.json().id}/files`,
      {},
      { name: '凭证.png', bytes: samplePng(11) },
    );
    expect(up.statusCode, up.body).toBe(201);
    const kept = await env
      .ctx()
      .db.selectFrom('case_files')
      .select('blob_id')
      .where('id', '=', up.json().id)
      .executeTakeFirstOrThrow();
    age(store.pathFor(kept.blob_id));
    // A blob whose row never committed (a crash between the bytes and the row), old enough.
    async function* bytes() {
      yield samplePng(12);
    }
    const orphan = await store.write(bytes(), {
      keyring: env.ctx().keyring,
      context: 'test:orphan',
      maxBytes: 100_000,
    });
    age(store.pathFor(orphan.blobId));

    const worker = createWorker(env.platform, env.clock);
    await enqueuePeriodicJobs(env.ctx().db, env.clock);
    while ((await worker.runOnce()) > 0) {
      // run every due job
    }
    expect(existsSync(store.pathFor(orphan.blobId))).toBe(false);
    expect(existsSync(store.pathFor(kept.blob_id))).toBe(true);
    expect((await zone1.get(`/api/cases/${caseId}/files/${up.json().id}`)).statusCode).toBe(200);
    const events = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['changes', 'actor_username'])
      .where('action', '=', 'case.file_sweep_orphans')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_username).toBe('system');
    expect(JSON.parse(events[0]!.changes!)).toMatchObject({ orphansRemoved: [null, 1] });
  });
});
