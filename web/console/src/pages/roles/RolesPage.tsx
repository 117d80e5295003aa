/** 角色权限: roles with their permissions, custom role editing, and per-user role assignments. */
import { useEffect, useState } from 'react';
import { Alert, Button, Popover, Space, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { listPermissions, listRoles } from '../../api/access.js';
import { errorMessage } from '../../api/request.js';
import type { PermissionInfo, Role } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { useListPage } from '../../lib/useListPage.js';
import { AssignmentsTab } from './AssignmentsTab.js';
import { permissionLabel } from './permission-label.js';
import { RoleDrawer } from './RoleDrawer.js';
import { RoleCode } from './RoleCode.js';

const KIND_COLOURS: Record<Role['kind'], string> = {
  system_admin: 'purple',
  security_admin: 'geekblue',
  audit_admin: 'cyan',
  business: 'default',
};

/** The roles page. */
export function RolesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = session.can('role.manage');
  const list = useListPage({ fetchPage: async (_query, signal) => ({ items: await listRoles(signal) }), pageSize: 50 });
  const [catalogue, setCatalogue] = useState<PermissionInfo[]>([]);
  const [catalogueError, setCatalogueError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Role | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);

  useEffect(() => {
    listPermissions()
      .then(setCatalogue)
      .catch((err: unknown) => setCatalogueError(errorMessage(err)));
  }, []);

  const columns: TableColumnsType<Role> = [
    {
      title: t('role.name'),
      dataIndex: 'name',
      width: 170,
      render: (name: string, role) => (
        <Space direction="vertical" size={0}>
          <span title={role.key}>{name}</span>
          <RoleCode code={role.key} />
        </Space>
      ),
    },
    {
      title: t('role.kind.label'),
      dataIndex: 'kind',
      width: 120,
      render: (kind: Role['kind'], role) => (
        <Space size={[0, 4]} wrap>
          <Tag color={KIND_COLOURS[kind]}>{t(`role.kind.${kind}`)}</Tag>
          {role.builtin ? <Tag>{t('role.builtin')}</Tag> : <Tag color="gold">{t('role.custom')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('role.defaultScope'),
      dataIndex: 'defaultScope',
      width: 110,
      render: (s: Role['defaultScope']) => t(`role.scope.${s}`),
    },
    {
      title: t('role.permissions'),
      dataIndex: 'permissions',
      render: (permissions: string[]) => (
        <Space size={[0, 4]} wrap>
          {permissions.slice(0, 6).map((name) => (
            <Tag key={name} title={name}>
              {permissionLabel(name, catalogue)}
            </Tag>
          ))}
          {permissions.length > 6 ? (
            <Popover
              content={
                <Space size={[0, 4]} wrap style={{ maxWidth: 360 }}>
                  {permissions.map((name) => (
                    <Tag key={name}>{permissionLabel(name, catalogue)}</Tag>
                  ))}
                </Space>
              }
            >
              <Tag color="blue">+{permissions.length - 6}</Tag>
            </Popover>
          ) : null}
        </Space>
      ),
    },
    { title: t('role.userCount'), dataIndex: 'userCount', width: 80, align: 'right' },
    {
      title: t('role.description'),
      dataIndex: 'description',
      width: 200,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_, role) =>
        role.builtin ? null : (
          <Button
            type="link"
            size="small"
            onClick={() => {
              setEditing(role);
              setDrawerOpen(true);
            }}
          >
            {t('common.edit')}
          </Button>
        ),
    });
  }

  const rolesTab = (
    <>
      {list.error ? <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} /> : null}
      {catalogueError ? <Alert type="warning" showIcon message={catalogueError} style={{ marginBottom: 12 }} /> : null}
      <Table<Role>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 1000 }}
        data-testid="roles-table"
      />
    </>
  );

  return (
    <PageContainer
      title={t('role.title')}
      extra={
        canManage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setEditing(null);
              setDrawerOpen(true);
            }}
            data-testid="role-create"
          >
            {t('role.create')}
          </Button>
        ) : null
      }
    >
      <Tabs
        items={[
          { key: 'roles', label: t('role.roles'), children: rolesTab },
          ...(session.can('role.assign')
            ? [{ key: 'assignments', label: t('role.assignments'), children: <AssignmentsTab /> }]
            : []),
        ]}
      />
      <RoleDrawer
        open={drawerOpen}
        role={editing}
        catalogue={catalogue}
        onClose={() => setDrawerOpen(false)}
        onSaved={() => {
          setDrawerOpen(false);
          list.reload();
        }}
      />
    </PageContainer>
  );
}
