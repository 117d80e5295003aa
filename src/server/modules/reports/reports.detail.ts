/** One report as staff read it: the audited detail page, the recorded identity reveal, and the record documents are built from. */
import { type Ctx, can, inTransaction, scopeFor } from '../../shared/context.js';
import { inScope } from '../../shared/scope.js';
import { type ReviewView, reviewView } from './reports.review.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type DeadlineView, clockOf, deadlinesOf } from '../deadlines/index.js';
import { errors } from '../../shared/errors.js';
import { openIdentity } from './reports.export.js';
import {
  type ListedRow,
  type ReportEvent,
  type ReportView,
  type ReporterIdentity,
  presentReport,
} from './reports.model.js';
import { type ReportAction, reportPolicy } from './reports.policy.js';
import type { TimelineStep } from './reports.receipt.js';
import { type MessageView, presentMessage } from './reports.service.js';
import type { ReportRow } from './reports.tables.js';

/** Loads report `id` for `action` through the report policy: NOT_FOUND outside the action's scope. */
function loadReport(ctx: Ctx, id: string, action: ReportAction): Promise<ReportRow> {
  return loadInScope<ReportAction, ReportRow>(ctx, reportPolicy, id, action);
}

/** The names a report's page shows beside its codes: its region's and its competent unit's. */
async function namesOf(
  ctx: Ctx,
  row: Pick<ReportRow, 'region_code' | 'owner_unit_id'>,
): Promise<Pick<ListedRow, 'region_name' | 'unit_name'>> {
  const [region, unit] = await Promise.all([
    ctx.db.selectFrom('regions').select('name').where('code', '=', row.region_code).executeTakeFirst(),
    ctx.db.selectFrom('units').select('name').where('id', '=', row.owner_unit_id).executeTakeFirst(),
  ]);
  return { region_name: region?.name ?? null, unit_name: unit?.name ?? null };
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
async function recheckView(ctx: Ctx, row: ReportRow): Promise<RecheckView | null> {
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
    // A flag for the page, not an access check (the report was loaded in scope): whether the caller
    // is the organ that answers, tested on the re-check clock's owner (the report's when forwarded).
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
  reviewReason: string | null;
  review: ReviewView | null;
  messages: MessageView[];
  timeline: (TimelineStep & { staffNote: string | null; public: boolean })[];
  deadlines: DeadlineView[];
  attachments: AttachmentView[];
  clueNumber: string | null;
  repeats: { id: string; number: string | null; receivedAt: string }[];
}

/** Reads one report in scope (NOT_FOUND outside it); the read is audited. */
export async function readReportAudited(ctx: Ctx, id: string): Promise<ReportDetail> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadReport(tx, id, 'read');
    const [messages, events, deadlines, files, clue, repeats, recheck, names, review] = await Promise.all([
      tx.db
        .selectFrom('report_messages')
        .select(['author', 'body', 'created_at'])
        .where('report_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      tx.db
        .selectFrom('report_events')
        .select(['event', 'note', 'staff_note', 'public', 'created_at'])
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
      namesOf(tx, row),
      reviewView(tx, row),
    ]);
    await recordAudit(tx, { action: 'report.read', resourceType: 'report', resourceId: id, unitId: row.owner_unit_id });
    return {
      ...presentReport({ ...row, ...names }),
      details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
      recheckReason: row.recheck_reason,
      recheck,
      reviewReason: row.review_reason,
      review,
      messages: messages.map(presentMessage),
      timeline: events.map((e) => ({
        event: e.event as ReportEvent,
        at: e.created_at,
        note: e.note,
        staffNote: e.staff_note,
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
    const row = await loadReport(tx, id, 'identity');
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
export async function loadReportForDocument(ctx: Ctx, id: string): Promise<ReportRow> {
  return loadReport(ctx, id, 'read');
}

/** Loads a report a staff member adds a file to: in their report.manage scope, else NOT_FOUND. */
export async function loadReportForUpload(ctx: Ctx, id: string): Promise<ReportRow> {
  return loadReport(ctx, id, 'manage');
}
