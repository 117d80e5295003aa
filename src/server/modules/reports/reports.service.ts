import { randomInt } from 'node:crypto';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type RegionRow, type UnitRow, competentUnitIn } from '../org/index.js';
import { groupCommitFor } from '../../db/group-commit.js';
import { insertRow } from '../../db/insert-row.js';
import { recordAudit } from '../audit/index.js';
import { notify, usersCovering } from '../notifications/index.js';
import { addDays, clockOf, openDeadline, uncoveredYearsOf } from '../deadlines/index.js';
import { COMMISSION_KINDS, commissionOf, issueNumber } from '../numbering/index.js';
import {
  CLOSED_STATUSES,
  MAC_IDEMPOTENCY,
  MAC_RECEIPT,
  type MessageAuthor,
  RATINGS,
  REPEAT_WINDOW_DAYS,
  type Rating,
  type ReportCategory,
  type ReportChannel,
  type ReportEvent,
  type ReportKind,
  type ReportStatus,
  type ReporterIdentity,
  type SourceBody,
  type SubjectAuthority,
  receiptContext,
  reporterContext,
} from './reports.model.js';
import { arg, runCompiled } from '../../db/compiled-query.js';

export * from './reports.model.js';

/** A receipt-page message as the API shows it. */
export interface MessageView {
  author: MessageAuthor;
  body: string;
  createdAt: string;
}

/** Presents a message row. */
export function presentMessage(m: { author: string; body: string; created_at: string }): MessageView {
  return { author: m.author as MessageAuthor, body: m.body, createdAt: m.created_at };
}

/** Returns a new 16-digit receipt code from the CSPRNG. */
export function newReceipt(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0') + String(randomInt(0, 100_000_000)).padStart(8, '0');
}

/** Which cadre authority decides the competent body for a report about a region of `level`. */
function authorityForLevel(level: string): SubjectAuthority | null {
  if (level === 'village' || level === 'villager_group') return 'village_cadre';
  if (level === 'township') return 'township_managed';
  if (level === 'county') return 'county_managed';
  return null;
}

/** Appends a step to a report's history. */
export async function addReportEvent(
  tx: Ctx,
  reportId: string,
  event: ReportEvent,
  opts: { public: boolean; note?: string | null },
): Promise<void> {
  await insertRow(tx.db, 'report_events', {
    id: newId(),
    report_id: reportId,
    event,
    public: opts.public ? 1 : 0,
    note: opts.note ?? null,
    actor_user_id: tx.actor?.userId ?? null,
    created_at: nowIso(tx),
  });
}

/** Everything a new report needs, from either the public pages or staff intake. */
export interface NewReport {
  channel: ReportChannel;
  kind: ReportKind;
  categories: ReportCategory[];
  regionCode: string;
  /** Null: decided by the region's level (public reports). */
  subjectAuthority: SubjectAuthority | null;
  subjectId: string | null;
  subject: { name: string; position?: string | undefined; employer?: string | undefined };
  content: string;
  occurredOn?: string | undefined;
  place?: string | undefined;
  amountFen?: number | undefined;
  reporter: ReporterIdentity | null;
  sourceBody?: SourceBody | undefined;
  sourceRef?: string | undefined;
  assigned?: boolean | undefined;
  details?: Record<string, unknown> | undefined;
  /** The unit the staff member registers for; its scope decides whether the report stays. */
  receivingUnit?: UnitRow | undefined;
  /** Whether the receiving staff member's scope covers a unit (routing down is allowed then). */
  covers?: ((unit: UnitRow) => boolean) | undefined;
}

/** Where a new report goes: its owner, whether it enters the ledger, and which clocks start. */
interface Routing {
  region: RegionRow;
  owner: UnitRow;
  /** The commission that took the report in and numbers it (the owner for public reports). */
  receiving?: UnitRow | undefined;
  inLedger: boolean;
  /** The report must be sent to a higher organ (JK 第十五条). */
  transferUp: boolean;
  /** The report was routed down to a lower unit that must accept it (JK 第十六条). */
  routedDown: boolean;
}

