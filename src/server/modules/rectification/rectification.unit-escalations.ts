/**
 * A unit's own escalation records (`rectification_unit_escalations`, migration 2026120807c): rungs
 * a unit reaches for something other than one of its ledger items. Today one source: a
 * recommendation (监察建议书 / 纪律检查建议书) refused without good reason — without a reason, or
 * with one the issuer rules unjustified — is recorded as 问责 on the recipient unit (JCF24
 * 第七十一条: ordered to correct, the unit criticised, the people responsible dealt with), in the
 * refusal's or the ruling's transaction. The unit's page lists these records beside its items'
 * rungs, each with its 问责记录 (PDF or DOCX) citing the recommendation and the article.
 *
 * The record has its own table rather than a row of `rectification_escalations` because that
 * table is keyed to an item (`item_id` required, unique with the rung) and a refusal opens none.
 * Its scope columns are the recipient unit's and its issuer columns the issuing commission's, so
 * the ledger's own predicates (`rectificationListWhere`) decide who sees it: either side, 404 for
 * anyone else.
 */
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { RECOMMENDATION_KIND_LABELS, type RecommendationKind } from '../../shared/recommendation.codes.js';
import {
  type RectificationEscalation,
  UNIT_ESCALATION_REASON_LABELS,
  type UnitEscalationReason,
  type UnitEscalationSource,
} from '../../shared/rectification.codes.js';
import { chineseDate, renderDocx, renderPdf } from '../../documents/index.js';
import { recordAudit } from '../audit/index.js';
import { accountabilityRecord } from './rectification.escalation-docs.js';
import { rectificationListWhere } from './rectification.policy.js';
import type { RecommendationRow } from './rectification.recommendations.tables.js';
import type { RectificationUnitEscalationRow } from './rectification.tables.js';

/** The record of a refused recommendation, as stored (JSON) and shown. */
export interface UnitEscalationContent {
  /** The record in one sentence (what the page shows). */
  text: string;
  /** The recommendation: its id, kind, 文号 and subject. */
  recommendationId: string;
  recommendationKind: RecommendationKind;
  recommendationNumber: string | null;
  recommendationSubject: string;
  /** When it was issued (an instant) and the rectification deadline written in it. */
  issuedAt: string | null;
  deadline: string | null;
  /** When it was refused, and the reason given (null: none). */
  refusedAt: string;
  refusalReason: string | null;
  /** The issuer's ruling that the reason does not hold (null: refused without a reason). */
  rulingNote: string | null;
  /** The article the record rests on. */
  basis: string;
}

/** A unit's own escalation record as shown. */
export interface UnitEscalationView {
  id: string;
  unitId: string;
  source: UnitEscalationSource;
  sourceId: string;
  rung: RectificationEscalation;
  reason: UnitEscalationReason;
  content: UnitEscalationContent;
  recordedByName: string | null;
  at: string;
  /** Its documents (`accountability_record`). */
  documents: string[];
}

/** The document kinds of a unit's own records. */
export const UNIT_ESCALATION_DOCUMENTS = ['accountability_record'] as const;
/** A unit escalation document kind. */
export type UnitEscalationDocument = (typeof UNIT_ESCALATION_DOCUMENTS)[number];

/** The legal basis of the record, by the recommendation's kind. */
function basisOf(kind: string): string {
  const article =
    '有关单位无正当理由拒不采纳监察建议的，由其主管部门、上级机关责令改正，对单位给予通报批评；对负有责任的领导人员和直接责任人员依法给予处理';
  return kind === 'supervision'
    ? `《中华人民共和国监察法》第七十一条：${article}。`
    : `《中国共产党纪律检查机关监督执纪工作规则》有关规定，参照《中华人民共和国监察法》第七十一条：${article}。`;
}

/** The view of a row. */
export function presentUnitEscalation(r: RectificationUnitEscalationRow): UnitEscalationView {
  return {
    id: r.id,
    unitId: r.owner_unit_id,
    source: r.source_kind as UnitEscalationSource,
    sourceId: r.source_id,
    rung: r.rung as RectificationEscalation,
    reason: r.reason as UnitEscalationReason,
    content: JSON.parse(r.content) as UnitEscalationContent,
    recordedByName: r.recorded_by_name,
    at: r.at,
    documents: [...UNIT_ESCALATION_DOCUMENTS],
  };
}

/**
 * Records recommendation `row` refused without good reason as 问责 on its recipient unit, in the
 * caller's transaction (the refusal's, or the ruling's): `why` says which, `rulingNote` is the
 * issuer's ruling when there is one. Recorded by the ruling issuer, or by nobody (the refusal
 * itself: the record follows from it). Returns the record's id (for the audit event).
 */
