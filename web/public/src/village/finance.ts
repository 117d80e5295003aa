/**
 * 村务公开 (issue 16 §1): a village's published accounts behind its QR code. The months (or
 * quarters) and the major matters published, the chosen period's totals and lines (private names
 * and numbers masked by the server), the corrections with their dates and reasons, earlier
 * versions on request, and "对这笔有疑问" on each line of the version public now, which opens the
 * report form about that line.
 */
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { beijingTime } from '../ui.js';
import { type Line, type Period, type VillageIndex, loadIndex, loadPeriod, yuan } from './finance-data.js';
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

function periodView(regionCode: string, p: Period, reload: (asOf?: string) => void): HTMLElement {
  const finance = p.kind === 'finance';
  return h(
    'section',
    { class: 'card', 'data-testid': 'fin-period' },
    h('h2', {}, finance ? `${p.label}财务收支` : p.label),
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
      : h('p', { class: 'fin-decision' }, `决策记录：${p.decisionRecord ?? ''}`),
    h(
      'p',
      { class: 'muted' },
      `村务监督委员会审核签字：${p.signedByName ?? ''} · 公开于 ${beijingTime(p.publishedAt)} · 金额单位：元`,
    ),
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
      const select = h(
        'select',
        {
          class: 'fin-select',
          'aria-label': '选择公开期间',
          'data-testid': 'fin-select',
          onchange: (ev: Event) => {
            const [k, p] = (ev.target as HTMLSelectElement).value.split('|');
            choose(k!, p!);
          },
        },
        ...index.publications.map((p) =>
          h(
            'option',
            { value: `${p.kind}|${p.period}` },
            `${p.kind === 'finance' ? '财务' : '重大事项'} · ${p.label}${p.correctedAt ? '（已更正）' : ''}`,
          ),
        ),
      );
      body.replaceChildren(
        h(
          'label',
          { class: 'field' },
          h('span', {}, `${index.financeCycle === 'quarterly' ? '按季度' : '按月'}公开，请选择：`),
          select,
        ),
        h('div', { 'data-slot': '' }),
      );
      const first = index.publications[0]!;
      choose(first.kind, first.period);
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
