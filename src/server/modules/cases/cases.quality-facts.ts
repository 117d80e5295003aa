/**
 * The seam between a closed case and the quality review (案件质量评查, issue 14 §5): what the case
 * records already know about its faults, read without an access check (the quality module loads
 * the case in its own scope first). Evidence items whose provenance is incomplete (the same list
 * that makes them uncitable in a report), the records whose clocks belong to the case (the case
 * itself, its measures and seized property), and which case documents were ever generated (each
 * generation leaves a `case.document` audit event naming the document).
 */
import { PROVENANCE_FIELD_LABELS, type ProvenanceField } from '../../shared/cases.codes.js';
import type { Ctx } from '../../shared/context.js';
import { MEASURE_RESOURCE } from './cases.measures.js';
import { PROPERTY_RESOURCE } from './cases.property.js';

/** An evidence item with incomplete provenance. */
export interface IncompleteEvidence {
  id: string;
  /** 证据编号 within the case. */
  seq: number;
  title: string;
  /** What is lacking, in words (收集人, 收集时间, 来源…). */
  missing: string[];
}

/** The evidence items of case `caseId` whose provenance is incomplete, in register order. */
export async function incompleteEvidence(tx: Ctx, caseId: string): Promise<IncompleteEvidence[]> {
  const rows = await tx.db
    .selectFrom('case_evidence')
    .select(['id', 'seq', 'title', 'missing'])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      seq: Number(r.seq),
      title: r.title,
      missing: (JSON.parse(r.missing) as ProvenanceField[]).map((f) => PROVENANCE_FIELD_LABELS[f] ?? f),
    }))
    .filter((r) => r.missing.length > 0);
}

/** A record whose clocks belong to a case: the case, one of its measures, one of its seized items. */
export interface CaseClockRecord {
  resourceType: string;
  resourceId: string;
}

/** The records whose clocks belong to case `caseId` (the case first, then measures and property). */
export async function caseClockRecords(tx: Ctx, caseId: string): Promise<CaseClockRecord[]> {
  const [measures, property] = await Promise.all([
    tx.db.selectFrom('case_measures').select('id').where('case_id', '=', caseId).orderBy('seq').execute(),
    tx.db.selectFrom('case_property').select('id').where('case_id', '=', caseId).orderBy('seq').execute(),
  ]);
  return [
    { resourceType: 'case', resourceId: caseId },
    ...measures.map((m) => ({ resourceType: MEASURE_RESOURCE, resourceId: m.id })),
    ...property.map((p) => ({ resourceType: PROPERTY_RESOURCE, resourceId: p.id })),
  ];
}

/**
 * The names of the case documents ever generated for case `caseId` (PDF or DOCX), from the
 * `case.document` audit events `caseDocument` writes in the generating transaction.
 */
export async function caseDocumentsGenerated(tx: Ctx, caseId: string): Promise<Set<string>> {
  const rows = await tx.db
    .selectFrom('audit_events')
    .select('changes')
    .where('resource_type', '=', 'case')
    .where('resource_id', '=', caseId)
    .where('action', '=', 'case.document')
    .execute();
  const out = new Set<string>();
  for (const r of rows) {
    const changes = r.changes ? (JSON.parse(r.changes) as { document?: [unknown, unknown] }) : {};
    const file = changes.document?.[1];
    if (typeof file === 'string') out.add(file.replace(/\.(pdf|docx)$/, ''));
  }
  return out;
}
