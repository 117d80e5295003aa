/** The forced "绑定动态验证码" page shown while `user.restriction === 'totp_enrolment'`. */
import { Alert } from 'antd';
import { Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { restrictionPath, useSession } from '../../auth/session.js';
import { AuthShell } from '../../components/AuthShell.js';
import { FullPageSpin } from '../../components/FullPageSpin.js';
import { TotpSetup } from '../../components/TotpSetup.js';

/** Forced TOTP enrolment; after activation reloads `/api/auth/me` and enters the console. */
export function TotpEnrolmentPage() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status === 'loading') return <FullPageSpin />;
  if (session.status === 'anonymous') return <Navigate to="/login" replace />;
  if (session.user?.restriction !== 'totp_enrolment') {
    return <Navigate to={restrictionPath(session.user) ?? '/'} replace />;
  }
  return (
    <AuthShell title={t('totp.title')} width={560}>
      <Alert type="warning" showIcon message={t('totp.forcedHint')} style={{ marginBottom: 16 }} />
      <TotpSetup
        onActivated={async (payload) => {
          // Reload /api/auth/me; once the restriction is gone this page redirects by itself.
          const me = await session.refresh();
          if (!me) session.accept(payload);
        }}
      />
    </AuthShell>
  );
}