async function route(tx: Ctx, input: NewReport): Promise<Routing> {
  const region = (
    await runCompiled(
      tx.db,
      'reports.route.region',
      (d) => d.selectFrom('regions').selectAll().where('code', '=', arg<string>(0)),
      [input.regionCode],
    )
  ).rows[0];
  if (!region) throw domainError('INVALID_REGION_CODE', { field: 'regionCode' });
  const authority = input.subjectAuthority ?? authorityForLevel(region.level);
  if (!authority) throw domainError('INVALID_REGION_CODE', { field: 'regionCode' });
  const higher = authority === 'higher';
  const competent = await competentUnitIn(tx, region, higher ? 'county_managed' : authority);
  if (!competent) throw domainError('INVALID_REGION_CODE', { field: 'regionCode' }, '该区划没有对应的纪检监察机关');
  const receiving = input.receivingUnit ? await commissionOf(tx, input.receivingUnit.id) : undefined;
  if (!receiving) return { region, owner: competent, inLedger: !higher, transferUp: higher, routedDown: false };
  // Staff intake: a person managed above the county, or a competent body outside the receiving
  // officer's reach, stays with the receiving unit only as a record to send up within 5 WD.
  if (higher || !(input.covers?.(competent) ?? false))
    return { region, owner: receiving, receiving, inLedger: false, transferUp: true, routedDown: false };
  return {
    region,
    owner: competent,
    receiving,
    inLedger: true,
    transferUp: false,
    routedDown: competent.id !== receiving.id,
  };
}

/** Finds an earlier report on the same person and matter within the repeat window. */
async function findRepeatOf(
  tx: Ctx,
  ownerUnitId: string,
  subjectName: string,
  regionCode: string,
  receivedOn: string,
): Promise<string | null> {
  const earlier = (
    await runCompiled(
      tx.db,
      'reports.repeat-of',
      (d) =>
        d
          .selectFrom('reports')
          .select(['id', 'repeat_of'])
          .where('owner_unit_id', '=', arg<string>(0))
          .where('subject_name', '=', arg<string>(1))
          .where('region_code', '=', arg<string>(2))
          .where('in_ledger', '=', 1)
          .where('received_on', '>=', arg<string>(3))
          .orderBy('received_at')
          .orderBy('id')
          .limit(1),
      [ownerUnitId, subjectName, regionCode, addDays(receivedOn, -REPEAT_WINDOW_DAYS)],
    )
  ).rows[0];
  return earlier ? (earlier.repeat_of ?? earlier.id) : null;
}

/** The stored outcome of a new report. */
export interface CreatedReport {
  id: string;
  number: string;
  receipt: string;
  receivedAt: string;
  ackDueOn: string | null;
  ownerUnitId: string;
  repeatOf: string | null;
  inLedger: boolean;
}

/**
 * Stores a new report in the caller's transaction: routes it by region and cadre authority,
 * numbers it in its commission's series, seals the reporter's identity, links repeats, starts
 * the clocks the rules require and records the audit event. The receipt exists in the database
 * only as a keyed hash (plus a sealed copy when an idempotency key asks for replays).
 */
