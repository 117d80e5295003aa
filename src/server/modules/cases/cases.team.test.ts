import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { authoriseCase, makeCase } from '../../test/case-factories.js';
import { makeTownshipStaff, zoneNeighbours } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

describe.each(testDialects())('the case team (审查调查组) and investigative actions on $name', ({ name }) => {
  let env: TestEnv;
  let zone1: Client;
  const ids: Record<string, string> = {};
  const names: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    zone1 = await env.as('zone1');
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username', 'display_name']).execute();
    for (const u of users) {
      ids[u.username] = u.id;
      names[u.username] = u.display_name;
    }
  });
  afterAll(async () => env?.close());

  async function version(caseId: string): Promise<number> {
    const row = await env
      .ctx()
      .db.selectFrom('cases')
      .select('version')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    return row.version;
  }

  async function check(caseId: string, users: string[]) {
    const res = await zone1.post(`/api/cases/${caseId}/conflict-checks`, { userIds: users.map((u) => ids[u]) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ checkId: string; people: { userId: string; outcome: string; reasons: { text: string }[] }[] }>();
  }

  async function team(
    caseId: string,
    members: [string, 'leader' | 'deputy' | 'member', { approver: string; note: string }?][],
    extra: Record<string, unknown> = {},
  ) {
    const { checkId } = await check(
      caseId,
      members.map(([u]) => u),
    );
    return zone1.put(`/api/cases/${caseId}/team`, {
      version: await version(caseId),
      checkId,
      members: members.map(([u, role, ex]) => ({
        userId: ids[u],
        role,
        ...(ex ? { exception: { approverId: ids[ex.approver], note: ex.note } } : {}),
      })),
      ...extra,
    });
  }

  async function memberRows(caseId: string) {
    return env
      .ctx()
      .db.selectFrom('case_members')
      .select(['user_id', 'role', 'removed_at', 'exception_note', 'check_id'])
      .where('case_id', '=', caseId)
      .execute();
  }

  it('handles a township A case with a zone team from townships B and C; township A keeps the line only', async () => {
    const [b, c] = await zoneNeighbours(env, 'township1');
    expect(b && c, 'the demo zone has three townships or more').toBeTruthy();
    const suffix = newId().slice(-6);
    for (const [u, unit, who] of [
      [`tb_${suffix}`, b!.id, 'B乡纪检干事'],
      [`tc_${suffix}`, c!.id, 'C镇纪检干事'],
    ] as const) {
      ids[u] = await makeTownshipStaff(env, unit, u, who);
      names[u] = who;
    }
    const made = await makeCase(env);
    const tb = await env.as(`tb_${suffix}`);
    // Before the team: another township's staff see nothing of it.
    expect((await tb.get(`/api/cases/${made.id}`)).statusCode).toBe(404);
    const res = await team(made.id, [
      [`tb_${suffix}`, 'leader'],
      [`tc_${suffix}`, 'member'],
    ]);
    expect(res.statusCode, res.body).toBe(200);
    await authoriseCase(env, made.id);
    const read = await tb.get(`/api/cases/${made.id}`);
    expect(read.statusCode, read.body).toBe(200);
    const action = await tb.post(`/api/cases/${made.id}/actions`, {
      kind: 'query',
      startedAt: '2026-11-20T02:00:00.000Z',
      place: 'C镇纪委谈话室',
      personName: '证人某',
      personRole: '证人',
      officerIds: [ids[`tb_${suffix}`], ids[`tc_${suffix}`]],
      notice: '出示工作证件',
      credentialsShown: true,
    });
    expect(action.statusCode, action.body).toBe(201);
    // The subject's own township: the ledger line, not the content.
    const t1 = await env.as('township1');
    expect((await t1.get(`/api/cases/${made.id}`)).statusCode).toBe(403);
    const line = (await t1.get('/api/cases?pageSize=200')).json().items.find((i: { id: string }) => i.id === made.id);
    expect(line).toBeTruthy();
  });

  it('forms a team of two with one leader; the drafter leaves; a person removed loses access', async () => {
    const made = await makeCase(env);
    const small = await team(made.id, [['zone1', 'leader']]);
    expect(small.statusCode).toBe(400);
    expect(small.json().error.code).toBe('CASE_TEAM_INVALID');
    const twoLeaders = await team(made.id, [
      ['zone1', 'leader'],
      ['office1', 'leader'],
    ]);
    expect(twoLeaders.json().error.code).toBe('CASE_TEAM_INVALID');
    expect(twoLeaders.json().error.message).toContain('1名组长');
    // township2 sees nothing of a case in another township until put on its team.
    const t2 = await env.as('township2');
    expect((await t2.get(`/api/cases/${made.id}`)).statusCode).toBe(404);
    const ok = await team(made.id, [
      ['zone1', 'leader'],
      ['office1', 'member'],
      ['township2', 'member'],
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    let rows = await memberRows(made.id);
    // The filing drafter (案管) is not on the team: their need-to-know row ended.
    expect(rows.find((r) => r.user_id === ids.casemgr)?.removed_at).not.toBeNull();
    expect(rows.filter((r) => r.removed_at === null).map((r) => r.role)).toEqual(
      expect.arrayContaining(['leader', 'member', 'member']),
    );
    expect(rows.every((r) => r.removed_at !== null || r.check_id)).toBe(true);
    const seen = await t2.get(`/api/cases/${made.id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    // Removing someone needs a reason, in words naming them.
    const noReason = await team(made.id, [
      ['zone1', 'leader'],
      ['office1', 'member'],
    ]);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain(names.township2);
    const removed = await team(
      made.id,
      [
        ['zone1', 'leader'],
        ['office1', 'member'],
      ],
      { reason: '工作调整' },
    );
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await t2.get(`/api/cases/${made.id}`)).statusCode).toBe(404);
    rows = await memberRows(made.id);
    expect(rows.filter((r) => r.user_id === ids.township2).every((r) => r.removed_at !== null)).toBe(true);
    const detail = (await zone1.get(`/api/cases/${made.id}`)).json();
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['team_formed', 'member_added', 'member_removed']),
    );
    // A holder of case.manage without case.assign may not form the team.
    const office1 = await env.as('office1');
    const forbidden = await office1.put(`/api/cases/${made.id}/team`, {
      version: await version(made.id),
      checkId: newId(),
      members: [{ userId: ids.office1, role: 'leader' }],
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it("refuses a recused person in words and hides the case from them; refuses the subject's own township without approval", async () => {
    const made = await makeCase(env);
    const row = await env
      .ctx()
      .db.selectFrom('cases')
      .select(['owner_unit_id', 'owner_unit_path', 'region_path', 'county_code'])
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    const now = new Date(env.clock.nowMs()).toISOString();
    await env
      .ctx()
      .db.insertInto('recusals')
      .values({
        id: newId(),
        resource: 'case',
        resource_id: made.id,
        user_id: ids.township2!,
        requested_by_kind: 'organ',
        oral: 0,
        reasons: '与被审查调查人系近亲属',
        recorded_by: ids.leader!,
        state: 'recused',
        escalated: 0,
        target_unit_path: row.owner_unit_path,
        decided_by: ids.leader!,
        decided_at: now,
        decision_note: null,
        withdrawn_at: null,
        ...row,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const result = await check(made.id, ['zone1', 'township2']);
    expect(result.people.find((p) => p.userId === ids.township2)!.outcome).toBe('refuse');
    const refused = await team(made.id, [
      ['zone1', 'leader'],
      ['township2', 'member'],
    ]);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CONFLICT_REFUSED');
    expect(refused.json().error.message).toContain(`${names.township2}不能加入审查调查组`);
    expect(refused.json().error.message).toContain('回避');
    // Recused: the case does not exist for them, even by id.
    expect((await (await env.as('township2')).get(`/api/cases/${made.id}`)).statusCode).toBe(404);

    // The zone's rule: tstaff1 works in the subject's own township (township1).
    const own = await team(made.id, [
      ['zone1', 'leader'],
      ['tstaff1', 'member'],
    ]);
    expect(own.statusCode).toBe(409);
    expect(own.json().error.code).toBe('CASE_TEAM_OWN_TOWNSHIP');
    expect(own.json().error.message).toContain(names.tstaff1);
    expect(own.json().error.message).toContain('协作区办理');
    // Approved by the township's own secretary: not the commission's principal leader.
    const wrongApprover = await team(made.id, [
      ['zone1', 'leader'],
      ['tstaff1', 'member', { approver: 'township1', note: '熟悉当地情况' }],
    ]);
    expect(wrongApprover.statusCode).toBe(400);
    expect(wrongApprover.json().error.code).toBe('CASE_TEAM_EXCEPTION_INVALID');
    expect(wrongApprover.json().error.message).toContain(names.township1);
    // Nothing written by the refusals: no current member (the drafter's row ended with the filing).
    expect((await memberRows(made.id)).filter((r) => r.removed_at === null).map((r) => r.user_id)).toEqual([]);
    const approved = await team(made.id, [
      ['zone1', 'leader'],
      ['tstaff1', 'member', { approver: 'leader', note: '熟悉当地财务账目，仅负责调取账目' }],
    ]);
    expect(approved.statusCode, approved.body).toBe(200);
    const note = (await memberRows(made.id)).find(
      (r) => r.user_id === ids.tstaff1 && r.removed_at === null,
    )!.exception_note;
    expect(note).toContain(names.leader);
    expect(note).toContain('熟悉当地财务账目');
  });

  it("offers the county's people for the team, marking the subject's own township, with the exception's approvers", async () => {
    const made = await makeCase(env);
    const res = await zone1.get(`/api/cases/${made.id}/team/candidates`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      items: { id: string; name: string; ownTownship: boolean }[];
      approvers: { id: string }[];
    }>();
    const byId = new Map(body.items.map((p) => [p.id, p]));
    // A township officer of another township may sit on a zone team; the subject's own township is marked.
    expect(byId.get(ids.township2!)?.ownTownship).toBe(false);
    expect(byId.get(ids.office1!)?.ownTownship).toBe(false);
    expect(byId.get(ids.tstaff1!)?.ownTownship).toBe(true);
    // The commission's principal leader approves the exception; the township's own secretary does not.
    expect(body.approvers.map((a) => a.id)).toContain(ids.leader);
    expect(body.approvers.map((a) => a.id)).not.toContain(ids.township1);
    const found = (
      await zone1.get(`/api/cases/${made.id}/team/candidates?q=${encodeURIComponent(names.office1!)}`)
    ).json<{
      items: { id: string }[];
    }>();
    expect(found.items.map((p) => p.id)).toEqual([ids.office1]);
    // Forming the team needs case.assign: a holder of case.manage alone is refused.
    expect((await (await env.as('office1')).get(`/api/cases/${made.id}/team/candidates`)).statusCode).toBe(403);
    expect((await zone1.get(`/api/cases/${newId()}/team/candidates`)).statusCode).toBe(404);
  });

  describe('investigative actions', () => {
    let caseId: string;
    const talk = (over: Record<string, unknown> = {}) => ({
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
      ...over,
    });
    async function actionCount() {
      const rows = await env.ctx().db.selectFrom('case_actions').select('id').where('case_id', '=', caseId).execute();
      return rows.length;
    }

    beforeAll(async () => {
      caseId = (await makeCase(env)).id;
      expect(
        (
          await team(caseId, [
            ['zone1', 'leader'],
            ['office1', 'member'],
          ])
        ).statusCode,
      ).toBe(200);
      await authoriseCase(env, caseId);
    });

    it('refuses investigative work on a zone case its commander has not authorised (一案一授权), then takes it', async () => {
      const fresh = (await makeCase(env)).id;
      expect(
        (
          await team(fresh, [
            ['zone1', 'leader'],
            ['office1', 'member'],
          ])
        ).statusCode,
      ).toBe(200);
      const count = async () =>
        (await env.ctx().db.selectFrom('case_actions').select('id').where('case_id', '=', fresh).execute()).length;
      const early = await zone1.post(`/api/cases/${fresh}/actions`, talk());
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe('CASE_ZONE_UNAUTHORIZED');
      expect(early.json().error.message).toContain('一案一授权');
      const evidence = await zone1.post(`/api/cases/${fresh}/evidence`, {
        type: 'documentary',
        title: '未授权时的证据',
        original: true,
      });
      expect(evidence.json().error.code).toBe('CASE_ZONE_UNAUTHORIZED');
      expect(await count()).toBe(0);
      await authoriseCase(env, fresh);
      const ok = await zone1.post(`/api/cases/${fresh}/actions`, talk());
      expect(ok.statusCode, ok.body).toBe(201);
      expect(await count()).toBe(1);
    });

    it('refuses an action with one officer, an officer off the team, a talk in an unmonitored room or unrecorded', async () => {
      const one = await zone1.post(`/api/cases/${caseId}/actions`, talk({ officerIds: [ids.zone1] }));
      expect(one.statusCode).toBe(400);
      expect(one.json().error).toMatchObject({ code: 'CASE_OFFICERS_TOO_FEW', details: { count: 1 } });
      expect(one.json().error.message).toContain('2名以上');
      const same = await zone1.post(`/api/cases/${caseId}/actions`, talk({ officerIds: [ids.zone1, ids.zone1] }));
      expect(same.json().error.code).toBe('CASE_OFFICERS_TOO_FEW');
      const outsider = await zone1.post(
        `/api/cases/${caseId}/actions`,
        talk({ officerIds: [ids.zone1, ids.township2] }),
      );
      expect(outsider.statusCode).toBe(400);
      expect(outsider.json().error.code).toBe('CASE_OFFICER_NOT_ON_TEAM');
      expect(outsider.json().error.message).toContain(names.township2);
      const unmonitored = await zone1.post(`/api/cases/${caseId}/actions`, talk({ roomMonitored: false }));
      expect(unmonitored.statusCode).toBe(400);
      expect(unmonitored.json().error).toMatchObject({ code: 'CASE_TALK_UNSAFE', details: { reason: 'unmonitored' } });
      expect(unmonitored.json().error.message).toContain('一号谈话室没有监控设备');
      const unrecorded = await zone1.post(`/api/cases/${caseId}/actions`, talk({ recordingRef: null }));
      expect(unrecorded.json().error.details.reason).toBe('recording_missing');
      const unsafe = await zone1.post(`/api/cases/${caseId}/actions`, talk({ safetyChecked: false }));
      expect(unsafe.json().error.details.reason).toBe('safety_unconfirmed');
      const noCredentials = await zone1.post(`/api/cases/${caseId}/actions`, talk({ credentialsShown: false }));
      expect(noCredentials.json().error.code).toBe('VALIDATION_FAILED');
      const unknown = await zone1.post(`/api/cases/${caseId}/actions`, talk({ extra: 1 }));
      expect(unknown.statusCode).toBe(400);
      expect(await actionCount()).toBe(0);
    });

    it('records a talk and a query, and lists them for the team', async () => {
      const ok = await zone1.post(`/api/cases/${caseId}/actions`, talk());
      expect(ok.statusCode, ok.body).toBe(201);
      // A witness questioned in an ordinary room (询问, not marked important) needs no monitoring.
      const witness = await zone1.post(
        `/api/cases/${caseId}/actions`,
        talk({ kind: 'inquiry', personRole: '证人', roomMonitored: false, audioVideo: false, recordingRef: null }),
      );
      expect(witness.statusCode, witness.body).toBe(201);
      const query = await zone1.post(`/api/cases/${caseId}/actions`, {
        kind: 'query',
        startedAt: '2026-11-22T02:00:00.000Z',
        place: '县农商银行',
        officerIds: [ids.zone1, ids.office1],
        notice: '出示工作证件，送达《协助查询财产通知书》',
        credentialsShown: true,
      });
      expect(query.statusCode, query.body).toBe(201);
      const list = (await zone1.get(`/api/cases/${caseId}/actions`)).json().items;
      expect(list.map((a: { kind: string }) => a.kind)).toEqual(['talk', 'inquiry', 'query']);
      expect(list[0].officers.map((o: { name: string }) => o.name)).toEqual([names.zone1, names.office1]);
      expect(list[0]).toMatchObject({ important: true, roomMonitored: true, recordingRef: 'LX-2026-001' });
      expect((await (await env.as('township2')).get(`/api/cases/${caseId}/actions`)).statusCode).toBe(404);
      expect((await (await env.as('township1')).get(`/api/cases/${caseId}/actions`)).json().error.code).toBe(
        'NEED_TO_KNOW',
      );
    });
  });
});
