/**
 * The receipt look-up (`/r/receipt`): with the 16-digit receipt, the report's status and timeline,
 * messages both ways, files added later, and once closed the rating and the re-check request,
 * then the review (复核) request after the re-check answer.
 */
import { ApiError, type Rating, type ReceiptStatus, post } from '../api.js';
import { h, show } from '../dom.js';
import { failedList, filePicker, uploadAll } from '../files.js';
import { alertBox, beijingTime, chineseDate, guideLink, header, setAlert } from '../ui.js';

const STATUS_LABELS: Record<string, string> = {
  received: '已收到',
  accepted: '已受理',
  in_handling: '办理中',
  concluded: '已办结',
  forwarded: '已转办',
  kept_on_file: '留存备查',
  transferred_up: '已报送上级机关',
};
const EVENT_LABELS: Record<string, string> = {
  received: '收到反映',
  accepted: '已受理',
  forwarded_down: '转交下级纪委监委办理',
  transferred_up: '报送上级机关办理',
  forwarded: '转有关部门办理',
  clue_registered: '正在办理',
  concluded: '已办结',
  kept_on_file: '留存备查',
  feedback_given: '已反馈办理结果',
  rated: '您已评价',
  recheck_requested: '您已申请复查',
  recheck_forwarded: '复查申请已转送上级机关',
  recheck_answered: '复查已答复',
  review_requested: '您已申请复核',
  review_forwarded: '复核申请已转送上级机关',
  review_answered: '复核已答复',
  review_hearing_started: '复核听证，听证时间不计入复核期限',
  review_hearing_ended: '复核听证结束',
  deadline_extended: '办理期限延长',
  reporter_added_files: '您补充了附件',
  sent_with_report: '随反映一并提交的附件',
};
const RATING_LABELS: Record<Rating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};
const AUTHOR_LABELS: Record<string, string> = { reporter: '我', staff: '办理机关回复' };

/** Shows the look-up form; a receipt found shows its status below the form. */
export function lookupPage(): void {
  const input = h('input', {
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    maxlength: '24',
    placeholder: '16 位数字',
    id: 'receipt',
    'data-testid': 'lookup-receipt',
  });
  const alert = alertBox('lookup-error');
  const button = h('button', { class: 'primary', type: 'submit', 'data-testid': 'lookup-submit' }, '查询');
  const result = h('div', { 'data-testid': 'lookup-result' });
  const form = h(
    'form',
    { novalidate: true, class: 'card' },
    h('div', { class: 'field' }, h('label', { for: 'receipt' }, '回执码'), input),
    alert,
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const receipt = input.value.replace(/[\s-]/g, '');
    setAlert(alert, null);
    result.replaceChildren();
    if (!/^\d{16}$/.test(receipt)) {
      setAlert(alert, '回执码应为 16 位数字');
      return;
    }
    button.disabled = true;
    lookup(receipt)
      .then((status) => renderStatus(result, receipt, status))
      .catch((err: unknown) => setAlert(alert, lookupMessage(err)))
      .finally(() => {
        button.disabled = false;
      });
  });
  show(header('查询办理情况'), form, result, h('div', { class: 'actions' }, guideLink()));
}

/** The message of a failed call on this page: a 404 means the receipt is wrong. */
function lookupMessage(err: unknown): string {
  if (err instanceof ApiError && err.status === 404) return '回执码不正确';
  return err instanceof ApiError ? err.message : '查询失败，请稍后重试';
}

/** Looks up the status of the report behind `receipt`. */
const lookup = (receipt: string) => post<ReceiptStatus>('/api/public/receipt-lookups', { receipt });

/**
 * Files uploaded with the report come in just after it, as separate steps; within this time
 * of receipt, with nothing else in between, they are the report's own files, not a later
 * supplement (补充), and are named so.
 */
const WITH_REPORT_MS = 30 * 60 * 1000;

