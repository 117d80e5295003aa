import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAll, makeCase } from '../../test/case-factories.js';
import { ctxAs, unitOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { newId } from '../../shared/ids.js';
import { type CaseOwner, onCaseOwnerMoved, readCase } from './index.js';

describe.each(testDialects())('changing a case’s handling mode on $name', ({ name }) => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  const db = () => env.ctx().db;
  const caseRow = (id: string) => db().selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const changes = (id: string) =>
    db().selectFrom('case_mode_changes').selectAll().where('case_id', '=', id).orderBy('requested_at').execute();

  /** A person of the county commission whose case scope is that one unit (its own cases only). */
  async function commissionOfficer(): Promise<string> {
    const unitId = await unitOf(env, 'leader');
    const role = await db()
      .selectFrom('roles')
      .select('id')
      .where('key', '=', 'office_investigator')
      .executeTakeFirstOrThrow();
    const template = await db()
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'casemgr')
      .executeTakeFirstOrThrow();
    const userId = newId();
    const username = `cmsn_${userId.slice(-8)}`;
    await db()
      .insertInto('users')
      .values({ ...template, id: userId, username, display_name: '县纪委本级干部', unit_id: unitId })
      .execute();
    await db()
      .insertInto('role_assignments')
      .values({
        id: newId(),
        user_id: userId,
        role_id: role.id,
        scope_type: 'own_unit',
        scope_unit_id: unitId,
        scope_zone_id: null,
        created_by: null,
        created_at: template.created_at,
      })
      .execute();
    return username;
  }

  /** Whether `username` reads the case's content: 200, 403 (line only) or 404, as a status. */
  async function sees(username: string, caseId: string): Promise<number> {
    try {
      await readCase(await ctxAs(env, username), caseId);
      return 200;
    } catch (e) {
      return (e as { statusCode: number }).statusCode;
    }
  }

  // A part with scoped rows of its own (evidence, measures) moves them through this seam.
  const moved: { caseId: string; owner: CaseOwner }[] = [];
  onCaseOwnerMoved(async (_tx, caseId, owner) => {
    moved.push({ caseId, owner });
  });

  it('moves an escalated case to its zone on approval: owner, zone, clocks, decider, history; the old unit loses the content', async () => {
    const made = await makeCase(env, { filing: { handling: { mode: 'escalated', reason: 'major_case' } } });
    const before = await caseRow(made.id);
    expect(before.owner_unit_id).toBe(await unitOf(env, 'leader'));
    const officer = await commissionOfficer();
    expect(await sees(officer, made.id)).toBe(200);

    const casemgr = await env.as('casemgr');
    const res = await casemgr.post(`/api/cases/${made.id}/mode-changes`, {
      version: before.version,
      mode: 'zone',
      reason: 'county_assigned',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { approvalId } = res.json<{ approvalId: string }>();
    // Nothing moves before the approval; a second request waits.
    expect((await caseRow(made.id)).mode).toBe('escalated');
    const again = await casemgr.post(`/api/cases/${made.id}/mode-changes`, {
      version: before.version,
      mode: 'cross',
      reason: 'local_recusal',
      handlingUnitId: await unitOf(env, 'township2'),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CASE_MODE_CHANGE_PENDING');
    const chain = await db()
      .selectFrom('approval_steps')
      .select('post')
      .where('approval_id', '=', approvalId)
      .orderBy('seq')
      .execute();
    expect(chain.at(-1)!.post).toBe('principal_leader');

    await decideAll(env, approvalId);
    const after = await caseRow(made.id);
    expect(after.mode).toBe('zone');
    expect(after.zone_id).not.toBeNull();
    expect(after.owner_unit_id).toBe(after.handling_unit_id);
    expect(after.owner_unit_id).not.toBe(before.owner_unit_id);
    expect(after.mode_reason).toBe('county_assigned');
    expect(after.mode_decided_by_name).toBe('县纪委监委领导');
    expect(after.version).toBe(before.version + 1);
    const clocks = await db()
      .selectFrom('deadlines')
      .select(['owner_unit_id', 'kind'])
      .where('resource_type', '=', 'case')
      .where('resource_id', '=', made.id)
      .execute();
    expect(clocks.length).toBeGreaterThan(0);
    for (const c of clocks) expect(c.owner_unit_id).toBe(after.owner_unit_id);
    expect(moved.filter((m) => m.caseId === made.id).map((m) => m.owner.owner_unit_id)).toEqual([after.owner_unit_id]);
    const history = await changes(made.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      status: 'approved',
      from_mode: 'escalated',
      to_mode: 'zone',
      reason: 'county_assigned',
    });
    // Ownership moved: the commission's own-unit officer (not on the team) no longer sees the content.
    expect(await sees(officer, made.id)).toBe(404);
    expect(await sees('zone1', made.id)).toBe(200);
    const listed = (await casemgr.get(`/api/cases/${made.id}/mode-changes`)).json().items;
    expect(listed[0]).toMatchObject({
      status: 'approved',
      fromMode: 'escalated',
      toMode: 'zone',
      decidedByName: '县纪委监委领导',
    });
    const trail = (await casemgr.get(`/api/cases/${made.id}`)).json().events.map((e: { action: string }) => e.action);
    expect(trail).toEqual(expect.arrayContaining(['mode_change_requested', 'mode_changed']));
  });

  it('hands a township’s own case to another township (交叉办理): the old township sees only the line, the new one the content', async () => {
    const made = await makeCase(env, {
      drafter: 'township1',
      filing: { handling: { mode: 'self', reason: 'simple' } },
    });
    expect(await sees('township1', made.id)).toBe(200);
    expect(await sees('township2', made.id)).toBe(404);
    const row = await caseRow(made.id);
    const casemgr = await env.as('casemgr');
    const res = await casemgr.post(`/api/cases/${made.id}/mode-changes`, {
      version: row.version,
      mode: 'cross',
      reason: 'local_recusal',
      handlingUnitId: await unitOf(env, 'township2'),
    });
    expect(res.statusCode, res.body).toBe(201);
    await decideAll(env, res.json().approvalId);
    expect((await caseRow(made.id)).owner_unit_id).toBe(await unitOf(env, 'township2'));
    expect(await sees('township1', made.id)).toBe(403);
    expect(await sees('township2', made.id)).toBe(200);
  });

  it('sends a township’s request to escalate its own case to the county commission: the township does not approve it', async () => {
    const made = await makeCase(env, {
      drafter: 'township1',
      filing: { handling: { mode: 'self', reason: 'simple' } },
    });
    // Its secretary drafted the filing and is its principal leader: the mode is theirs, decided at filing.
    const secretary = await db()
      .selectFrom('users')
      .select('display_name')
      .where('username', '=', 'township1')
      .executeTakeFirstOrThrow();
    expect((await caseRow(made.id)).mode_decided_by_name).toBe(secretary.display_name);
    const t1 = await env.as('township1');
    const res = await t1.post(`/api/cases/${made.id}/mode-changes`, {
      version: (await caseRow(made.id)).version,
      mode: 'escalated',
      reason: 'major_case',
    });
    expect(res.statusCode, res.body).toBe(201);
    const approvalId = res.json().approvalId as string;
    const steps = await db()
      .selectFrom('approval_steps as s')
      .leftJoin('users as u', 'u.id', 's.holder_id')
      .select(['s.post', 'u.username'])
      .where('s.approval_id', '=', approvalId)
      .orderBy('s.seq')
      .execute();
    // The county commission's principal leader ends the chain; the township's secretary holds no step.
    expect(steps.at(-1)).toMatchObject({ post: 'principal_leader', username: 'leader' });
    expect(steps.map((st) => st.username)).not.toContain('township1');
    await decideAll(env, approvalId);
    const after = await caseRow(made.id);
    expect(after).toMatchObject({ mode: 'escalated', owner_unit_id: await unitOf(env, 'leader') });
    expect(after.mode_decided_by_name).toBe('县纪委监委领导');
  });

  it('refuses no change, a reason of another mode, a unit that does not fit, a closed case; a rejection changes nothing', async () => {
    const made = await makeCase(env, { filing: { handling: { mode: 'escalated', reason: 'major_case' } } });
    const casemgr = await env.as('casemgr');
    const url = `/api/cases/${made.id}/mode-changes`;
    const version = (await caseRow(made.id)).version;
    const same = await casemgr.post(url, { version, mode: 'escalated', reason: 'major_case' });
    expect(same.statusCode).toBe(409);
    expect(same.json().error.code).toBe('CASE_MODE_UNCHANGED');
    const wrongReason = await casemgr.post(url, { version, mode: 'zone', reason: 'simple' });
    expect(wrongReason.statusCode).toBe(400);
    expect(wrongReason.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'reason' } });
    expect(wrongReason.json().error.message).toContain('不是协作区办理的理由');
    const ownTownship = await casemgr.post(url, {
      version,
      mode: 'cross',
      reason: 'local_recusal',
      handlingUnitId: await unitOf(env, 'township1'),
    });
    expect(ownTownship.json().error).toMatchObject({
      code: 'CASE_MODE_INVALID',
      details: { reason: 'cross_own_township' },
    });
    const stale = await casemgr.post(url, { version: version + 5, mode: 'zone', reason: 'county_assigned' });
    expect(stale.json().error.code).toBe('CONFLICT');
    const unknown = await casemgr.post(url, { version, mode: 'zone', reason: 'county_assigned', extra: 1 });
    expect(unknown.statusCode).toBe(400);
    expect(await changes(made.id)).toHaveLength(0);

    // Rejected: the case stays as it was; a new request may follow.
    const sent = await casemgr.post(url, { version, mode: 'zone', reason: 'county_assigned' });
    expect(sent.statusCode, sent.body).toBe(201);
    await decideAll(env, sent.json().approvalId, 'reject');
    expect((await caseRow(made.id)).mode).toBe('escalated');
    expect((await changes(made.id))[0]!.status).toBe('rejected');
    const next = await casemgr.post(url, { version, mode: 'zone', reason: 'county_assigned' });
    expect(next.statusCode, next.body).toBe(201);
    await decideAll(env, next.json().approvalId, 'reject');

    // A closed case keeps its mode.
    await db().updateTable('cases').set({ status: 'closed' }).where('id', '=', made.id).execute();
    const closed = await casemgr.post(url, { version, mode: 'zone', reason: 'county_assigned' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('CASE_TRANSITION');
    expect(await changes(made.id)).toHaveLength(2);
  });

  it('lets only the case’s readers see its changes, and only its managers ask', async () => {
    const made = await makeCase(env);
    const t2 = await env.as('township2');
    expect((await t2.get(`/api/cases/${made.id}/mode-changes`)).statusCode).toBe(404);
    const t1 = await env.as('township1');
    const line = await t1.get(`/api/cases/${made.id}/mode-changes`);
    expect(line.statusCode).toBe(403);
    expect(line.json().error.code).toBe('NEED_TO_KNOW');
    const asked = await t1.post(`/api/cases/${made.id}/mode-changes`, {
      version: 2,
      mode: 'escalated',
      reason: 'major_case',
    });
    expect(asked.json().error.code).toBe('NEED_TO_KNOW');
  });
});
