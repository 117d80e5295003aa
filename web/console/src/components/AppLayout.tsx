/**
 * The console frame: a left menu driven only by the caller's abilities, a header with the
 * user's name, unit, roles, the language switch and 退出登录, and the page in the middle. On a
 * phone (below antd's `md`) the menu folds away entirely behind its tab, and folds again after
 * each move, so a village contact's page has the whole width.
 */
import { useEffect, useState } from 'react';
import { Button, Flex, Grid, Layout, Menu, Tag, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session.js';
import { menuEntryFor, visibleMenu } from '../auth/menu.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { NotificationBell } from './NotificationBell.js';

/** Layout with menu and header around the routed page. */
export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const screens = Grid.useBreakpoint();
  // Before the first measure `md` is undefined: a desktop until told otherwise.
  const phone = screens.md === false;
  useEffect(() => {
    if (phone) setCollapsed(true);
  }, [phone, location.pathname]);
  const entries = visibleMenu(session.can);
  const selected = menuEntryFor(location.pathname)?.key;
  const user = session.user;

  return (
    <Layout className="qf-shell">
      <Layout.Sider
        width={200}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        collapsedWidth={phone ? 0 : 80}
        breakpoint="lg"
        theme="dark"
        className="qf-sider"
      >
        <div className="qf-sider-brand" title={t('app.subtitle')}>
          <span className="qf-logo">{collapsed ? t('app.name').slice(0, 1) : t('app.name')}</span>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          data-testid="main-menu"
          items={entries.map((entry) => ({
            key: entry.key,
            icon: entry.icon,
            label: (
              <Link to={entry.path} data-testid={`menu-${entry.key}`}>
                {t(`menu.${entry.key}`)}
              </Link>
            ),
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="qf-header">
          <Typography.Text className="qf-header-title" ellipsis>
            {t('app.subtitle')}
          </Typography.Text>
          <Flex align="center" gap={12} className="qf-header-user">
            <Flex align="center" gap={6} data-testid="header-user">
              <UserOutlined />
              <Typography.Text strong data-testid="header-display-name">
                {user?.displayName}
              </Typography.Text>
              <Typography.Text type="secondary" data-testid="header-unit" ellipsis style={{ maxWidth: 220 }}>
                {user?.unitName ?? t('header.noUnit')}
              </Typography.Text>
            </Flex>
            <Flex gap={4} wrap={false} data-testid="header-roles" className="qf-header-roles">
              {user && user.roles.length > 0 ? (
                user.roles.map((role) => (
                  <Tag key={role.key} color="red" style={{ marginInlineEnd: 0 }}>
                    {role.name}
                  </Tag>
                ))
              ) : (
                <Tag>{t('header.noRole')}</Tag>
              )}
            </Flex>
            <NotificationBell />
            <LanguageSwitch />
            <Button
              icon={<LogoutOutlined />}
              onClick={() => void session.logout()}
              aria-label={t('header.logout')}
              title={t('header.logout')}
              data-testid="logout"
            >
              <span className="qf-hide-xs">{t('header.logout')}</span>
            </Button>
          </Flex>
        </Layout.Header>
        <Layout.Content className="qf-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
