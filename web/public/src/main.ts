/**
 * The public pages (`/r/…`): the report form reached from a QR code (`/r/<regionCode>`) and the
 * receipt look-up (`/r/receipt`). Nothing personal is kept in storage: the receipt lives only in
 * memory, shown once after submission.
 */
import './styles.css';
import { ApiError, type Rating, type ReceiptStatus, type SubmitAnswer, errorFields, post } from './api.js';
import { h, show } from './dom.js';
import { type Failed, failedList, filePicker, uploadAll } from './files.js';
import { GUIDE } from './guide.js';

const REGION_CODE = /^(\d{12}|\d{15})$/;
const CONTENT_MIN = 10;
const CONTENT_MAX = 5000;
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
  deadline_extended: '办理期限延长',
  reporter_added_files: '您补充了附件',
};
const RATING_LABELS: Record<Rating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};
const AUTHOR_LABELS: Record<string, string> = { reporter: '我', staff: '办理机关回复' };
const KIND_LABELS = { accusation: '检举控告', petition: '一般信访诉求' } as const;
type Kind = keyof typeof KIND_LABELS;
/** The reporting guide (检举控告明白卡) as a PDF, of the commission competent for the region when known. */
const guidePdf = (regionCode?: string) =>
  `/api/public/documents/reporting_guide.pdf${regionCode ? `?regionCode=${regionCode}` : ''}`;
