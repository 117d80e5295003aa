import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toShanghaiDate } from '../../src/server/shared/calendar/calendar.js';
import {
  type ConsoleRig,
  approveInConsole,
  clickSubmit,
  fillHeld,
  noOpenDropdown,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  typeDate,
  visibleText,
} from './browser.js';

/**
 * A recommendation (监察建议书, issue 15 §2) in headless Chromium: township 1's commission drafts
 * one to a village committee with every part the rules require and submits it (送审); its 主要负责人
 * signs the approval on the approvals page, which issues it (numbered, reply due); the issuer
 * downloads the PDF, which pdftotext reads back; the village committee records its reply with
 * two measures, and two rectification items of the village committee exist, linked from the page.
 */

const DAY = 24 * 3600_000;

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')(
  'a recommendation drafted, approved, issued and answered in headless Chromium',
  () => {
    let rig: ConsoleRig;
    beforeAll(async () => {
      rig = await startConsoleRig();
    });
    afterAll(async () => rig?.close());

    it(
      'drafts, submits, signs, downloads the 监察建议书 and records a reply of two items',
      { timeout: 600_000 },
      async () => {
        const env = rig.env;
        const db = env.ctx().db;
        const village = await db
          .selectFrom('users as u')
          .innerJoin('units as n', 'n.id', 'u.unit_id')
          .select(['n.id', 'n.name'])
          .where('u.username', '=', 'vcadre1')
          .executeTakeFirstOrThrow();
        const plusDays = (n: number) => toShanghaiDate(new Date(env.clock.nowMs() + n * DAY).toISOString());
        const deadline = plusDays(45);

        // 1. The draft, from the list page.
        const page = await signInAtServerTime(rig, 'township1');
        await page.goto(`${rig.url}/recommendations`);
        await page.getByTestId('rec-create').click();
        await page.getByTestId('rec-form').waitFor({ timeout: 20000 });
        await fillHeld(page.getByTestId('rec-subject'), '关于规范村级惠农补贴发放管理的监察建议');
        await pickOption(page, 'rec-recipient', village.name, true);
        await noOpenDropdown(page);
        await fillHeld(page.getByTestId('rec-principal'), '李主任');
        await fillHeld(page.getByTestId('rec-situation'), '2026年第四季度专项检查中，抽查该村惠农补贴发放记录36份。');
        await fillHeld(
          page.getByTestId('rec-problems'),
          '一是补贴发放台账与银行代发记录不一致；二是未按规定公示。原因在于村务监督委员会监督缺位。',
        );
        await fillHeld(page.getByTestId('rec-requirements'), '逐户核对补贴发放台账，补齐公示，建立发放复核制度。');
        await typeDate(page, 'rec-deadline', deadline);
        await fillHeld(page.getByTestId('rec-report-back'), '整改完成后形成书面报告，通过平台报送整改情况和佐证材料。');
        await screenshot(page, 'recommendation-flow-1-draft', false);
        await clickSubmit(page.getByTestId('rec-save'), 'draft');
        await page.waitForURL(/\/recommendations\/[\w-]+$/, { timeout: 20000 });
        const id = page.url().split('/').pop()!;
        expect(await visibleText(page.getByTestId('rec-missing'))).toContain('内容齐全');
        expect(await visibleText(page.getByTestId('rec-status'))).toBe('草稿');
        const drafted = await db
          .selectFrom('recommendations')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(drafted).toMatchObject({ status: 'draft', owner_unit_id: village.id, deadline });

        // 2. Submitted (送审): in the chain, not numbered, linked to its approval.
        await page.getByTestId('rec-submit').click();
        await clickSubmit(page.getByTestId('rec-submit-confirm'), 'submit');
        await expect.poll(() => visibleText(page.getByTestId('rec-status')), { timeout: 20000 }).toBe('送审中');
        const submitted = await db
          .selectFrom('recommendations')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(submitted).toMatchObject({ status: 'submitted', number: null });
        expect(await visibleText(page.getByTestId('rec-approval'))).toContain('审批中');
        expect(await page.getByTestId('rec-approval-link').getAttribute('href')).toBe(
          `/approvals/${submitted.approval_id}`,
        );
        expect(await page.getByTestId('rec-edit').count()).toBe(0);
        await screenshot(page, 'recommendation-flow-2-submitted');

        // 3. The township's 主要负责人 signs on the approvals page: issued, numbered, the reply due.
        const signers = await approveInConsole(env, rig.url, submitted.approval_id!, rig.as);
        expect(signers).toEqual(['township1']);
        await page.goto(`${rig.url}/recommendations/${id}`);
        await expect.poll(() => visibleText(page.getByTestId('rec-status')), { timeout: 20000 }).toBe('待回复');
        const issued = await db
          .selectFrom('recommendations')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(issued.status).toBe('issued');
        expect(issued.number).toMatch(/〔2026〕\d+号$/);
        expect(await page.getByTestId('rec-number').innerText()).toBe(issued.number);
        expect(await page.getByTestId('rec-reply-due').innerText()).not.toBe('—');
        await screenshot(page, 'recommendation-flow-3-issued');

        // 4. The PDF as downloaded, read back with pdftotext.
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rec-doc-pdf').click()]);
        const dir = mkdtempSync(join(tmpdir(), 'qf-rec-'));
        const pdf = join(dir, 'recommendation.pdf');
        await download.saveAs(pdf);
        expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString('utf8').replace(/\s+/g, '');
        for (const s of ['监察建议书', issued.number!, village.name, '补贴发放台账与银行代发记录不一致', '李主任'])
          expect(text).toContain(s);

        // 5. The village committee records its reply: two measures, two rectification items.
        const recipient = await signInAtServerTime(rig, 'vcadre1');
        await recipient.goto(`${rig.url}/recommendations/${id}`);
        await recipient.getByTestId('rec-reply').waitFor({ timeout: 30000 });
        await recipient.getByTestId('rec-measure-add').click();
        const measures = recipient.getByTestId('rec-measure');
        await expect.poll(() => measures.count(), { timeout: 10000 }).toBe(2);
        const fill = async (i: number, problem: string, what: string, due: string) => {
          const card = measures.nth(i);
          await fillHeld(card.getByTestId('rec-measure-problem'), problem);
          await fillHeld(card.getByTestId('rec-measure-measures'), what);
          const input = card.getByTestId('rec-measure-due');
          await input.click();
          await input.fill(due);
          await input.press('Tab');
          await noOpenDropdown(recipient);
        };
        await fill(0, '补贴发放台账与银行代发记录不一致', '逐户核对台账与代发记录，差错逐笔更正', plusDays(30));
        await fill(1, '补贴发放未按规定公示', '在村务公开栏和微信群公示发放明细', plusDays(20));
        await fillHeld(recipient.getByTestId('rec-reply-note'), '村委会已研究部署整改，明确专人负责。');
        await screenshot(recipient, 'recommendation-flow-4-reply');
        await clickSubmit(recipient.getByTestId('rec-reply-save'), 'reply');
        await expect.poll(() => visibleText(recipient.getByTestId('rec-status')), { timeout: 20000 }).toBe('已回复');
        const items = await db
          .selectFrom('rectification_items')
          .select(['id', 'problem', 'owner_unit_id', 'due_on', 'status'])
          .where('source_kind', '=', 'supervision_recommendation')
          .where('source_id', '=', id)
          .orderBy('due_on', 'desc')
          .execute();
        expect(items).toHaveLength(2);
        expect(items.map((i) => [i.problem, i.due_on, i.owner_unit_id])).toEqual([
          ['补贴发放台账与银行代发记录不一致', plusDays(30), village.id],
          ['补贴发放未按规定公示', plusDays(20), village.id],
        ]);
        for (const item of items) await recipient.getByTestId(`rec-item-${item.id}`).waitFor({ timeout: 10000 });
        await screenshot(recipient, 'recommendation-flow-5-replied');
        expect(rig.pageErrors).toEqual([]);
      },
    );
  },
);
