import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Permission, isPermission } from './permissions.js';
import { type Ctx, scopeFor } from '../../shared/context.js';
import { EMPTY_SCOPE, type Scope, inScope, prefixUpper, unionScopes } from '../../shared/scope.js';

/** What a person may do and where, derived from their role assignments. */
export interface AccessProfile {
  permissions: Set<Permission>;
  scopes: Map<Permission, Scope>;
  roles: { key: string; name: string; kind: string }[];
  /** Holds one of the three administrator roles (三员). */
  isAdmin: boolean;
}

const TTL_MS = 10_000;
const cache = new Map<string, { at: number; profile: AccessProfile }>();

/**
 * Forgets cached access profiles. Called by every change to roles, assignments, zones or the
 * unit tree, so a revoked role stops working at once in this process; other processes pick the
 * change up within the 10-second cache lifetime.
 */
export function invalidateAccessCache(userId?: string): void {
  if (userId) cache.delete(userId);
  else cache.clear();
}

/** Loads (or returns the cached) access profile of `userId` as of `todayIso` (YYYY-MM-DD). */
export async function loadAccessProfile(db: Kysely<Database>, userId: string, nowMs: number): Promise<AccessProfile> {
  const hit = cache.get(userId);
  if (hit && nowMs - hit.at < TTL_MS) return hit.profile;
  const profile = await buildAccessProfile(db, userId, new Date(nowMs + 8 * 3600_000).toISOString().slice(0, 10));
  cache.set(userId, { at: nowMs, profile });
  return profile;
}

/** Computes the access profile from the database, without the cache. */
export async function buildAccessProfile(db: Kysely<Database>, userId: string, today: string): Promise<AccessProfile> {
  const assignments = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('roles as r', 'r.id', 'ra.role_id')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .leftJoin('units as su', (j) => j.on((eb) => eb('su.id', '=', eb.fn.coalesce('ra.scope_unit_id', 'u.unit_id'))))
    .select([
      'ra.id',
      'ra.scope_type',
      'ra.scope_zone_id',
      'r.id as role_id',
      'r.key',
      'r.name',
      'r.kind',
      'su.id as scope_unit',
      'su.path as scope_unit_path',
    ])
    .where('ra.user_id', '=', userId)
    .execute();
  const profile: AccessProfile = { permissions: new Set(), scopes: new Map(), roles: [], isAdmin: false };
  if (assignments.length === 0) return profile;

  const roleIds = [...new Set(assignments.map((a) => a.role_id))];
  const perms = await db.selectFrom('role_permissions').selectAll().where('role_id', 'in', roleIds).execute();
  const permsByRole = new Map<string, Permission[]>();
  for (const p of perms) {
    if (!isPermission(p.permission)) continue;
    const list = permsByRole.get(p.role_id) ?? [];
    list.push(p.permission);
    permsByRole.set(p.role_id, list);
  }

  for (const a of assignments) {
    const scope = await scopeOfAssignment(db, a, today);
    if (!profile.roles.some((r) => r.key === a.key)) profile.roles.push({ key: a.key, name: a.name, kind: a.kind });
    if (a.kind !== 'business') profile.isAdmin = true;
    for (const p of permsByRole.get(a.role_id) ?? []) {
      profile.permissions.add(p);
      profile.scopes.set(p, unionScopes(profile.scopes.get(p) ?? EMPTY_SCOPE, scope));
    }
  }
  return profile;
}

async function scopeOfAssignment(
  db: Kysely<Database>,
  a: {
    id: string;
    scope_type: string;
    scope_zone_id: string | null;
    scope_unit: string | null;
    scope_unit_path: string | null;
  },
  today: string,
): Promise<Scope> {
  switch (a.scope_type) {
    case 'global':
      return { ...EMPTY_SCOPE, global: true };
    case 'own_unit':
      return a.scope_unit ? { ...EMPTY_SCOPE, unitIds: [a.scope_unit] } : EMPTY_SCOPE;
    case 'unit_subtree':
      return a.scope_unit_path ? { ...EMPTY_SCOPE, unitPaths: [a.scope_unit_path] } : EMPTY_SCOPE;
    case 'zone':
      return a.scope_zone_id ? zoneScope(db, a.scope_zone_id, today) : EMPTY_SCOPE;
    case 'custom': {
      const units = await db
        .selectFrom('role_assignment_units')
        .select('unit_id')
        .where('assignment_id', '=', a.id)
        .execute();
      return { ...EMPTY_SCOPE, unitIds: units.map((u) => u.unit_id) };
    }
    default:
      return EMPTY_SCOPE;
  }
}

