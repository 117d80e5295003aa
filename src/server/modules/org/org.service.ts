import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { scopedTables } from '../../shared/module.js';
import type { RegionRow, UnitRow } from './org.tables.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { DomainError, domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { invalidateAccessCache, loadInScope } from '../access/index.js';
import { prefixUpper } from '../../shared/scope.js';
import { diffChanges, recordAudit } from '../audit/index.js';
import { type RegionLevel, assertRegionCode, countyCodeOf, regionPath } from './regions.js';
import { arg, runCompiled } from '../../db/compiled-query.js';
import { type UnitAction, assertMayAddRegionUnder, loadRegionInScope, unitPolicy } from './org.policy.js';

import { UNIT_KINDS, type UnitKind } from '../../shared/org.codes.js';

/** Kinds of unit, from the code list the console shares (src/server/shared/org.codes.ts). */
export { UNIT_KINDS, type UnitKind };

/** A region as the API shows it. */
export interface RegionView {
  code: string;
  parentCode: string | null;
  level: RegionLevel;
  name: string;
  childCount: number;
}

/** Lists regions under `parentCode` (top level when absent), with paging and a name filter. */
export async function listRegions(
  ctx: Ctx,
  q: {
    parentCode?: string | undefined;
    level?: string | undefined;
    q?: string | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: RegionView[]; total: number }> {
  let base = ctx.db.selectFrom('regions as r');
  if (q.parentCode) base = base.where('r.parent_code', '=', q.parentCode);
  else if (!q.q && !q.level) base = base.where('r.parent_code', 'is', null);
  if (q.level) base = base.where('r.level', '=', q.level);
  if (q.q) base = base.where('r.name', 'like', `%${q.q.replace(/[%_]/g, '')}%`);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'r.code',
      'r.parent_code',
      'r.level',
      'r.name',
      (eb) =>
        eb
          .selectFrom('regions as c')
          .whereRef('c.parent_code', '=', 'r.code')
          .select(eb.fn.countAll<number>().as('n'))
          .as('child_count'),
    ])
    .orderBy('r.sort')
    .orderBy('r.code')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    items: rows.map((r) => ({
      code: r.code,
      parentCode: r.parent_code,
      level: r.level as RegionLevel,
      name: r.name,
      childCount: Number(r.child_count ?? 0),
    })),
    total: Number(total.n),
  };
}

/** Presents a region row with its number of children. */
export async function presentRegion(ctx: Ctx, r: RegionRow): Promise<RegionView> {
  const n = await ctx.db
    .selectFrom('regions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_code', '=', r.code)
    .executeTakeFirstOrThrow();
  return {
    code: r.code,
    parentCode: r.parent_code,
    level: r.level as RegionLevel,
    name: r.name,
    childCount: Number(n.n),
  };
}

/** Returns one region or throws NOT_FOUND. */
export async function getRegion(ctx: Ctx, code: string): Promise<RegionRow> {
  const row = await ctx.db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw errors.notFound('region');
  return row;
}

/** Input of `createRegion`. */
export interface RegionInput {
  code: string;
  parentCode: string | null;
  name: string;
  sort?: number | undefined;
}

/**
 * Adds a region under a parent the actor administers (org.manage), after checking the code's
 * shape and its parent (GB/T 2260). Throws FORBIDDEN (a top-level region), NOT_FOUND (parent out
 * of reach), INVALID_REGION_CODE, REGION_EXISTS.
 */
