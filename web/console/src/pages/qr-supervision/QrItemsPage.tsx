/**
 * 立码监督: the departments' policies, projects and funds in reach, filtered by kind, status and
 * year, exported to Excel with those filters; a department liaison creates items here, and opens
 * one to edit, publish, withdraw or print its QR code. The rosters are one button away.
 */
import { useState } from 'react';
import { Alert, Button, Form, InputNumber, Modal, Select, Space, Table, Tag, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  type ItemQuery,
  type QrItem,
  QR_ITEM_KINDS,
  ITEM_UPLOAD_HEADERS,
  QR_ITEM_STATUSES,
  importItems,
  itemsExportUrl,
  listItems,
} from '../../api/qr-supervision.js';
import { ApiError, errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { ItemDialog } from './ItemDialog.js';

/** Status colours. */
export const ITEM_STATUS_COLOR: Record<string, string> = { draft: 'default', published: 'green', withdrawn: 'orange' };

/** Yuan from fen, two decimals. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

interface RowProblem {
  row: number | null;
  field: string;
  reason: string;
}

/** The items import dialog: a refused file lists every bad row (nothing created). */
function ImportItems({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<RowProblem[]>([]);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    if (!file) {
      setError(t('qrSupervision.chooseFile'));
      return;
    }
    setSaving(true);
    setError(null);
    setRows([]);
    try {
      await importItems(file);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError)
        setRows(((err.details as { rows?: RowProblem[] } | undefined)?.rows ?? []).slice(0, 200));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('qrSupervision.importItems')}
      onCancel={onClose}
      footer={null}
      width={760}
      destroyOnClose
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message={t('qrSupervision.importItemsHint', { headers: ITEM_UPLOAD_HEADERS.join('、') })}
      />
      <Upload
        accept=".xlsx"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          return false;
        }}
        onRemove={() => setFile(null)}
      >
        <Button icon={<UploadOutlined />} data-testid="qr-items-file">
          {t('qrSupervision.chooseFile')}
        </Button>
      </Upload>
      {error ? <Alert type="error" showIcon message={error} style={{ margin: '12px 0' }} /> : null}
      {rows.length ? (
        <Table<RowProblem>
          size="small"
          rowKey={(r, i) => `${r.row}-${r.field}-${i}`}
          pagination={false}
          scroll={{ y: 240 }}
          dataSource={rows}
          data-testid="qr-items-rows"
          columns={[
            { title: t('qrSupervision.row'), dataIndex: 'row', width: 70, render: (v: number | null) => v ?? '—' },
            { title: t('qrSupervision.field'), dataIndex: 'field', width: 140 },
            { title: t('qrSupervision.reason'), dataIndex: 'reason' },
          ]}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Button
        type="primary"
        loading={saving}
        onClick={() => void submit()}
        style={{ marginTop: 12 }}
        data-testid="qr-items-submit"
      >
        {t('qrSupervision.importSubmit')}
      </Button>
    </Modal>
  );
}

/** The items list. */
export function QrItemsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const list = useListPage<QrItem, ItemQuery>({ fetchPage: listItems, exportUrl: itemsExportUrl });
  const [open, setOpen] = useState(false);
  const [importing, setImporting] = useState(false);

  const columns: TableColumnsType<QrItem> = [
    {
      title: t('qrSupervision.itemTitle'),
      dataIndex: 'title',
      render: (v: string, r) => (
        <Link to={`/qr-supervision/items/${r.id}`} data-testid="qr-item-link">
          {v}
        </Link>
      ),
    },
    {
      title: t('qrSupervision.kind'),
      dataIndex: 'kind',
      width: 90,
      render: (v: string) => t(`qrSupervision.kinds.${v}`),
    },
    { title: t('qrSupervision.year'), dataIndex: 'year', width: 70 },
    { title: t('qrSupervision.department'), dataIndex: 'departmentName', width: 130 },
    {
      title: t('qrSupervision.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: string) => <Tag color={ITEM_STATUS_COLOR[v]}>{t(`qrSupervision.statuses.${v}`)}</Tag>,
    },
    { title: t('qrSupervision.budget'), dataIndex: 'budget', width: 130, align: 'right', render: yuan },
    {
      title: t('qrSupervision.villages'),
      dataIndex: 'allocations',
      width: 80,
      render: (a: QrItem['allocations']) => a.length,
    },
    {
      title: t('qrSupervision.updatedAt'),
      dataIndex: 'updatedAt',
      width: 150,
      render: (v: string) => formatInstant(v),
    },
  ];

  return (
    <PageContainer
      title={t('qrSupervision.title')}
      extra={
        <Space wrap>
          <Button
            icon={<TeamOutlined />}
            onClick={() => void navigate('/qr-supervision/rosters')}
            data-testid="qr-rosters"
          >
            {t('qrSupervision.rosters')}
          </Button>
          <ExportButton href={list.exportHref} testId="qr-items-export" />
          {session.can('qr_supervision.manage') ? (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="qr-items-import">
              {t('qrSupervision.importItems')}
            </Button>
          ) : null}
          {session.can('qr_supervision.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="qr-item-create">
              {t('qrSupervision.create')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Form<ItemQuery>
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onValuesChange={(_, all) => list.search(all)}
      >
        <Form.Item name="kind" label={t('qrSupervision.kind')}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={QR_ITEM_KINDS.map((k) => ({ value: k, label: t(`qrSupervision.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="status" label={t('qrSupervision.status')}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={QR_ITEM_STATUSES.map((s) => ({ value: s, label: t(`qrSupervision.statuses.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="year" label={t('qrSupervision.year')}>
          <InputNumber min={2000} max={2100} style={{ width: 100 }} />
        </Form.Item>
      </Form>
      <ListTable
        list={list}
        size="small"
        columns={columns}
        scrollX="max-content"
        locale={{ emptyText: t('qrSupervision.empty') }}
        testId="qr-items-table"
      />
      <ImportItems
        open={importing}
        onClose={() => setImporting(false)}
        onDone={() => {
          setImporting(false);
          list.reload();
        }}
      />
      <ItemDialog
        open={open}
        onClose={() => setOpen(false)}
        onDone={(id) => {
          setOpen(false);
          void navigate(`/qr-supervision/items/${id}`);
        }}
      />
    </PageContainer>
  );
}
