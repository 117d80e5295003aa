import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toShanghaiDate } from '../../src/server/shared/calendar/calendar.js';
import { unitOf, villageOf } from '../../src/server/test/factories.js';
import { pdfText } from '../../src/server/test/pdf.js';
import { phoneJpeg } from '../../src/server/test/sample-files.js';
import {
  type ConsoleRig,
  approveInConsole,
  clickSubmit,
  dialogDate,
  pickDate,
  pickOption,
  screenshot,
  startConsoleRig,
  visibleText,
} from './browser.js';

/**
 * Issue 15's inspection loop in headless Chromium: the 党风政风监督室 plans a special (专项)
 * inspection of subsidy payments in a village in the console — a team member related to a
 * villager is refused by the conflict check and the page says who and why; the team is picked
 * again, the plan goes through its approval chain signed by each holder on their own page, and
 * the leader starts the work. On a phone (390 × 844) the leader works the village checklist item
 * by item: an item that needs a photo is refused without one (the server's words on the screen),
 * passes with a photo taken; the next item is found wanting, which opens the finding form; its
 * next step is a rectification item for the village committee (村民委员会). The item is in the
 * ledger with that responsible unit and on the village contact's (vcadre1) workbench card; the
 * finding links to it with its status. The report is written, downloaded and read back with
 * pdftotext; the checklist page shows the version the inspection used.
 */

