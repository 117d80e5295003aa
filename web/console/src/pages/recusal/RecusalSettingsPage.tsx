/**
 * 回避审查设置: a county's workplace window (years back within which a former workplace shared
 * with a subject makes the conflict check warn), set by a holder of `setting.manage` over the
 * county's commission, with the history of its changes (who, when, from what to what).
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, InputNumber, Select, Space, Table, Tag, Typography, message } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { type WorkplaceWindow, getWorkplaceWindow, setWorkplaceWindow } from '../../api/recusal.js';
import { errorMessage } from '../../api/request.js';
import { type RulePlace, loadCatalogue } from '../../api/timers.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';

type Change = WorkplaceWindow['history'][number];

/** The page: one county at a time, among the counties of the timer catalogue. */
export function RecusalSettingsPage() {
  const { t } = useTranslation();
  const [counties, setCounties] = useState<RulePlace[]>([]);
  const [county, setCounty] = useState<string | null>(null);
  const [current, setCurrent] = useState<WorkplaceWindow | null>(null);
  const [years, setYears] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    loadCatalogue(controller.signal)
      .then((c) => {
        const list = c.places.filter((p) => p.level === 'county');
        setCounties(list);
        setCounty((was) => was ?? list[0]?.code ?? null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      });
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (!county) return;
    let live = true;
    getWorkplaceWindow(county)
      .then((w) => {
        if (!live) return;
        setCurrent(w);
        setYears(w.workplaceYears);
        setError(null);
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [county]);

  const save = () => {
    if (!county || !years) return;
    setSaving(true);
    setWorkplaceWindow(county, years)
      .then((w) => {
        setCurrent(w);
        setError(null);
        void message.success(t('recusalSettings.saved'));
      })
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setSaving(false));
  };

  const valueText = (n: number | null) =>
    n === null
      ? t('recusalSettings.defaultValue', { years: current?.defaultYears ?? 5 })
      : `${n}${t('recusalSettings.unit')}`;
  const columns: TableColumnsType<Change> = [
    {
      title: t('recusalSettings.changedAt'),
      dataIndex: 'changedAt',
      width: 170,
      render: (v: string) => formatInstant(v),
    },
    { title: t('recusalSettings.before'), dataIndex: 'before', width: 140, render: (v: number | null) => valueText(v) },
    { title: t('recusalSettings.after'), dataIndex: 'after', width: 120, render: (v: number) => valueText(v) },
    { title: t('recusalSettings.changedBy'), dataIndex: 'changedByName', render: (v: string | null) => v ?? '—' },
  ];

  return (
    <PageContainer title={t('recusalSettings.title')}>
      <Card size="small" data-testid="workplace-window">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('recusalSettings.hint')}</Typography.Text>
          {error ? <Alert type="error" showIcon message={error} /> : null}
          <Space wrap>
            <Select
              value={county}
              onChange={setCounty}
              style={{ width: 200 }}
              aria-label={t('recusalSettings.county')}
              options={counties.map((c) => ({ value: c.code, label: c.name }))}
            />
            <Typography.Text>{t('recusalSettings.years')}</Typography.Text>
            <InputNumber
              min={1}
              max={30}
              precision={0}
              value={years}
              onChange={(v) => setYears(v)}
              addonAfter={t('recusalSettings.unit')}
              aria-label={t('recusalSettings.years')}
              data-testid="workplace-years"
            />
            {current?.isDefault ? <Tag>{t('recusalSettings.isDefault')}</Tag> : null}
            <Button
              type="primary"
              loading={saving}
              disabled={!county || !years}
              onClick={save}
              data-testid="workplace-years-save"
            >
              {t('recusalSettings.save')}
            </Button>
          </Space>
        </Space>
      </Card>
      <Card size="small" title={t('recusalSettings.history')} style={{ marginTop: 16 }}>
        <Table<Change>
          rowKey={(c) => `${c.changedAt}-${c.after}`}
          size="small"
          columns={columns}
          dataSource={current?.history ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={t('recusalSettings.noHistory')} /> }}
          data-testid="workplace-history"
        />
      </Card>
    </PageContainer>
  );
}
