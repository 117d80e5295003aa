/**
 * Which error messages of the server the console shows as they are. Kept apart from request.ts
 * (no i18n, no browser globals) so that tests can run it under Node.
 */
import { ERROR_CODES } from '../../../../src/server/shared/errors.js';

/**
 * Whether the server's message is a precise one written for the user: a known error code
 * answered with a 4xx status, whose message differs from the code's default in
 * src/server/shared/errors.ts (e.g. VALIDATION_FAILED with 上级单位不存在, REPORT_STATE with
 * 办结后才能评价). Services write these in Chinese for the person at the keyboard. A 5xx message
 * never counts: it may describe the server's internals (INTEGRITY_ERROR names what failed to
 * decrypt), and the user can do nothing with it.
 */
export function isUserMessage(status: number, code: string, serverMessage: string | null): serverMessage is string {
  if (!serverMessage || status < 400 || status >= 500) return false;
  if (!Object.hasOwn(ERROR_CODES, code)) return false;
  return serverMessage !== ERROR_CODES[code as keyof typeof ERROR_CODES].message;
}
