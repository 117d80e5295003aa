/**
 * A report's side of its clue's conclusion: when the clue registered from a report is concluded
 * (by any flow: the clues module's `concludeClue`), the report is concluded too (办结) and the
 * named reporter's result-feedback clock (timer 9, JK 第二十七条) starts, as `concludeReport`
 * does by hand. The clues module calls it through `onClueConcluded` (it cannot import this one).
 */
import type { Ctx } from '../../shared/context.js';
import { nowIso } from '../../shared/context.js';
import { meetAllDeadlines } from '../deadlines/index.js';
import { addReportEvent } from './reports.service.js';
import { startFeedbackClock, update } from './reports.workflow.js';

/**
 * Concludes report `reportId` because its clue `clueNumber` was concluded, inside the clue's
 * transaction: a report still `in_handling` becomes `concluded`, its running clocks stop and the
 * feedback clock starts (named accusations only). A report already closed is left as it is.
 */
export async function concludeReportOfClue(tx: Ctx, clue: { number: string; reportId: string }): Promise<void> {
  const row = await tx.db.selectFrom('reports').selectAll().where('id', '=', clue.reportId).executeTakeFirst();
  if (!row || row.status !== 'in_handling') return;
  const now = nowIso(tx);
  await update(
    tx,
    row,
    { status: 'concluded', disposition_note: `线索${clue.number}已了结`, closed_at: now },
    'report.conclude',
  );
  await meetAllDeadlines(tx, 'report', row.id);
  await startFeedbackClock(tx, row, now);
  await addReportEvent(tx, row.id, 'concluded', { public: true, note: '已办结' });
}
