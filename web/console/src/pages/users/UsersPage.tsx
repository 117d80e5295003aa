/** 账号管理: accounts with server paging; create, edit, disable/enable, unlock, reset password, revoke sessions. */
import { useState } from 'react';
import { App, Button, Dropdown, Form, Input, Space, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/request.js';
import { listUsers, resetUserTotp, revokeUserSessions, updateUser } from '../../api/users.js';
import type { UserAccount } from '../../api/types.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { CreateUserModal, EditUserModal, ResetPasswordModal } from './UserModals.js';
import { UnlockModal } from './UnlockModal.js';

interface Filters {
  q?: string;
}

/** The account management page. */
export function UsersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Filters>();
  const list = useListPage({ fetchPage: listUsers });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserAccount | null>(null);
  const [resetting, setResetting] = useState<UserAccount | null>(null);
  const [unlocking, setUnlocking] = useState<UserAccount | null>(null);

  /** Runs an account action after confirmation, then reloads the list. */
  const act = (title: string, run: () => Promise<unknown>) => {
    modal.confirm({
      title,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await run();
          message.success(t('common.done'));
          list.reload();
        } catch (err) {
          message.error(errorMessage(err));
        }
      },
    });
  };

  const columns: TableColumnsType<UserAccount> = [
    { title: t('user.username'), dataIndex: 'username', width: 110, fixed: 'left' },
    { title: t('user.displayName'), dataIndex: 'displayName', width: 90 },
    { title: t('user.unit'), dataIndex: 'unitName', width: 160, ellipsis: true },
    {
      title: t('user.roles'),
      dataIndex: 'roles',
      width: 180,
      render: (roles: UserAccount['roles']) => (
        <Space size={[0, 4]} wrap>
          {roles.map((role) => (
            <Tooltip key={role.assignmentId} title={t(`role.scope.${role.scopeType}`)}>
              <Tag>{role.name}</Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    {
      title: t('user.state'),
      key: 'state',
      width: 140,
      render: (_, user) => (
        <Space size={[0, 4]} wrap>
          {user.disabled ? (
            <Tag color="default">{t('user.disabled')}</Tag>
          ) : (
            <Tag color="green">{t('user.enabledState')}</Tag>
          )}
          {user.locked ? <Tag color="red">{t('user.locked')}</Tag> : null}
          {user.mustChangePassword ? <Tag color="orange">{t('user.mustChangePassword')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('user.totp'),
      dataIndex: 'totpEnabled',
      width: 90,
      render: (v: boolean) => (v ? <Tag color="blue">{t('user.totpOn')}</Tag> : '—'),
    },
    {
      title: t('user.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      width: 130,
      render: (v: string | null) => formatInstant(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, user) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(user)}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => setResetting(user)}
            data-testid={`user-reset-${user.username}`}
          >
            {t('user.resetPassword')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                user.disabled
                  ? { key: 'enable', label: t('user.enable') }
                  : { key: 'disable', label: t('user.disable'), danger: true },
                {
                  key: 'unlock',
                  label: <span data-testid={`user-unlock-${user.username}`}>{t('user.unlock')}</span>,
                  disabled: !user.locked,
                },
                { key: 'totp-reset', label: t('user.resetTotp'), disabled: !user.totpEnabled },
                { key: 'revoke', label: t('user.revokeSessions') },
              ],
              onClick: ({ key }) => {
                const name = user.displayName || user.username;
                if (key === 'disable') {
                  act(t('user.confirmDisable', { name }), () =>
                    updateUser(user.id, {
                      disabled: true,
                      ...(user.version !== undefined ? { version: user.version } : {}),
                    }),
                  );
                } else if (key === 'enable') {
                  act(t('user.confirmEnable', { name }), () =>
                    updateUser(user.id, {
                      disabled: false,
                      ...(user.version !== undefined ? { version: user.version } : {}),
                    }),
                  );
                } else if (key === 'unlock') {
                  setUnlocking(user);
                } else if (key === 'totp-reset') {
                  act(t('user.confirmResetTotp', { name }), () => resetUserTotp(user.id));
                } else if (key === 'revoke') {
                  act(t('user.confirmRevoke', { name }), () => revokeUserSessions(user.id));
                }
              },
            }}
          >
            <Button type="link" size="small" data-testid={`user-more-${user.username}`}>
              <DownOutlined />
            </Button>
          </Dropdown>
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('user.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
          {t('user.create')}
        </Button>
      }
    >
      <FilterBar<Filters> form={form} onSearch={list.search} onReset={list.reset}>
        <Form.Item name="q" label={t('common.keyword')}>
          <Input allowClear placeholder={t('user.searchPlaceholder')} style={{ width: 220 }} data-testid="filter-q" />
        </Form.Item>
      </FilterBar>
      <ListTable list={list} columns={columns} scrollX={1040} testId="users-table" />
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          list.reload();
        }}
      />
      <EditUserModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
      <UnlockModal
        user={unlocking}
        onClose={() => setUnlocking(null)}
        onSaved={() => {
          setUnlocking(null);
          list.reload();
        }}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onSaved={() => {
          setResetting(null);
          list.reload();
        }}
      />
    </PageContainer>
  );
}
