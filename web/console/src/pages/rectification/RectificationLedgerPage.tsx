/**
 * 整改台账 (the rectification ledger): every item the reader may see, whatever its source, with
 * the filters of issue 15 (source, status, responsible unit and the units under it, zone, overdue,
 * escalation rung, due range, words), the Excel export of exactly those, counts by source and by
 * unit, progress by township or source, and the overdue trend of the last 12 weeks. Filters may
 * come in the address (`?status=submitted`, `?overdue=true`): the workbench cards link so.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Card, Col, DatePicker, Form, Input, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  RECTIFICATION_ESCALATIONS,
  RECTIFICATION_SOURCES,
  RECTIFICATION_STATUSES,
  type RectificationCounts,
  type RectificationFilters,
  type RectificationLine,
  type RectificationTrend,
  listRectificationItems,
  rectificationCounts,
  rectificationExportUrl,
  rectificationTrend,
} from '../../api/rectification.js';
import { errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { UnitSelect, ZoneSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate, toPickerDate } from '../../lib/dates.js';
import { formatInstant } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { ProgressChart, TrendChart } from './RectificationCharts.js';
import { CreateRectificationButton } from './RectificationForms.js';
import { DueOn, EscalationTag, RectificationStatusTag } from './RectificationTags.js';

interface FilterForm {
  q?: string;
  source?: string;
  status?: string;
  unitId?: string;
  zoneId?: string;
  overdue?: 'true' | 'false';
  escalation?: string;
  followUpDue?: 'true';
  due?: [Dayjs | null, Dayjs | null];
}

/** The form's values as the ledger's query. */
function toFilters(v: FilterForm): RectificationFilters {
  return {
    q: v.q?.trim() || undefined,
    source: (v.source || undefined) as RectificationFilters['source'],
    status: (v.status || undefined) as RectificationFilters['status'],
    unitId: v.unitId || undefined,
    zoneId: v.zoneId || undefined,
    overdue: v.overdue === undefined ? undefined : v.overdue === 'true',
    escalation: (v.escalation || undefined) as RectificationFilters['escalation'],
    followUpDue: v.followUpDue === 'true' ? true : undefined,
    dueFrom: fromPickerDate(v.due?.[0] ?? null) ?? undefined,
    dueTo: fromPickerDate(v.due?.[1] ?? null) ?? undefined,
  };
}

/** Filters named in the address (the workbench cards' links). */
function filtersOf(params: URLSearchParams): { form: FilterForm; filters: RectificationFilters } {
  const get = (k: string) => params.get(k) ?? undefined;
  const form: FilterForm = {
    q: get('q'),
    source: get('source'),
    status: get('status'),
    unitId: get('unitId'),
    zoneId: get('zoneId'),
    overdue: (get('overdue') as FilterForm['overdue']) ?? undefined,
    escalation: get('escalation'),
    followUpDue: get('followUpDue') === 'true' ? 'true' : undefined,
    due:
      params.has('dueFrom') || params.has('dueTo')
        ? [toPickerDate(get('dueFrom')) ?? null, toPickerDate(get('dueTo')) ?? null]
        : undefined,
  };
  const filters = toFilters(form);
  const side = get('side');
  if (side === 'owner' || side === 'issuer') filters.side = side;
  if (get('sort') === 'dueOn') filters.sort = 'dueOn';
  return { form, filters };
}

