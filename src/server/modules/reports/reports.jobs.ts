/**
 * Jobs of the reports module: telling the owning unit's handlers what a reporter did on the public
 * pages (a new report, a message, a file). The public side only writes a job row in its own
 * transaction (one INSERT, compiled once: submissions share group commits at ~1,500/s); the
 * worker then finds the handlers (`usersCovering`, which loads access profiles) and writes the
 * notifications. Nothing about the reporter is in the job or the notification: only the report's
 * number, channel and the person reported.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import type { Ctx } from '../../shared/context.js';
import type { JobDefinition } from '../../shared/module.js';
import { enqueueJob } from '../jobs/index.js';
import { notify, usersCovering } from '../notifications/index.js';
import { CHANNEL_LABELS, type ReportChannel } from './reports.model.js';
import { foldSearchIndex } from './reports.search.js';

/** What a reporter did that the handlers are told about. */
export const REPORTER_NOTICES = ['received', 'message', 'files'] as const;
/** One of `REPORTER_NOTICES`. */
export type ReporterNotice = (typeof REPORTER_NOTICES)[number];

/** The job kind that fans a reporter's doing out to the handlers. */
export const NOTIFY_HANDLERS_JOB = 'reports.notify_handlers';

/** The job's payload: the report, what happened, and the record it made (for the dedupe key). */
export interface HandlerNoticePayload {
  reportId: string;
  notice: ReporterNotice;
  /** The report (received), the message or the attachment: one notification per user each. */
  ref: string;
}

/**
 * Enqueues the notice of a reporter's doing in the caller's transaction (so it exists exactly
 * when the doing was committed). One INSERT; the handlers are found later, by the worker.
 */
export async function enqueueHandlerNotice(tx: Ctx, payload: HandlerNoticePayload): Promise<void> {
  await enqueueJob(tx.db, tx.clock, NOTIFY_HANDLERS_JOB, payload);
}

/** Reads a payload written by `enqueueHandlerNotice`; null for anything else. */
function parsePayload(payload: unknown): HandlerNoticePayload | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (typeof p.reportId !== 'string' || typeof p.ref !== 'string') return null;
  if (!REPORTER_NOTICES.includes(p.notice as ReporterNotice)) return null;
  return { reportId: p.reportId, notice: p.notice as ReporterNotice, ref: p.ref };
}

/** Title and text of a notice: the number, the channel and the person reported, nothing more. */
function wording(
  notice: ReporterNotice,
  r: { number: string | null; channel: string; subject_name: string },
): { kind: 'report_received' | 'reporter_message' | 'reporter_files'; title: string; body: string } {
  const number = r.number ?? '';
  const channel = CHANNEL_LABELS[r.channel as ReportChannel] ?? r.channel;
  switch (notice) {
    case 'received':
      return {
        kind: 'report_received',
        title: `收到${channel}举报`,
        body: `${number}（反映${r.subject_name}）已进入本单位台账，请及时受理。`,
      };
    case 'message':
      return {
        kind: 'reporter_message',
        title: '举报人补充留言',
        body: `${number}（${channel}举报，反映${r.subject_name}）的举报人在回执页留言，请在台账中查看。`,
      };
    case 'files':
      return {
        kind: 'reporter_files',
        title: '举报人补充材料',
        body: `${number}（${channel}举报，反映${r.subject_name}）的举报人上传了补充材料，请在台账中查看。`,
      };
  }
}

/**
 * Notifies the handlers of a report's owning unit (report.manage in scope, as the report is owned
 * when the job runs) of a reporter's doing. Idempotent: each notice is written once per user
 * (dedupe key `<notice>:<ref>`), so a job that runs again adds nothing. Returns how many were written.
 */
export async function notifyHandlers(db: Kysely<Database>, clock: Clock, payload: unknown): Promise<number> {
  const p = parsePayload(payload);
  if (!p) throw new Error('reports.notify_handlers: malformed payload');
  const report = await db
    .selectFrom('reports')
    .select(['id', 'number', 'channel', 'subject_name', 'owner_unit_id', 'owner_unit_path', 'region_path'])
    .where('id', '=', p.reportId)
    .executeTakeFirst();
  if (!report) return 0;
  const users = await usersCovering(db, clock.nowMs(), 'report.manage', report);
  const text = wording(p.notice, report);
  return notify(db, new Date(clock.nowMs()).toISOString(), users, {
    ...text,
    resourceType: 'report',
    resourceId: report.id,
    dedupeKey: `${text.kind}:${p.ref}`,
  });
}

/** The hourly job that folds whatever is pending into the ledger's search index. */
export const FOLD_SEARCH_JOB = 'reports.fold_search';

/**
 * The module's jobs: `reports.notify_handlers`, enqueued by the public pages, which also folds the
 * reports submitted meanwhile into the ledger's search index (so it lags the submissions by the
 * worker's poll, in batches: see migration 2026120604); and `reports.fold_search`, hourly, for the
 * reports entered by staff when no public submission comes.
 */
export const reportJobs: JobDefinition[] = [
  {
    kind: NOTIFY_HANDLERS_JOB,
    run: async (payload, _job, env) => {
      await notifyHandlers(env.db, env.clock, payload);
      await foldSearchIndex(env.db, env.dialect.name);
    },
  },
  {
    kind: FOLD_SEARCH_JOB,
    every: 'hour',
    run: async (_payload, _job, env) => {
      const folded = await foldSearchIndex(env.db, env.dialect.name);
      if (folded > 0) env.log.info({ folded }, 'reports folded into the search index');
    },
  },
];
