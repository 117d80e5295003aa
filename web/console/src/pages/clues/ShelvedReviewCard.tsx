/**
 * 暂存线索复查期限: a county's review period of parked clues (暂存待查: months until the keeper is
 * told to review), set by a holder of `setting.manage` over the county's commission; audited.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, InputNumber, Select, Space, Tag, Typography, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ClueSettings, getClueSettings, setClueSettings } from '../../api/clue-disposal.js';
import { errorMessage } from '../../api/request.js';
import type { RulePlace } from '../../api/timers.js';

/** The review period of one county at a time, chosen among the catalogue's counties. */
export function ShelvedReviewCard({ places }: { places: RulePlace[] }) {
  const { t } = useTranslation();
  const counties = places.filter((p) => p.level === 'county');
  const [county, setCounty] = useState<string | null>(null);
  const [settings, setSettings] = useState<ClueSettings | null>(null);
  const [months, setMonths] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const code = county ?? counties[0]?.code ?? null;

  useEffect(() => {
    if (!code) return;
    let live = true;
    getClueSettings(code)
      .then((s) => {
        if (!live) return;
        setSettings(s);
        setMonths(s.reviewMonths);
        setError(null);
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [code]);

  if (!code) return null;
  const save = () => {
    if (!months) return;
    setSaving(true);
    setClueSettings(code, months)
      .then((s) => {
        setSettings(s);
        void message.success(t('clueDisposal.settings.saved'));
      })
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setSaving(false));
  };
  return (
    <Card
      size="small"
      title={t('clueDisposal.settings.title')}
      style={{ marginBottom: 16 }}
      data-testid="shelved-settings"
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('clueDisposal.settings.hint')}</Typography.Text>
        {error ? <Alert type="error" showIcon message={error} /> : null}
        <Space wrap>
          <Select
            value={code}
            onChange={setCounty}
            style={{ width: 200 }}
            aria-label={t('repeatWindow.county')}
            options={counties.map((c) => ({ value: c.code, label: c.name }))}
          />
          <InputNumber
            min={1}
            max={24}
            value={months}
            onChange={(v) => setMonths(v)}
            addonAfter={t('clueDisposal.settings.unit')}
            aria-label={t('clueDisposal.settings.months')}
            data-testid="shelved-settings-months"
          />
          {settings?.isDefault ? <Tag>{t('repeatWindow.isDefault')}</Tag> : null}
          <Button type="primary" loading={saving} onClick={save} data-testid="shelved-settings-save">
            {t('repeatWindow.save')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
