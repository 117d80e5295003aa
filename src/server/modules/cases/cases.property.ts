/**
 * The seized property register (涉案财物, GZ 第四十七条; TL21 第一百二十五条 to 第一百三十条): per
 * item its number, description, value (fen), appraisal, kind (cash, goods, documents), whom it was
 * taken from, and its clocks, on the item as their own record (resource type `case_property`, the
 * case's scope columns): cash into the dedicated account within 15 days (`seized_cash_account`),
 * goods and documents to the custody department within 30 days (`seized_goods_custody`), property
 * found unrelated released within 3 days (`unrelated_property_release`). Each step meets its clock.
 */
import {
  CASE_EVIDENCE_EVENT_LABELS,
  CASE_WORKING_STATES,
  PROPERTY_KIND_LABELS,
  PROPERTY_STEP_LABELS,
  type PropertyKind,
  type PropertyStatus,
  type PropertyStep,
} from '../../shared/cases.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { type DeadlineView, deadlinesOfMany, meetDeadline, moveDeadlines, openClock } from '../deadlines/index.js';
import type { CaseOwner } from './cases.mode-change.js';
import type { CasePropertyTable } from './cases.evidence.tables.js';
import { type CaseFileView, filesOf } from './cases.files.js';
import { loadCase } from './cases.read.js';
import { requireZoneAuthorised } from './cases.zone.js';
import { addCaseEvent } from './cases.service.js';
import { requireCaseStatus } from './cases.state.js';
import type { CaseRow } from './cases.tables.js';

/** The resource type of a seized item's clocks. */
export const PROPERTY_RESOURCE = 'case_property';

/**
 * Moves the running clocks of case `caseId`'s seized property to its new handling unit (a mode
 * change: registered with `onCaseOwnerMoved`).
 */
export async function movePropertyClocks(tx: Ctx, caseId: string, owner: CaseOwner): Promise<void> {
  const ids = await tx.db.selectFrom('case_property').select('id').where('case_id', '=', caseId).execute();
  await moveDeadlines(
    tx,
    PROPERTY_RESOURCE,
    ids.map((r) => r.id),
    owner,
  );
}

/** The clock a seized item of each kind runs until it is deposited or handed to custody. */
const KEEP_CLOCK: Record<PropertyKind, string> = {
  cash: 'seized_cash_account',
  goods: 'seized_goods_custody',
  documents: 'seized_goods_custody',
};

/** A seized item as registered. */
export interface PropertyInput {
  number: string;
  kind: PropertyKind;
  description: string;
  quantity?: string | null | undefined;
  valueFen?: number | null | undefined;
  appraisal?: string | null | undefined;
  holder: string;
  seizedAt: string;
  place: string;
  actionId?: string | null | undefined;
}

/** A step taken on a seized item. */
export interface PropertyStepInput {
  version: number;
  step: PropertyStep;
  at: string;
  /** deposit: the account and slip; custody: the custodian; unrelated: why; release: to whom. */
  note: string;
}

/** A seized item as read. */
export interface PropertyView {
  id: string;
  seq: number;
  number: string;
  kind: PropertyKind;
  kindLabel: string;
  description: string;
  quantity: string | null;
  valueFen: number | null;
  appraisal: string | null;
  holder: string;
  seizedAt: string;
  place: string;
  actionId: string | null;
  status: PropertyStatus;
  steps: { step: PropertyStep; label: string; at: string; note: string; by: string }[];
  photos: CaseFileView[];
  clocks: DeadlineView[];
  version: number;
}

function owner(row: CaseRow) {
  return {
    owner_unit_id: row.owner_unit_id,
    owner_unit_path: row.owner_unit_path,
    region_path: row.region_path,
    county_code: row.county_code,
  };
}

/**
 * Registers a seized item (team or supervisors with `manage`; a working state) and opens its
 * clock: cash → 15 days to the dedicated account, goods and documents → 30 days to custody.
 * Throws NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION, VALIDATION_FAILED (a number used twice on the
 * case, an action of another case). One transaction, audited, a trail step.
 */
export async function registerProperty(
  ctx: Ctx,
  caseId: string,
  input: PropertyInput,
): Promise<{ id: string; seq: number }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage');
    await requireCaseStatus(tx, caseId, CASE_WORKING_STATES, 'property');
    // 一案一授权: a zone case is worked only once its commander has authorised it and its team.
    await requireZoneAuthorised(tx, caseId);
    const number = input.number.trim();
    const taken = await tx.db
      .selectFrom('case_property')
      .select('id')
      .where('case_id', '=', caseId)
      .where('number', '=', number)
      .executeTakeFirst();
    if (taken) throw errors.validation({ field: 'number' }, `编号${number}已登记，请勿重复登记`);
    if (input.actionId) {
      const action = await tx.db
        .selectFrom('case_actions')
        .select('id')
        .where('id', '=', input.actionId)
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      if (!action) throw errors.validation({ field: 'actionId' }, '所选审查调查措施不是本案的记录');
    }
    const last = await tx.db
      .selectFrom('case_property')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    const id = newId();
    const now = nowIso(tx);
    await tx.db
      .insertInto('case_property')
      .values({
        id,
        case_id: caseId,
        seq,
        number,
        kind: input.kind,
        description: input.description.trim(),
        quantity: input.quantity?.trim() || null,
        value_fen: input.valueFen ?? null,
        appraisal: input.appraisal?.trim() || null,
        holder: input.holder.trim(),
        seized_at: input.seizedAt,
        place: input.place.trim(),
        action_id: input.actionId ?? null,
        status: 'seized',
        steps: '[]',
        version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // TL21 第一百三十条: cash into the dedicated account within 15 days, goods to custody within 30.
    await openClock(tx, {
      resourceType: PROPERTY_RESOURCE,
      resourceId: id,
      kind: KEEP_CLOCK[input.kind],
      startAt: input.seizedAt,
      owner: owner(row),
    });
    await addCaseEvent(tx, caseId, 'property_registered', {
      label: CASE_EVIDENCE_EVENT_LABELS.property_registered,
      note: `${number}：${input.description.trim()}（${PROPERTY_KIND_LABELS[input.kind]}）`,
    });
    await recordAudit(tx, {
      action: 'case.property',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { property: [null, id], kind: [null, input.kind], valueFen: [null, input.valueFen ?? null] },
    });
    return { id, seq };
  });
}

