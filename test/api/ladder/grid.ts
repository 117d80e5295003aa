/** The access ladder's rules of grid supervision: outposts, informants, tasks and scores (网格监督): merged into the ladder's table. */
import { expect } from 'vitest';
import { idCheckCharacter } from '../../../src/server/shared/id-number.js';
import { villageOf } from '../../../src/server/test/factories.js';
import { samplePng } from '../../../src/server/test/sample-files.js';
import { Client, type TestEnv } from '../../../src/server/test/harness.js';
import { type Kit, type Rule, XLSX } from './rules.js';

const made = new WeakMap<
  TestEnv,
  { n: number; outpostId: string; groups: string[]; phone?: Client; informantId?: string }
>();

/** The ladder's outpost in township1's first village (made once per environment). */
async function grid(k: Kit) {
  let g = made.get(k.env);
  if (g) return g;
  const t1 = await k.as('township1');
  const village = await villageOf(k.env, 'township1');
  const existing = (await t1.get('/api/grid/outposts'))
    .json()
    .items.find((o: { regionCode: string }) => o.regionCode === village);
  const outpostId =
    existing?.id ??
    (await t1.post('/api/grid/outposts', { regionCode: village, head: '阶梯主任', deputies: [] })).json().id;
  const groups = (
    await k.env
      .ctx()
      .db.selectFrom('regions')
      .select('code')
      .where('parent_code', '=', village)
      .orderBy('code')
      .execute()
  ).map((r) => r.code);
  g = { n: 0, outpostId, groups };
  made.set(k.env, g);
  return g;
}

