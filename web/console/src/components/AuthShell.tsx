/** The centred card used by the login page and the forced password / TOTP pages. */
import type { ReactNode } from 'react';
import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.js';

/** Brand, language switch and a card holding `children`. */
export function AuthShell({ title, children, width = 420 }: { title: ReactNode; children: ReactNode; width?: number }) {
  const { t } = useTranslation();
  return (
    <div className="qf-auth">
      <div className="qf-auth-lang">
        <LanguageSwitch />
      </div>
      <Flex vertical align="center" gap={24} style={{ width: '100%' }}>
        <div className="qf-auth-brand">
          <span className="qf-logo">{t('app.name')}</span>
          <span className="qf-auth-subtitle">{t('app.subtitle')}</span>
        </div>
        <Card style={{ width, maxWidth: '100%' }}>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {title}
          </Typography.Title>
          {children}
        </Card>
      </Flex>
    </div>
  );
}
