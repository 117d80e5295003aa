/**
 * One policy, project or fund (`/r/item/<id>`), the page its own QR code opens: what it is, who
 * qualifies and how much, where to apply, the budget, contractor, progress and acceptance of a
 * project, the villages it concerns with their allocations, and "这条信息不对 / 我没有收到", which
 * opens the guide and the report form about the item for the village (`?v=<code>`, the only
 * village it concerns, or the one the villager picks). When the department has a dispatched group,
 * one line says a problem with its staff goes there (the form's answer "县直部门干部" routes it).
 */
import { ApiError } from '../api.js';
import { h, show } from '../dom.js';
import { chineseDate, header } from '../ui.js';
import { type PublicItem, itemLabel, loadItem, yuan } from './qr-data.js';
import { reportAbout, villageNav } from './shell.js';
import './qr.css';

function row(label: string, value: string | null): HTMLElement | null {
  return value ? h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value)) : null;
}

function details(i: PublicItem): HTMLElement {
  return h(
    'section',
    { class: 'card', 'data-testid': 'qr-item-detail' },
    h('h2', {}, i.title),
    h(
      'p',
      { class: 'muted' },
      `${i.kindLabel} · ${i.year}年 · ${i.departmentName} · ${chineseDate(i.publishedAt.slice(0, 10))}公开`,
    ),
    h('p', {}, i.summary),
    h(
      'table',
      { class: 'kv' },
      h(
        'tbody',
        {},
        row('补助对象', i.eligibility),
        row('补助标准', i.standard),
        row('申请方式', i.applyWhere),
        row('金额', i.budget === null ? null : `${yuan(i.budget)} 元`),
        row('承建单位', i.contractor),
        row('进度', i.progress),
        row('验收', i.acceptance),
        row('咨询电话', i.contactPhone),
      ),
    ),
  );
}

function villages(i: PublicItem, chosen: string | null): HTMLElement | null {
  if (i.allocations.length === 0) return null;
  return h(
    'section',
    { class: 'card', 'data-testid': 'qr-item-villages' },
    h('h2', {}, '涉及的村'),
    h(
      'ul',
      {},
      ...i.allocations.map((a) =>
        h(
          'li',
          { 'aria-current': a.regionCode === chosen ? 'true' : undefined },
          `${a.townshipName ?? ''}${a.villageName}${a.amount === null ? '' : `：${yuan(a.amount)} 元`}${a.note ? `（${a.note}）` : ''}`,
        ),
      ),
    ),
  );
}

function reportCard(i: PublicItem, chosen: string | null): HTMLElement {
  const codes = i.allocations.map((a) => a.regionCode);
  const card = h('section', { class: 'card' }, h('h2', {}, '有疑问？'));
  let pick: HTMLSelectElement | null = null;
  if (!chosen && codes.length > 1) {
    pick = h(
      'select',
      { id: 'qr-village', 'data-testid': 'qr-village' },
      ...i.allocations.map((a) => h('option', { value: a.regionCode }, `${a.townshipName ?? ''}${a.villageName}`)),
    );
    card.append(h('div', { class: 'field' }, h('label', { for: 'qr-village' }, '您所在的村'), pick));
  }
  card.append(
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        'data-testid': 'qr-item-report',
        disabled: !chosen && codes.length === 0,
        onclick: () => {
          const code = chosen ?? pick?.value ?? codes[0];
          if (code) void reportAbout(code, { kind: 'qr_item', id: i.id, label: itemLabel(i) });
        },
      },
      '这条信息不对 / 我没有收到',
    ),
    h('p', { class: 'muted' }, '反映将送到本村所在乡镇的纪委，可以匿名。'),
  );
  // The form asks who the person is (nothing preselected); department staff go to its group.
  if (i.dispatchedGroupName)
    card.append(
      h(
        'p',
        { class: 'muted', 'data-testid': 'qr-item-group' },
        `反映${i.departmentName}工作人员的问题，将送到${i.dispatchedGroupName}。`,
      ),
    );
  return card;
}

/** Shows the item `id`. */
export function itemPage(id: string): void {
  const fromUrl = new URLSearchParams(location.search).get('v');
  const status = h('p', { class: 'muted', 'data-testid': 'qr-status' }, '正在读取…');
  show(header('惠民资金'), status);
  loadItem(id)
    .then((i) => {
      const codes = i.allocations.map((a) => a.regionCode);
      const chosen =
        fromUrl && /^\d{12}$/.test(fromUrl) && codes.includes(fromUrl)
          ? fromUrl
          : codes.length === 1
            ? codes[0]!
            : null;
      show(
        header(i.kindLabel),
        chosen ? villageNav(chosen, 'funds') : null,
        details(i),
        villages(i, chosen),
        reportCard(i, chosen),
      );
    })
    .catch((e: unknown) => {
      status.classList.add('warn');
      status.textContent =
        e instanceof ApiError && e.status === 404
          ? '该事项不存在或已撤回公开。'
          : '未能读取该事项，请稍后再试，或拨打 12388 反映问题。';
    });
}
