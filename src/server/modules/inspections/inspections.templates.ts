/**
 * Checklist templates (一手册两清单 and 四张清单, issue 15 §1): the township's supervision manual,
 * its task list, the village daily-affairs checklist and the four responsibility lists, as
 * versioned templates of items. The county commission issues them; a township adapts an issued
 * county version into its own series (`based_on_id`), changes the items and issues it. Editing an
 * issued version makes a new draft version; issuing it supersedes the one before, and inspections
 * keep the version they froze.
 */
import {
  CHECKLIST_KIND_LABELS,
  type ChecklistItem,
  type ChecklistKind,
  type EvidenceKind,
  type TemplateStatus,
} from '../../shared/inspections.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { commissionOf } from '../numbering/index.js';
import { type TemplateAction, templateListWhere, templatePolicy } from './inspections.policy.js';
import type { ChecklistTemplateRow } from './inspections.tables.js';

/** An item as given by a person (code optional: made from the position). */
export interface ItemInput {
  code?: string | undefined;
  label: string;
  method: string;
  evidence: EvidenceKind;
  category: string;
}

/** A template as shown. */
export interface TemplateView {
  id: string;
  seriesId: string;
  kind: ChecklistKind;
  title: string;
  level: 'county' | 'township';
  townshipCode: string | null;
  ownerUnitId: string;
  templateVersion: number;
  status: TemplateStatus;
  basedOn: { id: string; templateVersion: number; title: string } | null;
  items: ChecklistItem[];
  issuedAt: string | null;
  version: number;
  createdAt: string;
  /**
   * Whether the reader may adapt this version (`adaptTemplate` would not refuse it): an issued
   * county version, and the reader holds `checklist.manage` in a township commission. The console
   * shows 调整为本乡镇清单 only then (a county user was offered it and refused by the server).
   */
  canAdapt: boolean;
}

/** Normalises items: trimmed, positions 1…n, codes unique (VALIDATION_FAILED otherwise). */
export function normaliseItems(items: readonly ItemInput[]): ChecklistItem[] {
  if (items.length === 0) throw errors.validation({ field: 'items' }, '清单至少应有一个检查项目');
  const out = items.map((it, i) => ({
    code: it.code?.trim() || `item${i + 1}`,
    label: it.label.trim(),
    method: it.method.trim(),
    evidence: it.evidence,
    category: it.category.trim(),
    position: i + 1,
  }));
  if (out.some((it) => !it.label)) throw errors.validation({ field: 'items' }, '每个检查项目都应写明检查内容');
  const codes = out.map((i) => i.code);
  if (new Set(codes).size !== codes.length)
    throw errors.validation({ field: 'items', reason: 'repeated' }, '检查项目编码不得重复');
  return out;
}

/** The actor's unit with its commission's level (county or township). */
async function ownerOf(tx: Ctx) {
  const actor = requireActor(tx);
  if (!actor.unitId) throw errors.forbidden('checklist.manage');
  const unit = await tx.db.selectFrom('units').selectAll().where('id', '=', actor.unitId).executeTakeFirstOrThrow();
  const commission = await commissionOf(tx, unit.id);
  const level = commission.kind === 'township_commission' ? ('township' as const) : ('county' as const);
  return { unit, level, townshipCode: level === 'township' ? commission.region_code : null };
}

/** Whether the actor may adapt a county version: `checklist.manage`, in a township commission. */
async function actorAdapts(tx: Ctx): Promise<boolean> {
  if (!tx.actor?.unitId || !tx.actor.permissions.has('checklist.manage')) return false;
  const commission = await commissionOf(tx, tx.actor.unitId);
  return commission.kind === 'township_commission';
}

