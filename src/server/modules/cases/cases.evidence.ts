/**
 * Evidence with provenance (证据, TL21 第五十九条 to 第六十九条, 第一百二十一条, 第一百二十三条,
 * 第一百三十一条; GZ 第四十六条): each item carries its type (the eight of TL21 第五十九条), its
 * source or holder, its collectors (at least two, current or former team members), time, place
 * and method, original or copy (a copy names where the original is kept and why only a copy was
 * taken), the signatures (or the refusal noted) and its custody chain (every handover: from, to,
 * when, why). An item lacking provenance is kept but marked incomplete with the missing fields
 * listed, and a report may not cite it (`citationCheck`, registered with `cases.citations.ts`).
 */
import {
  CASE_EVIDENCE_EVENT_LABELS,
  CASE_MIN_OFFICERS,
  CASE_WORKING_STATES,
  EVIDENCE_TYPE_LABELS,
  type EvidenceType,
  PROVENANCE_FIELD_LABELS,
  type ProvenanceField,
} from '../../shared/cases.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { type Officer, teamOfficers } from './cases.actions.js';
import type { UncitableItem } from './cases.citations.js';
import type { CaseEvidenceTable } from './cases.evidence.tables.js';
import { type CaseFileView, filesOf } from './cases.files.js';
import { loadCase } from './cases.read.js';
import { requireZoneAuthorised } from './cases.zone.js';
import { addCaseEvent } from './cases.service.js';
import { requireCaseStatus } from './cases.state.js';

/** An evidence item's provenance as entered (anything may be left out: the item is then incomplete). */
export interface EvidenceInput {
  type: EvidenceType;
  title: string;
  description?: string | null | undefined;
  actionId?: string | null | undefined;
  source?: string | null | undefined;
  collectorIds?: readonly string[] | undefined;
  collectedAt?: string | null | undefined;
  place?: string | null | undefined;
  method?: string | null | undefined;
  original: boolean;
  originalLocation?: string | null | undefined;
  copyReason?: string | null | undefined;
  signed?: boolean | undefined;
  refusalNote?: string | null | undefined;
}

/** One handover of an item. */
export interface CustodyStep {
  seq: number;
  from: string;
  to: string;
  at: string;
  reason: string;
}

/** An evidence item as read. */
export interface EvidenceView {
  id: string;
  seq: number;
  type: EvidenceType;
  typeLabel: string;
  title: string;
  description: string | null;
  actionId: string | null;
  source: string | null;
  collectors: Officer[];
  collectedAt: string | null;
  place: string | null;
  method: string | null;
  original: boolean;
  originalLocation: string | null;
  copyReason: string | null;
  signed: boolean;
  refusalNote: string | null;
  holder: string | null;
  /** Complete provenance: citable in a report. */
  complete: boolean;
  /** What is missing, in words. */
  missing: { field: ProvenanceField; label: string }[];
  custody: CustodyStep[];
  files: CaseFileView[];
  version: number;
}

const blank = (v: string | null | undefined) => !v?.trim();

/** The provenance fields an item still lacks (empty: complete). */
export function missingProvenance(input: EvidenceInput, collectors: number): ProvenanceField[] {
  const missing: ProvenanceField[] = [];
  if (blank(input.source)) missing.push('source');
  if (collectors < CASE_MIN_OFFICERS) missing.push('collectors');
  if (blank(input.collectedAt)) missing.push('collectedAt');
  if (blank(input.place)) missing.push('place');
  if (blank(input.method)) missing.push('method');
  // TL21 第一百二十一条: a copy says where the original is and why it could not be taken.
  if (!input.original && (blank(input.originalLocation) || blank(input.copyReason))) missing.push('copy');
  // "拒绝签名的，应当记明": signed, or the refusal noted.
  if (input.signed !== true && blank(input.refusalNote)) missing.push('signatures');
  return missing;
}

async function requireActionOfCase(tx: Ctx, caseId: string, actionId: string | null | undefined) {
  if (!actionId) return;
  const found = await tx.db
    .selectFrom('case_actions')
    .select('id')
    .where('id', '=', actionId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!found) throw errors.validation({ field: 'actionId' }, '所选审查调查措施不是本案的记录');
}

function columns(input: EvidenceInput, collectors: Officer[]) {
  const missing = missingProvenance(input, collectors.length);
  return {
    type: input.type,
    title: input.title.trim(),
    description: input.description?.trim() || null,
    action_id: input.actionId ?? null,
    source: input.source?.trim() || null,
    collectors: JSON.stringify(collectors),
    collected_at: input.collectedAt ?? null,
    place: input.place?.trim() || null,
    method: input.method?.trim() || null,
    original: input.original ? 1 : 0,
    original_location: input.original ? null : input.originalLocation?.trim() || null,
    copy_reason: input.original ? null : input.copyReason?.trim() || null,
    signed: input.signed ? 1 : 0,
    refusal_note: input.signed ? null : input.refusalNote?.trim() || null,
    missing: JSON.stringify(missing),
  };
}

