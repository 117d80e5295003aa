/** 时限预警: running time limits in scope that are overdue or due within 3 days, overdue first. */
import { useEffect, useState } from 'react';
import { Alert, Button, Radio, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { listDeadlines } from '../../api/deadlines.js';
import { errorMessage } from '../../api/request.js';
import type { WorklistItem } from '../../api/reports.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate } from '../../lib/time.js';
import { DeadlineTag } from '../reports/ReportTags.js';
import { UncoveredYearsTag } from './UncoveredYearsTag.js';

type StateFilter = 'all' | 'overdue' | 'due_soon';

/** The worklist page. */
export function DeadlinesPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<StateFilter>('all');
  const [items, setItems] = useState<WorklistItem[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listDeadlines({ state: state === 'all' ? undefined : state, limit: 500 }, controller.signal)
      .then((answer) => {
        // Overdue first, then by due date.
        const sorted = [...answer].sort(
          (a, b) =>
            Number(b.overdue) - Number(a.overdue) || (a.dueOn ?? '9999-12-31').localeCompare(b.dueOn ?? '9999-12-31'),
        );
        setItems(sorted);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [state, nonce]);

  const columns: TableColumnsType<WorklistItem> = [
    { title: t('common.status'), key: 'state', width: 96, render: (_, d) => <DeadlineTag deadline={d} /> },
    {
      title: t('report.deadlineKind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: WorklistItem['kind']) => t(`deadline.kind.${k}`),
    },
    {
      title: t('report.dueOn'),
      dataIndex: 'dueOn',
      width: 230,
      render: (due: string, d) => (
        <Space size={4} wrap>
          <Typography.Text type={d.overdue ? 'danger' : undefined}>{formatDate(due)}</Typography.Text>
          <UncoveredYearsTag years={d.uncoveredYears} />
        </Space>
      ),
    },
    { title: t('report.startsOn'), dataIndex: 'startsOn', width: 110, render: formatDate },
    {
      title: t('deadline.report'),
      dataIndex: 'reportNumber',
      width: 200,
      render: (number: string | null, d) =>
        d.resourceType === 'report' ? (
          <Link to={`/reports/${d.resourceId}`} data-testid="worklist-link">
            {number ?? d.resourceId.slice(0, 8)}
          </Link>
        ) : (
          (number ?? '—')
        ),
    },
    { title: t('report.subject'), dataIndex: 'subjectName', width: 120, render: (v: string | null) => v ?? '—' },
    {
      title: t('report.ownerUnit'),
      dataIndex: 'ownerUnitName',
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
  ];

  return (
    <PageContainer
      title={t('deadline.title')}
      extra={
        <>
          <Radio.Group
            optionType="button"
            value={state}
            onChange={(e) => setState(e.target.value as StateFilter)}
            data-testid="worklist-state"
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'overdue', label: t('deadline.state.overdue') },
              { value: 'due_soon', label: t('deadline.state.due_soon') },
            ]}
          />
          <Button icon={<ReloadOutlined />} onClick={() => setNonce((n) => n + 1)}>
            {t('common.refresh')}
          </Button>
        </>
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Table<WorklistItem>
        rowKey={(d) => d.id}
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1020 }}
        locale={{ emptyText: t('deadline.empty') }}
        rowClassName={(d) => (d.overdue ? 'qf-row-overdue' : '')}
        data-testid="worklist-table"
      />
    </PageContainer>
  );
}