async function viewOf(tx: Ctx, row: ChecklistTemplateRow): Promise<TemplateView> {
  const base = row.based_on_id
    ? await tx.db
        .selectFrom('checklist_templates')
        .select(['id', 'template_version', 'title'])
        .where('id', '=', row.based_on_id)
        .executeTakeFirst()
    : undefined;
  return {
    id: row.id,
    seriesId: row.series_id,
    kind: row.kind as ChecklistKind,
    title: row.title,
    level: row.level as 'county' | 'township',
    townshipCode: row.township_code,
    ownerUnitId: row.owner_unit_id,
    templateVersion: Number(row.template_version),
    status: row.status as TemplateStatus,
    basedOn: base ? { id: base.id, templateVersion: Number(base.template_version), title: base.title } : null,
    items: JSON.parse(row.items) as ChecklistItem[],
    issuedAt: row.issued_at,
    version: Number(row.version),
    createdAt: row.created_at,
    canAdapt: row.level === 'county' && row.status === 'issued' && (await actorAdapts(tx)),
  };
}

async function insertTemplate(
  tx: Ctx,
  f: {
    seriesId: string;
    kind: ChecklistKind;
    title: string;
    templateVersion: number;
    basedOnId: string | null;
    items: ChecklistItem[];
  },
): Promise<ChecklistTemplateRow> {
  const { unit, level, townshipCode } = await ownerOf(tx);
  const now = nowIso(tx);
  const row: ChecklistTemplateRow = {
    id: newId(),
    series_id: f.seriesId,
    kind: f.kind,
    title: f.title,
    level,
    township_code: townshipCode,
    owner_unit_id: unit.id,
    owner_unit_path: unit.path,
    region_path: unit.region_path,
    county_code: unit.county_code,
    template_version: f.templateVersion,
    status: 'draft',
    based_on_id: f.basedOnId,
    items: JSON.stringify(f.items),
    created_by: tx.actor?.userId ?? null,
    issued_by: null,
    issued_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await tx.db.insertInto('checklist_templates').values(row).execute();
  return row;
}

/**
 * Creates a new template series (version 1, draft) owned by the actor's unit (`checklist.manage`);
 * audited (`checklist.template_create`).
 */
export async function createTemplate(
  ctx: Ctx,
  input: { kind: ChecklistKind; title: string; items: readonly ItemInput[] },
): Promise<TemplateView> {
  const items = normaliseItems(input.items);
  return inTransaction(ctx, async (tx) => {
    const row = await insertTemplate(tx, {
      seriesId: newId(),
      kind: input.kind,
      title: input.title.trim() || CHECKLIST_KIND_LABELS[input.kind],
      templateVersion: 1,
      basedOnId: null,
      items,
    });
    await recordAudit(tx, {
      action: 'checklist.template_create',
      resourceType: 'checklist_template',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { kind: [null, row.kind], items: [null, items.length] },
    });
    return viewOf(tx, row);
  });
}

/**
 * A township adapts county version `id` (issued, in its county): a new series of its own, version
 * 1 as a draft with the county's items, `based_on_id` naming that version. NOT_FOUND (not visible),
 * CHECKLIST_ADAPT_INVALID (not a county version, or not issued), FORBIDDEN (the actor's unit is not
 * a township's, or lacks `checklist.manage`). Audited (`checklist.template_adapt`).
 */
export async function adaptTemplate(ctx: Ctx, id: string): Promise<TemplateView> {
  return inTransaction(ctx, async (tx) => {
    const county = await loadInScope<TemplateAction, ChecklistTemplateRow>(tx, templatePolicy, id, 'read');
    if (county.level !== 'county' || county.status !== 'issued')
      throw domainError('CHECKLIST_ADAPT_INVALID', { level: county.level, status: county.status });
    const { level } = await ownerOf(tx);
    if (level !== 'township' || !tx.actor?.permissions.has('checklist.manage'))
      throw errors.forbidden('checklist.manage');
    const row = await insertTemplate(tx, {
      seriesId: newId(),
      kind: county.kind as ChecklistKind,
      title: county.title,
      templateVersion: 1,
      basedOnId: county.id,
      items: JSON.parse(county.items) as ChecklistItem[],
    });
    await recordAudit(tx, {
      action: 'checklist.template_adapt',
      resourceType: 'checklist_template',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { basedOn: [null, county.id], basedOnVersion: [null, Number(county.template_version)] },
    });
    return viewOf(tx, row);
  });
}

/**
 * Changes the items (and title) of template `id` (`checklist.manage` over its owner): a draft is
 * changed in place; an issued version gives a new draft version of the series (the issued one
 * stays in force until that is issued). CHECKLIST_TEMPLATE_STATE (superseded, or the series
 * already has a newer draft), CONFLICT (stale version). Audited (`checklist.template_update`).
 */
export async function updateTemplate(
  ctx: Ctx,
  id: string,
  input: { title?: string | undefined; items: readonly ItemInput[]; version: number },
): Promise<TemplateView> {
  const items = normaliseItems(input.items);
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<TemplateAction, ChecklistTemplateRow>(tx, templatePolicy, id, 'manage', {
      version: input.version,
    });
    const title = input.title?.trim() || row.title;
    if (row.status === 'superseded') throw domainError('CHECKLIST_TEMPLATE_STATE', { status: row.status });
    let result: ChecklistTemplateRow;
    if (row.status === 'draft') {
      const now = nowIso(tx);
      const res = await tx.db
        .updateTable('checklist_templates')
        .set({ title, items: JSON.stringify(items), version: row.version + 1, updated_at: now })
        .where('id', '=', id)
        .where('version', '=', row.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id });
      result = { ...row, title, items: JSON.stringify(items), version: row.version + 1, updated_at: now };
    } else {
      const newer = await tx.db
        .selectFrom('checklist_templates')
        .select(['id', 'template_version'])
        .where('series_id', '=', row.series_id)
        .where('template_version', '>', row.template_version)
        .executeTakeFirst();
      if (newer)
        throw domainError('CHECKLIST_TEMPLATE_STATE', {
          status: row.status,
          newerId: newer.id,
          newerVersion: Number(newer.template_version),
        });
      result = await insertTemplate(tx, {
        seriesId: row.series_id,
        kind: row.kind as ChecklistKind,
        title,
        templateVersion: Number(row.template_version) + 1,
        basedOnId: row.based_on_id,
        items,
      });
    }
    await recordAudit(tx, {
      action: 'checklist.template_update',
      resourceType: 'checklist_template',
      resourceId: result.id,
      unitId: result.owner_unit_id,
      changes: { from: [row.id, result.id], templateVersion: [row.template_version, result.template_version] },
    });
    return viewOf(tx, result);
  });
}

