/**
 * The county's small-powers list as configuration (小微权力清单, issue 16 §3): items with their
 * steps, versioned — an edit writes a new version and the old one stays for the uses recorded
 * against it (past uses are judged by the rules of their time). The default skeleton is loaded
 * once per county and then edited like any item.
 */
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { MICRO_POWER_AREAS, type MicroPowerArea, type MicroPowerStep } from '../../shared/micro-powers.codes.js';
import { recordAudit } from '../audit/index.js';
import { itemConfigureWhere, itemReadWhere, unitReachWhere } from './micro-powers.policy.js';
import { DEFAULT_SKELETON } from './micro-powers.skeleton.js';
import type { MicroPowerItemRow } from './micro-powers.tables.js';

/** A step as a form sends it (its order is its place in the list). */
export interface StepInput {
  name: string;
  actor: string;
  publishes: boolean;
  publicationDays?: number | null | undefined;
  documents: string[];
}

/** What an item takes. */
export interface ItemInput {
  area: MicroPowerArea;
  code: string;
  name: string;
  basis?: string | null | undefined;
  steps: StepInput[];
}

/** An item version as the console shows it. */
export interface ItemView {
  id: string;
  itemKey: string;
  version: number;
  current: boolean;
  retired: boolean;
  area: MicroPowerArea;
  code: string;
  name: string;
  basis: string | null;
  origin: 'skeleton' | 'county';
  steps: MicroPowerStep[];
  changeNote: string | null;
  countyCode: string;
  createdAt: string;
  /** Whether the reader may edit or retire it (the server stays the authority). */
  canConfigure: boolean;
}

/** The list's filters. */
export interface ItemQuery {
  area?: MicroPowerArea | undefined;
  q?: string | undefined;
  includeRetired?: boolean | undefined;
  page: number;
  pageSize: number;
}

/** Checks and normalises steps: names and actors given, publication days only with a publication. VALIDATION_FAILED naming the step. */
export function normaliseSteps(steps: readonly StepInput[]): MicroPowerStep[] {
  if (steps.length === 0) throw errors.validation({ field: 'steps' }, '每个事项至少要有一个步骤');
  return steps.map((s, i) => {
    const field = `steps[${i}]`;
    const name = s.name.trim();
    const actor = s.actor.trim();
    if (!name) throw errors.validation({ field: `${field}.name` }, `第${i + 1}步：请填写步骤名称`);
    if (!actor) throw errors.validation({ field: `${field}.actor` }, `第${i + 1}步：请填写实施或审批主体`);
    const days = s.publicationDays ?? null;
    if (!s.publishes && days !== null)
      throw errors.validation({ field: `${field}.publicationDays` }, `第${i + 1}步：不公示的步骤不填公示天数`);
    const documents = [...new Set(s.documents.map((d) => d.trim()).filter(Boolean))];
    return { seq: i + 1, name, actor, publishes: s.publishes, publicationDays: days, documents };
  });
}

/** Parses a stored version's steps. */
export function stepsOf(row: Pick<MicroPowerItemRow, 'steps'>): MicroPowerStep[] {
  return JSON.parse(row.steps) as MicroPowerStep[];
}

function view(row: MicroPowerItemRow & { can_configure?: number | boolean | null }): ItemView {
  return {
    id: row.id,
    itemKey: row.item_key,
    version: row.version,
    current: Number(row.current) === 1,
    retired: Number(row.retired) === 1,
    area: row.area as MicroPowerArea,
    code: row.code,
    name: row.name,
    basis: row.basis,
    origin: row.origin as 'skeleton' | 'county',
    steps: stepsOf(row),
    changeNote: row.change_note,
    countyCode: row.county_code,
    createdAt: row.created_at,
    canConfigure: Number(row.can_configure ?? 0) === 1,
  };
}

function selectItems(ctx: Ctx) {
  return ctx.db
    .selectFrom('micro_power_items as i')
    .selectAll('i')
    .select((eb) =>
      eb
        .case()
        .when(itemConfigureWhere(ctx, 'i')(eb as never))
        .then(1)
        .else(0)
        .end()
        .as('can_configure'),
    )
    .where((eb) => itemReadWhere(ctx, 'i')(eb as never));
}

