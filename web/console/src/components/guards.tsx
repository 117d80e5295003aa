/** Route guards: a session is required, restrictions come first, and pages need their permission. */
import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../api/types.js';
import { restrictionPath, useSession } from '../auth/session.js';
import { FullPageSpin } from './FullPageSpin.js';

/** Renders children only for a signed-in user without a pending restriction. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <FullPageSpin />;
  if (session.status === 'anonymous') {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  const forced = restrictionPath(session.user);
  if (forced) return <Navigate to={forced} replace />;
  return <>{children}</>;
}

/** Renders children when the caller holds one of the permissions (or none is asked), else a 403 result. */
export function RequireAbility({ anyOf, children }: { anyOf: Permission[]; children: ReactNode }) {
  const session = useSession();
  if (anyOf.length === 0 || anyOf.some((permission) => session.can(permission))) return <>{children}</>;
  return <Forbidden />;
}

/** The "you may not open this page" result. */
export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('app.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** The "page not found" result. */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}
