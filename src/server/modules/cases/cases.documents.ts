/**
 * The case documents: one registry (name → generator) behind one route,
 * `GET /api/cases/{id}/documents/{name}.pdf|docx`, into which every part of the case stage
 * registers its documents (`registerCaseDocument`), and this part's four: 立案审查调查呈批报告
 * (from the filing approval's content and signatures), 立案决定书, 立案通知书 and 审查调查报告.
 */
import {
  type CaseSubjectLine,
  filingDecision,
  filingNotice,
  filingRequestReport,
  investigationReport,
} from '../../documents/case-templates.js';
import { type OfficialDocument, renderDocx, renderPdf } from '../../documents/index.js';
import {
  APPROVAL_POST_LABELS,
  type ApprovalPost,
  STEP_STATUS_LABELS,
  type StepStatus,
} from '../../shared/approvals.codes.js';
import {
  CASE_ACTION_KIND_LABELS,
  CASE_MEMBER_ROLE_LABELS,
  CASE_TALK_KINDS,
  type CaseActionKind,
  CASE_REPORT_ATTACHMENTS,
  CASE_REPORT_ATTACHMENT_LABELS,
  CASE_TARGET_LABELS,
  type CaseMemberRole,
  type CaseTarget,
  FILING_CONDITION_LABELS,
  type FilingCondition,
  HANDLING_MODE_LABELS,
  type HandlingMode,
  MEASURE_KIND_LABELS,
  type MeasureKind,
  ZONE_DOCUMENTS,
  ZONE_DOCUMENT_LABELS,
} from '../../shared/cases.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { DomainError, domainError, errors } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { currentTeam } from './cases.conclusion.js';
import { loadCase } from './cases.read.js';
import { type CaseReportText, type ReportAttachments, caseReportOf, reportSignatures } from './cases.report.js';
import { caseSubjectsOf } from './cases.service.js';
import type { CaseRow } from './cases.tables.js';
import { MEASURE_DOCUMENTS, type MeasureDocument } from './cases.measures.documents.js';

/** What the route passes a generator besides the case: the record a per-record document is about. */
export interface CaseDocumentOptions {
  /** `?recordId=`: the action, measure or item of a document about one record; null when absent. */
  recordId: string | null;
}

/**
 * Builds one case document from the case (read in scope with `detail` by the route, in its
 * transaction). Throws a domain error when the document does not exist yet (e.g. CASE_TRANSITION)
 * or when it needs a `recordId` it was not given or that is not of this case.
 */
export type CaseDocumentGenerator = (tx: Ctx, row: CaseRow, opts: CaseDocumentOptions) => Promise<OfficialDocument>;

const registry = new Map<string, CaseDocumentGenerator>();

/** The pattern of a document name (the file is `<name>.pdf` or `<name>.docx`). */
export const CASE_DOCUMENT_NAME = /^[a-z][a-z0-9_]{1,60}$/;

/**
 * Registers a case document under `name` (snake_case, the glossary's name) at module load: the one
 * route serves it. A name registered twice is a programming error (throws).
 */
export function registerCaseDocument(name: string, generator: CaseDocumentGenerator): void {
  if (!CASE_DOCUMENT_NAME.test(name)) throw new Error(`case document name ${name}: snake_case expected`);
  if (registry.has(name)) throw new Error(`case document ${name} registered twice`);
  registry.set(name, generator);
}

/** The names of the registered case documents. */
export function caseDocumentNames(): string[] {
  return [...registry.keys()].sort();
}

/**
 * Renders case document `name` of case `caseId` (about record `opts.recordId` for a per-record
 * document) as PDF or DOCX, audited (`case.document`). Needs
 * `detail` on the case (NOT_FOUND, NEED_TO_KNOW); NOT_FOUND for a name nobody registered; the
 * generator's own refusals (the document does not exist yet).
 */
export async function caseDocument(
  ctx: Ctx,
  caseId: string,
  name: string,
  format: 'pdf' | 'docx',
  opts: { recordId?: string | null | undefined } = {},
): Promise<{ bytes: Buffer; title: string }> {
  const generate = registry.get(name);
  if (!generate) throw errors.notFound('case_document');
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail');
    const doc = await generate(tx, row, { recordId: opts.recordId ?? null });
    await recordAudit(tx, {
      action: 'case.document',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { document: [null, `${name}.${format}`], ...(opts.recordId ? { record: [null, opts.recordId] } : {}) },
    });
    const bytes = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
    return { bytes, title: `${doc.title}（${row.number ?? row.title}）` };
  });
}

