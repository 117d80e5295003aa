/**
 * 村务公开: the versions of the villages' accounts in scope (drafts, waiting for the committee,
 * published, corrected), filtered by status, kind and period or "what was public on a date",
 * exported to Excel with those filters; the clerk uploads a month from here.
 */
import { useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { CalendarOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  type BatchLine,
  type BatchQuery,
  DISCLOSURE_KINDS,
  DISCLOSURE_STATUSES,
  batchesExportUrl,
  listBatches,
} from '../../api/disclosure.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant, shanghaiDayEnd } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { DisclosureEntry } from './DisclosureEntry.js';
import { DisclosureUpload } from './DisclosureUpload.js';
import { GeneralItemsDialog } from './GeneralItemsDialog.js';
import { MajorMatterDialog } from './MajorMatterDialog.js';

const STATUS_COLOR: Record<string, string> = {
  draft: 'default',
  submitted: 'orange',
  published: 'green',
  superseded: 'purple',
};

/** Yuan from fen, two decimals. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The versions list. */
export function DisclosurePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const list = useListPage<BatchLine, BatchQuery>({ fetchPage: listBatches, exportUrl: batchesExportUrl });
  const [open, setOpen] = useState(false);
  const [matter, setMatter] = useState(false);
  const [general, setGeneral] = useState(false);
  const [entry, setEntry] = useState(false);

  const columns: TableColumnsType<BatchLine> = [
    { title: t('disclosure.village'), dataIndex: 'villageName', width: 140 },
    {
      title: t('disclosure.period'),
      dataIndex: 'periodLabel',
      render: (v: string, r) => (
        <Link to={`/disclosure/${r.id}`} data-testid="disclosure-link">
          {v}
        </Link>
      ),
    },
    { title: t('disclosure.kind'), dataIndex: 'kind', width: 100, render: (v: string) => t(`disclosure.kinds.${v}`) },
    { title: t('disclosure.version'), dataIndex: 'version', width: 70 },
    {
      title: t('disclosure.status'),
      dataIndex: 'status',
      width: 170,
      render: (v: string) => <Tag color={STATUS_COLOR[v]}>{t(`disclosure.statuses.${v}`)}</Tag>,
    },
    { title: t('disclosure.lineCount'), dataIndex: 'lineCount', width: 70 },
    { title: t('disclosure.income'), dataIndex: 'incomeTotal', width: 120, align: 'right', render: yuan },
    { title: t('disclosure.expense'), dataIndex: 'expenseTotal', width: 120, align: 'right', render: yuan },
    { title: t('disclosure.closingBalance'), dataIndex: 'closingBalance', width: 130, align: 'right', render: yuan },
    {
      title: t('disclosure.publishedAt'),
      dataIndex: 'publishedAt',
      width: 150,
      render: (v: string | null) => formatInstant(v),
    },
  ];

  return (
    <PageContainer
      title={t('disclosure.title')}
      extra={
        <Space wrap>
          <Button
            icon={<CalendarOutlined />}
            onClick={() => void navigate('/disclosure/calendar')}
            data-testid="disclosure-calendar"
          >
            {t('disclosure.calendar')}
          </Button>
          <ExportButton href={list.exportHref} testId="disclosure-export" />
          {session.can('disclosure.prepare') ? (
            <Button onClick={() => setGeneral(true)} data-testid="disclosure-general">
              {t('disclosure.general')}
            </Button>
          ) : null}
          {session.can('disclosure.prepare') ? (
            <Button onClick={() => setMatter(true)} data-testid="disclosure-major">
              {t('disclosure.majorMatter')}
            </Button>
          ) : null}
          {session.can('disclosure.prepare') ? (
            <Button icon={<EditOutlined />} onClick={() => setEntry(true)} data-testid="disclosure-entry">
              {t('disclosure.entry')}
            </Button>
          ) : null}
          {session.can('disclosure.prepare') ? (
            <Button
              type="primary"
              icon={<UploadOutlined />}
              onClick={() => setOpen(true)}
              data-testid="disclosure-upload"
            >
              {t('disclosure.upload')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Form<BatchQuery & { asOfDay?: { format: (f: string) => string } | null }>
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onValuesChange={(_, all) => {
          const { asOfDay, ...rest } = all;
          list.search({ ...rest, asOf: asOfDay ? shanghaiDayEnd(asOfDay.format('YYYY-MM-DD')) : undefined });
        }}
      >
        <Form.Item name="status" label={t('disclosure.status')}>
          <Select
            allowClear
            style={{ width: 180 }}
            options={DISCLOSURE_STATUSES.map((s) => ({ value: s, label: t(`disclosure.statuses.${s}`) }))}
            data-testid="disclosure-filter-status"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('disclosure.kind')}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={DISCLOSURE_KINDS.map((k) => ({ value: k, label: t(`disclosure.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="period" label={t('disclosure.period')}>
          <Input allowClear placeholder="2026-11" style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="asOfDay" label={t('disclosure.asOf')} tooltip={t('disclosure.asOfHint')}>
          <DatePicker data-testid="disclosure-filter-asof" />
        </Form.Item>
      </Form>
      <ListTable
        list={list}
        size="small"
        columns={columns}
        scrollX="max-content"
        locale={{ emptyText: t('disclosure.empty') }}
        testId="disclosure-table"
      />
      <GeneralItemsDialog
        open={general}
        onClose={() => setGeneral(false)}
        onDone={(id) => {
          setGeneral(false);
          void navigate(`/disclosure/${id}`);
        }}
      />
      <MajorMatterDialog
        open={matter}
        onClose={() => setMatter(false)}
        onDone={(id) => {
          setMatter(false);
          void navigate(`/disclosure/${id}`);
        }}
      />
      <DisclosureEntry
        open={entry}
        onClose={() => setEntry(false)}
        onDone={(id) => {
          setEntry(false);
          void navigate(`/disclosure/${id}`);
        }}
      />
      <DisclosureUpload
        open={open}
        onClose={() => setOpen(false)}
        onDone={(id) => {
          setOpen(false);
          void navigate(`/disclosure/${id}`);
        }}
      />
    </PageContainer>
  );
}
