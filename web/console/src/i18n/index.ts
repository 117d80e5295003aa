/**
 * i18next set-up: zh-CN by default, English on request; the choice is kept in localStorage.
 * Also switches dayjs's locale so month and weekday names follow the language.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zhCN } from './zh-CN.js';
import { en } from './en.js';

/** Languages the console speaks. */
export type Language = 'zh-CN' | 'en';

/** All languages, in menu order. */
export const LANGUAGES: Language[] = ['zh-CN', 'en'];

const STORAGE_KEY = 'qf.console.lang';

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applyLanguage(lang: Language): void {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = lang;
}

const initial = storedLanguage();
applyLanguage(initial);

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

/** Switches the language and remembers it for the next visit. */
export function setLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private browsing may refuse storage; the switch still applies to this page.
  }
  applyLanguage(lang);
  void i18n.changeLanguage(lang);
}

/** The language in use. */
export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export default i18n;
