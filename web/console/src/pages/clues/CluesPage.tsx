/**
 * 线索台账: the clue ledger with server paging, the filters, a search box for numbers and subject
 * names, a stats strip of the same selection, and an Excel export of exactly those filters. A
 * line the reader is not on shows its number, status, dates and unit only (need-to-know).
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Space, Switch, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
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
import {
  LedgerFilterBar,
  type LedgerFilterForm,
  type LedgerSelect,
  ListTable,
  ledgerFilters,
} from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';

interface FilterForm extends LedgerFilterForm {
  source?: ClueSource;
  status?: ClueStatus;
  disposal?: ClueDisposal;
  clock?: ClueClockState;
  unreported?: boolean;
}

/** Turns the form into query filters, leaving out empty fields. */
function toFilters(v: FilterForm): ClueFilters {
  return {
    ...ledgerFilters(v),
    source: v.source || undefined,
    status: v.status || undefined,
    disposal: v.disposal || undefined,
    clock: v.clock || undefined,
    unreported: v.unreported ? true : undefined,
  };
}

/** The code-list filters of the clue ledger. */
const CLUE_SELECTS: readonly LedgerSelect[] = [
  { name: 'source', codes: CLUE_SOURCES, width: 150 },
  { name: 'status', codes: CLUE_STATUSES, width: 130 },
  { name: 'disposal', codes: CLUE_DISPOSALS, width: 130 },
  { name: 'clock', codes: CLUE_CLOCK_STATES, width: 120, testId: 'clues-clock' },
];

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
          {/* A disposal named like the status (暂存待查, 予以了结) is not said twice. */}
          {r.disposal && t(`clue.disposal.${r.disposal}`) !== t(`clue.status.${s}`) ? (
            <Tag color="blue">{t(`clue.disposal.${r.disposal}`)}</Tag>
          ) : null}
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
      <LedgerFilterBar
        form={form}
        list={list}
        toFilters={toFilters}
        prefix="clue"
        searchTestId="clues-q"
        searchWidth={260}
        zoneWidth={160}
        selects={CLUE_SELECTS}
        trailing={
          <Form.Item name="unreported" label={t('clue.higher.unreportedOnly')} valuePropName="checked">
            <Switch />
          </Form.Item>
        }
      />
      <ListTable
        list={list}
        columns={columns}
        size="small"
        scrollX={1120}
        locale={{ emptyText: t('clue.empty') }}
        testId="clues-table"
      />
      <StatsStrip filters={list.filters} />
    </PageContainer>
  );
}
