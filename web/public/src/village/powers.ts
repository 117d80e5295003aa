/**
 * The village's small powers (小微权力, `/r/<code>/powers`): the county's list of powers with the
 * steps each must follow (who acts, which publication follows and for how long), and the uses of
 * a power whose publication runs today, each with "对此反映问题". Nothing personal is shown: the
 * server sends titles, items, steps and dates only.
 */
import { get } from '../api.js';
import { h } from '../dom.js';
import { chineseDate } from '../ui.js';
import {
  MICRO_POWER_AREAS,
  MICRO_POWER_AREA_LABELS,
  type MicroPowerArea,
} from '../../../../src/server/shared/micro-powers.codes.js';
import { reportAbout, villagePage } from './shell.js';

interface PublicStep {
  seq: number;
  name: string;
  actor: string;
  publishes: boolean;
  publicationDays: number | null;
}
interface PublicPowers {
  villageCode: string;
  villageName: string;
  items: { id: string; area: MicroPowerArea; code: string; name: string; steps: PublicStep[] }[];
  publishing: {
    id: string;
    itemName: string;
    title: string;
    stepName: string;
    publicationFrom: string;
    publicationTo: string;
  }[];
}

function stepLine(s: PublicStep): HTMLElement {
  const publication = s.publishes
    ? s.publicationDays === null
      ? '，随后公示'
      : `，随后公示不少于 ${s.publicationDays} 天`
    : '';
  return h('li', {}, `${s.name}（${s.actor}）${publication}`);
}

function publishingCard(regionCode: string, data: PublicPowers): HTMLElement {
  const card = h('section', { class: 'card', 'data-testid': 'powers-publishing' }, h('h2', {}, '正在公示'));
  if (data.publishing.length === 0) {
    card.append(h('p', { class: 'muted' }, '今天没有正在公示的小微权力事项。'));
    return card;
  }
  for (const p of data.publishing) {
    const label = `小微权力：${p.itemName}（${p.title}）`;
    card.append(
      h(
        'article',
        { class: 'card', 'data-testid': 'powers-use' },
        h('h3', {}, p.title),
        h('p', {}, `${p.itemName} · ${p.stepName}`),
        h('p', { class: 'muted' }, `公示期：${chineseDate(p.publicationFrom)} 至 ${chineseDate(p.publicationTo)}`),
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            'data-testid': 'powers-report',
            onclick: () => void reportAbout(regionCode, { kind: 'micro_power_use', id: p.id, label }),
          },
          '对此反映问题',
        ),
      ),
    );
  }
  return card;
}

function listCard(data: PublicPowers): HTMLElement {
  const card = h(
    'section',
    { class: 'card', 'data-testid': 'powers-list' },
    h('h2', {}, '小微权力清单'),
    h('p', { class: 'muted' }, '清单由县里统一制定。公示天数按日历天计算，第一天和最后一天都算在内。'),
  );
  if (data.items.length === 0) {
    card.append(h('p', { class: 'muted' }, '本县的小微权力清单尚未发布。'));
    return card;
  }
  const areas = MICRO_POWER_AREAS.filter((a) => data.items.some((i) => i.area === a));
  for (const area of areas) {
    card.append(h('h3', {}, MICRO_POWER_AREA_LABELS[area] ?? area));
    for (const item of data.items.filter((i) => i.area === area)) {
      card.append(
        h(
          'details',
          { 'data-testid': 'powers-item' },
          h('summary', {}, `${item.code} ${item.name}`),
          h('ol', {}, ...item.steps.map(stepLine)),
        ),
      );
    }
  }
  return card;
}

/** Shows the page for `regionCode`. */
export function powersPage(regionCode: string): void {
  const status = h('p', { class: 'muted', 'data-testid': 'powers-status' }, '正在读取…');
  villagePage(regionCode, '小微权力', 'powers', status);
  get<PublicPowers>(`/api/public/micro-powers/${regionCode}`)
    .then((data) => {
      status.replaceWith(publishingCard(regionCode, data), listCard(data));
    })
    .catch(() => {
      status.classList.add('warn');
      status.textContent = '未能读取本村的小微权力清单，请稍后再试，或拨打 12388 反映问题。';
    });
}
