/** The reporter's side of intake: public submission (group-committed) and the receipt page (status, messages, rating). */
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { groupCommitFor } from '../../db/group-commit.js';
import { recordAudit } from '../audit/index.js';
import { PAUSED_DUE_ON, clockOf, uncoveredYearsOf } from '../deadlines/index.js';
import {
  type CommissionLeaderAnswer,
  type PublicSubjectRole,
  CLOSED_STATUSES,
  MAC_IDEMPOTENCY,
  RATINGS,
  type Rating,
  type ReportChannel,
  type ReportEvent,
  type ReportKind,
  type ReportStatus,
  receiptContext,
} from './reports.model.js';
import { enqueueHandlerNotice } from './reports.jobs.js';
import { resolveReportAbout } from './reports.about.js';
import { recheckApplyBy, recheckOpen, recheckOrganName } from './reports.recheck.js';
import { reviewApplyBy, reviewOpen, reviewOrganName } from './reports.review.js';
import {
  type MessageView,
  addReportEvent,
  createReport,
  presentMessage,
  publicRouting,
  reportByReceipt,
  requireByReceipt,
} from './reports.service.js';

/** A public submission. */
export interface SubmitInput {
  regionCode: string;
  named: boolean;
  kind?: ReportKind | undefined;
  reporter?: { name: string; phone: string } | undefined;
  subject: { name: string; position?: string | undefined; employer?: string | undefined };
  content: string;
  occurredOn?: string | undefined;
  place?: string | undefined;
  amountFen?: number | undefined;
  /** What the person is, in the reporter's words; routes by cadre authority. */
  subjectRole?: PublicSubjectRole | undefined;
  /** Whether the person leads a commission (JK 第十五条: one level up). */
  commissionLeader?: CommissionLeaderAnswer | undefined;
  /** The published record the villager started from ("report a problem about this line"). */
  about?: { kind: string; id: string } | undefined;
}

/** The answer to a submission: the receipt is shown once (and again only to an idempotent replay). */
export interface SubmitResult {
  receipt: string;
  receivedAt: string;
  ackDueOn: string | null;
}

async function replay(ctx: Ctx, idempotencyHash: string): Promise<SubmitResult | null> {
  const row = await ctx.db
    .selectFrom('reports')
    .select(['id', 'receipt_enc', 'received_at', 'ack_due_on'])
    .where('idempotency_hash', '=', idempotencyHash)
    .executeTakeFirst();
  if (!row?.receipt_enc) return null;
  return {
    receipt: ctx.keyring.openText(row.receipt_enc, receiptContext(row.id)),
    receivedAt: row.received_at,
    ackDueOn: row.ack_due_on,
  };
}

/**
 * Stores a validated public submission in the caller's transaction (the QR channel's mapping onto
 * `createReport`), with the job that tells the owning unit's handlers.
 */
export async function storePublicReport(
  tx: Ctx,
  input: SubmitInput,
  idempotencyHash: string | null,
): Promise<SubmitResult> {
  // The reporter's answers about the person route the report and stay with it for the officer.
  const answers: Record<string, unknown> = {};
  if (input.subjectRole) answers.subjectRole = input.subjectRole;
  if (input.commissionLeader) answers.commissionLeader = input.commissionLeader;
  const about = input.about ? await resolveReportAbout(tx, input.about) : undefined;
  if (about) answers.about = { kind: about.kind, id: about.id, label: about.label, regionCode: about.regionCode };
  const created = await createReport(
    tx,
    {
      channel: 'qr',
      kind: input.kind ?? 'accusation',
      categories: [],
      regionCode: input.regionCode,
      ...publicRouting(input.subjectRole, input.commissionLeader),
      // The published record may name the competent unit for the answer (a department's staff:
      // its dispatched group); a report on a commission's leader goes up as always.
      competentUnitId:
        input.subjectRole && (input.commissionLeader ?? 'no') === 'no'
          ? about?.competentFor?.[input.subjectRole]
          : undefined,
      details: Object.keys(answers).length > 0 ? answers : undefined,
      about,
      subjectId: null,
      subject: input.subject,
      content: input.content,
      occurredOn: input.occurredOn,
      place: input.place,
      amountFen: input.amountFen,
      reporter: input.named && input.reporter ? { name: input.reporter.name, phone: input.reporter.phone } : null,
    },
    idempotencyHash,
  );
  // The owning unit's handlers hear of it from the worker: one job row here, in the submission's
  // own savepoint, instead of finding them (access profiles) on the group-committed path.
  await enqueueHandlerNotice(tx, { reportId: created.id, notice: 'received', ref: created.id });
  return { receipt: created.receipt, receivedAt: created.receivedAt, ackDueOn: created.ackDueOn };
}

