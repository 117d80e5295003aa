/** 个人设置: profile, change password, set up TOTP, and the caller's own sessions. */
import { useState } from 'react';
import { Button, Card, Col, Descriptions, Row, Space, Tag } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { PasswordChangeForm } from '../../components/PasswordChangeForm.js';
import { TotpSetup } from '../../components/TotpSetup.js';
import { SessionsCard } from './SessionsCard.js';

/** The account page. */
export function AccountPage() {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.user;
  const [settingUpTotp, setSettingUpTotp] = useState(false);

  return (
    <PageContainer title={t('account.title')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('account.profile')}>
              <Descriptions column={1} size="small" data-testid="account-profile">
                <Descriptions.Item label={t('account.username')}>{user?.username}</Descriptions.Item>
                <Descriptions.Item label={t('account.displayName')}>{user?.displayName}</Descriptions.Item>
                <Descriptions.Item label={t('account.unit')}>{user?.unitName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('account.roles')}>
                  <Space size={[0, 4]} wrap>
                    {user?.roles.map((role) => (
                      <Tag key={role.key}>{role.name}</Tag>
                    ))}
                  </Space>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={t('password.title')}>
              <PasswordChangeForm onChanged={(payload) => session.accept(payload)} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={12}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card
              size="small"
              title={t('totp.title')}
              extra={
                user?.totpEnabled ? <Tag color="green">{t('totp.enabled')}</Tag> : <Tag>{t('totp.notEnabled')}</Tag>
              }
            >
              {settingUpTotp ? (
                <TotpSetup
                  onActivated={async (payload) => {
                    session.accept(payload);
                    await session.refresh();
                    setSettingUpTotp(false);
                  }}
                />
              ) : (
                <Button
                  icon={<SafetyOutlined />}
                  onClick={() => setSettingUpTotp(true)}
                  data-testid="account-totp-setup"
                >
                  {user?.totpEnabled ? t('totp.rebind') : t('totp.setup')}
                </Button>
              )}
            </Card>
            <SessionsCard />
          </Space>
        </Col>
      </Row>
    </PageContainer>
  );
}