/** Labels of form fields, by the path the server names in an error. */
const FIELD_LABELS: Record<string, string> = {
  regionCode: '地区代码',
  reporter: '举报人信息',
  'reporter.name': '您的姓名',
  'reporter.phone': '联系电话',
  subject: '被反映人',
  'subject.name': '被反映人姓名',
  'subject.position': '职务',
  'subject.employer': '工作单位',
  content: '主要问题',
  occurredOn: '发生时间',
  place: '发生地点',
  amountFen: '涉及金额',
};

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An instant as Beijing time, e.g. 2026/11/22 10:05. */
function beijingTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** A date `YYYY-MM-DD` as 2026年12月14日. */
function chineseDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** Today in Beijing as `YYYY-MM-DD` (the latest selectable 发生时间). */
function todayInBeijing(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** Yuan as typed (`1234.5`) to whole fen, or null when it is not an amount. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 16 digits grouped 4-4-4-4. */
function groupReceipt(receipt: string): string {
  return receipt.replace(/(\d{4})(?=\d)/g, '$1 ');
}

function header(title: string): HTMLElement {
  return h('header', { class: 'bar' }, h('span', { class: 'brand' }, '清风'), h('h1', {}, title));
}

function alertBox(testid: string): HTMLDivElement {
  return h('div', { class: 'alert', role: 'alert', 'data-testid': testid, hidden: true });
}

function setAlert(box: HTMLElement, message: string | null): void {
  box.textContent = message ?? '';
  box.hidden = !message;
}

function guideLink(regionCode?: string): HTMLAnchorElement {
  return h(
    'a',
    { class: 'link', href: guidePdf(regionCode), download: '检举控告明白卡.pdf', 'data-testid': 'guide-download' },
    '下载检举控告明白卡（PDF）',
  );
}

// ---------------------------------------------------------------------------------------------
// Report page
// ---------------------------------------------------------------------------------------------

function guidePage(regionCode: string): void {
  show(
    header('检举控告明白卡'),
    h(
      'section',
      { class: 'card guide', 'data-testid': 'guide' },
      ...GUIDE.map((part) =>
        h('div', {}, h('h2', {}, part.title), h('ul', {}, ...part.items.map((item) => h('li', {}, item)))),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { class: 'primary', type: 'button', 'data-testid': 'guide-read', onclick: () => formPage(regionCode) },
        '我已阅读',
      ),
      guideLink(regionCode),
      h('a', { class: 'link', href: '/r/receipt' }, '已有回执码？查询办理情况'),
    ),
  );
}

interface Field {
  wrap: HTMLElement;
  input: HTMLInputElement | HTMLTextAreaElement;
  error: HTMLElement;
}

function field(
  name: string,
  label: string,
  input: HTMLInputElement | HTMLTextAreaElement,
  opts: { required?: boolean; hint?: Node } = {},
): Field {
  const id = `f-${name.replace('.', '-')}`;
  input.id = id;
  input.name = name;
  input.dataset.testid = id;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  input.setAttribute('aria-describedby', error.id);
  // A problem shown for this field goes away as soon as the field is edited.
  input.addEventListener('input', () => {
    error.hidden = true;
    wrap.classList.remove('invalid');
    input.removeAttribute('aria-invalid');
  });
  const wrap = h(
    'div',
    { class: 'field' },
    h(
      'label',
      { for: id },
      label,
      opts.required ? h('span', { class: 'req' }, ' *') : h('span', { class: 'opt' }, '（选填）'),
    ),
    input,
    opts.hint,
    error,
  );
  return { wrap, input, error };
}

function setFieldError(f: Field, message: string | null): void {
  f.error.textContent = message ?? '';
  f.error.hidden = !message;
  f.wrap.classList.toggle('invalid', Boolean(message));
  if (message) f.input.setAttribute('aria-invalid', 'true');
  else f.input.removeAttribute('aria-invalid');
}

function formPage(regionCode: string): void {
  // One key per form: a double tap or a retry after a lost answer does not file twice.
  const idempotencyKey = crypto.randomUUID();
  const text = (attrs: Record<string, string> = {}) => h('input', { type: 'text', autocomplete: 'off', ...attrs });

  const namedRadio = h('input', { type: 'radio', name: 'named', value: 'named', 'data-testid': 'mode-named' });
  const anonRadio = h('input', {
    type: 'radio',
    name: 'named',
    value: 'anonymous',
    checked: true,
    'data-testid': 'mode-anonymous',
  });
  const kindRadios = (Object.keys(KIND_LABELS) as Kind[]).map((kind) =>
    h('input', {
      type: 'radio',
      name: 'kind',
      value: kind,
      checked: kind === 'accusation',
      'data-testid': `kind-${kind}`,
    }),
  );
  const fields = {
    'reporter.name': field('reporter.name', '您的姓名', text({ maxlength: '40', autocomplete: 'name' }), {
      required: true,
    }),
    'reporter.phone': field(
      'reporter.phone',
      '联系电话',
      text({ type: 'tel', maxlength: '20', inputmode: 'tel', autocomplete: 'tel' }),
      {
        required: true,
      },
    ),
    'subject.name': field('subject.name', '被反映人姓名', text({ maxlength: '40' }), { required: true }),
    'subject.position': field('subject.position', '职务', text({ maxlength: '60', placeholder: '如：村委会主任' })),
    'subject.employer': field('subject.employer', '工作单位', text({ maxlength: '80' })),
    content: field(
      'content',
      '主要问题',
      h('textarea', {
        rows: '8',
        maxlength: String(CONTENT_MAX),
        placeholder: '请写明何人、何时、何地、做了什么、有何证据或线索',
      }),
      {
        required: true,
      },
    ),
    occurredOn: field('occurredOn', '发生时间', h('input', { type: 'date', max: todayInBeijing() })),
    place: field('place', '发生地点', text({ maxlength: '200' })),
    amountFen: field(
      'amountFen',
      '涉及金额（元）',
      text({ inputmode: 'decimal', placeholder: '如：12000 或 350.50', maxlength: '13' }),
    ),
  };
  type Name = keyof typeof fields;
  const counter = h('p', { class: 'counter', 'data-testid': 'content-counter', 'aria-live': 'polite' });
  fields.content.wrap.insertBefore(counter, fields.content.error);
  const updateCounter = () => {
    const n = fields.content.input.value.trim().length;
    counter.textContent = `${n} / ${CONTENT_MAX} 字${n < CONTENT_MIN ? `（至少 ${CONTENT_MIN} 字）` : ''}`;
    counter.classList.toggle('short', n < CONTENT_MIN);
  };
  fields.content.input.addEventListener('input', updateCounter);
  updateCounter();

  const reporterBox = h(
    'fieldset',
    { class: 'card', 'data-testid': 'reporter-box', hidden: true },
    h('legend', {}, '举报人信息'),
    h('p', { class: 'note' }, '您的姓名和电话加密保存，仅经批准的工作人员可查看，不会告知被反映人。'),
    fields['reporter.name'].wrap,
    fields['reporter.phone'].wrap,
  );
  const onMode = () => {
    reporterBox.hidden = !namedRadio.checked;
  };
  namedRadio.addEventListener('change', onMode);
  anonRadio.addEventListener('change', onMode);

  const picker = filePicker('file', '选择附件');
  const alert = alertBox('form-error');
  const submit = h('button', { class: 'primary', type: 'submit', 'data-testid': 'submit' }, '提交');
  const progress = h('p', { class: 'progress', 'aria-live': 'polite', 'data-testid': 'upload-progress', hidden: true });
  let skip: AbortController | null = null;
  const skipButton = h(
    'button',
    { type: 'button', hidden: true, 'data-testid': 'upload-skip', onclick: () => skip?.abort() },
    '跳过剩余附件，先显示回执码',
  );
  const form = h(
    'form',
    { novalidate: true, 'data-testid': 'report-form' },
    h(
      'fieldset',
      { class: 'card mode' },
      h('legend', {}, '反映类型'),
      h(
        'label',
        { class: 'choice' },
        kindRadios[0],
        h('span', {}, h('b', {}, KIND_LABELS.accusation), '　反映党员、干部和公职人员违纪违法问题'),
      ),
      h(
        'label',
        { class: 'choice' },
        kindRadios[1],
        h('span', {}, h('b', {}, KIND_LABELS.petition), '　政策咨询、意见建议、权益诉求等'),
      ),
    ),
    h(
      'fieldset',
      { class: 'card mode' },
      h('legend', {}, '反映方式'),
      h('label', { class: 'choice' }, anonRadio, h('span', {}, h('b', {}, '匿名'), '　不留姓名和电话')),
      h(
        'label',
        { class: 'choice' },
        namedRadio,
        h('span', {}, h('b', {}, '实名'), '　优先办理，15 个工作日内告知是否受理'),
      ),
    ),
    reporterBox,
    h(
      'fieldset',
      { class: 'card' },
      h('legend', {}, '被反映人'),
      fields['subject.name'].wrap,
      fields['subject.position'].wrap,
      fields['subject.employer'].wrap,
    ),
    h(
      'fieldset',
      { class: 'card' },
      h('legend', {}, '反映的问题'),
      fields.content.wrap,
      fields.occurredOn.wrap,
      fields.place.wrap,
      fields.amountFen.wrap,
    ),
    h('fieldset', { class: 'card' }, h('legend', {}, '证据材料（选填）'), picker.root),
    alert,
    progress,
    h('div', { class: 'actions' }, submit, skipButton),
  );

  form.addEventListener('input', () => setAlert(alert, null));
  const value = (name: Name) => fields[name].input.value.trim();

  /** Checks the form as the server would, so most mistakes are explained before sending. */
  function validate(): Partial<Record<Name, string>> {
    const problems: Partial<Record<Name, string>> = {};
    if (namedRadio.checked) {
      if (!value('reporter.name')) problems['reporter.name'] = '实名反映请填写您的姓名';
      if (!/^\+?[0-9][0-9 -]{3,18}[0-9]$/.test(value('reporter.phone')))
        problems['reporter.phone'] = '请填写正确的联系电话';
    }
    if (!value('subject.name')) problems['subject.name'] = '请填写被反映人姓名';
    const n = value('content').length;
    if (n < CONTENT_MIN) problems.content = `主要问题至少 ${CONTENT_MIN} 个字，当前 ${n} 个字`;
    if (n > CONTENT_MAX) problems.content = `主要问题不能超过 ${CONTENT_MAX} 个字`;
    if (value('occurredOn') && value('occurredOn') > todayInBeijing()) problems.occurredOn = '发生时间不能晚于今天';
    const amount = value('amountFen');
    if (amount && yuanToFen(amount) === null) problems.amountFen = '请填写金额数字，最多两位小数，如 350.50';
    return problems;
  }

  function showProblems(problems: Partial<Record<Name, string>>): void {
    for (const name of Object.keys(fields) as Name[]) setFieldError(fields[name], problems[name] ?? null);
    const first = (Object.keys(fields) as Name[]).find((name) => problems[name]);
    if (first) fields[first].input.focus();
  }

  let sending = false;
  /** While sending, nothing in the form can change (a file removed then would still be sent). */
  const lock = (locked: boolean) => {
    for (const set of form.querySelectorAll('fieldset')) set.disabled = locked;
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (sending) return;
    setAlert(alert, null);
    const problems = validate();
    showProblems(problems);
    if (Object.keys(problems).length) {
      setAlert(alert, '请按提示修改后再提交');
      return;
    }
    const optional = (name: Name) => value(name) || undefined;
    const amount = value('amountFen');
    const body = {
      regionCode,
      named: namedRadio.checked,
      kind: kindRadios.find((r) => r.checked)?.value ?? 'accusation',
      reporter: namedRadio.checked ? { name: value('reporter.name'), phone: value('reporter.phone') } : undefined,
      subject: {
        name: value('subject.name'),
        position: optional('subject.position'),
        employer: optional('subject.employer'),
      },
      content: value('content'),
      occurredOn: optional('occurredOn'),
      place: optional('place'),
      amountFen: amount ? (yuanToFen(amount) ?? undefined) : undefined,
    };
    sending = true;
    lock(true);
    submit.disabled = true;
    submit.textContent = '正在提交…';
    picker
      .settled()
      .then(() => post<SubmitAnswer>('/api/public/reports', body, { 'idempotency-key': idempotencyKey }))
      .then(async (answer) => {
        // The report is filed: from here on every path ends on the receipt screen.
        const files = [...picker.files];
        let result: Upload | null = null;
        if (files.length) {
          submit.textContent = '正在上传附件…';
          skip = new AbortController();
          skipButton.hidden = false;
          progress.hidden = false;
          result = await uploadAll(answer.receipt, files, (t) => (progress.textContent = t), skip.signal).catch(() => ({
            uploaded: 0,
            failed: files.map((f) => ({ name: f.name, message: '上传失败' })),
          }));
        }
        receiptPage(regionCode, answer, result);
      })
      .catch((err: unknown) => {
        sending = false;
        lock(false);
        submit.disabled = false;
        submit.textContent = '提交';
        const e = err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', '提交失败，请稍后重试', null);
        const named: Partial<Record<Name, string>> = {};
        for (const path of errorFields(e.details)) {
          const key = (
            path in fields ? path : path === 'reporter' ? 'reporter.name' : path === 'subject' ? 'subject.name' : null
          ) as Name | null;
          if (key) named[key] = `${FIELD_LABELS[path] ?? '此项'}：${e.message}`;
        }
        showProblems(named);
        setAlert(alert, e.message);
        alert.scrollIntoView({ block: 'center' });
      });
  });

  show(header('检举控告'), form);
}

