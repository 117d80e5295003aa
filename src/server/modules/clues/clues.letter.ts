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

/** An addressee offered from the clue: a subject ("<name>同志") or the unit a subject works in. */
export interface LetterAddressee {
  /** Stable within the clue: `subject-<n>` / `employer-<n>` for the n-th subject (from 1). */
  key: string;
  kind: 'subject' | 'employer';
  text: string;
}

/** The addressees a clue's subjects offer, in subject order; a unit named by two subjects once. */
async function addresseesOf(ctx: Ctx, clueId: string): Promise<LetterAddressee[]> {
  const out: LetterAddressee[] = [];
  const units = new Set<string>();
  (await clueSubjectsOf(ctx, clueId)).forEach((s, i) => {
    out.push({ key: `subject-${i + 1}`, kind: 'subject', text: `${s.name}同志` });
    const unit = s.employer?.trim();
    if (unit && !units.has(unit)) {
      units.add(unit);
      out.push({ key: `employer-${i + 1}`, kind: 'employer', text: unit });
    }
  });
  return out;
}

/**
 * The addressees of a clue's 了结函 (its team, clue.manage in scope): each subject and the unit
 * each works in, where recorded. Throws NOT_FOUND, NEED_TO_KNOW.
 */
export async function letterAddressees(ctx: Ctx, clueId: string): Promise<LetterAddressee[]> {
  await loadInScope<ClueAction, ClueRow>(ctx, cluePolicy, clueId, 'manage');
  return addresseesOf(ctx, clueId);
}

/** Whom a letter goes to: an addressee picked from the clue (`addressee`, its key) or one typed (`recipient`). */
export interface LetterTo {
  addressee?: string | undefined;
  recipient?: string | undefined;
}

/**
 * The letter's addressee text and how it was chosen (`picked:<key>` or `typed`, for the audit). A
 * picked key must be one the clue offers; exactly one of `addressee` and `recipient` is given.
 * Throws LETTER_ADDRESSEE_INVALID.
 */
export async function resolveAddressee(
  ctx: Ctx,
  clueId: string,
  to: LetterTo,
): Promise<{ text: string; chosen: string }> {
  const typed = to.recipient?.trim();
  if (to.addressee && typed) throw domainError('LETTER_ADDRESSEE_INVALID', { reason: 'both' });
  if (typed) return { text: typed, chosen: 'typed' };
  if (!to.addressee) throw domainError('LETTER_ADDRESSEE_INVALID', { reason: 'missing' });
  const found = (await addresseesOf(ctx, clueId)).find((a) => a.key === to.addressee);
  if (!found) throw domainError('LETTER_ADDRESSEE_INVALID', { addressee: to.addressee, reason: 'not_on_clue' });
  return { text: found.text, chosen: `picked:${found.key}` };
}

/** A rendered letter. */
export interface LetterFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/**
 * Renders the 了结函 of a clue concluded by an approved 予以了结 opinion (its team, clue.manage in
 * scope), addressed to an addressee picked from the clue or typed (the audit event says which);
 * audited. Throws NOT_FOUND, NEED_TO_KNOW, CLUE_TRANSITION (not concluded by a 予以了结 opinion),
 * LETTER_ADDRESSEE_INVALID (a picked addressee the clue does not offer, or none or both given).
 */
export async function conclusionLetterFile(
  ctx: Ctx,
  clueId: string,
  q: LetterTo & { format: 'pdf' | 'docx'; number?: string | undefined },
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
    const to = await resolveAddressee(tx, clueId, q);
    const [first] = await clueSubjectsOf(tx, clueId);
    const unit = await tx.db
      .selectFrom('units')
      .select('name')
      .where('id', '=', row.owner_unit_id)
      .executeTakeFirstOrThrow();
    const doc = conclusionLetter({
      number: q.number ?? '',
      recipient: to.text,
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
      // A typed addressee is recorded as typed: only a picked one was checked against the clue.
      changes: { format: [null, q.format], recipient: [null, to.text], addressee: [null, to.chosen] },
    });
    const pdf = q.format === 'pdf';
    return {
      body: pdf ? await renderPdf(doc) : await renderDocx(doc),
      contentType: pdf ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileName: `${row.number}了结函.${q.format}`,
    };
  });
}
