import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page, type Request, chromium } from 'playwright-core';
import { expect } from 'vitest';
import { TEST_PASSWORD, type TestEnv, startTestEnv } from '../../src/server/test/harness.js';
import { totpCode } from '../../src/server/shared/totp.js';

/** Where browser tests leave their screenshots (looked at by people, kept as CI artefacts). */
export const SCREENSHOT_DIR = resolve('.test-results/screenshots');

/** Launches Debian's Chromium headless with the flags this machine needs. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync('/usr/bin/chromium'))
    throw new Error('/usr/bin/chromium is missing: run `npm test` (its pretest installs it)');
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Starts a seeded platform serving the built console on a free port. */
export async function startConsoleServer(): Promise<{ env: TestEnv; url: string }> {
  if (!existsSync(resolve('dist/console/index.html'))) {
    throw new Error('dist/console is not built: `npm test` builds it first (npm run build)');
  }
  const env = await startTestEnv('sqlite', { config: { serveConsole: true } });
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (env.app.server.address() as { port: number }).port;
  return { env, url: `http://127.0.0.1:${port}` };
}

/**
 * The text of an element once it is visible. Alerts exist hidden and empty before a response
 * arrives, so reading `innerText` straight after a click races the server.
 */
export async function visibleText(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return locator.innerText();
}

