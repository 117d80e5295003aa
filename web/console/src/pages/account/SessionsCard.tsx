/** The caller's own sessions, with "下线" for each other one and "下线其他会话". */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { deleteSession, listSessions } from '../../api/auth.js';
import { errorMessage } from '../../api/request.js';
import type { SessionItem } from '../../api/types.js';
import { formatInstant } from '../../lib/time.js';

/** Lists `/api/auth/sessions` and deletes the chosen ones. */
export function SessionsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [items, setItems] = useState<SessionItem[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems(await listSessions());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const signOut = async (ids: string[]) => {
    try {
      for (const id of ids) await deleteSession(id);
      message.success(t('sessions.signedOut'));
    } catch (err) {
      message.error(errorMessage(err));
    }
    void load();
  };

  const others = items.filter((s) => !s.current);
  const columns: TableColumnsType<SessionItem> = [
    { title: t('sessions.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
    { title: t('sessions.lastSeenAt'), dataIndex: 'lastSeenAt', render: (v: string) => formatInstant(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, s) =>
        s.current ? (
          <Tag color="green">{t('sessions.thisSession')}</Tag>
        ) : (
          <Button type="link" size="small" danger onClick={() => void signOut([s.id])}>
            {t('sessions.signOut')}
          </Button>
        ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('sessions.title')}
      extra={
        <Popconfirm
          title={t('sessions.confirmOthers')}
          onConfirm={() => void signOut(others.map((s) => s.id))}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          disabled={others.length === 0}
        >
          <Button size="small" danger disabled={others.length === 0} data-testid="sessions-sign-out-others">
            {t('sessions.signOutOthers')}
          </Button>
        </Popconfirm>
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Table<SessionItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={false}
        data-testid="sessions-table"
      />
    </Card>
  );
}
