/**
 * 惠民资金 (立码监督, issue 16 §2, `/r/<code>/funds`): the published policies, projects and funds of
 * the county's departments that concern the village, each with what the village was allocated,
 * a link to its own page (the one its QR code opens) and "这条信息不对 / 我没有收到", which opens the
 * reporting guide and the report form about that item.
 */
import { h } from '../dom.js';
import { type VillageItems, itemLabel, loadVillageItems, yuan } from './qr-data.js';
import { reportAbout, villagePage } from './shell.js';

const KIND_ORDER = ['policy', 'project', 'fund'] as const;
const KIND_HEADINGS = { policy: '惠农政策', project: '项目', fund: '资金' } as const;

function itemCard(regionCode: string, i: VillageItems['items'][number]): HTMLElement {
  return h(
    'article',
    { class: 'card', 'data-testid': 'qr-item' },
    h('h3', {}, h('a', { href: `/r/item/${i.id}?v=${regionCode}`, 'data-testid': 'qr-item-link' }, i.title)),
    h('p', { class: 'muted' }, `${i.year}年 · ${i.departmentName}`),
    h('p', {}, i.summary),
    i.villageAmount !== null
      ? h('p', { 'data-testid': 'qr-item-amount' }, `本村：${yuan(i.villageAmount)} 元`)
      : i.standard
        ? h('p', {}, `标准：${i.standard}`)
        : null,
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        'data-testid': 'qr-item-report',
        onclick: () => void reportAbout(regionCode, { kind: 'qr_item', id: i.id, label: itemLabel(i) }),
      },
      '这条信息不对 / 我没有收到',
    ),
  );
}

/** Shows the page for `regionCode`. */
export function fundsPage(regionCode: string): void {
  const status = h('p', { class: 'muted', 'data-testid': 'qr-status' }, '正在读取…');
  villagePage(regionCode, '惠民资金', 'funds', status);
  loadVillageItems(regionCode)
    .then((data) => {
      if (data.items.length === 0) {
        status.textContent = '县直部门尚未公开涉及本村的惠农政策、项目和资金。';
        return;
      }
      const parts: HTMLElement[] = [
        h(
          'p',
          { class: 'muted' },
          '以下由县直部门公开。每一项都有自己的二维码；与实际不符或没有收到，请点“这条信息不对 / 我没有收到”向乡镇纪委反映。',
        ),
      ];
      for (const kind of KIND_ORDER) {
        const items = data.items.filter((i) => i.kind === kind);
        if (items.length === 0) continue;
        parts.push(
          h(
            'section',
            { 'data-testid': `qr-kind-${kind}` },
            h('h2', {}, KIND_HEADINGS[kind]),
            ...items.map((i) => itemCard(regionCode, i)),
          ),
        );
      }
      status.replaceWith(...parts);
    })
    .catch(() => {
      status.classList.add('warn');
      status.textContent = '未能读取本村的惠民资金信息，请稍后再试，或拨打 12388 反映问题。';
    });
}
