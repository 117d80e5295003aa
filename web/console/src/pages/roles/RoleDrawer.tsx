/**
 * Create / edit a custom role: name, description, default scope and permissions grouped by
 * class. 三员分立: a role may hold one administrator class or business permissions, plus
 * reference reads; the drawer warns early and the server enforces it (ROLE_MIXES_ADMIN_PERMISSIONS).
 */
import { useEffect, useMemo } from 'react';
import { Alert, Checkbox, Divider, Form, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDrawer } from '../../components/FormDrawer.js';
import { useSaveAction } from '../../lib/useSaveAction.js';
import { createRole, updateRole } from '../../api/access.js';
import { SCOPE_TYPES } from '../../api/types.js';
import type { PermissionClass, PermissionInfo, Role, ScopeType } from '../../api/types.js';
import { permissionLabel } from './permission-label.js';

interface Values {
  key: string;
  name: string;
  description?: string;
  defaultScope: ScopeType;
  permissions: string[];
}

const CLASS_ORDER: PermissionClass[] = ['reference', 'business', 'system', 'security', 'audit'];

/** The role drawer: `role` null creates a new role. */
export function RoleDrawer({
  open,
  role,
  catalogue,
  onClose,
  onSaved,
}: {
  open: boolean;
  role: Role | null;
  catalogue: PermissionInfo[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const chosen = Form.useWatch('permissions', form) ?? [];
  const { saving, error, setError, run } = useSaveAction(onSaved);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (role) {
      form.setFieldsValue({
        key: role.key,
        name: role.name,
        description: role.description ?? undefined,
        defaultScope: role.defaultScope,
        permissions: role.permissions,
      });
    } else {
      form.setFieldsValue({ defaultScope: 'unit_subtree', permissions: [] });
    }
  }, [open, role, form]);

  const byClass = useMemo(() => {
    const groups = new Map<PermissionInfo['class'], PermissionInfo[]>();
    for (const permission of catalogue) {
      const list = groups.get(permission.class) ?? [];
      list.push(permission);
      groups.set(permission.class, list);
    }
    return CLASS_ORDER.filter((c) => groups.has(c)).map((c) => ({ cls: c, permissions: groups.get(c) ?? [] }));
  }, [catalogue]);

  const mixed = useMemo(() => {
    const classes = new Set(
      chosen.map((name) => catalogue.find((p) => p.name === name)?.class).filter((c) => c && c !== 'reference'),
    );
    return classes.size > 1;
  }, [chosen, catalogue]);

  const save = async (values: Values) => {
    await run(async () => {
      if (role) {
        await updateRole(role.id, {
          name: values.name.trim(),
          permissions: values.permissions,
          description: values.description?.trim() || null,
        });
      } else {
        await createRole({
          key: values.key.trim(),
          name: values.name.trim(),
          permissions: values.permissions,
          defaultScope: values.defaultScope,
          ...(values.description?.trim() ? { description: values.description.trim() } : {}),
        });
      }
    });
  };

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      width={560}
      title={role ? `${t('role.edit')} · ${role.name}` : t('role.create')}
      saving={saving}
      error={error}
      onSave={() => form.submit()}
      saveTestId="role-save"
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="key"
          label={t('role.key')}
          extra={role ? undefined : t('role.keyPattern')}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{2,39}$/, message: t('role.keyPattern') }]}
        >
          <Input disabled={role !== null} data-testid="role-key" />
        </Form.Item>
        <Form.Item name="name" label={t('role.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={50} data-testid="role-name" />
        </Form.Item>
        <Form.Item name="defaultScope" label={t('role.defaultScope')} rules={[{ required: true }]}>
          <Select
            disabled={role !== null}
            options={SCOPE_TYPES.map((s) => ({ value: s, label: t(`role.scope.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="description" label={t('role.description')}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('role.separationHint')}</Typography.Paragraph>
        {mixed ? (
          <Alert
            type="warning"
            showIcon
            message={t('errors.ROLE_MIXES_ADMIN_PERMISSIONS')}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Form.Item name="permissions" rules={[{ required: true, type: 'array', min: 1 }]}>
          <Checkbox.Group style={{ width: '100%' }}>
            <div style={{ width: '100%' }}>
              {byClass.map(({ cls, permissions }) => (
                <div key={cls}>
                  <Divider orientation="left" plain style={{ margin: '8px 0' }}>
                    {t(`role.permissionClass.${cls}`)}
                  </Divider>
                  <Space wrap size={[16, 4]}>
                    {permissions.map((permission) => (
                      <Checkbox key={permission.name} value={permission.name} data-testid={`perm-${permission.name}`}>
                        {permissionLabel(permission.name, catalogue)}
                        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
                          {permission.name}
                        </Typography.Text>
                      </Checkbox>
                    ))}
                  </Space>
                </div>
              ))}
            </div>
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
