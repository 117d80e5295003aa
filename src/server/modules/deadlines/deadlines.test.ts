import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { DomainError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import {
  type DeadlineOwner,
  deadlinesOf,
  extendClock,
  extensionsOf,
  meetClock,
  openClock,
  pauseClock,
  restartClock,
  resumeClock,
} from './index.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe.each(testDialects())('clock engine on $name', ({ name }) => {
  let env: TestEnv;
  let township1: DeadlineOwner;
  let county: DeadlineOwner;
  const userIds: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    const db = env.ctx().db;
    for (const u of await db.selectFrom('users').select(['id', 'username']).execute()) userIds[u.username] = u.id;
    const ownerOf = async (username: string): Promise<DeadlineOwner> =>
      db
        .selectFrom('users as u')
        .innerJoin('units as n', 'n.id', 'u.unit_id')
        .select(['n.id as owner_unit_id', 'n.path as owner_unit_path', 'n.region_path', 'n.county_code'])
        .where('u.username', '=', username)
        .executeTakeFirstOrThrow();
    township1 = await ownerOf('township1');
    const c = await db
      .selectFrom('units')
      .select(['id as owner_unit_id', 'path as owner_unit_path', 'region_path', 'county_code'])
      .where('kind', '=', 'commission')
      .where('region_code', '=', '411221000000')
      .executeTakeFirstOrThrow();
    county = c;
  });
  afterAll(async () => env?.close());

  /** Runs service calls in one transaction, as the sysadmin-less platform (no actor). */
  const tx = <T>(fn: (t: Ctx) => Promise<T>) => inTransaction(env.ctx(), fn);
  /** A clock on a fresh synthetic record. */
  const open = (kind: string, owner = county, resourceId = newId()) =>
    tx((t) =>
      openClock(t, {
        resourceType: 'case',
        resourceId,
        kind,
        startAt: new Date(env.clock.nowMs()).toISOString(),
        owner,
      }),
    );
  const viewsOf = (resourceId: string) => deadlinesOf(env.ctx(), 'case', resourceId);
  /** The error code a promise rejects with. */
  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (err instanceof DomainError) return err.code;
      throw err;
    }
    return 'resolved';
  };
  /** Moves the clock for the duration of `fn`. */
  const at = async <T>(ms: number, fn: () => Promise<T>) => {
    env.clock.advance(ms);
    try {
      return await fn();
    } finally {
      env.clock.advance(-ms);
    }
  };

  it('serves the national catalogue with its sources; only timer.manage changes it', async () => {
    const intake = await env.as('intake');
    const res = await intake.get('/api/timer-rules');
    expect(res.statusCode, res.body).toBe(200);
    const { items, places } = res.json();
    expect(items.length).toBeGreaterThanOrEqual(50);
    const handle = items.find((i: { kind: string }) => i.kind === 'handle');
    expect(handle.national).toMatchObject({
      level: 'national',
      version: 1,
      amount: 60,
      unit: 'calendar_days',
      source: 'XF 第三十四条',
      extensions: [
        { maxAmount: 30, unit: 'calendar_days', approverRoles: ['commission_leader', 'township_secretary'] },
      ],
    });
    expect(handle.overrides).toEqual([]);
    expect(items.find((i: { kind: string }) => i.kind === 'party_investigation').national.amount).toBeNull();
    expect(places).toEqual(
      expect.arrayContaining([
        { code: '410000000000', name: '河南省', level: 'province' },
        { code: '411221000000', name: '渑池县', level: 'county' },
      ]),
    );
    const put = await intake.put('/api/timer-rules/handle/overrides/410000000000', {
      amount: 45,
      unit: 'calendar_days',
      extensions: [],
      note: null,
      reason: '测试',
    });
    expect(put.statusCode).toBe(403);
    expect((await (await env.as('village1')).get('/api/timer-rules')).statusCode).toBe(403);
  });

  it('applies a province override to new clocks only; a county override wins; withdrawing restores; every version is kept', async () => {
    const sys = await env.as('sysadmin');
    const before = await open('handle');
    // 60 calendar days from Friday 2026-11-20 → Tuesday 2027-01-19.
    expect(before.dueOn).toBe('2027-01-19');
    const step = { maxAmount: 15, unit: 'calendar_days', approverRoles: ['commission_leader'], repeatable: false };
    const longer = await sys.put('/api/timer-rules/handle/overrides/410000000000', {
      amount: 90,
      unit: 'calendar_days',
      extensions: [],
      note: null,
      reason: '长于法定期限（应被拒绝）',
    });
    expect(longer.statusCode).toBe(400);
    expect(longer.json().error).toMatchObject({
      code: 'TIMER_RULE_INVALID',
      details: { problems: [{ field: 'amount', code: 'longer_than_law', value: 60 }] },
    });
    const badRole = await sys.put('/api/timer-rules/handle/overrides/410000000000', {
      amount: 45,
      unit: 'calendar_days',
      extensions: [{ ...step, approverRoles: ['no_such_role'] }],
      note: null,
      reason: '不存在的角色（应被拒绝）',
    });
    expect(badRole.json().error.code).toBe('TIMER_RULE_INVALID');
    const province = await sys.put('/api/timer-rules/handle/overrides/410000000000', {
      amount: 45,
      unit: 'calendar_days',
      extensions: [step],
      note: '本省从严',
      reason: '豫纪发〔2026〕1号（测试）',
    });
    expect(province.statusCode, province.body).toBe(200);
    expect(province.json()).toMatchObject({
      level: 'province',
      regionCode: '410000000000',
      regionName: '河南省',
      version: 1,
    });

    const after = await open('handle');
    expect(after.dueOn).toBe('2027-01-04');
    // The clock opened before keeps the national rule it started under, extension included.
    const [old] = await viewsOf(
      (
        await env
          .ctx()
          .db.selectFrom('deadlines')
          .select('resource_id')
          .where('id', '=', before.id)
          .executeTakeFirstOrThrow()
      ).resource_id,
    );
    expect(old).toMatchObject({ dueOn: '2027-01-19', rule: { level: 'national', version: 1 } });
    const extendedOld = await tx((t) =>
      extendClock(t, { clockId: before.id }, { approverId: userIds.leader, reason: '经批准延长' }),
    );
    expect(extendedOld.legalDueOn).toBe('2027-02-18');

    const countyRule = await sys.put('/api/timer-rules/handle/overrides/411221000000', {
      amount: 40,
      unit: 'calendar_days',
      extensions: [],
      note: null,
      reason: '渑纪发〔2026〕2号（测试）',
    });
    expect(countyRule.statusCode, countyRule.body).toBe(200);
    expect((await open('handle')).dueOn).toBe('2026-12-30');
    // Another county of the province (none in the demo) would keep 45 days; a township of this
    // county takes the county's rule.
    expect((await open('handle', township1)).dueOn).toBe('2026-12-30');

    const withdrawn = await sys.post('/api/timer-rules/handle/overrides/411221000000/withdrawal', { reason: '撤销' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((await open('handle')).dueOn).toBe('2027-01-04');
    expect(
      (await sys.post('/api/timer-rules/handle/overrides/411221000000/withdrawal', { reason: '再撤销' })).statusCode,
    ).toBe(404);

    const history = (await sys.get('/api/timer-rules/handle/versions')).json().items as {
      level: string;
      version: number;
      withdrawn: boolean;
    }[];
    // Newest first (the national default was seeded at start, on the real clock).
    expect(history.filter((v) => v.level !== 'national').map((v) => [v.level, v.version, v.withdrawn])).toEqual([
      ['county', 2, true],
      ['county', 1, false],
      ['province', 1, false],
    ]);
    expect(history.filter((v) => v.level === 'national').map((v) => v.version)).toEqual([1]);
    expect(history.find((v) => v.level === 'county' && v.version === 1)).toMatchObject({
      amount: 40,
      reason: '渑纪发〔2026〕2号（测试）',
      createdByName: expect.any(String),
    });
    const listed = (await sys.get('/api/timer-rules')).json().items.find((i: { kind: string }) => i.kind === 'handle');
    expect(listed.overrides.map((o: { regionCode: string }) => o.regionCode)).toEqual(['410000000000']);
    const audits = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['action', 'resource_id', 'actor_username'])
      .where('resource_type', '=', 'timer_rule')
      .orderBy('seq')
      .execute();
    expect(audits).toEqual([
      { action: 'timer_rule.override', resource_id: 'handle@410000000000', actor_username: 'sysadmin' },
      { action: 'timer_rule.override', resource_id: 'handle@411221000000', actor_username: 'sysadmin' },
      { action: 'timer_rule.withdraw', resource_id: 'handle@411221000000', actor_username: 'sysadmin' },
    ]);
    // Back to the law for the tests below.
    expect(
      (await sys.post('/api/timer-rules/handle/overrides/410000000000/withdrawal', { reason: '恢复' })).statusCode,
    ).toBe(200);
    expect((await open('handle')).dueOn).toBe('2027-01-19');
  });

  it('leaves what the law leaves to provinces unset until one is set, and takes local timers', async () => {
    expect(await codeOf(open('party_investigation'))).toBe('TIMER_NOT_CONFIGURED');
    const sys = await env.as('sysadmin');
    const set = await sys.put('/api/timer-rules/party_investigation/overrides/411221000000', {
      amount: 90,
      unit: 'calendar_days',
      extensions: [{ maxAmount: 90, unit: 'calendar_days', approverRoles: ['commission_leader'], repeatable: false }],
      note: null,
      reason: '本县实施细则（测试）',
    });
    expect(set.statusCode, set.body).toBe(200);
    // 90 days from 2026-11-20: Thursday 2027-02-18.
    expect((await open('party_investigation')).dueOn).toBe('2027-02-18');
    const local = await sys.put('/api/timer-rules/village_rectification/overrides/411221000000', {
      amount: 30,
      unit: 'working_days',
      extensions: [],
      note: null,
      reason: '本县规定（测试）',
      label: '村级整改',
      stage: 'village',
      startEvent: '下发整改通知',
      source: '渑纪发〔2026〕9号（测试）',
    });
    expect(local.statusCode, local.body).toBe(200);
    const entry = (await sys.get('/api/timer-rules'))
      .json()
      .items.find((i: { kind: string }) => i.kind === 'village_rectification');
    expect(entry).toMatchObject({ label: '村级整改', national: null });
    expect((await open('village_rectification')).dueOn).toMatch(/^2027-01-/);
    const nameless = await sys.put('/api/timer-rules/other_local/overrides/411221000000', {
      amount: 30,
      unit: 'working_days',
      extensions: [],
      note: null,
      reason: '缺少名称（应被拒绝）',
    });
    expect(nameless.json().error.code).toBe('TIMER_RULE_INVALID');
  });

  it('extends step by step, each time with an approver whose role the rule names, counted from the legal end', async () => {
    const c = await open('assignment', township1);
    // 3 months from 2026-11-20: Saturday 2027-02-20 → Monday 02-22 (2027 not loaded: weekends only).
    expect(c).toMatchObject({ legalDueOn: '2027-02-20', dueOn: '2027-02-22', uncoveredYears: [2027] });
    const target = { clockId: c.id };
    const ext = (approver: string, amount?: number) =>
      tx((t) => extendClock(t, target, { approverId: userIds[approver], reason: `${approver} 批准`, amount }));
    // JK 第二十一条: the first +3 months by the handling organ's head; an officer is not one, nor
    // is the head of another township.
    expect(await codeOf(ext('intake'))).toBe('DEADLINE_APPROVER_ROLE');
    expect(await codeOf(ext('township2'))).toBe('DEADLINE_APPROVER_ROLE');
    expect(await codeOf(ext('township1', 4))).toBe('DEADLINE_EXTENSION_TOO_LONG');
    const first = await ext('township1');
    expect(first).toMatchObject({
      extensions: 1,
      legalDueOn: '2027-05-20',
      approver: { roleKey: 'township_secretary' },
    });
    // Further extensions: the higher organ's approval, for as long as it decides.
    expect(await codeOf(ext('leader'))).toBe('VALIDATION_FAILED');
    expect(await codeOf(ext('township1', 1))).toBe('DEADLINE_APPROVER_ROLE');
    expect((await ext('leader', 1)).legalDueOn).toBe('2027-06-20');
    expect((await ext('leader', 2)).legalDueOn).toBe('2027-08-20');
    const history = await extensionsOf(env.ctx(), c.id);
    expect(history.map((h) => [h.seq, h.amount, h.unit, h.approverRole, h.legalDueBefore, h.legalDueAfter])).toEqual([
      [1, 3, 'months', 'township_secretary', '2027-02-20', '2027-05-20'],
      [2, 1, 'months', 'commission_leader', '2027-05-20', '2027-06-20'],
      [3, 2, 'months', 'commission_leader', '2027-06-20', '2027-08-20'],
    ]);
    expect(history[0]!.approverName).toBeTruthy();
    // The console's approver list: who may approve the next step, for the clock's handlers only.
    const intake = await env.as('intake');
    const approvers = await intake.get(`/api/deadlines/${c.id}/approvers`);
    expect(approvers.statusCode, approvers.body).toBe(200);
    expect(approvers.json().step).toMatchObject({ maxAmount: null, approverRoles: ['commission_leader'] });
    expect(approvers.json().approvers.map((a: { username: string }) => a.username)).toEqual(['leader']);
    expect((await (await env.as('township2')).get(`/api/deadlines/${c.id}/approvers`)).statusCode).toBe(404);

    // A petition's handling: one extension only (XF 第三十四条).
    const h = await open('handle');
    await tx((t) => extendClock(t, { clockId: h.id }, { approverId: userIds.leader, reason: '情况复杂' }));
    expect(
      await codeOf(tx((t) => extendClock(t, { clockId: h.id }, { approverId: userIds.leader, reason: '再延' }))),
    ).toBe('DEADLINE_NOT_EXTENDABLE');
  });

  it('counts a petition extension from the legal end, through the intake API (not 7 days past the 90 the law allows)', async () => {
    // Accepted on Friday 2025-12-19: 60 days end on 2026-02-17, inside the Spring Festival; the
    // clock is due 02-24. The 30-day extension ends 90 days after acceptance: 2026-03-19.
    const back = Date.parse('2026-11-20T02:00:00Z') - Date.parse('2025-12-19T02:00:00Z');
    await at(-back, async () => {
      const intake = await env.as('intake');
      const made = await intake.post('/api/reports', petition('孙某'));
      expect(made.statusCode, made.body).toBe(201);
      const id = made.json().id;
      let d = (await intake.get(`/api/reports/${id}`)).json();
      expect((await intake.post(`/api/reports/${id}/acceptance`, { version: d.version })).statusCode).toBe(200);
      d = (await intake.get(`/api/reports/${id}`)).json();
      expect(d.deadlines.find((x: { kind: string }) => x.kind === 'handle')).toMatchObject({
        legalDueOn: '2026-02-17',
        dueOn: '2026-02-24',
        extendable: true,
        uncoveredYears: [],
      });
      const ext = await intake.post(`/api/reports/${id}/deadline-extensions`, {
        kind: 'handle',
        reason: '情况复杂，经主要负责人批准延长',
        approverId: userIds.leader,
      });
      expect(ext.statusCode, ext.body).toBe(200);
      expect(ext.json().dueOn).toBe('2026-03-19');
      d = (await intake.get(`/api/reports/${id}`)).json();
      expect(d.deadlines.find((x: { kind: string }) => x.kind === 'handle')).toMatchObject({
        legalDueOn: '2026-03-19',
        extensions: 1,
        extendable: false,
      });
    });
  });

  it('pauses and resumes a review: the supplementary investigation is not counted', async () => {
    const rid = newId();
    const c = await open('review', county, rid);
    // One month from 2026-11-20 ends Sunday 12-20: due Monday 12-21 (GZ 第五十五条).
    expect(c.dueOn).toBe('2026-12-21');
    const handle = await open('handle');
    expect(await codeOf(tx((t) => pauseClock(t, { clockId: handle.id }, { reason: '听证' })))).toBe(
      'DEADLINE_NOT_PAUSABLE',
    );
    await at(10 * DAY, async () => {
      await tx((t) =>
        pauseClock(t, { resourceType: 'case', resourceId: rid, kind: 'review' }, { reason: '退回补充调查' }),
      );
      const [v] = await viewsOf(rid);
      expect(v).toMatchObject({
        state: 'paused',
        dueOn: null,
        overdue: false,
        dueSoon: false,
        legalDueOn: '2026-12-20',
      });
      expect(await codeOf(tx((t) => pauseClock(t, { clockId: c.id }, { reason: '再次暂停' })))).toBe('DEADLINE_STATE');
      expect(
        await codeOf(
          tx((t) => extendClock(t, { clockId: c.id }, { approverId: userIds.leader, reason: '延长', amount: 5 })),
        ),
      ).toBe('DEADLINE_STATE');
      // A paused clock is on no worklist and no overdue list, however long it waits.
      await at(40 * DAY, async () => {
        const leader = await env.as('intake');
        const items = (await leader.get('/api/deadlines')).json().items as { id: string }[];
        expect(items.map((i) => i.id)).not.toContain(c.id);
      });
      await at(10 * DAY, async () => {
        const resumed = await tx((t) => resumeClock(t, { clockId: c.id }, { note: '补充调查完毕' }));
        // Paused 11-30 → resumed 12-10: ten days not counted.
        expect(resumed).toMatchObject({ legalDueOn: '2026-12-30', dueOn: '2026-12-30' });
        expect(await codeOf(tx((t) => resumeClock(t, { clockId: c.id })))).toBe('DEADLINE_STATE');
      });
    });
    // Extensions of a review: the higher organ's approval, as long as it says (no cap stated).
    const e = await tx((t) =>
      extendClock(t, { clockId: c.id }, { approverId: userIds.leader, reason: '重大复杂', amount: 15 }),
    );
    expect(e.legalDueOn).toBe('2027-01-14');
    expect((await viewsOf(rid))[0]).toMatchObject({ state: 'running', extensions: 1, extendable: true });
  });

  it('restarts a review sent back for re-investigation, and 留置 only once', async () => {
    const rid = newId();
    const first = await open('review', county, rid);
    const again = await at(5 * DAY, () =>
      tx((t) =>
        restartClock(t, {
          resourceType: 'case',
          resourceId: rid,
          kind: 'review',
          startAt: '2026-11-25T02:00:00Z',
          owner: county,
        }),
      ),
    );
    expect(again).toMatchObject({ seq: 2, dueOn: '2026-12-25' });
    const views = await viewsOf(rid);
    expect(views.map((v) => [v.seq, v.state])).toEqual([
      [1, 'restarted'],
      [2, 'running'],
    ]);
    expect(views[0]!.id).toBe(first.id);

    const detention = newId();
    await open('detention', county, detention);
    const restart = () =>
      tx((t) =>
        restartClock(t, {
          resourceType: 'case',
          resourceId: detention,
          kind: 'detention',
          startAt: new Date(env.clock.nowMs()).toISOString(),
          owner: county,
        }),
      );
    expect((await restart()).seq).toBe(2);
    expect(await codeOf(restart())).toBe('DEADLINE_RESTART_LIMIT');
  });

  it('repeats a letter of inquiry on the same person: one clock per letter, met one by one', async () => {
    const rid = newId();
    const one = await open('letter_reply', county, rid);
    const two = await at(3 * DAY, () =>
      tx((t) =>
        openClock(t, {
          resourceType: 'case',
          resourceId: rid,
          kind: 'letter_reply',
          startAt: new Date(env.clock.nowMs()).toISOString(),
          owner: county,
          repeat: true,
        }),
      ),
    );
    expect([one.seq, two.seq]).toEqual([1, 2]);
    // 15 working days (GZ 第二十九条) from 11-20 and from 11-23.
    expect([one.dueOn, two.dueOn]).toEqual(['2026-12-11', '2026-12-14']);
    // Opening the first again is a no-op, as before; a kind that does not repeat is refused.
    await open('letter_reply', county, rid);
    expect(
      await codeOf(
        tx((t) =>
          openClock(t, {
            resourceType: 'case',
            resourceId: rid,
            kind: 'handle',
            startAt: '2026-11-20T02:00:00Z',
            owner: county,
            repeat: true,
          }),
        ),
      ),
    ).toBe('DEADLINE_NOT_REPEATABLE');
    await tx((t) => meetClock(t, two.id));
    expect((await viewsOf(rid)).map((v) => [v.seq, v.state])).toEqual([
      [1, 'running'],
      [2, 'met'],
    ]);
  });

  it('runs hour clocks on instants (强制到案 12 h): overdue by the hour, never flagged', async () => {
    const rid = newId();
    const start = env.clock.nowMs();
    const c = await open('compulsory_appearance', county, rid);
    // About 2026-11-20T02:00Z + 12 h: 22:00 in Shanghai the same day.
    const due = new Date(start + 12 * HOUR).toISOString();
    expect(c).toMatchObject({ dueAt: due, dueOn: '2026-11-20', uncoveredYears: [] });
    expect((await viewsOf(rid))[0]).toMatchObject({ overdue: false, dueSoon: true });
    await at(13 * HOUR, async () => {
      expect((await viewsOf(rid))[0]).toMatchObject({ overdue: true, dueSoon: false });
      const intake = await env.as('intake');
      const overdue = (await intake.get('/api/deadlines?state=overdue')).json().items as {
        id: string;
        dueAt: string;
      }[];
      expect(overdue.find((i) => i.id === c.id)?.dueAt).toBe(due);
    });
  });

  it('flags a petition accepted on 2026-12-04 with uncoveredYears until 2027 is loaded, and loading it recomputes the clock', async () => {
    // A petition accepted on 2026-11-02: 60 days end on Friday 2027-01-01, a working day as far
    // as a calendar without 2027 knows.
    const early = await at(-18 * DAY, async () => {
      const intake = await env.as('intake');
      const made = (await intake.post('/api/reports', petition('周某'))).json();
      const d = (await intake.get(`/api/reports/${made.id}`)).json();
      expect((await intake.post(`/api/reports/${made.id}/acceptance`, { version: d.version })).statusCode).toBe(200);
      return made.id as string;
    });
    await at(14 * DAY, async () => {
      const intake = await env.as('intake');
      const made = (await intake.post('/api/reports', petition('吴某'))).json();
      let d = (await intake.get(`/api/reports/${made.id}`)).json();
      expect((await intake.post(`/api/reports/${made.id}/acceptance`, { version: d.version })).statusCode).toBe(200);
      d = (await intake.get(`/api/reports/${made.id}`)).json();
      const handling = () => d.deadlines.find((x: { kind: string }) => x.kind === 'handle');
      const registered = () => d.deadlines.find((x: { kind: string }) => x.kind === 'register');
      // Present on the clock crossing into 2027, absent on the one inside 2026.
      expect(handling()).toMatchObject({ dueOn: '2027-02-02', uncoveredYears: [2027] });
      expect(registered()).toMatchObject({ uncoveredYears: [] });
      const receipt = async () =>
        (await env.anon().post('/api/public/receipt-lookups', { receipt: made.receipt })).json().uncoveredYears;
      expect(await receipt()).toEqual([2027]);
      const earlyClock = async () =>
        (await intake.get(`/api/reports/${early}`)).json().deadlines.find((x: { kind: string }) => x.kind === 'handle');
      expect(await earlyClock()).toMatchObject({ dueOn: '2027-01-01', uncoveredYears: [2027] });
      // On the worklist too, once it is due soon.
      await at(57 * DAY, async () => {
        const items = (await (await env.as('intake')).get('/api/deadlines')).json().items;
        const mine = items.find(
          (i: { resourceId: string; kind: string }) => i.resourceId === made.id && i.kind === 'handle',
        );
        expect(mine).toMatchObject({ dueSoon: true, uncoveredYears: [2027] });
      });

      // An empty arrangement does not count as loaded.
      const sys = await env.as('sysadmin');
      const empty = await sys.put('/api/calendar/years/2027', { source: '待公布', days: [] });
      expect(empty.statusCode, empty.body).toBe(200);
      expect(
        (await sys.get('/api/calendar/years')).json().items.find((y: { year: number }) => y.year === 2027),
      ).toMatchObject({
        loaded: false,
      });
      d = (await intake.get(`/api/reports/${made.id}`)).json();
      expect(handling().uncoveredYears).toEqual([2027]);

      const load = await sys.put('/api/calendar/years/2027', {
        source: '国办发明电〔2026〕（测试数据）',
        days: ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, kind: 'holiday', name: '元旦' })),
      });
      expect(load.statusCode, load.body).toBe(200);
      d = (await intake.get(`/api/reports/${made.id}`)).json();
      expect(handling()).toMatchObject({ dueOn: '2027-02-02', uncoveredYears: [] });
      expect(await receipt()).toEqual([]);
      // The clock that ended on New Year's Day now ends on the next working day.
      expect(await earlyClock()).toMatchObject({ dueOn: '2027-01-04', uncoveredYears: [] });

      // One audit event, in the calendar change's transaction (same request), by the administrator.
      const events = await env
        .ctx()
        .db.selectFrom('audit_events')
        .select(['action', 'resource_id', 'actor_username', 'request_id', 'changes'])
        .where('action', 'in', ['calendar.update', 'deadline.recompute'])
        .where('resource_id', '=', '2027')
        .orderBy('seq')
        .execute();
      // Emptying the year changed no clock (they were flagged already): no recompute event then.
      expect(events.map((e) => e.action)).toEqual(['calendar.update', 'calendar.update', 'deadline.recompute']);
      const recompute = events[2]!;
      expect(recompute.actor_username).toBe('sysadmin');
      expect(recompute.request_id).toBe(events[1]!.request_id);
      const changes = JSON.parse(recompute.changes!) as { recomputed: [null, number]; dueMoved: [null, string[]] };
      expect(changes.recomputed[1]).toBeGreaterThanOrEqual(2);
      expect(changes.dueMoved[1]).toContain(`report/${early}/handle: 2027-01-01 → 2027-01-04`);
    });
  });

  /** A general petition to the county, named. */
  function petition(subject: string) {
    return {
      channel: 'visit',
      kind: 'petition',
      categories: ['minimum_living'],
      regionCode: '411221000000',
      subjectAuthority: 'county_managed',
      subject: { name: subject },
      content: '反映低保资格认定不公，要求重新认定。',
      reporter: { name: '郑某', phone: '13312345678' },
      visitors: 1,
      receptionPlace: '县纪委信访接待室',
    };
  }
});
