/**
 * The report form (`/r/<regionCode>`, after the guide): checks what it can before sending, files
 * the report once (one idempotency key per form), then uploads the chosen files one by one.
 */
import { ApiError, type SubmitAnswer, errorFields, post } from '../api.js';
import { h, show } from '../dom.js';
import { chineseDateField } from '../date-field.js';
import { type Upload, filePicker, uploadAll } from '../files.js';
import { alertBox, header, placeLine, setAlert } from '../ui.js';
import { submittedPage } from './submitted.js';
import type { AboutRecord } from '../village/shell.js';

const CONTENT_MIN = 10;
const CONTENT_MAX = 5000;
const KIND_LABELS = { accusation: '检举控告', petition: '一般信访诉求' } as const;
type Kind = keyof typeof KIND_LABELS;
/** What the person reported is, in plain words: the report goes to the body competent for them. */
const ROLE_LABELS = {
  village_cadre: ['村干部', '村党组织书记、村委会主任、村会计等'],
  township_cadre: ['乡镇干部', '乡镇（街道）的领导和工作人员'],
  county_department: ['县直部门干部', '县里各部门、单位的干部'],
  unknown: ['不清楚', '由县纪委监委信访室转给主管机关'],
} as const;
type Role = keyof typeof ROLE_LABELS;
/** Whether the person leads a commission: such a report goes one level up (JK 第十五条). */
const LEADER_LABELS = {
  no: '不是',
  township_commission: '是乡镇（街道）纪委负责人',
  county_commission: '是县纪委监委负责人',
} as const;
type Leader = keyof typeof LEADER_LABELS;
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

/** A form field: its wrapper, its input and the place of its error message. */
interface Field {
  wrap: HTMLElement;
  input: HTMLInputElement | HTMLTextAreaElement;
  error: HTMLElement;
}

/** A labelled field named `name` (its id and test id are `f-<name>`), marked required or optional. */
function field(
  name: string,
  label: string,
  input: HTMLInputElement | HTMLTextAreaElement,
  opts: { required?: boolean; hint?: Node } = {},
): Field {
  const id = `f-${name.replace('.', '-')}`;
  input.id = id;
  // Required is said to assistive technology too, not only by the red mark (the form is
  // novalidate: the page explains problems itself, in Chinese).
  if (opts.required) {
    input.required = true;
    input.setAttribute('aria-required', 'true');
  }
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
      opts.required ? h('span', { class: 'req' }, '（必填）') : h('span', { class: 'opt' }, '（选填）'),
    ),
    input,
    opts.hint,
    error,
  );
  return { wrap, input, error };
}

/**
 * The 发生时间 field: 年 月 日 selects in Chinese order, labelled together by a group; the value
 * (YYYY-MM-DD) is read from the hidden input like any other field.
 */
function dateField(name: string, label: string): Field {
  const id = `f-${name}`;
  const date = chineseDateField(id, todayInBeijing());
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const legend = h('span', { class: 'group-label', id: `${id}-label` }, label, h('span', { class: 'opt' }, '（选填）'));
  date.root.setAttribute('role', 'group');
  date.root.setAttribute('aria-labelledby', legend.id);
  date.root.setAttribute('aria-describedby', error.id);
  const wrap = h('div', { class: 'field' }, legend, date.root, error);
  date.input.addEventListener('input', () => {
    error.hidden = true;
    wrap.classList.remove('invalid');
  });
  return { wrap, input: date.input, error };
}

/** Shows `message` under a field and marks it invalid, or clears it when null. */
function setFieldError(f: Field, message: string | null): void {
  f.error.textContent = message ?? '';
  f.error.hidden = !message;
  f.wrap.classList.toggle('invalid', Boolean(message));
  if (message) f.input.setAttribute('aria-invalid', 'true');
  else f.input.removeAttribute('aria-invalid');
}

/** Shows the report form for `regionCode`; a filed report goes on to the receipt screen. */
export function formPage(regionCode: string, about?: AboutRecord): void {
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
  const radio = (name: string, value: string, checked = false) =>
    h('input', { type: 'radio', name, value, checked, 'data-testid': `${name}-${value}` });
  // 不清楚 is the default: such a report goes to the county commission's intake office, which routes it.
  const roleRadios = (Object.keys(ROLE_LABELS) as Role[]).map((role) => radio('subjectRole', role, role === 'unknown'));
  const leaderRadios = (Object.keys(LEADER_LABELS) as Leader[]).map((l) => radio('commissionLeader', l, l === 'no'));
  const roleBox = h(
    'fieldset',
    { class: 'card mode', 'data-testid': 'subject-role' },
    h('legend', {}, '被反映人是'),
    ...roleRadios.map((r) => {
      const [title, hint] = ROLE_LABELS[r.value as Role];
      return h('label', { class: 'choice' }, r, h('span', {}, h('b', {}, title), '　' + hint));
    }),
  );
  const leaderBox = h(
    'fieldset',
    { class: 'card mode', 'data-testid': 'commission-leader' },
    h('legend', {}, '被反映人是否为纪委监委负责人'),
    ...leaderRadios.map((r) => h('label', { class: 'choice' }, r, h('span', {}, LEADER_LABELS[r.value as Leader]))),
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
    occurredOn: dateField('occurredOn', '发生时间'),
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
  // What a named report is promised, as the rules give it: an accusation is acknowledged within
  // 15 working days and its result fed back (JK 第二十六条, 第二十七条); a petition is answered
  // within 15 days whether it is taken up, and in writing once handled (XF 第二十三条, 第三十一条).
  const namedPromise = h('span', { 'data-testid': 'named-promise' });
  const onKind = () => {
    namedPromise.textContent =
      kindRadios[1]?.checked === true
        ? '　15 日内告知是否受理，办结后书面答复'
        : '　优先办理，15 个工作日内告知是否受理，办结后反馈结果';
  };
  onKind();
  for (const r of kindRadios) r.addEventListener('change', onKind);
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
      h('label', { class: 'choice' }, namedRadio, h('span', {}, h('b', {}, '实名'), namedPromise)),
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
    roleBox,
    leaderBox,
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
      subjectRole: roleRadios.find((r) => r.checked)?.value ?? 'unknown',
      commissionLeader: leaderRadios.find((r) => r.checked)?.value ?? 'no',
      content: value('content'),
      occurredOn: optional('occurredOn'),
      place: optional('place'),
      amountFen: amount ? (yuanToFen(amount) ?? undefined) : undefined,
      about: about ? { kind: about.kind, id: about.id } : undefined,
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
        submittedPage(regionCode, answer, result);
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

  const aboutCard = about
    ? h(
        'section',
        { class: 'card about', 'data-testid': 'report-about' },
        h('h2', {}, '反映的公开事项'),
        h('p', {}, about.label),
      )
    : null;
  show(header('检举控告'), placeLine(regionCode), aboutCard, form);
}