/**
 * Issues draft `id` (`checklist.manage` over its owner); the series' previously issued version
 * becomes superseded. CHECKLIST_TEMPLATE_STATE (not a draft), CONFLICT. Audited (`checklist.template_issue`).
 */
export async function issueTemplate(ctx: Ctx, id: string, input: { version: number }): Promise<TemplateView> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<TemplateAction, ChecklistTemplateRow>(tx, templatePolicy, id, 'manage', {
      version: input.version,
    });
    if (row.status !== 'draft') throw domainError('CHECKLIST_TEMPLATE_STATE', { status: row.status });
    const now = nowIso(tx);
    await tx.db
      .updateTable('checklist_templates')
      .set({ status: 'superseded', updated_at: now })
      .where('series_id', '=', row.series_id)
      .where('status', '=', 'issued')
      .execute();
    const res = await tx.db
      .updateTable('checklist_templates')
      .set({ status: 'issued', issued_at: now, issued_by: tx.actor?.userId ?? null, version: row.version + 1 })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id });
    await recordAudit(tx, {
      action: 'checklist.template_issue',
      resourceType: 'checklist_template',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: ['draft', 'issued'], templateVersion: [null, Number(row.template_version)] },
    });
    return viewOf(tx, {
      ...row,
      status: 'issued',
      issued_at: now,
      issued_by: tx.actor?.userId ?? null,
      version: row.version + 1,
    });
  });
}

