import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctxAs, unitOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { DEFAULT_SKELETON } from './index.js';
import { makeVillageClerk } from '../../test/micro-power-factories.js';

interface Item {
  id: string;
  itemKey: string;
  version: number;
  current: boolean;
  code: string;
  steps: { seq: number; name: string; publicationDays: number | null; documents: string[] }[];
  history?: Item[];
}
interface Use {
  id: string;
  version: number;
  status: string;
  itemVersion: number;
  problems: { kind: string; seq: number }[];
  findingsList: { kind: string; seq: number; rectificationItemId: string | null }[];
}

const DAY = 86_400_000;

describe.each(testDialects())('the small-powers list and its uses on $name', ({ name }) => {
  let env: TestEnv;
  const c: Record<string, Client> = {};
  let village = '';
  let clerkUnit = '';
  let fiveV1: Item;
  const day = (offset: number) => new Date(env.clock.nowMs() + offset * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
  const kinds = (ps: { kind: string; seq: number }[]) => ps.map((p) => `${p.kind}:${p.seq}`).sort();

  async function use(u: string, id: string): Promise<Use> {
    const res = await c[u]!.get(`/api/micro-power-uses/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Use>();
  }
  async function step(id: string, body: Record<string, unknown>): Promise<Use> {
    const current = await use('clerk', id);
    const res = await c.clerk!.post(`/api/micro-power-uses/${id}/steps`, {
      actor: '村党组织',
      documents: [],
      ...body,
      version: current.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Use>();
  }
  async function newUse(itemId: string, title: string, startedOn: string): Promise<string> {
    const res = await c.clerk!.post('/api/micro-power-uses', {
      itemId,
      villageCode: village,
      title,
      startedOn,
      amountFen: 1_250_000,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    ({ unitId: clerkUnit, regionCode: village } = await makeVillageClerk(env, 'clerk_mp', '测试村务专干'));
    for (const u of ['supervisor', 'township1', 'township2', 'tstaff1', 'village1', 'intake']) c[u] = await env.as(u);
    c.clerk = await env.as('clerk_mp');
  });
  afterAll(async () => env?.close());

  it('loads the default skeleton once per county, for the county only, and every level reads it', async () => {
    // The demo seed gives the county the skeleton; loading it again is refused, nothing written.
    const seeded = await c.supervisor!.post('/api/micro-power-items/skeleton', {});
    expect(seeded.statusCode).toBe(409);
    expect(seeded.json().error.code).toBe('MICRO_POWER_LIST_EXISTS');
    expect((await c.supervisor!.get('/api/micro-power-items')).json().total).toBe(DEFAULT_SKELETON.length);
    // A county without a list (the seeded one emptied) gets it from the county, not a township.
    await env.ctx().db.deleteFrom('micro_power_items').execute();
    const denied = await c.township1!.post('/api/micro-power-items/skeleton', {});
    expect(denied.statusCode, denied.body).toBe(404);
    const res = await c.supervisor!.post('/api/micro-power-items/skeleton', {});
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().loaded).toBe(DEFAULT_SKELETON.length);
    const again = await c.supervisor!.post('/api/micro-power-items/skeleton', {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('MICRO_POWER_LIST_EXISTS');
    for (const u of ['tstaff1', 'village1', 'clerk']) {
      const list = await c[u]!.get('/api/micro-power-items?pageSize=200');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().total).toBe(DEFAULT_SKELETON.length);
    }
    const list = await c.clerk!.get('/api/micro-power-items?area=major_decision');
    fiveV1 = list.json().items.find((i: Item) => i.code === '1-1');
    expect(fiveV1.steps.map((s) => s.publicationDays)).toEqual([null, 15, null, 3, null]);
    expect(list.json().items[0].canConfigure).toBe(false);
    const denyIntake = await c.intake!.get('/api/micro-power-items');
    expect(denyIntake.statusCode).toBe(403);
  });

  it('refuses bad configuration with the field named and writes nothing', async () => {
    const count = async () =>
      Number(
        (
          await env
            .ctx()
            .db.selectFrom('micro_power_items')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const bad = await c.supervisor!.post('/api/micro-power-items', {
      area: 'procurement',
      code: '3-9',
      name: '测试采购',
      steps: [
        { name: '提出', actor: '村民委员会', publishes: false, documents: [] },
        { name: '确定', actor: '村“两委”', publishes: false, publicationDays: 5, documents: [] },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('steps[1].publicationDays');
    const dup = await c.supervisor!.post('/api/micro-power-items', {
      area: 'procurement',
      code: '3-1',
      name: '重复编号',
      steps: [{ name: '提出', actor: '村民委员会', publishes: false, documents: [] }],
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.details.field).toBe('code');
    const noSteps = await c.supervisor!.post('/api/micro-power-items', {
      area: 'procurement',
      code: '3-9',
      name: 'x',
      steps: [],
    });
    expect(noSteps.statusCode).toBe(400);
    expect(await count()).toBe(before);
    const ok = await c.supervisor!.post('/api/micro-power-items', {
      area: 'procurement',
      code: '3-9',
      name: '小额零星采购',
      steps: [
        { name: '两人以上询价', actor: '村民委员会', publishes: true, publicationDays: 3, documents: ['询价单'] },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it('judges a use by the version it was recorded under, and a new use by the current one', async () => {
    const u0 = await newUse(fiveV1.id, '村集体道路硬化方案', day(-20));
    await step(u0, { seq: 1, doneOn: day(-20), documents: ['提议记录'] });
    // 15 calendar days, first and last counted: enough under version 1.
    await step(u0, {
      seq: 2,
      doneOn: day(-19),
      actor: '村“两委”联席会议',
      documents: ['联席会议记录', '方案公示材料'],
      publicationFrom: day(-19),
      publicationTo: day(-5),
    });
    expect((await use('clerk', u0)).problems).toEqual([]);

    const steps = fiveV1.steps.map((s) => ({
      name: s.name,
      actor: '按清单',
      publishes: s.publicationDays !== null || s.seq === 5,
      publicationDays: s.seq === 2 ? 20 : s.publicationDays,
      documents: s.documents,
    }));
    const stale = await c.supervisor!.post(`/api/micro-power-items/${fiveV1.id}/revision`, {
      area: 'major_decision',
      code: '1-1',
      name: '村级重大事项决策（“五议”程序）',
      steps,
      version: 7,
      changeNote: '县清单修订：方案公示不少于20日',
    });
    expect(stale.statusCode).toBe(409);
    const revised = await c.supervisor!.post(`/api/micro-power-items/${fiveV1.id}/revision`, {
      area: 'major_decision',
      code: '1-1',
      name: '村级重大事项决策（“五议”程序）',
      steps,
      version: 1,
      changeNote: '县清单修订：方案公示不少于20日',
    });
    expect(revised.statusCode, revised.body).toBe(201);
    const v2 = revised.json<{ id: string; version: number }>();
    expect(v2.version).toBe(2);
    const old = (await c.tstaff1!.get(`/api/micro-power-items/${fiveV1.id}`)).json<Item>();
    expect(old.current).toBe(false);
    expect(old.history!.map((h) => h.version)).toEqual([2, 1]);

    // The old use keeps version 1 and its 15 days still suffice.
    const kept = await use('clerk', u0);
    expect(kept.itemVersion).toBe(1);
    expect(kept.problems).toEqual([]);
    // A new use cannot be recorded against the old version; under version 2, 15 days are short.
    const refused = await c.clerk!.post('/api/micro-power-uses', {
      itemId: fiveV1.id,
      villageCode: village,
      title: '村文化广场建设',
      startedOn: day(-3),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('MICRO_POWER_ITEM_RETIRED');
    const u3 = await newUse(v2.id, '村文化广场建设方案', day(-16));
    await step(u3, { seq: 1, doneOn: day(-16), documents: ['提议记录'] });
    const after = await step(u3, {
      seq: 2,
      doneOn: day(-15),
      documents: ['联席会议记录', '方案公示材料'],
      publicationFrom: day(-15),
      publicationTo: day(-1),
    });
    expect(kinds(after.problems)).toEqual(['short_publication:2']);
  });

  it('finds missed steps, order, short publications and missing documents, and hands them to the township at closing', async () => {
    const items = (await c.clerk!.get('/api/micro-power-items?area=major_decision')).json().items as Item[];
    const five = items.find((i) => i.code === '1-1')!;
    const u1 = await newUse(five.id, '村集体林地承包方案', day(-40));
    await step(u1, { seq: 1, doneOn: day(-40), documents: ['提议记录'] });
    await step(u1, {
      seq: 2,
      doneOn: day(-38),
      documents: ['联席会议记录', '方案公示材料'],
      publicationFrom: day(-38),
      publicationTo: day(-29),
    });
    const open = await step(u1, {
      seq: 4,
      doneOn: day(-30),
      documents: ['会议记录', '表决结果'],
      publicationFrom: day(-30),
      publicationTo: day(-28),
    });
    // Open: step 3 is missed (4 is recorded), 5 is not yet due.
    expect(kinds(open.problems)).toEqual([
      'missed_step:3',
      'missing_document:4',
      'out_of_order:4',
      'short_publication:2',
    ]);

    const twice = await c.clerk!.post(`/api/micro-power-uses/${u1}/steps`, {
      seq: 4,
      doneOn: day(-30),
      actor: '村民代表会议',
      documents: [],
      version: open.version,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('MICRO_POWER_STEP_RECORDED');

    const outsider = await c.township2!.get(`/api/micro-power-uses/${u1}`);
    expect(outsider.statusCode).toBe(404);
    const readers = await Promise.all(
      ['village1', 'township1', 'supervisor'].map((u) => c[u]!.get(`/api/micro-power-uses/${u1}`)),
    );
    expect(readers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const notRecorder = await c.village1!.post(`/api/micro-power-uses/${u1}/closure`, {
      closedOn: day(0),
      version: open.version,
    });
    expect(notRecorder.statusCode).toBe(403);

    const closed = await c.clerk!.post(`/api/micro-power-uses/${u1}/closure`, {
      closedOn: day(0),
      version: open.version,
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const view = closed.json<Use>();
    expect(view.status).toBe('closed');
    expect(kinds(view.findingsList)).toEqual([
      'missed_step:3',
      'missed_step:5',
      'missing_document:4',
      'out_of_order:4',
      'short_publication:2',
    ]);
    const items1 = await env
      .ctx()
      .db.selectFrom('rectification_items')
      .select(['id', 'owner_unit_id', 'issuer_unit_id', 'status'])
      .where('source_kind', '=', 'micro_power_use')
      .where('source_id', '=', u1)
      .execute();
    expect(items1).toHaveLength(5);
    const township = await unitOf(env, 'township1');
    expect(new Set(items1.map((i) => `${i.owner_unit_id}>${i.issuer_unit_id}:${i.status}`))).toEqual(
      new Set([`${clerkUnit}>${township}:open`]),
    );
    expect(view.findingsList.every((f) => items1.some((i) => i.id === f.rectificationItemId))).toBe(true);
    const ledger = await c.tstaff1!.get(`/api/rectification-items/${items1[0]!.id}`);
    expect(ledger.statusCode, ledger.body).toBe(200);

    const late = await c.clerk!.post(`/api/micro-power-uses/${u1}/steps`, {
      seq: 3,
      doneOn: day(-1),
      actor: '党员大会',
      documents: [],
      version: view.version,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('MICRO_POWER_USE_CLOSED');
    const findings = await c.township1!.get('/api/micro-power-uses?withFindings=true');
    expect(findings.json().items.map((u: { id: string }) => u.id)).toContain(u1);
  });

  it('lists uses newest first, paged, searched by title or item name, with the recorded steps', async () => {
    type Line = { id: string; title: string; itemName: string; startedOn: string; stepsRecorded: number };
    const all = (await c.township1!.get('/api/micro-power-uses?pageSize=200')).json<{
      items: Line[];
      total: number;
    }>();
    expect(all.total).toBeGreaterThanOrEqual(2);
    expect(all.items).toHaveLength(all.total);
    const order = all.items.map((u) => u.startedOn);
    expect([...order].sort().reverse()).toEqual(order);
    // Page 2 of size 1 is the second line of the whole list, with the same columns.
    const second = (await c.township1!.get('/api/micro-power-uses?page=2&pageSize=1')).json();
    expect(second.total).toBe(all.total);
    expect(second.items).toEqual([all.items[1]]);
    expect(all.items.some((u) => u.stepsRecorded > 0)).toBe(true);
    // A search reaches the item's name (joined) as well as the title.
    const byItem = all.items[0]!.itemName;
    const found = (await c.township1!.get(`/api/micro-power-uses?q=${encodeURIComponent(byItem)}`)).json();
    expect(found.items.length).toBeGreaterThan(0);
    expect(found.items.every((u: Line) => u.itemName.includes(byItem) || u.title.includes(byItem))).toBe(true);
    const byTitle = all.items[0]!.title;
    const titled = (await c.township1!.get(`/api/micro-power-uses?q=${encodeURIComponent(byTitle)}`)).json();
    expect(titled.items.map((u: Line) => u.id)).toContain(all.items[0]!.id);
    const none = (await c.township1!.get('/api/micro-power-uses?q=%E6%97%A0%E6%AD%A4%E4%BA%8B%E9%A1%B9')).json();
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('refuses bad uses and steps with clear errors', async () => {
    const items = (await c.clerk!.get('/api/micro-power-items?area=procurement')).json().items as Item[];
    const proc = items.find((i) => i.code === '3-1')!;
    const withId = await c.clerk!.post('/api/micro-power-uses', {
      itemId: proc.id,
      villageCode: village,
      title: '采购 张三 41122119800101001X',
      startedOn: day(-1),
    });
    expect(withId.statusCode).toBe(400);
    expect(withId.json().error.details.field).toBe('title');
    const future = await c.clerk!.post('/api/micro-power-uses', {
      itemId: proc.id,
      villageCode: village,
      title: '采购办公用品',
      startedOn: day(3),
    });
    expect(future.statusCode).toBe(400);
    const otherVillage = await c.clerk!.post('/api/micro-power-uses', {
      itemId: proc.id,
      villageCode: '411221999999',
      title: '采购办公用品',
      startedOn: day(-1),
    });
    expect(otherVillage.statusCode).toBe(404);
    const u = await newUse(proc.id, '采购办公用品', day(-2));
    const v = (await use('clerk', u)).version;
    const cases: [Record<string, unknown>, string][] = [
      [{ seq: 9, doneOn: day(-1) }, 'seq'],
      [{ seq: 1, doneOn: day(-5) }, 'doneOn'],
      [{ seq: 1, doneOn: day(-1), publicationFrom: day(-1), publicationTo: day(2) }, 'publicationFrom'],
      [{ seq: 4, doneOn: day(-1), publicationFrom: day(-1) }, 'publicationTo'],
      [{ seq: 4, doneOn: day(-1), publicationFrom: day(-2), publicationTo: day(2) }, 'publicationTo'],
    ];
    for (const [body, field] of cases) {
      const res = await c.clerk!.post(`/api/micro-power-uses/${u}/steps`, {
        actor: '村民委员会',
        documents: [],
        version: v,
        ...body,
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.details.field).toBe(field);
    }
    expect((await use('clerk', u)).version).toBe(v);
    const noCsrf = await env.app.inject({
      method: 'POST',
      url: `/api/micro-power-uses/${u}/closure`,
      payload: { closedOn: day(0), version: v },
    });
    expect(noCsrf.statusCode).toBe(401);
  });

  it('publishes the list and the uses under publication, nothing personal, and takes reports about them', async () => {
    const res = await env.anon().get(`/api/public/micro-powers/${village}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<{
      items: unknown[];
      publishing: { id: string; title: string; stepName: string; publicationTo: string }[];
    }>();
    expect(page.items.length).toBe(DEFAULT_SKELETON.length + 1);
    expect(page.publishing.map((p) => p.title)).toEqual([]);
    // A use whose publication runs today shows; the clerk's name and the amount do not.
    const items = (await c.clerk!.get('/api/micro-power-items?area=homestead')).json().items as Item[];
    const u = await newUse(items[0]!.id, '第三村民小组宅基地申请审批', day(-3));
    await step(u, { seq: 1, doneOn: day(-3), actor: '申请农户', documents: ['宅基地申请书'] });
    await step(u, {
      seq: 2,
      doneOn: day(-2),
      actor: '村民小组',
      documents: [],
      publicationFrom: day(-2),
      publicationTo: day(4),
    });
    const now = (await env.anon().get(`/api/public/micro-powers/${village}`)).json<typeof page>();
    expect(now.publishing).toEqual([
      expect.objectContaining({
        id: u,
        title: '第三村民小组宅基地申请审批',
        stepName: '村民小组会议讨论并公示',
        publicationTo: day(4),
      }),
    ]);
    const raw = JSON.stringify(now);
    expect(raw).not.toContain('测试村务专干');
    expect(raw).not.toContain('1250000');
    const notVillage = await env.anon().get('/api/public/micro-powers/411221000000');
    expect(notVillage.statusCode).toBe(404);

    const report = {
      regionCode: village,
      named: false,
      subject: { name: '某某', position: '村干部' },
      content: '这个宅基地审批没有按规定公示，群众不知道。',
    };
    const about = await env
      .anon()
      .post('/api/public/reports', { ...report, about: { kind: 'micro_power_use', id: u } });
    expect(about.statusCode, about.body).toBe(201);
    const stored = await env
      .ctx()
      .db.selectFrom('reports')
      .select(['about_kind', 'about_id'])
      .where('about_id', '=', u)
      .executeTakeFirstOrThrow();
    expect(stored.about_kind).toBe('micro_power_use');
    const unpublished = await newUse(items[0]!.id, '尚未公示的申请', day(-1));
    const refused = await env
      .anon()
      .post('/api/public/reports', { ...report, about: { kind: 'micro_power_use', id: unpublished } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('REPORT_ABOUT_UNKNOWN');
  });

  it('exports the list and the uses to Excel, audited', async () => {
    for (const url of ['/api/micro-power-items/export.xlsx', '/api/micro-power-uses/export.xlsx?status=closed']) {
      const res = await c.township1!.get(url);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    }
    const audited = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'micro_power.export')
      .execute();
    expect(audited).toHaveLength(2);
  });

  it('shows the clerk the open uses and the township the uses with findings on the workbench', async () => {
    const clerk = await ctxAs(env, 'clerk_mp');
    const { microPowerWorkbench } = await import('./micro-powers.workbench.js');
    const open = await microPowerWorkbench[0]!.load(clerk, { since: null, limit: 5 });
    expect(open?.count).toBeGreaterThanOrEqual(3);
    const township = await ctxAs(env, 'township1');
    const found = await microPowerWorkbench[1]!.load(township, { since: null, limit: 5 });
    expect(found?.count).toBe(1);
    const other = await microPowerWorkbench[1]!.load(await ctxAs(env, 'township2'), { since: null, limit: 5 });
    expect(other).toBeNull();
  });
});
