/**
 * Intake of an informant's report (channel `informant`, issue 16 §4): routed like a public report
 * by the village and the reporter's plain answer about the person, stored anonymous (the handler
 * sees no reporter identity), with only `reports.informant_id` tying it to the informant for their
 * own status list and for scoring. The caller (the grid module) runs it in its transaction.
 */
import type { Ctx } from '../../shared/context.js';
import type { PublicSubjectRole } from '../../shared/reports.codes.js';
import { enqueueHandlerNotice } from './reports.jobs.js';
import { createReport, publicRouting } from './reports.service.js';

/** What an informant reports from the phone. */
export interface InformantReportInput {
  regionCode: string;
  subjectName: string;
  subjectPosition?: string;
  subjectRole?: PublicSubjectRole;
  content: string;
  occurredOn?: string;
  place?: string;
}

/** Stores an informant's report in the caller's transaction; returns its id, number and time. */
export async function submitInformantReport(
  tx: Ctx,
  informantId: string,
  input: InformantReportInput,
): Promise<{ id: string; number: string; receivedAt: string }> {
  const created = await createReport(
    tx,
    {
      channel: 'informant',
      kind: 'accusation',
      categories: [],
      regionCode: input.regionCode,
      ...publicRouting(input.subjectRole, undefined),
      details: input.subjectRole ? { subjectRole: input.subjectRole } : undefined,
      subjectId: null,
      subject: { name: input.subjectName, position: input.subjectPosition },
      content: input.content,
      occurredOn: input.occurredOn,
      place: input.place,
      reporter: null,
    },
    null,
  );
  await tx.db.updateTable('reports').set({ informant_id: informantId }).where('id', '=', created.id).execute();
  await enqueueHandlerNotice(tx, { reportId: created.id, notice: 'received', ref: created.id });
  return { id: created.id, number: created.number, receivedAt: created.receivedAt };
}
