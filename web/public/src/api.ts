/** Calls to the public API (`/api/public/…`): same origin, no cookies, JSON in and out. */

/** An error answer of the server, or a network failure (code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

type ErrorAnswer = { error?: { code?: string; message?: string; details?: unknown } } | null;

const networkError = () => new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试', null);

/** The ApiError of a non-2xx answer with its parsed body (null when it was not JSON). */
function answerError(status: number, data: ErrorAnswer): ApiError {
  const err = data?.error;
  return new ApiError(status, err?.code ?? 'UNKNOWN', err?.message ?? `服务暂不可用（${status}）`, err?.details);
}

/** POSTs `body` as JSON and returns the parsed answer; throws ApiError on a non-2xx answer. */
export async function post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'omit',
      cache: 'no-store',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  } catch {
    throw networkError();
  }
  const data = (await res.json().catch(() => null)) as (T & ErrorAnswer) | null;
  if (!res.ok) throw answerError(res.status, data);
  return data as T;
}

/** GETs `path` as JSON; throws ApiError on a non-2xx answer. */
export async function get<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'omit', headers: { accept: 'application/json' } });
  } catch {
    throw networkError();
  }
  const data = (await res.json().catch(() => null)) as (T & ErrorAnswer) | null;
  if (!res.ok) throw answerError(res.status, data);
  return data as T;
}

/** A region as the public pages name it (county, township, village or villager group). */
export interface Place {
  code: string;
  level: string;
  name: string;
}

/** A file stored on a report. */
export interface StoredFile {
  id: string;
  contentType: string;
  sizeBytes: number;
}

/**
 * Adds one file to the report behind `receipt` (multipart: `receipt` first, then `file`).
 * XMLHttpRequest rather than fetch, for upload progress; `signal` aborts (code ABORTED).
 */
export function uploadFile(
  receipt: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<StoredFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/public/receipt-attachments');
    xhr.withCredentials = false;
    xhr.responseType = 'json';
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && ev.total > 0) onProgress(ev.loaded / ev.total);
    };
    xhr.onload = () => {
      const data = xhr.response as (StoredFile & ErrorAnswer) | null;
      if (xhr.status >= 200 && xhr.status < 300 && data) resolve(data);
      else reject(answerError(xhr.status, data));
    };
    xhr.onerror = xhr.ontimeout = () => reject(networkError());
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', '已取消上传', null));
    signal?.addEventListener('abort', () => xhr.abort());
    const body = new FormData();
    body.append('receipt', receipt);
    body.append('file', file, file.name);
    xhr.send(body);
  });
}

/** Answer to a submission. */
export interface SubmitAnswer {
  receipt: string;
  receivedAt: string;
  ackDueOn: string | null;
}

/** A message on the receipt page. */
export interface ReceiptMessage {
  author: 'reporter' | 'staff';
  body: string;
  createdAt: string;
}

/** A step of the status timeline. */
export interface ReceiptStep {
  event: string;
  at: string;
  note: string | null;
}

/** A rating of the result. */
export type Rating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

/** Answer to a receipt look-up. */
export interface ReceiptStatus {
  status: string;
  /** Accusation or petition: a petition's remedy is the re-check, an accusation's objection a message. */
  kind: 'accusation' | 'petition';
  receivedAt: string;
  channel: string;
  anonymous: boolean;
  closed: boolean;
  timeline: ReceiptStep[];
  messages: ReceiptMessage[];
  attachmentCount: number;
  rating: Rating | null;
  canRate: boolean;
  canRequestRecheck: boolean;
  /** A closed petition's last day to ask for a re-check (YYYY-MM-DD, China time); null otherwise. */
  recheckApplyBy: string | null;
  recheckRequestedAt: string | null;
  /** When the open re-check is answered by (YYYY-MM-DD, China time); null before it is asked and once answered. */
  recheckDueOn: string | null;
  /** The commission that answers a re-check (XF 第三十五条); null while the report is open. */
  recheckBy: string | null;
  /** The petitioner may ask for a review (复核, XF 第三十六条) now: once, within 30 days of the re-check answer. */
  canRequestReview: boolean;
  /** The last day to ask for a review once the re-check was answered (YYYY-MM-DD, China time); null otherwise. */
  reviewApplyBy: string | null;
  reviewRequestedAt: string | null;
  /** When the open review is answered by; null before it is asked, once answered, or while paused. */
  reviewDueOn: string | null;
  /** The organ one level above the re-checking organ that reviews; null before the re-check is answered. */
  reviewBy: string | null;
  /** A named report's date by which the reporter is told whether it was accepted; null once told. */
  ackDueOn: string | null;
  /** Years a running clock of the report crosses whose holiday arrangement is not loaded yet. */
  uncoveredYears: number[];
}

/** Field paths named by a VALIDATION_FAILED / INVALID_REGION_CODE answer (e.g. `subject.name`). */
export function errorFields(details: unknown): string[] {
  const d = details as {
    field?: unknown;
    errors?: { path?: unknown; params?: { missingProperty?: unknown } }[];
  } | null;
  const fields: string[] = [];
  if (typeof d?.field === 'string') fields.push(d.field);
  for (const e of Array.isArray(d?.errors) ? d.errors : []) {
    const base = typeof e.path === 'string' ? e.path.replace(/^\//, '').replace(/\//g, '.') : '';
    const missing = typeof e.params?.missingProperty === 'string' ? e.params.missingProperty : '';
    fields.push([base, missing].filter(Boolean).join('.'));
  }
  return fields.filter(Boolean);
}
