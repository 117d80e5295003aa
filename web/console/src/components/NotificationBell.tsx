/**
 * The header's bell: the unread count (polled each minute), and a popover with the recent
 * notifications; clicking one marks it read and opens the report it is about.
 */
import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Empty, List, Popover, Spin, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { listNotifications, markNotificationRead } from '../api/notifications.js';
import type { AppNotification } from '../api/notifications.js';
import { formatInstant } from '../lib/time.js';

const POLL_MS = 60_000;

/** Bell with unread badge and the recent notifications. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<AppNotification[] | null>(null);

  const refreshCount = useCallback(async () => {
    try {
      const page = await listNotifications({ unreadOnly: true, pageSize: 1 });
      setUnread(page.unread);
    } catch {
      // The badge is a hint; a failed poll keeps the last count.
    }
  }, []);

  useEffect(() => {
    void refreshCount();
    const timer = window.setInterval(() => void refreshCount(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [refreshCount]);

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    setItems(null);
    listNotifications({ pageSize: 10 }, controller.signal)
      .then((page) => {
        setItems(page.items);
        setUnread(page.unread);
      })
      .catch(() => {
        if (!controller.signal.aborted) setItems([]);
      });
    return () => controller.abort();
  }, [open]);

  const pick = async (n: AppNotification) => {
    setOpen(false);
    if (!n.read) {
      try {
        await markNotificationRead(n.id);
        setUnread((c) => Math.max(0, c - 1));
      } catch {
        // Opening the report matters more than the read mark.
      }
    }
    if (n.resourceType === 'report' && n.resourceId) void navigate(`/reports/${n.resourceId}`);
  };

  const content = (
    <div className="qf-notifications" data-testid="notif-list">
      {items === null ? (
        <Spin style={{ display: 'block', margin: '24px auto' }} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notification.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              className={n.read ? 'qf-notification' : 'qf-notification is-unread'}
              onClick={() => void pick(n)}
              data-testid="notif-item"
            >
              <List.Item.Meta
                title={
                  <Typography.Text strong={!n.read} ellipsis>
                    {n.title}
                  </Typography.Text>
                }
                description={
                  <>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                      {n.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatInstant(n.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      title={
        unread > 0
          ? `${t('notification.title')}（${t('notification.unread', { count: unread })}）`
          : t('notification.title')
      }
      content={content}
    >
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          icon={<BellOutlined style={{ fontSize: 18 }} />}
          aria-label={t('notification.title')}
          data-testid="notif-bell"
        />
      </Badge>
    </Popover>
  );
}
