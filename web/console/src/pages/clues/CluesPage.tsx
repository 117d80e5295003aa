/**
 * 线索台账: the clue ledger with server paging, the filters, a search box for numbers and subject
 * names, a stats strip of the same selection, and an Excel export of exactly those filters. A
 * line the reader is not on shows its number, status, dates and unit only (need-to-know).
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  CLUE_CLOCK_STATES,
  CLUE_DISPOSALS,
  CLUE_SOURCES,
  CLUE_STATUSES,
  type ClueClockState,
  type ClueDisposal,
  type ClueFilters,
  type ClueLine,
  type ClueSource,
  type ClueStats,
  type ClueStatus,
  clueStats,
  cluesExportUrl,
  listClues,
} from '../../api/clues.js';
import { errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { FilterBar } from '../../components/FilterBar.js';
import { PageContainer } from '../../components/PageContainer.js';
import { UnitSelect, ZoneSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate } from '../../lib/dates.js';
import { formatDate } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';

interface FilterForm {
  q?: string;
  source?: ClueSource;
  status?: ClueStatus;
  disposal?: ClueDisposal;
  clock?: ClueClockState;
  unitId?: string;
  zoneId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  unreported?: boolean;
}

/** Turns the form into query filters, leaving out empty fields. */
function toFilters(v: FilterForm): ClueFilters {
  const q = v.q?.trim();
  return {
    q: q || undefined,
    source: v.source || undefined,
    status: v.status || undefined,
    disposal: v.disposal || undefined,
    clock: v.clock || undefined,
    unitId: v.unitId || undefined,
    zoneId: v.zoneId || undefined,
    from: fromPickerDate(v.range?.[0]) ?? undefined,
    to: fromPickerDate(v.range?.[1]) ?? undefined,
    unreported: v.unreported ? true : undefined,
  };
}

/** The counts of the same selection: by disposal and by month. */
function StatsStrip({ filters }: { filters: ClueFilters }) {
  const { t } = useTranslation();
  const [stats, setStats] = useState<ClueStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(filters);
  useEffect(() => {
    const controller = new AbortController();
    clueStats(filters, controller.signal)
      .then((s) => {
        setStats(s);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      });
    return () => controller.abort();
    // key stands for filters
  }, [key]);
  if (error) return <Alert type="error" showIcon message={error} />;
  if (!stats) return null;
  return (
    <Card size="small" title={t('clue.stats.title')} style={{ marginTop: 16 }} data-testid="clue-stats">
      <Flex vertical gap={8}>
        <Space wrap>
          <Typography.Text type="secondary">{t('clue.stats.byDisposal')}</Typography.Text>
          {stats.byDisposal.map((d) => (
            <Tag key={d.disposal ?? 'none'} color={d.disposal ? 'blue' : 'default'}>
              {d.disposal ? t(`clue.disposal.${d.disposal}`) : t('clue.disposal.none')} {d.count}
            </Tag>
          ))}
        </Space>
        <Space wrap>
          <Typography.Text type="secondary">{t('clue.stats.byMonth')}</Typography.Text>
          {stats.byMonth.map((m) => (
            <Tag key={m.month}>
              {m.month} {m.count}
            </Tag>
          ))}
        </Space>
      </Flex>
    </Card>
  );
}

