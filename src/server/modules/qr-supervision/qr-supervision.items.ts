/**
 * A county department's policies, projects and funds (立码监督): created and edited by the
 * department (drafts), published and withdrawn by it; each with the villages it concerns and their
 * allocations, and its own QR code leading to its public page. The public side (a village's items,
 * one item's page) reads published items only; a report may be about a published item (`qr_item`).
 */
import { qrPng } from '../../documents/qr-png.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { QR_ITEM_KIND_LABELS, type QrItemKind, type QrItemStatus } from '../../shared/qr-supervision.codes.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { activeDepartmentGroup } from '../org/index.js';
import type { AboutFound } from '../reports/index.js';
import { type QrAction, qrItemListWhere, qrItemPolicy } from './qr-supervision.policy.js';
import type { QrItemRow } from './qr-supervision.tables.js';

/** A village an item concerns, as entered. */
export interface AllocationInput {
  regionCode: string;
  /** Fen; null for a policy without an amount per village. */
  amount?: number | null | undefined;
  note?: string | null | undefined;
}

/** What creating or editing an item takes. */
export interface ItemInput {
  kind: QrItemKind;
  title: string;
  year: number;
  summary: string;
  eligibility?: string | null | undefined;
  standard?: string | null | undefined;
  applyWhere?: string | null | undefined;
  budget?: number | null | undefined;
  contractor?: string | null | undefined;
  progress?: string | null | undefined;
  acceptance?: string | null | undefined;
  contactPhone?: string | null | undefined;
  allocations: readonly AllocationInput[];
}

/** An allocation as read: the village's name beside its code. */
export interface AllocationView {
  regionCode: string;
  villageName: string;
  townshipName: string | null;
  amount: number | null;
  note: string | null;
}

/** An item as the console reads it. */
export interface ItemView {
  id: string;
  kind: QrItemKind;
  status: QrItemStatus;
  title: string;
  year: number;
  summary: string;
  eligibility: string | null;
  standard: string | null;
  applyWhere: string | null;
  budget: number | null;
  contractor: string | null;
  progress: string | null;
  acceptance: string | null;
  contactPhone: string | null;
  departmentName: string;
  publishedAt: string | null;
  withdrawnAt: string | null;
  createdAt: string;
  updatedAt: string;
  allocations: AllocationView[];
  /** The public page behind its QR code. */
  publicUrl: string;
  /** Whether the reader may edit, publish and withdraw it. */
  canManage: boolean;
}

const clean = (v: string | null | undefined) => (v === undefined || v === null ? null : v.trim() || null);

/** The public page of item `id` (what its QR code holds). */
export function itemPublicUrl(ctx: Pick<Ctx, 'config'>, id: string): string {
  return `${ctx.config.publicUrl}/r/item/${id}`;
}

/**
 * Checks the allocations' villages: every code a village of `countyCode`, none twice. Throws
 * QR_NOT_VILLAGE with `details.regionCode` otherwise.
 */
async function checkVillages(ctx: Ctx, countyCode: string | null, allocations: readonly AllocationInput[]) {
  const codes = allocations.map((a) => a.regionCode);
  const twice = codes.find((c, i) => codes.indexOf(c) !== i);
  if (twice) throw errors.validation({ field: 'allocations', regionCode: twice }, '同一个村不能重复分配');
  if (codes.length === 0) return;
  const rows = await ctx.db
    .selectFrom('regions')
    .select(['code', 'level', 'county_code'])
    .where('code', 'in', codes)
    .execute();
  const found = new Map(rows.map((r) => [r.code, r]));
  for (const code of codes) {
    const r = found.get(code);
    if (!r || r.level !== 'village' || r.county_code !== countyCode)
      throw domainError('QR_NOT_VILLAGE', { field: 'allocations', regionCode: code });
  }
}

function columns(input: ItemInput) {
  const project = input.kind === 'project';
  const policy = input.kind === 'policy';
  return {
    kind: input.kind,
    title: input.title.trim(),
    year: input.year,
    summary: input.summary.trim(),
    eligibility: policy ? clean(input.eligibility) : null,
    standard: policy ? clean(input.standard) : null,
    apply_where: policy ? clean(input.applyWhere) : null,
    budget: input.budget ?? null,
    contractor: project ? clean(input.contractor) : null,
    progress: project ? clean(input.progress) : null,
    acceptance: project ? clean(input.acceptance) : null,
    contact_phone: clean(input.contactPhone),
  };
}

async function writeAllocations(ctx: Ctx, itemId: string, allocations: readonly AllocationInput[]) {
  await ctx.db.deleteFrom('qr_allocations').where('item_id', '=', itemId).execute();
  if (allocations.length === 0) return;
  await ctx.db
    .insertInto('qr_allocations')
    .values(
      allocations.map((a) => ({
        id: newId(),
        item_id: itemId,
        region_code: a.regionCode,
        amount: a.amount ?? null,
        note: clean(a.note),
      })),
    )
    .execute();
}