/** One document a case has so far, with where to download it. */
export interface CaseDocumentLine {
  /** The document's name (`case_filing_decision`, `talk_record`, `detention_decision`, …). */
  name: string;
  /** Which route serves it: the case registry, a measure's documents, the zone documents. */
  source: 'case' | 'measure' | 'zone';
  /** Its title in words (立案决定书, 谈话笔录, 留置决定书, …). */
  title: string;
  /** The record a per-record document is about (action, measure), or null. */
  recordId: string | null;
  /** That record in words (e.g. 谈话 2026-11-21 张某), or null. */
  recordLabel: string | null;
  /** Path of the PDF. */
  pdf: string;
  /** Path of the DOCX. */
  docx: string;
}

/** A per-record document's candidate records: the id and the record in words. */
type RecordSource = (tx: Ctx, row: CaseRow) => Promise<{ id: string; label: string }[]>;

/** The case's actions of `kinds`, oldest first, as candidate records. */
function actionsOf(kinds: readonly CaseActionKind[]): RecordSource {
  return async (tx, row) => {
    const rows = await tx.db
      .selectFrom('case_actions')
      .select(['id', 'kind', 'started_at', 'person_name'])
      .where('case_id', '=', row.id)
      .where('kind', 'in', [...kinds])
      .orderBy('started_at')
      .execute();
    return rows.map((a) => ({
      id: a.id,
      label: [
        CASE_ACTION_KIND_LABELS[a.kind as CaseActionKind] ?? a.kind,
        toShanghaiDate(a.started_at),
        a.person_name ?? '',
      ]
        .filter(Boolean)
        .join(' '),
    }));
  };
}

/**
 * The records each per-record document of the registry is made for (a name not here is tried
 * without a record: a generator that needs one refuses, and the document is not listed).
 */
const RECORD_SOURCES: Record<string, RecordSource> = {
  talk_record: actionsOf(CASE_TALK_KINDS),
  evidence_request: actionsOf(['obtain']),
  evidence_list: actionsOf(['obtain']),
};

const MEASURE_DOCUMENT_TITLES: Record<MeasureDocument, string> = {
  detention_decision: '留置决定书',
  detention_notice: '留置通知书',
  standby_decision: '责令候查决定书',
  custody_decision: '管护决定书',
};

/** True for a refusal a generator gives when its document does not exist (yet) for this case. */
function isRefusal(err: unknown): boolean {
  return err instanceof DomainError && err.statusCode >= 400 && err.statusCode < 500;
}

/**
 * Every document case `caseId` has so far, one line each, in registry order then measures and
 * zone documents: a registry document is listed when its generator makes it for this case (and
 * record); a measure's documents for each measure of their kind (留置通知书 once notified); 授权书
 * for a zone case with its current authorisation, 指定管辖决定书 for a designated case. Nothing is
 * rendered or audited (the download is). Needs `detail` on the case (NOT_FOUND, NEED_TO_KNOW).
 */
