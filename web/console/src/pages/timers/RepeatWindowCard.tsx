/**
 * 重复件认定期限: a county's repeat window (days back within which earlier reports on the same
 * person are offered to the officer as possible repeats), set by a holder of `setting.manage`
 * over the county's commission.
 */
import { useTranslation } from 'react-i18next';
import { getReportSettings, setReportSettings } from '../../api/reports.js';
import type { RulePlace } from '../../api/timers.js';
import { CountySettingCard } from '../../components/CountySettingCard.js';

/** The repeat window of one county at a time, chosen among the catalogue's counties. */
export function RepeatWindowCard({ places }: { places: RulePlace[] }) {
  const { t } = useTranslation();
  return (
    <CountySettingCard
      counties={places.filter((p) => p.level === 'county')}
      load={getReportSettings}
      save={setReportSettings}
      valueOf={(s) => s.repeatWindowDays}
      max={365}
      text={{
        title: t('repeatWindow.title'),
        hint: t('repeatWindow.hint'),
        label: t('repeatWindow.days'),
        unit: t('repeatWindow.unit'),
        saved: t('repeatWindow.saved'),
      }}
      testIds={{ card: 'repeat-window', input: 'repeat-window-days', save: 'repeat-window-save' }}
      style={{ marginBottom: 16 }}
    />
  );
}