/** What happened to the files chosen with the report. */
interface Upload {
  uploaded: number;
  failed: Failed[];
}

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

function receiptPage(regionCode: string, answer: SubmitAnswer, upload: Upload | null): void {
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
        groupReceipt(answer.receipt),
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

// ---------------------------------------------------------------------------------------------
// Receipt look-up
// ---------------------------------------------------------------------------------------------

function lookupPage(): void {
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

function lookupMessage(err: unknown): string {
  if (err instanceof ApiError && err.status === 404) return '回执码不正确';
  return err instanceof ApiError ? err.message : '查询失败，请稍后重试';
}

const lookup = (receipt: string) => post<ReceiptStatus>('/api/public/receipt-lookups', { receipt });

/** The timeline, with consecutive steps of the same kind (several files added) shown once. */
function timelineItems(steps: ReceiptStatus['timeline']): HTMLElement[] {
  const merged: { event: string; at: string; note: string | null; n: number }[] = [];
  for (const step of steps) {
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
      h('b', {}, step.event === 'reporter_added_files' ? `${label}（${step.n} 个）` : label),
      h('span', { class: 'muted' }, beijingTime(step.at)),
      step.note && step.note !== label && h('p', {}, step.note),
    );
  });
}

function renderStatus(target: HTMLElement, receipt: string, first: ReceiptStatus): void {
  const statusText = h('b', { class: 'status', 'data-testid': 'receipt-status' });
  const receivedAt = h('p', {});
  const mode = h('p', {});
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
  const review = h(
    'section',
    { class: 'card', hidden: true },
    h('h2', {}, '评价与复查'),
    ratingBox,
    ratingDone,
    ratingAlert,
    recheckForm,
    recheckDone,
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
    receivedAt.textContent = `收到时间：${beijingTime(status.receivedAt)}（北京时间）`;
    mode.textContent = `反映方式：${status.anonymous ? '匿名' : '实名'}`;
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
    // The organ comes from the server, which gives the re-check to the commission above the
    // handler, or keeps it with the handler's own when none is above it.
    const by = status.recheckBy;
    recheckLabel.textContent = `对办理结果有异议？可申请复查一次${by ? `，由${by}复查` : ''}`;
    recheckDone.hidden = !status.recheckRequestedAt;
    recheckDone.textContent = status.recheckRequestedAt
      ? `您已于 ${beijingTime(status.recheckRequestedAt)} 申请复查${by ? `，由${by}办理` : ''}${
          // The due date comes with the lookup, so it survives a reload; gone once answered.
          status.recheckDueOn ? `，我们将于 ${chineseDate(status.recheckDueOn)} 前答复` : ''
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
      receivedAt,
      mode,
      h('p', {}, '附件：', count),
    ),
    h('section', { class: 'card' }, h('h2', {}, '办理进程'), timeline),
    review,
    h('section', { class: 'card' }, h('h2', {}, '留言'), list),
    form,
    addForm,
  );
}

// ---------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------

function invalidPage(): void {
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

const segment = location.pathname.replace(/^\/r\/?/, '').replace(/\/$/, '');
if (segment === 'receipt') lookupPage();
else if (REGION_CODE.test(segment)) guidePage(segment);
else invalidPage();