function provenanceWords(missing: readonly ProvenanceField[]): string {
  return missing.length === 0 ? '来源信息完整' : `缺少：${missing.map((m) => PROVENANCE_FIELD_LABELS[m]).join('、')}`;
}

/**
 * Registers an evidence item on a case (team or supervisors with `manage`; a working state). Its
 * collectors must be current or former team members (CASE_EVIDENCE_COLLECTORS); whatever
 * provenance is lacking is listed and the item is marked incomplete. Throws NOT_FOUND,
 * NEED_TO_KNOW, CASE_TRANSITION, VALIDATION_FAILED. One transaction, audited, a trail step.
 */
export async function registerEvidence(
  ctx: Ctx,
  caseId: string,
  input: EvidenceInput,
): Promise<{ id: string; seq: number; missing: ProvenanceField[] }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage');
    await requireCaseStatus(tx, caseId, CASE_WORKING_STATES, 'evidence');
    // 一案一授权: a zone case is worked only once its commander has authorised it and its team.
    await requireZoneAuthorised(tx, caseId);
    await requireActionOfCase(tx, caseId, input.actionId);
    const collectors = await teamOfficers(tx, caseId, [...new Set(input.collectorIds ?? [])], {
      former: true,
      code: 'CASE_EVIDENCE_COLLECTORS',
    });
    const last = await tx.db
      .selectFrom('case_evidence')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    const id = newId();
    const now = nowIso(tx);
    const cols = columns(input, collectors);
    await tx.db
      .insertInto('case_evidence')
      .values({
        id,
        case_id: caseId,
        seq,
        ...cols,
        holder: collectors.length > 0 ? collectors.map((c) => c.name).join('、') : null,
        version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const missing = JSON.parse(cols.missing) as ProvenanceField[];
    await addCaseEvent(tx, caseId, 'evidence_registered', {
      label: CASE_EVIDENCE_EVENT_LABELS.evidence_registered,
      note: `证据${seq}：${cols.title}（${EVIDENCE_TYPE_LABELS[input.type]}；${provenanceWords(missing)}）`,
    });
    await recordAudit(tx, {
      action: 'case.evidence',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { evidence: [null, id], type: [null, input.type], missing: [null, missing] },
    });
    return { id, seq, missing };
  });
}

async function loadItem(tx: Ctx, caseId: string, itemId: string): Promise<CaseEvidenceTable> {
  const item = await tx.db
    .selectFrom('case_evidence')
    .selectAll()
    .where('id', '=', itemId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!item) throw errors.notFound('evidence');
  return item;
}

async function claimItem(tx: Ctx, itemId: string, version: number, set: Partial<CaseEvidenceTable> = {}) {
  const res = await tx.db
    .updateTable('case_evidence')
    .set({ ...set, version: version + 1, updated_at: nowIso(tx) })
    .where('id', '=', itemId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id: itemId });
  return version + 1;
}

/**
 * Completes or corrects an item's provenance (补正): the whole record as it now stands, at the
 * item's `version` (CONFLICT when stale). Same rules and errors as `registerEvidence`.
 */
export async function updateEvidence(
  ctx: Ctx,
  caseId: string,
  itemId: string,
  input: EvidenceInput & { version: number },
): Promise<{ version: number; missing: ProvenanceField[] }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'manage');
    await requireCaseStatus(tx, caseId, CASE_WORKING_STATES, 'evidence');
    const item = await loadItem(tx, caseId, itemId);
    await requireActionOfCase(tx, caseId, input.actionId);
    const collectors = await teamOfficers(tx, caseId, [...new Set(input.collectorIds ?? [])], {
      former: true,
      code: 'CASE_EVIDENCE_COLLECTORS',
    });
    const cols = columns(input, collectors);
    const custody = await tx.db
      .selectFrom('case_evidence_custody')
      .select('id')
      .where('evidence_id', '=', itemId)
      .executeTakeFirst();
    // Before any handover the collectors keep the item; after one, the chain says who does.
    const holder = custody ? item.holder : collectors.map((c) => c.name).join('、') || null;
    const version = await claimItem(tx, itemId, input.version, { ...cols, holder });
    const missing = JSON.parse(cols.missing) as ProvenanceField[];
    await addCaseEvent(tx, caseId, 'evidence_updated', {
      label: CASE_EVIDENCE_EVENT_LABELS.evidence_updated,
      note: `证据${item.seq}：${provenanceWords(missing)}`,
    });
    await recordAudit(tx, {
      action: 'case.evidence_update',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { evidence: [null, itemId], missing: [JSON.parse(item.missing), missing] },
    });
    return { version, missing };
  });
}

/** A handover of an evidence item. */
export interface CustodyInput {
  version: number;
  from: string;
  to: string;
  at: string;
  reason: string;
}

/**
 * Records a handover of an item (证据交接, TL21 第一百三十一条): the giver must be the current
 * holder and the time not before the previous handover or the collection (CASE_CUSTODY_BROKEN),
 * at the item's `version` (CONFLICT). The receiver becomes the holder. NOT_FOUND, NEED_TO_KNOW,
 * CASE_TRANSITION as the case allows. One transaction, audited, a trail step.
 */
