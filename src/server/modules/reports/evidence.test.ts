import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE_METADATA, phoneJpeg, samplePdf, samplePng } from '../../test/sample-files.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { blobStoreFor } from '../attachments/index.js';

/** Every finished blob file under the data directory. */
function blobFiles(dataDir: string): string[] {
  const dir = join(dataDir, 'blobs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && !f.endsWith('.tmp'));
}

/** `pdfinfo` (poppler) output for `bytes`, Info and XMP. */
function pdfinfo(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'qf-evidence-'));
  try {
    writeFileSync(join(dir, 'f.pdf'), bytes);
    const file = join(dir, 'f.pdf');
    return (
      execFileSync('pdfinfo', [file], { encoding: 'utf8' }) +
      execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' })
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const EXE = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(3000, 0x90), Buffer.from('PE\0\0')]);
const JS_PDF = samplePdf({ catalog: '/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>' });
const INFO_PDF = samplePdf({ info: '<< /Author (QF-PDF-AUTHOR) /Producer (QF-PDF-PRODUCER) >>' });

describe.each(testDialects())('evidence protection on $name', ({ name }) => {
  let env: TestEnv;
  let township1: Client;
  let receipt: string;
  let reportId: string;

  /** The stored (decrypted) bytes of every attachment of the report, oldest first, read from the blob store. */
  async function storedFiles(): Promise<{ id: string; contentType: string; uploadedBy: string; bytes: Buffer }[]> {
    const rows = await env
      .ctx()
      .db.selectFrom('attachments')
      .select(['id', 'blob_id', 'key_enc', 'content_type', 'uploaded_by'])
      .where('report_id', '=', reportId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const store = blobStoreFor(env.config.dataDir);
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        contentType: r.content_type,
        uploadedBy: r.uploaded_by,
        bytes: await store.readAll(r.blob_id, r.key_enc, {
          keyring: env.ctx().keyring,
          context: `attachments.blob:${r.id}`,
        }),
      })),
    );
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    township1 = await env.as('township1');
    const t1 = await env
      .ctx()
      .db.selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select('n.region_code')
      .where('u.username', '=', 'township1')
      .executeTakeFirstOrThrow();
    const village = await env
      .ctx()
      .db.selectFrom('regions')
      .select('code')
      .where('parent_code', '=', t1.region_code)
      .where('level', '=', 'village')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const made = await env.anon().post('/api/public/reports', {
      regionCode: village.code,
      named: false,
      subject: { name: '证据测试对象', position: '村主任' },
      content: '村主任虚报冒领补贴，附现场照片。',
    });
    expect(made.statusCode, made.body).toBe(201);
    receipt = made.json().receipt;
    reportId = (await township1.get('/api/reports?q=证据测试对象')).json().items[0].id;
  });
  afterAll(async () => env?.close());

  it("stores a reporter's phone photo without its GPS position, camera model, XMP or IPTC", async () => {
    const photo = await phoneJpeg(6);
    expect(exifReader((await sharp(photo).metadata()).exif!).GPSInfo?.GPSLatitude).toEqual([
      ...PHONE_METADATA.latitude,
    ]);
    const up = await env
      .anon()
      .upload('/api/public/receipt-attachments', { receipt }, { name: 'IMG_20261128_094107.jpg', bytes: photo });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ contentType: 'image/jpeg', files: [{ id: up.json().id }] });

    const [stored] = await storedFiles();
    expect(stored!.uploadedBy).toBe('reporter');
    const meta = await sharp(stored!.bytes).metadata();
    expect([meta.format, meta.exif, meta.xmp, meta.iptc, meta.orientation]).toEqual([
      'jpeg',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect([meta.width, meta.height]).toEqual([48, 64]); // turned upright before the orientation was dropped
    for (const text of [PHONE_METADATA.model, PHONE_METADATA.make, PHONE_METADATA.iptcByline, 'Exif']) {
      expect(stored!.bytes.includes(Buffer.from(text))).toBe(false);
    }
    // Staff download exactly the cleaned file.
    const got = await township1.get(`/api/reports/${reportId}/attachments/${stored!.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(stored!.bytes)).toBe(true);
  });

  it('refuses a JPEG header in front of an executable and a PDF with a JavaScript open action, storing nothing', async () => {
    const blobsBefore = blobFiles(env.config.dataDir).length;
    const countBefore = (await storedFiles()).length;
    const fakeJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), EXE]);
    const jpeg = await env
      .anon()
      .upload('/api/public/receipt-attachments', { receipt }, { name: '照片.jpg', bytes: fakeJpeg });
    expect(jpeg.statusCode).toBe(415);
    expect(jpeg.json().error.code).toBe('FILE_UNREADABLE');
    const js = await env
      .anon()
      .upload('/api/public/receipt-attachments', { receipt }, { name: '材料.pdf', bytes: JS_PDF });
    expect(js.statusCode).toBe(415);
    expect(js.json().error).toMatchObject({ code: 'FILE_ACTIVE_CONTENT', details: { found: 'OpenAction/JavaScript' } });
    const staff = await township1.upload(`/api/reports/${reportId}/attachments`, {}, { name: 'a.pdf', bytes: JS_PDF });
    expect(staff.json().error.code).toBe('FILE_ACTIVE_CONTENT');
    expect((await storedFiles()).length).toBe(countBefore);
    expect(blobFiles(env.config.dataDir).length).toBe(blobsBefore);
  });

  it('takes every file of a staff upload, all or nothing, up to the limit', async () => {
    const before = (await storedFiles()).filter((f) => f.uploadedBy === 'staff').length;
    expect(before).toBe(0);
    const two = await township1.upload(`/api/reports/${reportId}/attachments`, {}, [
      { name: '来信.pdf', bytes: INFO_PDF },
      { name: '现场.jpg', bytes: await phoneJpeg(1) },
    ]);
    expect(two.statusCode, two.body).toBe(201);
    expect(two.json().files.map((f: { contentType: string }) => f.contentType)).toEqual([
      'application/pdf',
      'image/jpeg',
    ]);
    const staff = (await storedFiles()).filter((f) => f.uploadedBy === 'staff');
    expect(staff.map((f) => f.contentType)).toEqual(['application/pdf', 'image/jpeg']);
    const info = pdfinfo(staff[0]!.bytes);
    expect(info).toMatch(/Pages:\s+1/);
    expect(info).not.toContain('QF-PDF-AUTHOR');
    expect(info).not.toContain('QF-PDF-PRODUCER');
    expect((await sharp(staff[1]!.bytes).metadata()).exif).toBeUndefined();
    const audits = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'attachment.add')
      .where('resource_id', '=', reportId)
      .execute();
    expect(audits).toHaveLength(3); // the reporter's photo and the two staff files

    // A good file then a bad one: neither is kept.
    const blobs = blobFiles(env.config.dataDir).length;
    const mixed = await township1.upload(`/api/reports/${reportId}/attachments`, {}, [
      { name: 'ok.png', bytes: samplePng(7) },
      { name: 'bad.jpg', bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), EXE]) },
    ]);
    expect(mixed.json().error.code).toBe('FILE_UNREADABLE');
    // Four more would make six from staff: refused whole.
    const four = await township1.upload(
      `/api/reports/${reportId}/attachments`,
      {},
      [1, 2, 3, 4].map((i) => ({ name: `${i}.png`, bytes: samplePng(i) })),
    );
    expect(four.statusCode).toBe(400);
    expect(four.json().error.code).toBe('TOO_MANY_FILES');
    // Six in one request: refused by the multipart limit, the same way.
    const six = await township1.upload(
      `/api/reports/${reportId}/attachments`,
      {},
      [1, 2, 3, 4, 5, 6].map((i) => ({ name: `${i}.png`, bytes: samplePng(i) })),
    );
    expect(six.json().error.code).toBe('TOO_MANY_FILES');
    expect((await storedFiles()).filter((f) => f.uploadedBy === 'staff')).toHaveLength(2);
    expect(blobFiles(env.config.dataDir).length).toBe(blobs);
    // Three more reach the limit exactly.
    const three = await township1.upload(
      `/api/reports/${reportId}/attachments`,
      {},
      [1, 2, 3].map((i) => ({ name: `${i}.png`, bytes: samplePng(i) })),
    );
    expect(three.statusCode, three.body).toBe(201);
    expect(three.json().files).toHaveLength(3);
    expect((await storedFiles()).filter((f) => f.uploadedBy === 'staff')).toHaveLength(5);
  });
});