export async function createReport(tx: Ctx, input: NewReport, idempotencyHash: string | null): Promise<CreatedReport> {
  if (input.reporter && !input.reporter.phone)
    throw errors.validation({ field: 'reporter.phone' }, '实名举报须留联系电话');
  const routing = await route(tx, input);
  const { region, owner } = routing;
  const id = newId();
  const receivedAt = nowIso(tx);
  const receivedOn = toShanghaiDate(receivedAt);
  const receipt = newReceipt();
  const number = await issueNumber(tx, routing.receiving ?? owner, 'report', receivedAt);
  const repeatOf = routing.inLedger
    ? await findRepeatOf(tx, owner.id, input.subject.name, region.code, receivedOn)
    : null;
  const scoped = {
    owner_unit_id: owner.id,
    owner_unit_path: owner.path,
    region_path: region.path,
    county_code: region.county_code,
  };
  const named = input.reporter !== null;
  // Clocks (reference/domain-rules.md §9). They are rows keyed by the report's id, opened before
  // the report's own row so its acknowledgement date goes in with the first write.
  const clock = { resourceType: 'report', resourceId: id, startAt: receivedAt, owner: scoped };
  let ackDueOn: string | null = null;
  if (routing.transferUp) await openDeadline(tx, { ...clock, kind: 'transfer_up' });
  else {
    // A repeat named report gets no second acknowledgement (JK 第二十六条).
    if (named && input.kind === 'accusation' && !repeatOf) ackDueOn = await openDeadline(tx, { ...clock, kind: 'ack' });
    if (input.kind === 'petition' && !repeatOf) await openDeadline(tx, { ...clock, kind: 'register' });
    if (routing.routedDown) await openDeadline(tx, { ...clock, kind: 'accept' });
    if (input.assigned) await openDeadline(tx, { ...clock, kind: 'assignment' });
  }
  await insertRow(tx.db, 'reports', {
    id,
    number,
    channel: input.channel,
    kind: input.kind,
    anonymous: named ? 0 : 1,
    status: 'received',
    region_code: region.code,
    ...scoped,
    source_body: input.sourceBody ?? null,
    source_ref: input.sourceRef ?? null,
    categories: JSON.stringify(input.categories),
    subject_id: input.subjectId,
    subject_authority: input.subjectAuthority,
    subject_name: input.subject.name,
    subject_position: input.subject.position ?? null,
    subject_employer: input.subject.employer ?? null,
    content: input.content,
    occurred_on: input.occurredOn ?? null,
    place: input.place ?? null,
    amount_fen: input.amountFen ?? null,
    reporter_enc: input.reporter ? tx.keyring.seal(JSON.stringify(input.reporter), reporterContext(id)) : null,
    receipt_hash: tx.keyring.mac(MAC_RECEIPT, receipt),
    receipt_enc: idempotencyHash ? tx.keyring.seal(receipt, receiptContext(id)) : null,
    idempotency_hash: idempotencyHash,
    received_at: receivedAt,
    received_on: receivedOn,
    in_ledger: routing.inLedger ? 1 : 0,
    assigned: input.assigned ? 1 : 0,
    details: input.details ? JSON.stringify(input.details) : null,
    ack_due_on: ackDueOn,
    acked_at: null,
    repeat_of: repeatOf,
    transferred_to: routing.routedDown ? owner.name : null,
    transfer_from_unit_id: routing.routedDown ? (routing.receiving?.id ?? null) : null,
    disposition: null,
    disposition_note: null,
    clue_id: null,
    closed_at: null,
    rating: null,
    rated_at: null,
    recheck_requested_at: null,
    recheck_reason: null,
    recheck_forwarded_to: null,
    created_by: tx.actor?.userId ?? null,
    version: 1,
    created_at: receivedAt,
    updated_at: receivedAt,
  });

  await addReportEvent(tx, id, 'received', { public: true });
  await recordAudit(tx, { action: 'report.submit', resourceType: 'report', resourceId: id, unitId: owner.id });
  return { id, number, receipt, receivedAt, ackDueOn, ownerUnitId: owner.id, repeatOf, inLedger: routing.inLedger };
}

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
 * `createReport`).
 */
