/** The 中文 / English switch; the choice is remembered in localStorage. */
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage, setLanguage } from '../i18n/index.js';
import type { Language } from '../i18n/index.js';

/** Segmented control switching the console language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  void i18n.language; // re-render on change
  return (
    <Segmented<Language>
      size="small"
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      value={currentLanguage()}
      options={LANGUAGES.map((lang) => ({ value: lang, label: t(`lang.${lang}`) }))}
      onChange={(lang) => setLanguage(lang)}
    />
  );
}
