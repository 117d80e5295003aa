import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, Enum, Id, IdParams, Instant, Nullable, Obj, Ok, Str, errorResponses } from '../../http/schema.js';
import { domainError } from '../../shared/errors.js';
import {
  SESSION_COOKIE,
  activateTotp,
  changePassword,
  currentSession,
  listOwnSessions,
  login,
  logout,
  revokeOwnSession,
  setupTotp,
} from './auth.service.js';
import { prepareDummyHash } from './password.js';

const SessionView = Obj(
  {
    user: Obj(
      {
        id: Id('User id'),
        username: Str('Login name'),
        displayName: Str('Display name'),
        unitId: Nullable(Id('Unit of the account')),
        unitName: Nullable(Str('Name of that unit')),
        roles: Type.Array(Obj({ key: Str('Role key'), name: Str('Role name') }, { description: 'Role' }), {
          description: 'Roles held',
        }),
        totpEnabled: Bool('Whether a second factor is enrolled'),
        restriction: Nullable(
          Enum(['password_change', 'totp_enrolment'] as const, 'What the account must do before anything else'),
        ),
      },
      { description: 'The signed-in user' },
    ),
    abilities: Type.Array(Str('Permission name'), {
      description: 'Permissions the caller holds (empty while restricted)',
    }),
    csrfToken: Str('Token to send in the x-csrf-token header of every state-changing request'),
  },
  { description: 'Session' },
);

/** Routes for signing in and out, password change, second factor and own sessions (capability C2). */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cookieOptions = () => ({ path: '/', httpOnly: true, sameSite: 'strict' as const });
  // The first unknown name must not be the one that pays for computing the dummy hash.
  await prepareDummyHash();

  app.post(
    '/api/auth/login',
    {
      config: {
        access: { public: true },
        rateLimit: {
          max: 20,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (req) => {
            const username = (req.body as { username?: unknown } | undefined)?.username;
            return `${req.ip}|${typeof username === 'string' ? username : ''}`;
          },
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in',
        body: Obj(
          {
            username: Str('Login name', { min: 1, max: 64 }),
            password: Str('Password', { min: 1, max: 256 }),
            totp: Type.Optional(Str('6-digit code from the authenticator app', { pattern: '^\\d{6}$', max: 6 })),
          },
          { description: 'Credentials' },
        ),
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token, ...view } = await login(req.ctx, req.body);
      void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(), secure: req.ctx.config.secureCookies });
      return view;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: { allowRestricted: true } },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 200: Ok, ...errorResponses } },
    },
    async (req, reply) => {
      await logout(req.ctx);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: { allowRestricted: true } },
      schema: { tags: ['auth'], summary: 'Current session', response: { 200: SessionView, ...errorResponses } },
    },
    async (req) => currentSession(req.ctx, req.sessionToken!),
  );

  app.post(
    '/api/auth/password',
    {
      config: {
        access: { allowRestricted: true },
        rateLimit: { max: 10, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Change own password',
        body: Obj(
          {
            currentPassword: Str('Current password', { min: 1, max: 256 }),
            newPassword: Str('New password: at least 10 characters, 3 of 4 classes', { min: 1, max: 256 }),
          },
          { description: 'Password change' },
        ),
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (req) => {
      await changePassword(req.ctx, req.body.currentPassword, req.body.newPassword);
      return currentSession({ ...req.ctx }, req.sessionToken!);
    },
  );

  app.post(
    '/api/auth/totp/setup',
    {
      config: { access: { allowRestricted: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Start second-factor enrolment',
        response: {
          200: Obj(
            {
              secret: Str('Base32 secret, shown once'),
              otpauthUrl: Str('otpauth:// URL for authenticator apps', { max: 500 }),
            },
            { description: 'New secret' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      // A second factor that is already active can only be replaced by an administrator reset.
      const me = await currentSession(req.ctx, req.sessionToken!);
      if (me.user.totpEnabled) throw domainError('TOTP_NOT_PENDING', undefined, '动态验证码已绑定');
      return setupTotp(req.ctx);
    },
  );

  app.post(
    '/api/auth/totp/activation',
    {
      config: { access: { allowRestricted: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Confirm second-factor enrolment with a code',
        body: Obj({ code: Str('6-digit code', { pattern: '^\\d{6}$', max: 6 }) }, { description: 'Code' }),
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (req) => {
      await activateTotp(req.ctx, req.body.code);
      return currentSession(req.ctx, req.sessionToken!);
    },
  );

  app.get(
    '/api/auth/sessions',
    {
      config: { access: { allowRestricted: true } },
      schema: {
        tags: ['auth'],
        summary: 'Own open sessions',
        response: {
          200: Obj(
            {
              items: Type.Array(
                Obj(
                  {
                    id: Id('Session id'),
                    createdAt: Instant('Opened at'),
                    lastSeenAt: Instant('Last request'),
                    current: Bool('Whether this is the session making the request'),
                  },
                  { description: 'Session' },
                ),
                { description: 'Sessions' },
              ),
            },
            { description: 'Sessions' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listOwnSessions(req.ctx) }),
  );

  app.delete(
    '/api/auth/sessions/:id',
    {
      config: { access: { allowRestricted: true } },
      schema: {
        tags: ['auth'],
        summary: 'Sign out one of own sessions',
        params: IdParams('Session id'),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await revokeOwnSession(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );
};
