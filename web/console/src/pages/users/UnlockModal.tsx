/**
 * Unlocking an account locked after too many failed sign-ins: the system administrator states why
 * (how the owner was verified); the reason goes into the audit log and the security
 * administrator's workbench. Accounts with a second factor can clear their own lock.
 */
import { useEffect } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSaveAction } from '../../lib/useSaveAction.js';
import { unlockUser } from '../../api/users.js';
import type { UserAccount } from '../../api/types.js';

/** The unlock dialog for `user` (closed when null). */
export function UnlockModal({
  user,
  onClose,
  onSaved,
}: {
  user: UserAccount | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const { saving, error, setError, run } = useSaveAction(onSaved, 'common.done');

  useEffect(() => {
    if (user) {
      form.resetFields();
      setError(null);
    }
  }, [user, form]);

  const save = async ({ reason }: { reason: string }) => {
    if (!user) return;
    await run(async () => {
      await unlockUser(user.id, reason.trim());
    });
  };

  return (
    <Modal
      open={user !== null}
      title={`${t('user.unlock')} · ${user ? user.displayName || user.username : ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('user.unlock')}
      okButtonProps={{ 'data-testid': 'user-unlock-submit' }}
      confirmLoading={saving}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={user?.totpEnabled ? t('user.unlockTotpHint') : t('user.unlockNoTotpHint')}
      />
      <Form<{ reason: string }> form={form} layout="vertical" onFinish={save}>
        <Form.Item
          name="reason"
          label={t('user.unlockReason')}
          rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}
          extra={t('user.unlockReasonHint')}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="user-unlock-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
