/**
 * What every village page shares (issue 16): the title bar, the place line and the tab bar of the
 * village's pages (举报 · 村务公开 · 惠民资金 · 补贴查询 · 小微权力), and the way a page hands a
 * published record to the report form ("report a problem about this line").
 */
import { h, show } from '../dom.js';
import { header, placeLine } from '../ui.js';

/** The village's pages, as the tab bar lists them: path after the region code, and label. */
export const VILLAGE_TABS = [
  ['', '我要举报'],
  ['finance', '村务公开'],
  ['funds', '惠民资金'],
  ['subsidies', '补贴查询'],
  ['powers', '小微权力'],
] as const;

/** A village page's name in the tab bar. */
export type VillageTab = (typeof VILLAGE_TABS)[number][0];

/** The tab bar of a village's pages, with `active` marked as the current page. */
export function villageNav(regionCode: string, active: VillageTab): HTMLElement {
  return h(
    'nav',
    { class: 'tabs', 'aria-label': '本村公开栏', 'data-testid': 'village-nav' },
    ...VILLAGE_TABS.map(([path, label]) =>
      h(
        'a',
        {
          href: `/r/${regionCode}${path ? `/${path}` : ''}`,
          'aria-current': path === active ? 'page' : undefined,
          'data-testid': `village-tab-${path || 'report'}`,
        },
        label,
      ),
    ),
  );
}

/**
 * Shows a village page: title bar, tab bar, the village's name, then `content`. On a narrow phone
 * the tab bar scrolls sideways; the current tab is scrolled into view.
 */
export function villagePage(regionCode: string, title: string, active: VillageTab, ...content: Node[]): void {
  const nav = villageNav(regionCode, active);
  show(header(title), nav, placeLine(regionCode, '本村'), ...content);
  nav.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'center' });
}

/** A published record handed to the report form: what the villager objects to. */
export interface AboutRecord {
  /** The kind its module registered on the server (`disclosure_line`, `qr_item`, …). */
  kind: string;
  id: string;
  /** One line naming it, as the page showed it. */
  label: string;
}

/**
 * Opens the reporting guide and then the report form about `about`, for the village `regionCode`:
 * the form shows the record and sends its reference; the server checks it is still published.
 */
export async function reportAbout(regionCode: string, about: AboutRecord): Promise<void> {
  const { guidePage } = await import('../pages/guide.js');
  guidePage(regionCode, about);
}

/** Says plainly that a page is not open yet (a village page whose module has not landed). */
export function notYetPage(regionCode: string | null): void {
  show(
    header('暂未开通'),
    regionCode ? villageNav(regionCode, '') : null,
    h('section', { class: 'card' }, h('p', {}, '本页面暂未开通，请稍后再试，或拨打 12388 反映问题。')),
  );
}
