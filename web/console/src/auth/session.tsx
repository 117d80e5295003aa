/**
 * The signed-in session: who the user is and what they may do (`abilities`). The console hides
 * what a person may not do; the server stays the authority.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { fetchMe, logout as signOut } from '../api/auth.js';
import { ApiError, setCsrfToken, setRestrictedHandler, setUnauthenticatedHandler } from '../api/request.js';
import type { Permission, SessionPayload, SessionUser } from '../api/types.js';

/** Where the session stands. */
export type SessionStatus = 'loading' | 'anonymous' | 'authenticated';

/** What the session context offers. */
export interface SessionValue {
  status: SessionStatus;
  user: SessionUser | null;
  abilities: ReadonlySet<Permission>;
  /** Whether the caller holds a permission. */
  can: (permission: Permission) => boolean;
  /** Stores a fresh login/me/password/TOTP answer. */
  accept: (payload: SessionPayload) => void;
  /** Reloads `/api/auth/me`; resolves to the new payload or null when signed out. */
  refresh: () => Promise<SessionPayload | null>;
  /** Signs out on the server and reloads the login page. */
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Path of the page a user with a restriction must complete first, or null. */
export function restrictionPath(user: SessionUser | null): string | null {
  if (user?.restriction === 'password_change') return '/password-change';
  if (user?.restriction === 'totp_enrolment') return '/totp-enrolment';
  return null;
}

/** Returns a same-origin path from a `next` parameter, or '/' when it is missing or unsafe. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

/** Provides the session to the whole console; must sit inside the router. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [payload, setPayload] = useState<SessionPayload | null>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const locationRef = useRef(location);
  locationRef.current = location;

  const accept = useCallback((next: SessionPayload) => {
    setCsrfToken(next.csrfToken);
    setPayload(next);
    setStatus('authenticated');
  }, []);

  const clear = useCallback(() => {
    setCsrfToken(null);
    setPayload(null);
    setStatus('anonymous');
  }, []);

  const refresh = useCallback(async (): Promise<SessionPayload | null> => {
    try {
      const me = await fetchMe();
      accept(me);
      return me;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        clear();
        return null;
      }
      throw err;
    }
  }, [accept, clear]);

  const logout = useCallback(async () => {
    try {
      await signOut();
    } catch {
      // Signing out locally is what matters; the server session expires anyway.
    }
    // A full page load drops every in-memory trace of the session (CSRF token, cached lists)
    // and keeps the guard from remembering this page as the place to come back to.
    clear();
    window.location.replace('/login');
  }, [clear]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      clear();
      const here = locationRef.current;
      if (!here.pathname.startsWith('/login')) {
        const next = encodeURIComponent(`${here.pathname}${here.search}`);
        void navigate(`/login?next=${next}`, { replace: true });
      }
    });
    setRestrictedHandler(() => {
      void refresh();
    });
    return () => {
      setUnauthenticatedHandler(null);
      setRestrictedHandler(null);
    };
  }, [clear, navigate, refresh]);

  useEffect(() => {
    // On the login page the answer would only be a 401; skip the round trip there.
    if (locationRef.current.pathname.startsWith('/login')) {
      setStatus('anonymous');
      return;
    }
    refresh().catch(() => clear());
  }, [refresh, clear]);

  const value = useMemo<SessionValue>(() => {
    const abilities = new Set<Permission>(payload?.abilities ?? []);
    return {
      status,
      user: payload?.user ?? null,
      abilities,
      can: (permission: Permission) => abilities.has(permission),
      accept,
      refresh,
      logout,
    };
  }, [status, payload, accept, refresh, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The current session; throws outside `SessionProvider`. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside SessionProvider');
  return value;
}
