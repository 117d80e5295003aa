import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitOf, villageOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

interface Submitted {
  receipt: string;
  receivedAt: string;
  ackDueOn: string | null;
}

const COUNTY = '411221000000';

describe.each(testDialects())('reports intake on $name', ({ name }) => {
  let env: TestEnv;
  let village1: string;
  let village2: string;
  let unit1: string;
  let unit2: string;
  let intake: Client;
  let township1: Client;
  let township2: Client;
  let leader: Client;

  const body = (over: Record<string, unknown> = {}) => ({
    regionCode: village1,
    named: false,
    subject: { name: '王某某', position: '村委会主任', employer: '某村村委会' },
    content: '在低保评定中优亲厚友，收取好处费。',
    ...over,
  });
  const submit = (b: unknown, headers?: Record<string, string>) => env.anon().post('/api/public/reports', b, headers);

  async function regionOf(username: string): Promise<{ unitId: string; village: string }> {
    return { unitId: await unitOf(env, username), village: await villageOf(env, username) };
  }

  beforeAll(async () => {
    env = await startTestEnv(name, { sqliteFile: name === 'sqlite' });
    ({ unitId: unit1, village: village1 } = await regionOf('township1'));
    ({ unitId: unit2, village: village2 } = await regionOf('township2'));
    intake = await env.as('intake');
    township1 = await env.as('township1');
    township2 = await env.as('township2');
    leader = await env.as('leader');
  });
  afterAll(async () => env?.close());

  it('takes an anonymous report and answers its receipt page; a wrong receipt is not found', async () => {
    const res = await submit(body());
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json<Submitted>();
    expect(made.receipt).toMatch(/^\d{16}$/);
    expect(made.ackDueOn).toBeNull();

    const lookup = await env.anon().post('/api/public/receipt-lookups', { receipt: made.receipt });
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(lookup.json()).toMatchObject({
      status: 'received',
      channel: 'qr',
      anonymous: true,
      receivedAt: made.receivedAt,
      messages: [],
    });

    const msg = await env
      .anon()
      .post('/api/public/receipt-messages', { receipt: made.receipt, body: '补充：时间是三月。' });
    expect(msg.statusCode, msg.body).toBe(201);
    const again = await env.anon().post('/api/public/receipt-lookups', { receipt: made.receipt });
    expect(again.json().messages).toEqual([
      { author: 'reporter', body: '补充：时间是三月。', createdAt: expect.any(String) },
    ]);

    const wrong = made.receipt.slice(0, 15) + String((Number(made.receipt[15]) + 1) % 10);
    const missing = await env.anon().post('/api/public/receipt-lookups', { receipt: wrong });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const noMsg = await env.anon().post('/api/public/receipt-messages', { receipt: wrong, body: '你好' });
    expect(noMsg.statusCode).toBe(404);
    // A receipt is exactly 16 digits.
    const short = await env.anon().post('/api/public/receipt-lookups', { receipt: '1234' });
    expect(short.json().error.code).toBe('VALIDATION_FAILED');

    // The audit event of the submission has no actor, and the row keeps only a keyed hash of the receipt.
    const row = await env
      .ctx()
      .db.selectFrom('reports')
      .selectAll()
      .where('received_at', '=', made.receivedAt)
      .where('anonymous', '=', 1)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(made.receipt);
    expect(row.reporter_enc).toBeNull();
    expect(row.receipt_enc).toBeNull();
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'report.submit')
      .where('resource_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBeNull();
  });

  it('stores a named reporter only sealed: neither the phone nor the name is in the database in clear', async () => {
    const phone = `139${String(Date.now()).slice(-8)}`;
    const reporterName = '测试举报人欧阳明哲';
    // A person nobody reported before, so this is not a repeat (a repeat gets no acknowledgement).
    const res = await submit(
      body({ named: true, reporter: { name: reporterName, phone }, subject: { name: '密封测试对象' } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Submitted>().ackDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const db = env.ctx().db;
    const rows = await db.selectFrom('reports').selectAll().execute();
    const all = JSON.stringify(rows) + JSON.stringify(await db.selectFrom('audit_events').selectAll().execute());
    expect(all).not.toContain(phone);
    expect(all).not.toContain(reporterName);

    if (name === 'sqlite') {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
      const file = join(env.config.dataDir, 'test.sqlite');
      const bytes = [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
      expect(bytes.length).toBeGreaterThan(0);
      for (const b of bytes) {
        expect(b.includes(Buffer.from(phone))).toBe(false);
        expect(b.includes(Buffer.from(reporterName))).toBe(false);
        // Sanity: the file does hold the report's plain content.
        if (b === bytes[0]) expect(b.includes(Buffer.from('优亲厚友'))).toBe(true);
      }
    }

    // Staff lists show the label, never the identity.
    const list = await intake.get('/api/reports?anonymous=false');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.body).not.toContain(phone);
    expect(list.json().items.length).toBeGreaterThan(0);
    for (const item of list.json().items) expect(item.reporter).toBe('实名（已保护）');
  });

  it('reveals a named identity only with a reason, to report.identity holders, and audits it', async () => {
    const phone = '13800138000';
    await submit(body({ named: true, reporter: { name: '李四', phone }, content: '揭示身份测试的举报内容。' }));
    const items = (await intake.get('/api/reports?anonymous=false&pageSize=200')).json().items as {
      id: string;
      content: string;
    }[];
    const id = items.find((i) => i.content === '揭示身份测试的举报内容。')!.id;

    const noReason = await intake.post(`/api/reports/${id}/identity-reveal`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('VALIDATION_FAILED');
    expect((await intake.post(`/api/reports/${id}/identity-reveal`, { reason: '太短' })).statusCode).toBe(400);

    const denied = await leader.post(`/api/reports/${id}/identity-reveal`, {
      reason: '核实举报人身份以便反馈受理情况',
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.details).toEqual({ permission: 'report.identity' });
    expect((await leader.get('/api/reports')).statusCode).toBe(200);

    const reason = '核实举报人身份以便反馈受理情况';
    const ok = await intake.post(`/api/reports/${id}/identity-reveal`, { reason });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ name: '李四', phone });

    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'report.identity_reveal')
      .where('resource_id', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_username).toBe('intake');
    expect(audit[0]!.changes).toContain(reason);
    expect(audit[0]!.changes).not.toContain(phone);

    // An anonymous report has no identity to reveal.
    const anon = (await intake.get('/api/reports?anonymous=true&pageSize=1')).json().items[0];
    expect((await intake.post(`/api/reports/${anon.id}/identity-reveal`, { reason })).statusCode).toBe(404);
  });

  it('answers INTEGRITY_ERROR when the sealed identity was tampered with', async () => {
    await submit(
      body({ named: true, reporter: { name: '张三', phone: '13700137000' }, content: '篡改测试的举报内容。' }),
    );
    const db = env.ctx().db;
    const row = await db
      .selectFrom('reports')
      .select(['id', 'reporter_enc'])
      .where('content', '=', '篡改测试的举报内容。')
      .executeTakeFirstOrThrow();
    const enc = row.reporter_enc!;
    const at = enc.length - 6;
    const flipped = enc.slice(0, at) + (enc[at] === 'A' ? 'B' : 'A') + enc.slice(at + 1);
    await db.updateTable('reports').set({ reporter_enc: flipped }).where('id', '=', row.id).execute();
    const res = await intake.post(`/api/reports/${row.id}/identity-reveal`, {
      reason: '核实举报人身份以便反馈受理情况',
    });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTEGRITY_ERROR');
    expect(res.body).not.toContain('13700137000');
    // The failed reveal left no audit event claiming the identity was seen.
    const events = await db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'report.identity_reveal')
      .where('resource_id', '=', row.id)
      .execute();
    expect(events).toHaveLength(0);
  });

  it('answers a repeated submission with the same Idempotency-Key with the first receipt, storing one row', async () => {
    const key = `idem-${name}-0001`;
    const b = body({ content: '幂等测试的举报内容，点了两次。' });
    const first = await submit(b, { 'idempotency-key': key });
    const second = await submit(b, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toEqual(first.json());
    const rows = await env
      .ctx()
      .db.selectFrom('reports')
      .select('id')
      .where('content', '=', '幂等测试的举报内容，点了两次。')
      .execute();
    expect(rows).toHaveLength(1);
    const other = await submit(b, { 'idempotency-key': `${key}-other` });
    expect(other.json().receipt).not.toBe(first.json().receipt);
    expect((await submit(b, { 'idempotency-key': 'short' })).statusCode).toBe(400);
  });

  it("routes a village's report to its township commission and scopes it", async () => {
    await submit(body({ content: '路由测试：一号乡镇的村。' }));
    await submit(body({ regionCode: village2, content: '路由测试：二号乡镇的村。' }));
    const find = async (c: Client, content: string) =>
      (
        (await c.get('/api/reports?pageSize=200')).json().items as {
          id: string;
          content: string;
          ownerUnitId: string;
        }[]
      ).find((i) => i.content === content);
    const r1 = await find(intake, '路由测试：一号乡镇的村。');
    const r2 = await find(intake, '路由测试：二号乡镇的村。');
    expect(r1?.ownerUnitId).toBe(unit1);
    expect(r2?.ownerUnitId).toBe(unit2);

    expect(await find(township1, '路由测试：一号乡镇的村。')).toBeDefined();
    expect(await find(township1, '路由测试：二号乡镇的村。')).toBeUndefined();
    expect((await township1.get(`/api/reports/${r1!.id}`)).statusCode).toBe(200);
    const outside = await township1.get(`/api/reports/${r2!.id}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('NOT_FOUND');
    expect((await township2.get(`/api/reports/${r2!.id}`)).statusCode).toBe(200);
    expect((await intake.get(`/api/reports/${r2!.id}`)).statusCode).toBe(200);

    // The detail read is audited.
    const reads = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('actor_username')
      .where('action', '=', 'report.read')
      .where('resource_id', '=', r2!.id)
      .execute();
    expect(reads.map((r) => r.actor_username).sort()).toEqual(['intake', 'township2']);

    // A county-level report goes to the county commission, out of the townships' sight.
    await submit(body({ regionCode: COUNTY, content: '路由测试：县级的举报。' }));
    const r3 = await find(intake, '路由测试：县级的举报。');
    expect(r3).toBeDefined();
    expect(r3!.ownerUnitId).not.toBe(unit1);
    expect(await find(township1, '路由测试：县级的举报。')).toBeUndefined();
  });

  it('filters the list by status, channel, anonymity and Shanghai receipt dates', async () => {
    const all = (await intake.get('/api/reports?pageSize=200')).json();
    expect(all.total).toBeGreaterThan(3);
    expect(all.page).toBe(1);
    const anon = (await intake.get('/api/reports?anonymous=true&pageSize=200')).json();
    const named = (await intake.get('/api/reports?anonymous=false&pageSize=200')).json();
    expect(anon.total + named.total).toBe(all.total);
    expect((await intake.get('/api/reports?status=received&channel=qr')).json().total).toBe(all.total);
    expect((await intake.get('/api/reports?channel=letter')).json().total).toBe(0);
    // The test clock stands at 2026-11-20 (Shanghai) plus a few minutes.
    expect((await intake.get('/api/reports?from=2026-11-20&to=2026-11-20')).json().total).toBe(all.total);
    expect((await intake.get('/api/reports?to=2026-11-19')).json().total).toBe(0);
    expect((await intake.get('/api/reports?from=2026-11-21')).json().total).toBe(0);
    const paged = (await intake.get('/api/reports?pageSize=2&page=2')).json();
    expect(paged.items).toHaveLength(2);
    expect(paged.items[0].id).toBe(all.items[2].id);
  });

  it('refuses unknown regions and inconsistent reporter data', async () => {
    const unknown = await submit(body({ regionCode: '411221999999' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('INVALID_REGION_CODE');
    // A city-level region is no longer refused: it is held as a transfer record (routing.test.ts).
    const city = await submit(body({ regionCode: '411200000000' }));
    expect(city.statusCode, city.body).toBe(201);

    const noReporter = await submit(body({ named: true }));
    expect(noReporter.statusCode).toBe(400);
    expect(noReporter.json().error.code).toBe('VALIDATION_FAILED');
    const anonWithReporter = await submit(body({ reporter: { name: '某人', phone: '13600136000' } }));
    expect(anonWithReporter.statusCode).toBe(400);
    expect((await submit(body({ content: '太短' }))).statusCode).toBe(400);
    expect((await submit(body({ extra: 1 }))).statusCode).toBe(400);
  });
});