/** The current items of the counties in reach, by their number in the list (retired ones on request). */
export async function listItems(ctx: Ctx, q: ItemQuery): Promise<{ items: ItemView[]; total: number }> {
  requireActor(ctx);
  let base = ctx.db
    .selectFrom('micro_power_items as i')
    .where('i.current', '=', 1)
    .where((eb) => itemReadWhere(ctx, 'i')(eb as never));
  if (!q.includeRetired) base = base.where('i.retired', '=', 0);
  if (q.area) base = base.where('i.area', '=', q.area);
  const text = q.q?.trim();
  if (text) base = base.where((eb) => eb.or([eb('i.name', 'like', `%${text}%`), eb('i.code', 'like', `%${text}%`)]));
  const [{ n }] = (await base.select((eb) => eb.fn.countAll<number | string>().as('n')).execute()) as [
    { n: number | string },
  ];
  const ids = await base
    .select('i.id')
    .orderBy('i.county_code')
    .orderBy('i.code')
    .orderBy('i.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  if (ids.length === 0) return { items: [], total: Number(n) };
  const rows = await selectItems(ctx)
    .where(
      'i.id',
      'in',
      ids.map((r) => r.id),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: ids.map((r) => view(byId.get(r.id)!)), total: Number(n) };
}

/** One item version with its history (every version, newest first). NOT_FOUND outside reach. */
export async function readItem(ctx: Ctx, id: string): Promise<ItemView & { history: ItemView[] }> {
  requireActor(ctx);
  const row = await selectItems(ctx).where('i.id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('micro_power_item');
  const history = await selectItems(ctx)
    .where('i.item_key', '=', row.item_key)
    .where('i.county_code', '=', row.county_code)
    .orderBy('i.version', 'desc')
    .execute();
  return { ...view(row), history: history.map(view) };
}

/** The county commission of `countyCode` the actor configures for, or FORBIDDEN-as-NOT_FOUND. */
async function configuringUnit(ctx: Ctx, countyCode: string | null | undefined) {
  const actor = requireActor(ctx);
  let county = countyCode ?? null;
  if (!county && actor.unitId) {
    const own = await ctx.db
      .selectFrom('units')
      .select('county_code')
      .where('id', '=', actor.unitId)
      .executeTakeFirst();
    county = own?.county_code ?? null;
  }
  if (!county) throw errors.validation({ field: 'countyCode' }, '请指定县（市、区）');
  const scope = actor.scopes.get('micro_power.configure');
  if (!scope) throw errors.forbidden('micro_power.configure');
  const unit = await ctx.db
    .selectFrom('units as su')
    .innerJoin('regions as r', 'r.code', 'su.region_code')
    .select(['su.id', 'su.path', 'su.region_path', 'su.county_code'])
    .where('su.kind', '=', 'commission')
    .where('su.active', '=', 1)
    .where('r.level', '=', 'county')
    .where('su.county_code', '=', county)
    .where((eb) => unitReachWhere(ctx, 'micro_power.configure')(eb as never))
    .orderBy('su.path')
    .executeTakeFirst();
  // 404: a county the actor does not configure is not theirs to learn about.
  if (!unit?.county_code) throw errors.notFound('county');
  return { ...unit, county_code: unit.county_code };
}

async function codeTaken(tx: Ctx, county: string, code: string, exceptKey: string | null): Promise<boolean> {
  let q = tx.db
    .selectFrom('micro_power_items')
    .select('id')
    .where('county_code', '=', county)
    .where('current', '=', 1)
    .where('retired', '=', 0)
    .where('code', '=', code);
  if (exceptKey) q = q.where('item_key', '!=', exceptKey);
  return !!(await q.executeTakeFirst());
}

function checkItem(input: ItemInput) {
  if (!MICRO_POWER_AREAS.includes(input.area)) throw errors.validation({ field: 'area' }, '未知的事项类别');
  const code = input.code.trim();
  const name = input.name.trim();
  if (!code) throw errors.validation({ field: 'code' }, '请填写事项编号');
  if (!name) throw errors.validation({ field: 'name' }, '请填写事项名称');
  return { code, name, basis: input.basis?.trim() || null, steps: normaliseSteps(input.steps) };
}

/** Adds an item to the county's list (version 1). VALIDATION_FAILED (a code already in use, bad steps); NOT_FOUND for a county out of reach. */
export async function createItem(
  ctx: Ctx,
  input: ItemInput & { countyCode?: string | null | undefined },
): Promise<{ id: string }> {
  const clean = checkItem(input);
  return inTransaction(ctx, async (tx) => {
    const unit = await configuringUnit(tx, input.countyCode);
    if (await codeTaken(tx, unit.county_code, clean.code, null))
      throw errors.validation({ field: 'code' }, '本县清单中已有此编号的事项');
    const id = newId();
    await tx.db
      .insertInto('micro_power_items')
      .values({
        id,
        item_key: newId(),
        version: 1,
        current: 1,
        retired: 0,
        area: input.area,
        code: clean.code,
        name: clean.name,
        basis: clean.basis,
        origin: 'county',
        steps: JSON.stringify(clean.steps),
        change_note: null,
        owner_unit_id: unit.id,
        owner_unit_path: unit.path,
        region_path: unit.region_path,
        county_code: unit.county_code,
        created_by: tx.actor?.userId ?? null,
        created_at: nowIso(tx),
      })
      .execute();
    await recordAudit(tx, {
      action: 'micro_power.item_create',
      resourceType: 'micro_power_item',
      resourceId: id,
      unitId: unit.id,
      changes: { code: [null, clean.code], name: [null, clean.name], steps: [null, clean.steps.length] },
    });
    return { id };
  });
}

/** The current, configurable version `id` for a change, or the matching error. */
async function currentForChange(tx: Ctx, id: string, version: number): Promise<MicroPowerItemRow> {
  const row = await tx.db
    .selectFrom('micro_power_items as i')
    .selectAll('i')
    .where('i.id', '=', id)
    .where((eb) => itemReadWhere(tx, 'i')(eb as never))
    .executeTakeFirst();
  if (!row) throw errors.notFound('micro_power_item');
  const may = await tx.db
    .selectFrom('micro_power_items as i')
    .select('i.id')
    .where('i.id', '=', id)
    .where((eb) => itemConfigureWhere(tx, 'i')(eb as never))
    .executeTakeFirst();
  if (!may) throw errors.forbidden('micro_power.configure');
  if (Number(row.current) !== 1 || Number(row.retired) === 1) {
    const cur = await tx.db
      .selectFrom('micro_power_items')
      .select('id')
      .where('item_key', '=', row.item_key)
      .where('current', '=', 1)
      .executeTakeFirst();
    throw domainError('MICRO_POWER_ITEM_RETIRED', { currentId: cur?.id ?? null });
  }
  if (row.version !== version) throw errors.conflict({ version: row.version });
  return row;
}

/**
 * Revises an item: writes version n+1 (current) and keeps version n for the uses recorded against
 * it. CONFLICT if `version` is not the current one's, MICRO_POWER_ITEM_RETIRED on an old or retired
 * version, VALIDATION_FAILED for bad steps or a code in use.
 */
export async function reviseItem(
  ctx: Ctx,
  id: string,
  input: ItemInput & { version: number; changeNote: string },
): Promise<{ id: string; version: number }> {
  const clean = checkItem(input);
  const note = input.changeNote.trim();
  if (!note) throw errors.validation({ field: 'changeNote' }, '请说明修订理由');
  return inTransaction(ctx, async (tx) => {
    const old = await currentForChange(tx, id, input.version);
    if (await codeTaken(tx, old.county_code, clean.code, old.item_key))
      throw errors.validation({ field: 'code' }, '本县清单中已有此编号的事项');
    // Guarded on `current = 1`: of two revisions racing, the second updates nothing and fails.
    const cleared = await tx.db
      .updateTable('micro_power_items')
      .set({ current: 0 })
      .where('id', '=', old.id)
      .where('current', '=', 1)
      .executeTakeFirst();
    if (Number(cleared.numUpdatedRows) !== 1) throw errors.conflict({ version: old.version });
    const newIdValue = newId();
    await tx.db
      .insertInto('micro_power_items')
      .values({
        ...old,
        id: newIdValue,
        version: old.version + 1,
        current: 1,
        retired: 0,
        area: input.area,
        code: clean.code,
        name: clean.name,
        basis: clean.basis,
        origin: 'county',
        steps: JSON.stringify(clean.steps),
        change_note: note,
        created_by: tx.actor?.userId ?? null,
        created_at: nowIso(tx),
      })
      .execute();
    await recordAudit(tx, {
      action: 'micro_power.item_revise',
      resourceType: 'micro_power_item',
      resourceId: newIdValue,
      unitId: old.owner_unit_id,
      changes: {
        version: [old.version, old.version + 1],
        name: [old.name, clean.name],
        steps: [stepsOf(old).length, clean.steps.length],
        changeNote: [null, note],
      },
    });
    return { id: newIdValue, version: old.version + 1 };
  });
}

/** Withdraws an item from the list (its uses keep it). Same errors as `reviseItem`. */
export async function retireItem(
  ctx: Ctx,
  id: string,
  input: { version: number; reason: string },
): Promise<{ ok: true }> {
  const reason = input.reason.trim();
  if (!reason) throw errors.validation({ field: 'reason' }, '请说明停用理由');
  return inTransaction(ctx, async (tx) => {
    const row = await currentForChange(tx, id, input.version);
    await tx.db
      .updateTable('micro_power_items')
      .set({ retired: 1, change_note: reason })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(tx, {
      action: 'micro_power.item_retire',
      resourceType: 'micro_power_item',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { retired: [false, true], reason: [null, reason] },
    });
    return { ok: true as const };
  });
}

/**
 * Loads the default skeleton into a county with no items yet (every item version 1, origin
 * `skeleton`). MICRO_POWER_LIST_EXISTS if the county has any item; NOT_FOUND for a county out of
 * reach.
 */
export async function loadSkeleton(
  ctx: Ctx,
  input: { countyCode?: string | null | undefined },
): Promise<{ loaded: number }> {
  return inTransaction(ctx, async (tx) => {
    const unit = await configuringUnit(tx, input.countyCode);
    const any = await tx.db
      .selectFrom('micro_power_items')
      .select('id')
      .where('county_code', '=', unit.county_code)
      .executeTakeFirst();
    if (any) throw domainError('MICRO_POWER_LIST_EXISTS', { countyCode: unit.county_code });
    const rows = skeletonRows(unit, tx.actor?.userId ?? null, nowIso(tx));
    await tx.db.insertInto('micro_power_items').values(rows).execute();
    await recordAudit(tx, {
      action: 'micro_power.skeleton_load',
      resourceType: 'micro_power_item',
      unitId: unit.id,
      changes: { countyCode: [null, unit.county_code], items: [null, rows.length] },
    });
    return { loaded: rows.length };
  });
}

/** The skeleton's rows for a county commission (also what the demo seed writes). */
export function skeletonRows(
  unit: { id: string; path: string; region_path: string; county_code: string },
  userId: string | null,
  at: string,
): MicroPowerItemRow[] {
  return DEFAULT_SKELETON.map((s) => ({
    id: newId(),
    item_key: newId(),
    version: 1,
    current: 1,
    retired: 0,
    area: s.area,
    code: s.code,
    name: s.name,
    basis: s.basis,
    origin: 'skeleton',
    steps: JSON.stringify(s.steps),
    change_note: null,
    owner_unit_id: unit.id,
    owner_unit_path: unit.path,
    region_path: unit.region_path,
    county_code: unit.county_code,
    created_by: userId,
    created_at: at,
  }));
}
