import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { ZoneRow } from './zones.tables.js';
import { invalidateAccessCache, loadInScope } from '../access/index.js';
import { diffChanges, recordAudit } from '../audit/index.js';
import { type UnitRow, chineseOrdinal, setUnitZone } from '../org/index.js';
import { type ZoneAction, zoneCommissionPolicy, zonePolicy } from './zones.policy.js';

import { ZONE_ROLES, type ZoneRole } from '../../shared/zones.codes.js';

/** Zone roles (1+1+N), from the code list the console shares (src/server/shared/zones.codes.ts). */
export { ZONE_ROLES, type ZoneRole };
/** Roles one person holds at a time in a zone (1 commander + 1 leader; one office director). */
const SINGLE_HOLDER: ReadonlySet<string> = new Set(['commander', 'leader', 'zone_office_director']);

/** A zone as lists show it. */
export interface ZoneView {
  id: string;
  name: string;
  ordinal: number;
  commissionUnitId: string;
  centralTownshipCode: string | null;
  centralTownshipName: string | null;
  workroomUnitId: string | null;
  townships: { membershipId: string; code: string; name: string; effectiveFrom: string }[];
  version: number;
}

/** A zone with its membership history and roles. */
export interface ZoneDetail extends ZoneView {
  memberships: {
    id: string;
    memberKind: 'township' | 'dispatched_group';
    townshipCode: string | null;
    unitId: string | null;
    name: string;
    effectiveFrom: string;
    effectiveTo: string | null;
  }[];
  roles: {
    id: string;
    staffId: string;
    staffName: string;
    role: ZoneRole;
    effectiveFrom: string;
    effectiveTo: string | null;
  }[];
}

