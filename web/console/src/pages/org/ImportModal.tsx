/**
 * 导入Excel: uploads a workbook to `POST /api/organisation/import` (multipart field `file`),
 * optionally as a dry run, and shows either the imported counts or the rejected rows.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Modal, Space, Table, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { importOrganisation } from '../../api/org.js';
import { ApiError, errorMessage } from '../../api/request.js';
import type { ImportCounts, ImportRejectedRow, ImportResult } from '../../api/types.js';

type Outcome =
  | { kind: 'imported'; result: ImportResult; dryRun: boolean }
  | { kind: 'rejected'; rows: ImportRejectedRow[]; message: string }
  | { kind: 'error'; message: string };

/** Reads the rejected rows out of an IMPORT_REJECTED error's details. */
function rejectedRows(details: unknown): ImportRejectedRow[] {
  if (!details || typeof details !== 'object') return [];
  const rows = (details as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as ImportRejectedRow[]) : [];
}

const SHEETS: (keyof ImportCounts)[] = ['regions', 'units', 'zones', 'memberships', 'staff', 'subjects'];

/** Per-sheet counts: imported, and inserted / updated / unchanged when the server reports them. */
function CountsTable({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  const rows = SHEETS.filter((sheet) => result.imported[sheet] !== undefined).map((sheet) => ({
    sheet,
    imported: result.imported[sheet] ?? 0,
    inserted: result.inserted?.[sheet],
    updated: result.updated?.[sheet],
    unchanged: result.unchanged?.[sheet],
  }));
  const show = (v: number | undefined) => (v === undefined ? '—' : v);
  return (
    <Table
      size="small"
      rowKey="sheet"
      pagination={false}
      dataSource={rows}
      data-testid="import-counts"
      columns={[
        { title: t('org.import.sheet'), dataIndex: 'sheet', render: (s: string) => t(`org.import.sheets.${s}`) },
        { title: t('org.import.importedCount'), dataIndex: 'imported', align: 'right' },
        { title: t('org.import.inserted'), dataIndex: 'inserted', align: 'right', render: show },
        { title: t('org.import.updated'), dataIndex: 'updated', align: 'right', render: show },
        { title: t('org.import.unchanged'), dataIndex: 'unchanged', align: 'right', render: show },
      ]}
    />
  );
}

/** The import dialog; `onImported` runs after a real (not dry-run) import. */
export function ImportModal({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [fileList, setFileList] = useState<UploadFile[]>([]);
  const [dryRun, setDryRun] = useState(true);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const upload = async () => {
    if (!file) {
      setOutcome({ kind: 'error', message: t('org.import.noFile') });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const result = await importOrganisation(file, dryRun);
      setOutcome({ kind: 'imported', result, dryRun: result.dryRun ?? dryRun });
      if (!dryRun) onImported();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'IMPORT_REJECTED') {
        setOutcome({ kind: 'rejected', rows: rejectedRows(err.details), message: err.message });
      } else {
        setOutcome({ kind: 'error', message: errorMessage(err) });
      }
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setOutcome(null);
    setFile(null);
    setFileList([]);
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('org.import.title')}
      onCancel={close}
      width={820}
      footer={
        <Space>
          <Button onClick={close}>{t('common.close')}</Button>
          <Button type="primary" loading={busy} onClick={() => void upload()} data-testid="import-submit">
            {t('org.import.upload')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          fileList={fileList}
          beforeUpload={(f) => {
            setFile(f);
            setFileList([{ uid: f.uid, name: f.name, status: 'done' }]);
            setOutcome(null);
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setFileList([]);
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="import-file">
            {t('org.import.file')}
          </Button>
        </Upload>
        <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="import-dry-run">
          {t('org.import.dryRun')}
        </Checkbox>
        {outcome?.kind === 'imported' ? (
          <Alert
            type="success"
            showIcon
            data-testid="import-result"
            message={outcome.dryRun ? t('org.import.checked') : t('org.import.imported')}
            description={<CountsTable result={outcome.result} />}
          />
        ) : null}
        {outcome?.kind === 'error' ? <Alert type="error" showIcon message={outcome.message} /> : null}
        {outcome?.kind === 'rejected' ? (
          <>
            <Alert type="error" showIcon message={outcome.message} description={t('org.import.rejected')} />
            <Table<ImportRejectedRow>
              size="small"
              rowKey={(row) => `${row.sheet}:${row.row}:${row.field ?? ''}:${row.code}`}
              dataSource={outcome.rows}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid="import-rejected"
              columns={[
                { title: t('org.import.sheet'), dataIndex: 'sheet', width: 120 },
                { title: t('org.import.row'), dataIndex: 'row', width: 70 },
                {
                  title: t('org.import.field'),
                  dataIndex: 'field',
                  width: 130,
                  render: (v: string | null) => v ?? '—',
                },
                {
                  title: t('org.import.code'),
                  dataIndex: 'code',
                  width: 170,
                  render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
                },
                { title: t('org.import.message'), dataIndex: 'message' },
              ]}
            />
          </>
        ) : null}
      </Space>
    </Modal>
  );
}
