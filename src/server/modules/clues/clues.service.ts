/**
 * Clues (问题线索): the clue ledger's rows. Today a clue is registered from an accepted report
 * (intake's "register as clue"); the clue stage (ledger, assignment, disposals) builds on this
 * module. Only this module writes the `clues` table: other modules call `registerClue`.
 */
import { type Ctx, nowIso } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { issueNumber } from '../numbering/index.js';

/** What a new clue records: where it came from, whom it concerns, and whose it is. */
export interface NewClue {
  /** The report it was registered from, or null for a clue from another source. */
  reportId: string | null;
  subjectName: string;
  subjectId: string | null;
  summary: string;
  /** The owning unit and the scope columns the clue carries (copied from its origin). */
  ownerUnitId: string;
  ownerUnitPath: string;
  regionPath: string;
  countyCode: string | null;
}

/**
 * Registers a clue inside the caller's transaction: numbers it in the owning commission's
 * clue series (渑纪线〔2026〕0001号), writes the row and its audit event. Returns id and number.
 */
export async function registerClue(tx: Ctx, input: NewClue): Promise<{ id: string; number: string }> {
  const now = nowIso(tx);
  const id = newId();
  const number = await issueNumber(tx, input.ownerUnitId, 'clue', now);
  await tx.db
    .insertInto('clues')
    .values({
      id,
      number,
      report_id: input.reportId,
      status: 'registered',
      subject_name: input.subjectName,
      subject_id: input.subjectId,
      summary: input.summary,
      owner_unit_id: input.ownerUnitId,
      owner_unit_path: input.ownerUnitPath,
      region_path: input.regionPath,
      county_code: input.countyCode,
      created_by: tx.actor?.userId ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await recordAudit(tx, { action: 'clue.register', resourceType: 'clue', resourceId: id, unitId: input.ownerUnitId });
  return { id, number };
}

/** The number of a clue, or null when there is none with this id. */
export async function clueNumberOf(ctx: Ctx, id: string): Promise<string | null> {
  const row = await ctx.db.selectFrom('clues').select('number').where('id', '=', id).executeTakeFirst();
  return row?.number ?? null;
}
