/**
 * The screen after filing (提交成功): the receipt, shown this once and kept only in memory, and
 * what happened to the files chosen with the report. Nothing personal is kept in storage.
 */
import type { SubmitAnswer } from '../api.js';
import { h, show } from '../dom.js';
import { type Upload, failedList } from '../files.js';
import { beijingTime, chineseDate, header } from '../ui.js';

/**
 * The receipt as two groups of 8 digits, each kept on one line: at large text sizes the second
 * group wraps below the first instead of running off the screen or shrinking.
 */
function receiptGroups(receipt: string): (HTMLElement | string)[] {
  const group = (digits: string) => h('span', { class: 'group' }, digits);
  return [group(receipt.slice(0, 8)), ' ', group(receipt.slice(8))];
}

/** How many files were stored and, when some were not, which and what to do about them. */
function uploadSummary(upload: Upload): HTMLElement {
  const { uploaded, failed } = upload;
  return h(
    'section',
    { class: failed.length ? 'card upload-failed' : 'card', 'data-testid': 'upload-summary' },
    h('p', { class: failed.length ? undefined : 'done' }, `已上传附件 ${uploaded} 个。`),
    failed.length > 0 &&
      h(
        'div',
        { class: 'warn', role: 'alert', 'data-testid': 'upload-failed' },
        h('p', {}, `以下 ${failed.length} 个附件未能上传：`),
        failedList(failed),
        h(
          'p',
          {},
          '您的反映已经提交成功，回执码有效。请先保存回执码，之后可在“查询办理情况”页面输入回执码补充上传这些文件。',
        ),
      ),
  );
}

/** Shows the receipt of a filed report until the reporter confirms it is kept; then drops it. */
export function submittedPage(regionCode: string, answer: SubmitAnswer, upload: Upload | null): void {
  const saved = h('input', { type: 'checkbox', 'data-testid': 'receipt-saved' });
  const done = h('button', { class: 'primary', type: 'button', disabled: true, 'data-testid': 'receipt-done' }, '完成');
  saved.addEventListener('change', () => {
    done.disabled = !saved.checked;
  });
  done.addEventListener('click', () => {
    if (!saved.checked) return;
    // The receipt is dropped here: nothing about the report stays in the page.
    show(
      header('提交完成'),
      h(
        'section',
        { class: 'card', 'data-testid': 'finished' },
        h('p', {}, '感谢您的反映。我们将依规依纪依法办理。'),
        h('p', {}, '凭回执码可随时查询办理情况、补充材料。'),
      ),
      h(
        'div',
        { class: 'actions' },
        h('a', { class: 'button', href: '/r/receipt' }, '查询办理情况'),
        h('a', { class: 'link', href: `/r/${regionCode}` }, '再反映一个问题'),
      ),
    );
  });
  show(
    header('提交成功'),
    h(
      'section',
      { class: 'card receipt' },
      h('p', {}, '您的回执码'),
      h(
        'p',
        { class: 'code', 'data-testid': 'receipt-code', 'aria-label': answer.receipt.split('').join(' ') },
        ...receiptGroups(answer.receipt),
      ),
      h(
        'p',
        { class: 'warn' },
        '回执码是查询办理情况、补充材料的唯一凭证，只显示这一次，丢失后无法找回。请抄写在纸上或截图妥善保存，不要告诉他人。',
      ),
      h('p', { class: 'muted' }, `收到时间：${beijingTime(answer.receivedAt)}（北京时间）`),
      answer.ackDueOn &&
        h(
          'p',
          { class: 'ack', 'data-testid': 'ack-due' },
          `我们将于 ${chineseDate(answer.ackDueOn)} 前告知您是否受理。`,
        ),
    ),
    upload && uploadSummary(upload),
    h('label', { class: 'choice confirm' }, saved, h('span', {}, '我已妥善保存回执码')),
    h('div', { class: 'actions' }, done),
  );
}