/** The timeline, with consecutive steps of the same kind (several files added) shown once. */
function timelineItems(steps: ReceiptStatus['timeline']): HTMLElement[] {
  const merged: { event: string; at: string; note: string | null; n: number }[] = [];
  const received = steps[0]?.event === 'received' ? Date.parse(steps[0].at) : null;
  for (const step of steps) {
    if (
      step.event === 'reporter_added_files' &&
      received !== null &&
      Date.parse(step.at) - received <= WITH_REPORT_MS &&
      merged.every((m) => m.event === 'received' || m.event === 'sent_with_report')
    ) {
      const last = merged.at(-1)!;
      if (last.event === 'sent_with_report') last.n += 1;
      else merged.push({ event: 'sent_with_report', at: step.at, note: null, n: 1 });
      continue;
    }
    const last = merged.at(-1);
    if (last && last.event === step.event && step.event === 'reporter_added_files') {
      last.n += 1;
      last.at = step.at;
    } else merged.push({ ...step, n: 1 });
  }
  return merged.map((step) => {
    const label = EVENT_LABELS[step.event] ?? step.event;
    return h(
      'li',
      {},
      h(
        'b',
        {},
        step.event === 'reporter_added_files' || step.event === 'sent_with_report' ? `${label}（${step.n} 个）` : label,
      ),
      h('span', { class: 'muted' }, beijingTime(step.at)),
      step.note && step.note !== label && h('p', {}, step.note),
    );
  });
}

