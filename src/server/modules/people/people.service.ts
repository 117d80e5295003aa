import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { StaffRow, SubjectRow } from './people.tables.js';
import { type UnitRow, findCompetentUnit } from '../org/index.js';
import { loadInScope, visibleWhere } from '../access/index.js';
import { diffChanges, recordAudit } from '../audit/index.js';
import { type StaffAction, type SubjectAction, peopleUnitPolicy, staffPolicy, subjectPolicy } from './people.policy.js';

import { CADRE_AUTHORITIES, type CadreAuthority } from '../../shared/org.codes.js';

/** Cadre authorities (干部管理权限), from the code list the console shares (src/server/shared/org.codes.ts). */
export { CADRE_AUTHORITIES, type CadreAuthority };

/** A staff member as the API shows them. */
export interface StaffView {
  id: string;
  unitId: string;
  unitName: string | null;
  name: string;
  gender: 'male' | 'female' | null;
  position: string;
  education: string | null;
  partyMember: boolean;
  birthDate: string | null;
  workStartDate: string | null;
  unitStartDate: string | null;
  active: boolean;
  version: number;
}

/** A subject (a person who may be reported) as the API shows them. */
export interface SubjectView {
  id: string;
  name: string;
  gender: 'male' | 'female' | null;
  position: string;
  employer: string;
  regionCode: string;
  regionName: string | null;
  cadreAuthority: CadreAuthority;
  ownerUnitId: string;
  partyMember: boolean;
  active: boolean;
  version: number;
}

function presentStaff(r: StaffRow & { unit_name: string | null }): StaffView {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    name: r.name,
    gender: r.gender as StaffView['gender'],
    position: r.position,
    education: r.education,
    partyMember: r.party_member === 1,
    birthDate: r.birth_date,
    workStartDate: r.work_start_date,
    unitStartDate: r.unit_start_date,
    active: r.active === 1,
    version: r.version,
  };
}

function presentSubject(r: SubjectRow & { region_name: string | null }): SubjectView {
  return {
    id: r.id,
    name: r.name,
    gender: r.gender as SubjectView['gender'],
    position: r.position,
    employer: r.employer,
    regionCode: r.region_code,
    regionName: r.region_name,
    cadreAuthority: r.cadre_authority as CadreAuthority,
    ownerUnitId: r.owner_unit_id,
    partyMember: r.party_member === 1,
    active: r.active === 1,
    version: r.version,
  };
}

/** Filters of the staff list. */
export interface StaffQuery {
  q?: string | undefined;
  unitId?: string | undefined;
  page: number;
  pageSize: number;
}

function staffBase(ctx: Ctx, q: Omit<StaffQuery, 'page' | 'pageSize'>) {
  let qb = ctx.db.selectFrom('staff as s').where(visibleWhere(ctx, staffPolicy, 'read', { alias: 's' }));
  if (q.unitId) qb = qb.where('s.unit_id', '=', q.unitId);
  if (q.q) qb = qb.where('s.name', 'like', `%${q.q.replace(/[%_]/g, '')}%`);
  return qb;
}

