/** Modals of account management: create an account, edit name/unit, reset a password. */
import { useEffect } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSaveAction } from '../../lib/useSaveAction.js';
import { createUser, resetUserPassword, updateUser } from '../../api/users.js';
import type { UserAccount } from '../../api/types.js';
import { PasswordPolicy } from '../../components/PasswordPolicy.js';
import { UnitSelect } from '../../components/RemoteSelect.js';
import { meetsPolicy } from '../../lib/password.js';

/** Validation rule shared by password fields: the client-side view of the policy. */
function policyRule(message: string) {
  return {
    validator: (_: unknown, value: string | undefined) =>
      !value || meetsPolicy(value) ? Promise.resolve() : Promise.reject(new Error(message)),
  };
}

interface CreateValues {
  username: string;
  displayName: string;
  unitId: string;
  password: string;
}

/** Creates an account (username, display name, unit, initial password). */
export function CreateUserModal({
  open,
  onClose,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const password = Form.useWatch('password', form) ?? '';
  const { saving, error, setError, run } = useSaveAction(onSaved);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);

  const save = async (values: CreateValues) => {
    await run(async () => {
      await createUser({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        unitId: values.unitId,
        password: values.password,
      });
    });
  };

  return (
    <Modal
      open={open}
      title={t('user.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'user-create-submit' }}
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Form<CreateValues> form={form} layout="vertical" onFinish={save}>
        <Form.Item
          name="username"
          label={t('user.username')}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_.-]{2,31}$/, message: t('user.usernamePattern') }]}
        >
          <Input autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={40} data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="unitId" label={t('user.unit')} rules={[{ required: true }]}>
          <UnitSelect />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('user.password')}
          rules={[{ required: true }, policyRule(t('password.weak'))]}
          extra={t('user.resetHint')}
        >
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
        <PasswordPolicy password={password} />
      </Form>
    </Modal>
  );
}

interface EditValues {
  displayName: string;
  unitId: string;
}

/** Changes an account's display name and unit. */
export function EditUserModal({
  user,
  onClose,
  onSaved,
}: {
  user: UserAccount | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const { saving, error, setError, run } = useSaveAction(onSaved);

  useEffect(() => {
    if (user) {
      setError(null);
      form.setFieldsValue({ displayName: user.displayName, unitId: user.unitId ?? undefined });
    }
  }, [user, form]);

  const save = async (values: EditValues) => {
    if (!user) return;
    await run(async () => {
      await updateUser(user.id, {
        displayName: values.displayName.trim(),
        unitId: values.unitId,
        ...(user.version !== undefined ? { version: user.version } : {}),
      });
    });
  };

  return (
    <Modal
      open={user !== null}
      title={`${t('user.editDisplayName')} · ${user?.username ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Form<EditValues> form={form} layout="vertical" onFinish={save}>
        <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="unitId" label={t('user.unit')} rules={[{ required: true }]}>
          <UnitSelect
            initialOptions={user?.unitId && user.unitName ? [{ value: user.unitId, label: user.unitName }] : undefined}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Sets a new password for someone else; they must change it at the next sign-in. */
export function ResetPasswordModal({
  user,
  onClose,
  onSaved,
}: {
  user: UserAccount | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const password = Form.useWatch('password', form) ?? '';
  const { saving, error, setError, run } = useSaveAction(onSaved, 'common.done');

  useEffect(() => {
    if (user) {
      form.resetFields();
      setError(null);
    }
  }, [user, form]);

  const save = async ({ password: value }: { password: string }) => {
    if (!user) return;
    await run(async () => {
      await resetUserPassword(user.id, value);
    });
  };

  return (
    <Modal
      open={user !== null}
      title={`${t('user.resetPassword')} · ${user?.username ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Form<{ password: string }> form={form} layout="vertical" onFinish={save}>
        <Form.Item
          name="password"
          label={t('user.newPassword')}
          rules={[{ required: true }, policyRule(t('password.weak'))]}
          extra={t('user.resetHint')}
        >
          <Input.Password autoComplete="new-password" data-testid="user-reset-password" />
        </Form.Item>
        <PasswordPolicy password={password} />
      </Form>
    </Modal>
  );
}
