import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { villageOf } from '../../test/factories.js';
import { makeCase } from '../../test/case-factories.js';
import { Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { samplePng } from '../../test/sample-files.js';
import { idCheckCharacter } from '../../shared/id-number.js';
import { personNumberHash } from '../../shared/personal-keys.js';
import { scoreGrid } from './index.js';

/** A valid ID number from a seed (GB 11643 check character). */
function idNo(seed: number): string {
  const first17 = `41122119800101${String(100 + seed).slice(-3)}`;
  return first17 + idCheckCharacter(first17);
}

/** An informant's phone: keeps its cookies (device credential, session) and CSRF token. */
class Phone {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly env: TestEnv) {}
  private take(res: LightMyRequestResponse) {
    for (const c of res.cookies) this.cookies.set(c.name, c.value);
    if (res.statusCode === 200 && res.headers['content-type']?.toString().includes('json')) {
      const b = res.json<{ csrfToken?: string }>();
      if (b && typeof b === 'object' && b.csrfToken) this.csrf = b.csrfToken;
    }
    return res;
  }
  private headers() {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...(cookie ? { cookie } : {}), ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}) };
  }
  async get(url: string) {
    return this.take(await this.env.app.inject({ method: 'GET', url, headers: this.headers() }));
  }
  async post(url: string, body: object = {}) {
    return this.take(await this.env.app.inject({ method: 'POST', url, headers: this.headers(), payload: body }));
  }
}

