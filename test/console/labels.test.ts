import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, PERMISSION_CLASSES, ROLE_KINDS, SCOPE_TYPES } from '../../src/server/shared/access.codes.js';
import { ERROR_CODES } from '../../src/server/shared/errors.js';
import { CADRE_AUTHORITIES, REGION_LEVELS, UNIT_KINDS } from '../../src/server/shared/org.codes.js';
import { MEMBER_KINDS, ZONE_ROLES } from '../../src/server/shared/zones.codes.js';
import { isUserMessage } from '../../web/console/src/api/error-messages.js';
import { en } from '../../web/console/src/i18n/en.js';
import { zhCN } from '../../web/console/src/i18n/zh-CN.js';

// The console shows a label for every code the server can send: each error code (by code, in
// the user's language) and each permission (role editor, menus), in both languages. i18next
// falls back to zh-CN, so a missing English key would not show up in the running console.

const LANGUAGES = { 'zh-CN': zhCN, en } as const;

/** The string at a dotted i18next key, or undefined. */
function lookup(messages: object, key: string): unknown {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Keys without a non-empty string label in a language. */
function missing(messages: object, keys: readonly string[]): string[] {
  return keys.filter((key) => {
    const value = lookup(messages, key);
    return typeof value !== 'string' || value.trim() === '';
  });
}

/** The codes of the tables of docs/errors.md (first column, in backticks). */
function documentedErrorCodes(): string[] {
  const text = readFileSync(resolve('docs/errors.md'), 'utf8');
  return [...text.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm)].map((m) => m[1]!);
}

describe.each(Object.entries(LANGUAGES))('console labels in %s', (_language, messages) => {
  it('has a label for every error code of docs/errors.md and ERROR_CODES', () => {
    const codes = [...new Set([...documentedErrorCodes(), ...Object.keys(ERROR_CODES)])];
    expect(codes.length).toBeGreaterThan(40);
    expect(
      missing(
        messages,
        codes.map((c) => `errors.${c}`),
      ),
    ).toEqual([]);
  });

  it('has a label for every permission', () => {
    expect(
      missing(
        messages,
        ALL_PERMISSIONS.map((p) => `permission.${p}`),
      ),
    ).toEqual([]);
  });

  it('has a label for every shared code list of org, zones and access', () => {
    const keys = [
      ...UNIT_KINDS.map((c) => `unit.kind.${c}`),
      ...REGION_LEVELS.map((c) => `region.level.${c}`),
      ...CADRE_AUTHORITIES.map((c) => `subject.cadreAuthority.${c}`),
      ...ZONE_ROLES.map((c) => `zone.role.${c}`),
      ...MEMBER_KINDS.map((c) => `zone.memberKind.${c}`),
      ...SCOPE_TYPES.map((c) => `role.scope.${c}`),
      ...ROLE_KINDS.map((c) => `role.kind.${c}`),
      ...PERMISSION_CLASSES.map((c) => `role.permissionClass.${c}`),
    ];
    expect(missing(messages, keys)).toEqual([]);
  });
});

describe('isUserMessage', () => {
  it('shows the precise message a service wrote for a 4xx code', () => {
    expect(isUserMessage(400, 'VALIDATION_FAILED', '上级单位不存在')).toBe(true);
    expect(isUserMessage(409, 'REPORT_STATE', '办结后才能评价')).toBe(true);
    expect(isUserMessage(403, 'FORBIDDEN', '不能停用自己的账号')).toBe(true);
  });

  it('keeps the translated label for a default message, a 5xx, an unknown code or no message', () => {
    expect(isUserMessage(400, 'VALIDATION_FAILED', ERROR_CODES.VALIDATION_FAILED.message)).toBe(false);
    expect(isUserMessage(500, 'INTEGRITY_ERROR', '密文格式不正确')).toBe(false);
    expect(isUserMessage(503, 'STORAGE_FAILED', 'disk full')).toBe(false);
    expect(isUserMessage(502, 'HTTP_502', 'Bad Gateway')).toBe(false);
    expect(isUserMessage(404, 'HTTP_404', '<html>')).toBe(false);
    expect(isUserMessage(400, 'VALIDATION_FAILED', null)).toBe(false);
  });
});
