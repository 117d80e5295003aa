/**
 * 暂存线索复查期限: a county's review period of parked clues (暂存待查: months until the keeper is
 * told to review), set by a holder of `setting.manage` over the county's commission; audited.
 */
import { useTranslation } from 'react-i18next';
import { getClueSettings, setClueSettings } from '../../api/clue-disposal.js';
import type { RulePlace } from '../../api/timers.js';
import { CountySettingCard } from '../../components/CountySettingCard.js';

/** The review period of one county at a time, chosen among the catalogue's counties. */
export function ShelvedReviewCard({ places }: { places: RulePlace[] }) {
  const { t } = useTranslation();
  return (
    <CountySettingCard
      counties={places.filter((p) => p.level === 'county')}
      load={getClueSettings}
      save={setClueSettings}
      valueOf={(s) => s.reviewMonths}
      max={24}
      text={{
        title: t('clueDisposal.settings.title'),
        hint: t('clueDisposal.settings.hint'),
        label: t('clueDisposal.settings.months'),
        unit: t('clueDisposal.settings.unit'),
        saved: t('clueDisposal.settings.saved'),
      }}
      testIds={{ card: 'shelved-settings', input: 'shelved-settings-months', save: 'shelved-settings-save' }}
      style={{ marginBottom: 16 }}
    />
  );
}