/** A 1×1 PNG: the scanned file or photo a test attaches. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A seeded server with the built console, headless Chromium, and the profiles a test file opens on them. */
export interface ConsoleRig {
  env: TestEnv;
  url: string;
  /** Uncaught errors of every page opened, as `label: message` where the page has a label. */
  pageErrors: string[];
  /** A page in a fresh zh-CN browser profile (its own cookies), closed by `close()`. */
  newPage(viewport: { width: number; height: number }, label?: string): Promise<Page>;
  /** A fresh profile signed in to the console as a demo account (an administrator enrols TOTP at its first sign-in). */
  signIn(username: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** The one signed-in page of `username` (1440 × 900) for the rig's life: a walk switches between people. */
  as: (username: string) => Promise<Page>;
  /** Closes the profiles, the browser and the server. */
  close(): Promise<void>;
}

/**
 * Signs `page` in to the console at `url` as demo account `username`. Administrators enrol a
 * second factor at their first sign-in: the secret the page shows is read and answered with a
 * code for the server's clock (advanced past the last code used).
 */
export async function signInOn(page: Page, env: TestEnv, url: string, username: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(TEST_PASSWORD);
  await clickSubmit(page.getByTestId('login-submit'), 'sign in');
  const enrol = page.getByTestId('totp-secret');
  const menu = page.getByTestId('menu-account');
  await Promise.race([enrol.waitFor({ timeout: 15000 }), menu.waitFor({ timeout: 15000 })]);
  if (await enrol.isVisible()) {
    const secret = (await enrol.innerText()).replace(/\s+/g, '');
    env.clock.advance(30_000);
    await page.getByTestId('totp-code').fill(totpCode(secret, env.clock.nowMs()));
    await clickSubmit(page.getByTestId('totp-submit'), 'second factor');
    await menu.waitFor({ timeout: 15000 });
  }
}

/** Starts the server and the browser for a test file (call in `beforeAll`; `close()` in `afterAll`). */
export async function startConsoleRig(): Promise<ConsoleRig> {
  const { env, url } = await startConsoleServer();
  const browser = await launchBrowser().catch(async (e: unknown) => {
    await env.close();
    throw e;
  });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const newPage = async (viewport: { width: number; height: number }, label?: string): Promise<Page> => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(label ? `${label}: ${e.message}` : e.message));
    // BROWSER_CPU_THROTTLE=<n>: the page runs n times slower (Chromium's CPU throttling), as on a
    // loaded two-core CI runner; used to reproduce timing faults of the walks on a fast machine.
    const throttle = Number(process.env.BROWSER_CPU_THROTTLE ?? 0);
    if (throttle > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    }
    // BROWSER_EVENTS=1: the page's console, its write requests and every pointer event (target,
    // test id, point, time) go to the test's output, to see where a click went.
    if (process.env.BROWSER_EVENTS) {
      page.on('console', (m) => console.log(`[console ${label ?? ''}] ${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => console.log(`[pageerror ${label ?? ''}] ${e.message}`));
      page.on('request', (r) => r.method() !== 'GET' && console.log(`[req ${label ?? ''}] ${r.method()} ${r.url()}`));
      await page.addInitScript(() => {
        const d = (e: Event) => {
          const t = e.target as HTMLElement;
          const tid = t.closest?.('[data-testid]')?.getAttribute('data-testid');
          const me = e as MouseEvent;
          console.log(
            `event ${e.type} ${t.tagName}.${String(t.className).slice(0, 60)} tid=${tid} at ${me.clientX},${me.clientY} t=${performance.now().toFixed(0)}`,
          );
        };
        for (const ty of ['pointerdown', 'mousedown', 'mouseup', 'click']) document.addEventListener(ty, d, true);
        window.addEventListener('unhandledrejection', (e) =>
          console.log(`unhandledrejection ${JSON.stringify(e.reason)?.slice(0, 300)}`),
        );
      });
    }
    return page;
  };
  const signIn = async (username: string, viewport = { width: 1366, height: 900 }) => {
    const page = await newPage(viewport, username);
    await signInOn(page, env, url, username);
    return page;
  };
  const people = new Map<string, Page>();
  return {
    env,
    url,
    pageErrors,
    newPage,
    signIn,
    as: async (username) => {
      let page = people.get(username);
      if (!page) people.set(username, (page = await signIn(username, { width: 1440, height: 900 })));
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await env.close();
    },
  };
}

/** A screenshot named `name`, once spinners are gone; open modals only show in a viewport shot (`full` false). */
export async function screenshot(page: Page, name: string, full = true): Promise<void> {
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 10000 })
    .catch(() => undefined);
  // A full-page shot of a scrolled window draws the fixed header and menu where the viewport was
  // (mid-page): from the top they sit where a reader sees them. The scroll is put back afterwards.
  const scrolled = full ? await page.evaluate(() => window.scrollY) : 0;
  if (scrolled > 0) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: full });
  if (scrolled > 0) await page.evaluate((y) => window.scrollTo(0, y), scrolled);
}

/** Whether `request` is a write to the platform's API (what a form's submit sends). */
function isApiWrite(request: Request): boolean {
  return request.method() !== 'GET' && request.url().includes('/api/');
}

/** Resolves true once `sent` resolves, false after `ms` milliseconds. */
function within(sent: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((done) => (timer = setTimeout(() => done(false), ms)));
  return Promise.race([sent.then(() => true), late]).finally(() => clearTimeout(timer));
}

/**
 * Clicks a form's or dialog's submit button and makes sure the click was taken: a click lost
 * under load (the form filled, no request, no error) shows as no write request to the API within
 * 5 s, and is repeated once, as `act` does. A click that sent its request is never repeated, so
 * nothing is sent twice; a click taken at once costs no wait. When the button did get its DOM
 * click (its handler ran) the request is given 10 s more before the click is repeated, so a
 * request slow to leave a loaded browser is not doubled either. For a submit the page itself
 * refuses (no request is meant to go out) use a plain click: this one would wait and click again.
 *
 * A repeated click is said in the log with what was seen of the first one (whether the button
 * got a DOM click event, page errors in the meantime) and a screenshot, so a run that needed it
 * tells where the click went. `clickSubmit(page, button, what)` is the older spelling.
 */
export async function clickSubmit(button: Locator, what: string): Promise<void>;
export async function clickSubmit(page: Page, button: Locator, what: string): Promise<void>;
export async function clickSubmit(a: Page | Locator, b: Locator | string, c?: string): Promise<void> {
  const [button, what] = typeof b === 'string' ? [a as Locator, b] : [b, c ?? ''];
  const page = button.page();
  let onRequest: (r: Request) => void = () => undefined;
  const sent = new Promise<void>((done) => {
    onRequest = (r) => {
      if (isApiWrite(r)) done();
    };
  });
  const errors: string[] = [];
  const onError = (e: Error) => errors.push(e.message);
  page.on('request', onRequest);
  page.on('pageerror', onError);
  try {
    // Counts the DOM clicks the button gets (its own listener, on the element Playwright clicks).
    await button.evaluate((el) => {
      const w = window as unknown as { __submitClicks?: number };
      w.__submitClicks = 0;
      el.addEventListener('click', () => (w.__submitClicks = (w.__submitClicks ?? 0) + 1), { once: true });
    });
    await button.click();
    if (await within(sent, 5000)) return;
    if ((await button.count()) === 0) return;
    const reached = await page
      .evaluate(() => (window as unknown as { __submitClicks?: number }).__submitClicks ?? 0)
      .catch(() => -1);
    if (reached !== 0 && (await within(sent, 10000))) return;
    if ((await button.count()) === 0) return;
    console.warn(
      `${what}: the submit click sent no request (the button got ${reached} DOM click(s); ` +
        `page errors: ${JSON.stringify(errors)}); clicking it again`,
    );
    await page
      .screenshot({ path: join(SCREENSHOT_DIR, `lost-click-${what.replace(/[^\w-]+/g, '_')}.png`) })
      .catch(() => undefined);
    await button.click();
  } finally {
    page.off('request', onRequest);
    page.off('pageerror', onError);
  }
}

/**
 * On a report's detail page: clicks an action button, fills the modal's note when given,
 * confirms, and waits until the report shows `status` (its Chinese name).
 */
export async function act(page: Page, testId: string, note: string | null, status: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByTestId('action-form').waitFor();
  if (note !== null) await page.getByTestId('action-note').fill(note);
  // Under load a click on the dialog's confirm button was lost now and then (CI: the form filled,
  // no request, no error, 40 s): clickSubmit repeats it once when no write request went out.
  await clickSubmit(page.getByTestId('action-submit'), testId);
  try {
    await page.getByTestId('action-form').waitFor({ state: 'detached', timeout: 40000 });
  } catch (err) {
    // Say why the dialog stayed open (a refused request, a field the form still wants), and keep
    // a picture: a bare timeout told the last two readers nothing.
    await page.screenshot({ path: join(SCREENSHOT_DIR, `act-${testId}-stuck.png`) }).catch(() => undefined);
    const form = await page
      .getByTestId('action-form')
      .innerText()
      .catch(() => '');
    const notices = await page
      .locator('.ant-message, .ant-alert, .ant-form-item-explain-error')
      .allInnerTexts()
      .catch(() => []);
    throw new Error(
      `${testId}: the action dialog did not close (form: ${JSON.stringify(form)}; notices: ${JSON.stringify(notices)})`,
      { cause: err },
    );
  }
  await expect.poll(() => page.getByTestId('report-status').innerText(), { timeout: 10000 }).toBe(status);
}

/**
 * Opens the Ant Design select `testId` and picks the option holding `name` in that select's own
 * dropdown (found by the input's `aria-controls`): a dropdown opened just before may still be
 * closing and hold the same names, and a click there lands on an element that is going away.
 * `typed`: for a select with search, type `name` first, as a user finds an option beyond the part
 * of a long list antd draws.
 */
export async function pickOption(page: Page, testId: string, name: string, typed = false): Promise<void> {
  const select = page.getByTestId(testId);
  // A pick can be lost on a loaded machine (CI: a decision sent with the form's default body, a
  // 留党察看 outcome whose fields never showed): the select must show the name afterwards, or the
  // list is closed and the option picked again.
  for (let attempt = 1; ; attempt++) {
    await select.click();
    const input = (await select.evaluate((e) => e.tagName)) === 'INPUT' ? select : select.locator('input').first();
    if (typed) await input.fill(name);
    const listId = await input.getAttribute('aria-controls');
    await page
      .locator('.ant-select-dropdown')
      .filter({ has: page.locator(`[id="${listId}"]`) })
      .locator('.ant-select-item-option')
      .filter({ hasText: name })
      .first()
      .click();
    if ((await selectShows(select, name)) || attempt === 3) return;
    console.warn(`pickOption ${testId}: "${name}" was not taken (attempt ${attempt}); picking it again`);
    await page.keyboard.press('Escape');
    await noOpenDropdown(page);
  }
}

/** Whether the select around `select` shows `name` within 5 s (true when it has gone: the form moved on). */
async function selectShows(select: Locator, name: string): Promise<boolean> {
  const shown = () =>
    select
      .evaluate((e) => e.closest('.ant-select')?.querySelector('.ant-select-selector')?.textContent ?? '')
      .catch(() => null);
  try {
    await expect
      .poll(
        async () => {
          const text = await shown();
          return text === null || text.includes(name);
        },
        { timeout: 5000 },
      )
      .toBe(true);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until no select's option list and no date picker's panel is open or still closing (one
 * left over a form takes, or re-renders the form under, the next click).
 */
export async function noOpenDropdown(page: Page): Promise<void> {
  const open = () =>
    page
      .locator(
        '.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-picker-dropdown:not(.ant-picker-dropdown-hidden)',
      )
      .count();
  // A closing panel's animation outlasts expect.poll's default second on a loaded CI machine (a
  // renewals walk failed so): wait for it; one still open after 5 s is closed with Escape.
  try {
    await expect.poll(open, { timeout: 5000 }).toBe(0);
  } catch {
    await page.keyboard.press('Escape');
    await expect.poll(open, { timeout: 10000 }).toBe(0);
  }
}

/**
 * Fills a text input and makes sure the text holds: fills again until the input shows it (a fill
 * while a select's list was closing lost its text once on a loaded CI machine).
 */
export async function fillHeld(input: Locator, value: string): Promise<void> {
  await expect
    .poll(
      async () => {
        if ((await input.inputValue()) !== value) await input.fill(value);
        return input.inputValue();
      },
      { timeout: 10000 },
    )
    .toBe(value);
}

/** Types a date into an antd date picker and leaves it with Tab (not Enter: Enter submits the form). */
export async function typeDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(date);
  await input.press('Tab');
  await noOpenDropdown(page);
}

/**
 * On a measure's card (措施 tab): carries it out (执行) with the notice served to `servedTo` and
 * the team members `present` (names) ticked, each ticked again until it holds before the next (a
 * tick during the dialog's opening could be lost); waits until the dialog has closed.
 */
export async function carryOutMeasure(page: Page, card: Locator, servedTo: string, present: string[]): Promise<void> {
  await card.getByTestId('measure-step-start').click();
  await page.getByTestId('step-form-start').waitFor();
  await page.getByTestId('step-notice-served-to').fill(servedTo);
  for (const name of present) {
    // A tick while the dialog is still opening can be lost (or undone when its form settles):
    // tick again until it holds. `check` leaves a ticked box alone, so this never unticks one.
    const box = page.getByTestId('step-present').getByLabel(name);
    await expect
      .poll(
        async () => {
          if (!(await box.isChecked())) await box.check().catch(() => undefined);
          return box.isChecked();
        },
        { timeout: 20000 },
      )
      .toBe(true);
  }
  await clickSubmit(page.getByTestId('step-submit'), 'carry out a measure');
  await page.getByTestId('step-form-start').waitFor({ state: 'detached', timeout: 20000 });
}

/** A fresh signed-in page of `username` whose browser clock reads the server's (forms that default to now). */
export async function signInAtServerTime(rig: ConsoleRig, username: string): Promise<Page> {
  const page = await rig.signIn(username, { width: 1440, height: 900 });
  await page.clock.setFixedTime(new Date(rig.env.clock.nowMs()));
  return page;
}

/**
 * Signs every pending step of approval `approvalId` in the console, each on its holder's own
 * page (`as(username)` gives a signed-in page): the approval's page, an opinion, 同意, and a wait
 * until the server holds the decision (the row's version moves), so the next holder reads the
 * chain's new step. The holder is read from the database, as a person would from their to-dos.
 * Returns who signed, in order. A step signed off the platform (线下签批) stops it with an error.
 */
export async function approveInConsole(
  env: TestEnv,
  url: string,
  approvalId: string,
  as: (username: string) => Promise<Page>,
  opinion = '同意',
): Promise<string[]> {
  const db = env.ctx().db;
  const row = () =>
    db
      .selectFrom('approvals as a')
      .leftJoin('users as u', 'u.id', 'a.current_holder_id')
      .leftJoin('approval_steps as s', 's.id', 'a.current_step_id')
      .select(['a.status', 'a.version', 'u.username', 's.offline'])
      .where('a.id', '=', approvalId)
      .executeTakeFirstOrThrow();
  const signers: string[] = [];
  for (let step = 0; step < 10; step++) {
    const a = await row();
    if (a.status !== 'pending') {
      expect(a.status).toBe('approved');
      return signers;
    }
    if (Number(a.offline) === 1 || !a.username)
      throw new Error(`step ${step} of ${approvalId} has no holder on the platform`);
    const page = await as(a.username);
    await page.goto(`${url}/approvals/${approvalId}`);
    await page.getByTestId('approval-decision').waitFor({ timeout: 20000 });
    await page.getByTestId('approval-opinion').fill(opinion);
    await clickSubmit(page.getByTestId('approval-approve'), 'approve');
    await expect.poll(async () => (await row()).version, { timeout: 20000 }).toBeGreaterThan(a.version);
    signers.push(a.username);
  }
  throw new Error(`approval ${approvalId} did not end within 10 steps`);
}

/**
 * Closes the open Ant Design select dropdown (a multiple select stays open after a pick and
 * covers what lies below it) by clicking `outside`, a plain element of the page such as a dialog
 * or card title (Escape would close a dialog around the select too); waits until none shows.
 */
export async function closeDropdown(page: Page, outside: Locator): Promise<void> {
  await outside.click();
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: 15000 }).toBe(0);
}

/**
 * Types `dates` (YYYY-MM-DD) into the antd date picker `testId` as a user would: one date for a
 * DatePicker, two (start, end) for a RangePicker (whose two inputs both carry the test id). Each
 * is confirmed by leaving the field with Tab (Enter would also submit the picker's form).
 */
export async function pickDate(page: Page, testId: string, ...dates: string[]): Promise<void> {
  const inputs = page.getByTestId(testId);
  for (const [i, date] of dates.entries()) {
    const input = inputs.nth(i);
    await input.click();
    await input.fill(date);
    await input.press('Tab');
  }
  for (const [i, date] of dates.entries())
    await expect.poll(() => inputs.nth(i).inputValue(), { timeout: 10000 }).toBe(date);
  await page.keyboard.press('Escape');
  await expect
    .poll(() => page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').count(), { timeout: 10000 })
    .toBe(0);
}

/** The instant `offsetMs` from the rig's server clock as a Shanghai wall-clock time `YYYY-MM-DD HH:mm`, as a date-time field shows it. */
export function localInput(rig: ConsoleRig, offsetMs: number): string {
  return new Date(rig.env.clock.nowMs() + offsetMs + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Types `value` (`YYYY-MM-DD HH:mm`) into the console's date-time field `testId` (DateTimeField,
 * an antd picker) as a user would, leaves it with Tab, and waits until the field shows the value
 * and its panel is closed (an open panel covers what lies below it).
 */
export async function fillDateTime(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(value);
  await input.press('Tab');
  await expect.poll(() => input.inputValue(), { timeout: 10000 }).toBe(value);
  await expect
    .poll(() => page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').count(), { timeout: 10000 })
    .toBe(0);
}

/** Sets a date (YYYY-MM-DD) in a dialog's date picker `testId` and closes its panel. */
export async function dialogDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(date);
  await input.press('Tab');
  await expect.poll(() => input.inputValue(), { timeout: 10000 }).toBe(date);
  await page.locator('.ant-modal-title').last().click();
}