export async function storePublicReport(
  tx: Ctx,
  input: SubmitInput,
  idempotencyHash: string | null,
): Promise<SubmitResult> {
  const created = await createReport(
    tx,
    {
      channel: 'qr',
      kind: input.kind ?? 'accusation',
      categories: [],
      regionCode: input.regionCode,
      subjectAuthority: null,
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
  recheckRequestedAt: string | null;
  /** When the open re-check is answered by (`YYYY-MM-DD`, China time); null before it is asked or once answered. */
  recheckDueOn: string | null;
  /**
   * The commission that answers (or would answer) a re-check, by display name; null while the
   * report is open and no re-check was asked for.
   */
  recheckBy: string | null;
  /** Years the running clocks' dates were computed without a loaded holiday arrangement (they may move). */
  uncoveredYears: number[];
}

/**
 * Finds the report of a receipt. A wrong receipt costs the same work as a right one: the keyed
 * hash is always computed and the same queries always run.
 */
async function reportByReceipt(ctx: Ctx, receipt: string) {
  const hash = ctx.keyring.mac(MAC_RECEIPT, receipt);
  return ctx.db
    .selectFrom('reports')
    .select([
      'id',
      'status',
      'received_at',
      'channel',
      'anonymous',
      'owner_unit_id',
      'rating',
      'recheck_requested_at',
      'version',
    ])
    .where('receipt_hash', '=', hash)
    .executeTakeFirst();
}

/**
 * Display name of the commission that re-checks a report owned by `ownerUnitId`: the one
 * `requestRecheck` gives the re-check clock to (XF 第三十五条), that is the commission above the
 * owner's, or the owner's own commission when the platform holds none above it.
 */
async function recheckOrganName(ctx: Ctx, ownerUnitId: string): Promise<string> {
  const organ = (await recheckReviewer(ctx, ownerUnitId)) ?? (await commissionOf(ctx, ownerUnitId));
  return organ.short_name ?? organ.name;
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
  const reviewing = row !== undefined && (closed || row.recheck_requested_at !== null);
  const [messages, events, files, recheck, recheckBy, uncoveredYears] = await Promise.all([
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
    reviewing ? recheckOrganName(ctx, row.owner_unit_id) : null,
    uncoveredYearsOf(ctx, 'report', reportId),
  ]);
  if (!row) throw errors.notFound();
  return {
    status: row.status as ReportStatus,
    receivedAt: row.received_at,
    channel: row.channel as ReportChannel,
    anonymous: row.anonymous === 1,
    closed,
    timeline: events.map((e) => ({ event: e.event as ReportEvent, at: e.created_at, note: e.note })),
    messages: messages.map(presentMessage),
    attachmentCount: Number(files.n),
    rating: row.rating as Rating | null,
    canRate: closed && row.rating === null,
    canRequestRecheck: closed && row.recheck_requested_at === null,
    recheckRequestedAt: row.recheck_requested_at,
    recheckDueOn: recheck && recheck.met_at === null ? recheck.due_on : null,
    recheckBy,
    uncoveredYears,
  };
}

/** Finds the report behind a receipt inside a transaction, or NOT_FOUND. */
export async function requireByReceipt(tx: Ctx, receipt: string) {
  const row = await reportByReceipt(tx, receipt);
  if (!row) throw errors.notFound();
  return row;
}

/** Adds a reporter's message to the report behind `receipt`; NOT_FOUND for a wrong receipt. */
export async function addReporterMessage(ctx: Ctx, receipt: string, body: string): Promise<{ createdAt: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await requireByReceipt(tx, receipt);
    const createdAt = nowIso(tx);
    await tx.db
      .insertInto('report_messages')
      .values({ id: newId(), report_id: row.id, author: 'reporter', body, created_at: createdAt })
      .execute();
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

/**
 * The commission that re-checks a report owned by `ownerUnitId` (XF 第三十五条): the nearest
 * commission above the owner's own commission, or null when there is none in the platform.
 */
export async function recheckReviewer(tx: Ctx, ownerUnitId: string): Promise<UnitRow | null> {
  const own = await commissionOf(tx, ownerUnitId);
  if (!own.parent_id) return null;
  const above = await commissionOf(tx, own.parent_id);
  return COMMISSION_KINDS.includes(above.kind) ? above : null;
}

/** Where a re-check goes: who holds its clock, and whether it leaves the platform. */
interface RecheckRoute {
  clockOwner: { owner_unit_id: string; owner_unit_path: string; region_path: string; county_code: string | null };
  /** The higher organ the request is sent to off the platform; null when answered on it. */
  forwardedTo: UnitRow | null;
  /** Display name of the organ that re-checks. */
  reviewerName: string;
}

/**
 * Routes a re-check (XF 第三十五条: the organ above the one that handled the report re-checks;
 * the original handlers do not, GZ 第五十九条). When someone on the platform holds intake
 * authority over that organ, its clock goes to them. When nobody does — a county deployment
 * holds the city commission only as a unit — the request is forwarded: the owning commission
 * keeps the clock to send it up and chase the answer, and records the higher organ's opinion.
 * A commission with no commission above it keeps its own re-checks.
 */
async function routeRecheck(
  tx: Ctx,
  report: { owner_unit_id: string; owner_unit_path: string; region_path: string; county_code: string | null },
): Promise<RecheckRoute> {
  const reviewer = await recheckReviewer(tx, report.owner_unit_id);
  if (!reviewer) {
    const own = await commissionOf(tx, report.owner_unit_id);
    return { clockOwner: report, forwardedTo: null, reviewerName: own.short_name ?? own.name };
  }
  const reviewerOwner = {
    owner_unit_id: reviewer.id,
    owner_unit_path: reviewer.path,
    region_path: report.region_path,
    county_code: report.county_code,
  };
  const staffed = (await usersCovering(tx.db, tx.clock.nowMs(), 'report.manage', reviewerOwner)).length > 0;
  const reviewerName = reviewer.short_name ?? reviewer.name;
  return staffed
    ? { clockOwner: reviewerOwner, forwardedTo: null, reviewerName }
    : { clockOwner: report, forwardedTo: reviewer, reviewerName };
}

/**
 * Records the reporter's one request for a re-check of a closed report and starts the 30-day
 * answer clock (XF 第三十五条). REPORT_STATE when not closed or already requested.
 */
export async function requestRecheck(ctx: Ctx, receipt: string, reason: string): Promise<{ dueOn: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await requireByReceipt(tx, receipt);
    if (!CLOSED_STATUSES.includes(row.status as ReportStatus))
      throw domainError('REPORT_STATE', { status: row.status }, '办结后才能申请复查');
    const now = nowIso(tx);
    const report = await tx.db
      .selectFrom('reports')
      .select(['number', 'owner_unit_id', 'owner_unit_path', 'region_path', 'county_code'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    const route = await routeRecheck(tx, report);
    const res = await tx.db
      .updateTable('reports')
      .set({
        recheck_requested_at: now,
        recheck_reason: reason,
        recheck_forwarded_to: route.forwardedTo?.id ?? null,
        version: row.version + 1,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .where('recheck_requested_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw domainError('REPORT_STATE', {}, '复查只能申请一次');
    const dueOn = await openDeadline(tx, {
      resourceType: 'report',
      resourceId: row.id,
      kind: 'recheck',
      startAt: now,
      owner: route.clockOwner,
    });
    const users = await usersCovering(tx.db, tx.clock.nowMs(), 'report.manage', route.clockOwner);
    const number = report.number ?? '';
    await notify(tx.db, now, users, {
      kind: 'recheck_requested',
      ...(route.forwardedTo
        ? {
            title: '复查申请待转送上级机关',
            body: `${number} 的举报人申请复查，应由${route.reviewerName}复查：请转送，收到复查意见后于 ${dueOn} 前录入答复。`,
          }
        : { title: '收到复查申请', body: `${number} 的举报人申请复查，请于 ${dueOn} 前答复。` }),
      resourceType: 'report',
      resourceId: row.id,
      dedupeKey: `recheck:${row.id}`,
    });
    await tx.db
      .insertInto('report_messages')
      .values({ id: newId(), report_id: row.id, author: 'reporter', body: `【申请复查】${reason}`, created_at: now })
      .execute();
    await addReportEvent(tx, row.id, 'recheck_requested', { public: true });
    if (route.forwardedTo)
      await addReportEvent(tx, row.id, 'recheck_forwarded', { public: true, note: `转${route.reviewerName}复查` });
    await recordAudit(tx, {
      action: 'report.recheck_request',
      resourceType: 'report',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      ...(route.forwardedTo ? { changes: { recheck_forwarded_to: [null, route.forwardedTo.id] } } : {}),
    });
    return { dueOn };
  });
}