/**
 * Creates a draft item of the actor's department (`qr_supervision.manage`; the actor's own unit
 * owns it, its county is the item's). QR_NOT_VILLAGE for an allocation outside the county; one
 * `qr_supervision.item_create` audit event in the same transaction.
 */
export async function createItem(ctx: Ctx, input: ItemInput): Promise<{ id: string; status: QrItemStatus }> {
  const actor = requireActor(ctx);
  if (!actor.unitId) throw errors.forbidden('qr_supervision.manage');
  return inTransaction(ctx, async (tx) => {
    const unit = await tx.db
      .selectFrom('units')
      .select(['id', 'path', 'region_path', 'county_code'])
      .where('id', '=', actor.unitId!)
      .executeTakeFirstOrThrow();
    await checkVillages(tx, unit.county_code, input.allocations);
    const id = newId();
    const at = nowIso(tx);
    await tx.db
      .insertInto('qr_items')
      .values({
        id,
        ...columns(input),
        status: 'draft',
        published_at: null,
        withdrawn_at: null,
        created_by: actor.userId,
        owner_unit_id: unit.id,
        owner_unit_path: unit.path,
        region_path: unit.region_path,
        county_code: unit.county_code,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await writeAllocations(tx, id, input.allocations);
    await recordAudit(tx, {
      action: 'qr_supervision.item_create',
      resourceType: 'qr_item',
      resourceId: id,
      unitId: unit.id,
      changes: {
        kind: [null, input.kind],
        title: [null, input.title.trim()],
        villages: [null, input.allocations.length],
      },
    });
    return { id, status: 'draft' as const };
  });
}

async function loadItem(ctx: Ctx, id: string, action: QrAction, forUpdate = false): Promise<QrItemRow> {
  return loadInScope<QrAction, QrItemRow>(ctx, qrItemPolicy, id, action, { forUpdate });
}

/**
 * Edits an item the actor manages (NOT_FOUND otherwise), in any status: a published item's page
 * shows the edit at once (progress, acceptance). One `qr_supervision.item_update` event.
 */
export async function updateItem(
  ctx: Ctx,
  id: string,
  input: ItemInput,
): Promise<{ id: string; status: QrItemStatus }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadItem(tx, id, 'manage', true);
    await checkVillages(tx, row.county_code, input.allocations);
    const next = columns(input);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries(next)) {
      const old = (row as unknown as Record<string, unknown>)[k];
      if ((old === null ? null : typeof v === 'number' ? Number(old) : old) !== v) changes[k] = [old, v];
    }
    await tx.db
      .updateTable('qr_items')
      .set({ ...next, updated_at: nowIso(tx) })
      .where('id', '=', id)
      .execute();
    await writeAllocations(tx, id, input.allocations);
    await recordAudit(tx, {
      action: 'qr_supervision.item_update',
      resourceType: 'qr_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { ...changes, villages: [null, input.allocations.length] },
    });
    return { id, status: row.status as QrItemStatus };
  });
}

/**
 * Publishes (a draft or a withdrawn item) or withdraws (a published one) an item the actor
 * manages; QR_ITEM_STATE otherwise. One audit event in the same transaction.
 */
export async function setItemPublished(
  ctx: Ctx,
  id: string,
  publish: boolean,
): Promise<{ id: string; status: QrItemStatus; at: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadItem(tx, id, 'manage', true);
    const allowed = publish ? row.status !== 'published' : row.status === 'published';
    if (!allowed) throw domainError('QR_ITEM_STATE', { status: row.status, action: publish ? 'publish' : 'withdraw' });
    const at = nowIso(tx);
    const status: QrItemStatus = publish ? 'published' : 'withdrawn';
    await tx.db
      .updateTable('qr_items')
      .set(
        publish
          ? { status, published_at: at, withdrawn_at: null, updated_at: at }
          : { status, withdrawn_at: at, updated_at: at },
      )
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      action: publish ? 'qr_supervision.item_publish' : 'qr_supervision.item_withdraw',
      resourceType: 'qr_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, status] },
    });
    return { id, status, at };
  });
}