/** The ledger page. */
export function CluesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<FilterForm>();
  // The workbench's cards open the ledger on a clock state or on unreported clues.
  const [search] = useSearchParams();
  const initialClock = CLUE_CLOCK_STATES.find((v) => v === search.get('clock'));
  const initialUnreported = search.get('unreported') === '1';
  const initial: ClueFilters = {
    ...(initialClock ? { clock: initialClock } : {}),
    ...(initialUnreported ? { unreported: true } : {}),
  };
  const list = useListPage({ fetchPage: listClues, exportUrl: cluesExportUrl, initialFilters: initial });
  useEffect(() => {
    form.setFieldsValue({ clock: initialClock, unreported: initialUnreported });
  }, [form, initialClock, initialUnreported]);

  const options = useMemo(
    () => ({
      source: CLUE_SOURCES.map((v) => ({ value: v, label: t(`clue.source.${v}`) })),
      status: CLUE_STATUSES.map((v) => ({ value: v, label: t(`clue.status.${v}`) })),
      disposal: CLUE_DISPOSALS.map((v) => ({ value: v, label: t(`clue.disposal.${v}`) })),
      clock: CLUE_CLOCK_STATES.map((v) => ({ value: v, label: t(`clue.clock.${v}`) })),
    }),
    [t],
  );
  const hidden = <Typography.Text type="secondary">{t('clue.hidden')}</Typography.Text>;

  const columns: TableColumnsType<ClueLine> = [
    {
      title: t('clue.number'),
      dataIndex: 'number',
      width: 190,
      fixed: 'left',
      render: (number: string, r) => (
        <Link to={`/clues/${r.id}`} data-testid="clue-link">
          {r.visibility === 'line' ? <LockOutlined style={{ marginInlineEnd: 4 }} /> : null}
          {number}
        </Link>
      ),
    },
    { title: t('clue.receivedOn'), dataIndex: 'receivedOn', width: 100, render: formatDate },
    {
      title: t('clue.source.label'),
      dataIndex: 'sourceKind',
      width: 110,
      render: (s: ClueSource) => t(`clue.source.${s}`),
    },
    {
      title: t('clue.subjects'),
      dataIndex: 'subjectNames',
      width: 150,
      ellipsis: true,
      render: (v: string | null, r) => (r.visibility === 'line' ? hidden : v),
    },
    { title: t('clue.region'), dataIndex: 'regionName', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: t('clue.unit'),
      dataIndex: 'unitName',
      width: 150,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('clue.keeper'), dataIndex: 'keeperName', width: 90, render: (v: string | null) => v ?? '—' },
    {
      title: t('clue.status.label'),
      dataIndex: 'status',
      width: 110,
      render: (s: ClueStatus, r) => (
        <Space size={4} wrap>
          <Tag>{t(`clue.status.${s}`)}</Tag>
          {r.disposal ? <Tag color="blue">{t(`clue.disposal.${r.disposal}`)}</Tag> : null}
          {r.higherReportRequired && !r.higherReportedOn ? <Tag color="red">{t('clue.higher.unreported')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('clue.dueOn'),
      dataIndex: 'dueOn',
      width: 110,
      render: (due: string | null, r) =>
        due ? <Tag color={r.overdue ? 'red' : 'default'}>{formatDate(due)}</Tag> : '—',
    },
  ];

  return (
    <PageContainer
      title={t('clue.ledger')}
      extra={
        <>
          {session.can('clue.register') ? (
            <Link to="/clues/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="clue-new">
                {t('clue.register')}
              </Button>
            </Link>
          ) : session.can('clue.manage') ? (
            <Link to="/clues/new?filing=1">
              <Button icon={<PlusOutlined />} data-testid="clue-file">
                {t('clue.file')}
              </Button>
            </Link>
          ) : null}
          <ExportButton href={list.exportHref} testId="clues-export" />
        </>
      }
    >
      <FilterBar<FilterForm> form={form} onSearch={(values) => list.setFilters(toFilters(values))} onReset={list.reset}>
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t('clue.searchPlaceholder')}
            title={t('clue.searchPlaceholder')}
            style={{ width: 260 }}
            data-testid="clues-q"
          />
        </Form.Item>
        <Form.Item name="source">
          <Select allowClear placeholder={t('clue.source.label')} options={options.source} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="status">
          <Select allowClear placeholder={t('clue.status.label')} options={options.status} style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="disposal">
          <Select allowClear placeholder={t('clue.disposal.label')} options={options.disposal} style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="clock">
          <Select
            allowClear
            placeholder={t('clue.clock.label')}
            options={options.clock}
            style={{ width: 120 }}
            data-testid="clues-clock"
          />
        </Form.Item>
        <Form.Item name="unitId">
          <UnitSelect placeholder={t('clue.unit')} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="zoneId">
          <ZoneSelect placeholder={t('clue.zone')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="range" label={t('clue.dateRange')}>
          <DatePicker.RangePicker style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="unreported" label={t('clue.higher.unreportedOnly')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </FilterBar>
      {list.error ? <Alert type="error" showIcon message={list.error} style={{ marginBottom: 16 }} /> : null}
      <Table<ClueLine>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 1120 }}
        locale={{ emptyText: t('clue.empty') }}
        data-testid="clues-table"
      />
      <StatsStrip filters={list.filters} />
    </PageContainer>
  );
}
