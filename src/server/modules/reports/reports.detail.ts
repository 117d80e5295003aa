/** One report as staff read it: the audited detail page, the recorded identity reveal, and the record documents are built from. */
import { type Ctx, can, inTransaction, scopeFor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { inScope } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';
import { type DeadlineView, clockOf, deadlinesOf } from '../deadlines/index.js';
import { openIdentity } from './reports.export.js';
import { type ReportsQuery, withColumns } from './reports.ledger.js';
import {
  type ListedRow,
  type ReportEvent,
  type ReportView,
  type ReporterIdentity,
  presentReport,
} from './reports.model.js';
import type { TimelineStep } from './reports.receipt.js';
import { type MessageView, presentMessage } from './reports.service.js';

async function loadInScope(ctx: Ctx, id: string, permission: 'report.read' | 'report.identity') {
  const row = await withColumns(ctx.db.selectFrom('reports as r') as ReportsQuery)
    .select(['r.reporter_enc', 'r.recheck_reason', 'r.recheck_forwarded_to', 'r.transfer_from_unit_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row || !inScope(scopeFor(ctx, permission), row)) throw errors.notFound('report');
  return row as ListedRow & {
    reporter_enc: string | null;
    recheck_reason: string | null;
    recheck_forwarded_to: string | null;
    transfer_from_unit_id: string | null;
  };
}

/** Who answers a report's re-check, as its page shows it. */
export interface RecheckView {
  /** Display name of the organ that re-checks (the commission above the handler, XF 第三十五条). */
  by: string;
  /** Sent up off the platform: the owner records the higher organ's opinion with its number. */
  forwarded: boolean;
  /** The re-check has been answered (its clock is met). */
  answered: boolean;
  /** The caller may answer (or extend) it now: the clock runs and is in their scope. */
  canAnswer: boolean;
}

/** The re-check of a report as the caller may act on it, or null when none was asked for. */
async function recheckView(
  ctx: Ctx,
  row: ListedRow & { recheck_forwarded_to: string | null },
): Promise<RecheckView | null> {
  if (!row.recheck_requested_at) return null;
  const clock = await clockOf(ctx, 'report', row.id, 'recheck');
  if (!clock) return null;
  const manage = can(ctx, 'report.manage') ? scopeFor(ctx, 'report.manage') : null;
  const forwarded = row.recheck_forwarded_to !== null;
  // Forwarded: the higher organ re-checks and the owner records its opinion (the caller's scope over
  // the report decides); otherwise whoever holds the clock answers.
  const organ = await ctx.db
    .selectFrom('units')
    .select(['name', 'short_name'])
    .where('id', '=', row.recheck_forwarded_to ?? clock.owner_unit_id)
    .executeTakeFirstOrThrow();
  return {
    by: organ.short_name ?? organ.name,
    forwarded,
    answered: clock.met_at !== null,
    canAnswer: clock.met_at === null && manage !== null && inScope(manage, forwarded ? row : clock),
  };
}

/** An attachment as staff see it (the name is opened for them). */
export interface AttachmentView {
  id: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string;
  createdAt: string;
}

/** A report with everything its page shows. */
export interface ReportDetail extends ReportView {
  details: Record<string, unknown> | null;
  recheckReason: string | null;
  recheck: RecheckView | null;
  messages: MessageView[];
  timeline: (TimelineStep & { public: boolean })[];
  deadlines: DeadlineView[];
  attachments: AttachmentView[];
  clueNumber: string | null;
  repeats: { id: string; number: string | null; receivedAt: string }[];
}

/** Reads one report in scope (NOT_FOUND outside it); the read is audited. */
export async function readReportAudited(ctx: Ctx, id: string): Promise<ReportDetail> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope(tx, id, 'report.read');
    const [messages, events, deadlines, files, clue, repeats, recheck] = await Promise.all([
      tx.db
        .selectFrom('report_messages')
        .select(['author', 'body', 'created_at'])
        .where('report_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      tx.db
        .selectFrom('report_events')
        .select(['event', 'note', 'public', 'created_at'])
        .where('report_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      deadlinesOf(tx, 'report', id),
      tx.db
        .selectFrom('attachments')
        .selectAll()
        .where('report_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      row.clue_id
        ? tx.db.selectFrom('clues').select('number').where('id', '=', row.clue_id).executeTakeFirst()
        : undefined,
      tx.db
        .selectFrom('reports')
        .select(['id', 'number', 'received_at'])
        .where((eb) =>
          eb.or([
            eb('repeat_of', '=', id),
            ...(row.repeat_of ? [eb('id', '=', row.repeat_of), eb('repeat_of', '=', row.repeat_of)] : []),
          ]),
        )
        .where('id', '!=', id)
        .orderBy('received_at')
        .execute(),
      recheckView(tx, row),
    ]);
    await recordAudit(tx, { action: 'report.read', resourceType: 'report', resourceId: id, unitId: row.owner_unit_id });
    return {
      ...presentReport(row),
      details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
      recheckReason: row.recheck_reason,
      recheck,
      messages: messages.map(presentMessage),
      timeline: events.map((e) => ({
        event: e.event as ReportEvent,
        at: e.created_at,
        note: e.note,
        public: e.public === 1,
      })),
      deadlines,
      attachments: files.map((f) => ({
        id: f.id,
        name: tx.keyring.openText(f.name_enc, `attachments.name:${f.id}`),
        contentType: f.content_type,
        sizeBytes: Number(f.size_bytes),
        uploadedBy: f.uploaded_by,
        createdAt: f.created_at,
      })),
      clueNumber: clue?.number ?? null,
      repeats: repeats.map((r) => ({ id: r.id, number: r.number, receivedAt: r.received_at })),
    };
  });
}

/**
 * Reveals a named reporter's identity to a holder of `report.identity` in scope, recording who
 * looked and why in the same transaction. NOT_FOUND outside scope or for an anonymous report;
 * INTEGRITY_ERROR if the sealed identity was altered.
 */
export async function revealIdentity(ctx: Ctx, id: string, reason: string): Promise<ReporterIdentity> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope(tx, id, 'report.identity');
    if (row.anonymous === 1 || !row.reporter_enc) throw errors.notFound('reporter');
    await recordAudit(tx, {
      action: 'report.identity_reveal',
      resourceType: 'report',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { reason: [null, reason] },
    });
    const identity = openIdentity(tx, id, row.reporter_enc);
    return { name: identity.name, phone: identity.phone, idNumber: identity.idNumber, address: identity.address };
  });
}

/** Loads a report in read scope with its sealed identity, for documents (callers audit). */
export async function loadReportForDocument(ctx: Ctx, id: string) {
  return loadInScope(ctx, id, 'report.read');
}
