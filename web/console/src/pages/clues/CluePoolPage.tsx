/**
 * 线索池: the assigned clues of the caller's zone(s) and unit waiting for people, longest waiting
 * first, with their age and the due date of the disposal opinion (timer 1); the zone leader or the
 * unit head assigns the keeper, handler and members from here (the assign dialog).
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Table, Tag, message } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { type PoolLine, listPool } from '../../api/clue-pools.js';
import { errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate } from '../../lib/time.js';
import { AssignClueDialog } from './AssignClueDialog.js';

/** The pool page. */
export function CluePoolPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<PoolLine[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [assigning, setAssigning] = useState<PoolLine | null>(null);

  const load = useCallback(() => {
    setLoading(true);
    listPool({}).then(
      (r) => {
        setItems(r.items);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        setError(errorMessage(err));
        setLoading(false);
      },
    );
  }, []);
  useEffect(load, [load]);

  const columns: TableColumnsType<PoolLine> = [
    { title: t('clue.number'), dataIndex: 'number', width: 210 },
    {
      title: t('clue.pools.pool'),
      key: 'pool',
      width: 220,
      render: (_: unknown, r: PoolLine) => r.zoneName ?? r.handlingUnitName ?? '—',
    },
    { title: t('clue.pools.region'), dataIndex: 'regionName', width: 140, render: (v: string | null) => v ?? '—' },
    {
      title: t('clue.categories'),
      dataIndex: 'categories',
      width: 200,
      render: (v: string[]) => (v.length ? v.map((c) => <Tag key={c}>{t(`report.category.${c}`)}</Tag>) : '—'),
    },
    { title: t('clue.pools.receivedOn'), dataIndex: 'receivedOn', width: 110, render: formatDate },
    {
      title: t('clue.pools.age'),
      dataIndex: 'ageDays',
      width: 90,
      render: (v: number) => t('clue.pools.days', { n: v }),
    },
    {
      title: t('clue.pools.dueOn'),
      dataIndex: 'dueOn',
      width: 140,
      render: (v: string | null, r: PoolLine) =>
        v ? <Tag color={r.overdue ? 'red' : 'default'}>{formatDate(v)}</Tag> : '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_: unknown, r: PoolLine) => (
        <Button size="small" type="link" onClick={() => setAssigning(r)} data-testid={`pool-assign-${r.number}`}>
          {t('clue.pools.assign')}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer title={t('clue.pools.title')}>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Table<PoolLine>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('clue.pools.empty') }}
        // Narrow screens scroll the table sideways instead of squeezing each column to one character.
        scroll={{ x: 'max-content' }}
        data-testid="pool-table"
      />
      <AssignClueDialog
        clue={assigning}
        onClose={() => setAssigning(null)}
        onDone={() => {
          void message.success(t('clue.pools.assigned'));
          setAssigning(null);
          load();
        }}
      />
    </PageContainer>
  );
}