/** Lists staff inside the caller's scope (scope is a SQL predicate). */
export async function listStaff(ctx: Ctx, q: StaffQuery): Promise<{ items: StaffView[]; total: number }> {
  const base = staffBase(ctx, q);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .leftJoin('units as u', 'u.id', 's.unit_id')
      .selectAll('s')
      .select('u.name as unit_name')
      .orderBy('s.owner_unit_path')
      .orderBy('s.name')
      .orderBy('s.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return { items: rows.map(presentStaff), total: Number(count.n) };
}

/** Streams every staff row matching the filters, in batches, for exports. */
export async function* iterateStaff(ctx: Ctx, q: Omit<StaffQuery, 'page' | 'pageSize'>): AsyncGenerator<StaffView> {
  let after = '';
  for (;;) {
    const rows = await staffBase(ctx, q)
      .leftJoin('units as u', 'u.id', 's.unit_id')
      .selectAll('s')
      .select('u.name as unit_name')
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(1000)
      .execute();
    for (const r of rows) yield presentStaff(r);
    if (rows.length < 1000) return;
    after = rows.at(-1)!.id;
  }
}

/** Returns one staff member in scope for `action`, or NOT_FOUND (read through the staff policy). */
export async function getStaff(ctx: Ctx, id: string, action: StaffAction = 'read'): Promise<StaffView> {
  const row = await loadInScope<StaffAction, StaffRow>(ctx, staffPolicy, id, action);
  const unit = await ctx.db.selectFrom('units').select('name').where('id', '=', row.unit_id).executeTakeFirst();
  return presentStaff({ ...row, unit_name: unit?.name ?? null });
}

/** Reads a staff member and records the read in the audit chain (personnel records are personal data). */
export async function readStaffAudited(ctx: Ctx, id: string): Promise<StaffView> {
  return inTransaction(ctx, async (tx) => {
    const view = await getStaff(tx, id);
    await recordAudit(tx, { action: 'staff.read', resourceType: 'staff', resourceId: id, unitId: view.unitId });
    return view;
  });
}

/** Input of staff create/update. */
export interface StaffInput {
  unitId: string;
  name: string;
  gender?: 'male' | 'female' | null | undefined;
  position: string;
  education?: string | null | undefined;
  partyMember?: boolean | undefined;
  birthDate?: string | null | undefined;
  workStartDate?: string | null | undefined;
  unitStartDate?: string | null | undefined;
  active?: boolean | undefined;
}

/** The unit a staff member or subject is put in: inside the actor's manage scope, else NOT_FOUND ('unit'). */
async function unitForWrite(ctx: Ctx, unitId: string, action: 'staff' | 'subject'): Promise<UnitRow> {
  return loadInScope<'staff' | 'subject', UnitRow>(ctx, peopleUnitPolicy, unitId, action);
}

function staffColumns(input: StaffInput, unit: UnitRow) {
  return {
    unit_id: unit.id,
    name: input.name,
    gender: input.gender ?? null,
    position: input.position,
    education: input.education ?? null,
    party_member: input.partyMember === false ? 0 : 1,
    birth_date: input.birthDate ?? null,
    work_start_date: input.workStartDate ?? null,
    unit_start_date: input.unitStartDate ?? null,
    active: input.active === false ? 0 : 1,
    owner_unit_id: unit.id,
    owner_unit_path: unit.path,
    region_path: unit.region_path,
    county_code: unit.county_code,
  };
}

/** Adds a staff member to a unit inside the caller's scope. */
export async function createStaff(ctx: Ctx, input: StaffInput): Promise<StaffView> {
  return inTransaction(ctx, async (tx) => {
    const unit = await unitForWrite(tx, input.unitId, 'staff');
    const id = newId();
    const at = nowIso(tx);
    const cols = staffColumns(input, unit);
    await tx.db
      .insertInto('staff')
      .values({ id, ...cols, version: 1, created_at: at, updated_at: at })
      .execute();
    await recordAudit(tx, {
      action: 'staff.create',
      resourceType: 'staff',
      resourceId: id,
      unitId: unit.id,
      changes: diffChanges(null, cols),
    });
    return getStaff(tx, id, 'manage');
  });
}

/** Edits a staff member; fields left out keep their values (optimistic locking by version). Throws NOT_FOUND, CONFLICT. */
export async function updateStaff(
  ctx: Ctx,
  id: string,
  patch: Partial<StaffInput> & { version: number },
): Promise<StaffView> {
  return inTransaction(ctx, async (tx) => {
    const before = await loadInScope<StaffAction, StaffRow>(tx, staffPolicy, id, 'manage', { forUpdate: true });
    if (before.version !== patch.version) throw errors.conflict({ currentVersion: before.version });
    const input: StaffInput = {
      unitId: patch.unitId ?? before.unit_id,
      name: patch.name ?? before.name,
      gender: patch.gender === undefined ? (before.gender as StaffInput['gender']) : patch.gender,
      position: patch.position ?? before.position,
      education: patch.education === undefined ? before.education : patch.education,
      partyMember: patch.partyMember ?? before.party_member === 1,
      birthDate: patch.birthDate === undefined ? before.birth_date : patch.birthDate,
      workStartDate: patch.workStartDate === undefined ? before.work_start_date : patch.workStartDate,
      unitStartDate: patch.unitStartDate === undefined ? before.unit_start_date : patch.unitStartDate,
      active: patch.active ?? before.active === 1,
    };
    const unit = await unitForWrite(tx, input.unitId, 'staff');
    const cols = staffColumns(input, unit);
    await tx.db
      .updateTable('staff')
      .set({ ...cols, version: before.version + 1, updated_at: nowIso(tx) })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      action: 'staff.update',
      resourceType: 'staff',
      resourceId: id,
      unitId: unit.id,
      changes: diffChanges(before, cols),
    });
    return getStaff(tx, id, 'manage');
  });
}

