/**
 * 村务公开 (issue 16 §1): a village's published affairs behind its QR code, in three tabs: the
 * months (or quarters) of its finances, the quarters of its general items (村务一般事项, 名单 names
 * masked by the server) and its major matters; the chosen period's totals and lines (private
 * names and numbers masked by the server), the corrections with their dates and reasons, earlier
 * versions on request, and "对这笔（条）有疑问" on each line or item of the version public now, which
 * opens the report form about it.
 */
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { beijingTime } from '../ui.js';
import { type Entry, type Line, type Period, type VillageIndex, loadIndex, loadPeriod, yuan } from './finance-data.js';
import { reportAbout, villagePage } from './shell.js';
import './finance.css';

const METHOD = { cash: '现金', transfer: '转账' } as const;

function lineCard(regionCode: string, p: Period, l: Line): HTMLElement {
  const label = `${p.label} ${l.voucherNo} ${l.direction === 'income' ? '收到' : '支付'} ${l.counterparty} ${yuan(l.amount)}元 ${l.purpose}`;
  return h(
    'li',
    { class: `fin-line${l.change ? ' fin-changed' : ''}`, 'data-testid': 'fin-line' },
    h(
      'div',
      { class: 'fin-row' },
      h('span', { class: 'fin-purpose' }, l.purpose),
      h(
        'b',
        { class: l.direction === 'income' ? 'fin-in' : 'fin-out' },
        `${l.direction === 'income' ? '+' : '−'}${yuan(l.amount)}`,
      ),
    ),
    h(
      'div',
      { class: 'fin-meta' },
      `${l.occurredOn} · ${l.voucherNo} · ${l.direction === 'income' ? '付款方' : '收款方'} ${l.counterparty}${l.partyNumber ? `（${l.partyNumber}）` : ''} · ${METHOD[l.paymentMethod]}${l.account ? ` ${l.account}` : ''} · ${l.category}`,
    ),
    l.approvalPath || l.approvers
      ? h('div', { class: 'fin-meta' }, `审批：${[l.approvalPath, l.approvers].filter(Boolean).join(' · ')}`)
      : null,
    l.change && p.correctedAt
      ? h(
          'div',
          { class: 'fin-tag', 'data-testid': 'fin-corrected' },
          `${l.change === 'added' ? '更正时新增' : '已更正'}（${beijingTime(p.correctedAt).slice(0, 10)}）`,
        )
      : null,
    p.current
      ? h(
          'button',
          {
            type: 'button',
            class: 'link fin-report',
            'data-testid': 'fin-report',
            onclick: () => void reportAbout(regionCode, { kind: 'disclosure_line', id: l.id, label }),
          },
          '对这笔有疑问，我要反映',
        )
      : null,
  );
}

function entryCard(regionCode: string, p: Period, e: Entry): HTMLElement {
  const label = `${p.label} 村务一般事项：${e.title}`;
  return h(
    'li',
    { class: 'fin-line', 'data-testid': 'fin-entry' },
    h('div', { class: 'fin-purpose' }, `${e.seq}. ${e.title}`),
    h('div', { class: 'fin-meta' }, e.topicLabel),
    e.text ? h('p', { class: 'fin-decision' }, e.text) : null,
    e.roster.length
      ? h(
          'table',
          { class: 'fin-roster', 'data-testid': 'fin-roster' },
          h('tr', {}, h('th', {}, '姓名'), h('th', {}, '金额（元）'), h('th', {}, '事由或标准')),
          ...e.roster.map((r) =>
            h(
              'tr',
              {},
              h('td', { class: 'fin-name' }, r.name),
              h('td', { class: 'fin-num' }, r.amount === null ? '' : yuan(r.amount)),
              h('td', {}, r.reason),
            ),
          ),
        )
      : null,
    e.roster.length
      ? h(
          'div',
          { class: 'fin-meta' },
          `共 ${e.roster.length} 人${e.rosterTotal ? `，合计 ${yuan(e.rosterTotal)} 元` : ''}`,
        )
      : null,
    p.current
      ? h(
          'button',
          {
            type: 'button',
            class: 'link fin-report',
            'data-testid': 'fin-report',
            onclick: () => void reportAbout(regionCode, { kind: 'disclosure_general', id: e.id, label }),
          },
          '对这条有疑问，我要反映',
        )
      : null,
  );
}

const KIND_NAMES = { finance: '财务收支', general: '一般事项', major_matter: '重大事项' } as const;