/** The ledger page. */
export function RectificationLedgerPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params] = useSearchParams();
  const initial = useMemo(() => filtersOf(params), [params]);
  const [form] = Form.useForm<FilterForm>();
  const list = useListPage<RectificationLine, RectificationFilters>({
    fetchPage: listRectificationItems,
    exportUrl: rectificationExportUrl,
    initialFilters: initial.filters,
  });
  const { setFilters } = list;
  // A link from a workbench card to the page already open changes the filters in place.
  const shown = useRef(initial);
  useEffect(() => {
    form.setFieldsValue(initial.form);
    if (shown.current === initial) return;
    shown.current = initial;
    form.resetFields();
    form.setFieldsValue(initial.form);
    setFilters(initial.filters);
  }, [initial, form, setFilters]);

  const [counts, setCounts] = useState<RectificationCounts | null>(null);
  const [trend, setTrend] = useState<RectificationTrend | null>(null);
  const [chartError, setChartError] = useState<string | null>(null);
  const [groupBy, setGroupBy] = useState<'township' | 'source'>('township');
  const filters = list.filters;
  useEffect(() => {
    const ac = new AbortController();
    const { sort: _sort, ...rest } = filters;
    Promise.all([rectificationCounts(rest, ac.signal), rectificationTrend(rest, ac.signal)])
      .then(([c, tr]) => {
        setCounts(c);
        setTrend(tr);
        setChartError(null);
      })
      .catch((err: unknown) => {
        if (!ac.signal.aborted) setChartError(errorMessage(err));
      });
    return () => ac.abort();
  }, [filters]);

  const groups = useMemo(
    () =>
      groupBy === 'township'
        ? (counts?.byTownship ?? []).map((g) => ({ ...g, name: g.name }))
        : (counts?.bySource ?? []).map((g) => ({ ...g, name: t(`rectification.source.${g.source}`) })),
    [counts, groupBy, t],
  );
  const chartLabels = useMemo(
    () => ({
      pending: t('rectification.chart.pending'),
      overdue: t('rectification.chart.overdue'),
      closed: t('rectification.chart.closed'),
    }),
    [t],
  );

  const columns: TableColumnsType<RectificationLine> = [
    {
      title: t('rectification.problem'),
      dataIndex: 'problem',
      ellipsis: true,
      render: (p: string, r) => (
        <Link to={`/rectification/${r.id}`} data-testid="rectification-link">
          {p}
        </Link>
      ),
    },
    {
      title: t('rectification.sourceLabel'),
      dataIndex: 'source',
      width: 130,
      render: (s: string) => t(`rectification.source.${s}`),
    },
    {
      title: t('rectification.ownerUnit'),
      dataIndex: 'ownerUnitName',
      width: 180,
      ellipsis: true,
      render: (name: string, r) => (
        <Link to={`/units/${r.ownerUnitId}/rectification`} data-testid="rectification-unit-link">
          {name}
        </Link>
      ),
    },
    {
      title: t('rectification.statusLabel'),
      dataIndex: 'status',
      width: 100,
      render: (s: string, r) => (
        <Space size={2} wrap>
          <RectificationStatusTag status={s} />
          {r.rejections > 0 && s !== 'closed' ? (
            <Tag color="red">{t('rectification.rejectedTimes', { count: r.rejections })}</Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('rectification.dueOn'),
      dataIndex: 'dueOn',
      width: 150,
      render: (d: string, r) => <DueOn dueOn={d} overdue={r.overdue} />,
    },
    {
      title: t('rectification.escalation'),
      dataIndex: 'escalation',
      width: 110,
      render: (e: string | null, r) => (
        <Space size={2} wrap>
          <EscalationTag rung={e} />
          {r.escalationDue && r.nextEscalation ? (
            <Tag color="magenta">
              {t('rectification.escalationDue', { rung: t(`rectification.rung.${r.nextEscalation}`) })}
            </Tag>
          ) : null}
          {!e && !r.escalationDue ? '—' : null}
        </Space>
      ),
    },
    { title: t('rectification.issuerUnit'), dataIndex: 'issuerUnitName', width: 160, ellipsis: true },
    {
      title: t('rectification.createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      render: (v: string) => formatInstant(v),
    },
  ];

  return (
    <PageContainer
      title={t('rectification.ledger')}
      extra={
        <>
          {can('rectification.manage') ? <CreateRectificationButton /> : null}
          <ExportButton href={list.exportHref} testId="rectification-export" />
        </>
      }
    >
      <FilterBar<FilterForm>
        form={form}
        onSearch={(v) => list.setFilters({ ...toFilters(v), ...(filters.side ? { side: filters.side } : {}) })}
        onReset={list.reset}
      >
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t('rectification.searchPlaceholder')}
            style={{ width: 180 }}
            data-testid="rectification-q"
          />
        </Form.Item>
        <Form.Item name="source">
          <Select
            allowClear
            placeholder={t('rectification.sourceLabel')}
            options={RECTIFICATION_SOURCES.map((s) => ({ value: s, label: t(`rectification.source.${s}`) }))}
            style={{ width: 150 }}
            popupMatchSelectWidth={false}
            data-testid="rectification-source"
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('rectification.statusLabel')}
            options={RECTIFICATION_STATUSES.map((s) => ({ value: s, label: t(`rectification.status.${s}`) }))}
            style={{ width: 110 }}
            data-testid="rectification-status-filter"
          />
        </Form.Item>
        <Form.Item name="unitId">
          <UnitSelect placeholder={t('rectification.ownerUnit')} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="zoneId">
          <ZoneSelect placeholder={t('rectification.zone')} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="overdue">
          <Select
            allowClear
            placeholder={t('rectification.overdueFilter')}
            options={[
              { value: 'true', label: t('rectification.overdueOnly') },
              { value: 'false', label: t('rectification.notOverdue') },
            ]}
            style={{ width: 120 }}
            data-testid="rectification-overdue-filter"
          />
        </Form.Item>
        <Form.Item name="escalation">
          <Select
            allowClear
            placeholder={t('rectification.escalation')}
            options={[
              ...RECTIFICATION_ESCALATIONS.map((r) => ({ value: r, label: t(`rectification.rung.${r}`) })),
              { value: 'none', label: t('rectification.rungNone') },
            ]}
            style={{ width: 120 }}
            data-testid="rectification-escalation-filter"
          />
        </Form.Item>
        <Form.Item name="followUpDue">
          <Select
            allowClear
            placeholder={t('rectification.followUpFilter')}
            options={[{ value: 'true', label: t('rectification.followUpDueOnly') }]}
            style={{ width: 130 }}
            data-testid="rectification-follow-up-filter"
          />
        </Form.Item>
        <Form.Item name="due" label={t('rectification.dueOn')}>
          <DatePicker.RangePicker style={{ width: 240 }} data-testid="rectification-due" />
        </Form.Item>
      </FilterBar>

      {chartError ? <Alert type="error" showIcon message={chartError} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('rectification.chart.progress')}
            extra={
              <Segmented
                size="small"
                value={groupBy}
                onChange={(v) => setGroupBy(v as 'township' | 'source')}
                options={[
                  { value: 'township', label: t('rectification.chart.byTownship') },
                  { value: 'source', label: t('rectification.chart.bySource') },
                ]}
                data-testid="rectification-progress-by"
              />
            }
          >
            <ProgressChart groups={groups} labels={chartLabels} testId="rectification-progress-chart" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('rectification.chart.trend')}>
            <TrendChart
              weeks={trend?.weeks ?? []}
              label={t('rectification.chart.overdueAtWeekEnd')}
              testId="rectification-trend-chart"
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('rectification.countsBySource')} data-testid="rectification-counts-source">
            <Table
              size="small"
              rowKey="source"
              pagination={false}
              dataSource={counts?.bySource ?? []}
              columns={[
                {
                  title: t('rectification.sourceLabel'),
                  dataIndex: 'source',
                  render: (s: string) => t(`rectification.source.${s}`),
                },
                { title: t('rectification.chart.outstanding'), dataIndex: 'outstanding', width: 70 },
                { title: t('rectification.chart.overdue'), dataIndex: 'overdue', width: 60 },
                { title: t('rectification.chart.closed'), dataIndex: 'closed', width: 70 },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('rectification.countsByUnit')} data-testid="rectification-counts-unit">
            <Table
              size="small"
              rowKey="unitId"
              pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }}
              dataSource={counts?.byUnit ?? []}
              columns={[
                {
                  title: t('rectification.ownerUnit'),
                  dataIndex: 'unitName',
                  render: (n: string, r: { unitId: string }) => (
                    <Link to={`/units/${r.unitId}/rectification`}>{n}</Link>
                  ),
                },
                { title: t('rectification.chart.outstanding'), dataIndex: 'outstanding', width: 70 },
                { title: t('rectification.chart.overdue'), dataIndex: 'overdue', width: 60 },
                { title: t('rectification.chart.closed'), dataIndex: 'closed', width: 70 },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Typography.Paragraph data-testid="rectification-total">
        {list.totalCapped
          ? t('common.totalAtLeast', { total: list.total })
          : t('rectification.total', { count: list.total })}
      </Typography.Paragraph>
      <ListTable
        list={list}
        columns={columns}
        size="small"
        scrollX={1250}
        locale={{ emptyText: t('rectification.empty') }}
        testId="rectification-table"
      />
    </PageContainer>
  );
}
