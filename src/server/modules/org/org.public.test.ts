import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { villageOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

/** GET /api/public/regions/:code: the phone pages name the place behind a QR code, and nothing more. */
describe.each(testDialects())('the public place of a QR code on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => {
    await env?.close();
  });

  const regionNamed = (code: string) =>
    env
      .ctx()
      .db.selectFrom('regions')
      .select(['name', 'parent_code'])
      .where('code', '=', code)
      .executeTakeFirstOrThrow();

  it('names the county, township and village of a village code, without an account', async () => {
    const code = await villageOf(env, 'township1');
    const village = await regionNamed(code);
    const township = await regionNamed(village.parent_code!);
    const county = await regionNamed(township.parent_code!);
    const res = await env.anon().get(`/api/public/regions/${code}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      places: [
        { code: village.parent_code!.slice(0, 6) + '000000', level: 'county', name: county.name },
        { code: village.parent_code, level: 'township', name: township.name },
        { code, level: 'village', name: village.name },
      ],
    });
  });

  it('goes down to the villager group of a 15-digit code', async () => {
    const group = await env
      .ctx()
      .db.selectFrom('regions')
      .select(['code', 'name'])
      .where('level', '=', 'villager_group')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const res = await env.anon().get(`/api/public/regions/${group.code}`);
    expect(res.statusCode, res.body).toBe(200);
    const places = res.json().places as { level: string; name: string }[];
    expect(places.map((p) => p.level)).toEqual(['county', 'township', 'village', 'villager_group']);
    expect(places.at(-1)!.name).toBe(group.name);
  });

  it('answers 404 for a code not in the tree and 400 for a malformed one', async () => {
    const missing = await env.anon().get('/api/public/regions/419999999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const bad = await env.anon().get('/api/public/regions/4112');
    expect(bad.statusCode).toBe(400);
  });
});
