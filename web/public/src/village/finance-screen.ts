/**
 * 大屏 (issue 16 §1): the village's published affairs for the display screen of a village or
 * township hall: full screen, large type, a carousel (the month's totals, its lines eight at a
 * time, the newest quarter's general items with their 名单 eight rows at a time, the major
 * matters) turning every 12 seconds, the data read again every five minutes.
 * Only published data, masked by the server.
 */
import { h, show } from '../dom.js';
import { beijingTime } from '../ui.js';
import { type Period, loadIndex, loadPeriod, yuan } from './finance-data.js';
import './finance.css';

const TURN_MS = 12_000;
const REFRESH_MS = 5 * 60_000;
const PER_SLIDE = 8;

function generalSlides(g: Period): HTMLElement[] {
  const slides: HTMLElement[] = [];
  for (const e of g.entries) {
    const parts = e.roster.length ? Math.ceil(e.roster.length / PER_SLIDE) : 1;
    for (let k = 0; k < parts; k++) {
      const rows = e.roster.slice(k * PER_SLIDE, (k + 1) * PER_SLIDE);
      slides.push(
        h(
          'div',
          { 'data-testid': 'screen-general' },
          h('h2', {}, `${g.label}村务一般事项：${e.title}${parts > 1 ? `（${k + 1}/${parts}）` : ''}`),
          k === 0 && e.text ? h('p', {}, e.text) : null,
          rows.length
            ? h(
                'table',
                {},
                h('tr', {}, h('th', {}, '姓名'), h('th', {}, '金额（元）'), h('th', {}, '事由或标准')),
                ...rows.map((r) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, r.name),
                    h('td', { class: 'num' }, r.amount === null ? '' : yuan(r.amount)),
                    h('td', {}, r.reason),
                  ),
                ),
              )
            : null,
        ),
      );
    }
  }
  return slides;
}

function slidesOf(village: string, p: Period | null, majors: Period[], general: Period | null): HTMLElement[] {
  const slides: HTMLElement[] = [];
  if (!p && !general && majors.length === 0) return [h('div', {}, h('h2', {}, '本村尚未在平台公开村务'))];
  if (p)
    slides.push(
      h(
        'div',
        { 'data-testid': 'screen-summary' },
        h(
          'h2',
          {},
          `${p.label}财务收支公开${p.correctedAt ? `（${beijingTime(p.correctedAt).slice(0, 10)} 更正）` : ''}`,
        ),
        h(
          'table',
          {},
          h('tr', {}, h('td', {}, '期初余额（元）'), h('td', { class: 'num big' }, yuan(p.openingBalance ?? 0))),
          h('tr', {}, h('td', {}, '本期收入（元）'), h('td', { class: 'num big' }, yuan(p.incomeTotal))),
          h('tr', {}, h('td', {}, '本期支出（元）'), h('td', { class: 'num big' }, yuan(p.expenseTotal))),
          h('tr', {}, h('td', {}, '期末余额（元）'), h('td', { class: 'num big' }, yuan(p.closingBalance ?? 0))),
        ),
        h('p', {}, `村务监督委员会审核：${p.signedByName ?? ''} · 共 ${p.lineCount} 笔`),
      ),
    );
  for (let i = 0; p && i < p.lines.length; i += PER_SLIDE) {
    const part = p.lines.slice(i, i + PER_SLIDE);
    slides.push(
      h(
        'div',
        { 'data-testid': 'screen-lines' },
        h('h2', {}, `${p.label}收支明细（${i + 1}–${i + part.length} / ${p.lines.length}）`),
        h(
          'table',
          {},
          h(
            'tr',
            {},
            h('th', {}, '日期'),
            h('th', {}, '摘要'),
            h('th', {}, '对方'),
            h('th', {}, '收入'),
            h('th', {}, '支出'),
          ),
          ...part.map((l) =>
            h(
              'tr',
              {},
              h('td', {}, l.occurredOn.slice(5)),
              h('td', {}, `${l.purpose}${l.change ? '（更正）' : ''}`),
              h('td', {}, l.counterparty),
              h('td', { class: 'num' }, l.direction === 'income' ? yuan(l.amount) : ''),
              h('td', { class: 'num' }, l.direction === 'expense' ? yuan(l.amount) : ''),
            ),
          ),
        ),
      ),
    );
  }
  if (general) slides.push(...generalSlides(general));
  for (const m of majors)
    slides.push(
      h(
        'div',
        { 'data-testid': 'screen-major' },
        h('h2', {}, `重大事项：${m.label}`),
        h('p', {}, m.decisionRecord ?? ''),
      ),
    );
  void village;
  return slides;
}

/** Shows the page for `regionCode`. */
export function financeScreen(regionCode: string): void {
  const title = h('h1', {}, '村务公开');
  const stage = h('div', { 'data-testid': 'screen-stage' }, h('p', {}, '正在读取…'));
  const clock = h('span', {});
  const full = h(
    'button',
    { type: 'button', onclick: () => void document.documentElement.requestFullscreen?.().catch(() => undefined) },
    '全屏',
  );
  show(
    h(
      'div',
      { class: 'screen', 'data-testid': 'screen' },
      title,
      stage,
      h('div', { class: 'foot' }, h('span', {}, '对村务有疑问，请扫描公示栏二维码反映或拨打 12388'), clock, full),
    ),
  );
  let slides: HTMLElement[] = [];
  let at = 0;
  const turn = () => {
    if (slides.length === 0) return;
    at = (at + 1) % slides.length;
    stage.replaceChildren(slides[at]!);
  };
  const refresh = async () => {
    try {
      const index = await loadIndex(regionCode);
      title.textContent = `${index.villageName}村务公开`;
      const latest = index.publications.find((p) => p.kind === 'finance');
      const majors = await Promise.all(
        index.publications
          .filter((p) => p.kind === 'major_matter')
          .slice(0, 3)
          .map((m) => loadPeriod(regionCode, m.kind, m.period)),
      );
      const period = latest ? await loadPeriod(regionCode, 'finance', latest.period) : null;
      const quarter = index.publications.find((p) => p.kind === 'general');
      const general = quarter ? await loadPeriod(regionCode, 'general', quarter.period) : null;
      slides = slidesOf(index.villageName, period, majors, general);
      at = -1;
      turn();
      clock.textContent = `更新于 ${beijingTime(new Date().toISOString())}`;
    } catch {
      clock.textContent = '暂时无法更新，稍后自动重试';
    }
  };
  void refresh();
  setInterval(turn, TURN_MS);
  setInterval(() => void refresh(), REFRESH_MS);
}
