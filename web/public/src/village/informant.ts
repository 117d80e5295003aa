/**
 * The informants' phone app (廉情监督员, `/r/informant`). An invitation arrives as
 * `/r/informant#invite=<token>` (a fragment never reaches a server log): the informant sets a
 * 6-digit PIN, which binds this phone (a device credential cookie the server set). Later visits
 * sign in with the PIN on this phone only. Then: report a problem (routed like a public report of
 * the informant's village; the handler does not see who sent it), see the status of what was
 * reported, and mark the township's tasks done. Requests carry the session cookie (same origin)
 * and the session's own CSRF token.
 */
import { ApiError } from '../api.js';
import { h, show } from '../dom.js';
import { alertBox, beijingTime, chineseDate, header, setAlert } from '../ui.js';
import {
  PUBLIC_SUBJECT_ROLES,
  PUBLIC_SUBJECT_ROLE_LABELS,
  STATUS_LABELS,
  type ReportStatus,
} from '../../../../src/server/shared/reports.codes.js';

interface Me {
  name: string;
  village: string;
  group: string;
  termEnd: string;
  csrfToken: string;
}
interface OwnReport {
  number: string;
  receivedAt: string;
  status: string;
}
interface Task {
  id: string;
  kind: string;
  title: string;
  dueOn: string | null;
  status: 'open' | 'done' | 'confirmed';
  doneAt: string | null;
}

const TASK_STATUS: Record<Task['status'], string> = {
  open: '待完成',
  done: '已完成，待乡镇确认',
  confirmed: '乡镇已确认',
};
let csrf = '';

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'POST' && csrf ? { 'x-csrf-token': csrf } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试', null);
  }
  const data = (await res.json().catch(() => null)) as
    (T & { error?: { code?: string; message?: string; details?: unknown } }) | null;
  if (!res.ok)
    throw new ApiError(
      res.status,
      data?.error?.code ?? 'UNKNOWN',
      data?.error?.message ?? `服务暂不可用（${res.status}）`,
      data?.error?.details,
    );
  return data as T;
}

function pinField(id: string, label: string): HTMLInputElement {
  return h('input', {
    id,
    type: 'password',
    inputmode: 'numeric',
    autocomplete: 'off',
    pattern: '\\d{6}',
    maxlength: '6',
    required: true,
    'aria-label': label,
    'data-testid': id,
  });
}

function field(label: string, input: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
}

/** Setting the PIN from an invitation link. */
function activationPage(token: string): void {
  const pin = pinField('pin', '设置 6 位数字 PIN');
  const again = pinField('pin-again', '再次输入 PIN');
  const alert = alertBox('informant-error');
  const submit = h('button', { type: 'submit', class: 'button', 'data-testid': 'activate' }, '启用本手机');
  const form = h(
    'form',
    { novalidate: true },
    h(
      'section',
      { class: 'card' },
      h(
        'p',
        {},
        '欢迎担任廉情监督员。请设置 6 位数字 PIN，今后在本手机上凭 PIN 登录。换手机须向乡镇纪委重新索取邀请。',
      ),
      field('设置 6 位数字 PIN', pin),
      field('再次输入 PIN', again),
    ),
    alert,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!/^\d{6}$/.test(pin.value)) return setAlert(alert, 'PIN 须为 6 位数字');
    if (pin.value !== again.value) return setAlert(alert, '两次输入的 PIN 不一致');
    submit.disabled = true;
    call<{ csrfToken: string }>('POST', '/api/informant/activation', { token, pin: pin.value })
      .then((s) => {
        csrf = s.csrfToken;
        // The token is used: drop it from the address bar and history.
        history.replaceState(null, '', '/r/informant');
        return home();
      })
      .catch((e: ApiError) => {
        submit.disabled = false;
        setAlert(alert, e.message);
      });
  });
  show(header('启用监督员手机'), form);
}

/** Signing in with the PIN on a bound phone. */
function signInPage(note?: string): void {
  const pin = pinField('pin', '输入 6 位数字 PIN');
  const alert = alertBox('informant-error');
  const submit = h('button', { type: 'submit', class: 'button', 'data-testid': 'sign-in' }, '登录');
  const form = h(
    'form',
    { novalidate: true },
    h(
      'section',
      { class: 'card' },
      note ? h('p', { class: 'muted' }, note) : null,
      field('输入 6 位数字 PIN', pin),
      h('p', { class: 'muted' }, '连续输错 5 次将被锁定。新手机请使用乡镇纪委发送的邀请链接启用。'),
    ),
    alert,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    call<{ csrfToken: string }>('POST', '/api/informant/sign-in', { pin: pin.value })
      .then((s) => {
        csrf = s.csrfToken;
        return home();
      })
      .catch((e: ApiError) => {
        submit.disabled = false;
        pin.value = '';
        setAlert(alert, e.message);
      });
  });
  show(header('廉情监督员登录'), form);
}

