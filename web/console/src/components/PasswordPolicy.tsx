/** Shows the password policy, ticking each rule the typed password already meets. */
import { Flex, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { checkPassword } from '../lib/password.js';

/** The policy list (≥10 characters; 3 of 4 classes) with live ticks for `password`. */
export function PasswordPolicy({ password }: { password: string }) {
  const { t } = useTranslation();
  const check = checkPassword(password);
  const rule = (ok: boolean, text: string) => (
    <Flex gap={6} align="center">
      {ok ? <CheckCircleFilled style={{ color: '#389e0d' }} /> : <CloseCircleOutlined style={{ color: '#bfbfbf' }} />}
      <Typography.Text type={ok ? 'success' : 'secondary'}>{text}</Typography.Text>
    </Flex>
  );
  return (
    <div className="qf-policy" data-testid="pwd-policy">
      <Typography.Text strong>{t('password.policyTitle')}</Typography.Text>
      {rule(check.length, t('password.policyLength'))}
      {rule(check.classes, t('password.policyClasses'))}
    </div>
  );
}
