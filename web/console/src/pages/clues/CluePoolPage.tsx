/**
 * 线索池: the assigned clues of the caller's zone(s) and unit waiting for people, longest waiting
 * first, with their age and the due date of the disposal opinion (timer 1), paged by the server,
 * filtered (date entered, township of origin, source, target level) and exported to Excel as
 * filtered; the zone leader or the unit head assigns the keeper, handler and members from here.
 */
import { useMemo, useState } from 'react';
import { Button, DatePicker, Form, Select, Tag, message } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { TARGET_LEVELS, TARGET_LEVEL_LABELS } from '../../../../../src/server/shared/approvals.codes.js';
import { type PoolFilters, type PoolLine, listPool, poolExportUrl } from '../../api/clue-pools.js';
import { CLUE_SOURCES, type ClueSource } from '../../api/clues.js';
import { ExportButton } from '../../components/ExportButton.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { RegionSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate } from '../../lib/dates.js';
import { formatDate } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { AssignClueDialog } from './AssignClueDialog.js';

interface FilterForm {
  range?: [Dayjs | null, Dayjs | null] | null;
  townshipCode?: string | null;
  source?: ClueSource;
  targetLevel?: PoolFilters['targetLevel'];
}

/** Turns the form into query filters, leaving out empty fields. */
function toFilters(v: FilterForm): PoolFilters {
  return {
    pooledFrom: fromPickerDate(v.range?.[0]) ?? undefined,
    pooledTo: fromPickerDate(v.range?.[1]) ?? undefined,
    townshipCode: v.townshipCode || undefined,
    source: v.source || undefined,
    targetLevel: v.targetLevel || undefined,
  };
}

/** The pool page. */
export function CluePoolPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilterForm>();
  const [assigning, setAssigning] = useState<PoolLine | null>(null);
  const list = useListPage<PoolLine, PoolFilters>({ fetchPage: listPool, exportUrl: poolExportUrl, pageSize: 50 });
  const options = useMemo(
    () => ({
      source: CLUE_SOURCES.map((v) => ({ value: v, label: t(`clue.source.${v}`) })),
      targetLevel: TARGET_LEVELS.map((v) => ({ value: v, label: TARGET_LEVEL_LABELS[v] })),
    }),
    [t],
  );

  const columns: TableColumnsType<PoolLine> = [
    { title: t('clue.number'), dataIndex: 'number', width: 210 },
    {
      title: t('clue.pools.pool'),
      key: 'pool',
      width: 220,
      render: (_: unknown, r: PoolLine) => r.zoneName ?? r.handlingUnitName ?? '—',
    },
    {
      title: t('clue.pools.source'),
      dataIndex: 'sourceKind',
      width: 120,
      render: (s: ClueSource) => t(`clue.source.${s}`),
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
    <PageContainer title={t('clue.pools.title')} extra={<ExportButton href={list.exportHref} testId="pool-export" />}>
      <FilterBar<FilterForm> form={form} onSearch={(values) => list.setFilters(toFilters(values))} onReset={list.reset}>
        <Form.Item name="range" label={t('clue.pools.pooledRange')}>
          <DatePicker.RangePicker style={{ width: 240 }} data-testid="pool-range" />
        </Form.Item>
        <Form.Item name="townshipCode">
          <RegionSelect
            level="township"
            placeholder={t('clue.pools.township')}
            style={{ width: 220 }}
            data-testid="pool-township"
          />
        </Form.Item>
        <Form.Item name="source">
          <Select
            allowClear
            placeholder={t('clue.pools.source')}
            options={options.source}
            style={{ width: 150 }}
            data-testid="pool-source"
          />
        </Form.Item>
        <Form.Item name="targetLevel">
          <Select
            allowClear
            placeholder={t('clue.pools.targetLevel')}
            options={options.targetLevel}
            style={{ width: 200 }}
            data-testid="pool-target-level"
          />
        </Form.Item>
      </FilterBar>
      <ListTable
        list={list}
        size="small"
        columns={columns}
        scrollX="max-content"
        locale={{ emptyText: t('clue.pools.empty') }}
        testId="pool-table"
      />
      <AssignClueDialog
        clue={assigning}
        onClose={() => setAssigning(null)}
        onDone={() => {
          void message.success(t('clue.pools.assigned'));
          setAssigning(null);
          list.reload();
        }}
      />
    </PageContainer>
  );
}
