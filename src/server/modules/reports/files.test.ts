import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfPages, pdfText } from '../../test/pdf.js';
import { samplePdf, samplePng } from '../../test/sample-files.js';
import sharp from 'sharp';

/**
 * A real PNG, distinct per `marker` (its pixels derive from it); with `size`, a PNG signature
 * followed by `size` filler bytes (only for size refusals: it is refused before it is decoded).
 */
function png(marker: string, size?: number): Buffer {
  if (size !== undefined) return Buffer.concat([samplePng(0).subarray(0, 16), Buffer.alloc(size, 0x20)]);
  return samplePng([...marker].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 100_003, 7));
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

describe.each(testDialects())('report files and documents on $name', ({ name }) => {
  let env: TestEnv;
  const logs: string[] = [];
  let village1: string;
  let township1: Client;
  let township2: Client;
  let intake: Client;
  let leader: Client;
  const phone = `137${String(Date.now()).slice(-8)}`;
  const marker = `QF-ATTACHMENT-MARKER-${Date.now()}`;
  let receipt: string;
  let reportId: string;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logs.push(chunk.toString('utf8'));
        cb();
      },
    });
    env = await startTestEnv(name, { sqliteFile: name === 'sqlite', logStream: sink });
    const db = env.ctx().db;
    const t1 = await db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select('n.region_code')
      .where('u.username', '=', 'township1')
      .executeTakeFirstOrThrow();
    village1 = (
      await db
        .selectFrom('regions')
        .select('code')
        .where('parent_code', '=', t1.region_code)
        .where('level', '=', 'village')
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    township1 = await env.as('township1');
    township2 = await env.as('township2');
    intake = await env.as('intake');
    leader = await env.as('leader');
    const made = await env.anon().post('/api/public/reports', {
      regionCode: village1,
      named: true,
      reporter: { name: '文书测试人', phone },
      subject: { name: '附件测试对象', position: '村会计' },
      content: '村会计挪用集体资金，附件是收据照片。',
    });
    expect(made.statusCode, made.body).toBe(201);
    receipt = made.json().receipt;
    reportId = (await township1.get('/api/reports?q=附件测试对象')).json().items[0].id;
  });
  afterAll(async () => env?.close());

  it('stores a reporter file sealed, refuses wrong types, wrong receipts and a sixth file, and serves it to staff in scope', async () => {
    const up = await env
      .anon()
      .upload('/api/public/receipt-attachments', { receipt }, { name: '收据.png', bytes: png(marker) });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ contentType: 'image/png', sizeBytes: expect.any(Number) });

    // Decided by content: an executable named .jpg is refused, and nothing is stored.
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000, 0x90)]);
    const refused = await env
      .anon()
      .upload('/api/public/receipt-attachments', { receipt }, { name: '照片.jpg', bytes: exe });
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    const wrong = receipt.slice(0, 15) + String((Number(receipt[15]) + 1) % 10);
    const lost = await env
      .anon()
      .upload('/api/public/receipt-attachments', { receipt: wrong }, { name: 'a.png', bytes: png('x') });
    expect(lost.statusCode).toBe(404);
    const noReceipt = await env
      .anon()
      .upload('/api/public/receipt-attachments', {}, { name: 'a.png', bytes: png('x') });
    expect(noReceipt.json().error.code).toBe('VALIDATION_FAILED');
    const notMultipart = await env.anon().post('/api/public/receipt-attachments', { receipt });
    expect(notMultipart.statusCode).toBeGreaterThanOrEqual(400);
    expect(notMultipart.statusCode).toBeLessThan(500);
    const empty = await env
      .anon()
      .upload('/api/public/receipt-attachments', { receipt }, { name: 'a.png', bytes: Buffer.alloc(0) });
    expect(empty.json().error.code).toBe('FILE_TOO_LARGE');
    const huge = await env
      .anon()
      .upload('/api/public/receipt-attachments', { receipt }, { name: 'big.png', bytes: png('big', 20 * 1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('FILE_TOO_LARGE');

    for (let i = 2; i <= 5; i++) {
      const more = await env
        .anon()
        .upload('/api/public/receipt-attachments', { receipt }, { name: `${i}.png`, bytes: png(`m${i}`) });
      expect(more.statusCode, more.body).toBe(201);
    }
    const sixth = await env
      .anon()
      .upload('/api/public/receipt-attachments', { receipt }, { name: '6.png', bytes: png('m6') });
    expect(sixth.statusCode).toBe(400);
    expect(sixth.json().error.code).toBe('TOO_MANY_FILES');
    const rows = await env
      .ctx()
      .db.selectFrom('attachments')
      .select('blob_id')
      .where('report_id', '=', reportId)
      .execute();
    expect(rows).toHaveLength(5);
    // Exactly the five stored blobs are on disk: refused uploads left nothing behind.
    const blobs = filesUnder(join(env.config.dataDir, 'blobs'));
    expect(blobs.filter((f) => !f.endsWith('.tmp'))).toHaveLength(5);
    expect(blobs.filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // The receipt page counts them and shows the step.
    const page = (await env.anon().post('/api/public/receipt-lookups', { receipt })).json();
    expect(page.attachmentCount).toBe(5);
    expect(page.timeline.map((s: { event: string }) => s.event)).toContain('reporter_added_files');

    // Staff in scope download the original bytes (audited); another township gets 404.
    const detail = (await township1.get(`/api/reports/${reportId}`)).json();
    const first = detail.attachments.find((a: { name: string }) => a.name === '收据.png');
    expect(first).toMatchObject({ contentType: 'image/png', uploadedBy: 'reporter' });
    const got = await township1.get(`/api/reports/${reportId}/attachments/${first.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-disposition']).toContain('attachment');
    // The stored file is the uploaded picture, re-encoded (same pixels), and it is not on disk in clear.
    const pixels = async (b: Buffer) => (await sharp(b).raw().toBuffer()).toString('hex');
    expect(await pixels(got.rawPayload)).toBe(await pixels(png(marker)));
    for (const f of blobs) expect(readFileSync(f).includes(got.rawPayload.subarray(0, 48))).toBe(false);
    expect((await township2.get(`/api/reports/${reportId}/attachments/${first.id}`)).statusCode).toBe(404);
    const reads = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('actor_username')
      .where('action', '=', 'attachment.read')
      .execute();
    expect(reads.map((r) => r.actor_username)).toEqual(['township1']);

    // Staff attach a scan; a tampered blob answers INTEGRITY_ERROR rather than altered bytes.
    const scan = await township1.upload(
      `/api/reports/${reportId}/attachments`,
      {},
      { name: '来信扫描.pdf', bytes: samplePdf() },
    );
    expect(scan.statusCode, scan.body).toBe(201);
    expect(scan.json().contentType).toBe('application/pdf');
    expect(
      (await township2.upload(`/api/reports/${reportId}/attachments`, {}, { name: 'x.pdf', bytes: samplePdf() }))
        .statusCode,
    ).toBe(404);
    const victim = rows[1]!.blob_id;
    const path = blobs.find((f) => f.endsWith(victim))!;
    const bytes = readFileSync(path);
    const at = bytes.length - 40;
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(path, bytes);
    const tamperedId = (
      await env.ctx().db.selectFrom('attachments').select('id').where('blob_id', '=', victim).executeTakeFirstOrThrow()
    ).id;
    const tampered = await township1.get(`/api/reports/${reportId}/attachments/${tamperedId}`);
    expect(tampered.rawPayload.equals(png('m2'))).toBe(false);
  });

  it('never writes the phone number or attachment bytes in clear to the SQLite file, its WAL or the logs', async () => {
    expect(logs.length).toBeGreaterThan(0);
    const allLogs = logs.join('');
    expect(allLogs).not.toContain(phone);
    expect(allLogs).not.toContain(marker);
    expect(allLogs).not.toContain(receipt);
    if (name !== 'sqlite') return; // PostgreSQL files belong to the server; its rows were checked above.
    const db = env.ctx().db;
    const file = join(env.config.dataDir, 'test.sqlite');
    const before = [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    const after = [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
    for (const b of [...before, ...after]) {
      expect(b.includes(Buffer.from(phone))).toBe(false);
      expect(b.includes(Buffer.from(marker))).toBe(false);
    }
    // Sanity: the search would find plain content.
    expect([...before, ...after].some((b) => b.includes(Buffer.from('挪用集体资金')))).toBe(true);
  });

  it('renders the report documents as PDF and DOCX with the key fields, identity only for its holders', async () => {
    const detail = (await township1.get(`/api/reports/${reportId}`)).json();
    await township1.post(`/api/reports/${reportId}/acceptance`, { version: detail.version });
    const notice = await township1.get(`/api/reports/${reportId}/documents/acceptance_notice.pdf`);
    expect(notice.statusCode, notice.body).toBe(200);
    expect(notice.headers['content-type']).toBe('application/pdf');
    const text = pdfText(notice.rawPayload);
    expect(text).toContain('实名举报受理告知书');
    expect(text).toContain('文书测试人');
    expect(text).toContain(detail.number.replace(/\s/g, ''));
    const docx = await township1.get(`/api/reports/${reportId}/documents/acceptance_notice.docx`);
    expect(docx.statusCode).toBe(200);
    expect(await docxText(docx.rawPayload)).toContain('文书测试人');

    // The leader may read the report but not the identity: no notice, and forms without the name.
    expect((await leader.get(`/api/reports/${reportId}/documents/acceptance_notice.pdf`)).statusCode).toBe(403);
    const record = await leader.get(`/api/reports/${reportId}/documents/visit_record.docx`);
    expect(record.statusCode, record.body).toBe(200);
    const recordText = await docxText(record.rawPayload);
    expect(recordText).toContain('接待来访记录');
    expect(recordText).toContain('实名（已保护）');
    expect(recordText).not.toContain('文书测试人');
    expect(recordText).toContain('村会计挪用集体资金');
    expect((await township2.get(`/api/reports/${reportId}/documents/visit_record.pdf`)).statusCode).toBe(404);
    expect((await township1.get(`/api/reports/${reportId}/documents/other.pdf`)).statusCode).toBe(400);
    // Closing forms exist once closed.
    expect((await township1.get(`/api/reports/${reportId}/documents/report_closing_form.pdf`)).json().error.code).toBe(
      'REPORT_STATE',
    );
    const d2 = (await township1.get(`/api/reports/${reportId}`)).json();
    await township1.post(`/api/reports/${reportId}/disposal`, {
      version: d2.version,
      disposition: 'conclude',
      note: '经核实，反映问题基本属实，已责令退还。',
    });
    const closing = await township1.get(`/api/reports/${reportId}/documents/report_closing_form.pdf`);
    expect(closing.statusCode, closing.body).toBe(200);
    const closingText = pdfText(closing.rawPayload);
    expect(closingText).toContain('信访案件结案呈批表');
    expect(closingText).toContain('已责令退还');
    const feedback = await township1.get(`/api/reports/${reportId}/documents/named_feedback_form.docx`);
    expect(await docxText(feedback.rawPayload)).toContain('已责令退还');
    const audits = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['actor_username', 'changes'])
      .where('action', '=', 'report.document')
      .execute();
    expect(audits.length).toBeGreaterThanOrEqual(5);

    // Forwarding slip, for a report forwarded down.
    const made = (
      await intake.post('/api/reports', {
        channel: 'letter',
        kind: 'accusation',
        categories: ['integrity'],
        regionCode: village1,
        subjectAuthority: 'village_cadre',
        subject: { name: '转办单对象' },
        content: '来信反映转办单对象违规发放补贴问题。',
      })
    ).json();
    const slip = await intake.get(`/api/reports/${made.id}/documents/forward_slip.pdf`);
    expect(slip.statusCode, slip.body).toBe(200);
    const slipText = pdfText(slip.rawPayload);
    expect(slipText).toContain('信访件转办单');
    expect(slipText).toContain('5个工作日内');
  });

  it('serves the reporting guide publicly and QR posters for every village of a township', async () => {
    const guide = await env.anon().get(`/api/public/documents/reporting_guide.pdf?regionCode=${village1}`);
    expect(guide.statusCode, guide.body).toBe(200);
    const text = pdfText(guide.rawPayload);
    expect(text).toContain('检举控告明白卡');
    expect(text).toContain('诬告陷害');
    expect(text).toContain('12388');
    expect((await env.anon().get('/api/public/documents/reporting_guide.pdf?regionCode=999999999999')).statusCode).toBe(
      400,
    );

    const township = village1.slice(0, 9) + '000';
    const villages = await env
      .ctx()
      .db.selectFrom('regions')
      .select('code')
      .where('parent_code', '=', township)
      .where('level', '=', 'village')
      .execute();
    const org = await env.as('orgadmin');
    const posters = await org.get(`/api/regions/${township}/qr-posters.pdf`);
    expect(posters.statusCode, posters.body.slice(0, 200)).toBe(200);
    expect(pdfPages(posters.rawPayload)).toBe(villages.length);
    expect(pdfText(posters.rawPayload)).toContain(`/r/${villages[0]!.code}`);
    expect((await org.get(`/api/regions/${village1}/qr-posters.pdf`)).statusCode).toBe(400);
    const villager = await env.as('village1');
    expect((await villager.get(`/api/regions/${township}/qr-posters.pdf`)).statusCode).toBe(403);
  });
});
