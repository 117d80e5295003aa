import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctxAs, villageOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { inTransaction } from '../../shared/context.js';
import { CONFLICT_CHECK_TTL_HOURS, checkConflicts, requireAssignable } from './index.js';

/**
 * Issue 12's recusal gaps: every check leaves an audit event in the caller's transaction; a
 * recorded check expires and goes stale when the record's subjects change; the preview refuses
 * accounts outside the caller's scope; a county's workplace window is set with its history.
 */
describe.each(testDialects())('recusal gaps on $name', ({ name }) => {
  let env: TestEnv;
  let village: string;
  let county: string;
  const ids: Record<string, string> = {};
  const CLUE = '00000000-0000-4000-8000-00000000c0de';
  const subjects = [{ name: '陈某', regionCode: '', employer: '某村村民委员会' }];

  beforeAll(async () => {
    env = await startTestEnv(name);
    village = await villageOf(env, 'township1');
    subjects[0]!.regionCode = village;
    county = (
      await env
        .ctx()
        .db.selectFrom('regions')
        .select('county_code')
        .where('code', '=', village)
        .executeTakeFirstOrThrow()
    ).county_code!;
    for (const u of await env.ctx().db.selectFrom('users').select(['id', 'username']).execute()) ids[u.username] = u.id;
  });
  afterAll(async () => env?.close());

  const events = (action: string, resourceId: string) =>
    env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['actor_user_id', 'changes'])
      .where('action', '=', action)
      .where('resource_id', '=', resourceId)
      .execute();

  it('records a conflict.check audit event with each check, in the caller’s transaction', async () => {
    const ctx = await ctxAs(env, 'casemgr');
    const res = await checkConflicts(ctx, {
      resource: 'clue',
      resourceId: CLUE,
      userIds: [ids.tstaff1!, ids.zone1!],
      subjects,
      role: 'keeper',
    });
    const [event] = await events('conflict.check', res.checkId);
    expect(event?.actor_user_id).toBe(ids.casemgr);
    expect(JSON.parse(event!.changes!)).toMatchObject({
      record: [null, ['clue', CLUE]],
      role: [null, 'keeper'],
      outcomes: [
        null,
        [
          [ids.tstaff1, 'clear'],
          [ids.zone1, 'clear'],
        ],
      ],
    });

    // A caller whose transaction fails leaves neither the check nor its event behind.
    let lost = '';
    await expect(
      inTransaction(ctx, async (tx) => {
        lost = (
          await checkConflicts(tx, {
            resource: 'clue',
            resourceId: CLUE,
            userIds: [ids.tstaff1!],
            subjects,
            role: 'keeper',
          })
        ).checkId;
        throw new Error('assignment failed');
      }),
    ).rejects.toThrow('assignment failed');
    expect(lost).not.toBe('');
    expect(await events('conflict.check', lost)).toEqual([]);
    const kept = await env.ctx().db.selectFrom('conflict_checks').select('id').where('id', '=', lost).execute();
    expect(kept).toEqual([]);
  });

  it('refuses a check older than the window (CONFLICT_CHECK_EXPIRED) and one run before the subjects changed', async () => {
    const ctx = await ctxAs(env, 'casemgr');
    const target = { resource: 'clue', resourceId: CLUE, role: 'keeper' as const, userId: ids.tstaff1! };
    const res = await checkConflicts(ctx, { ...target, userIds: [ids.tstaff1!], subjects });
    await requireAssignable(ctx, res.checkId, { ...target, subjects: [...subjects] });
    // The same people in another order, or with spaces in a name, are the same subjects.
    await requireAssignable(ctx, res.checkId, {
      ...target,
      subjects: [{ ...subjects[0]!, name: ' 陈 某 ' }],
    });
    await expect(
      requireAssignable(ctx, res.checkId, { ...target, subjects: [...subjects, { name: '新增对象' }] }),
    ).rejects.toMatchObject({ code: 'CONFLICT_CHECK_STALE' });
    await expect(
      requireAssignable(ctx, res.checkId, { ...target, subjects, reporter: { name: '新举报人' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT_CHECK_STALE' });

    env.clock.advance(CONFLICT_CHECK_TTL_HOURS * 3600_000 - 60_000);
    await requireAssignable(ctx, res.checkId, { ...target, subjects });
    env.clock.advance(2 * 60_000);
    await expect(requireAssignable(ctx, res.checkId, { ...target, subjects })).rejects.toMatchObject({
      code: 'CONFLICT_CHECK_EXPIRED',
    });
  });

  it('reads the record’s current subjects itself when the caller leaves them out (a report whose subject changed)', async () => {
    const intake = await env.as('intake');
    const made = await intake.post('/api/reports', {
      channel: 'visit',
      kind: 'accusation',
      categories: ['mass'],
      regionCode: village,
      subjectAuthority: 'village_cadre',
      subject: { name: '原对象', position: '村委会主任' },
      content: '来访反映：原对象在低保评定中优亲厚友。',
      visitors: 1,
      receptionPlace: '县纪委信访接待室',
    });
    expect(made.statusCode, made.body).toBe(201);
    const reportId = made.json<{ id: string }>().id;
    const preview = await intake.post('/api/conflict-checks', {
      resource: 'report',
      resourceId: reportId,
      userIds: [ids.casemgr],
      role: 'keeper',
    });
    expect(preview.statusCode, preview.body).toBe(201);
    const checkId = preview.json<{ checkId: string }>().checkId;
    const ctx = await ctxAs(env, 'intake');
    const target = { resource: 'report', resourceId: reportId, role: 'keeper' as const, userId: ids.casemgr! };
    await requireAssignable(ctx, checkId, target);
    await env.ctx().db.updateTable('reports').set({ subject_name: '更正后对象' }).where('id', '=', reportId).execute();
    await expect(requireAssignable(ctx, checkId, target)).rejects.toMatchObject({ code: 'CONFLICT_CHECK_STALE' });
  });

  it('the preview answers 404 for an account outside the caller’s scope, and checks those inside', async () => {
    const t1 = await env.as('township1');
    const made = await (
      await env.as('intake')
    ).post('/api/reports', {
      channel: 'visit',
      kind: 'accusation',
      categories: ['mass'],
      regionCode: village,
      subjectAuthority: 'village_cadre',
      subject: { name: '范围对象', position: '村会计' },
      content: '来访反映：范围对象挪用村集体资金。',
      visitors: 1,
      receptionPlace: '县纪委信访接待室',
    });
    const reportId = made.json<{ id: string }>().id;
    // township1 (scope: their township) reads the report of their village; township2's secretary is not theirs.
    const outside = await t1.post('/api/conflict-checks', {
      resource: 'report',
      resourceId: reportId,
      userIds: [ids.tstaff1, ids.township2],
      role: 'keeper',
    });
    expect(outside.statusCode, outside.body).toBe(404);
    expect(outside.json().error.code).toBe('NOT_FOUND');
    expect(outside.body).not.toContain(ids.township2!);
    const inside = await t1.post('/api/conflict-checks', {
      resource: 'report',
      resourceId: reportId,
      userIds: [ids.tstaff1],
      role: 'keeper',
    });
    expect(inside.statusCode, inside.body).toBe(201);
    // An administrator without a unit is outside every unit scope.
    const admin = await t1.post('/api/conflict-checks', {
      resource: 'report',
      resourceId: reportId,
      userIds: [ids.sysadmin],
      role: 'keeper',
    });
    expect(admin.statusCode).toBe(404);
  });

  describe('the county’s workplace window', () => {
    it('reads the default, sets a value (audited, in the history) and checks use it', async () => {
      const sys = await env.as('sysadmin');
      const first = await sys.get(`/api/recusal-settings/${county}`);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ regionCode: county, workplaceYears: 5, isDefault: true, history: [] });

      const set = await sys.put(`/api/recusal-settings/${county}`, { workplaceYears: 12 });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toMatchObject({ workplaceYears: 12, isDefault: false });
      const again = await sys.put(`/api/recusal-settings/${county}`, { workplaceYears: 8 });
      const history = again.json().history;
      expect(history.map((h: { before: number | null; after: number }) => [h.before, h.after])).toEqual([
        [12, 8],
        [null, 12],
      ]);
      expect(history[0].changedBy).toBe(ids.sysadmin);
      expect(history[0].changedByName).toBeTruthy();
      const audit = await events('setting.update', `recusal.workplace_years:${county}`);
      expect(audit.map((e) => JSON.parse(e.changes!).workplaceYears)).toEqual([
        [5, 12],
        [12, 8],
      ]);

      // A former post ended 7 years ago: inside an 8-year window it warns, with the county's years.
      const ctx = await ctxAs(env, 'office1');
      await env
        .ctx()
        .db.insertInto('declared_relations')
        .values({
          id: '00000000-0000-4000-8000-0000000d0001',
          user_id: ids.office1!,
          kind: 'post',
          relation: null,
          name: null,
          name_key: null,
          id_hash: null,
          region_code: null,
          employer: '某县交通局',
          employer_key: '某县交通局',
          subject_id: null,
          from_on: '2010-01-01',
          to_on: '2019-12-31',
          note: null,
          removed_at: null,
          version: 1,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
          owner_unit_id: (
            await ctx.db.selectFrom('users').select('unit_id').where('id', '=', ids.office1!).executeTakeFirstOrThrow()
          ).unit_id!,
          owner_unit_path: '/',
          region_path: '/',
          county_code: county,
        })
        .execute();
      const checked = await checkConflicts(ctx, {
        resource: 'clue',
        resourceId: CLUE,
        userIds: [ids.office1!],
        subjects: [{ name: '交通局对象', employer: '某县交通局' }],
        role: 'keeper',
        countyCode: county,
      });
      expect(checked.people[0]?.reasons.map((r) => r.text).join()).toContain('（8年内）');
      await sys.put(`/api/recusal-settings/${county}`, { workplaceYears: 3 });
      const narrower = await checkConflicts(ctx, {
        resource: 'clue',
        resourceId: CLUE,
        userIds: [ids.office1!],
        subjects: [{ name: '交通局对象', employer: '某县交通局' }],
        role: 'keeper',
        countyCode: county,
      });
      expect(narrower.people[0]?.outcome).toBe('clear');
    });

    it('refuses bad values with 400, a non-county with 400, others with 403, and writes nothing', async () => {
      const sys = await env.as('sysadmin');
      const before = await sys.get(`/api/recusal-settings/${county}`);
      for (const body of [{ workplaceYears: 0 }, { workplaceYears: 31 }, { workplaceYears: 2.5 }, { years: 3 }, {}]) {
        const res = await sys.put(`/api/recusal-settings/${county}`, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
      }
      const village400 = await sys.put(`/api/recusal-settings/${village}`, { workplaceYears: 4 });
      expect(village400.statusCode).toBe(400);
      const bad = await sys.get('/api/recusal-settings/abc');
      expect(bad.statusCode).toBe(400);
      const leader = await (await env.as('leader')).put(`/api/recusal-settings/${county}`, { workplaceYears: 4 });
      expect(leader.statusCode).toBe(403);
      const after = await sys.get(`/api/recusal-settings/${county}`);
      expect(after.json()).toEqual(before.json());
    });
  });
});
