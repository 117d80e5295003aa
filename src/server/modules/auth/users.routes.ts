import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Bool,
  Id,
  IdParams,
  Instant,
  Int,
  Nullable,
  Obj,
  Ok,
  PageQuery,
  PagedOf,
  Str,
  errorResponses,
} from '../../http/schema.js';
import {
  createUser,
  listUsers,
  resetPassword,
  resetTotp,
  revokeUserSessions,
  unlockUser,
  updateUser,
} from './users.service.js';

const User = Obj(
  {
    id: Id('User id'),
    username: Str('Login name'),
    displayName: Str('Display name'),
    unitId: Nullable(Id('Unit')),
    unitName: Nullable(Str('Unit name')),
    disabled: Bool('Disabled'),
    locked: Bool('Locked after failed logins'),
    mustChangePassword: Bool('Must change password at next login'),
    totpEnabled: Bool('Second factor enrolled'),
    lastLoginAt: Nullable(Instant('Last successful login')),
    version: Int('Row version'),
    roles: Type.Array(
      Obj(
        {
          assignmentId: Id('Assignment id'),
          key: Str('Role key'),
          name: Str('Role name'),
          scopeType: Str('Data scope type'),
        },
        { description: 'Role held' },
      ),
      { description: 'Roles' },
    ),
  },
  { description: 'Account' },
);

const IdParam = IdParams('User id');
const USERNAME = '^[a-z][a-z0-9_.-]{2,31}$';

/** Account administration for the system administrator (三员: accounts, not business data). */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/users',
    {
      config: { access: { permission: 'user.read' } },
      schema: {
        tags: ['accounts'],
        summary: 'List accounts',
        querystring: Obj(
          { q: Type.Optional(Str('Username or name contains', { max: 40 })), ...PageQuery },
          { description: 'Filters' },
        ),
        response: { 200: PagedOf(User, 'Accounts'), ...errorResponses },
      },
    },
    async (req) => ({ ...(await listUsers(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.post(
    '/api/users',
    {
      config: { access: { permission: 'user.manage' } },
      schema: {
        tags: ['accounts'],
        summary: 'Create an account',
        body: Obj(
          {
            username: Str('Login name: lower-case letters, digits, _ . -', { pattern: USERNAME, max: 32 }),
            displayName: Str('Display name', { min: 1, max: 40 }),
            unitId: Type.Optional(Nullable(Id('Unit'))),
            password: Str('Initial password (changed at first login)', { min: 1, max: 256 }),
          },
          { description: 'New account' },
        ),
        response: { 201: Obj({ id: Id('New user id') }, { description: 'Created' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { id: await createUser(req.ctx, req.body) };
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: { permission: 'user.manage' } },
      schema: {
        tags: ['accounts'],
        summary: 'Edit an account',
        params: IdParam,
        body: Obj(
          {
            displayName: Type.Optional(Str('Display name', { min: 1, max: 40 })),
            unitId: Type.Optional(Nullable(Id('Unit'))),
            disabled: Type.Optional(Bool('Disable the account (ends its sessions)')),
            version: Type.Optional(Int('Version the edit is based on')),
          },
          { description: 'Changes' },
        ),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await updateUser(req.ctx, req.params.id, req.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/users/:id/password-reset',
    {
      config: { access: { permission: 'user.manage' } },
      schema: {
        tags: ['accounts'],
        summary: 'Set a new initial password',
        params: IdParam,
        body: Obj({ password: Str('New initial password', { min: 1, max: 256 }) }, { description: 'Password' }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await resetPassword(req.ctx, req.params.id, req.body.password);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/users/:id/unlock',
    {
      config: { access: { permission: 'user.manage' } },
      schema: {
        tags: ['accounts'],
        summary: 'Clear a lockout (an account without a second factor cannot clear its own); audited with the reason',
        params: IdParam,
        body: Obj(
          {
            reason: Str('Why the account is unlocked, e.g. how the owner was verified (kept in the audit log)', {
              min: 2,
              max: 500,
              pattern: '\\S',
            }),
          },
          { description: 'Unlock' },
        ),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await unlockUser(req.ctx, req.params.id, req.body.reason);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/users/:id/totp-reset',
    {
      config: { access: { permission: 'user.manage' } },
      schema: {
        tags: ['accounts'],
        summary: 'Clear the second factor (lost device)',
        params: IdParam,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await resetTotp(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/users/:id/session-revocation',
    {
      config: { access: { permission: 'user.manage' } },
      schema: {
        tags: ['accounts'],
        summary: 'End every session of the account',
        params: IdParam,
        response: { 200: Obj({ revoked: Int('Sessions ended') }, { description: 'Result' }), ...errorResponses },
      },
    },
    async (req) => ({ revoked: await revokeUserSessions(req.ctx, req.params.id) }),
  );
};
