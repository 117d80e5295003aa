import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { invalidateAccessCache } from './access.service.js';
import {
  BUILTIN_ROLES,
  PERMISSIONS,
  type Permission,
  type RoleKind,
  type ScopeType,
  isPermission,
  roleKindOf,
} from './permissions.js';
import { transact } from '../../db/durability.js';

/** A role with its permissions. */
export interface RoleView {
  id: string;
  key: string;
  name: string;
  kind: RoleKind;
  builtin: boolean;
  defaultScope: ScopeType;
  permissions: string[];
  description: string | null;
  userCount: number;
}

/**
 * Creates the built-in roles that are missing and brings their permissions in line with the
 * code (run at every start; idempotent).
 */
export async function ensureBuiltinRoles(db: Kysely<Database>, at: string): Promise<void> {
  await transact(db, async (trx) => {
    for (const def of BUILTIN_ROLES) {
      const kind = roleKindOf(def.permissions);
      if (!kind) throw new Error(`built-in role ${def.key} mixes duties`);
      let role = await trx.selectFrom('roles').select('id').where('key', '=', def.key).executeTakeFirst();
      if (!role) {
        role = { id: newId() };
        await trx
          .insertInto('roles')
          .values({
            id: role.id,
            key: def.key,
            name: def.name,
            kind,
            builtin: 1,
            default_scope: def.defaultScope,
            description: def.description,
            created_at: at,
            updated_at: at,
          })
          .execute();
      } else {
        await trx
          .updateTable('roles')
          .set({ name: def.name, kind, default_scope: def.defaultScope, description: def.description })
          .where('id', '=', role.id)
          .execute();
      }
      await trx.deleteFrom('role_permissions').where('role_id', '=', role.id).execute();
      await trx
        .insertInto('role_permissions')
        .values(def.permissions.map((p) => ({ role_id: role.id, permission: p })))
        .execute();
    }
  });
}