/**
 * Takes in a public report (QR channel): routes it to the competent body, seals the reporter's
 * identity and returns a receipt. Nothing about the sender's connection (address, user agent,
 * cookie) is stored. With an idempotency key, a repeat returns the first answer.
 * Throws VALIDATION_FAILED, INVALID_REGION_CODE.
 */
export async function submitReport(ctx: Ctx, input: SubmitInput, idempotencyKey?: string): Promise<SubmitResult> {
  if (input.named && !input.reporter) throw errors.validation({ field: 'reporter' }, '实名举报须填写举报人姓名和电话');
  if (!input.named && input.reporter) throw errors.validation({ field: 'reporter' }, '匿名举报不填写举报人信息');
  const idempotencyHash = idempotencyKey ? ctx.keyring.mac(MAC_IDEMPOTENCY, idempotencyKey) : null;
  if (idempotencyHash) {
    const first = await replay(ctx, idempotencyHash);
    if (first) return first;
  }
  try {
    // Public submissions come in bursts: they share transactions (group commit), each in its own
    // savepoint, and the receipt is answered only after the shared commit is durable.
    const transact = <T>(fn: (tx: Ctx) => Promise<T>): Promise<T> =>
      ctx.db.isTransaction ? fn(ctx) : groupCommitFor(ctx.db).run((trx) => fn({ ...ctx, db: trx }));
    return await transact((tx) => storePublicReport(tx, input, idempotencyHash));
  } catch (err) {
    // Two submissions with the same key at once: the loser answers what the winner stored.
    if (idempotencyHash) {
      const first = await replay(ctx, idempotencyHash);
      if (first) return first;
    }
    throw err;
  }
}

/** One step of the receipt page's timeline. */
export interface TimelineStep {
  event: ReportEvent;
  at: string;
  note: string | null;
}

/** What the receipt page shows. */
export interface ReceiptView {
  status: ReportStatus;
  /** Accusation or petition: a petition's remedy is the re-check, an accusation's an objection (a message). */
  kind: ReportKind;
  receivedAt: string;
  channel: ReportChannel;
  anonymous: boolean;
  closed: boolean;
  timeline: TimelineStep[];
  messages: MessageView[];
  attachmentCount: number;
  rating: Rating | null;
  canRate: boolean;
  canRequestRecheck: boolean;
  /** A closed petition's last day to ask for a re-check (30 days after the answer); null otherwise. */
  recheckApplyBy: string | null;
  recheckRequestedAt: string | null;
  /** When the open re-check is answered by (`YYYY-MM-DD`, China time); null before it is asked or once answered. */
  recheckDueOn: string | null;
  /**
   * The commission that answers (or would answer) a petition's re-check, by display name; null
   * for an accusation, and while the report is open and no re-check was asked for.
   */
  recheckBy: string | null;
  /** The petitioner may ask for a review (复核) now: once, within 30 days of the re-check answer. */
  canRequestReview: boolean;
  /** The last day to ask for a review once the re-check was answered; null otherwise. */
  reviewApplyBy: string | null;
  reviewRequestedAt: string | null;
  /** When the open review is answered by; null before it is asked, once answered, or while paused. */
  reviewDueOn: string | null;
  /** The organ that reviews (or would review), by display name; null before the re-check is answered. */
  reviewBy: string | null;
  /**
   * A named report's date by which the reporter is told whether it was accepted (`YYYY-MM-DD`,
   * China time): 15 working days for an accusation (JK 第二十六条), 15 days for a petition
   * (XF 第二十三条); null for an anonymous report, a repeat, or once told.
   */
  ackDueOn: string | null;
  /** Years the running clocks' dates were computed without a loaded holiday arrangement (they may move). */
  uncoveredYears: number[];
}

/**
 * Returns the status, timeline and messages of the report behind `receipt`, or NOT_FOUND. A wrong
 * receipt runs the same queries as an open report's; a closed one adds the walk up the unit tree
 * for `recheckBy`.
 */
