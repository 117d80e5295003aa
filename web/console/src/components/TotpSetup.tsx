/**
 * TOTP enrolment: asks the server for a secret and shows the otpauth:// URL as a QR code to scan
 * (`data-testid="totp-qr"`, an SVG image drawn by the `qrcode` package), the secret in groups of
 * four for typing instead (`data-testid="totp-secret"` holds the bare base32 text) and the URL
 * itself, then activates with a 6-digit code.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Form, Input, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { totpQrDataUrl } from '../lib/totp-qr.js';
import { activateTotp, setupTotp } from '../api/auth.js';
import { errorMessage } from '../api/request.js';
import type { SessionPayload, TotpSecret } from '../api/types.js';

/** Splits a base32 secret into groups of four for reading aloud or typing. */
export function groupSecret(secret: string): string[] {
  const bare = secret.replace(/\s+/g, '');
  const groups: string[] = [];
  for (let i = 0; i < bare.length; i += 4) groups.push(bare.slice(i, i + 4));
  return groups;
}

/** Runs setup once on mount and hands the activated session to `onActivated`. */
export function TotpSetup({ onActivated }: { onActivated: (payload: SessionPayload) => void | Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [secret, setSecret] = useState<TotpSecret | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [qr, setQr] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (!secret) return;
    totpQrDataUrl(secret.otpauthUrl)
      .then(setQr)
      .catch(() => setQr(null));
  }, [secret]);

  useEffect(() => {
    // A second setup call would replace the secret the user is reading, so run it once only.
    if (started.current) return;
    started.current = true;
    setupTotp()
      .then(setSecret)
      .catch((err: unknown) => setError(errorMessage(err)));
  }, []);

  const activate = async ({ code }: { code: string }) => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      const payload = await activateTotp(code.trim());
      message.success(t('totp.activated'));
      await onActivated(payload);
    } catch (err) {
      setSubmitError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!secret) return <Spin />;

  const bare = secret.secret.replace(/\s+/g, '');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('totp.step1')}</Typography.Paragraph>
      <div className="qf-totp-qr">
        {qr ? <img src={qr} width={200} height={200} alt={t('totp.qrAlt')} data-testid="totp-qr" /> : <Spin />}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('totp.manualHint')}
      </Typography.Paragraph>
      <div className="qf-totp-secret-box">
        <Typography.Text type="secondary">{t('totp.secret')}：</Typography.Text>
        <span className="qf-totp-secret" data-testid="totp-secret" data-secret={bare}>
          {groupSecret(bare).map((group, index) => (
            <span key={index} className="qf-totp-group">
              {group}
            </span>
          ))}
        </span>
        <Typography.Text copyable={{ text: bare }} />
      </div>
      <div>
        <Typography.Text type="secondary">{t('totp.otpauthUrl')}：</Typography.Text>
        <Typography.Text code className="qf-break-all" data-testid="totp-otpauth-url">
          {secret.otpauthUrl}
        </Typography.Text>
      </div>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('totp.step2')}</Typography.Paragraph>
      <Form layout="inline" onFinish={activate} requiredMark={false}>
        <Form.Item name="code" rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('totp.codePattern') }]}>
          <Input
            placeholder={t('totp.code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            style={{ width: 160 }}
            data-testid="totp-code"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="totp-submit">
            {t('totp.submit')}
          </Button>
        </Form.Item>
      </Form>
      {submitError ? <Alert type="error" showIcon message={submitError} data-testid="totp-error" /> : null}
    </Space>
  );
}
