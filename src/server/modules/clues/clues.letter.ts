/**
 * 问题线索了结函 (`conclusionLetter`): the letter telling the person concerned (or their party
 * organisation) that a clue was concluded, filled from the concluded clue and its approved
 * 予以了结 opinion: the subject, the matter, the closing reason and its detail, the commission.
 */
import { renderDocx, renderPdf } from '../../documents/index.js';
import { conclusionLetter } from '../../documents/clue-verification-templates.js';
import type { ConclusionReason } from '../../documents/clue-verification-templates.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type ClueAction, cluePolicy } from './clues.policy.js';
import { clueSubjectsOf } from './clues.service.js';
import type { ClueRow } from './clues.tables.js';

/** A rendered letter. */
export interface LetterFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/**
 * Renders the 了结函 of a clue concluded by an approved 予以了结 opinion (its team, clue.manage in
 * scope), addressed to `recipient`; audited. Throws NOT_FOUND, NEED_TO_KNOW, CLUE_TRANSITION (not
 * concluded by a 予以了结 opinion).
 */
export async function conclusionLetterFile(
  ctx: Ctx,
  clueId: string,
  q: { format: 'pdf' | 'docx'; recipient: string; number?: string | undefined },
): Promise<LetterFile> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'manage');
    const opinion = await tx.db
      .selectFrom('clue_disposal_opinions')
      .select(['conclusion_reason', 'conclusion_detail'])
      .where('clue_id', '=', clueId)
      .where('status', '=', 'approved')
      .where('disposal', '=', 'concluded')
      .executeTakeFirst();
    if (row.status !== 'concluded' || !opinion?.conclusion_reason)
      throw domainError('CLUE_TRANSITION', { status: row.status, action: 'conclusion_letter' });
    const [first] = await clueSubjectsOf(tx, clueId);
    const unit = await tx.db
      .selectFrom('units')
      .select('name')
      .where('id', '=', row.owner_unit_id)
      .executeTakeFirstOrThrow();
    const doc = conclusionLetter({
      number: q.number ?? '',
      recipient: q.recipient,
      subjectLabel: `${first?.employer ?? ''}${first?.position ?? ''}${first?.name ?? row.subject_name}`,
      matter: row.summary,
      reason: opinion.conclusion_reason as ConclusionReason,
      ...(opinion.conclusion_detail ? { reasonDetail: opinion.conclusion_detail } : {}),
      commissionName: unit.name,
      date: toShanghaiDate(nowIso(tx)),
    });
    await recordAudit(tx, {
      action: 'clue.conclusion_letter',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: row.owner_unit_id,
      changes: { format: [null, q.format], recipient: [null, q.recipient] },
    });
    const pdf = q.format === 'pdf';
    return {
      body: pdf ? await renderPdf(doc) : await renderDocx(doc),
      contentType: pdf ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileName: `${row.number}了结函.${q.format}`,
    };
  });
}
