import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recusedAmong } from '../access/index.js';
import { ctxAs, villageOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { checkConflicts, idNumberHash, recusalsOf, requireAssignable } from './index.js';
import { createDeclaration } from './declarations.service.js';

const ID_A = '41122119800101123X';
const ID_B = '411221198505051234';
const ID_REPORTER = '411221197707071111';

describe.each(testDialects())('recusal on $name', ({ name }) => {
  let env: TestEnv;
  let village: string;
  const ids: Record<string, string> = {};
  const as = (u: string) => env.as(u);
  const userId = async (username: string) =>
    (await env.ctx().db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  /** A named report registered by intake about `subject` in the village of township1. */
  const report = async (subject: string, over: Record<string, unknown> = {}) => {
    const res = await (
      await as('intake')
    ).post('/api/reports', {
      channel: 'visit',
      kind: 'accusation',
      categories: ['mass'],
      regionCode: village,
      subjectAuthority: 'village_cadre',
      subject: { name: subject, position: '村党支部书记' },
      content: `来访反映：${subject}在危房改造补助中向农户索要好处费。`,
      reporter: { name: '钱举报', phone: '13512345678', idNumber: ID_REPORTER },
      visitors: 1,
      receptionPlace: '县纪委信访接待室',
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; number: string }>();
  };

  beforeAll(async () => {
    env = await startTestEnv(name);
    village = await villageOf(env, 'township1');
    for (const u of ['leader', 'casemgr', 'intake', 'tstaff1', 'township1', 'office1', 'zone1', 'reviewer'])
      ids[u] = await userId(u);
  });
  afterAll(async () => env?.close());

  describe('declarations', () => {
    it('declares a relative with an ID number, lists it without the number, keeps only a keyed hash', async () => {
      const me = await as('tstaff1');
      const made = await me.post('/api/declared-relations', {
        kind: 'relative',
        relation: 'spouse',
        name: '李 某某',
        idNumber: ID_A,
        regionCode: village,
        employer: '某村村民委员会',
      });
      expect(made.statusCode, made.body).toBe(201);
      expect(made.json()).toMatchObject({ kind: 'relative', relation: 'spouse', hasIdNumber: true, version: 1 });
      const list = await me.get('/api/declared-relations');
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(ID_A);
      expect(list.json().items.map((d: { id: string }) => d.id)).toContain(made.json().id);
      const row = await env
        .ctx()
        .db.selectFrom('declared_relations')
        .selectAll()
        .where('id', '=', made.json().id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(ID_A);
      expect(row.id_hash).toBe(idNumberHash(env.ctx(), ID_A));
      // Audited without the values.
      const audit = await env
        .ctx()
        .db.selectFrom('audit_events')
        .select(['action', 'changes'])
        .where('resource_id', '=', made.json().id)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['declared_relation.create']);
      expect(JSON.stringify(audit)).not.toContain('李');
    });

    it('changes are versioned: stale version 409, another person 404, old row kept', async () => {
      const me = await as('tstaff1');
      const made = (await me.post('/api/declared-relations', { kind: 'post', employer: '某乡财政所' })).json();
      const changed = await me.patch(`/api/declared-relations/${made.id}`, {
        employer: '某乡财政所',
        fromOn: '2015-01-01',
        toOn: '2019-12-31',
        version: 1,
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().version).toBe(2);
      const stale = await me.patch(`/api/declared-relations/${made.id}`, { note: 'x', version: 1 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('CONFLICT');
      const other = await (
        await as('township1')
      ).patch(`/api/declared-relations/${made.id}`, { note: 'x', version: 2 });
      expect(other.statusCode).toBe(404);
      const versions = await env
        .ctx()
        .db.selectFrom('declared_relation_versions')
        .select(['version', 'snapshot'])
        .where('relation_id', '=', made.id)
        .execute();
      expect(versions.map((v) => v.version)).toEqual([1]);
      const removed = await me.delete(`/api/declared-relations/${made.id}?version=2`);
      expect(removed.statusCode, removed.body).toBe(200);
      expect((await me.get('/api/declared-relations')).json().items.map((d: { id: string }) => d.id)).not.toContain(
        made.id,
      );
    });

    it('refuses bad input with 400 and writes nothing', async () => {
      const me = await as('tstaff1');
      const before = (await me.get('/api/declared-relations')).json().items.length;
      for (const body of [
        { kind: 'relative', relation: 'spouse' },
        { kind: 'relative', name: '某' },
        { kind: 'relative', relation: 'spouse', name: '某', idNumber: '123' },
        { kind: 'relative', relation: 'friend', name: '某' },
        { kind: 'origin' },
        { kind: 'origin', regionCode: '999999999999' },
        { kind: 'post', employer: '某单位', fromOn: '2020-01-01', toOn: '2019-01-01' },
        { kind: 'post', employer: '某单位', relation: 'spouse' },
        { kind: 'interest', name: '某公司', extra: 1 },
      ]) {
        const res = await me.post('/api/declared-relations', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }
      expect((await me.get('/api/declared-relations')).json().items.length).toBe(before);
    });

    it('only the person and the recusal decider in scope read them (the reading is audited)', async () => {
      const leader = await as('leader');
      const read = await leader.get(`/api/users/${ids.tstaff1}/declared-relations`);
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json().items.length).toBeGreaterThan(0);
      expect(read.body).not.toContain(ID_A);
      const refused = await (await as('township1')).get(`/api/users/${ids.tstaff1}/declared-relations`);
      expect(refused.statusCode).toBe(403);
      const audited = await env
        .ctx()
        .db.selectFrom('audit_events')
        .select('action')
        .where('resource_id', '=', ids.tstaff1!)
        .where('action', '=', 'declared_relation.read')
        .execute();
      expect(audited.length).toBe(1);
    });
  });

  describe('the conflict check', () => {
    const subject = (over: Record<string, unknown> = {}) => ({
      name: '王五',
      idNumberHash: idNumberHash(env.ctx(), ID_B),
      regionCode: village,
      employer: '某村村民委员会',
      ...over,
    });
    const check = async (user: string, input: Record<string, unknown>) => {
      const ctx = await ctxAs(env, 'casemgr');
      const res = await checkConflicts(ctx, {
        resource: 'clue',
        resourceId: '00000000-0000-4000-8000-00000000c001',
        userIds: [ids[user]!],
        subjects: [subject()],
        role: 'keeper',
        ...input,
      });
      return { checkId: res.checkId, ...res.people[0]! };
    };
    const declare = async (user: string, input: Record<string, unknown>) =>
      createDeclaration(await ctxAs(env, user), input as never);

    it('refuses when a declared relative is a subject (same ID), with the words', async () => {
      // tstaff1's spouse 李某某 has ID_A.
      const r = await check('tstaff1', {
        subjects: [subject({ name: '李某某', idNumberHash: idNumberHash(env.ctx(), ID_A) })],
      });
      expect(r.outcome).toBe('refuse');
      expect(r.reasons).toContainEqual({
        code: 'RELATIVE_IS_SUBJECT',
        text: `${r.name}的配偶李某某是被反映人，应当回避`,
      });
    });

    it('refuses when a declared relative is the subject record itself', async () => {
      const subjectRow = await env.ctx().db.selectFrom('subjects').select(['id', 'name']).executeTakeFirstOrThrow();
      await declare('office1', {
        kind: 'relative',
        relation: 'sibling',
        name: subjectRow.name,
        subjectId: subjectRow.id,
      });
      const r = await check('office1', {
        subjects: [{ subjectId: subjectRow.id, name: subjectRow.name }],
      });
      expect(r.outcome).toBe('refuse');
      expect(r.reasons[0]).toEqual({
        code: 'RELATIVE_IS_SUBJECT',
        text: `${r.name}的兄弟姐妹${subjectRow.name}是被反映人，应当回避`,
      });
    });

    it('refuses when a relative is the named reporter, and when the person is the subject', async () => {
      await declare('zone1', { kind: 'relative', relation: 'parent', name: '钱举报', idNumber: ID_REPORTER });
      const r = await check('zone1', {
        subjects: [subject({ name: '赵六', idNumberHash: null })],
        reporter: { name: '钱举报', idNumberHash: idNumberHash(env.ctx(), ID_REPORTER) },
      });
      expect(r.outcome).toBe('refuse');
      expect(r.reasons).toEqual([{ code: 'RELATIVE_IS_REPORTER', text: `${r.name}的父母是本件举报人，应当回避` }]);
      await declare('reviewer', { kind: 'self', idNumber: ID_B });
      const self = await check('reviewer', {});
      expect(self.outcome).toBe('refuse');
      expect(self.reasons).toEqual([{ code: 'SELF_IS_SUBJECT', text: `${self.name}本人即被反映人王五，应当回避` }]);
    });

    it('refuses by structural separation the caller passes in', async () => {
      const witness = await check('intake', {
        subjects: [subject({ name: '孙七' })],
        priorRoles: [{ userId: ids.intake, role: 'witness' }],
      });
      expect(witness.reasons).toEqual([{ code: 'WITNESS', text: `${witness.name}是本案证人，应当回避` }]);
      const review = await check('intake', {
        subjects: [subject({ name: '孙七' })],
        role: 'reviewer',
        priorRoles: [{ userId: ids.intake, role: 'investigated' }],
      });
      expect(review.reasons).toEqual([
        { code: 'INVESTIGATED_CASE', text: `${review.name}参与了本案审查调查，按照查审分离的规定不得参与审理` },
      ]);
      const recheck = await check('intake', {
        subjects: [subject({ name: '孙七' })],
        role: 'rechecker',
        priorRoles: [{ userId: ids.intake, role: 'original_handler' }],
      });
      expect(recheck.reasons).toEqual([
        { code: 'HANDLED_ORIGINAL', text: `${recheck.name}承办过原案，不得参与复议复查（复审复核）` },
      ]);
      // An investigator may keep a clue: separation applies to review only.
      const keeper = await check('intake', {
        subjects: [subject({ name: '孙七' })],
        priorRoles: [{ userId: ids.intake, role: 'investigated' }],
      });
      expect(keeper.outcome).toBe('clear');
      expect(keeper.reasons).toEqual([]);
    });

    it('warns for the same village of origin, a recent former workplace, a same-name relative, an interest', async () => {
      const villageName = (
        await env.ctx().db.selectFrom('regions').select('name').where('code', '=', village).executeTakeFirstOrThrow()
      ).name;
      await declare('township1', { kind: 'origin', regionCode: village });
      const origin = await check('township1', { subjects: [subject({ name: '周八', employer: null })] });
      expect(origin.outcome).toBe('warn');
      expect(origin.reasons).toEqual([
        { code: 'SAME_ORIGIN', text: `${origin.name}原籍${villageName}，与被反映人周八所在地相同` },
      ]);
      // tstaff1 worked at 某乡财政所 2015–2019 (removed above); declare a recent and an old post.
      await declare('casemgr', { kind: 'post', employer: '某县交通局', fromOn: '2018-03-01', toOn: '2023-06-30' });
      await declare('casemgr', { kind: 'post', employer: '某县水利局', fromOn: '2005-01-01', toOn: '2010-12-31' });
      const work = await check('casemgr', {
        subjects: [subject({ name: '吴九', employer: '某县交通局', regionCode: null })],
      });
      expect(work.outcome).toBe('warn');
      expect(work.reasons).toEqual([
        {
          code: 'FORMER_WORKPLACE',
          text: `${work.name}2018-03-01至2023-06-30在某县交通局工作，与被反映人吴九是同一单位（5年内）`,
        },
      ]);
      const old = await check('casemgr', {
        subjects: [subject({ name: '吴九', employer: '某县水利局', regionCode: null })],
      });
      expect(old.outcome).toBe('clear');
      // The county's window, like the intake repeat window: 20 years reaches the old post.
      const county = (
        await env
          .ctx()
          .db.selectFrom('regions')
          .select('county_code')
          .where('code', '=', village)
          .executeTakeFirstOrThrow()
      ).county_code!;
      await env
        .ctx()
        .db.insertInto('settings')
        .values({ key: `recusal.workplace_years:${county}`, value: '20', updated_at: new Date().toISOString() })
        .execute();
      const longer = await check('casemgr', {
        subjects: [subject({ name: '吴九', employer: '某县水利局', regionCode: null })],
        countyCode: county,
      });
      expect(longer.reasons[0]?.text).toContain('（20年内）');

      await declare('leader', { kind: 'relative', relation: 'cousin', name: '郑十', regionCode: village });
      const same = await check('leader', { subjects: [subject({ name: '郑十' })] });
      expect(same.outcome).toBe('warn');
      expect(same.reasons).toEqual([
        {
          code: 'RELATIVE_SAME_NAME',
          text: `${same.name}申报的堂表兄弟姐妹与被反映人郑十同名，且居住在同一地方，未能以身份证号区分，无法排除是同一人`,
        },
      ]);
      await declare('office1', { kind: 'interest', name: '某建筑公司', employer: '某建筑公司' });
      const interest = await check('office1', {
        subjects: [subject({ name: '冯十一', employer: '某建筑公司', regionCode: null })],
      });
      expect(interest.outcome).toBe('warn');
      expect(interest.reasons).toEqual([
        {
          code: 'INTEREST_EMPLOYER',
          text: `${interest.name}申报与某建筑公司存在利害关系，该单位是被反映人冯十一的工作单位`,
        },
      ]);
    });

    it('records every check; a warning must be confirmed, a refusal can never be assigned', async () => {
      const target = { resource: 'clue', resourceId: '00000000-0000-4000-8000-00000000c001', role: 'keeper' as const };
      const warnedSubjects = [subject({ name: '周八', employer: null })];
      const warned = await check('township1', { subjects: warnedSubjects });
      const stored = await env
        .ctx()
        .db.selectFrom('conflict_checks')
        .selectAll()
        .where('id', '=', warned.checkId)
        .executeTakeFirstOrThrow();
      expect(stored.run_by).toBe(ids.casemgr);
      expect(JSON.parse(stored.result)[0].outcome).toBe('warn');
      await expect(
        requireAssignable(env.ctx(), warned.checkId, { ...target, subjects: warnedSubjects, userId: ids.township1! }),
      ).rejects.toMatchObject({
        code: 'CONFLICT_UNCONFIRMED',
      });
      const casemgr = await as('casemgr');
      const empty = await casemgr.post(`/api/conflict-checks/${warned.checkId}/confirmations`, {
        userId: ids.township1,
        reason: '',
      });
      expect(empty.statusCode).toBe(400);
      const ok = await casemgr.post(`/api/conflict-checks/${warned.checkId}/confirmations`, {
        userId: ids.township1,
        reason: '原籍同村但已离乡三十年，无往来',
      });
      expect(ok.statusCode, ok.body).toBe(201);
      await requireAssignable(env.ctx(), warned.checkId, {
        ...target,
        subjects: warnedSubjects,
        userId: ids.township1!,
      });
      const again = await casemgr.post(`/api/conflict-checks/${warned.checkId}/confirmations`, {
        userId: ids.township1,
        reason: '再次确认',
      });
      expect(again.statusCode).toBe(409);
      await expect(
        requireAssignable(env.ctx(), warned.checkId, { ...target, role: 'reviewer', userId: ids.township1! }),
      ).rejects.toMatchObject({ code: 'CONFLICT_CHECK_MISMATCH' });

      const refusedSubjects = [subject({ name: '李某某', idNumberHash: idNumberHash(env.ctx(), ID_A) })];
      const refused = await check('tstaff1', { subjects: refusedSubjects });
      const tries = await casemgr.post(`/api/conflict-checks/${refused.checkId}/confirmations`, {
        userId: ids.tstaff1,
        reason: '工作需要',
      });
      expect(tries.statusCode).toBe(409);
      expect(tries.json().error.code).toBe('CONFLICT_REFUSED');
      await expect(
        requireAssignable(env.ctx(), refused.checkId, { ...target, subjects: refusedSubjects, userId: ids.tstaff1! }),
      ).rejects.toMatchObject({
        code: 'CONFLICT_REFUSED',
      });
      const confirmations = await env
        .ctx()
        .db.selectFrom('conflict_check_confirmations')
        .selectAll()
        .where('check_id', 'in', [warned.checkId, refused.checkId])
        .execute();
      expect(confirmations.map((c) => [c.user_id, c.confirmed_by])).toEqual([[ids.township1, ids.casemgr]]);
    });

    it("the preview route uses the record's own people and hides the reporter behind neutral words", async () => {
      const r = await report('预览对象');
      const casemgr = await as('intake');
      const res = await casemgr.post('/api/conflict-checks', {
        resource: 'report',
        resourceId: r.id,
        userIds: [ids.zone1, ids.casemgr],
        role: 'keeper',
      });
      expect(res.statusCode, res.body).toBe(201);
      const [zone1, other] = res.json().people;
      expect(zone1.outcome).toBe('refuse');
      expect(zone1.reasons.map((x: { code: string }) => x.code)).toEqual(['CONFIDENTIAL_RELATION']);
      expect(res.body).not.toContain('举报人');
      expect(res.body).not.toContain('钱举报');
      expect(other.outcome).toBe('clear');
      // The recorded check keeps the full reason for the decider.
      const stored = await env
        .ctx()
        .db.selectFrom('conflict_checks')
        .select('result')
        .where('id', '=', res.json().checkId)
        .executeTakeFirstOrThrow();
      expect(stored.result).toContain('RELATIVE_IS_REPORTER');
      // No subjects of one's own choosing: unknown fields are refused; a record out of scope is 404.
      const probe = await casemgr.post('/api/conflict-checks', {
        resource: 'report',
        resourceId: r.id,
        userIds: [ids.zone1],
        role: 'keeper',
        subjects: [{ name: '随便' }],
      });
      expect(probe.statusCode).toBe(400);
      const missing = await casemgr.post('/api/conflict-checks', {
        resource: 'report',
        resourceId: '00000000-0000-4000-8000-000000000000',
        userIds: [ids.zone1],
        role: 'keeper',
      });
      expect(missing.statusCode).toBe(404);
      const noOne = await casemgr.post('/api/conflict-checks', {
        resource: 'report',
        resourceId: r.id,
        userIds: ['00000000-0000-4000-8000-000000000001'],
        role: 'keeper',
      });
      expect(noOne.statusCode).toBe(404);
    });
  });

  describe('recusal requests', () => {
    it('a decided recusal makes the record 404 for the person, in load, ledger and search', async () => {
      const r = await report('回避对象甲');
      const staff = await as('tstaff1');
      expect((await staff.get(`/api/reports/${r.id}`)).statusCode).toBe(200);
      const inLedger = async () =>
        (await staff.get('/api/reports?pageSize=200')).json().items.some((x: { id: string }) => x.id === r.id);
      const inSearch = async () =>
        (await staff.get(`/api/reports?q=${encodeURIComponent('回避对象甲')}`))
          .json()
          .items.some((x: { id: string }) => x.id === r.id);
      expect(await inLedger()).toBe(true);
      expect(await inSearch()).toBe(true);

      const casemgr = await as('intake');
      const asked = await casemgr.post('/api/recusals', {
        resource: 'report',
        resourceId: r.id,
        userId: ids.tstaff1,
        requestedBy: 'subject',
        oral: true,
        reasons: '被反映人口头提出：承办人与其有矛盾',
      });
      expect(asked.statusCode, asked.body).toBe(201);
      expect(asked.json()).toMatchObject({ state: 'requested', oral: true, escalated: false, canDecide: false });
      const dup = await casemgr.post('/api/recusals', {
        resource: 'report',
        resourceId: r.id,
        userId: ids.tstaff1,
        requestedBy: 'reporter',
        reasons: '举报人也提出',
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('RECUSAL_EXISTS');
      // Still visible while only requested.
      expect((await staff.get(`/api/reports/${r.id}`)).statusCode).toBe(200);

      const leader = await as('leader');
      const card = (await leader.get('/api/workbench')).json();
      const todo = card.cards.find((c: { key: string }) => c.key === 'recusal.to_decide');
      expect(todo.items.map((i: { id: string }) => i.id)).toContain(asked.json().id);

      // Wrong decider: no permission → 403; stale version → 409.
      const wrong = await casemgr.post(`/api/recusals/${asked.json().id}/decision`, {
        decision: 'recused',
        version: 1,
      });
      expect(wrong.statusCode).toBe(403);
      const stale = await leader.post(`/api/recusals/${asked.json().id}/decision`, { decision: 'recused', version: 7 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('CONFLICT');
      const decided = await leader.post(`/api/recusals/${asked.json().id}/decision`, {
        decision: 'recused',
        note: '同意回避',
        version: 1,
      });
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json()).toMatchObject({ state: 'recused', decidedBy: ids.leader });
      const twice = await leader.post(`/api/recusals/${asked.json().id}/decision`, {
        decision: 'rejected',
        version: 2,
      });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error.code).toBe('RECUSAL_STATE');

      const gone = await staff.get(`/api/reports/${r.id}`);
      expect(gone.statusCode).toBe(404);
      expect(await inLedger()).toBe(false);
      expect(await inSearch()).toBe(false);
      // Others still see it; the trail names the person; engines that pick people are told.
      expect((await (await as('township1')).get(`/api/reports/${r.id}`)).statusCode).toBe(200);
      const trail = await recusalsOf(env.ctx(), 'report', r.id);
      expect(trail.map((t) => [t.userId, t.decidedByName])).toEqual([[ids.tstaff1, expect.any(String)]]);
      expect([...(await recusedAmong(env.ctx(), 'report', r.id, [ids.tstaff1!, ids.township1!]))]).toEqual([
        ids.tstaff1,
      ]);
      // A check for them now refuses.
      const check = await casemgr.post('/api/conflict-checks', {
        resource: 'report',
        resourceId: r.id,
        userIds: [ids.tstaff1],
        role: 'keeper',
      });
      expect(check.json().people[0].reasons[0].code).toBe('ALREADY_RECUSED');
    });

    it("the officer's own request can be withdrawn; a decided one cannot; others' requests need the permission", async () => {
      const r = await report('回避对象乙');
      const staff = await as('tstaff1');
      const own = await staff.post('/api/recusals', {
        resource: 'report',
        resourceId: r.id,
        userId: ids.tstaff1,
        requestedBy: 'self',
        reasons: '本人与被反映人系同学',
      });
      expect(own.statusCode, own.body).toBe(201);
      expect(own.json().canWithdraw).toBe(true);
      const forOther = await staff.post('/api/recusals', {
        resource: 'report',
        resourceId: r.id,
        userId: ids.township1,
        requestedBy: 'subject',
        reasons: '代为申请',
      });
      expect(forOther.statusCode).toBe(403);
      const notSelf = await staff.post('/api/recusals', {
        resource: 'report',
        resourceId: r.id,
        userId: ids.township1,
        requestedBy: 'self',
        reasons: '代为申请',
      });
      expect(notSelf.statusCode).toBe(400);
      const withdrawn = await staff.post(`/api/recusals/${own.json().id}/withdrawal`, { version: 1 });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      expect(withdrawn.json().state).toBe('withdrawn');
      const again = await staff.post(`/api/recusals/${own.json().id}/withdrawal`, { version: 2 });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('RECUSAL_STATE');
      const stranger = await (await as('intake')).post(`/api/recusals/${own.json().id}/withdrawal`, { version: 2 });
      expect(stranger.statusCode).toBe(404);
    });

    it("the principal leader's own recusal goes one level up", async () => {
      const r = await report('回避对象丙');
      const leader = await as('leader');
      const own = await leader.post('/api/recusals', {
        resource: 'report',
        resourceId: r.id,
        userId: ids.leader,
        requestedBy: 'self',
        reasons: '被反映人系本人亲属',
      });
      expect(own.statusCode, own.body).toBe(201);
      expect(own.json()).toMatchObject({ escalated: true, canDecide: false });
      const self = await leader.post(`/api/recusals/${own.json().id}/decision`, { decision: 'recused', version: 1 });
      expect(self.statusCode).toBe(403);
      expect(self.json().error).toMatchObject({ code: 'RECUSAL_DECIDER', details: { reason: 'own_recusal' } });
      // Not on the county leader's card either.
      const card = (await leader.get('/api/workbench'))
        .json()
        .cards.find((c: { key: string }) => c.key === 'recusal.to_decide');
      expect((card?.items ?? []).map((i: { id: string }) => i.id)).not.toContain(own.json().id);

      // The city commission's leader decides.
      const cityUnit = (
        await env
          .ctx()
          .db.selectFrom('users as u')
          .innerJoin('units as n', 'n.id', 'u.unit_id')
          .innerJoin('units as c', 'c.id', 'n.parent_id')
          .select('c.id')
          .where('u.username', '=', 'leader')
          .executeTakeFirstOrThrow()
      ).id;
      const sys = await as('sysadmin');
      const made = await sys.post('/api/users', {
        username: 'city.leader',
        displayName: '市纪委书记',
        unitId: cityUnit,
        password: 'City-Initial-2026',
      });
      expect(made.statusCode, made.body).toBe(201);
      const sec = await as('secadmin');
      const roles = (await sec.get('/api/roles')).json().items as { id: string; key: string }[];
      const granted = await sec.post('/api/role-assignments', {
        userId: made.json().id,
        roleId: roles.find((x) => x.key === 'commission_leader')!.id,
        scopeType: 'unit_subtree',
        scopeUnitId: cityUnit,
      });
      expect(granted.statusCode, granted.body).toBe(201);
      const first = await env.as('city.leader', 'City-Initial-2026');
      expect(
        (
          await first.post('/api/auth/password', {
            currentPassword: 'City-Initial-2026',
            newPassword: 'City-Leader-2026!',
          })
        ).statusCode,
      ).toBe(200);
      const city = await env.as('city.leader', 'City-Leader-2026!');
      const cityCard = (await city.get('/api/workbench'))
        .json()
        .cards.find((c: { key: string }) => c.key === 'recusal.to_decide');
      expect(cityCard.items.map((i: { id: string }) => i.id)).toContain(own.json().id);
      const decided = await city.post(`/api/recusals/${own.json().id}/decision`, { decision: 'recused', version: 1 });
      expect(decided.statusCode, decided.body).toBe(200);
      expect((await leader.get(`/api/reports/${r.id}`)).statusCode).toBe(404);

      // An ordinary request in the county is still the county leader's, not refused as "own".
      const r2 = await report('回避对象丁');
      const ordered = await leader.post('/api/recusals', {
        resource: 'report',
        resourceId: r2.id,
        userId: ids.township1,
        requestedBy: 'organ',
        reasons: '组织决定回避',
      });
      expect(ordered.statusCode, ordered.body).toBe(201);
      expect(ordered.json()).toMatchObject({ state: 'recused', decidedBy: ids.leader });
    });

    it('lists what each person may see: their own, those in scope, those waiting for their decision', async () => {
      const mine = (await (await as('tstaff1')).get('/api/recusals')).json();
      expect(mine.items.length).toBeGreaterThan(0);
      expect(
        mine.items.every((r: { userId: string; recordedBy: string }) =>
          [r.userId, r.recordedBy].includes(ids.tstaff1!),
        ),
      ).toBe(true);
      expect(JSON.stringify(mine)).not.toContain('"canDecide":true');
      const none = (await (await as('village1')).get('/api/recusals')).json();
      expect(none.total).toBe(0);
      const leader = await as('leader');
      const all = (await leader.get('/api/recusals?pageSize=200')).json();
      expect(all.total).toBeGreaterThanOrEqual(mine.total);
      const r = await report('回避对象戊');
      const asked = await (
        await as('intake')
      ).post('/api/recusals', {
        resource: 'report',
        resourceId: r.id,
        userId: ids.township1,
        requestedBy: 'reporter',
        reasons: '举报人来信申请',
      });
      expect(asked.statusCode, asked.body).toBe(201);
      const waiting = (await leader.get('/api/recusals?toDecide=true')).json();
      expect(waiting.items.map((x: { id: string }) => x.id)).toContain(asked.json().id);
      expect(
        waiting.items.every((x: { canDecide: boolean; state: string }) => x.canDecide && x.state === 'requested'),
      ).toBe(true);
      const forReport = (await leader.get(`/api/recusals?resource=report&resourceId=${r.id}`)).json();
      expect(forReport.items.map((x: { id: string }) => x.id)).toEqual([asked.json().id]);
    });

    it('refuses bad input with 4xx', async () => {
      const casemgr = await as('casemgr');
      for (const body of [
        { resource: 'report', resourceId: 'x', userId: ids.tstaff1, requestedBy: 'subject', reasons: 'a' },
        { resource: 'nothing', resourceId: ids.tstaff1, userId: ids.tstaff1, requestedBy: 'subject', reasons: 'a' },
        { resource: 'report', resourceId: ids.tstaff1, userId: ids.tstaff1, requestedBy: 'boss', reasons: 'a' },
        { resource: 'report', resourceId: ids.tstaff1, userId: ids.tstaff1, requestedBy: 'subject', reasons: '' },
      ]) {
        const res = await casemgr.post('/api/recusals', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
      }
      const list = await casemgr.get('/api/recusals?state=nope');
      expect(list.statusCode).toBe(400);
    });
  });
});
