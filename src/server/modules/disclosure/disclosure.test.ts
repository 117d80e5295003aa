import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCLOSURE_UPLOAD_HEADERS } from '../../shared/disclosure.codes.js';
import { idCheckCharacter } from '../../shared/id-number.js';
import { unitOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { demoLines } from '../../seed/demo-disclosure.js';

const ID_A = (() => {
  const first17 = '41122119800101123';
  return first17 + idCheckCharacter(first17);
})();

/** A balanced month: 3 lines, private and organisation counterparties. */
function month(period: string, opening = 1_000_000) {
  const lines = [
    {
      voucherNo: '记-001',
      occurredOn: `${period}-03`,
      direction: 'expense',
      counterparty: '张建国',
      partyNumber: ID_A,
      amount: 120_000,
      paymentMethod: 'transfer',
      account: '6228480012345678',
      purpose: '修路材料',
      category: '公益事业支出',
      approvalPath: '四议两公开',
      approvers: '王书记、李主任',
    },
    {
      voucherNo: '记-002',
      occurredOn: `${period}-10`,
      direction: 'income',
      counterparty: '县农业农村局',
      amount: 500_000,
      paymentMethod: 'transfer',
      purpose: '上级转移支付',
      category: '补助收入',
    },
    {
      voucherNo: '记-003',
      occurredOn: `${period}-20`,
      direction: 'expense',
      counterparty: '李秀英',
      amount: 30_000,
      paymentMethod: 'cash',
      purpose: '保洁工资',
      category: '管理费用',
    },
  ];
  return {
    regionCode: '',
    kind: 'finance',
    period,
    openingBalance: opening,
    closingBalance: opening + 500_000 - 150_000,
    lines,
  };
}

async function workbook(
  rows: (string | number | null | { formula: string; result: number })[][],
  merge?: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('收支明细');
  for (const r of rows) ws.addRow(r);
  if (merge) ws.mergeCells(merge);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(testDialects())('village finance disclosure on $name', ({ name }) => {
  let env: TestEnv;
  let village: string;
  let clerk: Client;
  let committee: Client;
  const batches = async () =>
    Number(
      (
        await env
          .ctx()
          .db.selectFrom('disclosure_batches')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    env = await startTestEnv(name);
    const unit = await unitOf(env, 'vclerk1');
    village = (
      await env.ctx().db.selectFrom('units').select('region_code').where('id', '=', unit).executeTakeFirstOrThrow()
    ).region_code;
    clerk = await env.as('vclerk1');
    committee = await env.as('village1');
  });
  afterAll(async () => env?.close());

  const publish = async (body: unknown) => {
    const made = await clerk.post('/api/disclosure/batches', body);
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    expect((await clerk.post(`/api/disclosure/batches/${id}/submission`, {})).statusCode).toBe(200);
    const signed = await committee.post(`/api/disclosure/batches/${id}/signature`, { opinion: '经审核，同意公开' });
    expect(signed.statusCode, signed.body).toBe(200);
    return id;
  };

  it('rejects a bad month with its rows (voucher gap, date outside the month, unbalanced) and stores nothing', async () => {
    const before = await batches();
    const bad = month('2026-09');
    bad.regionCode = village;
    bad.lines[1]!.voucherNo = '记-004';
    bad.lines[2]!.occurredOn = '2026-10-02';
    bad.closingBalance = 1;
    const res = await clerk.post('/api/disclosure/batches', bad);
    expect(res.statusCode, res.body).toBe(422);
    const err = res.json().error;
    expect(err.code).toBe('DISCLOSURE_LINES_REJECTED');
    const rows = err.details.rows as { row: number | null; field: string; reason: string }[];
    expect(rows).toContainEqual(expect.objectContaining({ row: 3, field: '日期' }));
    // The gap is reported at the voucher after it (记-003, row 3).
    expect(rows.find((r) => r.reason.includes('缺少 记-002'))?.row).toBe(3);
    expect(rows.find((r) => r.field === '期末余额')?.reason).toContain('收支与余额不符');
    expect(await batches()).toBe(before);
  });

  it('publishes a signed month, masked on the public page, with the signer and time recorded', async () => {
    const body = month('2026-09');
    body.regionCode = village;
    const id = await publish(body);
    const row = await env
      .ctx()
      .db.selectFrom('disclosure_batches')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
    expect(row.signed_by_name).toBeTruthy();
    expect(row.published_at).toBeTruthy();
    const line = await env
      .ctx()
      .db.selectFrom('disclosure_lines')
      .selectAll()
      .where('batch_id', '=', id)
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    // Nothing personal in clear in the database: hashed and sealed.
    expect(JSON.stringify(line)).not.toContain(ID_A);
    expect(JSON.stringify(line)).not.toContain('张建国');
    expect(JSON.stringify(line)).not.toContain('6228480012345678');
    expect(line.party_number_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(env.ctx().keyring.openText(line.party_number_enc!, `disclosure_lines.party_number_enc:${line.id}`)).toBe(
      ID_A,
    );

    const index = await env.anon().get(`/api/public/villages/${village}/disclosure`);
    expect(index.statusCode, index.body).toBe(200);
    expect(index.json().publications[0]).toMatchObject({
      period: '2026-09',
      label: '2026年9月',
      incomeTotal: 500_000,
      expenseTotal: 150_000,
      correctedAt: null,
    });
    const page = await env.anon().get(`/api/public/villages/${village}/disclosure/finance/2026-09`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).not.toContain(ID_A);
    expect(page.body).not.toContain('张建国');
    expect(page.body).not.toContain('李秀英');
    expect(page.body).not.toContain('6228480012345678');
    const lines = page.json().lines;
    expect(lines[0]).toMatchObject({
      counterparty: '张*国',
      partyNumber: `4112********${ID_A.slice(-4)}`,
      account: '****5678',
      amount: 120_000,
      purpose: '修路材料',
    });
    expect(lines[1].counterparty).toBe('县农业农村局');
    expect(lines[2].counterparty).toBe('李*英');
  });

  it('refuses a month already published; a correction is a new version and the old one stays reproducible', async () => {
    const again = month('2026-09');
    again.regionCode = village;
    const refused = await clerk.post('/api/disclosure/batches', again);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe('DISCLOSURE_ALREADY_PUBLISHED');
    const v1 = await env
      .ctx()
      .db.selectFrom('disclosure_batches')
      .select(['id', 'published_at'])
      .where('region_code', '=', village)
      .where('period', '=', '2026-09')
      .executeTakeFirstOrThrow();
    env.clock.advance(60_000);
    const fixed = { ...again, correctionReason: '第 3 笔金额抄错', closingBalance: again.closingBalance - 1_000 };
    fixed.lines = again.lines.map((l, i) => (i === 2 ? { ...l, amount: 31_000 } : l));
    await publish(fixed);
    const versions = await env
      .ctx()
      .db.selectFrom('disclosure_batches')
      .select(['version', 'status', 'superseded_at', 'correction_reason'])
      .where('region_code', '=', village)
      .where('period', '=', '2026-09')
      .orderBy('version')
      .execute();
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'published'],
    ]);
    const now = await env.anon().get(`/api/public/villages/${village}/disclosure/finance/2026-09`);
    expect(now.json()).toMatchObject({ version: 2, current: true, correctionReason: '第 3 笔金额抄错' });
    expect(now.json().correctedAt).toBeTruthy();
    expect(now.json().lines.map((l: { change: string | null }) => l.change)).toEqual([null, null, 'changed']);
    expect(now.json().history).toHaveLength(2);
    const then = await env
      .anon()
      .get(`/api/public/villages/${village}/disclosure/finance/2026-09?asOf=${encodeURIComponent(v1.published_at!)}`);
    expect(then.json()).toMatchObject({ version: 1, current: false });
    expect(then.json().lines[2].amount).toBe(30_000);
    const staff = await committee.get(
      `/api/disclosure/batches?asOf=${encodeURIComponent(v1.published_at!)}&period=2026-09`,
    );
    expect(staff.json().items.map((b: { version: number }) => b.version)).toEqual([1]);
  });

  it('takes reports about a line of the version public now only', async () => {
    const page = (await env.anon().get(`/api/public/villages/${village}/disclosure/finance/2026-09`)).json();
    const body = (id: string) => ({
      regionCode: village,
      named: false,
      subject: { name: '王某某', position: '村委会主任' },
      content: '这笔保洁工资没有人干活。',
      about: { kind: 'disclosure_line', id },
    });
    const ok = await env.anon().post('/api/public/reports', body(page.lines[2].id));
    expect(ok.statusCode, ok.body).toBe(201);
    const stored = await env
      .ctx()
      .db.selectFrom('reports')
      .select(['about_kind', 'details'])
      .where('about_id', '=', page.lines[2].id)
      .executeTakeFirstOrThrow();
    expect(stored.about_kind).toBe('disclosure_line');
    expect(String(stored.details)).toContain('2026年9月 记-003 支付 李*英 310.00元 保洁工资');
    const old = await env
      .anon()
      .get(`/api/public/villages/${village}/disclosure/finance/2026-09?asOf=2026-11-20T02:00:00.000Z`);
    const stale = await env.anon().post('/api/public/reports', body(old.json().lines[2].id));
    expect(stale.statusCode).toBe(400);
    expect(stale.json().error.code).toBe('REPORT_ABOUT_UNKNOWN');
  });

  it('reads uploads: wrong headers, merged cells, formulas and non-numeric amounts are refused in words', async () => {
    const before = await batches();
    const upload = (file: Buffer, period = '2026-10', extra: Record<string, string> = {}) =>
      clerk.upload(
        '/api/disclosure/imports',
        { regionCode: village, period, closingBalance: '1000', ...extra },
        { name: 'm.xlsx', bytes: file },
      );
    const header = [...DISCLOSURE_UPLOAD_HEADERS];
    const line = (no: string, amount: number | string | { formula: string; result: number }) => [
      no,
      '2026-10-05',
      '支出',
      '张建国',
      ID_A,
      amount,
      '现金',
      null,
      '修路',
      '公益',
      '四议两公开',
      '王书记',
    ];
    const cases: [Buffer, RegExp][] = [
      [await workbook([['凭证', ...header.slice(1)], line('记-001', 10)]), /表头/],
      [await workbook([header, line('记-001', 10), line('记-002', 10)], 'D2:D3'), /合并单元格/],
      [await workbook([header, line('记-001', { formula: '5+5', result: 10 })]), /公式/],
      [await workbook([header, line('记-001', '十元')]), /不是数字/],
    ];
    for (const [file, reason] of cases) {
      const res = await upload(file);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.code).toBe('IMPORT_REJECTED');
      expect(JSON.stringify(res.json().error.details.rows)).toMatch(reason);
    }
    const month9 = await upload(await workbook([header, line('记-001', 10)]), '2026-09');
    expect(month9.json().error.code).toBe('DISCLOSURE_ALREADY_PUBLISHED');
    expect(await batches()).toBe(before);
    // Opening = September's published closing (1,349,000); 10 yuan spent.
    const good = await upload(await workbook([header, line('记-001', 10)]), '2026-10', {
      closingBalance: String(1_349_000 - 1_000),
    });
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json()).toMatchObject({ lineCount: 1, expenseTotal: 1_000 });
  });

  it('keeps the steps to their holders and the records to their scope', async () => {
    const draft = (await committee.get(`/api/disclosure/batches?status=draft&regionCode=${village}`)).json().items[0];
    expect(draft).toBeTruthy();
    const signByClerk = await clerk.post(`/api/disclosure/batches/${draft.id}/signature`, { opinion: '同意' });
    expect(signByClerk.statusCode).toBe(403);
    const notSubmitted = await committee.post(`/api/disclosure/batches/${draft.id}/signature`, { opinion: '同意' });
    expect(notSubmitted.json().error.code).toBe('DISCLOSURE_STATE');
    const other = await env.as('township2');
    expect((await other.get(`/api/disclosure/batches/${draft.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/disclosure/batches?regionCode=${village}`)).json().total).toBe(0);
    const township = await env.as('township1');
    expect((await township.get(`/api/disclosure/batches/${draft.id}`)).statusCode).toBe(200);
    expect((await env.anon().get(`/api/disclosure/batches/${draft.id}`)).statusCode).toBe(401);
    // A draft is not public.
    expect((await env.anon().get(`/api/public/villages/${village}/disclosure/finance/2026-10`)).statusCode).toBe(404);
  });

  it('shows the township its overdue villages and clears the one that published', async () => {
    const township = await env.as('township1');
    const cal = (await township.get('/api/disclosure/calendar')).json().items as {
      regionCode: string;
      overdue: boolean;
      duePeriod: string;
    }[];
    expect(cal.length).toBeGreaterThan(1);
    // 2026-11-20: October was due by 2026-11-10; the demo village has only September published.
    expect(cal.find((c) => c.regionCode === village)).toMatchObject({ duePeriod: '2026-10', overdue: true });
    const draft = (await clerk.get(`/api/disclosure/batches?status=draft&regionCode=${village}`)).json().items[0];
    await clerk.post(`/api/disclosure/batches/${draft.id}/submission`, {});
    await committee.post(`/api/disclosure/batches/${draft.id}/signature`, { opinion: '同意' });
    const after = (await township.get('/api/disclosure/calendar?overdueOnly=true')).json().items as {
      regionCode: string;
      financeOverdue: boolean;
      generalOverdue: boolean;
    }[];
    // Its finances are on time now; it stays listed only for its general items (none published here).
    expect(after.find((c) => c.regionCode === village)).toMatchObject({ financeOverdue: false, generalOverdue: true });
    const wb = (await township.get('/api/workbench')).json();
    expect(JSON.stringify(wb)).toContain('村务公开逾期');
  });

  it('replaces a draft by a new upload, but not a version waiting for the committee', async () => {
    const body = month('2026-08');
    body.regionCode = village;
    const first = await clerk.post('/api/disclosure/batches', body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await clerk.post('/api/disclosure/batches', {
      ...body,
      lines: body.lines.slice(0, 2),
      closingBalance: body.openingBalance + 500_000 - 120_000,
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ version: 1, lineCount: 2 });
    const rows = await env
      .ctx()
      .db.selectFrom('disclosure_batches')
      .select('id')
      .where('region_code', '=', village)
      .where('period', '=', '2026-08')
      .execute();
    expect(rows.map((r) => r.id)).toEqual([again.json().id]);
    expect(
      await env.ctx().db.selectFrom('disclosure_lines').select('id').where('batch_id', '=', first.json().id).execute(),
    ).toEqual([]);
    await clerk.post(`/api/disclosure/batches/${again.json().id}/submission`, {});
    const waiting = await clerk.post('/api/disclosure/batches', body);
    expect(waiting.statusCode).toBe(409);
    expect(waiting.json().error.code).toBe('DISCLOSURE_OPEN_VERSION');
    const returned = await committee.post(`/api/disclosure/batches/${again.json().id}/return`, {
      reason: '缺少第 3 笔',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    const fixed = await clerk.post('/api/disclosure/batches', body);
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(fixed.json()).toMatchObject({ version: 1, lineCount: 3 });
  });

  it('publishes a major matter with its decision record, and refuses one without it', async () => {
    const bare = await clerk.post('/api/disclosure/batches', {
      regionCode: village,
      kind: 'major_matter',
      title: '村集体鱼塘发包',
      lines: [],
    });
    expect(bare.statusCode).toBe(422);
    expect(JSON.stringify(bare.json().error.details.rows)).toContain('决策记录');
    const id = await publish({
      regionCode: village,
      kind: 'major_matter',
      title: '村集体鱼塘发包',
      decisionRecord: '2026年11月5日村民代表会议，应到35人，实到31人，29人同意，通过公开竞价发包。',
      lines: [],
    });
    const index = (await env.anon().get(`/api/public/villages/${village}/disclosure`)).json();
    const matter = index.publications.find((p: { kind: string }) => p.kind === 'major_matter');
    expect(matter).toMatchObject({ label: '村集体鱼塘发包', lineCount: 0 });
    const page = await env.anon().get(`/api/public/villages/${village}/disclosure/major_matter/${matter.period}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().decisionRecord).toContain('29人同意');
    expect(
      (
        await env
          .ctx()
          .db.selectFrom('disclosure_batches')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('published');
  });

  it('builds the demo months the first start shows', () => {
    const lines = demoLines('2026-10');
    expect(new Set(lines.map((l) => l.voucherNo)).size).toBe(lines.length);
  });
});
