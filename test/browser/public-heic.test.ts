import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEIC_REFUSAL } from '../../src/server/modules/attachments/index.js';
import { makeReport } from '../../src/server/test/factories.js';
import type { TestEnv } from '../../src/server/test/harness.js';
import { SCREENSHOT_DIR, launchBrowser, startConsoleServer, visibleText } from './browser.js';

// Issue 11 §2 on the phone: attachments refuse HEIC (sharp has no HEVC decoder). The picker's
// accept list names image/jpeg and no HEIC type, so iOS Safari hands over its photos as JPEG; a
// HEIC photo that still arrives is refused before the upload, and by the server, with what to do
// in plain words (send a screenshot, or set the camera to 兼容性最佳).

/** The first bytes of an iPhone photo: an ISO box `ftyp` of brand heic. */
const HEIC = Buffer.concat([Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(400)]);

describe.skipIf(process.env.TEST_SQLITE === '0')('HEIC photos on the phone page in headless Chromium', () => {
  let env: TestEnv;
  let url: string;
  let browser: Browser;
  let village: string;
  beforeAll(async () => {
    ({ env, url } = await startConsoleServer());
    browser = await launchBrowser();
    village = (
      await env
        .ctx()
        .db.selectFrom('regions')
        .select('code')
        .where('level', '=', 'village')
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('asks for JPEG and no HEIC in the picker, and says what to do with a HEIC photo', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/r/${village}`);
    await page.getByTestId('guide-read').click();
    await page.getByTestId('report-form').waitFor();

    const input = page.getByTestId('file-input');
    const accept = ((await input.getAttribute('accept')) ?? '').split(',');
    expect(accept).toContain('image/jpeg');
    expect(accept.filter((a) => /heic|heif|image\/\*/i.test(a))).toEqual([]);
    expect(await input.getAttribute('multiple')).not.toBeNull();

    // A HEIC photo chosen anyway (a file manager, another browser): refused before any upload.
    let uploads = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/public/receipt-attachments')) uploads++;
    });
    await input.setInputFiles([{ name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: HEIC }]);
    const message = await visibleText(page.getByTestId('file-error'));
    expect(message).toBe(
      '「IMG_0001.HEIC」是 HEIC 格式的照片，暂时无法上传。请发送这张照片的截图，或在手机“设置 → 相机 → 格式”中选择“兼容性最佳”后重新拍摄。',
    );
    expect(await page.getByTestId('file-list').locator('li').count()).toBe(0);
    await page.getByTestId('file-error').scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'public-heic-refused.png') });

    // The server says the same when a HEIC file reaches it (an old page, a script).
    const { receipt } = await makeReport(env, village);
    const answer = await page.evaluate(
      async ({ receipt, bytes }) => {
        const body = new FormData();
        body.append('receipt', receipt);
        body.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/heic' }), 'IMG_0002.HEIC');
        const res = await fetch('/api/public/receipt-attachments', { method: 'POST', body });
        return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
      },
      { receipt, bytes: [...HEIC] },
    );
    expect(answer.status).toBe(415);
    expect(answer.body.error).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', message: HEIC_REFUSAL });
    expect(uploads).toBe(1); // only the scripted one
    expect(errors).toEqual([]);
    await context.close();
  });
});
