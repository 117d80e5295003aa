/**
 * Helpers the console walks share beyond `browser.ts`: a download's bytes and a DOCX's text (the
 * documents read back), the unit a demo account belongs to, and the rectification item page's
 * opening and dialogs (the loop, escalation and extension walks).
 */
import JSZip from 'jszip';
import type { Download, Page } from 'playwright-core';
import { toShanghaiDate } from '../../src/server/shared/calendar/calendar.js';
import { type ConsoleRig, clickSubmit, screenshot } from './browser.js';

const DAY = 24 * 3_600_000;

/** The bytes of a finished download. */
export async function bytesOf(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The text of a DOCX's body, tags and white space removed. */
export async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

/** The unit (id and name) demo account `username` belongs to. */
export function unitOfUser(rig: ConsoleRig, username: string): Promise<{ id: string; name: string }> {
  return rig.env
    .ctx()
    .db.selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['n.id', 'n.name'])
    .where('u.username', '=', username)
    .executeTakeFirstOrThrow();
}

/** The rig's date in Shanghai, `plus` days on (YYYY-MM-DD). */
export function rigDay(rig: ConsoleRig, plus = 0): string {
  return toShanghaiDate(new Date(rig.env.clock.nowMs() + plus * DAY).toISOString());
}

/** Opens rectification item `id` on `page` and waits for its details. */
export async function openItem(rig: ConsoleRig, page: Page, id: string): Promise<void> {
  await page.goto(`${rig.url}/rectification/${id}`);
  await page.getByTestId('rectification-detail').waitFor({ timeout: 30000 });
}

/** Opens the item page's dialog `testId`, lets `fill` fill it, saves, and waits until it has closed. */
export async function itemDialog(page: Page, testId: string, fill: () => Promise<void>, shot?: string): Promise<void> {
  await page.getByTestId(`${testId}-open`).click();
  await page.getByTestId(`${testId}-form`).waitFor({ timeout: 20000 });
  await fill();
  if (shot) await screenshot(page, shot, false);
  await clickSubmit(page.getByTestId(`${testId}-save`), testId);
  await page.getByTestId(`${testId}-form`).waitFor({ state: 'detached', timeout: 20000 });
}
