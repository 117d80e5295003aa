/**
 * 信访举报台账: the intake ledger with server paging, the filters, an Excel export of exactly
 * those filters, the counts of the same selection and a link to register a new report.
 */
import { useEffect, useState } from 'react';
import { Button, Form, Switch, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { listDeadlines } from '../../api/deadlines.js';
import {
  CATEGORY_CODES,
  REPORT_CHANNELS,
  REPORT_KINDS,
  REPORT_STATUSES,
  listReports,
  reportsExportUrl,
} from '../../api/reports.js';
import type {
  LedgerFilters,
  Report,
  ReportCategory,
  ReportChannel,
  ReportKind,
  ReportStatus,
  WorklistItem,
} from '../../api/reports.js';
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
import { QrPostersButton } from '../../components/QrPostersButton.js';
import { formatDate } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { IdentityExportButton } from './IdentityExportButton.js';
import { ReportCounts } from './ReportCounts.js';
import { DeadlineTag, ReporterTag, StatusTag } from './ReportTags.js';

interface FilterForm extends LedgerFilterForm {
  status?: ReportStatus;
  channel?: ReportChannel;
  kind?: ReportKind;
  category?: ReportCategory;
  overdue?: boolean;
  includeTransferRecords?: boolean;
}

/** Turns the form into query filters, leaving out empty fields and false switches. */
function toFilters(values: FilterForm): LedgerFilters {
  return {
    ...ledgerFilters(values),
    status: values.status || undefined,
    channel: values.channel || undefined,
    kind: values.kind || undefined,
    category: values.category || undefined,
    overdue: values.overdue ? true : undefined,
    includeTransferRecords: values.includeTransferRecords ? true : undefined,
  };
}

/** The code-list filters of the intake ledger. */
const REPORT_SELECTS: readonly LedgerSelect[] = [
  { name: 'status', codes: REPORT_STATUSES, width: 130 },
  { name: 'channel', codes: REPORT_CHANNELS, width: 120 },
  { name: 'kind', codes: REPORT_KINDS, width: 110 },
  { name: 'category', codes: CATEGORY_CODES, width: 160, wideMenu: true },
];

/** The most urgent running time limit of each report on the worklist (overdue before due soon). */
function useUrgentDeadlines(nonce: unknown): Map<string, WorklistItem> {
  const [byReport, setByReport] = useState<Map<string, WorklistItem>>(() => new Map());
  useEffect(() => {
    const controller = new AbortController();
    listDeadlines({ limit: 500 }, controller.signal)
      .then((items) => {
        const next = new Map<string, WorklistItem>();
        for (const item of items) {
          if (item.resourceType !== 'report') continue;
          const known = next.get(item.resourceId);
          if (!known || (item.overdue && !known.overdue)) next.set(item.resourceId, item);
        }
        setByReport(next);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [nonce]);
  return byReport;
}

/** The ledger page. */
export function ReportsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<FilterForm>();
  // A link may open the ledger on one status (the workbench's "待受理" card does).
  const [search] = useSearchParams();
  const initialStatus = REPORT_STATUSES.find((v) => v === search.get('status'));
  const list = useListPage({
    fetchPage: listReports,
    exportUrl: reportsExportUrl,
    initialFilters: initialStatus ? { status: initialStatus } : {},
  });
  useEffect(() => {
    if (initialStatus) form.setFieldsValue({ status: initialStatus });
  }, [form, initialStatus]);
  const filterKey = JSON.stringify(list.filters);
  const urgent = useUrgentDeadlines(filterKey);

  const columns: TableColumnsType<Report> = [
    {
      title: t('report.number'),
      dataIndex: 'number',
      width: 180,
      fixed: 'left',
      render: (number: string | null, r) => (
        <Link to={`/reports/${r.id}`} data-testid="report-link">
          {number ?? r.id.slice(0, 8)}
        </Link>
      ),
    },
    { title: t('report.receivedOn'), dataIndex: 'receivedOn', width: 96, render: formatDate },
    {
      title: t('report.channel.label'),
      dataIndex: 'channel',
      width: 64,
      render: (c: Report['channel']) => t(`report.channel.${c}`),
    },
    {
      title: t('report.kind.label'),
      dataIndex: 'kind',
      width: 96,
      render: (k: Report['kind'], r) => (
        <Tooltip title={r.categories.map((c) => t(`report.category.${c}`)).join('、') || undefined}>
          <span>{t(`report.kind.${k}`)}</span>
          {r.assigned ? (
            <Tag color="volcano" style={{ marginInlineStart: 4 }}>
              {t('report.assignedShort')}
            </Tag>
          ) : null}
        </Tooltip>
      ),
    },
    {
      title: t('report.subject'),
      dataIndex: 'subjectName',
      width: 130,
      ellipsis: true,
      render: (name: string, r) => (r.subjectPosition ? `${name}（${r.subjectPosition}）` : name),
    },
    {
      title: t('report.region'),
      dataIndex: 'regionName',
      width: 110,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('report.ownerUnit'),
      dataIndex: 'ownerUnitName',
      width: 140,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('report.status.label'),
      dataIndex: 'status',
      width: 92,
      render: (s: Report['status']) => <StatusTag status={s} />,
    },
    {
      title: t('report.reporterMode'),
      dataIndex: 'anonymous',
      width: 110,
      render: (a: boolean) => <ReporterTag anonymous={a} />,
    },
    {
      title: t('report.deadline'),
      key: 'deadline',
      width: 116,
      render: (_, r) => {
        const due = urgent.get(r.id);
        if (!due) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Tooltip title={`${t(`deadline.kind.${due.kind}`)} ${due.dueOn}`}>
            <span style={{ whiteSpace: 'nowrap' }}>
              <DeadlineTag deadline={due} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {due.dueOn?.slice(5) ?? ''}
              </Typography.Text>
            </span>
          </Tooltip>
        );
      },
    },
  ];

  return (
    <PageContainer
      title={t('report.ledger')}
      extra={
        <>
          {session.can('report.manage') ? (
            <Link to="/reports/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="report-new">
                {t('report.newReport')}
              </Button>
            </Link>
          ) : null}
          {session.can('report.export') ? <ExportButton href={list.exportHref} testId="reports-export" /> : null}
          {session.can('report.export') && session.can('report.identity') ? (
            <IdentityExportButton filters={list.filters} />
          ) : null}
          {session.can('org.poster') ? <QrPostersButton /> : null}
        </>
      }
    >
      <LedgerFilterBar
        form={form}
        list={list}
        toFilters={toFilters}
        prefix="report"
        searchTestId="reports-q"
        searchWidth={280}
        zoneWidth={180}
        selects={REPORT_SELECTS}
        trailing={
          <>
            <Form.Item name="overdue" label={t('report.overdueOnly')} valuePropName="checked">
              <Switch data-testid="reports-overdue" />
            </Form.Item>
            <Form.Item name="includeTransferRecords" label={t('report.includeTransferRecords')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        }
      />
      <ListTable list={list} columns={columns} size="small" scrollX={1134} testId="reports-table" />
      <ReportCounts filters={list.filters} />
    </PageContainer>
  );
}