/** A new informant of the ladder's outpost (a different group every three), with an invitation token. */
export async function ladderInformant(k: Kit): Promise<{ id: string; token: string }> {
  const g = await grid(k);
  const n = ++g.n;
  const first17 = `41122119850101${String(100 + n).slice(-3)}`;
  const t1 = await k.as('township1');
  const res = await t1.post('/api/grid/informants', {
    outpostId: g.outpostId,
    groupCode: g.groups[Math.floor((n - 1) / 3) % g.groups.length],
    name: `阶梯监督员${n}`,
    phone: `1380000${String(1000 + n).slice(-4)}`,
    idNumber: first17 + idCheckCharacter(first17),
    termStart: '2026-01-01',
    termEnd: '2029-12-31',
    trainings: [],
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const inv = await t1.post(`/api/grid/informants/${id}/invitations`);
  expect(inv.statusCode, inv.body).toBe(201);
  return { id, token: inv.json().token as string };
}

/** A signed-in informant's phone (one per environment): its session cookie and CSRF token. */
export async function ladderPhone(k: Kit): Promise<Client> {
  const g = await grid(k);
  if (g.phone) return g.phone;
  const { id, token } = await ladderInformant(k);
  const res = await k.env.anon().post('/api/informant/activation', { token, pin: '135246' });
  expect(res.statusCode, res.body).toBe(200);
  const session = res.cookies.find((c) => c.name === 'qf_informant')!.value;
  g.phone = new Client(k.env.app, `qf_informant=${session}`, res.json().csrfToken as string);
  g.informantId = id;
  return g.phone;
}

/** A task of the ladder's phone informant, marked done there (ready to confirm). */
async function doneTask(k: Kit): Promise<string> {
  const phone = await ladderPhone(k);
  const g = await grid(k);
  const t1 = await k.as('township1');
  const res = await t1.post('/api/grid/tasks', {
    informantId: g.informantId,
    kind: 'villagers_meeting',
    title: '列席村民代表会议',
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  expect((await phone.post(`/api/informant/tasks/${id}/done`, {})).statusCode).toBe(200);
  return id;
}

/** Path parameters of the grid routes for the ladder's `urlOf`. */
export const GRID_PATH_IDS: [RegExp, string, string][] = [
  [/^\/api\/grid\/informants\//, 'id', '00000000-0000-4000-8000-000000000000'],
  [/^\/api\/grid\/tasks\//, 'id', '00000000-0000-4000-8000-000000000000'],
  [/^\/api\/informant\/tasks\//, 'id', '00000000-0000-4000-8000-000000000000'],
];

/** Route → access rule, as in ../ladder.test.ts. */
export const GRID_ROUTES: Record<string, Rule> = {
  'GET /api/grid/outposts': { access: 'grid.read', holder: 'village1', lacker: 'intake' },
  'POST /api/grid/outposts': { access: 'grid.manage', holder: 'township1', lacker: 'village1' },
  'GET /api/grid/informants': { access: 'grid.read', holder: 'township1', lacker: 'intake' },
  'GET /api/grid/informants/export.xlsx': {
    access: 'grid.read',
    holder: 'township1',
    lacker: 'intake',
    contentType: XLSX,
  },
  'POST /api/grid/informants': { access: 'grid.manage', holder: 'township1', lacker: 'village1' },
  'POST /api/grid/informants/{id}/invitations': {
    access: 'grid.manage',
    holder: 'township1',
    lacker: 'village1',
    exercise: async (k) => {
      const { id } = await ladderInformant(k);
      return (await k.as('tstaff1')).post(`/api/grid/informants/${id}/invitations`);
    },
    expect: 201,
  },
  'POST /api/grid/informants/{id}/revocation': {
    access: 'grid.manage',
    holder: 'township1',
    lacker: 'village1',
    exercise: async (k) => {
      const { id } = await ladderInformant(k);
      return (await k.as('township1')).post(`/api/grid/informants/${id}/revocation`);
    },
  },
  'GET /api/grid/reports': { access: 'grid.read', holder: 'township1', lacker: 'intake' },
  'GET /api/grid/tasks': { access: 'grid.read', holder: 'township1', lacker: 'intake' },
  'POST /api/grid/tasks': { access: 'grid.manage', holder: 'township1', lacker: 'village1' },
  'POST /api/grid/tasks/{id}/confirmation': {
    access: 'grid.manage',
    holder: 'township1',
    lacker: 'village1',
    exercise: async (k) => (await k.as('township1')).post(`/api/grid/tasks/${await doneTask(k)}/confirmation`),
  },
  'GET /api/grid/score-rules': { access: 'grid.read', holder: 'village1', lacker: 'intake' },
  'PUT /api/grid/score-rules': { access: 'grid.manage', holder: 'supervisor', lacker: 'village1' },
  'GET /api/grid/rankings': { access: 'grid.read', holder: 'township1', lacker: 'intake' },
  'GET /api/grid/rankings/export.xlsx': {
    access: 'grid.read',
    holder: 'township1',
    lacker: 'intake',
    contentType: XLSX,
  },
  'POST /api/informant/activation': {
    access: 'public',
    exercise: async (k) =>
      k.env.anon().post('/api/informant/activation', { token: (await ladderInformant(k)).token, pin: '864209' }),
  },
  'POST /api/informant/sign-in': {
    access: 'public',
    // No phone bound (no device credential): refused whatever the PIN.
    exercise: (k) => k.env.anon().post('/api/informant/sign-in', { pin: '123456' }),
    expect: 401,
  },
  'POST /api/informant/sign-out': {
    access: 'informant',
    client: ladderPhone,
    exercise: async (k) => {
      const { token } = await ladderInformant(k);
      const res = await k.env.anon().post('/api/informant/activation', { token, pin: '975310' });
      const session = res.cookies.find((c) => c.name === 'qf_informant')!.value;
      return new Client(k.env.app, `qf_informant=${session}`, res.json().csrfToken as string).post(
        '/api/informant/sign-out',
      );
    },
  },
  'GET /api/informant/me': { access: 'informant', client: ladderPhone },
  'GET /api/informant/reports': { access: 'informant', client: ladderPhone },
  'POST /api/informant/reports': { access: 'informant', client: ladderPhone },
  'POST /api/informant/report-photos': {
    access: 'informant',
    client: ladderPhone,
    exercise: async (k) => {
      const phone = await ladderPhone(k);
      const made = await phone.post('/api/informant/reports', {
        subjectName: '阶梯对象',
        subjectRole: 'village_cadre',
        content: '阶梯测试：村务公开栏长期未更新。',
      });
      expect(made.statusCode, made.body).toBe(201);
      return phone.upload(
        '/api/informant/report-photos',
        { number: made.json().number },
        { name: 'a.png', bytes: samplePng() },
      );
    },
    expect: 201,
  },
  'GET /api/informant/tasks': { access: 'informant', client: ladderPhone },
  'POST /api/informant/tasks/{id}/done': { access: 'informant', client: ladderPhone },
};
