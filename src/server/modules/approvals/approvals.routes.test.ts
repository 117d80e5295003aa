import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import { ctxAs, unitOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { startApproval } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'qf-approvals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** pdftotext with all whitespace removed, so justified spacing cannot split words. */
function pdfText(bytes: Buffer): string {
  const file = join(dir, `${newId()}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

describe.each(testDialects())('approval routes on $name', ({ name }) => {
  let env: TestEnv;
  let casemgr: Client;
  let leader: Client;
  let org: Client;
  let township1: Client;

  beforeAll(async () => {
    env = await startTestEnv(name);
    [casemgr, leader, org, township1] = (await Promise.all(
      ['casemgr', 'leader', 'orgadmin', 'township1'].map((u) => env.as(u)),
    )) as [Client, Client, Client, Client];
  });
  afterAll(async () => env?.close());

  /** An assignment opinion drafted by 案管 (the demo chain: the commission leader signs once). */
  async function draft(action: 'clue.assignment_opinion' | 'case.filing' = 'clue.assignment_opinion') {
    const ctx = await ctxAs(env, 'casemgr');
    const commission = await env
      .ctx()
      .db.selectFrom('units')
      .select(['id', 'path', 'region_path', 'county_code'])
      .where('id', '=', await unitOf(env, 'leader'))
      .executeTakeFirstOrThrow();
    const draftingUnitId = await unitOf(env, 'casemgr');
    return inTransaction(ctx, (tx) =>
      startApproval(tx, {
        action,
        targetLevel: 'ordinary',
        resourceType: 'clue',
        resourceId: newId(),
        title: '关于王某某问题线索的分办意见',
        content: { summary: '建议分办第一纪检监察室办理。', to: 'office1' },
        draftingUnitId,
        ownerUnitId: commission.id,
        ownerUnitPath: commission.path,
        regionPath: commission.region_path,
        countyCode: commission.county_code,
      }),
    );
  }

  it('lists what waits for me, what I submitted and what I decided', async () => {
    const { id, number } = await draft();
    expect(number).toMatch(/^渑纪呈〔\d{4}〕\d{4}号$/);
    const waiting = (await leader.get('/api/approvals?box=waiting')).json();
    expect(waiting.items.map((a: { id: string }) => a.id)).toContain(id);
    expect((await casemgr.get('/api/approvals?box=waiting')).json().items).toEqual([]);
    const mine = (await casemgr.get('/api/approvals?box=submitted&action=clue.assignment_opinion')).json();
    expect(mine.items[0]).toMatchObject({ id, status: 'pending', currentHolderName: '县纪委监委领导' });
    expect((await township1.get('/api/approvals?box=all')).json().total).toBe(0);
    expect((await township1.get(`/api/approvals/${id}`)).statusCode).toBe(404);
    const bad = await leader.get('/api/approvals?box=everything');
    expect(bad.statusCode).toBe(400);

    const detail = (await leader.get(`/api/approvals/${id}`)).json();
    expect(detail.abilities.decide).toBe(true);
    expect(
      (await casemgr.post(`/api/approvals/${id}/decision`, { decision: 'approve', version: detail.version })).json()
        .error.code,
    ).toBe('NOT_APPROVER');
    const stale = await leader.post(`/api/approvals/${id}/decision`, {
      decision: 'approve',
      version: detail.version + 3,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    const noOpinion = await leader.post(`/api/approvals/${id}/decision`, {
      decision: 'reject',
      version: detail.version,
    });
    expect(noOpinion.json().error.code).toBe('APPROVAL_OPINION_REQUIRED');
    const ok = await leader.post(`/api/approvals/${id}/decision`, {
      decision: 'approve',
      opinion: '同意分办第一纪检监察室',
      version: detail.version,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('approved');
    const decided = (await leader.get('/api/approvals?box=decided&status=approved')).json();
    expect(decided.items.map((a: { id: string }) => a.id)).toContain(id);
  });

  it('prints the 呈批表 with each post, opinion and signer, as PDF and DOCX', async () => {
    const { id, number } = await draft('case.filing');
    const v = (await leader.get(`/api/approvals/${id}`)).json().version;
    await leader.post(`/api/approvals/${id}/decision`, {
      decision: 'approve',
      opinion: '同意立案，报县委',
      version: v,
    });
    const v2 = (await casemgr.get(`/api/approvals/${id}`)).json().version;
    const rec = await casemgr.post(`/api/approvals/${id}/offline-step`, {
      decision: 'approve',
      opinion: '同意',
      signerName: '赵某某',
      signedOn: '2026-11-21',
      version: v2,
    });
    expect(rec.statusCode, rec.body).toBe(200);
    const pdf = await leader.get(`/api/approvals/${id}/documents/approval_form.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    for (const want of [
      '立案审查调查呈批报告呈批表',
      number,
      '关于王某某问题线索的分办意见',
      '案件监督管理室',
      '建议分办第一纪检监察室办理。',
      '主要领导审批',
      '同意立案，报县委',
      '县纪委监委领导',
      '同级党委审批',
      '赵某某（据纸质签批登记）',
      '2026年11月21日',
      '起草人即本岗位负责人',
    ])
      expect(text, want).toContain(want);
    const docx = await leader.get(`/api/approvals/${id}/documents/approval_form.docx`);
    expect(docx.statusCode).toBe(200);
    const dtext = await docxText(docx.rawPayload);
    expect(dtext).toContain('同意立案，报县委');
    expect(dtext).toContain('赵某某（据纸质签批登记）');
    expect((await township1.get(`/api/approvals/${id}/documents/approval_form.pdf`)).statusCode).toBe(404);
    expect((await leader.get(`/api/approvals/${id}/documents/approval_form.txt`)).statusCode).toBe(400);
    const audited = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', id)
      .where('action', '=', 'approval.document')
      .execute();
    expect(audited).toHaveLength(2);
  });

  it('keeps the posts register: the organisation officer sets holders in scope', async () => {
    const posts = (await org.get('/api/approval-posts')).json().items as {
      post: string;
      holderName: string;
      unitName: string;
    }[];
    expect(posts.find((p) => p.post === 'principal_leader' && p.unitName.includes('纪律检查委员会'))?.holderName).toBe(
      '县纪委监委领导',
    );
    expect(posts.find((p) => p.post === 'committee_principal')).toMatchObject({ offPlatform: true });
    const office = await unitOf(env, 'office1');
    const reviewerId = (
      await env.ctx().db.selectFrom('users').select('id').where('username', '=', 'reviewer').executeTakeFirstOrThrow()
    ).id;
    const set = await org.put('/api/approval-posts', { unitId: office, post: 'department_head', userId: reviewerId });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().items.find((p: { post: string }) => p.post === 'department_head').holderName).toBe('审理室干部');
    const wrong = await org.put('/api/approval-posts', {
      unitId: office,
      post: 'principal_leader',
      userId: reviewerId,
    });
    expect(wrong.json().error.code).toBe('VALIDATION_FAILED');
    const name = await org.put('/api/approval-posts', {
      unitId: office,
      post: 'department_head',
      userId: null,
      holderName: '某',
    });
    expect(name.json().error.code).toBe('VALIDATION_FAILED');
    expect(
      (await leader.put('/api/approval-posts', { unitId: office, post: 'department_head', userId: null })).statusCode,
    ).toBe(403);
    const vacate = await org.put('/api/approval-posts', { unitId: office, post: 'department_head', userId: null });
    expect(vacate.json().items.find((p: { post: string }) => p.post === 'department_head')).toBeUndefined();
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'approval_post.set')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('shows 待我审批 on the approver’s workbench, oldest first', async () => {
    const first = await draft();
    const second = await draft();
    const wb = (await leader.get('/api/workbench')).json();
    const card = wb.cards.find((c: { key: string }) => c.key === 'approvals.waiting');
    expect(card).toBeDefined();
    const ids = card.items.map((i: { id: string }) => i.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(card.items[0].href).toMatch(/^\/approvals\//);
    const none = (await township1.get('/api/workbench')).json();
    expect(none.cards.find((c: { key: string }) => c.key === 'approvals.waiting')?.count ?? 0).toBe(0);
  });
});
