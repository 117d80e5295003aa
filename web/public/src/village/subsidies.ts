/**
 * 补贴查询 (issue 16 §2, `/r/<code>/subsidies`): a villager looks up the subsidies paid to them by
 * ID number and name. The number is checked (GB 11643) before it is sent; the answer has the same
 * statement whether or not anything was found, and "我没有收到" opens the report form. The device
 * cookie the server sets (counted for the limit) is sent with this one request only.
 */
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { alertBox, chineseDate, setAlert } from '../ui.js';
import { ID_NUMBER_PROBLEMS, idNumberProblem, normalizeIdNumber } from '../../../../src/server/shared/id-number.js';
import { yuan } from './qr-data.js';
import { villagePage } from './shell.js';

interface Paid {
  item: string;
  year: number;
  amount: number;
  paidOn: string;
  department: string;
}

async function ask(idNumber: string, name: string): Promise<{ statement: string; items: Paid[] }> {
  let res: Response;
  try {
    res = await fetch('/api/public/subsidy-lookups', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ idNumber, name }),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试', null);
  }
  const data = (await res.json().catch(() => null)) as
    ({ statement: string; items: Paid[] } & { error?: { code: string; message: string } }) | null;
  if (!res.ok)
    throw new ApiError(
      res.status,
      data?.error?.code ?? 'UNKNOWN',
      data?.error?.message ?? `服务暂不可用（${res.status}）`,
      null,
    );
  return data!;
}

function answer(regionCode: string, statement: string, items: Paid[]): HTMLElement {
  return h(
    'section',
    { class: 'card', 'data-testid': 'subsidy-answer', 'aria-live': 'polite' },
    h('p', { 'data-testid': 'subsidy-statement' }, statement),
    items.length > 0
      ? h(
          'ul',
          { 'data-testid': 'subsidy-items' },
          ...items.map((p) =>
            h(
              'li',
              { 'data-testid': 'subsidy-item' },
              h('b', {}, `${p.item}`),
              h('div', {}, `${p.year}年 · ${yuan(p.amount)} 元 · ${chineseDate(p.paidOn)}发放`),
              h('div', { class: 'muted' }, `发放部门：${p.department}`),
            ),
          ),
        )
      : h('p', { class: 'muted', 'data-testid': 'subsidy-none' }, '暂无记录。'),
    h(
      'a',
      { class: 'button secondary', href: `/r/${regionCode}`, 'data-testid': 'subsidy-report' },
      '我没有收到 / 金额不符，我要反映',
    ),
  );
}

/** Shows the page for `regionCode`. */
export function subsidiesPage(regionCode: string): void {
  const alert = alertBox('subsidy-alert');
  const idInput = h('input', {
    id: 'sub-id',
    type: 'text',
    inputmode: 'text',
    autocomplete: 'off',
    maxlength: '22',
    'data-testid': 'subsidy-id',
  });
  const nameInput = h('input', {
    id: 'sub-name',
    type: 'text',
    autocomplete: 'name',
    maxlength: '30',
    'data-testid': 'subsidy-name',
  });
  const out = h('div', {});
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'subsidy-submit' }, '查询');
  const form = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        setAlert(alert, null);
        const id = normalizeIdNumber(idInput.value);
        const problem = idNumberProblem(id);
        if (problem) return setAlert(alert, ID_NUMBER_PROBLEMS[problem]);
        if (!nameInput.value.trim()) return setAlert(alert, '请填写姓名');
        submit.disabled = true;
        out.replaceChildren();
        ask(id, nameInput.value.trim())
          .then((a) => out.replaceChildren(answer(regionCode, a.statement, a.items)))
          .catch((e: unknown) => setAlert(alert, e instanceof ApiError ? e.message : '查询失败，请稍后再试'))
          .finally(() => {
            submit.disabled = false;
          });
      },
    },
    h(
      'p',
      { class: 'muted' },
      '查询本人领取的惠农补贴（各部门导入的发放名册）。身份证号码只用于本次查询，不以明文保存。',
    ),
    alert,
    h('div', { class: 'field' }, h('label', { for: 'sub-id' }, '身份证号码'), idInput),
    h('div', { class: 'field' }, h('label', { for: 'sub-name' }, '姓名'), nameInput),
    submit,
  );
  villagePage(regionCode, '补贴查询', 'subsidies', form, out);
}
