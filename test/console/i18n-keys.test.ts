import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../web/console/src/i18n/en.js';
import { zhCN } from '../../web/console/src/i18n/zh-CN.js';

// Every literal key the console passes to `t('…')` / `i18nKey="…"` / `label: '…'` of a tab names a
// string in both languages. The messages' type comes from zh-CN itself, so tsc cannot see a key
// that a merge moved under the wrong parent; i18next would show the raw key on the page.

const SRC = resolve('web/console/src');

/** Every .ts/.tsx file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** The value at a dotted key, or undefined. */
function lookup(messages: object, key: string): unknown {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** The literal keys used in the console's sources, each with the first file using it. */
function usedKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  const patterns = [
    // t('a.b'), t("a.b"), i18n.t('a.b') — not template literals (their parts are checked by type).
    /\bt\(\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g,
    /\bt\(\s*"([a-zA-Z][\w-]*(?:\.[\w-]+)+)"/g,
    /i18nKey="([a-zA-Z][\w-]*(?:\.[\w-]+)+)"/g,
    // The case page's tab list names its titles as keys.
    /\blabel:\s*'((?:case|caseMeasures|caseRecommendations)\.[\w.-]+)'/g,
  ];
  for (const file of sources(SRC)) {
    if (file.includes(`${join('src', 'i18n')}`) || file.endsWith('schema.gen.ts')) continue;
    const text = readFileSync(file, 'utf8');
    for (const re of patterns)
      for (const m of text.matchAll(re)) if (!keys.has(m[1]!)) keys.set(m[1]!, file.slice(SRC.length + 1));
  }
  return keys;
}

describe('console i18n keys', () => {
  const keys = usedKeys();

  it('finds the keys the console uses (the scan itself works)', () => {
    expect(keys.size).toBeGreaterThan(500);
    expect(keys.has('case.tabs.trail')).toBe(true);
  });

  it.each([
    ['zh-CN', zhCN],
    ['en', en],
  ] as const)('names every literal key in %s', (_name, messages) => {
    const missing = [...keys]
      .filter(([key]) => {
        const v = lookup(messages, key);
        // A key naming an object is used with returnObjects or as a prefix: it exists.
        return v === undefined || (typeof v === 'string' && v.trim() === '');
      })
      .map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});