/** Lists roles with their permissions and how many accounts hold them. */
export async function listRoles(ctx: Ctx): Promise<RoleView[]> {
  const roles = await ctx.db
    .selectFrom('roles as r')
    .selectAll('r')
    .select((eb) =>
      eb
        .selectFrom('role_assignments as ra')
        .whereRef('ra.role_id', '=', 'r.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('user_count'),
    )
    .orderBy('r.builtin', 'desc')
    .orderBy('r.key')
    .execute();
  const perms = await ctx.db.selectFrom('role_permissions').selectAll().execute();
  return roles.map((r) => ({
    id: r.id,
    key: r.key,
    name: r.name,
    kind: r.kind as RoleKind,
    builtin: r.builtin === 1,
    defaultScope: r.default_scope as ScopeType,
    permissions: perms
      .filter((p) => p.role_id === r.id)
      .map((p) => p.permission)
      .sort(),
    description: r.description,
    userCount: Number(r.user_count ?? 0),
  }));
}

function checkPermissions(perms: string[]): { list: Permission[]; kind: string } {
  const unknown = perms.filter((p) => !isPermission(p));
  if (unknown.length) throw errors.validation({ unknownPermissions: unknown }, '未知的权限');
  const list = [...new Set(perms)] as Permission[];
  const kind = roleKindOf(list);
  // 三员分立: a role bundles one duty only.
  if (!kind)
    throw domainError('ROLE_MIXES_ADMIN_PERMISSIONS', { classes: [...new Set(list.map((p) => PERMISSIONS[p].class))] });
  return { list, kind };
}

/** Creates a custom role. Throws ROLE_MIXES_ADMIN_PERMISSIONS, CONFLICT (key taken). */
export async function createRole(
  ctx: Ctx,
  input: {
    key: string;
    name: string;
    permissions: string[];
    defaultScope: ScopeType;
    description?: string | null | undefined;
  },
): Promise<RoleView> {
  const { list, kind } = checkPermissions(input.permissions);
  if ((kind === 'business') === (input.defaultScope === 'global'))
    throw domainError('INVALID_SCOPE', { defaultScope: input.defaultScope, kind });
  return inTransaction(ctx, async (tx) => {
    const taken = await tx.db.selectFrom('roles').select('id').where('key', '=', input.key).executeTakeFirst();
    if (taken) throw errors.conflict({ field: 'key' });
    const id = newId();
    const at = nowIso(tx);
    await tx.db
      .insertInto('roles')
      .values({
        id,
        key: input.key,
        name: input.name,
        kind,
        builtin: 0,
        default_scope: input.defaultScope,
        description: input.description ?? null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    if (list.length)
      await tx.db
        .insertInto('role_permissions')
        .values(list.map((p) => ({ role_id: id, permission: p })))
        .execute();
    await recordAudit(tx, {
      action: 'role.create',
      resourceType: 'role',
      resourceId: id,
      changes: { key: [null, input.key], permissions: [null, list] },
    });
    return (await listRoles(tx)).find((r) => r.id === id)!;
  });
}

/** Edits a custom role. Throws BUILTIN_ROLE, ROLE_MIXES_ADMIN_PERMISSIONS, ROLE_IN_USE (kind change while held). */
export async function updateRole(
  ctx: Ctx,
  id: string,
  patch: { name?: string | undefined; permissions?: string[] | undefined; description?: string | null | undefined },
): Promise<RoleView> {
  return inTransaction(ctx, async (tx) => {
    const role = await tx.db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!role) throw errors.notFound('role');
    if (role.builtin) throw domainError('BUILTIN_ROLE');
    const before = (await listRoles(tx)).find((r) => r.id === id)!;
    let kind = role.kind;
    if (patch.permissions) {
      const checked = checkPermissions(patch.permissions);
      kind = checked.kind;
      if (kind !== role.kind && before.userCount > 0) throw domainError('ROLE_IN_USE', { reason: 'kind change' });
      await tx.db.deleteFrom('role_permissions').where('role_id', '=', id).execute();
      if (checked.list.length)
        await tx.db
          .insertInto('role_permissions')
          .values(checked.list.map((p) => ({ role_id: id, permission: p })))
          .execute();
    }
    await tx.db
      .updateTable('roles')
      .set({
        name: patch.name ?? role.name,
        description: patch.description === undefined ? role.description : patch.description,
        kind,
        updated_at: nowIso(tx),
      })
      .where('id', '=', id)
      .execute();
    const after = (await listRoles(tx)).find((r) => r.id === id)!;
    await recordAudit(tx, {
      action: 'role.update',
      resourceType: 'role',
      resourceId: id,
      changes: { name: [before.name, after.name], permissions: [before.permissions, after.permissions] },
    });
    invalidateAccessCache();
    return after;
  });
}

/** A role assignment as the security administrator sees it. */
export interface AssignmentView {
  id: string;
  userId: string;
  username: string;
  roleId: string;
  roleKey: string;
  roleName: string;
  scopeType: ScopeType;
  scopeUnitId: string | null;
  scopeUnitName: string | null;
  scopeZoneId: string | null;
  scopeZoneName: string | null;
  unitIds: string[];
  createdAt: string;
}

/** Lists role assignments, optionally of one account. */
export async function listAssignments(ctx: Ctx, userId?: string): Promise<AssignmentView[]> {
  let q = ctx.db
    .selectFrom('role_assignments as ra')
    .innerJoin('roles as r', 'r.id', 'ra.role_id')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .leftJoin('units as su', 'su.id', 'ra.scope_unit_id')
    .leftJoin('zones as z', 'z.id', 'ra.scope_zone_id')
    .select([
      'ra.id',
      'ra.user_id',
      'u.username',
      'ra.role_id',
      'r.key',
      'r.name',
      'ra.scope_type',
      'ra.scope_unit_id',
      'su.name as unit_name',
      'ra.scope_zone_id',
      'z.name as zone_name',
      'ra.created_at',
    ])
    .orderBy('u.username')
    .orderBy('r.key');
  if (userId) q = q.where('ra.user_id', '=', userId);
  const rows = await q.execute();
  const custom = rows.filter((r) => r.scope_type === 'custom').map((r) => r.id);
  const units = custom.length
    ? await ctx.db.selectFrom('role_assignment_units').selectAll().where('assignment_id', 'in', custom).execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    username: r.username,
    roleId: r.role_id,
    roleKey: r.key,
    roleName: r.name,
    scopeType: r.scope_type as ScopeType,
    scopeUnitId: r.scope_unit_id,
    scopeUnitName: r.unit_name,
    scopeZoneId: r.scope_zone_id,
    scopeZoneName: r.zone_name,
    unitIds: units.filter((u) => u.assignment_id === r.id).map((u) => u.unit_id),
    createdAt: r.created_at,
  }));
}

/** Input of `assignRole`. */
export interface AssignmentInput {
  userId: string;
  roleId?: string | undefined;
  roleKey?: string | undefined;
  scopeType?: ScopeType | undefined;
  scopeUnitId?: string | null | undefined;
  scopeZoneId?: string | null | undefined;
  unitIds?: string[] | undefined;
}

/**
 * Grants a role with a data scope. Enforces three-admin separation (三员分立): an account holds
 * at most one administrator role and no business role beside it. Throws ADMIN_ROLE_CONFLICT,
 * SELF_ASSIGNMENT, INVALID_SCOPE, NOT_FOUND.
 */
