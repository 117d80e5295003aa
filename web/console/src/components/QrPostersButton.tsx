/**
 * 举报二维码海报: picks a township or the county and downloads one A4 QR poster per village
 * (org.export), with a link to the reporting guide (检举控告明白卡) of that region's commission.
 */
import { useState } from 'react';
import { Button, Form, Modal, Space, Typography } from 'antd';
import { FilePdfOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { listRegions, qrPostersUrl, reportingGuideUrl } from '../api/org.js';
import { RemoteSelect } from './RemoteSelect.js';

/** Button and modal; render it only for holders of org.export. */
export function QrPostersButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState<string | null>(null);
  const posters = code ? qrPostersUrl(code) : undefined;
  const guide = reportingGuideUrl(code);
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
              href={posters}
              download
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