function today(ctx: Ctx): string {
  return new Date(ctx.clock.nowMs() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Lists zones (reference data: names and townships are visible to every business role). */
export async function listZones(
  ctx: Ctx,
  q: { commissionUnitId?: string | undefined; page: number; pageSize: number },
): Promise<{ items: ZoneView[]; total: number }> {
  let base = ctx.db.selectFrom('zones as z').where('z.active', '=', 1);
  if (q.commissionUnitId) base = base.where('z.commission_unit_id', '=', q.commissionUnitId);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const zones = await base
    .leftJoin('regions as c', 'c.code', 'z.central_township_code')
    .selectAll('z')
    .select('c.name as central_name')
    .orderBy('z.county_code')
    .orderBy('z.ordinal')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  if (zones.length === 0) return { items: [], total: Number(total.n) };
  const d = today(ctx);
  const members = await ctx.db
    .selectFrom('zone_memberships as m')
    .innerJoin('regions as r', 'r.code', 'm.township_code')
    .select(['m.id', 'm.zone_id', 'm.township_code', 'r.name', 'm.effective_from'])
    .where(
      'm.zone_id',
      'in',
      zones.map((z) => z.id),
    )
    .where('m.effective_from', '<=', d)
    .where((eb) => eb.or([eb('m.effective_to', 'is', null), eb('m.effective_to', '>', d)]))
    .orderBy('m.township_code')
    .execute();
  return {
    total: Number(total.n),
    items: zones.map((z) => ({
      ...presentZone(z, z.central_name),
      townships: members
        .filter((m) => m.zone_id === z.id)
        .map((m) => ({ membershipId: m.id, code: m.township_code!, name: m.name, effectiveFrom: m.effective_from })),
    })),
  };
}

function presentZone(z: ZoneRow, centralName: string | null): Omit<ZoneView, 'townships'> {
  return {
    id: z.id,
    name: z.name,
    ordinal: z.ordinal,
    commissionUnitId: z.commission_unit_id,
    centralTownshipCode: z.central_township_code,
    centralTownshipName: centralName,
    workroomUnitId: z.workroom_unit_id,
    version: z.version,
  };
}

async function zoneRow(ctx: Ctx, id: string): Promise<ZoneRow> {
  const z = await ctx.db.selectFrom('zones').selectAll().where('id', '=', id).executeTakeFirst();
  if (!z) throw errors.notFound('zone');
  return z;
}

/** Loads a zone whose commission lies in the actor's zone.manage scope, else NOT_FOUND ('zone'). */
async function zoneToManage(ctx: Ctx, id: string, opts: { forUpdate?: boolean } = {}): Promise<ZoneRow> {
  return loadInScope<ZoneAction, ZoneRow>(ctx, zonePolicy, id, 'manage', opts);
}

/** Returns a zone with its full membership history and role holders. */
export async function getZone(ctx: Ctx, id: string): Promise<ZoneDetail> {
  const z = await zoneRow(ctx, id);
  const central = z.central_township_code
    ? await ctx.db.selectFrom('regions').select('name').where('code', '=', z.central_township_code).executeTakeFirst()
    : undefined;
  const memberships = await ctx.db
    .selectFrom('zone_memberships as m')
    .leftJoin('regions as r', 'r.code', 'm.township_code')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .select([
      'm.id',
      'm.member_kind',
      'm.township_code',
      'm.unit_id',
      'r.name as region_name',
      'u.name as unit_name',
      'm.effective_from',
      'm.effective_to',
    ])
    .where('m.zone_id', '=', id)
    .orderBy('m.effective_from')
    .orderBy('m.township_code')
    .execute();
  const roles = await ctx.db
    .selectFrom('zone_roles as zr')
    .leftJoin('staff as s', 's.id', 'zr.staff_id')
    .select(['zr.id', 'zr.staff_id', 's.name', 'zr.role', 'zr.effective_from', 'zr.effective_to'])
    .where('zr.zone_id', '=', id)
    .orderBy('zr.effective_from')
    .execute();
  const d = today(ctx);
  const mapped = memberships.map((m) => ({
    id: m.id,
    memberKind: m.member_kind as 'township' | 'dispatched_group',
    townshipCode: m.township_code,
    unitId: m.unit_id,
    name: m.region_name ?? m.unit_name ?? '',
    effectiveFrom: m.effective_from,
    effectiveTo: m.effective_to,
  }));
  return {
    ...presentZone(z, central?.name ?? null),
    townships: mapped
      .filter((m) => m.townshipCode && m.effectiveFrom <= d && (!m.effectiveTo || m.effectiveTo > d))
      .map((m) => ({ membershipId: m.id, code: m.townshipCode!, name: m.name, effectiveFrom: m.effectiveFrom })),
    memberships: mapped,
    roles: roles.map((r) => ({
      id: r.id,
      staffId: r.staff_id,
      staffName: r.name ?? '',
      role: r.role as ZoneRole,
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
    })),
  };
}

/**
 * Creates zone number `ordinal` of a county commission, named "XX县纪检监察第X协作区".
 * Throws NOT_FOUND (commission out of scope), VALIDATION_FAILED, CONFLICT (ordinal taken).
 */
export async function createZone(
  ctx: Ctx,
  input: {
    commissionUnitId: string;
    ordinal: number;
    centralTownshipCode?: string | null | undefined;
    id?: string | undefined;
  },
): Promise<ZoneDetail> {
  return inTransaction(ctx, async (tx) => {
    const commission = await loadInScope<'setUp', UnitRow>(tx, zoneCommissionPolicy, input.commissionUnitId, 'setUp');
    if (commission.kind !== 'commission')
      throw errors.validation({ field: 'commissionUnitId' }, '协作区须由县纪委监委设立');
    const county = await tx.db
      .selectFrom('regions')
      .selectAll()
      .where('code', '=', commission.region_code)
      .executeTakeFirstOrThrow();
    if (county.level !== 'county') throw errors.validation({ field: 'commissionUnitId' }, '协作区须由县级纪委监委设立');
    const taken = await tx.db
      .selectFrom('zones')
      .select('id')
      .where('commission_unit_id', '=', commission.id)
      .where('ordinal', '=', input.ordinal)
      .executeTakeFirst();
    if (taken) throw errors.conflict({ field: 'ordinal', reason: '该序号的协作区已存在' });
    if (input.centralTownshipCode) await assertTownshipOfCounty(tx, input.centralTownshipCode, county.code);
    const id = input.id ?? newId();
    const at = nowIso(tx);
    const row: ZoneRow = {
      id,
      commission_unit_id: commission.id,
      ordinal: input.ordinal,
      name: `${county.name}纪检监察第${chineseOrdinal(input.ordinal)}协作区`,
      central_township_code: input.centralTownshipCode ?? null,
      workroom_unit_id: null,
      owner_unit_id: commission.id,
      owner_unit_path: commission.path,
      region_path: county.path,
      county_code: county.code,
      active: 1,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('zones').values(row).execute();
    await recordAudit(tx, {
      action: 'zone.create',
      resourceType: 'zone',
      resourceId: id,
      unitId: commission.id,
      changes: diffChanges(null, { name: row.name, central_township_code: row.central_township_code }),
    });
    return getZone(tx, id);
  });
}

async function assertTownshipOfCounty(ctx: Ctx, code: string, countyCode: string): Promise<void> {
  const t = await ctx.db
    .selectFrom('regions')
    .select(['code', 'level', 'county_code'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!t || t.level !== 'township' || t.county_code !== countyCode) {
    throw domainError('INVALID_REGION_CODE', { code, reason: '须为本县的乡镇' });
  }
}

/** Edits a zone's central township or workroom (optimistic locking). */
export async function updateZone(
  ctx: Ctx,
  id: string,
  patch: {
    centralTownshipCode?: string | null | undefined;
    workroomUnitId?: string | null | undefined;
    version: number;
  },
): Promise<ZoneDetail> {
  return inTransaction(ctx, async (tx) => {
    const before = await zoneToManage(tx, id, { forUpdate: true });
    if (before.version !== patch.version) throw errors.conflict({ currentVersion: before.version });
    if (patch.centralTownshipCode) await assertTownshipOfCounty(tx, patch.centralTownshipCode, before.county_code);
    if (patch.workroomUnitId) {
      const w = await tx.db
        .selectFrom('units')
        .select(['kind', 'path'])
        .where('id', '=', patch.workroomUnitId)
        .executeTakeFirst();
      // A zone's workroom is one of its own commission's units: any other is not this zone's to
      // take (404, as a unit outside scope), whatever its kind.
      const commission = await tx.db
        .selectFrom('units')
        .select('path')
        .where('id', '=', before.commission_unit_id)
        .executeTakeFirstOrThrow();
      if (!w || !w.path.startsWith(commission.path)) throw errors.notFound('unit');
      if (w.kind !== 'workroom') throw errors.validation({ field: 'workroomUnitId' }, '须为乡镇纪检监察工作室');
    }
    const next = {
      central_township_code:
        patch.centralTownshipCode === undefined ? before.central_township_code : patch.centralTownshipCode,
      workroom_unit_id: patch.workroomUnitId === undefined ? before.workroom_unit_id : patch.workroomUnitId,
    };
    await tx.db
      .updateTable('zones')
      .set({ ...next, version: before.version + 1, updated_at: nowIso(tx) })
      .where('id', '=', id)
      .execute();
    if (next.workroom_unit_id) await setUnitZone(tx, next.workroom_unit_id, id);
    await recordAudit(tx, {
      action: 'zone.update',
      resourceType: 'zone',
      resourceId: id,
      unitId: before.owner_unit_id,
      changes: diffChanges(before, next),
    });
    invalidateAccessCache();
    return getZone(tx, id);
  });
}

/**
 * Adds a township (or a dispatched group) to a zone from `effectiveFrom`. A township belongs
 * to at most one zone at a time: any overlapping membership anywhere is refused with
 * ZONE_MEMBERSHIP_CONFLICT (and a unique index backs the rule for open memberships).
 */
export async function addMembership(
  ctx: Ctx,
  zoneId: string,
  input: {
    townshipCode?: string | undefined;
    unitId?: string | undefined;
    effectiveFrom: string;
    effectiveTo?: string | null | undefined;
  },
): Promise<ZoneDetail> {
  if (!!input.townshipCode === !!input.unitId)
    throw errors.validation({ fields: ['townshipCode', 'unitId'] }, '须且只能指定乡镇或派驻机构之一');
  if (input.effectiveTo && input.effectiveTo <= input.effectiveFrom) throw domainError('INVALID_DATE_RANGE');
  return inTransaction(ctx, async (tx) => {
    const zone = await zoneToManage(tx, zoneId);
    if (input.townshipCode) await assertTownshipOfCounty(tx, input.townshipCode, zone.county_code);
    if (input.unitId) {
      const u = await tx.db
        .selectFrom('units')
        .select(['kind', 'county_code'])
        .where('id', '=', input.unitId)
        .executeTakeFirst();
      if (!u || u.kind !== 'dispatched_group' || u.county_code !== zone.county_code) {
        throw errors.validation({ field: 'unitId' }, '须为本县的派驻纪检监察组');
      }
    }
    const to = input.effectiveTo ?? '9999-12-31';
    let overlap = tx.db
      .selectFrom('zone_memberships as m')
      .innerJoin('zones as z', 'z.id', 'm.zone_id')
      .select(['m.id', 'm.zone_id', 'z.name', 'm.effective_from', 'm.effective_to'])
      .where('m.effective_from', '<', to)
      .where((eb) => eb.or([eb('m.effective_to', 'is', null), eb('m.effective_to', '>', input.effectiveFrom)]));
    overlap = input.townshipCode
      ? overlap.where('m.township_code', '=', input.townshipCode)
      : overlap.where('m.unit_id', '=', input.unitId!);
    const clash = await overlap.executeTakeFirst();
    if (clash) {
      throw domainError('ZONE_MEMBERSHIP_CONFLICT', {
        zoneId: clash.zone_id,
        zoneName: clash.name,
        effectiveFrom: clash.effective_from,
        effectiveTo: clash.effective_to,
      });
    }
    const id = newId();
    await tx.db
      .insertInto('zone_memberships')
      .values({
        id,
        zone_id: zoneId,
        member_kind: input.townshipCode ? 'township' : 'dispatched_group',
        township_code: input.townshipCode ?? null,
        unit_id: input.unitId ?? null,
        effective_from: input.effectiveFrom,
        effective_to: input.effectiveTo ?? null,
        created_at: nowIso(tx),
      })
      .execute();
    await recordAudit(tx, {
      action: 'zone.membership_add',
      resourceType: 'zone',
      resourceId: zoneId,
      unitId: zone.owner_unit_id,
      changes: { member: [null, input.townshipCode ?? input.unitId], effectiveFrom: [null, input.effectiveFrom] },
    });
    invalidateAccessCache();
    return getZone(tx, zoneId);
  });
}

/** Ends a membership on `effectiveTo` (the history is kept). Throws INVALID_DATE_RANGE. */
export async function endMembership(
  ctx: Ctx,
  zoneId: string,
  membershipId: string,
  effectiveTo: string,
): Promise<ZoneDetail> {
  return inTransaction(ctx, async (tx) => {
    const zone = await zoneToManage(tx, zoneId);
    const m = await tx.db
      .selectFrom('zone_memberships')
      .selectAll()
      .where('id', '=', membershipId)
      .where('zone_id', '=', zoneId)
      .executeTakeFirst();
    if (!m) throw errors.notFound('membership');
    if (m.effective_to) throw errors.conflict({ reason: '该成员关系已结束' });
    if (effectiveTo <= m.effective_from)
      throw domainError('INVALID_DATE_RANGE', { effectiveFrom: m.effective_from, effectiveTo });
    await tx.db
      .updateTable('zone_memberships')
      .set({ effective_to: effectiveTo })
      .where('id', '=', membershipId)
      .execute();
    await recordAudit(tx, {
      action: 'zone.membership_end',
      resourceType: 'zone',
      resourceId: zoneId,
      unitId: zone.owner_unit_id,
      changes: { member: [m.township_code ?? m.unit_id, null], effectiveTo: [null, effectiveTo] },
    });
    invalidateAccessCache();
    return getZone(tx, zoneId);
  });
}

/** Appoints a staff member to a zone role from a date. Throws ZONE_ROLE_CONFLICT. */
export async function addZoneRole(
  ctx: Ctx,
  zoneId: string,
  input: { staffId: string; role: ZoneRole; effectiveFrom: string },
): Promise<ZoneDetail> {
  return inTransaction(ctx, async (tx) => {
    const zone = await zoneToManage(tx, zoneId);
    const staff = await tx.db
      .selectFrom('staff')
      .select(['id', 'county_code'])
      .where('id', '=', input.staffId)
      .executeTakeFirst();
    if (!staff || staff.county_code !== zone.county_code)
      throw errors.validation({ field: 'staffId' }, '须为本县的干部');
    const open = await tx.db
      .selectFrom('zone_roles')
      .selectAll()
      .where('zone_id', '=', zoneId)
      .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', input.effectiveFrom)]))
      .execute();
    if (open.some((r) => r.staff_id === input.staffId))
      throw domainError('ZONE_ROLE_CONFLICT', { reason: '该干部已在本协作区任职' });
    if (SINGLE_HOLDER.has(input.role) && open.some((r) => r.role === input.role)) {
      throw domainError('ZONE_ROLE_CONFLICT', { role: input.role });
    }
    const id = newId();
    await tx.db
      .insertInto('zone_roles')
      .values({
        id,
        zone_id: zoneId,
        staff_id: input.staffId,
        role: input.role,
        effective_from: input.effectiveFrom,
        effective_to: null,
        created_at: nowIso(tx),
      })
      .execute();
    await recordAudit(tx, {
      action: 'zone.role_add',
      resourceType: 'zone',
      resourceId: zoneId,
      unitId: zone.owner_unit_id,
      changes: { role: [null, input.role], staffId: [null, input.staffId], effectiveFrom: [null, input.effectiveFrom] },
    });
    return getZone(tx, zoneId);
  });
}

/** Ends a zone role on a date. */
export async function endZoneRole(ctx: Ctx, zoneId: string, roleId: string, effectiveTo: string): Promise<ZoneDetail> {
  return inTransaction(ctx, async (tx) => {
    const zone = await zoneToManage(tx, zoneId);
    const r = await tx.db
      .selectFrom('zone_roles')
      .selectAll()
      .where('id', '=', roleId)
      .where('zone_id', '=', zoneId)
      .executeTakeFirst();
    if (!r) throw errors.notFound('zone_role');
    if (r.effective_to) throw errors.conflict({ reason: '该任职已结束' });
    if (effectiveTo <= r.effective_from) throw domainError('INVALID_DATE_RANGE');
    await tx.db.updateTable('zone_roles').set({ effective_to: effectiveTo }).where('id', '=', roleId).execute();
    await recordAudit(tx, {
      action: 'zone.role_end',
      resourceType: 'zone',
      resourceId: zoneId,
      unitId: zone.owner_unit_id,
      changes: { role: [r.role, null], staffId: [r.staff_id, null], effectiveTo: [null, effectiveTo] },
    });
    return getZone(tx, zoneId);
  });
}
