import { describe, expect, it } from 'vitest';
import {
  idCheckCharacter,
  idNumberProblem,
  isCreditCode,
  isIdNumber,
  normalizeIdNumber,
  partyNumberKind,
  usccCheckCharacter,
} from './id-number.js';
import { looksLikeOrganisation, maskAccount, maskIdNumber, maskName, maskPhone } from './masking.js';

// GB 11643's own example number (11010519491231002X) and a number made here with its check digit.
const GB_EXAMPLE = '11010519491231002X';
const MADE = `52212319900101123${idCheckCharacter('52212319900101123')}`;

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the standard example and computes its check character', () => {
    expect(idCheckCharacter(GB_EXAMPLE.slice(0, 17))).toBe('X');
    expect(idNumberProblem(GB_EXAMPLE)).toBeNull();
    expect(isIdNumber(' 110105 19491231 002x ')).toBe(true);
    expect(normalizeIdNumber(' 110105 19491231 002x ')).toBe(GB_EXAMPLE);
  });

  it('refuses a wrong check character, a date that does not exist, a future birth and a bad shape', () => {
    const wrong = GB_EXAMPLE.slice(0, 17) + '1';
    expect(idNumberProblem(wrong)).toBe('check_digit');
    const feb30 = '52212319900230123';
    expect(idNumberProblem(feb30 + idCheckCharacter(feb30))).toBe('birth_date');
    const future = '52212320300101123';
    expect(idNumberProblem(future + idCheckCharacter(future), '2026-12-07')).toBe('birth_date');
    expect(idNumberProblem(future + idCheckCharacter(future))).toBeNull();
    expect(idNumberProblem('52212319900101')).toBe('format');
    expect(idNumberProblem('5221231990010112AB')).toBe('format');
    expect(idNumberProblem(MADE)).toBeNull();
  });

  it('catches every single-digit typo and every swap of two different adjacent digits', () => {
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === MADE[i]) continue;
        const typo = MADE.slice(0, i) + d + MADE.slice(i + 1);
        expect(idNumberProblem(typo), typo).not.toBeNull();
      }
      if (i < 16 && MADE[i] !== MADE[i + 1]) {
        const swap = MADE.slice(0, i) + MADE[i + 1] + MADE[i] + MADE.slice(i + 2);
        expect(idNumberProblem(swap), swap).not.toBeNull();
      }
    }
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts a code with its computed check character and refuses a changed one', () => {
    const first17 = '91522123MA6DM0A1X';
    const code = first17 + usccCheckCharacter(first17);
    expect(isCreditCode(code)).toBe(true);
    const other = usccCheckCharacter(first17) === '0' ? '1' : '0';
    expect(isCreditCode(first17 + other)).toBe(false);
    expect(isCreditCode('91522123MA6DM0A1XI')).toBe(false);
    expect(partyNumberKind(code)).toBe('credit_code');
    expect(partyNumberKind(GB_EXAMPLE)).toBe('id_number');
    expect(partyNumberKind('12345')).toBeNull();
  });
});

describe('masking on public pages', () => {
  it('keeps the first and last character of a name and four at each end of a number', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张小三')).toBe('张*三');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('王')).toBe('*');
    expect(maskIdNumber(GB_EXAMPLE)).toBe('1101********002X');
    expect(maskIdNumber('123')).toBe('********');
    expect(maskAccount('6228 4800 1234 5678')).toBe('****5678');
    expect(maskPhone('138-0013-8000')).toBe('138****8000');
  });

  it('names organisations in full only when they plainly are one', () => {
    expect(looksLikeOrganisation('某某县建筑工程有限公司')).toBe(true);
    expect(looksLikeOrganisation('某某村股份经济合作社')).toBe(true);
    expect(looksLikeOrganisation('张建站')).toBe(false);
    expect(looksLikeOrganisation('李四')).toBe(false);
  });
});
