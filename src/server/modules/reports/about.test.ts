import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { villageOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { registerReportAbout } from './index.js';

// A kind registered by this test only (the real kinds are the village modules' own): one record
// is "published", any other id is not.
const PUBLISHED = '0b9e7a51-3c54-4f0e-9a34-6a1f0c2d9e11';
const WITHDRAWN = '6f1d2c3b-4a59-4e68-8b7a-9c0d1e2f3a4b';
registerReportAbout('about_test_line', async (_ctx, id) =>
  id === PUBLISHED
    ? { label: '2026年11月 凭证 记-012 支付 张*三 1,200.00元 修路材料', regionCode: '411221100201' }
    : null,
);

describe.each(testDialects())('a public report about a published record on $name', ({ name }) => {
  let env: TestEnv;
  let village: string;
  const body = (about?: unknown) => ({
    regionCode: village,
    named: false,
    subject: { name: '王某某', position: '村委会主任' },
    content: '这笔修路材料款没有见到材料进村。',
    ...(about === undefined ? {} : { about }),
  });
  const reportCount = async () =>
    Number(
      (
        await env
          .ctx()
          .db.selectFrom('reports')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    env = await startTestEnv(name);
    village = await villageOf(env, 'township1');
  });
  afterAll(async () => env?.close());

  it('keeps the record as the villager saw it and shows it to the officer', async () => {
    const res = await env.anon().post('/api/public/reports', body({ kind: 'about_test_line', id: PUBLISHED }));
    expect(res.statusCode, res.body).toBe(201);
    const row = await env
      .ctx()
      .db.selectFrom('reports')
      .select(['id', 'about_kind', 'about_id', 'details'])
      .where('about_id', '=', PUBLISHED)
      .executeTakeFirstOrThrow();
    expect(row.about_kind).toBe('about_test_line');
    const township = await env.as('township1');
    const detail = await township.get(`/api/reports/${row.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().details.about).toMatchObject({
      kind: 'about_test_line',
      id: PUBLISHED,
      label: '2026年11月 凭证 记-012 支付 张*三 1,200.00元 修路材料',
    });
  });

  it('refuses a record that is not published, or of a kind nobody registered, and stores nothing', async () => {
    const before = await reportCount();
    for (const about of [
      { kind: 'about_test_line', id: WITHDRAWN },
      { kind: 'no_such_kind', id: PUBLISHED },
    ]) {
      const res = await env.anon().post('/api/public/reports', body(about));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('REPORT_ABOUT_UNKNOWN');
    }
    const malformed = await env.anon().post('/api/public/reports', body({ kind: 'X-Y', id: 'not-an-id' }));
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
    expect(await reportCount()).toBe(before);
  });
});
