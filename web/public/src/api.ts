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
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试', null);
  }
  const data = (await res.json().catch(() => null)) as
    (T & { error?: { code?: string; message?: string; details?: unknown } }) | null;
  if (!res.ok) {
    const err = data?.error;
    throw new ApiError(
      res.status,
      err?.code ?? 'UNKNOWN',
      err?.message ?? `服务暂不可用（${res.status}）`,
      err?.details,
    );
  }
  return data as T;
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

/** Answer to a receipt look-up. */
export interface ReceiptStatus {
  status: string;
  receivedAt: string;
  channel: string;
  anonymous: boolean;
  messages: ReceiptMessage[];
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
