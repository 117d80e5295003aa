import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctxAs } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { readXlsx } from '../../test/xlsx.js';
import { exportRecommendations } from './index.js';

/**
 * The recommendations list's Excel export (issue 15 §4): exactly what the list's filters select
 * for the reader, read back from the file; scoped (another township's commission gets none of
 * these); audited naming every recommendation; capped with a 400 in words.
 */
describe.each(testDialects())('recommendations export on $name', ({ name }) => {
  let env: TestEnv;
  const c: Record<string, Client> = {};
  const units: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    for (const u of ['township1', 'township2', 'intake']) c[u] = await env.as(u);
    for (const u of await env.ctx().db.selectFrom('users').select(['username', 'unit_id']).execute())
      units[u.username] = u.unit_id ?? '';
  });
  afterAll(async () => env?.close());

  async function draft(kind: string, subject: string): Promise<string> {
    const res = await c.township1!.post('/api/recommendations', {
      kind,
      subject,
      recipientUnitId: units.vcadre1,
      recipientPrincipal: '王村长',
      situation: '专项检查中抽查该村集体资金支出凭证。',
      problems: '大额支出未经村民代表会议决议。',
      requirements: '建立集体资金大额支出民主决策台账。',
      deadline: '2026-12-31',
      reportBack: '整改完成后书面报告。',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  it('exports the filtered list as Excel, scoped, audited and capped', async () => {
    const a = await draft('supervision', '关于规范村集体资金管理的监察建议（导出）');
    const b = await draft('discipline', '关于落实村务公开制度的纪律检查建议（导出）');
    const res = await c.township1!.get('/api/recommendations/export.xlsx?kind=supervision&status=draft');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('建议书列表.xlsx'));
    const sheet = await readXlsx(res.rawPayload);
    expect(sheet.header.slice(0, 8)).toEqual([
      '文号',
      '种类',
      '事由',
      '制发机关',
      '主送单位',
      '主送单位负责人',
      '来源',
      '状态',
    ]);
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.rows[0]!.slice(1, 3)).toEqual(['监察建议书', '关于规范村集体资金管理的监察建议（导出）']);
    expect(sheet.rows[0]![5]).toBe('王村长');
    expect(sheet.rows[0]![7]).toBe('草稿');
    // No filter: both, in the list's order.
    const all = await readXlsx((await c.township1!.get('/api/recommendations/export.xlsx')).rawPayload);
    const list = (await c.township1!.get('/api/recommendations?pageSize=100')).json<{ items: { subject: string }[] }>();
    expect(all.rows.map((r) => r[2])).toEqual(list.items.map((i) => i.subject));
    expect(all.rows.map((r) => r[2])).toEqual(
      expect.arrayContaining([
        '关于规范村集体资金管理的监察建议（导出）',
        '关于落实村务公开制度的纪律检查建议（导出）',
      ]),
    );
    // Another township's commission gets none of them.
    const other = await c.township2!.get('/api/recommendations/export.xlsx');
    expect(other.statusCode).toBe(200);
    expect((await readXlsx(other.rawPayload)).rows.filter((r) => r[2]!.includes('（导出）'))).toEqual([]);
    // Audited with every recommendation named.
    const events = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('changes')
      .where('action', '=', 'rectification.recommendation_export')
      .execute();
    expect(events.some((e) => String(e.changes).includes(a) && !String(e.changes).includes(b))).toBe(true);
    // Bad filters 400; no permission 403; past the cap a 400 in words, nothing audited.
    expect((await c.township1!.get('/api/recommendations/export.xlsx?kind=nonsense')).statusCode).toBe(400);
    expect((await c.intake!.get('/api/recommendations/export.xlsx')).statusCode).toBe(403);
    const ctx = await ctxAs(env, 'township1');
    await expect(exportRecommendations(ctx, {}, 1)).rejects.toMatchObject({
      code: 'RECOMMENDATION_EXPORT_TOO_LARGE',
      message: '导出的建议书超过 10000 份，请缩小筛选范围',
      details: { max: 1 },
    });
    const after = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'rectification.recommendation_export')
      .execute();
    expect(after).toHaveLength(events.length);
  });
});
