/**
 * 角色分配: pick an account, see its role assignments with their data scopes, assign a role
 * with a scope (own_unit / unit_subtree / zone / custom / global for administrator roles) or
 * revoke one. Errors: ADMIN_ROLE_CONFLICT, SELF_ASSIGNMENT, INVALID_SCOPE.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { assignRole, listAssignments, listRoles, revokeAssignment } from '../../api/access.js';
import { errorMessage } from '../../api/request.js';
import { SCOPE_TYPES } from '../../api/types.js';
import type { Role, RoleAssignment, ScopeType, UserAccount } from '../../api/types.js';
import { UnitSelect, UserSelect, ZoneSelect } from '../../components/RemoteSelect.js';
import { formatInstant } from '../../lib/time.js';
import { RoleCode } from './RoleCode.js';

interface AssignValues {
  roleId: string;
  scopeType: ScopeType;
  scopeUnitId?: string;
  scopeZoneId?: string;
  unitIds?: string[];
}

/** Describes an assignment's scope in words. */
function ScopeText({ a }: { a: RoleAssignment }) {
  const { t } = useTranslation();
  const type = t(`role.scope.${a.scopeType}`);
  if (a.scopeType === 'zone') return <>{`${type}：${a.scopeZoneName ?? a.scopeZoneId ?? '—'}`}</>;
  if (a.scopeType === 'custom') return <>{`${type}（${a.unitIds?.length ?? 0}）`}</>;
  if (a.scopeType === 'global') return <>{type}</>;
  return <>{`${type}：${a.scopeUnitName ?? a.scopeUnitId ?? '—'}`}</>;
}