async function allocationsOf(ctx: Ctx, itemIds: readonly string[]): Promise<Map<string, AllocationView[]>> {
  const out = new Map<string, AllocationView[]>();
  if (itemIds.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('qr_allocations as a')
    .innerJoin('regions as r', 'r.code', 'a.region_code')
    .leftJoin('regions as t', 't.code', 'r.parent_code')
    .select(['a.item_id', 'a.region_code', 'a.amount', 'a.note', 'r.name', 't.name as township_name'])
    .where('a.item_id', 'in', [...itemIds])
    .orderBy('a.region_code')
    .execute();
  for (const r of rows) {
    const list = out.get(r.item_id) ?? [];
    list.push({
      regionCode: r.region_code,
      villageName: r.name,
      townshipName: r.township_name,
      amount: r.amount === null ? null : Number(r.amount),
      note: r.note,
    });
    out.set(r.item_id, list);
  }
  return out;
}

function view(
  ctx: Ctx,
  r: QrItemRow & { department_name: string },
  allocations: AllocationView[],
  canManage: boolean,
): ItemView {
  return {
    id: r.id,
    kind: r.kind as QrItemKind,
    status: r.status as QrItemStatus,
    title: r.title,
    year: r.year,
    summary: r.summary,
    eligibility: r.eligibility,
    standard: r.standard,
    applyWhere: r.apply_where,
    budget: r.budget === null ? null : Number(r.budget),
    contractor: r.contractor,
    progress: r.progress,
    acceptance: r.acceptance,
    contactPhone: r.contact_phone,
    departmentName: r.department_name,
    publishedAt: r.published_at,
    withdrawnAt: r.withdrawn_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    allocations,
    publicUrl: itemPublicUrl(ctx, r.id),
    canManage,
  };
}

/** Whether the actor manages item `id` (its department's scope), in SQL. */
async function manages(ctx: Ctx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0 || !ctx.actor?.permissions.has('qr_supervision.manage')) return new Set();
  const rows = await ctx.db
    .selectFrom('qr_items as i')
    .select('i.id')
    .where('i.id', 'in', [...ids])
    .where(qrItemListWhere(ctx, 'i', 'manage'))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** An item the actor may read (NOT_FOUND otherwise), with its allocations. */
export async function readItem(ctx: Ctx, id: string): Promise<ItemView> {
  const row = await loadItem(ctx, id, 'read');
  const unit = await ctx.db
    .selectFrom('units')
    .select('name')
    .where('id', '=', row.owner_unit_id)
    .executeTakeFirstOrThrow();
  const [alloc, managed] = await Promise.all([allocationsOf(ctx, [id]), manages(ctx, [id])]);
  return view(ctx, { ...row, department_name: unit.name }, alloc.get(id) ?? [], managed.has(id));
}

/** The filters of the item list. */
export interface ItemFilter {
  kind?: QrItemKind | undefined;
  status?: QrItemStatus | undefined;
  year?: number | undefined;
  q?: string | undefined;
}

function itemQuery(ctx: Ctx, f: ItemFilter) {
  let q = ctx.db
    .selectFrom('qr_items as i')
    .innerJoin('units as u', 'u.id', 'i.owner_unit_id')
    .where(qrItemListWhere(ctx, 'i', 'read'));
  if (f.kind) q = q.where('i.kind', '=', f.kind);
  if (f.status) q = q.where('i.status', '=', f.status);
  if (f.year) q = q.where('i.year', '=', f.year);
  if (f.q?.trim()) q = q.where('i.title', 'like', `%${f.q.trim().replace(/[%_\\]/g, '')}%`);
  return q;
}

/** A page of the items the actor may read, newest edit first. */
export async function listItems(
  ctx: Ctx,
  f: ItemFilter & { page: number; pageSize: number },
): Promise<{ items: ItemView[]; total: number }> {
  const base = itemQuery(ctx, f);
  const [{ n }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll('i')
      .select('u.name as department_name')
      .orderBy('i.updated_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  const ids = rows.map((r) => r.id);
  const [alloc, managed] = await Promise.all([allocationsOf(ctx, ids), manages(ctx, ids)]);
  return { items: rows.map((r) => view(ctx, r, alloc.get(r.id) ?? [], managed.has(r.id))), total: Number(n) };
}

/** Every item the filters select (at most 10,000), for the Excel export. */
export async function exportItems(ctx: Ctx, f: ItemFilter): Promise<ItemView[]> {
  const rows = await itemQuery(ctx, f)
    .selectAll('i')
    .select('u.name as department_name')
    .orderBy('i.updated_at', 'desc')
    .limit(10_000)
    .execute();
  const alloc = await allocationsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => view(ctx, r, alloc.get(r.id) ?? [], false));
}

/** The QR code (PNG) of an item the actor may read, holding its public page's address. */
export async function itemQrCode(ctx: Ctx, id: string): Promise<{ png: Buffer; title: string }> {
  const row = await loadItem(ctx, id, 'read');
  return { png: qrPng(itemPublicUrl(ctx, id), { errorCorrectionLevel: 'M', scale: 8, margin: 4 }), title: row.title };
}

/** An item as the public reads it: published content only, no one's personal data. */
export interface PublicItem {
  id: string;
  kind: QrItemKind;
  kindLabel: string;
  title: string;
  year: number;
  summary: string;
  eligibility: string | null;
  standard: string | null;
  applyWhere: string | null;
  budget: number | null;
  contractor: string | null;
  progress: string | null;
  acceptance: string | null;
  contactPhone: string | null;
  departmentName: string;
  publishedAt: string;
  /** The item page only: the department's dispatched group, where a report on its staff goes (null: none). */
  dispatchedGroupName?: string | null;
  /** The villages it concerns, with their allocations. */
  allocations: AllocationView[];
}

function publicView(r: QrItemRow & { department_name: string }, allocations: AllocationView[]): PublicItem {
  return {
    id: r.id,
    kind: r.kind as QrItemKind,
    kindLabel: QR_ITEM_KIND_LABELS[r.kind as QrItemKind] ?? r.kind,
    title: r.title,
    year: r.year,
    summary: r.summary,
    eligibility: r.eligibility,
    standard: r.standard,
    applyWhere: r.apply_where,
    budget: r.budget === null ? null : Number(r.budget),
    contractor: r.contractor,
    progress: r.progress,
    acceptance: r.acceptance,
    contactPhone: r.contact_phone,
    departmentName: r.department_name,
    publishedAt: r.published_at!,
    allocations,
  };
}

/** A published item by id (NOT_FOUND when there is none, or it is not published). */
export async function publicItem(ctx: Ctx, id: string): Promise<PublicItem> {
  const row = await ctx.db
    .selectFrom('qr_items as i')
    .innerJoin('units as u', 'u.id', 'i.owner_unit_id')
    .selectAll('i')
    .select('u.name as department_name')
    .where('i.id', '=', id)
    .where('i.status', '=', 'published')
    .executeTakeFirst();
  if (!row) throw errors.notFound('qr_item');
  const group = await activeDepartmentGroup(ctx, row.owner_unit_id);
  return {
    ...publicView(row, (await allocationsOf(ctx, [id])).get(id) ?? []),
    dispatchedGroupName: group?.name ?? null,
  };
}

/** The published items that concern a village (its allocations), newest first; NOT_FOUND for a non-village. */
export async function publicVillageItems(
  ctx: Ctx,
  code: string,
): Promise<{ regionCode: string; villageName: string; items: (PublicItem & { villageAmount: number | null })[] }> {
  const village = await ctx.db
    .selectFrom('regions')
    .select(['code', 'name', 'level'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!village || village.level !== 'village') throw errors.notFound('region');
  const rows = await ctx.db
    .selectFrom('qr_allocations as a')
    .innerJoin('qr_items as i', 'i.id', 'a.item_id')
    .innerJoin('units as u', 'u.id', 'i.owner_unit_id')
    .selectAll('i')
    .select(['u.name as department_name', 'a.amount as village_amount'])
    .where('a.region_code', '=', code)
    .where('i.status', '=', 'published')
    .orderBy('i.published_at', 'desc')
    .limit(200)
    .execute();
  return {
    regionCode: code,
    villageName: village.name,
    items: rows.map((r) => ({
      ...publicView(r, []),
      villageAmount: r.village_amount === null ? null : Number(r.village_amount),
    })),
  };
}

/** The label of a published item for a report about it: `惠农政策：2026年耕地地力保护补贴（县农业农村局）`. */
export function itemLabel(r: { kind: string; title: string; department_name: string }): string {
  return `${QR_ITEM_KIND_LABELS[r.kind as QrItemKind] ?? r.kind}：${r.title}（${r.department_name}）`;
}

/**
 * Resolves a report about an item: only a published one. The report is the village's when the
 * item concerns exactly one village, else the county's (routed like any public report there). A
 * report on the department's staff goes to the department's dispatched group when one is linked
 * (`competentFor.county_department`).
 */
export async function resolveItem(ctx: Ctx, id: string): Promise<AboutFound | null> {
  const row = await ctx.db
    .selectFrom('qr_items as i')
    .innerJoin('units as u', 'u.id', 'i.owner_unit_id')
    .select(['i.kind', 'i.title', 'i.county_code', 'i.owner_unit_id', 'u.name as department_name'])
    .where('i.id', '=', id)
    .where('i.status', '=', 'published')
    .executeTakeFirst();
  if (!row || !row.county_code) return null;
  const villages = await ctx.db
    .selectFrom('qr_allocations')
    .select('region_code')
    .where('item_id', '=', id)
    .limit(2)
    .execute();
  // A problem with the department's staff goes to its dispatched group, when one is linked.
  const group = await activeDepartmentGroup(ctx, row.owner_unit_id);
  return {
    label: itemLabel(row),
    regionCode: villages.length === 1 ? villages[0]!.region_code : row.county_code,
    ...(group ? { competentFor: { county_department: group.id } } : {}),
  };
}