function reportCard(onSent: (notice: string) => void): HTMLElement {
  const name = h('input', {
    type: 'text',
    id: 'subject-name',
    maxlength: '50',
    required: true,
    'data-testid': 'subject-name',
  });
  const position = h('input', {
    type: 'text',
    id: 'subject-position',
    maxlength: '100',
    'data-testid': 'subject-position',
  });
  const role = h(
    'select',
    { id: 'subject-role', 'data-testid': 'subject-role' },
    ...PUBLIC_SUBJECT_ROLES.map((r) => h('option', { value: r }, PUBLIC_SUBJECT_ROLE_LABELS[r])),
  );
  const content = h('textarea', {
    id: 'content',
    rows: '5',
    maxlength: '5000',
    required: true,
    'data-testid': 'content',
  });
  const photos = h('input', {
    type: 'file',
    id: 'photos',
    accept: 'image/*',
    multiple: true,
    'data-testid': 'photos',
  });
  const alert = alertBox('report-error');
  const submit = h('button', { type: 'submit', class: 'button', 'data-testid': 'send-report' }, '报送');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-testid': 'report-card' },
    h('h2', {}, '报送问题线索'),
    field('被反映人姓名', name),
    field('职务（选填）', position),
    field('被反映人是', role),
    field('反映的问题（不少于 10 个字）', content),
    field('现场照片（选填，最多 5 张）', photos),
    alert,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!name.value.trim() || content.value.trim().length < 10)
      return setAlert(alert, '请填写被反映人姓名和反映的问题（不少于 10 个字）');
    submit.disabled = true;
    setAlert(alert, null);
    call<OwnReport>('POST', '/api/informant/reports', {
      subjectName: name.value.trim(),
      ...(position.value.trim() ? { subjectPosition: position.value.trim() } : {}),
      subjectRole: role.value,
      content: content.value.trim(),
    })
      .then(async (r) => {
        const files = [...(photos.files ?? [])].slice(0, 5);
        let note = '';
        if (files.length > 0) {
          const body = new FormData();
          body.append('number', r.number);
          for (const f of files) body.append('file', f);
          const res = await fetch('/api/informant/report-photos', {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'x-csrf-token': csrf },
            body,
          }).catch(() => null);
          note = res?.ok ? `，附照片 ${files.length} 张` : '，但照片未能上传，请稍后重试';
        }
        onSent(`已报送，编号 ${r.number}${note}。办理情况可在“我的报送”中查看。`);
      })
      .catch((e: ApiError) => {
        submit.disabled = false;
        setAlert(alert, e.message);
      });
  });
  return form;
}

async function reportsCard(): Promise<HTMLElement> {
  const { items } = await call<{ items: OwnReport[] }>('GET', '/api/informant/reports');
  return h(
    'section',
    { class: 'card', 'data-testid': 'own-reports' },
    h('h2', {}, '我的报送'),
    items.length === 0
      ? h('p', { class: 'muted' }, '还没有报送记录。')
      : h(
          'ul',
          {},
          ...items.map((r) =>
            h(
              'li',
              { 'data-testid': 'own-report' },
              h('b', {}, r.number),
              ` ${beijingTime(r.receivedAt)} · `,
              h('span', { class: 'status' }, STATUS_LABELS[r.status as ReportStatus] ?? r.status),
            ),
          ),
        ),
  );
}

async function tasksCard(refresh: () => void): Promise<HTMLElement> {
  const { items } = await call<{ items: Task[] }>('GET', '/api/informant/tasks');
  const card = h('section', { class: 'card', 'data-testid': 'tasks' }, h('h2', {}, '乡镇派发的任务'));
  if (items.length === 0) card.append(h('p', { class: 'muted' }, '暂无任务。'));
  for (const t of items) {
    const row = h(
      'article',
      { class: 'card', 'data-testid': 'task' },
      h('h3', {}, t.title),
      h('p', { class: 'muted' }, `${t.dueOn ? `请于 ${chineseDate(t.dueOn)} 前完成 · ` : ''}${TASK_STATUS[t.status]}`),
    );
    if (t.status === 'open') {
      const note = h('input', {
        type: 'text',
        id: `note-${t.id}`,
        maxlength: '500',
        placeholder: '完成情况（选填）',
        'data-testid': 'task-note',
      });
      const btn = h('button', { type: 'button', class: 'button', 'data-testid': 'task-done' }, '标记完成');
      btn.addEventListener('click', () => {
        btn.disabled = true;
        call('POST', `/api/informant/tasks/${t.id}/done`, note.value.trim() ? { note: note.value.trim() } : {})
          .then(refresh)
          .catch(() => (btn.disabled = false));
      });
      row.append(h('div', { class: 'field' }, note), btn);
    }
    card.append(row);
  }
  return card;
}

async function home(notice?: string): Promise<void> {
  let me: Me;
  try {
    me = await call<Me>('GET', '/api/informant/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return signInPage();
    throw e;
  }
  csrf = me.csrfToken;
  const refresh = () => void home();
  const out = h('button', { type: 'button', class: 'link', 'data-testid': 'sign-out' }, '退出登录');
  out.addEventListener('click', () => {
    void call('POST', '/api/informant/sign-out', {}).finally(() => signInPage('已退出。'));
  });
  const [reports, tasks] = await Promise.all([reportsCard(), tasksCard(refresh)]);
  show(
    header('廉情监督员'),
    h(
      'p',
      { class: 'place', 'data-testid': 'informant-place' },
      h('b', {}, me.name),
      ` · ${me.village} ${me.group} · 任期至 ${chineseDate(me.termEnd)}`,
    ),
    tasks,
    notice ? h('p', { class: 'done', role: 'status', 'data-testid': 'report-sent' }, notice) : null,
    reportCard((sent) => void home(sent)),
    reports,
    h('div', { class: 'actions' }, out),
  );
}

/** Shows the informant app: activation from an invitation link, else the PIN sign-in or the home page. */
export function informantApp(): void {
  const invite = /(?:^#|&)invite=([A-Za-z0-9_-]{20,64})/.exec(location.hash)?.[1];
  if (invite) return activationPage(invite);
  void home().catch(() => signInPage('暂时无法连接，请稍后再试。'));
}
