/**
 * Sign-in: username and password; when the server answers TOTP_REQUIRED, a 6-digit code field
 * appears and the form is sent again with `totp` (on a locked account it says that the code
 * unlocks it). LOGIN_THROTTLED says how many seconds to wait. Afterwards the user goes to the page
 * their restriction demands, or to where they came from.
 */
import { useRef, useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import type { InputRef } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { login } from '../../api/auth.js';
import { ApiError, errorMessage } from '../../api/request.js';
import { restrictionPath, safeNext, useSession } from '../../auth/session.js';
import { AuthShell } from '../../components/AuthShell.js';

interface Values {
  username: string;
  password: string;
  totp?: string;
}

/** The login page. */
export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [needTotp, setNeedTotp] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lockedHint, setLockedHint] = useState(false);
  const totpRef = useRef<InputRef>(null);
  const next = safeNext(params.get('next'));

  if (session.status === 'authenticated' && !submitting) {
    return <Navigate to={restrictionPath(session.user) ?? next} replace />;
  }

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const body: Values = { username: values.username.trim(), password: values.password };
      if (needTotp && values.totp) body.totp = values.totp.trim();
      const payload = await login(body);
      session.accept(payload);
      void navigate(restrictionPath(payload.user) ?? next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TOTP_REQUIRED') {
        setNeedTotp(true);
        setLockedHint((err.details as { locked?: boolean } | undefined)?.locked === true);
        setError(null);
        window.setTimeout(() => totpRef.current?.focus(), 0);
      } else {
        if (err instanceof ApiError && err.code === 'TOTP_INVALID') form.setFieldValue('totp', '');
        const wait =
          err instanceof ApiError && err.code === 'LOGIN_THROTTLED'
            ? (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds
            : undefined;
        setError(wait ? t('login.throttled', { seconds: wait }) : errorMessage(err));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthShell title={t('login.title')}>
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="login-form">
        <Form.Item
          name="username"
          label={t('login.username')}
          rules={[{ required: true, message: t('login.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        {needTotp && lockedHint ? (
          <Alert
            type="warning"
            showIcon
            message={t('login.lockedTotpHint')}
            style={{ marginBottom: 16 }}
            data-testid="login-locked"
          />
        ) : null}
        {needTotp ? (
          <Form.Item
            name="totp"
            label={t('login.totp')}
            extra={t('login.totpHint')}
            rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.totpRequired') }]}
          >
            <Input
              ref={totpRef}
              prefix={<SafetyOutlined />}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              data-testid="login-totp"
            />
          </Form.Item>
        ) : null}
        {error ? (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        ) : null}
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
        {t('login.footer')}
      </Typography.Paragraph>
    </AuthShell>
  );
}