/**
 * The units a caller's `permission` scope holds (id and path: the unit-path subtrees and the
 * listed units), or null when the scope is global, reaches regions, or holds more than `max`
 * units. The ledgers use it to write a zone filter as one index range per unit.
 */
export async function scopeUnits(
  ctx: Ctx,
  permission: Permission,
  max: number,
): Promise<{ id: string; path: string }[] | null> {
  const scope = scopeFor(ctx, permission);
  if (scope.global || scope.regionPaths.length > 0) return null;
  const units = await ctx.db
    .selectFrom('units')
    .select(['id', 'path'])
    .where((eb) =>
      eb.or([
        ...scope.unitPaths.map((p) => eb.and([eb('path', '>=', p), eb('path', '<', prefixUpper(p))])),
        ...(scope.unitIds.length > 0 ? [eb('id', 'in', scope.unitIds)] : []),
      ]),
    )
    .limit(max + 1)
    .execute();
  return units.length > max ? null : units;
}

/**
 * The scope of a zone: the regions of its current townships, plus the subtrees of its workroom
 * and of its member dispatched groups.
 */
export async function zoneScope(db: Kysely<Database>, zoneId: string, today: string): Promise<Scope> {
  const members = await db
    .selectFrom('zone_memberships as m')
    .leftJoin('regions as r', 'r.code', 'm.township_code')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .select(['r.path as region_path', 'u.path as unit_path'])
    .where('m.zone_id', '=', zoneId)
    .where('m.effective_from', '<=', today)
    .where((eb) => eb.or([eb('m.effective_to', 'is', null), eb('m.effective_to', '>', today)]))
    .execute();
  const zone = await db
    .selectFrom('zones as z')
    .leftJoin('units as w', 'w.id', 'z.workroom_unit_id')
    .select(['w.path as workroom_path'])
    .where('z.id', '=', zoneId)
    .executeTakeFirst();
  const regionPaths = members.flatMap((m) => (m.region_path ? [m.region_path] : []));
  const unitPaths = members.flatMap((m) => (m.unit_path ? [m.unit_path] : []));
  if (zone?.workroom_path) unitPaths.push(zone.workroom_path);
  return unionScopes(EMPTY_SCOPE, { global: false, unitIds: [], unitPaths, regionPaths });
}

/** A person who holds one of some roles over a record, with the role they hold it by. */
export interface RoleHolder {
  userId: string;
  username: string;
  displayName: string;
  /** The first of the asked-for roles this person holds over the record. */
  roleKey: string;
  roleName: string;
}

/**
 * The enabled accounts that hold one of `roleKeys` by an assignment whose scope covers `row`
 * (a record's owner unit and region): who may approve what a rule reserves to those roles, for
 * that record. With `userId`, only that account is considered. Roles in `roleKeys` order.
 */
export async function roleHoldersCovering(
  db: Kysely<Database>,
  roleKeys: readonly string[],
  today: string,
  row: { owner_unit_id: string; owner_unit_path: string; region_path: string },
  userId?: string,
): Promise<RoleHolder[]> {
  if (roleKeys.length === 0) return [];
  let q = db
    .selectFrom('role_assignments as ra')
    .innerJoin('roles as r', 'r.id', 'ra.role_id')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .leftJoin('units as su', (j) => j.on((eb) => eb('su.id', '=', eb.fn.coalesce('ra.scope_unit_id', 'u.unit_id'))))
    .select([
      'ra.id',
      'ra.scope_type',
      'ra.scope_zone_id',
      'r.key',
      'r.name as role_name',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'su.id as scope_unit',
      'su.path as scope_unit_path',
    ])
    .where('r.key', 'in', [...roleKeys])
    .where('u.disabled', '=', 0)
    .orderBy('u.username')
    .orderBy('ra.id');
  if (userId) q = q.where('u.id', '=', userId);
  const out = new Map<string, RoleHolder>();
  for (const a of await q.execute()) {
    const prior = out.get(a.user_id);
    if (prior && roleKeys.indexOf(prior.roleKey) <= roleKeys.indexOf(a.key)) continue;
    if (!inScope(await scopeOfAssignment(db, a, today), row)) continue;
    out.set(a.user_id, {
      userId: a.user_id,
      username: a.username,
      displayName: a.display_name,
      roleKey: a.key,
      roleName: a.role_name,
    });
  }
  return [...out.values()];
}
