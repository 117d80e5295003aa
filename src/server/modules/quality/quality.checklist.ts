/**
 * The county's checklist (评查标准): items with a code, words, severity, points and, for the
 * items the engine checks, which check. A county that kept none uses the national defaults
 * (`DEFAULT_QUALITY_CHECKLIST`); a review freezes the list as it stood when it began.
 */
import {
  DEFAULT_QUALITY_CHECKLIST,
  type QualityAutoCheck,
  type QualityChecklistItem,
  type QualitySeverity,
} from '../../shared/quality.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';

/** The actor's unit with its scope columns and county; VALIDATION_FAILED for an account without one. */
export async function actorUnit(tx: Ctx) {
  const actor = requireActor(tx);
  const unit = actor.unitId
    ? await tx.db
        .selectFrom('units')
        .select(['id', 'name', 'path', 'region_path', 'county_code'])
        .where('id', '=', actor.unitId)
        .executeTakeFirst()
    : undefined;
  if (!unit?.county_code) throw errors.validation({ field: 'unit' }, '您的账号没有所属的县级单位，不能组织评查');
  return { ...unit, county_code: unit.county_code };
}

/** The checklist of county `countyCode`: its own items in order, or the national defaults. */
export async function checklistFor(
  tx: Ctx,
  countyCode: string,
): Promise<{ items: QualityChecklistItem[]; own: boolean }> {
  const rows = await tx.db
    .selectFrom('quality_checklists')
    .select(['code', 'label', 'severity', 'weight', 'auto_check'])
    .where('county_code', '=', countyCode)
    .orderBy('position')
    .execute();
  if (rows.length === 0) return { items: DEFAULT_QUALITY_CHECKLIST.map((i) => ({ ...i })), own: false };
  return {
    own: true,
    items: rows.map((r) => ({
      code: r.code,
      label: r.label,
      severity: r.severity as QualitySeverity,
      weight: Number(r.weight),
      autoCheck: (r.auto_check as QualityAutoCheck | null) ?? null,
    })),
  };
}

/** The actor's county's checklist. */
export async function readChecklist(
  ctx: Ctx,
): Promise<{ countyCode: string; own: boolean; items: QualityChecklistItem[] }> {
  return inTransaction(ctx, async (tx) => {
    const unit = await actorUnit(tx);
    return { countyCode: unit.county_code, ...(await checklistFor(tx, unit.county_code)) };
  });
}

/**
 * Replaces the actor's county's checklist (organisers, `quality.manage`), audited
 * (`quality.checklist_update`). QUALITY_CHECKLIST_INVALID for a repeated code, an automatic check
 * used twice, or a list without any item; reviews already begun keep the list they froze.
 */
export async function setChecklist(
  ctx: Ctx,
  items: readonly QualityChecklistItem[],
): Promise<{ countyCode: string; own: boolean; items: QualityChecklistItem[] }> {
  const codes = new Set(items.map((i) => i.code));
  if (items.length === 0 || codes.size !== items.length)
    throw domainError('QUALITY_CHECKLIST_INVALID', { reason: 'codes' });
  const checks = items.flatMap((i) => (i.autoCheck ? [i.autoCheck] : []));
  if (new Set(checks).size !== checks.length) throw domainError('QUALITY_CHECKLIST_INVALID', { reason: 'auto_check' });
  return inTransaction(ctx, async (tx) => {
    const unit = await actorUnit(tx);
    const before = await checklistFor(tx, unit.county_code);
    await tx.db.deleteFrom('quality_checklists').where('county_code', '=', unit.county_code).execute();
    const now = nowIso(tx);
    await tx.db
      .insertInto('quality_checklists')
      .values(
        items.map((i, position) => ({
          id: newId(),
          county_code: unit.county_code,
          position,
          code: i.code,
          label: i.label.trim(),
          severity: i.severity,
          weight: i.weight,
          auto_check: i.autoCheck,
          updated_by: tx.actor?.userId ?? null,
          updated_at: now,
        })),
      )
      .execute();
    await recordAudit(tx, {
      action: 'quality.checklist_update',
      resourceType: 'setting',
      resourceId: `quality.checklist:${unit.county_code}`,
      unitId: unit.id,
      changes: { items: [before.items.map((i) => i.code), items.map((i) => i.code)] },
    });
    return { countyCode: unit.county_code, ...(await checklistFor(tx, unit.county_code)) };
  });
}
