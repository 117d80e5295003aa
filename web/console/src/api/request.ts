/**
 * The one request helper of the console: JSON in and out, the session cookie, the CSRF header
 * on every state-changing request, and one error type whose message is the user's to read (see
 * `messageForError`).
 */
import i18n, { currentLanguage } from '../i18n/index.js';
import { isUserMessage } from './error-messages.js';
import type { ApiPath } from './types.js';

/** Query parameters; empty values (undefined, null, '') are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

/** Error raised for every non-2xx answer and for network failures. */
export class ApiError extends Error {
  /** Builds an error from the parsed `{ error: { code, message, details } }` envelope. */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly serverMessage: string | null,
    readonly details: unknown,
    readonly requestId: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;
let onRestricted: (() => void) | null = null;

/** Keeps the CSRF token from the login/me answer in memory (never in storage). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Registers what to do when the server says the session is gone (401 UNAUTHENTICATED). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/** Registers what to do when the server says the account must first change its password or enrol TOTP. */
export function setRestrictedHandler(handler: (() => void) | null): void {
  onRestricted = handler;
}

/** Builds a same-origin URL with the given query, skipping empty values (used for export links too). */
export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/** Translates an error code into the user's language, falling back to the server's text. */
export function messageForCode(code: string, serverMessage: string | null): string {
  const key = `errors.${code}`;
  if (i18n.exists(key)) return i18n.t(key);
  return serverMessage ?? i18n.t('errors.UNKNOWN');
}

/**
 * The message an error shows: the server's precise message where it wrote one for the user (in
 * English after the translated label, since services write Chinese), else the label of the code
 * in the user's language. A short reason from `details.reason` (e.g. which calendar day is wrong)
 * is added to a generic label; a machine token such as `too_large` is not.
 */
export function messageForError(status: number, code: string, serverMessage: string | null, reason?: unknown): string {
  if (isUserMessage(status, code, serverMessage)) {
    return currentLanguage() === 'zh-CN' ? serverMessage : `${messageForCode(code, null)} (${serverMessage})`;
  }
  const base = messageForCode(code, serverMessage);
  const readable = typeof reason === 'string' && reason && !/^[a-z0-9_]+$/.test(reason);
  return readable ? `${base}（${reason}）` : base;
}

interface ErrorEnvelope {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

/** Options of one request. */
export interface RequestOptions {
  query?: Query;
  /** JSON body; a FormData body is sent as multipart instead. */
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Sends one request to the API and returns the parsed JSON (undefined for an empty answer).
 * Throws `ApiError`; on 401 UNAUTHENTICATED it also sends the user to the login page.
 */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK_ERROR', messageForCode('NETWORK_ERROR', null), null, undefined, null);
  }

  const requestId = response.headers.get('x-request-id');
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const envelope = (data ?? {}) as ErrorEnvelope;
    const code = typeof envelope.error?.code === 'string' ? envelope.error.code : `HTTP_${response.status}`;
    const serverMessage = typeof envelope.error?.message === 'string' ? envelope.error.message : null;
    const reason = (envelope.error?.details as { reason?: unknown } | undefined)?.reason;
    const error = new ApiError(
      response.status,
      code,
      messageForError(response.status, code, serverMessage, reason),
      serverMessage,
      envelope.error?.details,
      requestId,
    );
    if (response.status === 401 && code === 'UNAUTHENTICATED') onUnauthenticated?.();
    if (code === 'PASSWORD_CHANGE_REQUIRED' || code === 'TOTP_ENROLMENT_REQUIRED') onRestricted?.();
    throw error;
  }
  return data as T;
}

type PathParamNames<P extends string> = P extends `${string}{${infer K}}${infer Rest}`
  ? K | PathParamNames<Rest>
  : never;

/** Values of the `{name}` placeholders of an API path. */
export type PathParams<P extends string> = { [K in PathParamNames<P>]: string | number };

/**
 * Fills the `{name}` placeholders of a path of the OpenAPI document (`/api/units/{id}`), each
 * value URL-encoded. Typed against the generated paths, so a call to a route that does not exist
 * (or lacks a parameter) does not compile.
 */
export function apiPath<P extends ApiPath>(path: P, params: PathParams<P>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String((params as Record<string, string | number>)[name])),
  );
}

/** GET shorthand. */
export function apiGet<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', path, { query, signal });
}

/** POST shorthand. */
export function apiPost<T>(path: string, body?: unknown): Promise<T> {
  return request<T>('POST', path, { body });
}

/** PATCH shorthand. */
export function apiPatch<T>(path: string, body: unknown): Promise<T> {
  return request<T>('PATCH', path, { body });
}

/** PUT shorthand. */
export function apiPut<T>(path: string, body: unknown): Promise<T> {
  return request<T>('PUT', path, { body });
}

/** DELETE shorthand. */
export function apiDelete<T>(path: string): Promise<T> {
  return request<T>('DELETE', path);
}

/** Returns a readable message for anything caught from a request. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return i18n.t('errors.UNKNOWN');
}