export async function recordRefusalAccountability(
  tx: Ctx,
  row: RecommendationRow,
  why: UnitEscalationReason,
  rulingNote: string | null,
): Promise<string> {
  const now = nowIso(tx);
  const refusedAt = row.refused_at ?? now;
  const kindLabel = RECOMMENDATION_KIND_LABELS[row.kind as RecommendationKind] ?? row.kind;
  const unit = await tx.db
    .selectFrom('units')
    .select('name')
    .where('id', '=', row.owner_unit_id)
    .executeTakeFirstOrThrow();
  const doc = `《${row.subject}》（${row.number ?? '未编号'}）`;
  const text =
    why === 'refused_without_reason'
      ? `${unit.name}对${kindLabel}${doc}拒不采纳且未说明理由，依规记录问责：责令改正，对单位给予通报批评，对负有责任的领导人员和直接责任人员依法处理。`
      : `${unit.name}对${kindLabel}${doc}拒不采纳，所提理由经认定不成立，依规记录问责：责令改正，对单位给予通报批评，对负有责任的领导人员和直接责任人员依法处理。`;
  const content: UnitEscalationContent = {
    text,
    recommendationId: row.id,
    recommendationKind: row.kind as RecommendationKind,
    recommendationNumber: row.number,
    recommendationSubject: row.subject,
    issuedAt: row.issued_at,
    deadline: row.deadline,
    refusedAt,
    refusalReason: row.refusal_reason,
    rulingNote,
    basis: basisOf(row.kind),
  };
  const id = newId();
  const ruled = why === 'refusal_ruled_unjustified';
  await tx.db
    .insertInto('rectification_unit_escalations')
    .values({
      id,
      owner_unit_id: row.owner_unit_id,
      owner_unit_path: row.owner_unit_path,
      region_path: row.region_path,
      county_code: row.county_code,
      issuer_unit_id: row.issuer_unit_id,
      issuer_unit_path: row.issuer_unit_path,
      issuer_region_path: row.issuer_region_path,
      source_kind: 'recommendation_refusal',
      source_id: row.id,
      rung: 'accountability',
      reason: why,
      content: JSON.stringify(content),
      recorded_by: ruled ? (tx.actor?.userId ?? null) : null,
      recorded_by_name: ruled ? (tx.actor?.displayName ?? null) : null,
      at: now,
    })
    .execute();
  return id;
}

/**
 * Renders the 问责记录 of unit record `id` (anyone who sees it: either side's `rectification.read`;
 * NOT_FOUND otherwise). Audited (`rectification.escalation_document`).
 */
export async function unitEscalationDocument(
  ctx: Ctx,
  id: string,
  kind: UnitEscalationDocument,
  format: 'pdf' | 'docx',
): Promise<{ bytes: Buffer; title: string }> {
  const doc = await inTransaction(ctx, async (tx) => {
    const row = await tx.db
      .selectFrom('rectification_unit_escalations as e')
      .selectAll('e')
      .where('e.id', '=', id)
      .where((eb) => rectificationListWhere(tx, 'e')(eb as never))
      .executeTakeFirst();
    if (!row) throw errors.notFound('rectification_unit_escalation');
    const esc = presentUnitEscalation(row);
    const units = await tx.db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('id', 'in', [row.owner_unit_id, row.issuer_unit_id])
      .execute();
    const nameOf = (u: string) => units.find((x) => x.id === u)?.name ?? '';
    const owner = nameOf(row.owner_unit_id);
    const issuer = nameOf(row.issuer_unit_id);
    await recordAudit(tx, {
      action: 'rectification.escalation_document',
      resourceType: 'rectification_unit_escalation',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { recommendation: [null, row.source_id], document: [null, `${kind}.${format}`] },
    });
    const c = esc.content;
    const kindLabel = RECOMMENDATION_KIND_LABELS[c.recommendationKind] ?? c.recommendationKind;
    const docName = `《${c.recommendationSubject}》（${c.recommendationNumber ?? '未编号'}）`;
    const issued = c.issuedAt ? `${chineseDate(toShanghaiDate(c.issuedAt))}` : '';
    const refused = chineseDate(toShanghaiDate(c.refusedAt));
    const answer = c.refusalReason
      ? `${owner}于${refused}拒不采纳，所提理由为“${c.refusalReason}”；经${issuer}认定，该理由不成立（${c.rulingNote ?? ''}）。`
      : `${owner}于${refused}拒不采纳，且未说明任何理由。`;
    const model = accountabilityRecord({
      number: id,
      fields: [
        { label: '被问责单位', value: owner, wide: true },
        { label: '问责事由', value: UNIT_ESCALATION_REASON_LABELS[esc.reason] ?? esc.reason, wide: true },
        { label: '所涉建议书', value: `${kindLabel}${docName}`, wide: true },
        { label: '制发机关', value: issuer },
        { label: '制发日期', value: issued },
      ],
      cause: `${issuer}${issued ? `于${issued}` : ''}向${owner}制发${kindLabel}${docName}${c.deadline ? `，要求于${chineseDate(c.deadline)}前完成整改并反馈整改情况` : ''}。${answer}`,
      basis: `依据${c.basis}`,
      handling: `责令${owner}改正，认真落实${kindLabel}${docName}提出的整改要求；对${owner}给予通报批评；对负有责任的领导人员和直接责任人员，由有权机关依规依纪依法处理。本记录记入该单位整改情况。`,
      issuer,
      date: chineseDate(toShanghaiDate(esc.at)),
    });
    return { model, title: `${model.title}（${owner}）` };
  });
  const bytes = format === 'pdf' ? await renderPdf(doc.model) : await renderDocx(doc.model);
  return { bytes, title: doc.title };
}
