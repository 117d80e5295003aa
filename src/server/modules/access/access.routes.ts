import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, Enum, Id, IdParams, Instant, Int, Nullable, Obj, Ok, Str, errorResponses } from '../../http/schema.js';
import { PERMISSIONS, SCOPE_TYPES } from './permissions.js';
import { ROLE_KINDS } from '../../shared/access.codes.js';
import { assignRole, createRole, listAssignments, listRoles, revokeAssignment, updateRole } from './roles.service.js';

const Role = Obj(
  {
    id: Id('Role id'),
    key: Str('Stable key'),
    name: Str('Name'),
    kind: Enum(ROLE_KINDS, 'Duty the role belongs to'),
    builtin: Bool('Built-in (not editable)'),
    defaultScope: Enum(SCOPE_TYPES, 'Scope used when an assignment names none'),
    permissions: Type.Array(Str('Permission'), { description: 'Permissions' }),
    description: Nullable(Str('Description', { max: 200 })),
    userCount: Int('Assignments of this role'),
  },
  { description: 'Role' },
);

const Assignment = Obj(
  {
    id: Id('Assignment id'),
    userId: Id('Account'),
    username: Str('Login name'),
    roleId: Id('Role'),
    roleKey: Str('Role key'),
    roleName: Str('Role name'),
    scopeType: Enum(SCOPE_TYPES, 'Data scope type'),
    scopeUnitId: Nullable(Id('Unit of an own-unit or subtree scope')),
    scopeUnitName: Nullable(Str('Name of that unit')),
    scopeZoneId: Nullable(Id('Zone of a zone scope')),
    scopeZoneName: Nullable(Str('Name of that zone')),
    unitIds: Type.Array(Id('Unit'), { description: 'Units of a custom scope' }),
    createdAt: Instant('Granted at'),
  },
  { description: 'Role assignment' },
);

const PermissionList = Type.Array(Str('Permission name', { max: 40 }), { description: 'Permissions', maxItems: 100 });

/** Roles, permissions and assignments for the security administrator. */
export const accessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/permissions',
    {
      config: { access: { permission: 'role.read' } },
      schema: {
        tags: ['access'],
        summary: 'Permission catalogue',
        response: {
          200: Obj(
            {
              items: Type.Array(
                Obj(
                  { name: Str('Permission'), class: Str('Duty class'), label: Str('Chinese label') },
                  { description: 'Permission' },
                ),
                { description: 'Permissions' },
              ),
            },
            { description: 'Catalogue' },
          ),
          ...errorResponses,
        },
      },
    },
    async () => ({ items: Object.entries(PERMISSIONS).map(([name, p]) => ({ name, class: p.class, label: p.label })) }),
  );

  app.get(
    '/api/roles',
    {
      config: { access: { permission: 'role.read' } },
      schema: {
        tags: ['access'],
        summary: 'List roles',
        response: {
          200: Obj({ items: Type.Array(Role, { description: 'Roles' }) }, { description: 'Roles' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listRoles(req.ctx) }),
  );

  app.post(
    '/api/roles',
    {
      config: { access: { permission: 'role.manage' } },
      schema: {
        tags: ['access'],
        summary: 'Create a custom role',
        body: Obj(
          {
            key: Str('Stable key', { pattern: '^[a-z][a-z0-9_]{2,39}$', max: 40 }),
            name: Str('Name', { min: 1, max: 40 }),
            permissions: PermissionList,
            defaultScope: Enum(SCOPE_TYPES, 'Default scope'),
            description: Type.Optional(Nullable(Str('Description', { max: 200 }))),
          },
          { description: 'New role' },
        ),
        response: { 201: Role, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return createRole(req.ctx, req.body);
    },
  );

  app.patch(
    '/api/roles/:id',
    {
      config: { access: { permission: 'role.manage' } },
      schema: {
        tags: ['access'],
        summary: 'Edit a custom role',
        params: IdParams('Role id'),
        body: Obj(
          {
            name: Type.Optional(Str('Name', { min: 1, max: 40 })),
            permissions: Type.Optional(PermissionList),
            description: Type.Optional(Nullable(Str('Description', { max: 200 }))),
          },
          { description: 'Changes' },
        ),
        response: { 200: Role, ...errorResponses },
      },
    },
    async (req) => updateRole(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/role-assignments',
    {
      config: { access: { permission: 'role.read' } },
      schema: {
        tags: ['access'],
        summary: 'List role assignments',
        querystring: Obj({ userId: Type.Optional(Id('Only this account')) }, { description: 'Filters' }),
        response: {
          200: Obj({ items: Type.Array(Assignment, { description: 'Assignments' }) }, { description: 'Assignments' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listAssignments(req.ctx, req.query.userId) }),
  );

  app.post(
    '/api/role-assignments',
    {
      config: { access: { permission: 'role.assign' } },
      schema: {
        tags: ['access'],
        summary: 'Grant a role with a data scope',
        body: Obj(
          {
            userId: Id('Account'),
            roleId: Id('Role'),
            scopeType: Type.Optional(Enum(SCOPE_TYPES, 'Data scope; the role default when absent')),
            scopeUnitId: Type.Optional(Nullable(Id('Unit for own_unit / unit_subtree (default: the account unit)'))),
            scopeZoneId: Type.Optional(Nullable(Id('Zone for a zone scope'))),
            unitIds: Type.Optional(Type.Array(Id('Unit'), { description: 'Units of a custom scope', maxItems: 500 })),
          },
          { description: 'Assignment' },
        ),
        response: { 201: Obj({ id: Id('Assignment id') }, { description: 'Created' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return { id: await assignRole(req.ctx, req.body) };
    },
  );

  app.delete(
    '/api/role-assignments/:id',
    {
      config: { access: { permission: 'role.assign' } },
      schema: {
        tags: ['access'],
        summary: 'Revoke a role assignment',
        params: IdParams('Assignment id'),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await revokeAssignment(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );
};
