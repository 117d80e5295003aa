/** The forced "修改密码" page shown while `user.restriction === 'password_change'`. */
import { Alert } from 'antd';
import { Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { restrictionPath, useSession } from '../../auth/session.js';
import { AuthShell } from '../../components/AuthShell.js';
import { PasswordChangeForm } from '../../components/PasswordChangeForm.js';
import { FullPageSpin } from '../../components/FullPageSpin.js';

/** Forced password change; afterwards goes on to TOTP enrolment or the console. */
export function PasswordChangePage() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status === 'loading') return <FullPageSpin />;
  if (session.status === 'anonymous') return <Navigate to="/login" replace />;
  if (session.user?.restriction !== 'password_change') {
    return <Navigate to={restrictionPath(session.user) ?? '/'} replace />;
  }
  return (
    <AuthShell title={t('password.title')} width={480}>
      <Alert type="warning" showIcon message={t('password.forcedHint')} style={{ marginBottom: 16 }} />
      <PasswordChangeForm
        onChanged={(payload) => {
          // The new session has no password restriction, so this page redirects by itself.
          session.accept(payload);
        }}
      />
    </AuthShell>
  );
}