export async function recordCustody(
  ctx: Ctx,
  caseId: string,
  itemId: string,
  input: CustodyInput,
): Promise<{ version: number; seq: number }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage');
    await requireCaseStatus(tx, caseId, CASE_WORKING_STATES, 'custody');
    const item = await loadItem(tx, caseId, itemId);
    const from = input.from.trim();
    const to = input.to.trim();
    if (from === to) throw errors.validation({ field: 'to' }, '移交人和接收人不能是同一人');
    if (item.holder && item.holder !== from)
      throw domainError(
        'CASE_CUSTODY_BROKEN',
        { holder: item.holder, from },
        `证据${item.seq}现由${item.holder}保管，移交人应当是${item.holder}，而不是${from}`,
      );
    const last = await tx.db
      .selectFrom('case_evidence_custody')
      .select(['seq', 'at'])
      .where('evidence_id', '=', itemId)
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    const floor = last?.at ?? item.collected_at;
    if (floor && input.at < floor)
      throw domainError(
        'CASE_CUSTODY_BROKEN',
        { holder: item.holder, from, at: input.at, floor },
        `交接时间不能早于${last ? '上一次交接' : '证据收集'}时间（${floor}）`,
      );
    const version = await claimItem(tx, itemId, input.version, { holder: to });
    const seq = Number(last?.seq ?? 0) + 1;
    await tx.db
      .insertInto('case_evidence_custody')
      .values({
        id: newId(),
        evidence_id: itemId,
        case_id: caseId,
        seq,
        from_name: from,
        to_name: to,
        at: input.at,
        reason: input.reason.trim(),
        recorded_by: actor.userId,
        recorded_at: nowIso(tx),
      })
      .execute();
    await addCaseEvent(tx, caseId, 'evidence_custody', {
      label: CASE_EVIDENCE_EVENT_LABELS.evidence_custody,
      note: `证据${item.seq}：${from}→${to}（${input.reason.trim()}）`,
    });
    await recordAudit(tx, {
      action: 'case.evidence_custody',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { evidence: [null, itemId], holder: [item.holder, to] },
    });
    return { version, seq };
  });
}

/** The evidence items of a case with their custody chains and files (team or supervisors), audited. */
export async function listEvidence(ctx: Ctx, caseId: string): Promise<EvidenceView[]> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail');
    const items = await tx.db
      .selectFrom('case_evidence')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    const custody = await tx.db
      .selectFrom('case_evidence_custody')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    const files = await filesOf(tx, caseId);
    await recordAudit(tx, {
      action: 'case.evidence_read',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
    });
    return items.map((i) => {
      const missing = JSON.parse(i.missing) as ProvenanceField[];
      return {
        id: i.id,
        seq: Number(i.seq),
        type: i.type as EvidenceType,
        typeLabel: EVIDENCE_TYPE_LABELS[i.type as EvidenceType] ?? i.type,
        title: i.title,
        description: i.description,
        actionId: i.action_id,
        source: i.source,
        collectors: JSON.parse(i.collectors) as Officer[],
        collectedAt: i.collected_at,
        place: i.place,
        method: i.method,
        original: Number(i.original) === 1,
        originalLocation: i.original_location,
        copyReason: i.copy_reason,
        signed: Number(i.signed) === 1,
        refusalNote: i.refusal_note,
        holder: i.holder,
        complete: missing.length === 0,
        missing: missing.map((m) => ({ field: m, label: PROVENANCE_FIELD_LABELS[m] })),
        custody: custody
          .filter((c) => c.evidence_id === i.id)
          .map((c) => ({ seq: Number(c.seq), from: c.from_name, to: c.to_name, at: c.at, reason: c.reason })),
        files: files.filter((f) => f.evidenceId === i.id),
        version: Number(i.version),
      };
    });
  });
}

/**
 * The citation check the report part asks through `uncitableEvidence`: an id that is no evidence
 * item, an item of another case, or one lacking provenance may not be cited, each with its reason.
 */
export async function citationCheck(tx: Ctx, caseId: string, ids: readonly string[]): Promise<UncitableItem[]> {
  const rows = await tx.db
    .selectFrom('case_evidence')
    .select(['id', 'case_id', 'seq', 'title', 'missing'])
    .where('id', 'in', [...ids])
    .execute();
  const out: UncitableItem[] = [];
  for (const id of ids) {
    const r = rows.find((x) => x.id === id);
    if (!r) out.push({ id, reason: '证据登记中没有该证据' });
    else if (r.case_id !== caseId) out.push({ id, reason: `“${r.title}”不是本案的证据` });
    else {
      const missing = JSON.parse(r.missing) as ProvenanceField[];
      if (missing.length > 0)
        out.push({ id, reason: `证据${r.seq}“${r.title}”来源信息不全，${provenanceWords(missing)}` });
    }
  }
  return out;
}
