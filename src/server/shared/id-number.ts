/**
 * Identity numbers of people and organisations as the village pages and rosters take them:
 * the resident ID number (居民身份证号码, GB 11643-1999: 17 digits and a MOD 11-2 check character)
 * and the unified social credit code (统一社会信用代码, GB 32100-2015: 18 characters and a MOD 31
 * check character). Plain functions, no Node built-ins: the phone pages import them too, so a
 * mistyped number is caught before it is sent.
 */

/** Weights of the first 17 digits of a resident ID number (GB 11643, 2^(17-i) mod 11). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check characters of a resident ID number, by the weighted sum mod 11. */
const ID_CHECKS = '10X98765432';

/** Why an ID number is refused, for the row-by-row reports of imports. */
export type IdNumberProblem = 'format' | 'birth_date' | 'check_digit';

/** Chinese explanations of `IdNumberProblem`, as an import's row report says them. */
export const ID_NUMBER_PROBLEMS: Record<IdNumberProblem, string> = {
  format: '身份证号码应为 18 位（17 位数字加 1 位数字或 X）',
  birth_date: '身份证号码中的出生日期不存在',
  check_digit: '身份证号码校验位不正确，请核对是否抄错',
};

/** An ID number as typed with its spaces dropped and a trailing x upper-cased. */
export function normalizeIdNumber(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/** The check character GB 11643 computes for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECKS[sum % 11]!;
}

/**
 * What is wrong with a resident ID number (already normalised), or null when it is valid:
 * 18 characters, a birth date that exists (1900 onward, not after `today` when given, as
 * `YYYY-MM-DD`) and the right check character. The 15-digit numbers of before 1999 are no longer
 * valid documents and are refused.
 */
export function idNumberProblem(id: string, today?: string): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return 'birth_date';
  }
  if (today && `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` > today) return 'birth_date';
  return idCheckCharacter(id.slice(0, 17)) === id[17] ? null : 'check_digit';
}

/** Whether `id` (as typed) is a valid resident ID number. */
export function isIdNumber(id: string, today?: string): boolean {
  return idNumberProblem(normalizeIdNumber(id), today) === null;
}

/** Characters of a unified social credit code, in value order (no I, O, Z, S, V). */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of the first 17 characters of a unified social credit code (3^i mod 31). */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character GB 32100 computes for the first 17 characters of a credit code. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** Whether `code` (normalised: upper case, no spaces) is a valid unified social credit code. */
export function isCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  return usccCheckCharacter(code.slice(0, 17)) === code[17];
}

/** What kind of number a counterparty's identifier is, or null when it is neither. */
export function partyNumberKind(text: string, today?: string): 'id_number' | 'credit_code' | null {
  const n = normalizeIdNumber(text);
  if (idNumberProblem(n, today) === null) return 'id_number';
  if (isCreditCode(n)) return 'credit_code';
  return null;
}
