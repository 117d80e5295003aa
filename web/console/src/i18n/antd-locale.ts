/**
 * antd's locale objects. antd ships them as CommonJS-typed declarations, which NodeNext
 * type-checking sees as `{ default: Locale }` while Vite hands over the locale itself; this
 * adapter accepts both shapes.
 */
import zhCNModule from 'antd/es/locale/zh_CN.js';
import enUSModule from 'antd/es/locale/en_US.js';
import type { Locale } from 'antd/es/locale/index.js';
import type { Language } from './index.js';

function unwrap(mod: unknown): Locale {
  const maybe = mod as { default?: Locale } & Locale;
  return maybe.default && typeof maybe.default === 'object' && 'locale' in maybe.default ? maybe.default : maybe;
}

const zhCN = unwrap(zhCNModule);
const enUS = unwrap(enUSModule);

/** The antd locale for a console language. */
export function antdLocale(lang: Language): Locale {
  return lang === 'en' ? enUS : zhCN;
}
