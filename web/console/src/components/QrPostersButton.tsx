/**
 * 举报二维码海报: picks a township or the county and downloads one A4 QR poster per village
 * (org.poster), with a link to the reporting guide (检举控告明白卡) of that region's commission.
 * The file is fetched first: when the server says its QR codes point to this machine
 * (QF_PUBLIC_URL unset: x-poster-url-warning), the officer is warned before it is saved.
 */
import { useState } from 'react';
import { App, Button, Form, Modal, Space, Typography } from 'antd';
import { FilePdfOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { listRegions, qrPostersUrl, reportingGuideUrl } from '../api/org.js';
import { RemoteSelect } from './RemoteSelect.js';

/** Response header naming the address the QR codes encode when it is a local one. */
const URL_WARNING_HEADER = 'x-poster-url-warning';

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

/** Button and modal; render it only for holders of org.poster. */
export function QrPostersButton() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState<string | null>(null);
  const posters = code ? qrPostersUrl(code) : undefined;
  const guide = reportingGuideUrl(code);
  const download = async () => {
    if (!posters) return;
    setBusy(true);
    try {
      const res = await fetch(posters, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
        void message.error(t(`errors.${body?.error?.code ?? 'UNKNOWN'}`, { defaultValue: t('errors.UNKNOWN') }));
        return;
      }
      const blob = await res.blob();
      const disposition = res.headers.get('content-disposition') ?? '';
      const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? 'qr-posters.pdf');
      const localUrl = res.headers.get(URL_WARNING_HEADER);
      if (!localUrl) return saveBlob(blob, name);
      modal.confirm({
        title: t('qr.urlWarningTitle'),
        content: <span data-testid="qr-url-warning">{t('qr.urlWarning', { url: localUrl })}</span>,
        okText: t('qr.downloadAnyway'),
        okButtonProps: { danger: true, 'data-testid': 'qr-download-anyway' },
        onOk: () => saveBlob(blob, name),
      });
    } catch {
      void message.error(t('errors.NETWORK_ERROR'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button icon={<QrcodeOutlined />} onClick={() => setOpen(true)} data-testid="qr-posters">
        {t('qr.posters')}
      </Button>
      <Modal
        open={open}
        title={t('qr.postersTitle')}
        onCancel={() => setOpen(false)}
        footer={
          <Space>
            <Button icon={<FilePdfOutlined />} href={guide} target="_blank" rel="noopener" data-testid="qr-guide">
              {t('qr.guide')}
            </Button>
            <Button
              type="primary"
              icon={<QrcodeOutlined />}
              onClick={() => void download()}
              loading={busy}
              disabled={!posters}
              data-testid="qr-download"
            >
              {t('qr.download')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('qr.postersHint')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label={t('qr.region')}>
            <RemoteSelect<string>
              value={code}
              onChange={setCode}
              data-testid="qr-region"
              fetchOptions={async (q, signal) => {
                const pages = await Promise.all(
                  (['county', 'township'] as const).map((level) => listRegions({ q, level, pageSize: 50 }, signal)),
                );
                return pages
                  .flatMap((p) => p.items)
                  .map((r) => ({
                    value: r.code,
                    label: `${r.name}（${r.code}）`,
                  }));
              }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
