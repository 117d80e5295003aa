/** The first page behind a QR code (`/r/<regionCode>`): the reporting guide, read before the form. */
import { h, show } from '../dom.js';
import { GUIDE } from '../guide.js';
import { guideLink, header, placeLine } from '../ui.js';
import { formPage } from './report-form.js';
import { type AboutRecord, villageNav } from '../village/shell.js';

/**
 * Shows the reporting guide (检举控告明白卡); 我已阅读 opens the report form for `regionCode`, about
 * the published record `about` when the villager came from one of the village's pages.
 */
export function guidePage(regionCode: string, about?: AboutRecord): void {
  show(
    header('检举控告明白卡'),
    villageNav(regionCode, ''),
    placeLine(regionCode),
    h(
      'section',
      { class: 'card guide', 'data-testid': 'guide' },
      ...GUIDE.map((part) =>
        h('div', {}, h('h2', {}, part.title), h('ul', {}, ...part.items.map((item) => h('li', {}, item)))),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { class: 'primary', type: 'button', 'data-testid': 'guide-read', onclick: () => formPage(regionCode, about) },
        '我已阅读',
      ),
      guideLink(regionCode),
      h('a', { class: 'link', href: '/r/receipt' }, '已有回执码？查询办理情况'),
    ),
  );
}
