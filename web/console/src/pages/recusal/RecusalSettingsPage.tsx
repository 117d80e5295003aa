/**
 * 回避审查设置: a county's workplace window (years back within which a former workplace shared
 * with a subject makes the conflict check warn), set by a holder of `setting.manage` over the
 * county's commission, with the history of its changes (who, when, from what to what).
 */
import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { getWorkplaceWindow, setWorkplaceWindow } from '../../api/recusal.js';
import { errorMessage } from '../../api/request.js';
import { type RulePlace, loadCatalogue } from '../../api/timers.js';
import { CountySettingCard } from '../../components/CountySettingCard.js';
import { PageContainer } from '../../components/PageContainer.js';

/** The page: one county at a time, among the counties of the timer catalogue. */
export function RecusalSettingsPage() {
  const { t } = useTranslation();
  const [counties, setCounties] = useState<RulePlace[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    loadCatalogue(controller.signal)
      .then((c) => setCounties(c.places.filter((p) => p.level === 'county')))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      });
    return () => controller.abort();
  }, []);

  return (
    <PageContainer title={t('recusalSettings.title')}>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <CountySettingCard
        counties={counties}
        load={getWorkplaceWindow}
        save={setWorkplaceWindow}
        valueOf={(w) => w.workplaceYears}
        max={30}
        text={{
          hint: t('recusalSettings.hint'),
          label: t('recusalSettings.years'),
          unit: t('recusalSettings.unit'),
          saved: t('recusalSettings.saved'),
        }}
        showLabel
        testIds={{
          card: 'workplace-window',
          input: 'workplace-years',
          save: 'workplace-years-save',
          history: 'workplace-history',
        }}
        history={{
          title: t('recusalSettings.history'),
          before: t('recusalSettings.before'),
          after: t('recusalSettings.after'),
          empty: t('recusalSettings.noHistory'),
          valueText: (n, w) =>
            n === null
              ? t('recusalSettings.defaultValue', { years: w?.defaultYears ?? 5 })
              : `${n}${t('recusalSettings.unit')}`,
        }}
      />
    </PageContainer>
  );
}
