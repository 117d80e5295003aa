import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../app.js';
import { idCheckCharacter } from '../../shared/id-number.js';
import {
  ITEM_UPLOAD_HEADERS,
  ROSTER_UPLOAD_HEADERS,
  SUBSIDY_LOOKUP_STATEMENT,
} from '../../shared/qr-supervision.codes.js';
import { unitOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

const idOf = (first17: string) => first17 + idCheckCharacter(first17);
const ID_A = idOf('41122119800101123');
const ID_B = idOf('41122119900202456');
/** A valid number nobody's roster holds. */
const ID_STRANGER = idOf('41122119750303789');
/** ID_A with its check character changed. */
const ID_BAD = ID_A.slice(0, 17) + (ID_A[17] === '1' ? '2' : '1');

type Cell = string | number | null | { formula: string; result: number };

/** A roster workbook: the header row then `rows`. */
export async function rosterFile(rows: Cell[][], merge?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('发放名册');
  ws.addRow([...ROSTER_UPLOAD_HEADERS]);
  for (const r of rows) ws.addRow(r);
  if (merge) ws.mergeCells(merge);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const line = (name: string, id: string, amount: Cell = 1200.5): Cell[] => [
  name,
  id,
  name,
  '6228480012345678',
  name,
  amount,
  '2026-10-15',
  '王局长',
];

describe.each(testDialects())('QR supervision on $name', ({ name }) => {
  let env: TestEnv;
  let dept: Client;
  let village: string;
  const logs: string[] = [];

  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => logs.push(c.toString('utf8')));
    env = await startTestEnv(name, { logStream: stream });
    dept = await env.as('dept1');
    const unit = await unitOf(env, 'village1');
    village = (
      await env.ctx().db.selectFrom('units').select('region_code').where('id', '=', unit).executeTakeFirstOrThrow()
    ).region_code;
  });
  afterAll(async () => env?.close());

  const itemBody = (over: Record<string, unknown> = {}) => ({
    kind: 'fund',
    title: '2026年农村道路硬化资金',
    year: 2026,
    summary: '用于村组道路硬化',
    budget: 50_000_000,
    contactPhone: '0391-1234567',
    allocations: [{ regionCode: village, amount: 12_000_000, note: '村北道路 1.2 公里' }],
    ...over,
  });

  it('a department publishes an item for a village; the village page and its QR code show it; withdrawn, it is gone', async () => {
    const created = await dept.post('/api/qr-items', itemBody());
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    // A draft is the department's: the township does not see it yet, the county commission does.
    expect((await (await env.as('township1')).get(`/api/qr-items/${id}`)).statusCode).toBe(404);
    expect((await (await env.as('leader')).get(`/api/qr-items/${id}`)).statusCode).toBe(200);
    // Not public while a draft.
    expect((await env.anon().get(`/api/public/qr-items/${id}`)).statusCode).toBe(404);
    const card = (await dept.get('/api/workbench')).json();
    expect(JSON.stringify(card)).toContain('未公开的立码监督事项');
    const pub = await dept.post(`/api/qr-items/${id}/publication`, {});
    expect(pub.statusCode, pub.body).toBe(200);
    expect((await dept.post(`/api/qr-items/${id}/publication`, {})).json().error.code).toBe('QR_ITEM_STATE');
    const list = await env.anon().get(`/api/public/villages/${village}/qr-items`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(id);
    const mine = list.json().items.find((i: { id: string }) => i.id === id);
    expect(mine.villageAmount).toBe(12_000_000);
    expect(mine.departmentName).toBe('县农业农村局');
    const page = await env.anon().get(`/api/public/qr-items/${id}`);
    expect(page.json().allocations[0].regionCode).toBe(village);
    const png = await dept.get(`/api/qr-items/${id}/qr.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    // The county's readers (a township in that county) read it; the item is the department's.
    const township = await env.as('township1');
    expect((await township.get(`/api/qr-items/${id}`)).json().canManage).toBe(false);
    expect((await township.put(`/api/qr-items/${id}`, itemBody())).statusCode).toBe(403);
    // An allocation outside the county's villages is refused in words.
    const far = await dept.post('/api/qr-items', itemBody({ allocations: [{ regionCode: '110101001001' }] }));
    expect(far.json().error.code).toBe('QR_NOT_VILLAGE');
    // A report about the item.
    const report = await env.anon().post('/api/public/reports', {
      regionCode: village,
      named: false,
      subject: { name: '李某' },
      content: '这条资金我们村没有用在道路上，道路至今没有硬化。',
      about: { kind: 'qr_item', id },
    });
    expect(report.statusCode, report.body).toBe(201);
    const withdraw = await dept.post(`/api/qr-items/${id}/withdrawal`, {});
    expect(withdraw.json().status).toBe('withdrawn');
    expect((await env.anon().get(`/api/public/qr-items/${id}`)).statusCode).toBe(404);
    const again = await env.anon().post('/api/public/reports', {
      regionCode: village,
      named: false,
      subject: { name: '李某' },
      content: '这条资金我们村没有用在道路上，道路至今没有硬化。',
      about: { kind: 'qr_item', id },
    });
    expect(again.json().error.code).toBe('REPORT_ABOUT_UNKNOWN');
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'qr_supervision.item_create',
        'qr_supervision.item_publish',
        'qr_supervision.item_withdraw',
      ]),
    );
  });

  it('imports items from Excel: one row per item and village; a bad row refuses the file', async () => {
    const file = async (rows: Cell[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('事项');
      ws.addRow([...ITEM_UPLOAD_HEADERS]);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const other = (
      await env
        .ctx()
        .db.selectFrom('regions')
        .select('code')
        .where('level', '=', 'village')
        .where('code', '!=', village)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const row = (kind: string, title: string, code: string, amount: Cell): Cell[] => [
      kind,
      title,
      2026,
      '内容',
      null,
      null,
      null,
      100000,
      null,
      null,
      null,
      null,
      code,
      amount,
    ];
    const bad = await dept.upload(
      '/api/qr-items/imports',
      {},
      {
        name: 'items.xlsx',
        bytes: await file([
          row('资金', '道路资金', village, 500),
          row('补贴', '某补贴', village, null),
          row('资金', '道路资金', '110101001001', 'abc'),
        ]),
      },
    );
    expect(bad.statusCode, bad.body).toBe(422);
    const reasons = bad.json().error.details.rows as { row: number; field: string }[];
    expect(reasons.map((r) => `${r.row}:${r.field}`)).toEqual(['3:类别', '4:分配到村金额（元）']);
    const before = Number(
      (
        await env
          .ctx()
          .db.selectFrom('qr_items')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const good = await dept.upload(
      '/api/qr-items/imports',
      {},
      {
        name: 'items.xlsx',
        bytes: await file([
          row('资金', '道路资金', village, 500),
          row('资金', '道路资金', other, 300.5),
          row('项目', '桥梁', village, null),
        ]),
      },
    );
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json().ids).toHaveLength(2);
    const made = (await dept.get(`/api/qr-items/${good.json().ids[0]}`)).json();
    expect(made).toMatchObject({ kind: 'fund', title: '道路资金', status: 'draft', budget: 10_000_000 });
    expect(made.allocations.map((a: { amount: number }) => a.amount).sort()).toEqual([30_050, 50_000]);
    const after = Number(
      (
        await env
          .ctx()
          .db.selectFrom('qr_items')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after - before).toBe(2);
  });

  const upload = (file: Buffer, title = '2026年耕地地力保护补贴') =>
    dept.upload('/api/subsidy-rosters/imports', { title, year: '2026' }, { name: 'roster.xlsx', bytes: file });

  it('imports a roster row by row: bad ID numbers, formulas and merged cells refused per row, nothing stored; fixed, stored hashed and sealed', async () => {
    const bad = await upload(
      await rosterFile([
        line('张建国', ID_A),
        line('李秀英', ID_BAD),
        line('王小明', ID_B, { formula: '100+20', result: 120 }),
        line('赵四', '41122119801301123X'),
      ]),
    );
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.json().error.code).toBe('IMPORT_REJECTED');
    const rows = bad.json().error.details.rows as { row: number; field: string; reason: string }[];
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, field: '身份证号码', reason: expect.stringContaining('校验位') }),
        expect.objectContaining({ row: 4, reason: expect.stringContaining('公式') }),
        expect.objectContaining({ row: 5, reason: expect.stringContaining('出生日期') }),
      ]),
    );
    const merged = await upload(await rosterFile([line('张建国', ID_A), line('李秀英', ID_B)], 'C2:C3'));
    expect(merged.json().error.details.rows[0].reason).toContain('合并单元格');
    const count = async () =>
      Number(
        (
          await env
            .ctx()
            .db.selectFrom('subsidy_lines')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(0);
    const workbench = JSON.stringify((await dept.get('/api/workbench')).json());
    expect(workbench).toContain('被拒绝的补贴名册');
    const good = await upload(await rosterFile([line('张建国', ID_A), line('王小明', ID_B, 80)]));
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json()).toMatchObject({ status: 'accepted', lineCount: 2, totalAmount: 120_050 + 8_000 });
    expect(await count()).toBe(2);
    const stored = await env.ctx().db.selectFrom('subsidy_lines').selectAll().execute();
    for (const l of stored) {
      const text = JSON.stringify(l);
      expect(text).not.toContain(ID_A);
      expect(text).not.toContain(ID_B);
      expect(text).not.toContain('6228480012345678');
      expect(text).not.toContain('张建国');
    }
    // The roster's page masks; the rejected import no longer shows on the workbench.
    const detail = (await dept.get(`/api/subsidy-rosters/${good.json().id}`)).json();
    expect(detail.lines[0].idNumber).toMatch(/^4112\*{8}/);
    expect(detail.lines[0].name).toBe('张*国');
    expect(JSON.stringify((await dept.get('/api/workbench')).json())).not.toContain('被拒绝的补贴名册');
    const list = (await dept.get('/api/subsidy-rosters')).json();
    expect(list.items.map((r: { status: string }) => r.status).sort()).toEqual(['accepted', 'rejected', 'rejected']);
    expect((await dept.get('/api/subsidy-rosters/export.xlsx')).headers['content-type']).toMatch(/spreadsheetml/);
    // The roster's lines as Excel, read back: masked like the page, in the file's order, audited.
    const exported = await dept.get(`/api/subsidy-rosters/${good.json().id}/lines.xlsx`);
    expect(exported.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(1).value).toBe(1);
    expect(sheet.getRow(2).getCell(2).value).toBe('张*国');
    expect(sheet.getRow(2).getCell(3).text).toMatch(/^4112\*{8}/);
    expect(sheet.getRow(2).getCell(7).value).toBe(1200.5);
    expect(sheet.getRow(3).getCell(2).value).toBe('王*明');
    const all = JSON.stringify(sheet.getSheetValues());
    for (const clear of [ID_A, ID_B, '张建国', '6228480012345678']) expect(all).not.toContain(clear);
    const audited = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', good.json().id)
      .where('action', '=', 'qr_supervision.export')
      .execute();
    expect(audited).toHaveLength(1);
  });

  const lookup = (body: { idNumber: string; name: string }, device = 'device-aaaaaaaaaaaaaaaa', ip = '10.0.0.1') =>
    env.app.inject({
      method: 'POST',
      url: '/api/public/subsidy-lookups',
      headers: { cookie: `qf_lookup_device=${device}` },
      remoteAddress: ip,
      payload: body,
    });

  it('answers a look-up alike found or not: same shape and statement; a wrong name is not found; never logged or audited', async () => {
    const auditsBefore = Number(
      (
        await env
          .ctx()
          .db.selectFrom('audit_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const found = await lookup({ idNumber: ID_A, name: '张建国' }, 'device-found-aaaaaaaaaa', '10.0.1.1');
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().statement).toBe(SUBSIDY_LOOKUP_STATEMENT);
    expect(found.json().items).toEqual([
      { item: '2026年耕地地力保护补贴', year: 2026, amount: 120_050, paidOn: '2026-10-15', department: '县农业农村局' },
    ]);
    const stranger = await lookup({ idNumber: ID_STRANGER, name: '张建国' }, 'device-stranger-aaaaaaa', '10.0.1.2');
    const wrongName = await lookup({ idNumber: ID_A, name: '张建' }, 'device-wrongname-aaaaaa', '10.0.1.3');
    for (const res of [stranger, wrongName]) {
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ statement: SUBSIDY_LOOKUP_STATEMENT, items: [] });
      expect(Object.keys(res.json())).toEqual(Object.keys(found.json()));
      expect(res.headers['content-type']).toBe(found.headers['content-type']);
    }
    // A number failing GB 11643 is refused as such (says nothing about anyone).
    const bad = await lookup({ idNumber: ID_BAD, name: '张建国' }, 'device-bad-aaaaaaaaaaaa', '10.0.1.4');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('SUBSIDY_ID_INVALID');
    expect(bad.body).not.toContain(ID_BAD);
    // The same work either way (timing itself is the bench's, bench/subsidy-lookup.bench.ts): a
    // found number opens its line's seal, a stranger opens the dummy seal — one each.
    // On the class: the platform's keyring is its own instance.
    const keyring = Object.getPrototypeOf(env.ctx().keyring) as { openText: (...a: never[]) => string };
    const opened = vi.spyOn(keyring, 'openText');
    const opens = async (id: string, device: string, ip: string) => {
      // A new window for each, so the per-number limit never answers (a fast 429) instead.
      env.clock.advance(3_600_000);
      opened.mockClear();
      const res = await lookup({ idNumber: id, name: '张建国' }, device, ip);
      expect(res.statusCode, res.body).toBe(200);
      return opened.mock.calls.length;
    };
    try {
      expect(await opens(ID_A, 'device-tf-aaaaaaaaaaaaaa', '10.0.2.1')).toBe(1);
      expect(await opens(ID_STRANGER, 'device-ts-aaaaaaaaaaaaaa', '10.0.3.1')).toBe(1);
    } finally {
      opened.mockRestore();
    }
    const auditsAfter = Number(
      (
        await env
          .ctx()
          .db.selectFrom('audit_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(auditsAfter).toBe(auditsBefore);
    const logText = logs.join('');
    expect(logText).toContain('subsidy-lookups');
    expect(logText).not.toContain(ID_A);
    expect(logText).not.toContain(ID_STRANGER);
    expect(logText).not.toContain(ID_BAD);
  });

  it('limits look-ups per number, per device and per address, counted in the database', async () => {
    // Per number: five an hour, from any device and address.
    for (let i = 0; i < 5; i++) {
      const res = await lookup({ idNumber: ID_B, name: '王小明' }, `device-n-${i}-aaaaaaaaaaaa`, `10.1.0.${i}`);
      expect(res.statusCode, res.body).toBe(200);
    }
    const sixth = await lookup({ idNumber: ID_B, name: '王小明' }, 'device-n-6-aaaaaaaaaaaa', '10.1.0.9');
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('SUBSIDY_LOOKUP_LIMITED');
    // Per device: ten an hour over different numbers and addresses.
    const many = (i: number) => idOf(`41122119600101${String(i).padStart(3, '0')}`);
    for (let i = 0; i < 10; i++)
      expect(
        (await lookup({ idNumber: many(i), name: '某人' }, 'device-one-aaaaaaaaaaaa', `10.2.0.${i}`)).statusCode,
      ).toBe(200);
    expect(
      (await lookup({ idNumber: many(11), name: '某人' }, 'device-one-aaaaaaaaaaaa', '10.2.0.99')).statusCode,
    ).toBe(429);
    // Per address: thirty an hour, whatever the device.
    for (let i = 0; i < 30; i++)
      expect(
        (await lookup({ idNumber: many(20 + i), name: '某人' }, `device-a-${i}-aaaaaaaaaaaa`, '10.3.0.1')).statusCode,
      ).toBe(200);
    expect((await lookup({ idNumber: many(60), name: '某人' }, 'device-a-x-aaaaaaaaaaaa', '10.3.0.1')).statusCode).toBe(
      429,
    );
    // The counters are rows (so another process sees them): keyed hashes only.
    const keys = await env.ctx().db.selectFrom('subsidy_lookup_limits').select(['key', 'hits']).execute();
    expect(keys.length).toBeGreaterThan(10);
    expect(JSON.stringify(keys)).not.toContain('10.3.0.1');
    expect(JSON.stringify(keys)).not.toContain(ID_B);
    // Another server process over the same database counts the same rows: the number stays limited there.
    const second = await buildApp(env.config, {
      database: env.platform.database,
      masterKey: env.platform.masterKey,
      clock: env.clock,
      quiet: true,
    });
    try {
      const there = await second.inject({
        method: 'POST',
        url: '/api/public/subsidy-lookups',
        headers: { cookie: 'qf_lookup_device=device-second-aaaaaaaaaa' },
        remoteAddress: '10.9.0.1',
        payload: { idNumber: ID_B, name: '王小明' },
      });
      expect(there.statusCode).toBe(429);
    } finally {
      await second.close();
    }
    // The next window opens again.
    env.clock.advance(3_600_000);
    expect((await lookup({ idNumber: ID_B, name: '王小明' }, 'device-n-7-aaaaaaaaaaaa', '10.1.0.10')).statusCode).toBe(
      200,
    );
    // A device without the cookie gets one.
    const fresh = await env.app.inject({
      method: 'POST',
      url: '/api/public/subsidy-lookups',
      remoteAddress: '10.4.0.1',
      payload: { idNumber: ID_B, name: '王小明' },
    });
    expect(fresh.cookies.find((c) => c.name === 'qf_lookup_device')?.httpOnly).toBe(true);
    // Malformed: 400, never 500.
    const malformed = await env.app.inject({
      method: 'POST',
      url: '/api/public/subsidy-lookups',
      payload: { idNumber: ID_B },
    });
    expect(malformed.statusCode).toBe(400);
  });
});
