/** What more than one page shows: the title bar, alert boxes, the guide link and Beijing time. */
import { type Place, get } from './api.js';
import { h } from './dom.js';

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An instant as Beijing time, e.g. 2026/11/22 10:05. */
export function beijingTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** A date `YYYY-MM-DD` as 2026年12月14日. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The title bar of every page. */
export function header(title: string): HTMLElement {
  return h('header', { class: 'bar' }, h('span', { class: 'brand' }, '清风'), h('h1', {}, title));
}

/** An empty, hidden alert box with the test id `testid`; filled by `setAlert`. */
export function alertBox(testid: string): HTMLDivElement {
  return h('div', { class: 'alert', role: 'alert', 'data-testid': testid, hidden: true });
}

/** Shows `message` in an alert box, or hides the box when null. */
export function setAlert(box: HTMLElement, message: string | null): void {
  box.textContent = message ?? '';
  box.hidden = !message;
}

/**
 * The place the QR code belongs to (反映地点：某某镇 某某村), named from the server, so the
 * reporter sees the form reports from their own village and township; a code the server does
 * not know is said plainly (the form would be refused).
 */
export function placeLine(regionCode: string, label = '反映地点'): HTMLElement {
  const line = h('p', { class: 'place', 'data-testid': 'place' }, `${label}：正在读取…`);
  get<{ places: Place[] }>(`/api/public/regions/${regionCode}`)
    .then(({ places }) => {
      const named = places.filter((p) => p.level !== 'county').map((p) => p.name);
      const county = places.find((p) => p.level === 'county');
      line.replaceChildren(`${label}：`, h('b', {}, named.join(' ') || (county?.name ?? '')));
      if (county && named.length) line.append(h('span', { class: 'muted' }, `（${county.name}）`));
    })
    .catch(() => {
      line.classList.add('warn');
      line.textContent = '未能确认此二维码所属的村（社区），请重新扫描公示栏上的二维码，或拨打 12388 反映问题。';
    });
  return line;
}

/** The reporting guide (检举控告明白卡) as a PDF, of the commission competent for the region when known. */
const guidePdf = (regionCode?: string) =>
  `/api/public/documents/reporting_guide.pdf${regionCode ? `?regionCode=${regionCode}` : ''}`;

/** The link that downloads the reporting guide as a PDF. */
export function guideLink(regionCode?: string): HTMLAnchorElement {
  return h(
    'a',
    { class: 'link', href: guidePdf(regionCode), download: '检举控告明白卡.pdf', 'data-testid': 'guide-download' },
    '下载检举控告明白卡（PDF）',
  );
}