export async function assignRole(
  ctx: Ctx,
  input: AssignmentInput,
  opts: { allowSelf?: boolean } = {},
): Promise<string> {
  const actor = ctx.actor;
  if (actor && actor.userId === input.userId && !opts.allowSelf) throw domainError('SELF_ASSIGNMENT');
  return inTransaction(ctx, async (tx) => {
    const user = await tx.db
      .selectFrom('users')
      .select(['id', 'unit_id'])
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw errors.notFound('user');
    let roleQuery = tx.db.selectFrom('roles').selectAll();
    roleQuery = input.roleId
      ? roleQuery.where('id', '=', input.roleId)
      : roleQuery.where('key', '=', input.roleKey ?? '');
    const role = await roleQuery.executeTakeFirst();
    if (!role) throw errors.notFound('role');
    const held = await tx.db
      .selectFrom('role_assignments as ra')
      .innerJoin('roles as r', 'r.id', 'ra.role_id')
      .select(['r.id', 'r.kind'])
      .where('ra.user_id', '=', user.id)
      .execute();
    const isAdmin = role.kind !== 'business';
    if (held.some((h) => (isAdmin ? h.id !== role.id : h.kind !== 'business'))) {
      throw domainError('ADMIN_ROLE_CONFLICT', { held: held.map((h) => h.kind), requested: role.kind });
    }
    const scopeType = input.scopeType ?? (role.default_scope as ScopeType);
    if (isAdmin !== (scopeType === 'global')) throw domainError('INVALID_SCOPE', { scopeType, roleKind: role.kind });
    let scopeUnitId: string | null = null;
    let scopeZoneId: string | null = null;
    if (scopeType === 'own_unit' || scopeType === 'unit_subtree') {
      scopeUnitId = input.scopeUnitId ?? user.unit_id;
      if (!scopeUnitId) throw domainError('INVALID_SCOPE', { reason: '账号未关联单位，须指定数据范围单位' });
      const u = await tx.db.selectFrom('units').select('id').where('id', '=', scopeUnitId).executeTakeFirst();
      if (!u) throw domainError('INVALID_SCOPE', { scopeUnitId });
    } else if (scopeType === 'zone') {
      scopeZoneId = input.scopeZoneId ?? null;
      const z = scopeZoneId
        ? await tx.db.selectFrom('zones').select('id').where('id', '=', scopeZoneId).executeTakeFirst()
        : null;
      if (!z) throw domainError('INVALID_SCOPE', { scopeZoneId });
    } else if (scopeType === 'custom') {
      const ids = [...new Set(input.unitIds ?? [])];
      if (ids.length === 0) throw domainError('INVALID_SCOPE', { reason: '须指定至少一个单位' });
      const found = await tx.db.selectFrom('units').select('id').where('id', 'in', ids).execute();
      if (found.length !== ids.length) throw domainError('INVALID_SCOPE', { reason: '单位不存在' });
    }
    const id = newId();
    await tx.db
      .insertInto('role_assignments')
      .values({
        id,
        user_id: user.id,
        role_id: role.id,
        scope_type: scopeType,
        scope_unit_id: scopeUnitId,
        scope_zone_id: scopeZoneId,
        created_by: actor?.userId ?? null,
        created_at: nowIso(tx),
      })
      .execute();
    if (scopeType === 'custom') {
      await tx.db
        .insertInto('role_assignment_units')
        .values([...new Set(input.unitIds ?? [])].map((u) => ({ assignment_id: id, unit_id: u })))
        .execute();
    }
    await recordAudit(tx, {
      action: 'role.assign',
      resourceType: 'user',
      resourceId: user.id,
      unitId: user.unit_id,
      changes: {
        role: [null, role.key],
        scope: [null, { scopeType, scopeUnitId, scopeZoneId, unitIds: input.unitIds ?? [] }],
      },
    });
    invalidateAccessCache(user.id);
    return id;
  });
}

/** Removes a role assignment. Throws NOT_FOUND, SELF_ASSIGNMENT. */
export async function revokeAssignment(ctx: Ctx, id: string): Promise<void> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const a = await tx.db
      .selectFrom('role_assignments as ra')
      .innerJoin('roles as r', 'r.id', 'ra.role_id')
      .innerJoin('users as u', 'u.id', 'ra.user_id')
      .select(['ra.id', 'ra.user_id', 'r.key', 'u.unit_id'])
      .where('ra.id', '=', id)
      .executeTakeFirst();
    if (!a) throw errors.notFound('role_assignment');
    if (a.user_id === actor.userId) throw domainError('SELF_ASSIGNMENT');
    await tx.db.deleteFrom('role_assignment_units').where('assignment_id', '=', id).execute();
    await tx.db.deleteFrom('role_assignments').where('id', '=', id).execute();
    await recordAudit(tx, {
      action: 'role.revoke',
      resourceType: 'user',
      resourceId: a.user_id,
      unitId: a.unit_id,
      changes: { role: [a.key, null] },
    });
    invalidateAccessCache(a.user_id);
  });
}