/** A template (NOT_FOUND when the actor may not read it). */
export async function readTemplate(ctx: Ctx, id: string): Promise<TemplateView> {
  return inTransaction(ctx, async (tx) =>
    viewOf(tx, await loadInScope<TemplateAction, ChecklistTemplateRow>(tx, templatePolicy, id, 'read')),
  );
}

/** A line of the template list. */
export interface TemplateLine {
  id: string;
  seriesId: string;
  kind: ChecklistKind;
  title: string;
  level: 'county' | 'township';
  townshipCode: string | null;
  templateVersion: number;
  status: TemplateStatus;
  basedOnId: string | null;
  items: number;
  issuedAt: string | null;
}

/** The templates the actor may read (their own scope's and the county's issued ones), by kind then newest version. */
export async function listTemplates(
  ctx: Ctx,
  query: {
    kind?: ChecklistKind | undefined;
    status?: TemplateStatus | undefined;
    level?: 'county' | 'township' | undefined;
  },
): Promise<{ items: TemplateLine[] }> {
  requireActor(ctx);
  let q = ctx.db.selectFrom('checklist_templates as t').where((eb) => templateListWhere(ctx, 't')(eb as never));
  if (query.kind) q = q.where('t.kind', '=', query.kind);
  if (query.status) q = q.where('t.status', '=', query.status);
  if (query.level) q = q.where('t.level', '=', query.level);
  const rows = await q
    .selectAll('t')
    .orderBy('t.level')
    .orderBy('t.kind')
    .orderBy('t.owner_unit_path')
    .orderBy('t.series_id')
    .orderBy('t.template_version', 'desc')
    .limit(500)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      seriesId: r.series_id,
      kind: r.kind as ChecklistKind,
      title: r.title,
      level: r.level as 'county' | 'township',
      townshipCode: r.township_code,
      templateVersion: Number(r.template_version),
      status: r.status as TemplateStatus,
      basedOnId: r.based_on_id,
      items: (JSON.parse(r.items) as unknown[]).length,
      issuedAt: r.issued_at,
    })),
  };
}

/** One township's adaptation of a county series, as the county sees it. */
export interface AdaptationLine {
  templateId: string;
  townshipCode: string | null;
  unitName: string;
  templateVersion: number;
  status: TemplateStatus;
  basedOnId: string;
  basedOnVersion: number;
}

/**
 * Which townships adapted which version of county template `id`'s series (every version of the
 * series): each township template based on one of them, newest first. Reading needs the county
 * template (NOT_FOUND otherwise); only adaptations in the actor's `inspection.read` scope are listed.
 */
export async function listAdaptations(ctx: Ctx, id: string): Promise<{ items: AdaptationLine[] }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<TemplateAction, ChecklistTemplateRow>(tx, templatePolicy, id, 'read');
    const rows = await tx.db
      .selectFrom('checklist_templates as t')
      .innerJoin('checklist_templates as b', 'b.id', 't.based_on_id')
      .innerJoin('units as u', 'u.id', 't.owner_unit_id')
      .select([
        't.id',
        't.township_code',
        'u.name as unit_name',
        't.template_version',
        't.status',
        'b.id as based_on_id',
        'b.template_version as based_on_version',
      ])
      .where('b.series_id', '=', row.series_id)
      .where((eb) => templateListWhere(tx, 't')(eb as never))
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id')
      .execute();
    return {
      items: rows.map((r) => ({
        templateId: r.id,
        townshipCode: r.township_code,
        unitName: r.unit_name,
        templateVersion: Number(r.template_version),
        status: r.status as TemplateStatus,
        basedOnId: r.based_on_id,
        basedOnVersion: Number(r.based_on_version),
      })),
    };
  });
}
