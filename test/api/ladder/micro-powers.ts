/** The access ladder's rules of the small-powers list and its uses (小微权力清单): merged into the ladder's table. */
import { makeVillageClerk } from '../../../src/server/test/micro-power-factories.js';
import { type Kit, type Rule, XLSX } from './rules.js';

const CLERK = 'ladder_mp_clerk';
let clerkVillage: Promise<string> | null = null;

/** A village clerk (made once per run) and its village's code. */
function clerk(k: Kit): Promise<string> {
  clerkVillage ??= makeVillageClerk(k.env, CLERK, '阶梯测试村务专干').then((c) => c.regionCode);
  return clerkVillage;
}

/** An item version of the county list (the default skeleton loaded when the county has none). */
async function ladderItem(k: Kit): Promise<string> {
  const sup = await k.as('supervisor');
  let list = (await sup.get('/api/micro-power-items?pageSize=1')).json<{ items: { id: string }[] }>();
  if (list.items.length === 0) {
    await sup.post('/api/micro-power-items/skeleton', {});
    list = (await sup.get('/api/micro-power-items?pageSize=1')).json();
  }
  return list.items[0]!.id;
}

/** A fresh use recorded by the ladder's clerk. */
async function ladderUse(k: Kit): Promise<string> {
  const villageCode = await clerk(k);
  const itemId = await ladderItem(k);
  const res = await (
    await k.as(CLERK)
  ).post('/api/micro-power-uses', {
    itemId,
    villageCode,
    title: '阶梯测试的权力运行',
    startedOn: '2026-11-19',
  });
  return res.json<{ id: string }>().id;
}

/** Route → access rule, as in ../ladder.test.ts. */
export const MICRO_POWER_ROUTES: Record<string, Rule> = {
  'GET /api/micro-power-items': { access: 'micro_power.read', holder: 'tstaff1', lacker: 'intake' },
  'GET /api/micro-power-items/export.xlsx': {
    access: 'micro_power.read',
    holder: 'village1',
    lacker: 'intake',
    contentType: XLSX,
  },
  'POST /api/micro-power-items': { access: 'micro_power.configure', holder: 'supervisor', lacker: 'village1' },
  'POST /api/micro-power-items/skeleton': { access: 'micro_power.configure', holder: 'supervisor', lacker: 'village1' },
  'GET /api/micro-power-items/{id}': {
    access: 'micro_power.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('tstaff1')).get(`/api/micro-power-items/${await ladderItem(k)}`),
    expect: 200,
  },
  'POST /api/micro-power-items/{id}/revision': {
    access: 'micro_power.configure',
    holder: 'supervisor',
    lacker: 'village1',
  },
  'POST /api/micro-power-items/{id}/retirement': {
    access: 'micro_power.configure',
    holder: 'supervisor',
    lacker: 'village1',
  },
  'GET /api/micro-power-uses': { access: 'micro_power.read', holder: 'township1', lacker: 'intake' },
  'GET /api/micro-power-uses/export.xlsx': {
    access: 'micro_power.read',
    holder: 'township1',
    lacker: 'intake',
    contentType: XLSX,
  },
  'GET /api/micro-power-uses/villages': {
    access: 'micro_power.read',
    lacker: 'intake',
    exercise: async (k) => {
      const village = await clerk(k);
      const res = await (await k.as(CLERK)).get('/api/micro-power-uses/villages');
      if (res.json<{ items: { code: string }[] }>().items[0]?.code !== village) throw new Error(res.body);
      return res;
    },
    expect: 200,
  },
  'POST /api/micro-power-uses': {
    access: 'micro_power.record',
    lacker: 'tstaff1',
    exercise: async (k) => {
      await clerk(k);
      return (await k.as(CLERK)).post('/api/micro-power-uses', { surelyNotAField: true });
    },
    expect: 400,
  },
  'GET /api/micro-power-uses/{id}': {
    access: 'micro_power.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('village1')).get(`/api/micro-power-uses/${await ladderUse(k)}`),
    expect: 200,
  },
  'POST /api/micro-power-uses/{id}/steps': {
    access: 'micro_power.record',
    lacker: 'village1',
    exercise: async (k) =>
      (await k.as(CLERK)).post(`/api/micro-power-uses/${await ladderUse(k)}/steps`, {
        seq: 1,
        doneOn: '2026-11-19',
        actor: '村党组织',
        documents: ['提议记录'],
        version: 1,
      }),
    expect: 200,
  },
  'POST /api/micro-power-uses/{id}/closure': {
    access: 'micro_power.record',
    lacker: 'township1',
    exercise: async (k) =>
      (await k.as(CLERK)).post(`/api/micro-power-uses/${await ladderUse(k)}/closure`, {
        closedOn: '2026-11-20',
        version: 1,
      }),
    expect: 200,
  },
  'GET /api/public/micro-powers/{code}': {
    access: 'public',
    exercise: async (k) => k.env.anon().get(`/api/public/micro-powers/${await clerk(k)}`),
    expect: 200,
  },
};
