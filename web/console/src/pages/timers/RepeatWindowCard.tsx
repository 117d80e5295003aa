/**
 * 重复件认定期限: a county's repeat window (days back within which earlier reports on the same
 * person are offered to the officer as possible repeats), set by a holder of `setting.manage`
 * over the county's commission.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, InputNumber, Select, Space, Tag, Typography, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ReportSettings, getReportSettings, setReportSettings } from '../../api/reports.js';
import { errorMessage } from '../../api/request.js';
import type { RulePlace } from '../../api/timers.js';

/** The repeat window of one county at a time, chosen among the catalogue's counties. */
export function RepeatWindowCard({ places }: { places: RulePlace[] }) {
  const { t } = useTranslation();
  const counties = places.filter((p) => p.level === 'county');
  const [county, setCounty] = useState<string | null>(null);
  const [settings, setSettings] = useState<ReportSettings | null>(null);
  const [days, setDays] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const code = county ?? counties[0]?.code ?? null;

  useEffect(() => {
    if (!code) return;
    let live = true;
    getReportSettings(code)
      .then((s) => {
        if (!live) return;
        setSettings(s);
        setDays(s.repeatWindowDays);
        setError(null);
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [code]);

  if (!code) return null;
  const save = () => {
    if (!days) return;
    setSaving(true);
    setReportSettings(code, days)
      .then((s) => {
        setSettings(s);
        void message.success(t('repeatWindow.saved'));
      })
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setSaving(false));
  };
  return (
    <Card size="small" title={t('repeatWindow.title')} style={{ marginBottom: 16 }} data-testid="repeat-window">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('repeatWindow.hint')}</Typography.Text>
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
            max={365}
            value={days}
            onChange={(v) => setDays(v)}
            addonAfter={t('repeatWindow.unit')}
            aria-label={t('repeatWindow.days')}
            data-testid="repeat-window-days"
          />
          {settings?.isDefault ? <Tag>{t('repeatWindow.isDefault')}</Tag> : null}
          <Button type="primary" loading={saving} onClick={save} data-testid="repeat-window-save">
            {t('repeatWindow.save')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
