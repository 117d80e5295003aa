import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTER_URL_WARNING_HEADER, isLocalPublicUrl } from '../../documents/index.js';
import { villageOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfPages, pdfText } from '../../test/pdf.js';

/**
 * QR posters: a township commission secretary prints their own villages' posters (another
 * township's, or the county's, are not theirs: 404), and a print whose QR codes would point to
 * this machine (QF_PUBLIC_URL unset) says so in a header the console warns on.
 */
describe.each(testDialects())('QR posters on $name', ({ name }) => {
  let env: TestEnv;
  let own: string;
  let other: string;
  beforeAll(async () => {
    env = await startTestEnv(name);
    own = (await villageOf(env, 'township1')).slice(0, 9) + '000';
    other = (await villageOf(env, 'township2')).slice(0, 9) + '000';
  });
  afterAll(async () => {
    await env?.close();
  });

  const villagesOf = (township: string) =>
    env
      .ctx()
      .db.selectFrom('regions')
      .select('code')
      .where('parent_code', '=', township)
      .where('level', '=', 'village')
      .orderBy('code')
      .execute();

  it("lets a township secretary print their own villages' posters, audited", async () => {
    const secretary = await env.as('township1');
    const res = await secretary.get(`/api/regions/${own}/qr-posters.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const villages = await villagesOf(own);
    expect(pdfPages(res.rawPayload)).toBe(villages.length);
    expect(pdfText(res.rawPayload)).toContain(`/r/${villages[0]!.code}`);
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['action', 'resource_id'])
      .where('action', '=', 'region.qr_posters')
      .where('resource_id', '=', own)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("answers 404 for another township's villages and for the whole county; 403 without the permission", async () => {
    const secretary = await env.as('township1');
    const another = await secretary.get(`/api/regions/${other}/qr-posters.pdf`);
    expect(another.statusCode).toBe(404);
    expect(another.json().error.code).toBe('NOT_FOUND');
    const county = await secretary.get(`/api/regions/${own.slice(0, 6)}000000/qr-posters.pdf`);
    expect(county.statusCode).toBe(404);
    // The township's other staff do not print posters.
    const staff = await env.as('tstaff1');
    expect((await staff.get(`/api/regions/${own}/qr-posters.pdf`)).statusCode).toBe(403);
    // The county's organisation officer still prints any township of the county.
    const org = await env.as('orgadmin');
    expect((await org.get(`/api/regions/${other}/qr-posters.pdf`)).statusCode).toBe(200);
  });

  it('warns in a header when the QR codes point to localhost, and not once QF_PUBLIC_URL is set', async () => {
    const secretary = await env.as('township1');
    expect(isLocalPublicUrl(env.config.publicUrl)).toBe(true);
    const unset = await secretary.get(`/api/regions/${own}/qr-posters.pdf`);
    expect(unset.statusCode).toBe(200);
    expect(unset.headers[POSTER_URL_WARNING_HEADER]).toBe(env.config.publicUrl);
    expect(pdfText(unset.rawPayload)).toContain(`${env.config.publicUrl}/r/`);

    const saved = env.config.publicUrl;
    try {
      // The app reads the same configuration object: the address as an operator would set it.
      env.config.publicUrl = 'https://jw.example.gov.cn';
      const set = await secretary.get(`/api/regions/${own}/qr-posters.pdf`);
      expect(set.statusCode).toBe(200);
      expect(set.headers[POSTER_URL_WARNING_HEADER]).toBeUndefined();
      expect(pdfText(set.rawPayload)).toContain('https://jw.example.gov.cn/r/');
    } finally {
      env.config.publicUrl = saved;
    }
  });

  it('tells loopback addresses from public ones', () => {
    for (const url of ['http://localhost:8080', 'http://127.0.0.1', 'http://[::1]:3000', 'http://0.0.0.0:8080'])
      expect(isLocalPublicUrl(url), url).toBe(true);
    for (const url of ['https://jw.example.gov.cn', 'http://10.1.2.3:8080', 'http://192.168.1.10'])
      expect(isLocalPublicUrl(url), url).toBe(false);
  });
});