export async function listCaseDocuments(ctx: Ctx, caseId: string): Promise<CaseDocumentLine[]> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail');
    const base = `/api/cases/${caseId}`;
    const lines: CaseDocumentLine[] = [];
    for (const [name, generate] of registry) {
      const source = RECORD_SOURCES[name];
      const records = source ? await source(tx, row) : [null];
      for (const record of records) {
        let title: string;
        try {
          title = (await generate(tx, row, { recordId: record?.id ?? null })).title;
        } catch (err) {
          if (isRefusal(err)) continue;
          throw err;
        }
        const query = record ? `?recordId=${record.id}` : '';
        lines.push({
          name,
          source: 'case',
          title,
          recordId: record?.id ?? null,
          recordLabel: record?.label ?? null,
          pdf: `${base}/documents/${name}.pdf${query}`,
          docx: `${base}/documents/${name}.docx${query}`,
        });
      }
    }
    const measures = await tx.db
      .selectFrom('case_measures')
      .select(['id', 'seq', 'kind', 'subject_name', 'approved_on', 'notified_at'])
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    for (const m of measures) {
      for (const [name, kind] of Object.entries(MEASURE_DOCUMENTS) as [MeasureDocument, string][]) {
        if (kind !== m.kind || (name === 'detention_notice' && !m.notified_at)) continue;
        const at = `${base}/measures/${m.id}/documents/${name}`;
        lines.push({
          name,
          source: 'measure',
          title: MEASURE_DOCUMENT_TITLES[name],
          recordId: m.id,
          recordLabel: `${MEASURE_KIND_LABELS[m.kind as MeasureKind] ?? m.kind} ${m.subject_name} ${m.approved_on}`,
          pdf: `${at}.pdf`,
          docx: `${at}.docx`,
        });
      }
    }
    const authorised =
      row.mode === 'zone' && row.zone_id
        ? await tx.db
            .selectFrom('case_authorizations')
            .select('id')
            .where('case_id', '=', caseId)
            .where('zone_id', '=', row.zone_id)
            .where('superseded_at', 'is', null)
            .executeTakeFirst()
        : undefined;
    for (const name of ZONE_DOCUMENTS) {
      const exists = name === 'case_authorization' ? Boolean(authorised) : row.mode === 'designated';
      if (!exists) continue;
      lines.push({
        name,
        source: 'zone',
        title: ZONE_DOCUMENT_LABELS[name],
        recordId: null,
        recordLabel: null,
        pdf: `${base}/zone-documents/${name}.pdf`,
        docx: `${base}/zone-documents/${name}.docx`,
      });
    }
    return lines;
  });
}

async function subjectLines(tx: Ctx, caseId: string): Promise<CaseSubjectLine[]> {
  return (await caseSubjectsOf(tx, caseId)).map((s) => ({
    name: s.name,
    position: [s.employer, s.position].filter(Boolean).join(''),
  }));
}

async function unitName(tx: Ctx, id: string): Promise<string> {
  const u = await tx.db.selectFrom('units').select('name').where('id', '=', id).executeTakeFirst();
  return u?.name ?? '';
}

function requireFiled(row: CaseRow, document: string): { number: string; filedOn: string } {
  if (!row.number || !row.filed_on) throw domainError('CASE_TRANSITION', { status: row.status, action: document });
  return { number: row.number, filedOn: row.filed_on };
}

const FORM_LABELS: Record<ApprovalPost, string> = {
  department_head: '承办部门意见',
  leader_in_charge: '分管领导意见',
  principal_leader: '主要负责人审批',
  committee_principal: '同级党委主要负责人审批',
};

async function filingRequestDocument(tx: Ctx, row: CaseRow): Promise<OfficialDocument> {
  if (!row.filing_approval_id) throw domainError('CASE_TRANSITION', { status: row.status, action: 'case_filing_form' });
  const approval = await tx.db
    .selectFrom('approvals as a')
    .leftJoin('users as u', 'u.id', 'a.drafter_id')
    .select([
      'a.number',
      'a.content',
      'a.content_hash',
      'a.round',
      'a.drafting_unit_id',
      'a.submitted_at',
      'u.display_name',
    ])
    .where('a.id', '=', row.filing_approval_id)
    .executeTakeFirstOrThrow();
  const steps = await tx.db
    .selectFrom('approval_steps')
    .select(['post', 'status', 'holder_name', 'opinion', 'signed_on', 'decided_at', 'offline'])
    .where('approval_id', '=', row.filing_approval_id)
    .where('round', '=', approval.round)
    .orderBy('seq')
    .execute();
  const c = JSON.parse(approval.content) as {
    title: string;
    targetKind: CaseTarget;
    caseSummary: string;
    basis: string;
    conditions: FilingCondition[];
    handling: { mode: HandlingMode; unitName: string; coOrgan: string | null; reasonNote: string | null };
    summary: string;
  };
  const reasonLine = c.summary.split('\n').find((l) => l.startsWith('理由：')) ?? '';
  return filingRequestReport({
    approvalNumber: approval.number,
    caseNumber: row.number,
    title: c.title,
    subjects: await subjectLines(tx, row.id),
    targetKind: CASE_TARGET_LABELS[c.targetKind],
    summary: c.caseSummary,
    basis: c.basis,
    conditions: c.conditions.map((x) => FILING_CONDITION_LABELS[x]),
    handling: `${HANDLING_MODE_LABELS[c.handling.mode]}，承办单位：${c.handling.unitName}${c.handling.coOrgan ? `（${c.handling.coOrgan}）` : ''}。${reasonLine}`,
    filingUnit: await unitName(tx, row.filing_unit_id),
    handlingUnit: c.handling.unitName,
    draftingUnit: await unitName(tx, approval.drafting_unit_id),
    drafter: approval.display_name ?? '',
    submittedAt: approval.submitted_at,
    approvals: steps.map((s) => {
      const when = s.signed_on ?? (s.decided_at ? toShanghaiDate(s.decided_at) : null);
      const status = STEP_STATUS_LABELS[s.status as StepStatus] ?? s.status;
      return {
        label: FORM_LABELS[s.post as ApprovalPost] ?? APPROVAL_POST_LABELS[s.post as ApprovalPost] ?? s.post,
        text: when
          ? `${s.opinion ?? status}\n${s.holder_name ?? ''}${Number(s.offline) === 1 ? '（据纸质签批登记）' : ''} ${when}`
          : s.status === 'skipped'
            ? status
            : '',
      };
    }),
    contentHash: approval.content_hash,
  });
}