/** Filters of the subject list. */
export interface SubjectQuery {
  q?: string | undefined;
  cadreAuthority?: CadreAuthority | undefined;
  regionCode?: string | undefined;
  page: number;
  pageSize: number;
}

function subjectBase(ctx: Ctx, q: Omit<SubjectQuery, 'page' | 'pageSize'>) {
  let qb = ctx.db.selectFrom('subjects as s').where(visibleWhere(ctx, subjectPolicy, 'read', { alias: 's' }));
  if (q.cadreAuthority) qb = qb.where('s.cadre_authority', '=', q.cadreAuthority);
  if (q.regionCode) qb = qb.where('s.region_code', '=', q.regionCode);
  if (q.q) qb = qb.where('s.name', 'like', `%${q.q.replace(/[%_]/g, '')}%`);
  return qb;
}

/** Lists subjects inside the caller's scope. */
export async function listSubjects(ctx: Ctx, q: SubjectQuery): Promise<{ items: SubjectView[]; total: number }> {
  const base = subjectBase(ctx, q);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .leftJoin('regions as r', 'r.code', 's.region_code')
      .selectAll('s')
      .select('r.name as region_name')
      .orderBy('s.region_path')
      .orderBy('s.name')
      .orderBy('s.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return { items: rows.map(presentSubject), total: Number(count.n) };
}

/** Streams every subject matching the filters, for exports. */
export async function* iterateSubjects(
  ctx: Ctx,
  q: Omit<SubjectQuery, 'page' | 'pageSize'>,
): AsyncGenerator<SubjectView> {
  let after = '';
  for (;;) {
    const rows = await subjectBase(ctx, q)
      .leftJoin('regions as r', 'r.code', 's.region_code')
      .selectAll('s')
      .select('r.name as region_name')
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(1000)
      .execute();
    for (const r of rows) yield presentSubject(r);
    if (rows.length < 1000) return;
    after = rows.at(-1)!.id;
  }
}

/** Returns one subject in scope for `action`, or NOT_FOUND (read through the subject policy). */
export async function getSubject(ctx: Ctx, id: string, action: SubjectAction = 'read'): Promise<SubjectView> {
  const row = await loadInScope<SubjectAction, SubjectRow>(ctx, subjectPolicy, id, action);
  const region = await ctx.db
    .selectFrom('regions')
    .select('name')
    .where('code', '=', row.region_code)
    .executeTakeFirst();
  return presentSubject({ ...row, region_name: region?.name ?? null });
}

/** Reads a subject and records the read in the audit chain (a person's record is sensitive). */
export async function readSubjectAudited(ctx: Ctx, id: string): Promise<SubjectView> {
  return inTransaction(ctx, async (tx) => {
    const view = await getSubject(tx, id);
    await recordAudit(tx, {
      action: 'subject.read',
      resourceType: 'subject',
      resourceId: id,
      unitId: view.ownerUnitId,
    });
    return view;
  });
}

/** Input of subject create/update. */
export interface SubjectInput {
  name: string;
  gender?: 'male' | 'female' | null | undefined;
  position: string;
  employer: string;
  regionCode: string;
  cadreAuthority: CadreAuthority;
  partyMember?: boolean | undefined;
  active?: boolean | undefined;
  /** Owner unit; by default the body competent by cadre authority. */
  ownerUnitId?: string | undefined;
}

async function subjectColumns(ctx: Ctx, input: SubjectInput) {
  const region = await ctx.db.selectFrom('regions').selectAll().where('code', '=', input.regionCode).executeTakeFirst();
  if (!region) throw errors.validation({ field: 'regionCode' }, '行政区划不存在');
  const competent = input.ownerUnitId ? null : await findCompetentUnit(ctx, region.code, input.cadreAuthority);
  const ownerId = input.ownerUnitId ?? competent?.id;
  if (!ownerId) throw errors.validation({ field: 'ownerUnitId' }, '找不到有管辖权的单位，请指定归属单位');
  const unit = await unitForWrite(ctx, ownerId, 'subject');
  return {
    name: input.name,
    gender: input.gender ?? null,
    position: input.position,
    employer: input.employer,
    region_code: region.code,
    cadre_authority: input.cadreAuthority,
    party_member: input.partyMember ? 1 : 0,
    active: input.active === false ? 0 : 1,
    owner_unit_id: unit.id,
    owner_unit_path: unit.path,
    region_path: region.path,
    county_code: region.county_code,
  };
}

/** Adds a subject, owned by the body competent for them unless another unit is given. */
export async function createSubject(ctx: Ctx, input: SubjectInput): Promise<SubjectView> {
  return inTransaction(ctx, async (tx) => {
    const cols = await subjectColumns(tx, input);
    const id = newId();
    const at = nowIso(tx);
    await tx.db
      .insertInto('subjects')
      .values({ id, ...cols, version: 1, created_at: at, updated_at: at })
      .execute();
    await recordAudit(tx, {
      action: 'subject.create',
      resourceType: 'subject',
      resourceId: id,
      unitId: cols.owner_unit_id,
      changes: diffChanges(null, cols),
    });
    return getSubject(tx, id, 'manage');
  });
}

/** Edits a subject; fields left out keep their values (optimistic locking by version). Throws NOT_FOUND, CONFLICT. */
export async function updateSubject(
  ctx: Ctx,
  id: string,
  patch: Partial<SubjectInput> & { version: number },
): Promise<SubjectView> {
  return inTransaction(ctx, async (tx) => {
    const before = await loadInScope<SubjectAction, SubjectRow>(tx, subjectPolicy, id, 'manage', {
      forUpdate: true,
    });
    if (before.version !== patch.version) throw errors.conflict({ currentVersion: before.version });
    const input: SubjectInput = {
      name: patch.name ?? before.name,
      gender: patch.gender === undefined ? (before.gender as SubjectInput['gender']) : patch.gender,
      position: patch.position ?? before.position,
      employer: patch.employer ?? before.employer,
      regionCode: patch.regionCode ?? before.region_code,
      cadreAuthority: patch.cadreAuthority ?? (before.cadre_authority as CadreAuthority),
      partyMember: patch.partyMember ?? before.party_member === 1,
      active: patch.active ?? before.active === 1,
      // Moving the person or changing their cadre authority re-routes them to the competent body.
      ownerUnitId: patch.ownerUnitId ?? (patch.regionCode || patch.cadreAuthority ? undefined : before.owner_unit_id),
    };
    const cols = await subjectColumns(tx, input);
    await tx.db
      .updateTable('subjects')
      .set({ ...cols, version: before.version + 1, updated_at: nowIso(tx) })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      action: 'subject.update',
      resourceType: 'subject',
      resourceId: id,
      unitId: cols.owner_unit_id,
      changes: diffChanges(before, cols),
    });
    return getSubject(tx, id, 'manage');
  });
}
