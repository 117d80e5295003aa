/**
 * 补贴发放名册: the department's roster imports (accepted and refused), exported to Excel; the
 * import dialog takes the subsidy's title, year, the item it pays and the file, and shows every
 * bad row with its reason when the file is refused (nothing stored). A roster opens with its
 * lines, masked.
 */
import { useState } from 'react';
import { Alert, Button, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  type Roster,
  type RosterDetail,
  type RosterQuery,
  ROSTER_STATUSES,
  ROSTER_UPLOAD_HEADERS,
  getRoster,
  importRoster,
  listItems,
  listRosters,
  rosterLinesExportUrl,
  rostersExportUrl,
} from '../../api/qr-supervision.js';
import { ApiError, errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { yuan } from './QrItemsPage.js';

interface RowProblem {
  row: number | null;
  field: string;
  reason: string;
}

function problemTable(rows: RowProblem[], t: (k: string) => string, testId: string) {
  return (
    <Table<RowProblem>
      size="small"
      rowKey={(r, i) => `${r.row}-${r.field}-${i}`}
      pagination={false}
      scroll={{ y: 240 }}
      dataSource={rows}
      data-testid={testId}
      columns={[
        { title: t('qrSupervision.row'), dataIndex: 'row', width: 70, render: (v: number | null) => v ?? '—' },
        { title: t('qrSupervision.field'), dataIndex: 'field', width: 120 },
        { title: t('qrSupervision.reason'), dataIndex: 'reason' },
      ]}
      style={{ marginBottom: 12 }}
    />
  );
}

function ImportDialog({
  open,
  onClose,
  onDone,
  onRejected,
}: {
  open: boolean;
  onClose: () => void;
  onDone: () => void;
  /** A refused file is kept as a rejected import: the list shows it. */
  onRejected: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ title: string; year: number; itemId?: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<RowProblem[]>([]);
  const [saving, setSaving] = useState(false);
  const [items, setItems] = useState<{ value: string; label: string }[]>([]);

  const submit = async (v: { title: string; year: number; itemId?: string }) => {
    if (!file) {
      setError(t('qrSupervision.chooseFile'));
      return;
    }
    setSaving(true);
    setError(null);
    setRows([]);
    try {
      await importRoster({ title: v.title.trim(), year: String(v.year), itemId: v.itemId ?? '' }, file);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.code === 'IMPORT_REJECTED') onRejected();
      if (err instanceof ApiError)
        setRows(((err.details as { rows?: RowProblem[] } | undefined)?.rows ?? []).slice(0, 200));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('qrSupervision.importRoster')}
      onCancel={onClose}
      footer={null}
      width={760}
      destroyOnClose
      afterOpenChange={(o) => {
        if (!o) return;
        form.setFieldsValue({ year: new Date().getFullYear() });
        void listItems({ page: 1, pageSize: 200 })
          .then((p) =>
            setItems(p.items.filter((i) => i.canManage).map((i) => ({ value: i.id, label: `${i.year} ${i.title}` }))),
          )
          .catch(() => undefined);
      }}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message={t('qrSupervision.importHint', { headers: ROSTER_UPLOAD_HEADERS.join('、') })}
      />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="qr-roster-form">
        <Form.Item name="title" label={t('qrSupervision.rosterTitle')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="qr-roster-title" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="year" label={t('qrSupervision.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} style={{ width: 100 }} data-testid="qr-roster-year" />
          </Form.Item>
          <Form.Item name="itemId" label={t('qrSupervision.rosterItem')}>
            <Select allowClear style={{ width: 320 }} options={items} />
          </Form.Item>
        </Space>
        <Form.Item label={t('qrSupervision.file')} required>
          <Upload
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />} data-testid="qr-roster-file">
              {t('qrSupervision.chooseFile')}
            </Button>
          </Upload>
        </Form.Item>
        {error ? (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="qr-roster-error" />
        ) : null}
        {rows.length ? problemTable(rows, t, 'qr-roster-rows') : null}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="qr-roster-submit">
          {t('qrSupervision.importSubmit')}
        </Button>
      </Form>
    </Modal>
  );
}

/** The roster imports list. */
export function RostersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const list = useListPage<Roster, RosterQuery>({ fetchPage: listRosters, exportUrl: rostersExportUrl });
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<RosterDetail | null>(null);

  const columns: TableColumnsType<Roster> = [
    {
      title: t('qrSupervision.rosterTitle'),
      dataIndex: 'title',
      render: (v: string, r) => (
        <a onClick={() => void getRoster(r.id).then(setShown)} data-testid="qr-roster-link">
          {v}
        </a>
      ),
    },
    { title: t('qrSupervision.year'), dataIndex: 'year', width: 70 },
    { title: t('qrSupervision.department'), dataIndex: 'departmentName', width: 130 },
    {
      title: t('qrSupervision.outcome'),
      dataIndex: 'status',
      width: 130,
      render: (v: string, r) => (
        <Tag color={v === 'accepted' ? 'green' : 'red'} data-testid="qr-roster-status">
          {t(`qrSupervision.rosterStatuses.${v}`)}
          {v === 'rejected' ? `（${r.problemCount}）` : ''}
        </Tag>
      ),
    },
    { title: t('qrSupervision.lineCount'), dataIndex: 'lineCount', width: 80 },
    { title: t('qrSupervision.total'), dataIndex: 'totalAmount', width: 130, align: 'right', render: yuan },
    {
      title: t('qrSupervision.importedAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => formatInstant(v),
    },
  ];

  return (
    <PageContainer
      title={t('qrSupervision.rosters')}
      extra={
        <Space wrap>
          <ExportButton href={list.exportHref} testId="qr-rosters-export" />
          {session.can('qr_supervision.manage') ? (
            <Button
              type="primary"
              icon={<UploadOutlined />}
              onClick={() => setOpen(true)}
              data-testid="qr-roster-import"
            >
              {t('qrSupervision.importRoster')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Form<RosterQuery>
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onValuesChange={(_, all) => list.search(all)}
      >
        <Form.Item name="status" label={t('qrSupervision.outcome')}>
          <Select
            allowClear
            style={{ width: 160 }}
            options={ROSTER_STATUSES.map((s) => ({ value: s, label: t(`qrSupervision.rosterStatuses.${s}`) }))}
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
        locale={{ emptyText: t('qrSupervision.rostersEmpty') }}
        testId="qr-rosters-table"
      />
      <ImportDialog
        open={open}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          list.reload();
        }}
        onRejected={list.reload}
      />
      <Drawer
        open={shown !== null}
        onClose={() => setShown(null)}
        width={860}
        title={shown?.title}
        extra={
          shown?.status === 'accepted' ? (
            <ExportButton href={rosterLinesExportUrl(shown.id)} testId="qr-roster-lines-export" />
          ) : null
        }
      >
        {shown?.status === 'rejected' ? problemTable(shown.problems, t, 'qr-roster-problems') : null}
        {shown?.status === 'accepted' ? (
          <Table
            size="small"
            rowKey="seq"
            dataSource={shown.lines}
            pagination={{ pageSize: 50 }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: '#', dataIndex: 'seq', width: 50 },
              { title: t('qrSupervision.name'), dataIndex: 'name' },
              { title: t('qrSupervision.idNumber'), dataIndex: 'idNumber' },
              { title: t('qrSupervision.household'), dataIndex: 'household' },
              { title: t('qrSupervision.account'), dataIndex: 'account' },
              { title: t('qrSupervision.holder'), dataIndex: 'holder' },
              { title: t('qrSupervision.amountYuan'), dataIndex: 'amount', align: 'right', render: yuan },
              { title: t('qrSupervision.paidOn'), dataIndex: 'paidOn' },
              { title: t('qrSupervision.approver'), dataIndex: 'approver' },
            ]}
          />
        ) : null}
      </Drawer>
    </PageContainer>
  );
}