/** Renders the status of the report behind `receipt` into `target`, with the forms that act on it. */
function renderStatus(target: HTMLElement, receipt: string, first: ReceiptStatus): void {
  const uncovered = h('p', { class: 'muted', 'data-testid': 'uncovered-years' });
  const statusText = h('b', { class: 'status', 'data-testid': 'receipt-status' });
  const receivedAt = h('p', {});
  const mode = h('p', {});
  const ackDue = h('p', { 'data-testid': 'ack-due' });
  const count = h('b', { 'data-testid': 'attachment-count' });
  const timeline = h('ol', { class: 'timeline', 'data-testid': 'timeline' });
  const list = h('ol', { class: 'messages', 'data-testid': 'messages' });

  // Rating and re-check: offered once the report is closed, each once.
  const ratingAlert = alertBox('rating-error');
  const ratingDone = h('p', { class: 'done', 'data-testid': 'rating-done', hidden: true });
  const rateButtons = (Object.keys(RATING_LABELS) as Rating[]).map((rating) =>
    h(
      'button',
      { type: 'button', 'data-testid': `rate-${rating}`, onclick: () => rate(rating) },
      RATING_LABELS[rating],
    ),
  );
  const ratingBox = h(
    'div',
    { 'data-testid': 'rating' },
    h('p', {}, '您对办理结果是否满意？（只能评价一次）'),
    h('div', { class: 'rate' }, ...rateButtons),
  );
  const rate = (rating: Rating) => {
    setAlert(ratingAlert, null);
    for (const b of rateButtons) b.disabled = true;
    post('/api/public/receipt-ratings', { receipt, rating })
      .then(refresh)
      .catch((err: unknown) => setAlert(ratingAlert, lookupMessage(err)))
      .finally(() => {
        for (const b of rateButtons) b.disabled = false;
      });
  };

  const reason = h('textarea', {
    rows: '4',
    maxlength: '2000',
    id: 'recheck-reason',
    'data-testid': 'recheck-reason',
    placeholder: '请写明对办理结果有异议的理由（至少 5 个字）',
  });
  const recheckAlert = alertBox('recheck-error');
  const recheckSubmit = h('button', { type: 'submit', 'data-testid': 'recheck-submit' }, '申请复查');
  // Its text names the organ that re-checks; set by apply.
  const recheckLabel = h('label', { for: 'recheck-reason', 'data-testid': 'recheck-label' });
  const recheckForm = h(
    'form',
    { novalidate: true },
    h('div', { class: 'field' }, recheckLabel, reason),
    recheckAlert,
    h('div', { class: 'actions' }, recheckSubmit),
  );
  const recheckDone = h('p', { class: 'done', 'data-testid': 'recheck-done', hidden: true });
  recheckForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = reason.value.trim();
    setAlert(recheckAlert, null);
    if (text.length < 5) {
      setAlert(recheckAlert, '请填写复查理由，至少 5 个字');
      return;
    }
    recheckSubmit.disabled = true;
    post<{ dueOn: string }>('/api/public/receipt-rechecks', { receipt, reason: text })
      .then(() => {
        reason.value = '';
        return refresh();
      })
      .catch((err: unknown) => setAlert(recheckAlert, lookupMessage(err)))
      .finally(() => {
        recheckSubmit.disabled = false;
      });
  });
  // The review (复核, XF 第三十六条): after the re-check answer, once, within 30 days of it.
  const reviewReason = h('textarea', {
    rows: '4',
    maxlength: '2000',
    id: 'review-reason',
    'data-testid': 'review-reason',
    placeholder: '请写明对复查意见不服的理由（至少 5 个字）',
  });
  const reviewAlert = alertBox('review-error');
  const reviewSubmit = h('button', { type: 'submit', 'data-testid': 'review-submit' }, '申请复核');
  // Its text names the organ that reviews and the last day; set by apply.
  const reviewLabel = h('label', { for: 'review-reason', 'data-testid': 'review-label' });
  const reviewForm = h(
    'form',
    { novalidate: true, 'data-testid': 'review-form' },
    h('div', { class: 'field' }, reviewLabel, reviewReason),
    reviewAlert,
    h('div', { class: 'actions' }, reviewSubmit),
  );
  const reviewDone = h('p', { class: 'done', 'data-testid': 'review-done', hidden: true });
  reviewForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = reviewReason.value.trim();
    setAlert(reviewAlert, null);
    if (text.length < 5) {
      setAlert(reviewAlert, '请填写复核理由，至少 5 个字');
      return;
    }
    reviewSubmit.disabled = true;
    post<{ dueOn: string }>('/api/public/receipt-reviews', { receipt, reason: text })
      .then(() => {
        reviewReason.value = '';
        return refresh();
      })
      .catch((err: unknown) => setAlert(reviewAlert, lookupMessage(err)))
      .finally(() => {
        reviewSubmit.disabled = false;
      });
  });
  // An accusation has no petition re-check: its objection is recorded and explained (JK 第二十七条).
  const objection = h(
    'p',
    { 'data-testid': 'objection-hint', hidden: true },
    '对办理结果有异议的，请在下方“补充说明”中写明理由，我们将记录并向您作出解释。',
  );
  const reviewTitle = h('h2', {}, '评价与复查');
  const review = h(
    'section',
    { class: 'card', hidden: true },
    reviewTitle,
    objection,
    ratingBox,
    ratingDone,
    ratingAlert,
    recheckForm,
    recheckDone,
    reviewForm,
    reviewDone,
  );

  // Messages.
  const textarea = h('textarea', {
    rows: '5',
    maxlength: '2000',
    id: 'message',
    'data-testid': 'message-body',
    placeholder: '补充情况、证据线索等',
  });
  const alert = alertBox('message-error');
  const send = h('button', { class: 'primary', type: 'submit', 'data-testid': 'message-submit' }, '提交补充');
  const form = h(
    'form',
    { novalidate: true, class: 'card' },
    h('div', { class: 'field' }, h('label', { for: 'message' }, '补充说明'), textarea),
    alert,
    h('div', { class: 'actions' }, send),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = textarea.value.trim();
    setAlert(alert, null);
    if (!body) {
      setAlert(alert, '请填写补充内容');
      return;
    }
    send.disabled = true;
    post('/api/public/receipt-messages', { receipt, body })
      .then(() => {
        textarea.value = '';
        return refresh();
      })
      .catch((err: unknown) => setAlert(alert, lookupMessage(err)))
      .finally(() => {
        send.disabled = false;
      });
  });

  // Files added later.
  const picker = filePicker('add-file', '选择文件');
  const addProgress = h('p', { class: 'progress', 'aria-live': 'polite', 'data-testid': 'add-file-progress' });
  const addResult = h('div', { 'data-testid': 'add-file-result' });
  const addSubmit = h('button', { class: 'primary', type: 'submit', 'data-testid': 'add-file-submit' }, '上传附件');
  const addForm = h(
    'form',
    { novalidate: true, class: 'card' },
    h('h2', {}, '补充附件'),
    picker.root,
    addProgress,
    addResult,
    h('div', { class: 'actions' }, addSubmit),
  );
  addForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    addResult.replaceChildren();
    void picker.settled().then(async () => {
      const files = [...picker.files];
      if (!files.length) {
        picker.setError('请先选择要上传的文件');
        return;
      }
      addSubmit.disabled = true;
      const { uploaded, failed } = await uploadAll(receipt, files, (t) => (addProgress.textContent = t));
      addProgress.textContent = '';
      picker.clear();
      addResult.replaceChildren(
        h('p', { class: 'done', 'data-testid': 'add-file-done' }, `已上传 ${uploaded} 个附件。`),
        ...(failed.length
          ? [h('div', { class: 'warn', role: 'alert', 'data-testid': 'add-file-failed' }, failedList(failed))]
          : []),
      );
      addSubmit.disabled = false;
      await refresh().catch(() => undefined);
    });
  });

  function apply(status: ReceiptStatus): void {
    statusText.textContent = STATUS_LABELS[status.status] ?? status.status;
    // A time limit that runs into a year whose official holidays are not published yet is
    // counted on weekends alone until they are; the reporter is told, not left to wonder.
    const years = status.uncoveredYears ?? [];
    uncovered.hidden = years.length === 0;
    uncovered.textContent = years.length
      ? `办理期限跨入 ${years.join('、')} 年，该年法定节假日安排尚未公布，期限暂按周末计算；公布后将自动重新计算。`
      : '';
    receivedAt.textContent = `收到时间：${beijingTime(status.receivedAt)}（北京时间）`;
    mode.textContent = `反映方式：${status.anonymous ? '匿名' : '实名'}`;
    // The acknowledgement the rules promise a named reporter, until it is given.
    ackDue.hidden = !status.ackDueOn;
    ackDue.textContent = status.ackDueOn ? `我们将于 ${chineseDate(status.ackDueOn)} 前告知您是否受理。` : '';
    count.textContent = `${status.attachmentCount} 个`;
    timeline.replaceChildren(...timelineItems(status.timeline));
    list.replaceChildren(
      ...(status.messages.length
        ? status.messages.map((m) =>
            h(
              'li',
              { class: m.author },
              h('p', { class: 'muted' }, `${AUTHOR_LABELS[m.author] ?? m.author} · ${beijingTime(m.createdAt)}`),
              h('p', { class: 'body' }, m.body),
            ),
          )
        : [h('li', { class: 'empty' }, '暂无留言')]),
    );
    review.hidden = !(status.closed || status.rating || status.recheckRequestedAt);
    ratingBox.hidden = !status.canRate;
    ratingDone.hidden = !status.rating;
    ratingDone.textContent = status.rating ? `您的评价：${RATING_LABELS[status.rating]}` : '';
    recheckForm.hidden = !status.canRequestRecheck;
    const accusation = status.kind === 'accusation';
    reviewTitle.textContent = accusation ? '评价与异议' : status.reviewBy ? '评价、复查与复核' : '评价与复查';
    objection.hidden = !(accusation && status.closed);
    // The organ comes from the server, which gives the re-check to the commission above the
    // handler, or keeps it with the handler's own when none is above it.
    const by = status.recheckBy;
    recheckLabel.textContent = `对办理结果有异议？可${
      status.recheckApplyBy ? `在 ${chineseDate(status.recheckApplyBy)} 前` : ''
    }申请复查一次${by ? `，由${by}复查` : ''}`;
    recheckDone.hidden = !status.recheckRequestedAt;
    recheckDone.textContent = status.recheckRequestedAt
      ? `您已于 ${beijingTime(status.recheckRequestedAt)} 申请复查${by ? `，由${by}办理` : ''}${
          // The due date comes with the lookup, so it survives a reload; gone once answered.
          status.recheckDueOn ? `，我们将于 ${chineseDate(status.recheckDueOn)} 前答复` : ''
        }。`
      : '';
    // The review: offered after the re-check answer until its last day; then what became of it.
    reviewForm.hidden = !status.canRequestReview;
    const reviewBy = status.reviewBy;
    reviewLabel.textContent = `对复查意见不服？可${
      status.reviewApplyBy ? `在 ${chineseDate(status.reviewApplyBy)} 前` : ''
    }向${reviewBy ?? '复查机关的上一级机关'}申请复核一次`;
    const reviewAnswered = status.timeline.some((s) => s.event === 'review_answered');
    reviewDone.hidden = !status.reviewRequestedAt;
    reviewDone.textContent = status.reviewRequestedAt
      ? `您已于 ${beijingTime(status.reviewRequestedAt)} 申请复核${reviewBy ? `，由${reviewBy}办理` : ''}${
          reviewAnswered
            ? '。复核意见见上方“办理机关回复”'
            : status.reviewDueOn
              ? `，将于 ${chineseDate(status.reviewDueOn)} 前作出复核意见`
              : ''
        }。`
      : '';
  }
  const refresh = () => lookup(receipt).then(apply);
  apply(first);

  target.replaceChildren(
    h(
      'section',
      { class: 'card' },
      h('p', {}, '办理状态：', statusText),
      uncovered,
      receivedAt,
      mode,
      ackDue,
      h('p', {}, '附件：', count),
    ),
    h('section', { class: 'card' }, h('h2', {}, '办理进程'), timeline),
    // The office's reply is read before the rating asks what the reporter thinks of it.
    h('section', { class: 'card', 'data-testid': 'messages-card' }, h('h2', {}, '办理机关回复与留言'), list),
    review,
    form,
    addForm,
  );
}
