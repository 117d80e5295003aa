/** Every version of one timer's rules, newest first: what applied when, set by whom and why. */
import { useEffect, useState } from 'react';
import { Alert, Drawer, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/request.js';
import { type CatalogueEntry, type RuleVersion, loadHistory } from '../../api/timers.js';
import { formatInstant } from '../../lib/time.js';
import { extensionsText, lengthText, placeText } from './timer-text.js';

/** The history drawer of a timer (closed when `entry` is null). */
export function HistoryDrawer({ entry, onClose }: { entry: CatalogueEntry | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<RuleVersion[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!entry) return;
    setLoading(true);
    setError(null);
    loadHistory(entry.kind)
      .then((answer) => setItems(answer.items))
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setLoading(false));
  }, [entry]);

  const columns: TableColumnsType<RuleVersion> = [
    {
      title: t('timer.place'),
      key: 'place',
      width: 120,
      render: (_, v) => (
        <Tag color={v.level === 'national' ? 'red' : v.level === 'province' ? 'geekblue' : 'green'}>{placeText(v)}</Tag>
      ),
    },
    { title: t('timer.version'), dataIndex: 'version', width: 64, render: (n: number) => `v${n}` },
    {
      title: t('timer.rule'),
      key: 'rule',
      render: (_, v) =>
        v.withdrawn ? (
          <Tag>{t('timer.withdrawn')}</Tag>
        ) : (
          <Space direction="vertical" size={0}>
            <Typography.Text>{lengthText(v.amount, v.unit)}</Typography.Text>
            {extensionsText(v).map((line) => (
              <Typography.Text key={line} type="secondary" style={{ fontSize: 12 }}>
                {line}
              </Typography.Text>
            ))}
          </Space>
        ),
    },
    { title: t('timer.reason'), dataIndex: 'reason', width: 180, render: (r: string | null) => r ?? '—' },
    {
      title: t('timer.setBy'),
      key: 'by',
      width: 150,
      render: (_, v) => (
        <Space direction="vertical" size={0}>
          <span>{v.createdByName ?? t('timer.shipped')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatInstant(v.createdAt)}
          </Typography.Text>
        </Space>
      ),
    },
  ];

  return (
    <Drawer
      open={entry !== null}
      onClose={onClose}
      width={860}
      title={entry ? t('timer.historyOf', { label: entry.label }) : ''}
      destroyOnClose
    >
      <Alert type="info" showIcon message={t('timer.historyHint')} style={{ marginBottom: 12 }} />
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Table<RuleVersion>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={false}
        data-testid="timer-history"
      />
    </Drawer>
  );
}