export async function createRegion(ctx: Ctx, input: RegionInput): Promise<RegionRow> {
  return inTransaction(ctx, async (tx) => {
    const parent = input.parentCode
      ? await tx.db.selectFrom('regions').selectAll().where('code', '=', input.parentCode).executeTakeFirst()
      : null;
    if (input.parentCode && !parent)
      throw domainError('INVALID_REGION_CODE', { parentCode: input.parentCode, reason: 'parent missing' });
    await assertMayAddRegionUnder(tx, parent ?? null);
    const level = assertRegionCode(input.code, input.parentCode);
    const exists = await tx.db.selectFrom('regions').select('code').where('code', '=', input.code).executeTakeFirst();
    if (exists) throw domainError('REGION_EXISTS', { code: input.code });
    const at = nowIso(tx);
    const row: RegionRow = {
      code: input.code,
      parent_code: input.parentCode,
      level,
      name: input.name,
      path: regionPath(parent?.path ?? null, input.code),
      county_code: countyCodeOf(input.code),
      sort: input.sort ?? 0,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('regions').values(row).execute();
    await recordAudit(tx, {
      action: 'region.create',
      resourceType: 'region',
      resourceId: row.code,
      changes: diffChanges(null, { name: row.name, parent_code: row.parent_code }),
    });
    return row;
  });
}

/** Renames a region the actor administers (org.manage). Throws NOT_FOUND (missing or out of reach). */
export async function updateRegion(
  ctx: Ctx,
  code: string,
  patch: { name?: string | undefined; sort?: number | undefined },
): Promise<RegionRow> {
  return inTransaction(ctx, async (tx) => {
    const before = await loadRegionInScope(tx, code);
    const next = { name: patch.name ?? before.name, sort: patch.sort ?? before.sort };
    await tx.db
      .updateTable('regions')
      .set({ ...next, updated_at: nowIso(tx) })
      .where('code', '=', code)
      .execute();
    await recordAudit(tx, {
      action: 'region.update',
      resourceType: 'region',
      resourceId: code,
      changes: diffChanges(before, next),
    });
    return { ...before, ...next };
  });
}

/** A unit as the API shows it. */
export interface UnitView {
  id: string;
  parentId: string | null;
  kind: UnitKind;
  name: string;
  shortName: string | null;
  regionCode: string;
  regionName: string | null;
  zoneId: string | null;
  childCount: number;
  active: boolean;
  version: number;
}

function unitQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('units as u')
    .leftJoin('regions as r', 'r.code', 'u.region_code')
    .select([
      'u.id',
      'u.parent_id',
      'u.kind',
      'u.name',
      'u.short_name',
      'u.region_code',
      'r.name as region_name',
      'u.zone_id',
      'u.active',
      'u.version',
      (eb) =>
        eb
          .selectFrom('units as c')
          .whereRef('c.parent_id', '=', 'u.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('child_count'),
    ]);
}

type UnitQueryRow = Awaited<ReturnType<ReturnType<typeof unitQuery>['executeTakeFirstOrThrow']>>;

function presentUnit(r: UnitQueryRow): UnitView {
  return {
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind as UnitKind,
    name: r.name,
    shortName: r.short_name,
    regionCode: r.region_code,
    regionName: r.region_name,
    zoneId: r.zone_id,
    childCount: Number(r.child_count ?? 0),
    active: r.active === 1,
    version: r.version,
  };
}

/** Lists units under `parentId` (roots when absent), filtered by kind or name. */
export async function listUnits(
  ctx: Ctx,
  q: {
    parentId?: string | undefined;
    kind?: string | undefined;
    q?: string | undefined;
    regionCode?: string | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: UnitView[]; total: number }> {
  let count = ctx.db.selectFrom('units as u');
  let rows = unitQuery(ctx);
  if (q.parentId) {
    count = count.where('u.parent_id', '=', q.parentId);
    rows = rows.where('u.parent_id', '=', q.parentId);
  } else if (!q.q && !q.kind && !q.regionCode) {
    count = count.where('u.parent_id', 'is', null);
    rows = rows.where('u.parent_id', 'is', null);
  }
  if (q.kind) {
    count = count.where('u.kind', '=', q.kind);
    rows = rows.where('u.kind', '=', q.kind);
  }
  if (q.regionCode) {
    count = count.where('u.region_code', '=', q.regionCode);
    rows = rows.where('u.region_code', '=', q.regionCode);
  }
  if (q.q) {
    const like = `%${q.q.replace(/[%_]/g, '')}%`;
    count = count.where('u.name', 'like', like);
    rows = rows.where('u.name', 'like', like);
  }
  const total = await count.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const list = await rows
    .orderBy('u.sort')
    .orderBy('u.name')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items: list.map(presentUnit), total: Number(total.n) };
}

/** Returns one unit view or throws NOT_FOUND. */
export async function getUnitView(ctx: Ctx, id: string): Promise<UnitView> {
  const row = await unitQuery(ctx).where('u.id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('unit');
  return presentUnit(row);
}

/** Returns the unit row or throws NOT_FOUND. */
export async function getUnit(ctx: Ctx, id: string): Promise<UnitRow> {
  const row = await ctx.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('unit');
  return row;
}

/** Input of `createUnit`. */
export interface UnitInput {
  id?: string | undefined;
  parentId: string | null;
  kind: UnitKind;
  name: string;
  shortName?: string | null | undefined;
  regionCode: string;
  sort?: number | undefined;
}

/**
 * Loads unit `id` as a new parent for `action`: VALIDATION_FAILED when it does not exist (the
 * request names it), NOT_FOUND when it lies outside the actor's scope.
 */
async function parentInScope(tx: Ctx, id: string, action: UnitAction): Promise<UnitRow> {
  try {
    return await loadInScope<UnitAction, UnitRow>(tx, unitPolicy, id, action);
  } catch (err) {
    const missing = !(await tx.db.selectFrom('units').select('id').where('id', '=', id).executeTakeFirst());
    if (missing && err instanceof DomainError && err.code === 'NOT_FOUND')
      throw errors.validation({ field: 'parentId' }, '上级单位不存在');
    throw err;
  }
}

/**
 * Adds a unit under a parent inside the actor's org.manage scope, at a region. Throws FORBIDDEN
 * (a top-level unit), VALIDATION_FAILED (no such parent), NOT_FOUND (parent out of scope),
 * INVALID_REGION_CODE.
 */
export async function createUnit(ctx: Ctx, input: UnitInput): Promise<UnitView> {
  // Top-level units (a city commission) come with the organisation, never from the console.
  if (!input.parentId) throw errors.forbidden('org.manage');
  const parentId = input.parentId;
  return inTransaction(ctx, async (tx) => {
    const parent = await parentInScope(tx, parentId, 'manage');
    const region = await tx.db
      .selectFrom('regions')
      .selectAll()
      .where('code', '=', input.regionCode)
      .executeTakeFirst();
    if (!region) throw domainError('INVALID_REGION_CODE', { code: input.regionCode, reason: 'unknown region' });
    const id = input.id ?? newId();
    const at = nowIso(tx);
    const row: UnitRow = {
      id,
      parent_id: input.parentId,
      kind: input.kind,
      name: input.name,
      short_name: input.shortName ?? null,
      region_code: region.code,
      path: `${parent.path}${id}/`,
      region_path: region.path,
      county_code: region.county_code,
      zone_id: null,
      sort: input.sort ?? 0,
      active: 1,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('units').values(row).execute();
    await recordAudit(tx, {
      action: 'unit.create',
      resourceType: 'unit',
      resourceId: id,
      unitId: id,
      changes: diffChanges(null, {
        name: row.name,
        kind: row.kind,
        parent_id: row.parent_id,
        region_code: row.region_code,
      }),
    });
    return getUnitView(tx, id);
  });
}

/** Input of `updateUnit`. */
export interface UnitPatch {
  name?: string | undefined;
  shortName?: string | null | undefined;
  parentId?: string | null | undefined;
  active?: boolean | undefined;
  sort?: number | undefined;
  version: number;
}

/**
 * Edits a unit inside the actor's org.manage scope; moving it under another parent (inside the
 * scope too) rewrites the paths of its subtree and of every business row it owns, in one
 * transaction. Throws NOT_FOUND (unit or new parent out of scope), FORBIDDEN (to the top level),
 * VALIDATION_FAILED (no such parent), UNIT_CYCLE, CONFLICT (stale version).
 */
export async function updateUnit(ctx: Ctx, id: string, patch: UnitPatch): Promise<UnitView> {
  return inTransaction(ctx, async (tx) => {
    const before = await loadInScope<UnitAction, UnitRow>(tx, unitPolicy, id, 'manage', { forUpdate: true });
    if (patch.parentId !== undefined) {
      if (patch.parentId === null) throw errors.forbidden('org.manage');
      await parentInScope(tx, patch.parentId, 'manage');
    }
    if (before.version !== patch.version) throw errors.conflict({ currentVersion: before.version });
    const next = {
      name: patch.name ?? before.name,
      short_name: patch.shortName === undefined ? before.short_name : patch.shortName,
      parent_id: patch.parentId === undefined ? before.parent_id : patch.parentId,
      active: patch.active === undefined ? before.active : patch.active ? 1 : 0,
      sort: patch.sort ?? before.sort,
    };
    if (next.parent_id !== before.parent_id) {
      const parent = next.parent_id
        ? await tx.db.selectFrom('units').selectAll().where('id', '=', next.parent_id).executeTakeFirst()
        : null;
      if (next.parent_id && !parent) throw errors.validation({ field: 'parentId' }, '上级单位不存在');
      // The unit tree must stay a tree: the new parent may not be the unit or one of its descendants.
      if (parent && parent.path.startsWith(before.path))
        throw domainError('UNIT_CYCLE', { unitId: id, parentId: next.parent_id });
      const newPath = `${parent?.path ?? '/'}${id}/`;
      await rewriteUnitPaths(tx, before.path, newPath);
    }
    await tx.db
      .updateTable('units')
      .set({ ...next, version: before.version + 1, updated_at: nowIso(tx) })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      action: 'unit.update',
      resourceType: 'unit',
      resourceId: id,
      unitId: id,
      changes: diffChanges(before, next),
    });
    invalidateAccessCache();
    return getUnitView(tx, id);
  });
}

/** Replaces the prefix `from` by `to` in unit paths and in the owner paths of business rows. */
export async function rewriteUnitPaths(tx: Ctx, from: string, to: string): Promise<void> {
  const upper = prefixUpper(from);
  const cut = from.length + 1;
  await tx.db
    .updateTable('units')
    .set({ path: sql`${to} || substr(path, ${cut})` })
    .where('path', '>=', from)
    .where('path', '<', upper)
    .execute();
  await moveScopedRows(tx.db, from, to);
}

/**
 * Moves every scoped row (of the tables the modules declare, see `ModuleDefinition.scopedTables`)
 * whose owner path lies under `from` to lie under `to`: a moved unit's records follow it, or
 * scope checks would still place them under the old parent. The caller moves the units.
 */
export async function moveScopedRows(db: Kysely<Database>, from: string, to: string): Promise<void> {
  const upper = prefixUpper(from);
  const cut = from.length + 1;
  for (const table of scopedTables()) {
    await db
      .updateTable(table)
      .set({ owner_unit_path: sql`${to} || substr(owner_unit_path, ${cut})` })
      .where('owner_unit_path', '>=', from)
      .where('owner_unit_path', '<', upper)
      .execute();
  }
}

/** Places a unit (a zone's workroom) in a zone. */
export async function setUnitZone(tx: Ctx, unitId: string, zoneId: string | null): Promise<void> {
  await tx.db.updateTable('units').set({ zone_id: zoneId }).where('id', '=', unitId).execute();
}

/** Takes a unit (a zone's former workroom) out of zone `zoneId`; one placed in another zone stays. */
export async function clearUnitZone(tx: Ctx, unitId: string, zoneId: string): Promise<void> {
  await tx.db
    .updateTable('units')
    .set({ zone_id: null })
    .where('id', '=', unitId)
    .where('zone_id', '=', zoneId)
    .execute();
}

/**
 * Finds the body competent for a person by cadre authority (JK 2020 第十一条): village cadres
 * and township-managed people → the township commission of their township; county-managed
 * people → the county commission. Returns null when the organisation has no such unit.
 */
export async function findCompetentUnit(ctx: Ctx, regionCode: string, cadreAuthority: string): Promise<UnitRow | null> {
  const region = await ctx.db.selectFrom('regions').selectAll().where('code', '=', regionCode).executeTakeFirst();
  if (!region) return null;
  return competentUnitIn(ctx, region, cadreAuthority);
}

/** `findCompetentUnit` for a region row the caller already holds (saves reading it again). */
export async function competentUnitIn(
  ctx: Ctx,
  region: Pick<RegionRow, 'code' | 'level' | 'county_code'>,
  cadreAuthority: string,
): Promise<UnitRow | null> {
  const countyCode = region.county_code;
  if (cadreAuthority === 'village_cadre' || cadreAuthority === 'township_managed' || cadreAuthority === 'other') {
    const townshipCode =
      region.level === 'township' ? region.code : region.level === 'county' ? null : region.code.slice(0, 9) + '000';
    if (townshipCode) {
      const unit = await activeUnitOfKind(ctx, 'township_commission', townshipCode);
      if (unit) return unit;
    }
  }
  if (!countyCode) return null;
  return activeUnitOfKind(ctx, 'commission', countyCode);
}

/** The active unit of `kind` in region `regionCode` (a query compiled once: public intake runs it). */
async function activeUnitOfKind(ctx: Ctx, kind: string, regionCode: string): Promise<UnitRow | null> {
  const { rows } = await runCompiled(
    ctx.db,
    'org.active-unit-of-kind',
    (d) =>
      d
        .selectFrom('units')
        .selectAll()
        .where('kind', '=', arg<string>(0))
        .where('region_code', '=', arg<string>(1))
        .where('active', '=', 1)
        .limit(1),
    [kind, regionCode],
  );
  return rows[0] ?? null;
}