export async function lookupReceipt(ctx: Ctx, receipt: string): Promise<ReceiptView> {
  const row = await reportByReceipt(ctx, receipt);
  const reportId = row?.id ?? '';
  const closed = row ? CLOSED_STATUSES.includes(row.status as ReportStatus) : false;
  // Who answers a re-check is looked up only once one can be asked for (or was): an open report,
  // like a wrong receipt, costs no unit-tree walk, and a wrong receipt reveals nothing more.
  const reviewing = row?.kind === 'petition' && (closed || row.recheck_requested_at !== null);
  const [messages, events, files, recheck, ack, recheckBy, uncoveredYears, review, reviewBy] = await Promise.all([
    ctx.db
      .selectFrom('report_messages')
      .select(['author', 'body', 'created_at'])
      .where('report_id', '=', reportId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('report_events')
      .select(['event', 'note', 'created_at'])
      .where('report_id', '=', reportId)
      .where('public', '=', 1)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('report_id', '=', reportId)
      .executeTakeFirstOrThrow(),
    // The re-check clock (XF 第三十五条), so the page shows the due date after a reload too.
    clockOf(ctx, 'report', reportId, 'recheck'),
    // The acknowledgement the console tracks, so the named reporter knows when to expect it: an
    // accusation's 'ack' clock, a petition's 'register' clock.
    clockOf(ctx, 'report', reportId, row?.kind === 'petition' ? 'register' : 'ack'),
    reviewing && row ? recheckOrganName(ctx, row.owner_unit_id) : null,
    uncoveredYearsOf(ctx, 'report', reportId),
    clockOf(ctx, 'report', reportId, 'petition_review'),
    row?.kind === 'petition' && row.recheck_answered_at ? reviewOrganName(ctx, row) : null,
  ]);
  if (!row) throw errors.notFound();
  return {
    status: row.status as ReportStatus,
    kind: row.kind as ReportKind,
    receivedAt: row.received_at,
    channel: row.channel as ReportChannel,
    anonymous: row.anonymous === 1,
    closed,
    timeline: events.map((e) => ({ event: e.event as ReportEvent, at: e.created_at, note: e.note })),
    messages: messages.map(presentMessage),
    attachmentCount: Number(files.n),
    rating: row.rating as Rating | null,
    canRate: closed && row.rating === null,
    // The petition re-check (XF 第三十五条) only; an accusation's objection is a message (JK 第二十七条).
    canRequestRecheck: recheckOpen(row, nowIso(ctx)),
    recheckApplyBy: row.kind === 'petition' && closed && row.closed_at ? recheckApplyBy(row.closed_at) : null,
    recheckRequestedAt: row.recheck_requested_at,
    recheckDueOn: recheck && recheck.met_at === null ? recheck.due_on : null,
    recheckBy,
    canRequestReview: reviewOpen(row, nowIso(ctx)),
    reviewApplyBy: row.kind === 'petition' && row.recheck_answered_at ? reviewApplyBy(row.recheck_answered_at) : null,
    reviewRequestedAt: row.review_requested_at,
    reviewDueOn: review && review.met_at === null && review.due_on !== PAUSED_DUE_ON ? review.due_on : null,
    reviewBy,
    ackDueOn: row.anonymous === 0 && ack && ack.met_at === null ? ack.due_on : null,
    uncoveredYears,
  };
}

/**
 * Adds a reporter's message to the report behind `receipt` and enqueues the notice to the owning
 * unit's handlers, in one transaction; NOT_FOUND for a wrong receipt.
 */
export async function addReporterMessage(ctx: Ctx, receipt: string, body: string): Promise<{ createdAt: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await requireByReceipt(tx, receipt);
    const createdAt = nowIso(tx);
    const id = newId();
    await tx.db
      .insertInto('report_messages')
      .values({ id, report_id: row.id, author: 'reporter', body, created_at: createdAt })
      .execute();
    await enqueueHandlerNotice(tx, { reportId: row.id, notice: 'message', ref: id });
    await recordAudit(tx, {
      action: 'report.message',
      resourceType: 'report',
      resourceId: row.id,
      unitId: row.owner_unit_id,
    });
    return { createdAt };
  });
}

/**
 * Records the reporter's rating of a closed report (once). CONFLICT when the report is not
 * closed yet or was already rated.
 */
export async function rateReport(ctx: Ctx, receipt: string, rating: Rating): Promise<void> {
  if (!RATINGS.includes(rating)) throw errors.validation({ field: 'rating' });
  await inTransaction(ctx, async (tx) => {
    const row = await requireByReceipt(tx, receipt);
    if (!CLOSED_STATUSES.includes(row.status as ReportStatus))
      throw domainError('REPORT_STATE', { status: row.status }, '办结后才能评价');
    const res = await tx.db
      .updateTable('reports')
      .set({ rating, rated_at: nowIso(tx), version: row.version + 1, updated_at: nowIso(tx) })
      .where('id', '=', row.id)
      .where('rating', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw domainError('REPORT_STATE', { rating: row.rating }, '已经评价过');
    await addReportEvent(tx, row.id, 'rated', { public: true });
    await recordAudit(tx, {
      action: 'report.rate',
      resourceType: 'report',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { rating: [null, rating] },
    });
  });
}
