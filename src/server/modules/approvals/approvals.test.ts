import { type SqlBool, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVAL_ACTIONS,
  type ApprovalAction,
  TARGET_LEVELS,
  type TargetLevel,
} from '../../shared/approvals.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { sha256Hex } from '../../shared/crypto.js';
import { newId } from '../../shared/ids.js';
import { ctxAs, unitOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { registerRecusal, registerRecusalLookup } from '../access/index.js';
import { createUser } from '../auth/index.js';
import {
  type ApprovalDecidedEvent,
  CHAIN_CATALOGUE,
  approvalsFor,
  canonicalJson,
  decideApproval,
  getApproval,
  onApprovalDecided,
  recordOfflineStep,
  resubmitApproval,
  setPost,
  startApproval,
  withdrawApproval,
} from './index.js';

/** Users the recusal lookup registered below reports as recused, per clue id (cleared after each test). */
const recusedHolders = new Map<string, Set<string>>();
/** Clue ids the actor is recused from (the 404 effect), per user id. */
const recusedReaders = new Map<string, Set<string>>();
registerRecusalLookup(async (_ctx, resource, resourceId, userIds) => {
  const set = resource === 'clue' ? recusedHolders.get(resourceId) : undefined;
  return new Set(userIds.filter((u) => set?.has(u)));
});
registerRecusal((eb, ctx, resource, idColumn) => {
  const ids = resource === 'clue' ? [...(recusedReaders.get(ctx.actor?.userId ?? '') ?? [])] : [];
  return ids.length ? eb(sql.ref(idColumn), 'in', ids) : sql<SqlBool>`1 = 0`;
});

describe.each(testDialects())('approval engine on $name', ({ name }) => {
  let env: TestEnv;
  let office1: Ctx;
  let zone1: Ctx;
  let leader: Ctx;
  let deputy: Ctx;
  let township1: Ctx;
  let casemgr: Ctx;
  let officeUnit: string;
  let commission: { id: string; path: string; region_path: string; county_code: string | null };
  const undo: (() => void)[] = [];

  beforeAll(async () => {
    env = await startTestEnv(name);
    officeUnit = await unitOf(env, 'office1');
    const c = await unitOf(env, 'leader');
    commission = await env
      .ctx()
      .db.selectFrom('units')
      .select(['id', 'path', 'region_path', 'county_code'])
      .where('id', '=', c)
      .executeTakeFirstOrThrow();
    // A deputy secretary as 分管领导 of the first office, so the chain has three signing levels.
    await createUser(await ctxAs(env, 'sysadmin'), {
      username: 'deputy',
      displayName: '分管副书记',
      password: 'Deputy-Pass-2026',
      unitId: commission.id,
      mustChangePassword: false,
    });
    const deputyId = await userId('deputy');
    await setPost(await ctxAs(env, 'orgadmin'), { unitId: officeUnit, post: 'leader_in_charge', userId: deputyId });
    office1 = await ctxAs(env, 'office1');
    zone1 = await ctxAs(env, 'zone1');
    leader = await ctxAs(env, 'leader');
    deputy = await ctxAs(env, 'deputy');
    township1 = await ctxAs(env, 'township1');
    casemgr = await ctxAs(env, 'casemgr');
  });
  afterAll(async () => env?.close());
  afterEach(() => {
    recusedHolders.clear();
    recusedReaders.clear();
    while (undo.length) undo.pop()!();
  });

  async function userId(username: string): Promise<string> {
    const row = await env
      .ctx()
      .db.selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function start(
    action: ApprovalAction = 'clue.disposal',
    level: TargetLevel = 'ordinary',
    opts: { as?: Ctx; clueId?: string; draftingUnitId?: string } = {},
  ) {
    const clueId = opts.clueId ?? newId();
    const made = await inTransaction(opts.as ?? office1, (tx) =>
      startApproval(tx, {
        action,
        targetLevel: level,
        resourceType: 'clue',
        resourceId: clueId,
        title: '关于测试某问题线索的处置意见',
        content: { summary: '拟采取谈话函询方式处置。', disposal: 'inquiry', amounts: [1, 2] },
        draftingUnitId: opts.draftingUnitId ?? officeUnit,
        ownerUnitId: commission.id,
        ownerUnitPath: commission.path,
        regionPath: commission.region_path,
        countyCode: commission.county_code,
      }),
    );
    return { ...made, clueId };
  }

  const decide = async (ctx: Ctx, id: string, decision: 'approve' | 'return' | 'reject', opinion?: string) =>
    decideApproval(ctx, id, { decision, opinion, version: (await getApproval(ctx, id)).version });

  async function codeOf(p: Promise<unknown>): Promise<string> {
    try {
      await p;
    } catch (err) {
      return (err as { code: string }).code;
    }
    return 'OK';
  }

  const auditActions = async (id: string) =>
    (
      await env
        .ctx()
        .db.selectFrom('audit_events')
        .select('action')
        .where('resource_type', '=', 'approval')
        .where('resource_id', '=', id)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);

  it('builds the chain the catalogue names for every action and target level', async () => {
    for (const action of APPROVAL_ACTIONS)
      for (const level of TARGET_LEVELS) {
        const { id } = await start(action, level);
        const view = await getApproval(office1, id);
        const posts = CHAIN_CATALOGUE[action][level].posts;
        expect(
          view.steps.map((s) => s.post),
          `${action} ${level}`,
        ).toEqual(posts);
        expect(view.steps.map((s) => s.holderName)).toEqual(
          posts.map((p) =>
            p === 'department_head'
              ? '第一协作区组长'
              : p === 'leader_in_charge'
                ? '分管副书记'
                : p === 'principal_leader'
                  ? '县纪委监委领导'
                  : '县委书记（平台外签批）',
          ),
        );
        expect(view.steps[0]!.status).toBe('current');
        expect(view.currentHolderName).toBe('第一协作区组长');
      }
    // The rules that lift a chain to the same-level party committee's principal leader.
    expect(CHAIN_CATALOGUE['case.filing'].ordinary.posts.at(-1)).toBe('committee_principal');
    expect(CHAIN_CATALOGUE['clue.verification_plan'].next_lower_principal.posts.at(-1)).toBe('committee_principal');
    expect(CHAIN_CATALOGUE['clue.verification_plan'].ordinary.posts.at(-1)).toBe('principal_leader');
    expect(CHAIN_CATALOGUE['clue.inquiry_request'].next_lower_principal.posts.at(-1)).toBe('principal_leader');
  });

  it('goes up the chain to approval, notifying each holder, and freezes the content hash', async () => {
    const events: ApprovalDecidedEvent[] = [];
    const seenInTx: string[] = [];
    undo.push(
      onApprovalDecided('clue.disposal', async (tx, e) => {
        events.push(e);
        const row = await tx.db
          .selectFrom('approvals')
          .select('status')
          .where('id', '=', e.approvalId)
          .executeTakeFirstOrThrow();
        seenInTx.push(`${tx.db.isTransaction}:${row.status}`);
      }),
    );
    const { id } = await start();
    await decide(zone1, id, 'approve', '同意，呈分管领导');
    expect((await getApproval(office1, id)).currentHolderName).toBe('分管副书记');
    await decide(deputy, id, 'approve');
    expect(events).toEqual([]);
    await decide(leader, id, 'approve', '同意');
    const view = await getApproval(office1, id);
    expect(view.status).toBe('approved');
    expect(view.steps.map((s) => s.status)).toEqual(['approved', 'approved', 'approved']);
    expect(view.steps[0]!.opinion).toBe('同意，呈分管领导');
    expect(view.integrity).toBe('intact');
    const canonical = canonicalJson({ summary: '拟采取谈话函询方式处置。', disposal: 'inquiry', amounts: [1, 2] });
    expect(view.contentHash).toBe(sha256Hex(canonical));
    expect(events.map((e) => [e.outcome, e.contentHash])).toEqual([['approved', view.contentHash]]);
    expect(seenInTx).toEqual(['true:approved']);
    expect(await auditActions(id)).toEqual([
      'approval.start',
      'approval.approve',
      'approval.approve',
      'approval.approve',
    ]);
    const notes = await env
      .ctx()
      .db.selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['u.username', 'n.kind'])
      .where('n.resource_id', '=', id)
      .orderBy('n.created_at')
      .orderBy('u.username')
      .execute();
    expect(notes.map((n) => `${n.username}:${n.kind}`).sort()).toEqual(
      [
        'zone1:approval_waiting',
        'deputy:approval_waiting',
        'leader:approval_waiting',
        'office1:approval_decided',
      ].sort(),
    );
    // Frozen: nothing changes an approved document any more.
    expect(await codeOf(resubmitApproval(office1, id, { content: { summary: '改' }, version: view.version }))).toBe(
      'APPROVAL_STATE',
    );
    expect(await codeOf(withdrawApproval(office1, id, { version: view.version }))).toBe('APPROVAL_STATE');
    expect(await codeOf(decide(leader, id, 'approve'))).toBe('APPROVAL_STATE');
    // Tampering in the database shows on read.
    await env.ctx().db.updateTable('approvals').set({ content: '{"summary":"被改过"}' }).where('id', '=', id).execute();
    expect((await getApproval(office1, id)).integrity).toBe('tampered');
  });

  it('refuses anyone but the current holder, and hides the approval from outsiders', async () => {
    const { id } = await start();
    expect(await codeOf(decide(leader, id, 'approve'))).toBe('NOT_APPROVER');
    expect(await codeOf(decide(office1, id, 'approve'))).toBe('NOT_APPROVER');
    expect(await codeOf(getApproval(township1, id))).toBe('NOT_FOUND');
    expect(await codeOf(decide(township1, id, 'approve'))).toBe('NOT_FOUND');
    // approval.read in scope (案管) reads it without being on the chain, but cannot sign.
    expect((await getApproval(casemgr, id)).abilities.decide).toBe(false);
    expect(await codeOf(decide(casemgr, id, 'approve'))).toBe('NOT_APPROVER');
    expect((await getApproval(office1, id)).steps.every((s) => s.status !== 'approved')).toBe(true);
  });

  it('returns to the drafter with an opinion, and restarts the chain on resubmission', async () => {
    const outcomes: string[] = [];
    undo.push(onApprovalDecided('clue.disposal', async (_tx, e) => void outcomes.push(e.outcome)));
    const { id } = await start();
    await decide(zone1, id, 'approve');
    expect(await codeOf(decide(deputy, id, 'return'))).toBe('APPROVAL_OPINION_REQUIRED');
    expect(await codeOf(decide(deputy, id, 'return', '   '))).toBe('APPROVAL_OPINION_REQUIRED');
    await decide(deputy, id, 'return', '事实部分请补充');
    let view = await getApproval(office1, id);
    expect(view.status).toBe('returned');
    expect(view.steps.map((s) => s.status)).toEqual(['approved', 'returned', 'cancelled']);
    expect(view.abilities).toMatchObject({ resubmit: true, withdraw: true, decide: false });
    expect(outcomes).toEqual(['returned']);
    expect(await codeOf(resubmitApproval(zone1, id, { content: { summary: 'x' }, version: view.version }))).toBe(
      'NOT_APPROVER',
    );
    expect(await codeOf(resubmitApproval(office1, id, { content: { summary: 'x' }, version: view.version - 1 }))).toBe(
      'CONFLICT',
    );
    const oldHash = view.contentHash;
    await resubmitApproval(office1, id, { content: { summary: '已补充事实。' }, version: view.version });
    view = await getApproval(office1, id);
    expect(view.status).toBe('pending');
    expect(view.round).toBe(2);
    expect(view.contentHash).not.toBe(oldHash);
    expect(view.contentHash).toBe(sha256Hex(canonicalJson({ summary: '已补充事实。' })));
    expect(view.steps.filter((s) => s.round === 2).map((s) => s.status)).toEqual(['current', 'waiting', 'waiting']);
    expect(view.steps.filter((s) => s.round === 1)).toHaveLength(3);
    expect(view.currentHolderName).toBe('第一协作区组长');
    await decide(zone1, id, 'approve');
    await decide(deputy, id, 'approve');
    await decide(leader, id, 'approve');
    expect((await getApproval(office1, id)).status).toBe('approved');
    expect(outcomes).toEqual(['returned', 'approved']);
  });

  it('ends rejected with the opinion, cancelling the later steps', async () => {
    const { id } = await start();
    expect(await codeOf(decide(zone1, id, 'reject'))).toBe('APPROVAL_OPINION_REQUIRED');
    await decide(zone1, id, 'reject', '不属于本室职责');
    const view = await getApproval(office1, id);
    expect(view.status).toBe('rejected');
    expect(view.steps.map((s) => s.status)).toEqual(['rejected', 'cancelled', 'cancelled']);
    expect(await codeOf(decide(deputy, id, 'approve'))).toBe('APPROVAL_STATE');
    expect(await auditActions(id)).toEqual(['approval.start', 'approval.reject']);
  });

  it('skips a recused holder to the next level, with the reason on the step', async () => {
    const clueId = newId();
    recusedHolders.set(clueId, new Set([await userId('deputy')]));
    const { id } = await start('clue.disposal', 'ordinary', { clueId });
    const view = await getApproval(office1, id);
    expect(view.steps.map((s) => [s.post, s.status, s.skipReason])).toEqual([
      ['department_head', 'current', null],
      ['leader_in_charge', 'skipped', 'recused'],
      ['principal_leader', 'waiting', null],
    ]);
    await decide(zone1, id, 'approve');
    expect((await getApproval(office1, id)).currentHolderName).toBe('县纪委监委领导');
  });

  it('hides the approvals of a record the reader is recused from (404)', async () => {
    const { id, clueId } = await start();
    expect((await approvalsFor(casemgr, 'clue', clueId)).map((a) => a.id)).toEqual([id]);
    recusedReaders.set(casemgr.actor!.userId, new Set([clueId]));
    expect(await codeOf(getApproval(casemgr, id))).toBe('NOT_FOUND');
    expect(await approvalsFor(casemgr, 'clue', clueId)).toEqual([]);
  });

  it('skips an empty post, and the drafter who holds a post', async () => {
    const org = await ctxAs(env, 'orgadmin');
    await setPost(org, { unitId: officeUnit, post: 'leader_in_charge', userId: null });
    try {
      const { id } = await start();
      expect((await getApproval(office1, id)).steps.map((s) => [s.status, s.skipReason])).toEqual([
        ['current', null],
        ['skipped', 'vacant'],
        ['waiting', null],
      ]);
    } finally {
      await setPost(org, { unitId: officeUnit, post: 'leader_in_charge', userId: await userId('deputy') });
    }
    // 案管 drafts in its own office: its head is the drafter, its leader in charge the principal.
    const caseOffice = await unitOf(env, 'casemgr');
    const { id } = await start('clue.assignment_opinion', 'ordinary', { as: casemgr, draftingUnitId: caseOffice });
    expect((await getApproval(casemgr, id)).steps.map((s) => [s.post, s.status, s.skipReason])).toEqual([
      ['department_head', 'skipped', 'drafter'],
      ['leader_in_charge', 'skipped', 'same_holder'],
      ['principal_leader', 'current', null],
    ]);
  });

  it('refuses with NO_APPROVER when the approving authority is recused, writing nothing', async () => {
    const clueId = newId();
    recusedHolders.set(clueId, new Set([await userId('leader')]));
    const before = await env
      .ctx()
      .db.selectFrom('approvals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(await codeOf(start('clue.disposal', 'ordinary', { clueId }))).toBe('NO_APPROVER');
    const after = await env
      .ctx()
      .db.selectFrom('approvals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('answers CONFLICT to a stale version, and lets only one of two concurrent decisions through', async () => {
    const { id } = await start();
    const v = (await getApproval(zone1, id)).version;
    expect(await codeOf(decideApproval(zone1, id, { decision: 'approve', version: v + 1 }))).toBe('CONFLICT');
    const results = await Promise.allSettled([
      decideApproval(zone1, id, { decision: 'approve', opinion: '甲', version: v }),
      decideApproval(zone1, id, { decision: 'reject', opinion: '乙', version: v }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(['CONFLICT', 'APPROVAL_STATE', 'NOT_APPROVER']).toContain((failed.reason as { code: string }).code);
    const view = await getApproval(office1, id);
    const decided = view.steps.filter((s) => s.decidedAt);
    expect(decided).toHaveLength(1);
    expect(await auditActions(id)).toHaveLength(2);
    expect(view.version).toBe(v + 1);
  });

  it('rolls the last signature back when the owning module’s handler throws', async () => {
    undo.push(
      onApprovalDecided('clue.conclusion', async () => {
        throw new Error('clue could not move');
      }),
    );
    const { id } = await start('clue.conclusion');
    await decide(zone1, id, 'approve');
    await decide(deputy, id, 'approve');
    await expect(decide(leader, id, 'approve', '同意了结')).rejects.toThrow('clue could not move');
    const view = await getApproval(office1, id);
    expect(view.status).toBe('pending');
    expect(view.steps.map((s) => s.status)).toEqual(['approved', 'approved', 'current']);
    expect(view.steps[2]!.opinion).toBeNull();
    expect(await auditActions(id)).toEqual(['approval.start', 'approval.approve', 'approval.approve']);
    const decidedNote = await env
      .ctx()
      .db.selectFrom('notifications')
      .select('id')
      .where('resource_id', '=', id)
      .where('kind', '=', 'approval_decided')
      .executeTakeFirst();
    expect(decidedNote).toBeUndefined();
  });

  it('has the drafter record the off-platform committee principal from the signed paper', async () => {
    const { id } = await start('case.filing');
    await decide(zone1, id, 'approve');
    await decide(deputy, id, 'approve');
    await decide(leader, id, 'approve', '同意，报县委主要负责人');
    let view = await getApproval(office1, id);
    expect(view.status).toBe('pending');
    expect(view.currentHolderId).toBeNull();
    expect(view.abilities.recordOffline).toBe(true);
    expect(await codeOf(decide(leader, id, 'approve'))).toBe('NOT_APPROVER');
    expect(
      await codeOf(
        recordOfflineStep(zone1, id, {
          decision: 'approve',
          signerName: '王某',
          signedOn: '2026-11-20',
          version: view.version,
        }),
      ),
    ).toBe('NOT_APPROVER');
    await recordOfflineStep(office1, id, {
      decision: 'approve',
      opinion: '同意立案',
      signerName: '王某某',
      signedOn: '2026-11-20',
      version: view.version,
    });
    view = await getApproval(office1, id);
    expect(view.status).toBe('approved');
    const last = view.steps.at(-1)!;
    expect(last).toMatchObject({
      post: 'committee_principal',
      offline: true,
      holderName: '王某某',
      signedOn: '2026-11-20',
    });
    expect(last.decidedByName).toBe('第一纪检监察室干部');
    expect(await auditActions(id)).toContain('approval.offline_step');
    // An on-platform step cannot be recorded as offline.
    const other = await start();
    const v = (await getApproval(office1, other.id)).version;
    expect(
      await codeOf(
        recordOfflineStep(office1, other.id, {
          decision: 'approve',
          signerName: 'x',
          signedOn: '2026-11-20',
          version: v,
        }),
      ),
    ).toBe('APPROVAL_STATE');
  });

  it('lets the drafter withdraw, telling the owning module', async () => {
    const outcomes: string[] = [];
    undo.push(onApprovalDecided('clue.inquiry_request', async (_tx, e) => void outcomes.push(e.outcome)));
    const { id } = await start('clue.inquiry_request');
    const v = (await getApproval(office1, id)).version;
    expect(await codeOf(withdrawApproval(zone1, id, { version: v }))).toBe('NOT_APPROVER');
    await withdrawApproval(office1, id, { version: v });
    const view = await getApproval(office1, id);
    expect(view.status).toBe('withdrawn');
    expect(view.steps.map((s) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(outcomes).toEqual(['withdrawn']);
    expect(await codeOf(decide(zone1, id, 'approve'))).toBe('APPROVAL_STATE');
  });

  it('refuses to sign a document whose content no longer matches its hash', async () => {
    const { id } = await start();
    await env.ctx().db.updateTable('approvals').set({ content: '{"summary":"偷改"}' }).where('id', '=', id).execute();
    expect(await codeOf(decide(zone1, id, 'approve'))).toBe('APPROVAL_TAMPERED');
    expect((await getApproval(zone1, id)).integrity).toBe('tampered');
  });
});