function periodView(regionCode: string, p: Period, reload: (asOf?: string) => void): HTMLElement {
  const finance = p.kind === 'finance';
  const general = p.kind === 'general';
  return h(
    'section',
    { class: 'card', 'data-testid': 'fin-period' },
    h('h2', {}, finance ? `${p.label}财务收支` : general ? `${p.label}村务一般事项` : p.label),
    !p.current
      ? h(
          'p',
          { class: 'warn', 'data-testid': 'fin-old' },
          `这是 ${beijingTime(p.publishedAt)} 公开的第 ${p.version} 版，已被更正。`,
          h('button', { type: 'button', class: 'link', onclick: () => reload() }, '看现在公开的版本'),
        )
      : null,
    p.correctedAt && p.current
      ? h(
          'p',
          { class: 'warn', 'data-testid': 'fin-correction' },
          `本期已于 ${beijingTime(p.correctedAt)} 更正（第 ${p.version} 版）：${p.correctionReason ?? ''}`,
        )
      : null,
    finance
      ? h(
          'dl',
          { class: 'fin-sum' },
          h('dt', {}, '期初余额'),
          h('dd', {}, yuan(p.openingBalance ?? 0)),
          h('dt', {}, '本期收入'),
          h('dd', { class: 'fin-in' }, yuan(p.incomeTotal)),
          h('dt', {}, '本期支出'),
          h('dd', { class: 'fin-out' }, yuan(p.expenseTotal)),
          h('dt', {}, '期末余额'),
          h('dd', {}, yuan(p.closingBalance ?? 0)),
        )
      : general
        ? null
        : h('p', { class: 'fin-decision' }, `决策记录：${p.decisionRecord ?? ''}`),
    h(
      'p',
      { class: 'muted' },
      `村务监督委员会审核签字：${p.signedByName ?? ''} · 公开于 ${beijingTime(p.publishedAt)}${general ? '' : ' · 金额单位：元'}`,
    ),
    general ? h('ul', { class: 'fin-lines' }, ...p.entries.map((e) => entryCard(regionCode, p, e))) : null,
    p.removedVouchers.length ? h('p', { class: 'muted' }, `更正时删除的凭证：${p.removedVouchers.join('、')}`) : null,
    h('ul', { class: 'fin-lines' }, ...p.lines.map((l) => lineCard(regionCode, p, l))),
    p.history.length > 1
      ? h(
          'details',
          { class: 'fin-history' },
          h('summary', {}, `历次公开版本（${p.history.length}）`),
          h(
            'ul',
            {},
            ...p.history.map((v) =>
              h(
                'li',
                {},
                h(
                  'button',
                  { type: 'button', class: 'link', onclick: () => reload(v.publishedAt) },
                  `第 ${v.version} 版 · ${beijingTime(v.publishedAt)} 公开${v.supersededAt ? ` · ${beijingTime(v.supersededAt)} 被更正` : ' · 现行'}`,
                ),
                v.correctionReason ? h('span', { class: 'muted' }, ` 更正原因：${v.correctionReason}`) : null,
              ),
            ),
          ),
        )
      : null,
  );
}

/** Shows the page for `regionCode`. */
export function financePage(regionCode: string): void {
  const body = h('div', { 'data-testid': 'fin-body' }, h('p', { class: 'muted' }, '正在读取…'));
  villagePage(
    regionCode,
    '村务公开',
    'finance',
    body,
    h(
      'p',
      { class: 'muted' },
      h(
        'a',
        { class: 'link', href: `/r/${regionCode}/finance/screen`, 'data-testid': 'fin-screen-link' },
        '大屏展示模式',
      ),
    ),
  );
  let index: VillageIndex;
  const choose = (kind: string, period: string, asOf?: string) => {
    const slot = body.querySelector('[data-slot]')!;
    slot.replaceChildren(h('p', { class: 'muted' }, '正在读取…'));
    loadPeriod(regionCode, kind, period, asOf)
      .then((p) => slot.replaceChildren(periodView(regionCode, p, (at) => choose(kind, period, at))))
      .catch((e: unknown) =>
        slot.replaceChildren(h('p', { class: 'warn' }, e instanceof ApiError ? e.message : '读取失败')),
      );
  };
  loadIndex(regionCode)
    .then((i) => {
      index = i;
      if (index.publications.length === 0) {
        body.replaceChildren(
          h('section', { class: 'card' }, h('p', {}, '本村尚未在平台公开村务。对村务有疑问，可点“我要举报”反映。')),
        );
        return;
      }
      // One tab per kind published; the select lists that kind's periods (or matters), newest first.
      const kinds = (['finance', 'general', 'major_matter'] as const).filter((k) =>
        index.publications.some((p) => p.kind === k),
      );
      const hint = h('span', {});
      const select = h('select', {
        class: 'fin-select',
        'aria-label': '选择公开期间',
        'data-testid': 'fin-select',
        onchange: (ev: Event) => {
          const [k, p] = (ev.target as HTMLSelectElement).value.split('|');
          choose(k!, p!);
        },
      });
      const tabs = h('div', { class: 'fin-tabs', role: 'tablist' });
      const pick = (kind: (typeof kinds)[number]) => {
        for (const b of tabs.children) b.setAttribute('aria-selected', String(b.getAttribute('data-kind') === kind));
        hint.textContent =
          kind === 'finance'
            ? `${index.financeCycle === 'quarterly' ? '按季度' : '按月'}公开，请选择：`
            : kind === 'general'
              ? '至少每季度公开一次，请选择季度：'
              : '重大事项随时公开，请选择：';
        const list = index.publications.filter((p) => p.kind === kind);
        select.replaceChildren(
          ...list.map((p) =>
            h('option', { value: `${p.kind}|${p.period}` }, `${p.label}${p.correctedAt ? '（已更正）' : ''}`),
          ),
        );
        choose(kind, list[0]!.period);
      };
      tabs.append(
        ...kinds.map((k) =>
          h(
            'button',
            { type: 'button', role: 'tab', 'data-kind': k, 'data-testid': `fin-tab-${k}`, onclick: () => pick(k) },
            KIND_NAMES[k],
          ),
        ),
      );
      const choice = h('label', { class: 'field' }, hint, select);
      body.replaceChildren(...(kinds.length > 1 ? [tabs] : []), choice, h('div', { 'data-slot': '' }));
      pick(kinds[0]!);
    })
    .catch((e: unknown) =>
      body.replaceChildren(
        h(
          'p',
          { class: 'warn' },
          e instanceof ApiError && e.status === 404
            ? '未找到本村的公开信息，请重新扫描公示栏上的二维码。'
            : '读取失败，请稍后重试。',
        ),
      ),
    );
}
