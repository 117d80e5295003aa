/** The page of a `/r/…` link whose region code is malformed. */
import { h, show } from '../dom.js';
import { header } from '../ui.js';

/** Explains that the link is wrong and where to turn instead. */
export function invalidPage(): void {
  show(
    header('链接无效'),
    h(
      'section',
      { class: 'card', 'data-testid': 'invalid-link' },
      h('p', {}, '此链接中的地区代码不正确，无法打开反映页面。'),
      h('p', {}, '请重新扫描村（社区）或乡镇公示栏上的二维码，或拨打 12388 反映问题。'),
    ),
    h('div', { class: 'actions' }, h('a', { class: 'link', href: '/r/receipt' }, '已有回执码？查询办理情况')),
  );
}