describe.each(testDialects())('grid supervision on $name', ({ name }) => {
  let env: TestEnv;
  const c: Record<string, Client> = {};
  let village = '';
  let groups: string[] = [];
  let outpostId = '';
  const ids: string[] = [];

  const informant = (n: number, group = groups[0]!) => ({
    outpostId,
    groupCode: group,
    name: `演示监督员${n}`,
    phone: `1390000000${n}`,
    idNumber: idNo(n),
    termStart: '2026-01-01',
    termEnd: '2028-12-31',
    trainings: [{ on: '2026-03-01', topic: '廉情监督员履职培训' }],
    dutySignedOn: '2026-03-01',
  });

  beforeAll(async () => {
    env = await startTestEnv(name);
    for (const u of ['township1', 'township2', 'tstaff1', 'village1', 'supervisor', 'intake']) c[u] = await env.as(u);
    village = await villageOf(env, 'township1');
    groups = (
      await env
        .ctx()
        .db.selectFrom('regions')
        .select('code')
        .where('parent_code', '=', village)
        .orderBy('code')
        .execute()
    ).map((r) => r.code);
  });
  afterAll(async () => env?.close());

  it('sets up an outpost and 1–3 informants per villager group, sealed, the 4th refused', async () => {
    const made = await c.township1!.post('/api/grid/outposts', {
      regionCode: village,
      head: '张主任',
      deputies: ['李委员', '王委员'],
    });
    expect(made.statusCode, made.body).toBe(201);
    outpostId = made.json().id;
    expect(
      (await c.township1!.post('/api/grid/outposts', { regionCode: village, head: '某', deputies: [] })).json().error
        .code,
    ).toBe('GRID_OUTPOST_EXISTS');
    // Another township's village is out of reach: 404; a villager group is not a village: 400.
    const other = await villageOf(env, 'township2');
    expect(
      (await c.township1!.post('/api/grid/outposts', { regionCode: other, head: '某', deputies: [] })).statusCode,
    ).toBe(404);
    expect(
      (await c.township1!.post('/api/grid/outposts', { regionCode: groups[0], head: '某', deputies: [] })).json().error
        .code,
    ).toBe('GRID_NOT_VILLAGE');
    const row = await env
      .ctx()
      .db.selectFrom('grid_outposts')
      .selectAll()
      .where('id', '=', outpostId)
      .executeTakeFirstOrThrow();
    expect(row.head_enc).not.toContain('张主任');

    for (const n of [1, 2, 3]) {
      const res = await c.township1!.post('/api/grid/informants', informant(n));
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const fourth = await c.township1!.post('/api/grid/informants', informant(4));
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error.code).toBe('GRID_GROUP_FULL');
    expect(await env.ctx().db.selectFrom('grid_informants').select('id').execute()).toHaveLength(3);
    // Another group takes more; a bad ID number is refused.
    expect((await c.township1!.post('/api/grid/informants', informant(4, groups[1]))).statusCode).toBe(201);
    expect(
      (await c.township1!.post('/api/grid/informants', { ...informant(5, groups[1]), idNumber: '411221198001010000' }))
        .statusCode,
    ).toBe(400);

    const stored = await env
      .ctx()
      .db.selectFrom('grid_informants')
      .selectAll()
      .where('id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    expect(stored.name_enc).not.toContain('演示监督员');
    expect(stored.phone_enc).not.toContain('13900000001');
    expect(stored.person_hash).toBe(personNumberHash(env.ctx().keyring, idNo(1)));
    const list = (await c.township1!.get(`/api/grid/informants?outpostId=${outpostId}`)).json().items;
    expect(list).toHaveLength(4);
    expect(list[0]).toMatchObject({ name: '演示监督员1', phone: expect.stringContaining('*'), enrolled: false });
    const xlsx = await c.township1!.get('/api/grid/informants/export.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    // The village's committee reads its outpost; township2 sees none of it.
    expect((await c.village1!.get('/api/grid/outposts')).json().items).toHaveLength(1);
    expect((await c.township2!.get('/api/grid/outposts')).json().items).toHaveLength(0);
    expect((await c.township2!.post(`/api/grid/informants/${ids[0]}/invitations`)).statusCode).toBe(404);
    expect((await c.village1!.post(`/api/grid/informants/${ids[0]}/invitations`)).statusCode).toBe(403);
  });

  it('an informant signs in by invitation and PIN on one phone; the report is routed, anonymous to the handler, and scored when it becomes a clue', async () => {
    const inv = await c.township1!.post(`/api/grid/informants/${ids[0]}/invitations`);
    expect(inv.statusCode, inv.body).toBe(201);
    const { token, path } = inv.json();
    expect(path).toBe(`/r/informant#invite=${token}`);
    const stored = await env.ctx().db.selectFrom('grid_invitations').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    const phone = new Phone(env);
    expect((await phone.get('/api/informant/me')).statusCode).toBe(401);
    const act = await phone.post('/api/informant/activation', { token, pin: '246810' });
    expect(act.statusCode, act.body).toBe(200);
    expect(act.json().name).toBe('演示监督员1');
    // The invitation is one-time.
    expect((await new Phone(env).post('/api/informant/activation', { token, pin: '135790' })).json().error.code).toBe(
      'INFORMANT_INVITATION_INVALID',
    );
    const me = await phone.get('/api/informant/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ regionCode: village, group: '第一村民小组' });

    // A staff session gets 401 on informant routes, and an informant session 401 on staff routes.
    expect((await c.township1!.get('/api/informant/me')).statusCode).toBe(401);
    const staffWithPhone = await env.app.inject({
      method: 'GET',
      url: '/api/grid/outposts',
      headers: { cookie: `qf_informant=${phone.cookies.get('qf_informant')}` },
    });
    expect(staffWithPhone.statusCode).toBe(401);
    // Writes need the informant's own CSRF token.
    const noCsrf = await env.app.inject({
      method: 'POST',
      url: '/api/informant/reports',
      headers: { cookie: `qf_informant=${phone.cookies.get('qf_informant')}` },
      payload: {},
    });
    expect(noCsrf.json().error.code).toBe('CSRF_INVALID');

    const rep = await phone.post('/api/informant/reports', {
      subjectName: '某村干部',
      subjectPosition: '村委会委员',
      subjectRole: 'village_cadre',
      content: '低保名单中有村干部亲属，群众有意见，请核查。',
    });
    expect(rep.statusCode, rep.body).toBe(201);
    const number = rep.json().number as string;
    const r = await env
      .ctx()
      .db.selectFrom('reports')
      .selectAll()
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({ channel: 'informant', informant_id: ids[0], anonymous: 1, reporter_enc: null });
    // Photos, cleaned like a reporter's, on the informant's own report only.
    const phoneClient = new Client(env.app, `qf_informant=${phone.cookies.get('qf_informant')}`, phone.csrf);
    const photo = await phoneClient.upload(
      '/api/informant/report-photos',
      { number },
      { name: 'site.png', bytes: samplePng() },
    );
    expect(photo.statusCode, photo.body).toBe(201);
    expect(photo.json().contentType).toBe('image/png');
    const notMine = await phoneClient.upload(
      '/api/informant/report-photos',
      { number: 'X0001' },
      { name: 'site.png', bytes: samplePng() },
    );
    expect(notMine.statusCode).toBe(404);
    const own = (await phone.get('/api/informant/reports')).json().items;
    expect(own).toEqual([{ number, receivedAt: r.received_at, status: 'received' }]);

    // The handler (township1, the village cadre's commission) sees the report, not who sent it.
    const detail = await c.township1!.get(`/api/reports/${r.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.body).not.toContain('演示监督员');
    // The township's grid view: number, date, status, outcome, never the content.
    const gridView = await c.township1!.get('/api/grid/reports');
    expect(gridView.json().items[0]).toMatchObject({ number, status: 'received', outcome: null });
    expect(gridView.body).not.toContain('低保名单');

    // Becomes a clue: scored +5 once, however often the job runs.
    const d1 = (await c.township1!.get(`/api/reports/${r.id}`)).json();
    expect((await c.township1!.post(`/api/reports/${r.id}/acceptance`, { version: d1.version })).statusCode).toBe(200);
    const d2 = (await c.township1!.get(`/api/reports/${r.id}`)).json();
    const clue = await c.township1!.post(`/api/reports/${r.id}/disposal`, {
      version: d2.version,
      disposition: 'clue',
      note: '转线索',
    });
    expect(clue.statusCode, clue.body).toBe(200);
    expect(await scoreGrid(env.ctx().db, env.clock)).toBe(1);
    expect(await scoreGrid(env.ctx().db, env.clock)).toBe(0);
    const events = await env.ctx().db.selectFrom('grid_score_events').selectAll().execute();
    expect(events).toMatchObject([{ informant_id: ids[0], source_kind: 'report_clue', points: 5 }]);
    const ranking = (await c.township1!.get('/api/grid/rankings')).json();
    expect(ranking.informants[0]).toMatchObject({ rank: 1, key: ids[0], points: 5 });
    expect(ranking.villages[0]).toMatchObject({ key: village, points: 5 });
    expect((await c.township1!.get('/api/grid/reports')).json().items[0].outcome).toBe('clue');
    expect((await c.township2!.get('/api/grid/rankings')).json().informants).toEqual([]);

    // A case filed on that clue: +10, in the quarter it was filed. (The case is the factory's,
    // pointed at this report's clue.)
    const kase = await makeCase(env);
    await env.ctx().db.updateTable('cases').set({ clue_id: clue.json().clueId }).where('id', '=', kase.id).execute();
    const filed = await env
      .ctx()
      .db.selectFrom('cases')
      .select('filed_at')
      .where('id', '=', kase.id)
      .executeTakeFirstOrThrow();
    expect(filed.filed_at).not.toBeNull();
    expect(await scoreGrid(env.ctx().db, env.clock)).toBe(1);
    // The clue concluded as a false accusation (诬告陷害): −10.
    await env
      .ctx()
      .db.updateTable('clues')
      .set({ inquiry_outcome: 'false_accusation' })
      .where('id', '=', clue.json().clueId)
      .execute();
    expect(await scoreGrid(env.ctx().db, env.clock)).toBe(1);
    const kinds = (
      await env.ctx().db.selectFrom('grid_score_events').select(['source_kind', 'points']).orderBy('points').execute()
    ).map((e) => `${e.source_kind}:${e.points}`);
    expect(kinds).toEqual(['false_report:-10', 'report_clue:5', 'clue_case:10']);
    expect((await c.township1!.get('/api/grid/rankings')).json().informants[0].points).toBe(5);
    expect((await c.township1!.get('/api/grid/reports')).json().items[0].outcome).toBe('false_report');

    // Tasks: pushed, done on the phone, confirmed by the township: +2.
    const task = await c.township1!.post('/api/grid/tasks', {
      informantId: ids[0],
      kind: 'subsidy_list',
      title: '查看本村低保名单是否张榜公示',
    });
    expect(task.statusCode, task.body).toBe(201);
    const taskId = task.json().id;
    expect((await c.township1!.post(`/api/grid/tasks/${taskId}/confirmation`)).json().error.code).toBe(
      'GRID_TASK_STATE',
    );
    expect((await phone.get('/api/informant/tasks')).json().items[0]).toMatchObject({ id: taskId, status: 'open' });
    expect((await phone.post(`/api/informant/tasks/${taskId}/done`, { note: '已张榜' })).statusCode).toBe(200);
    type Card = { key: string; count: number; items: { id: string }[]; chart?: { categories: string[] } | null };
    const cards = async (u: string) => (await c[u]!.get('/api/workbench')).json<{ cards: Card[] }>().cards;
    expect((await cards('township1')).find((x) => x.key === 'grid.done_tasks')?.items[0]?.id).toBe(taskId);
    expect((await cards('township2')).find((x) => x.key === 'grid.done_tasks')).toBeUndefined();
    expect((await c.township1!.post(`/api/grid/tasks/${taskId}/confirmation`)).statusCode).toBe(200);
    expect(await scoreGrid(env.ctx().db, env.clock)).toBe(1);
    expect((await c.township1!.get('/api/grid/rankings')).json().informants[0].points).toBe(7); // 5 + 10 − 10 + 2
    const chart = (await cards('township1')).find((x) => x.key === 'grid.quarter_scores');
    expect(chart?.chart?.categories).toHaveLength(1);
    const xlsx = await c.township1!.get('/api/grid/rankings/export.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);

    // Sign out, then PIN on the same phone; another phone with the PIN alone is refused.
    expect((await phone.post('/api/informant/sign-out')).statusCode).toBe(200);
    phone.cookies.delete('qf_informant');
    phone.csrf = '';
    expect((await phone.get('/api/informant/me')).statusCode).toBe(401);
    expect((await phone.post('/api/informant/sign-in', { pin: '246810' })).statusCode).toBe(200);
    expect((await phone.get('/api/informant/me')).statusCode).toBe(200);
    const neighbour = new Phone(env);
    expect((await neighbour.post('/api/informant/sign-in', { pin: '246810' })).json().error.code).toBe(
      'INFORMANT_SIGN_IN_FAILED',
    );

    // Revocation ends the session at once.
    expect((await c.township1!.post(`/api/grid/informants/${ids[0]}/revocation`)).statusCode).toBe(200);
    expect((await phone.get('/api/informant/me')).statusCode).toBe(401);
    expect((await phone.post('/api/informant/sign-in', { pin: '246810' })).json().error.code).toBe(
      'INFORMANT_SIGN_IN_FAILED',
    );
  });

  it('five wrong PINs lock; a new invitation unlocks; the term end and idle time end access', async () => {
    const phone = new Phone(env);
    const { token } = (await c.township1!.post(`/api/grid/informants/${ids[1]}/invitations`)).json();
    expect((await phone.post('/api/informant/activation', { token, pin: '111111' })).statusCode).toBe(200);
    for (let i = 1; i <= 4; i++) {
      const res = await phone.post('/api/informant/sign-in', { pin: '999999' });
      expect(res.json().error).toMatchObject({ code: 'INFORMANT_SIGN_IN_FAILED', details: { attemptsLeft: 5 - i } });
    }
    expect((await phone.post('/api/informant/sign-in', { pin: '999999' })).json().error.code).toBe('INFORMANT_LOCKED');
    expect((await phone.post('/api/informant/sign-in', { pin: '111111' })).json().error.code).toBe('INFORMANT_LOCKED');
    // Locked ends open sessions too.
    expect((await phone.get('/api/informant/me')).statusCode).toBe(401);
    const again = (await c.township1!.post(`/api/grid/informants/${ids[1]}/invitations`)).json();
    expect((await phone.post('/api/informant/activation', { token: again.token, pin: '222222' })).statusCode).toBe(200);
    expect((await phone.get('/api/informant/me')).statusCode).toBe(200);
    // Idle: past the idle timeout the session is gone.
    env.clock.advance(env.config.sessionIdleMinutes * 60_000 + 1000);
    expect((await phone.get('/api/informant/me')).statusCode).toBe(401);
    // An invitation is valid 7 days.
    c.township1 = await env.as('township1');
    const late = (await c.township1.post(`/api/grid/informants/${ids[1]}/invitations`)).json();
    env.clock.advance(7 * 86_400_000 + 1000);
    expect(
      (await new Phone(env).post('/api/informant/activation', { token: late.token, pin: '333333' })).json().error.code,
    ).toBe('INFORMANT_INVITATION_INVALID');
    // Term end: sign-in refused once the term is over.
    await env
      .ctx()
      .db.updateTable('grid_informants')
      .set({ term_end: '2020-12-31' })
      .where('id', '=', ids[1]!)
      .execute();
    expect((await phone.post('/api/informant/sign-in', { pin: '222222' })).json().error.code).toBe(
      'INFORMANT_SIGN_IN_FAILED',
    );
  });

  it('scoring rules are the county’s: the county changes them, a township cannot', async () => {
    // The previous test moved the clock past the idle timeout: sign in again.
    for (const u of ['township1', 'supervisor']) c[u] = await env.as(u);
    const rules = { cluePoints: 6, casePoints: 12, falseReportPoints: -8, taskPoints: 3 };
    expect((await c.township1!.put('/api/grid/score-rules', rules)).statusCode).toBe(403);
    expect((await c.township1!.get('/api/grid/score-rules')).json()).toMatchObject({ cluePoints: 5, editable: false });
    const set = await c.supervisor!.put('/api/grid/score-rules', rules);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ ...rules, editable: true });
    expect((await c.township1!.get('/api/grid/score-rules')).json()).toMatchObject(rules);
    expect((await c.supervisor!.put('/api/grid/score-rules', { ...rules, falseReportPoints: 5 })).statusCode).toBe(400);
  });
});
