/**
 * The documents of a 谈话函询 round, filled from the clue and the round and served as PDF or
 * DOCX: 谈话函询报批请示 (`inquiry_request`), 谈话方案 (`talk_plan`, talk rounds), 函询函
 * (`inquiry_letter`, letter rounds, in the office's name, copied to the target's party
 * organisation) and the feedback letter to the person after 采信了结 (`conclusion_letter`).
 * Only the clue's team reads them; each generation is audited.
 */
import {
  type ClueSubjectEntry,
  type OfficialDocument,
  conclusionLetter,
  inquiryLetter,
  inquiryRequest,
  renderDocx,
  renderPdf,
  talkPlan,
} from '../../documents/index.js';
import { CLUE_SOURCE_LABELS, type ClueSource } from '../../shared/clues.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { REPORT_CATEGORIES, type ReportCategory } from '../../shared/reports.codes.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type InquiryOfficer, type InquiryPlan } from './clues.inquiry.js';
import { type ClueAction, cluePolicy } from './clues.policy.js';
import { clueSubjectsOf } from './clues.service.js';
import type { ClueInquiryRow, ClueRow } from './clues.tables.js';

/** The documents of a round (their glossary names). */
export const INQUIRY_DOCUMENTS = ['inquiry_request', 'talk_plan', 'inquiry_letter', 'conclusion_letter'] as const;
/** A document of a round. */
export type InquiryDocument = (typeof INQUIRY_DOCUMENTS)[number];
/** Output formats. */
export const INQUIRY_DOCUMENT_FORMATS = ['pdf', 'docx'] as const;
/** An output format. */
export type InquiryDocumentFormat = (typeof INQUIRY_DOCUMENT_FORMATS)[number];

/** The Shanghai date of an instant. */
function dateOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Builds the document `kind` of a round, or INQUIRY_STEP when the round has none of that kind (yet). */
function build(
  kind: InquiryDocument,
  clue: ClueRow,
  round: ClueInquiryRow,
  subject: ClueSubjectEntry,
  commission: string,
): OfficialDocument {
  const plan = JSON.parse(round.plan) as InquiryPlan;
  const officers = (JSON.parse(round.officers) as InquiryOfficer[]).map((o) => o.name);
  const department = plan.draftingUnitName ?? commission;
  const date = dateOf(round.created_at);
  const missing = () => domainError('INQUIRY_STEP', { status: round.status, mode: round.mode, document: kind });
  switch (kind) {
    case 'inquiry_request': {
      const categories = (JSON.parse(clue.categories) as string[])
        .map((c) => REPORT_CATEGORIES[c as ReportCategory] ?? c)
        .join('、');
      return inquiryRequest({
        number: plan.requestNumber ?? '',
        recipient: `${commission}主要负责人`,
        clueNumber: clue.number,
        subject,
        origin: `${clue.received_on}收到的${CLUE_SOURCE_LABELS[clue.source_kind as ClueSource] ?? ''}线索`,
        allegations: [{ category: categories || '问题线索', summary: clue.summary }],
        mode: round.mode as 'talk' | 'letter',
        reason: round.reason,
        officers: officers.join('、'),
        targetIsNextLowerPrincipal: Number(round.target_is_principal) === 1,
        department,
        date,
        attachments: round.mode === 'talk' ? ['谈话方案', '工作预案'] : ['函询函'],
      });
    }
    case 'talk_plan': {
      const t = plan.talk;
      if (!t) throw missing();
      return talkPlan({
        clueNumber: clue.number,
        subject,
        time: t.time,
        place: t.place,
        talkers: officers,
        recorder: t.recorder,
        ...(t.attendees ? { attendees: t.attendees } : {}),
        ...(round.delegate ? { delegatedTo: round.delegate } : {}),
        points: [...t.points],
        writtenExplanation: t.writtenExplanation,
        safety: [...t.safety],
        department,
        date,
      });
    }
    case 'inquiry_letter': {
      const l = plan.letter;
      if (!l) throw missing();
      return inquiryLetter({
        number: plan.requestNumber ?? '',
        subject,
        matters: [...l.matters],
        office: `${commission}办公室`,
        principalLeader:
          Number(round.target_is_principal) === 1 ? null : (l.principalLeader ?? '所在党委（党组）主要负责人'),
        copyTo: l.copyTo,
        date: round.approved_at ? dateOf(round.approved_at) : date,
        contactPerson: l.contactPerson,
        contactPhone: l.contactPhone,
      });
    }
    case 'conclusion_letter': {
      if (round.outcome !== 'accepted_closed' || !round.decided_at) throw missing();
      return conclusionLetter({
        number: plan.reportNumber ?? '',
        recipient: `${subject.name}同志`,
        subjectLabel: `${subject.position}${subject.name}`,
        matter: clue.summary.replace(/[。.]$/, ''),
        howHandled: round.mode === 'talk' ? '经谈话' : '经函询',
        reason: 'not_substantiated',
        commissionName: commission,
        date: dateOf(round.decided_at),
      });
    }
  }
}

/**
 * Renders document `kind` of round `roundId` of clue `clueId` (NOT_FOUND outside scope or
 * recused, NEED_TO_KNOW off the team, INQUIRY_STEP when the round has no such document) and
 * records that it was generated. Returns the bytes and the file's title.
 */
export async function inquiryDocument(
  ctx: Ctx,
  clueId: string,
  roundId: string,
  kind: InquiryDocument,
  format: InquiryDocumentFormat,
): Promise<{ bytes: Buffer; title: string }> {
  return inTransaction(ctx, async (tx) => {
    const clue = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'detail');
    const round = await tx.db
      .selectFrom('clue_inquiries')
      .selectAll()
      .where('id', '=', roundId)
      .where('clue_id', '=', clueId)
      .executeTakeFirst();
    if (!round) throw errors.notFound('clue_inquiry');
    const [subjects, unit] = await Promise.all([
      clueSubjectsOf(tx, clueId),
      tx.db.selectFrom('units').select('name').where('id', '=', clue.owner_unit_id).executeTakeFirst(),
    ]);
    const s = subjects[0];
    const subject: ClueSubjectEntry = {
      name: s?.name ?? clue.subject_name,
      position: [s?.employer, s?.position].filter(Boolean).join('') || '',
      cadreAuthority: s?.authority ?? '管理权限待查',
    };
    const doc = build(kind, clue, round, subject, unit?.name ?? '');
    await recordAudit(tx, {
      action: 'clue.inquiry_document',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: clue.owner_unit_id,
      changes: { document: [null, kind], format: [null, format], round: [null, Number(round.round)] },
    });
    const bytes = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
    return { bytes, title: doc.title };
  });
}