const DAY = 24 * 3600_000;

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('an inspection loop in the console, in headless Chromium', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  it(
    'plans, approves and works a special inspection of subsidies on a phone; the finding lands in the ledger',
    { timeout: 600_000 },
    async () => {
      const env = rig.env;
      const db = env.ctx().db;
      const day = (n: number) => toShanghaiDate(new Date(env.clock.nowMs() + n * DAY).toISOString());
      const villageCode = await villageOf(env, 'township1');
      const village = await db
        .selectFrom('regions')
        .select('name')
        .where('code', '=', villageCode)
        .executeTakeFirstOrThrow();
      const councilId = await unitOf(env, 'vcadre1');
      const council = await db.selectFrom('units').select('name').where('id', '=', councilId).executeTakeFirstOrThrow();
      const nameOf = async (username: string) =>
        (await db.selectFrom('users').select('display_name').where('username', '=', username).executeTakeFirstOrThrow())
          .display_name;
      const [leaderName, memberName, relatedName] = [
        await nameOf('supervisor'),
        await nameOf('tstaff1'),
        await nameOf('township2'),
      ];
      // township2's secretary declared a spouse among the village's people: the conflict check refuses him.
      const villager = await db
        .selectFrom('subjects')
        .select(['id', 'name'])
        .where('region_code', '=', villageCode)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const declared = await (
        await env.as('township2')
      ).post('/api/declared-relations', {
        kind: 'relative',
        relation: 'spouse',
        name: villager.name,
        subjectId: villager.id,
        regionCode: villageCode,
      });
      expect(declared.statusCode, declared.body).toBe(201);

      // 1. The plan, made in the console by the 党风政风监督室.
      const page = await rig.as('supervisor');
      await page.goto(`${rig.url}/inspections`);
      await page.getByTestId('inspection-new').click();
      await page.getByTestId('plan-form').waitFor({ timeout: 20000 });
      await page.getByTestId('plan-title').fill(`${village.name}惠民惠农补贴发放专项监督检查`);
      await pickOption(page, 'plan-topic', '惠民惠农补贴');
      await page.getByTestId('plan-scope').fill('检查2026年惠民惠农补贴资金发放、公示情况');
      await pickDate(page, 'plan-period', day(1), day(20));
      await pickOption(page, 'plan-target-villages', village.name, true);
      await page.keyboard.press('Escape');
      await pickOption(page, 'plan-leader', leaderName, true);
      await pickOption(page, 'plan-members', relatedName, true);
      await pickOption(page, 'plan-members', memberName, true);
      await page.keyboard.press('Escape');
      await pickOption(page, 'plan-checklists', '村级日常事务监督清单');
      await page.keyboard.press('Escape');
      await screenshot(page, 'inspection-loop-1-plan');
      await clickSubmit(page.getByTestId('plan-save'), 'save the plan');
      // The conflict check's refusal: who, and why, in words.
      const conflicts = await visibleText(page.getByTestId('plan-conflicts'));
      expect(conflicts).toContain(relatedName);
      expect(conflicts).toContain('回避');
      await screenshot(page, 'inspection-loop-2-conflict');
      expect(await db.selectFrom('inspections').select('id').execute()).toHaveLength(0);
      await page
        .locator('.ant-select-selection-item')
        .filter({ hasText: relatedName })
        .locator('.ant-select-selection-item-remove')
        .click();
      await clickSubmit(page.getByTestId('plan-save'), 'save the plan again');
      await page.waitForURL((u) => /^\/inspections\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'), {
        timeout: 20000,
      });
      const id = page.url().split('/').pop()!;
      await page.getByTestId('plan-team').waitFor();
      expect(await page.getByTestId('plan-team').innerText()).toContain(memberName);
      expect(await page.getByTestId('plan-team').innerText()).not.toContain(relatedName);

      // 2. Submitted, approved through the chain by each holder on their own page, started.
      await clickSubmit(page.getByTestId('plan-submit'), 'submit the plan');
      await expect.poll(() => page.getByTestId('inspection-status').innerText(), { timeout: 20000 }).toBe('方案报批中');
      await screenshot(page, 'inspection-loop-3-submitted');
      const { approval_id: approvalId } = await db
        .selectFrom('inspections')
        .select('approval_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const signers = await approveInConsole(env, rig.url, approvalId!, rig.as);
      expect(signers.length).toBeGreaterThan(0);
      expect(signers).not.toContain('supervisor');
      await page.goto(`${rig.url}/inspections/${id}`);
      await expect.poll(() => page.getByTestId('inspection-status').innerText(), { timeout: 20000 }).toBe('方案已批准');
      await clickSubmit(page.getByTestId('plan-start'), 'start the work');
      await expect.poll(() => page.getByTestId('inspection-status').innerText(), { timeout: 20000 }).toBe('检查中');
      await screenshot(page, 'inspection-loop-4-started');

      // 3. The checklist on a phone, item by item.
      const phone = await rig.signIn('supervisor', { width: 390, height: 844 });
      await phone.goto(`${rig.url}/inspections/${id}?tab=checks`);
      await phone.getByTestId('check-item').waitFor({ timeout: 20000 });
      expect(await phone.getByTestId('check-item-label').innerText()).toBe('三资台账是否按月公开');
      expect(await phone.getByTestId('check-evidence').innerText()).toBe('照片');
      await phone.getByTestId('check-result-pass').click();
      await phone.getByTestId('check-note').fill('三资台账已按月公开');
      await clickSubmit(phone.getByTestId('check-save'), 'record without a photo');
      expect(await visibleText(phone.getByTestId('check-error'))).toContain('须附照片');
      await screenshot(phone, 'inspection-loop-5-phone-refused');
      expect(await db.selectFrom('inspection_checks').select('id').execute()).toHaveLength(0);
      await phone
        .getByTestId('check-photo-input')
        .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg() });
      await expect.poll(() => phone.getByTestId('check-files').innerText(), { timeout: 20000 }).toContain('IMG_0001');
      await screenshot(phone, 'inspection-loop-6-phone-photo');
      await clickSubmit(phone.getByTestId('check-save'), 'record with the photo');
      await expect
        .poll(() => phone.getByTestId('check-item-label').innerText(), { timeout: 20000 })
        .toBe('惠农补贴发放是否公示');
      // The second item is found wanting: the finding form opens.
      await phone.getByTestId('check-result-wanting').click();
      await phone.getByTestId('check-note').fill('2026年耕地地力保护补贴发放名册未在村务公开栏公示');
      await phone
        .getByTestId('check-photo-input')
        .setInputFiles({ name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg(1) });
      await expect.poll(() => phone.getByTestId('check-files').innerText(), { timeout: 20000 }).toContain('IMG_0002');
      await clickSubmit(phone.getByTestId('check-save'), 'record wanting');
      await phone.getByTestId('decision-form').waitFor({ timeout: 20000 });
      expect(await phone.getByTestId('decision-what').inputValue()).toContain('未在村务公开栏公示');
      await phone.getByText('较重').click();
      await pickOption(phone, 'decision-unit', council.name, true);
      await phone.getByTestId('decision-person').fill('村委会主任');
      await dialogDate(phone, 'decision-due', day(30));
      await phone.getByTestId('decision-measures').fill('10日内补充公示并报送公示照片');
      await screenshot(phone, 'inspection-loop-7-phone-finding', false);
      await clickSubmit(phone.getByTestId('decision-submit'), 'decide the finding');
      await phone.getByTestId('decision-form').waitFor({ state: 'hidden', timeout: 20000 });
      await phone.getByTestId('finding-rectification-link').waitFor({ timeout: 20000 });
      expect(await visibleText(phone.getByTestId('finding-rectification-status'))).toBe('待整改');
      expect(await phone.getByTestId('finding-unit').innerText()).toBe(council.name);
      await screenshot(phone, 'inspection-loop-8-phone-findings');

      // 4. The rectification item: in the ledger for the village committee, on vcadre1's workbench card.
      const finding = await db
        .selectFrom('inspection_findings')
        .selectAll()
        .where('inspection_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(finding.next_step).toBe('rectification');
      const item = await db
        .selectFrom('rectification_items')
        .selectAll()
        .where('id', '=', finding.rectification_item_id!)
        .executeTakeFirstOrThrow();
      expect(item).toMatchObject({
        source_kind: 'inspection_finding',
        source_id: finding.id,
        owner_unit_id: councilId,
        severity: 'major',
        status: 'open',
      });
      expect(await phone.getByTestId('finding-rectification-link').getAttribute('href')).toBe(
        `/rectification/${item.id}`,
      );
      const cards = (await (await env.as('vcadre1')).get('/api/workbench')).json<{
        cards: { key: string; items: { id: string }[] }[];
      }>().cards;
      expect(cards.find((c) => c.key === 'rectification.mine')?.items.map((i) => i.id)).toContain(item.id);

      // 5. The report, written on the documents tab, downloaded and read back.
      await page.goto(`${rig.url}/inspections/${id}?tab=documents`);
      await page
        .getByTestId('report-summary')
        .fill(`检查组对${village.name}惠民惠农补贴发放情况进行了检查，发现问题1个，已交办整改。`);
      await clickSubmit(page.getByTestId('report-save'), 'write the report');
      await expect.poll(() => page.getByTestId('inspection-status').innerText(), { timeout: 20000 }).toBe('已报告');
      await screenshot(page, 'inspection-loop-9-documents');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('doc-report-pdf').click()]);
      const text = pdfText(readFileSync(await download.path()));
      for (const words of ['情况报告', '交办整改', '未在村务公开栏公示', village.name]) expect(text).toContain(words);

      // 6. The checklist page shows the version the inspection used.
      await page.goto(`${rig.url}/inspections/${id}`);
      await page.getByTestId('plan-checklists').getByText('村级日常事务监督清单').click();
      await page.getByTestId('template-detail').waitFor({ timeout: 20000 });
      expect(await page.getByTestId('template-version').innerText()).toBe('第1版');
      expect(await page.getByTestId('template-items').innerText()).toContain('惠农补贴发放是否公示');
      await screenshot(page, 'inspection-loop-10-checklist', false);

      // 7. A township adapts the county's version into its own (an item added), issued; the county sees it.
      const township = await rig.as('township1');
      await township.goto(`${rig.url}/checklist-templates`);
      await township.getByTestId('templates-table').getByText('村级日常事务监督清单').click();
      await township.getByTestId('template-adapt').click();
      await expect
        .poll(() => township.getByTestId('template-detail').getByTestId('template-status').innerText(), {
          timeout: 20000,
        })
        .toBe('草稿');
      expect(await township.getByTestId('template-based-on').innerText()).toContain('第1版');
      await township.getByTestId('template-edit').click();
      await township.getByTestId('template-add-item').click();
      await township.getByTestId('template-item-label').last().fill('村集体土地发包是否公开招标');
      await screenshot(township, 'inspection-loop-11-township-adapts', false);
      await clickSubmit(township.getByTestId('template-save'), 'save the items');
      await expect
        .poll(() => township.getByTestId('template-items').innerText(), { timeout: 20000 })
        .toContain('公开招标');
      await clickSubmit(township.getByTestId('template-issue'), 'issue the adaptation');
      await expect
        .poll(() => township.getByTestId('template-detail').getByTestId('template-status').innerText(), {
          timeout: 20000,
        })
        .toBe('已印发');
      const adapted = await db
        .selectFrom('checklist_templates')
        .select(['level', 'status', 'based_on_id', 'items'])
        .where('level', '=', 'township')
        .executeTakeFirstOrThrow();
      expect(adapted).toMatchObject({ status: 'issued' });
      expect(String(adapted.items)).toContain('村集体土地发包是否公开招标');
      await page.goto(`${rig.url}/checklist-templates`);
      await page
        .getByTestId('templates-table')
        .locator('tr')
        .filter({ hasText: '村级日常事务监督清单' })
        .filter({ hasNotText: '乡镇' })
        .getByTestId('template-open')
        .click();
      await expect
        .poll(() => page.getByTestId('template-adaptations').innerText(), { timeout: 20000 })
        .toContain(
          await db
            .selectFrom('units')
            .select('name')
            .where('id', '=', await unitOf(env, 'township1'))
            .executeTakeFirstOrThrow()
            .then((u) => u.name),
        );
      await screenshot(page, 'inspection-loop-12-county-adaptations', false);
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
