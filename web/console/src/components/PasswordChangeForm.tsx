/** The change-password form (current + new + confirm) used by the forced page and by 个人设置. */
import { useState } from 'react';
import { App, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { changePassword } from '../api/auth.js';
import { errorMessage } from '../api/request.js';
import type { SessionPayload } from '../api/types.js';
import { meetsPolicy } from '../lib/password.js';
import { PasswordPolicy } from './PasswordPolicy.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Posts `/api/auth/password` and hands the fresh session to `onChanged`. */
export function PasswordChangeForm({ onChanged }: { onChanged: (payload: SessionPayload) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const payload = await changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      message.success(t('password.changed'));
      form.resetFields();
      onChanged(payload);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} style={{ maxWidth: 420 }}>
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('login.passwordRequired') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="pwd-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        rules={[
          { required: true, message: t('password.weak') },
          {
            validator: (_, value: string | undefined) =>
              !value || meetsPolicy(value) ? Promise.resolve() : Promise.reject(new Error(t('password.weak'))),
          },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="pwd-new" />
      </Form.Item>
      <PasswordPolicy password={newPassword} />
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.mismatch') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
        style={{ marginTop: 16 }}
      >
        <Input.Password autoComplete="new-password" data-testid="pwd-confirm" />
      </Form.Item>
      {error ? (
        <div className="qf-form-error" role="alert" data-testid="pwd-error">
          {error}
        </div>
      ) : null}
      <Form.Item style={{ marginBottom: 0 }}>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="pwd-submit">
          {t('password.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
