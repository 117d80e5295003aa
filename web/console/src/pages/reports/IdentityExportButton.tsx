/**
 * 导出（含举报人身份）: the ledger export with named reporters' name and phone, for holders of
 * report.identity only. Like a reveal it needs a written reason (10–500 characters), which the
 * server records in one audit event naming every report whose identity is in the file. The file
 * is fetched first, so a refusal is shown in the dialog instead of being saved as a download.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Space } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { type LedgerFilters, reportsExportUrl } from '../../api/reports.js';
import { messageForError } from '../../api/request.js';

/** Shortest and longest reason the server accepts (`identityReason`). */
const REASON_MIN = 10;
const REASON_MAX = 500;

/** Saves `blob` as a download named `name`. */
function saveBlob(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

/** Button and dialog; render it only for holders of report.identity. Exports what `filters` select. */
export function IdentityExportButton({ filters }: { filters: LedgerFilters }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const close = () => {
    setOpen(false);
    setError(null);
  };

  const download = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(reportsExportUrl({ ...filters, identityReason: reason.trim() }), {
        credentials: 'same-origin',
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as {
          error?: { code?: string; message?: string; details?: { reason?: unknown } };
        } | null;
        const e = body?.error;
        setError(messageForError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? null, e?.details?.reason));
        return;
      }
      const disposition = res.headers.get('content-disposition') ?? '';
      const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? 'reports.xlsx');
      saveBlob(await res.blob(), name);
      close();
    } catch {
      setError(t('errors.NETWORK_ERROR'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<SafetyCertificateOutlined />} onClick={() => setOpen(true)} data-testid="reports-identity-export">
        {t('report.identityExport')}
      </Button>
      <Modal
        open={open}
        title={t('report.identityExportTitle')}
        onCancel={close}
        destroyOnHidden
        footer={
          <Space>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="identity-export-submit">
              {t('report.identityExportSubmit')}
            </Button>
          </Space>
        }
      >
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void download(v)}>
          <Alert type="warning" showIcon message={t('report.identityExportWarning')} style={{ marginBottom: 16 }} />
          <Form.Item
            name="reason"
            label={t('report.identityExportReason')}
            extra={t('report.identityExportHint')}
            rules={[
              {
                validator: (_, value: string | undefined) => {
                  const n = (value ?? '').trim().length;
                  return n >= REASON_MIN && n <= REASON_MAX
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('report.identityExportLength')));
                },
              },
            ]}
          >
            <Input.TextArea rows={3} showCount maxLength={REASON_MAX} data-testid="identity-export-reason" />
          </Form.Item>
          {error ? <Alert type="error" showIcon message={error} data-testid="identity-export-error" /> : null}
        </Form>
      </Modal>
    </>
  );
}