async function filingDecisionDocument(tx: Ctx, row: CaseRow): Promise<OfficialDocument> {
  const { number, filedOn } = requireFiled(row, 'case_filing_decision');
  return filingDecision({
    caseNumber: number,
    subjects: await subjectLines(tx, row.id),
    summary: row.summary,
    filingUnit: await unitName(tx, row.filing_unit_id),
    handlingUnit: await unitName(tx, row.handling_unit_id),
    mode: HANDLING_MODE_LABELS[row.mode as HandlingMode],
    filedOn,
  });
}

async function filingNoticeDocument(tx: Ctx, row: CaseRow): Promise<OfficialDocument> {
  const { number, filedOn } = requireFiled(row, 'case_filing_notice');
  const subjects = await caseSubjectsOf(tx, row.id);
  // 立案通知书 goes to the person's unit (TL21 第一百八十四条) and party organisation (GZ 第三十八条).
  const recipient = subjects.find((s) => s.employer)?.employer ?? '被审查调查人所在单位（党组织）';
  return filingNotice({
    caseNumber: number,
    recipient,
    subjects: await subjectLines(tx, row.id),
    filingUnit: await unitName(tx, row.filing_unit_id),
    handlingUnit: await unitName(tx, row.handling_unit_id),
    filedOn,
    date: row.notified_on ?? toShanghaiDate(nowIso(tx)),
  });
}

async function investigationReportDocument(tx: Ctx, row: CaseRow): Promise<OfficialDocument> {
  const report = await caseReportOf(tx, row.id);
  if (!report) throw domainError('CASE_REPORT_STATE', { status: null });
  const text = JSON.parse(report.content) as CaseReportText;
  const signed = await reportSignatures(tx, report.id, report.content_hash);
  const attachments = report.attachments ? (JSON.parse(report.attachments) as ReportAttachments) : null;
  const team = await currentTeam(tx, row.id);
  return investigationReport({
    caseNumber: row.number ?? '',
    subjects: await subjectLines(tx, row.id),
    handlingUnit: await unitName(tx, row.handling_unit_id),
    background: text.background,
    facts: text.facts,
    attitude: text.attitude,
    proposal: text.proposal,
    evidence: text.evidenceIds.map((id) => `证据 ${id}`),
    attachments: attachments
      ? CASE_REPORT_ATTACHMENTS.map(
          (k) =>
            `${CASE_REPORT_ATTACHMENT_LABELS[k]}${attachments[k].attached ? `（${attachments[k].reference}）` : `：未附，${attachments[k].note}`}`,
        )
      : [],
    team: team.map((m) => ({
      role: CASE_MEMBER_ROLE_LABELS[m.role as CaseMemberRole] ?? '',
      name: m.name,
      signedAt: signed.get(m.userId)?.signedAt ?? null,
    })),
    date: toShanghaiDate(report.submitted_at ?? report.updated_at),
  });
}

registerCaseDocument('case_filing_form', filingRequestDocument);
registerCaseDocument('case_filing_decision', filingDecisionDocument);
registerCaseDocument('case_filing_notice', filingNoticeDocument);
registerCaseDocument('investigation_report', investigationReportDocument);