/** The state a step leads to from which states, for which kinds. */
const STEP_RULES: Record<
  PropertyStep,
  { from: readonly PropertyStatus[]; to: PropertyStatus; kinds?: PropertyKind[] }
> = {
  deposit: { from: ['seized'], to: 'deposited', kinds: ['cash'] },
  custody: { from: ['seized'], to: 'in_custody', kinds: ['goods', 'documents'] },
  unrelated: { from: ['seized', 'deposited', 'in_custody'], to: 'unrelated' },
  release: { from: ['unrelated'], to: 'released' },
};

/**
 * Takes a step on a seized item at its `version` (CONFLICT when stale): deposit (cash) or custody
 * (goods, documents) meets the keeping clock; found unrelated stops it and opens the 3-day release
 * clock (JCF24 第二十六条, 第二十八条); release meets that. CASE_PROPERTY_STEP when the kind or
 * state does not allow the step; VALIDATION_FAILED for a time before the seizure. One
 * transaction, audited, a trail step.
 */
export async function propertyStep(
  ctx: Ctx,
  caseId: string,
  itemId: string,
  input: PropertyStepInput,
): Promise<{ version: number; status: PropertyStatus }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage');
    await requireCaseStatus(tx, caseId, CASE_WORKING_STATES, 'property');
    const item = await tx.db
      .selectFrom('case_property')
      .selectAll()
      .where('id', '=', itemId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!item) throw errors.notFound('property');
    const rule = STEP_RULES[input.step];
    const kind = item.kind as PropertyKind;
    if (!rule.from.includes(item.status as PropertyStatus) || (rule.kinds && !rule.kinds.includes(kind)))
      throw domainError(
        'CASE_PROPERTY_STEP',
        { status: item.status, step: input.step },
        `${item.number}（${PROPERTY_KIND_LABELS[kind]}）当前不能${PROPERTY_STEP_LABELS[input.step]}`,
      );
    if (input.at < item.seized_at) throw errors.validation({ field: 'at' }, '处置时间不能早于查封扣押时间');
    const steps = [
      ...(JSON.parse(item.steps) as PropertyView['steps']),
      {
        step: input.step,
        label: PROPERTY_STEP_LABELS[input.step],
        at: input.at,
        note: input.note.trim(),
        by: actor.displayName,
      },
    ];
    const res = await tx.db
      .updateTable('case_property')
      .set({ status: rule.to, steps: JSON.stringify(steps), version: input.version + 1, updated_at: nowIso(tx) })
      .where('id', '=', itemId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id: itemId, version: item.version });
    if (input.step === 'deposit' || input.step === 'custody' || input.step === 'unrelated')
      await meetDeadline(tx, PROPERTY_RESOURCE, itemId, KEEP_CLOCK[kind]);
    if (input.step === 'unrelated')
      await openClock(tx, {
        resourceType: PROPERTY_RESOURCE,
        resourceId: itemId,
        kind: 'unrelated_property_release',
        startAt: input.at,
        owner: owner(row),
      });
    if (input.step === 'release') await meetDeadline(tx, PROPERTY_RESOURCE, itemId, 'unrelated_property_release');
    await addCaseEvent(tx, caseId, 'property_step', {
      label: CASE_EVIDENCE_EVENT_LABELS.property_step,
      note: `${item.number}：${PROPERTY_STEP_LABELS[input.step]}（${input.note.trim()}）`,
    });
    await recordAudit(tx, {
      action: 'case.property_step',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { property: [null, itemId], status: [item.status, rule.to] },
    });
    return { version: input.version + 1, status: rule.to };
  });
}

function view(r: CasePropertyTable, photos: CaseFileView[], clocks: PropertyView['clocks']): PropertyView {
  return {
    id: r.id,
    seq: Number(r.seq),
    number: r.number,
    kind: r.kind as PropertyKind,
    kindLabel: PROPERTY_KIND_LABELS[r.kind as PropertyKind] ?? r.kind,
    description: r.description,
    quantity: r.quantity,
    valueFen: r.value_fen === null ? null : Number(r.value_fen),
    appraisal: r.appraisal,
    holder: r.holder,
    seizedAt: r.seized_at,
    place: r.place,
    actionId: r.action_id,
    status: r.status as PropertyStatus,
    steps: JSON.parse(r.steps) as PropertyView['steps'],
    photos,
    clocks,
    version: Number(r.version),
  };
}

/** The seized property register of a case with photos and clocks (team or supervisors), audited. */
export async function listProperty(ctx: Ctx, caseId: string): Promise<PropertyView[]> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail');
    const items = await tx.db
      .selectFrom('case_property')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    const files = await filesOf(tx, caseId);
    // Every item's clocks in one read (one per item cost a round trip each).
    const clocks = await deadlinesOfMany(
      tx,
      PROPERTY_RESOURCE,
      items.map((i) => i.id),
    );
    const out: PropertyView[] = items.map((i) =>
      view(
        i,
        files.filter((f) => f.propertyId === i.id),
        clocks.get(i.id) ?? [],
      ),
    );
    await recordAudit(tx, {
      action: 'case.property_read',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
    });
    return out;
  });
}