/** The assignments tab. */
export function AssignmentsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [userId, setUserId] = useState<string | null>(null);
  const [user, setUser] = useState<UserAccount | null>(null);
  const [items, setItems] = useState<RoleAssignment[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);
  const [form] = Form.useForm<AssignValues>();
  const roleId = Form.useWatch('roleId', form);
  const scopeType = Form.useWatch('scopeType', form);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const role = roles.find((r) => r.id === roleId);
  const isAdminRole = role !== undefined && role.kind !== 'business';

  useEffect(() => {
    listRoles()
      .then(setRoles)
      .catch((err: unknown) => setError(errorMessage(err)));
  }, []);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems(await listAssignments({ userId: userId ?? undefined }));
      setError(null);
    } catch (err) {
      setItems([]);
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [userId]);

  useEffect(() => {
    void load();
  }, [load]);

  // A role brings its default scope; administrator roles are global.
  useEffect(() => {
    if (!role) return;
    form.setFieldsValue({
      scopeType:
        role.kind !== 'business' ? 'global' : role.defaultScope === 'global' ? 'unit_subtree' : role.defaultScope,
    });
  }, [role, form]);

  useEffect(() => {
    if (
      (scopeType === 'own_unit' || scopeType === 'unit_subtree') &&
      user?.unitId &&
      !form.getFieldValue('scopeUnitId')
    ) {
      form.setFieldsValue({ scopeUnitId: user.unitId });
    }
  }, [scopeType, user, form]);

  const assign = async (values: AssignValues) => {
    if (!userId) {
      setFormError(t('role.assignment.pickUser'));
      return;
    }
    setSaving(true);
    setFormError(null);
    try {
      await assignRole({
        userId,
        roleId: values.roleId,
        scopeType: values.scopeType,
        ...(values.scopeType === 'own_unit' || values.scopeType === 'unit_subtree'
          ? { scopeUnitId: values.scopeUnitId }
          : {}),
        ...(values.scopeType === 'zone' ? { scopeZoneId: values.scopeZoneId } : {}),
        ...(values.scopeType === 'custom' ? { unitIds: values.unitIds ?? [] } : {}),
      });
      message.success(t('common.saved'));
      form.resetFields();
      void load();
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const revoke = async (assignment: RoleAssignment) => {
    try {
      await revokeAssignment(assignment.id);
      message.success(t('common.done'));
      void load();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const columns: TableColumnsType<RoleAssignment> = [
    { title: t('role.assignment.user'), dataIndex: 'username', width: 130 },
    {
      title: t('role.assignment.role'),
      dataIndex: 'roleName',
      width: 170,
      render: (name: string, a) => (
        <Space direction="vertical" size={0}>
          <span title={a.roleKey}>{name}</span>
          <RoleCode code={a.roleKey} />
        </Space>
      ),
    },
    { title: t('role.assignment.scope'), key: 'scope', render: (_, a) => <ScopeText a={a} /> },
    {
      title: t('role.assignment.createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      render: (v: string) => formatInstant(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, a) => (
        <Popconfirm
          title={t('role.assignment.confirmRevoke')}
          onConfirm={() => void revoke(a)}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
        >
          <Button type="link" size="small" danger data-testid={`assignment-revoke-${a.id}`}>
            {t('role.assignment.revoke')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  const scopeOptions = SCOPE_TYPES.map((s) => ({
    value: s,
    label: t(`role.scope.${s}`),
    disabled: s === 'global' ? !isAdminRole : isAdminRole,
  }));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('role.assignment.user')}</Typography.Text>
        <UserSelect
          value={userId}
          onChange={(v) => setUserId(v)}
          onPick={setUser}
          style={{ width: 300 }}
          data-testid="assignment-user"
        />
        {user ? (
          <Typography.Text type="secondary">
            {user.unitName ?? ''} {user.disabled ? <Tag>{t('user.disabled')}</Tag> : null}
          </Typography.Text>
        ) : null}
      </Space>

      <Card size="small" title={t('role.assignment.assign')}>
        {formError ? <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} /> : null}
        <Form<AssignValues> form={form} layout="inline" onFinish={(v) => void assign(v)} style={{ rowGap: 12 }}>
          <Form.Item name="roleId" label={t('role.assignment.role')} rules={[{ required: true }]}>
            <Select
              style={{ width: 200 }}
              showSearch
              optionFilterProp="label"
              options={roles.map((r) => ({ value: r.id, label: r.name }))}
              data-testid="assignment-role"
            />
          </Form.Item>
          <Form.Item name="scopeType" label={t('role.assignment.scopeType')} rules={[{ required: true }]}>
            <Select style={{ width: 150 }} options={scopeOptions} data-testid="assignment-scope-type" />
          </Form.Item>
          {scopeType === 'own_unit' || scopeType === 'unit_subtree' ? (
            <Form.Item name="scopeUnitId" label={t('role.assignment.scopeUnit')} rules={[{ required: true }]}>
              <UnitSelect
                style={{ width: 220 }}
                initialOptions={
                  user?.unitId && user.unitName ? [{ value: user.unitId, label: user.unitName }] : undefined
                }
              />
            </Form.Item>
          ) : null}
          {scopeType === 'zone' ? (
            <Form.Item name="scopeZoneId" label={t('role.assignment.scopeZone')} rules={[{ required: true }]}>
              <ZoneSelect style={{ width: 260 }} />
            </Form.Item>
          ) : null}
          {scopeType === 'custom' ? (
            <Form.Item
              name="unitIds"
              label={t('role.assignment.units')}
              rules={[{ required: true, type: 'array', min: 1 }]}
            >
              <UnitSelect<string[]> multiple style={{ width: 320 }} />
            </Form.Item>
          ) : null}
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              icon={<PlusOutlined />}
              loading={saving}
              disabled={!userId}
              data-testid="assignment-submit"
            >
              {t('role.assignment.assign')}
            </Button>
          </Form.Item>
        </Form>
        {scopeType === 'global' || isAdminRole ? (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('role.assignment.globalOnlyAdmin')}
          </Typography.Paragraph>
        ) : null}
      </Card>

      {error ? <Alert type="error" showIcon message={error} /> : null}
      <Table<RoleAssignment>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="assignments-table"
      />
    </Space>
  );
}
