/**
 * Reviews (复核, XF 第三十六条): a petitioner not satisfied with the re-check (复查) answer asks,
 * once and within 30 days of it, the organ one level above the re-checking organ, which answers
 * within 30 days (the time a hearing takes is not counted: the catalogue's clock pauses).
 */
import { type Ctx, can, inTransaction, nowIso, scopeFor } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { inScope } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';
import { usersCovering } from '../notifications/index.js';
import { PAUSED_DUE_ON, addDays, clockOf, pauseClock, resumeClock } from '../deadlines/index.js';
import { loadInScope } from '../access/index.js';
import { type ReportAction, reportPolicy } from './reports.policy.js';
import type { ReportRow } from './reports.tables.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { commissionOf } from '../numbering/index.js';
import { recheckReviewer } from './reports.recheck.js';
import { addReportEvent, requireByReceipt } from './reports.service.js';
import { startPetitionRequest } from './reports.requests.js';

/** Days after the re-check answer within which a petitioner may ask for a review (XF 第三十六条). */
export const REVIEW_APPLY_DAYS = 30;

/** The last day (`YYYY-MM-DD`, China time) to ask for a review of a re-check answered at `answeredAt`. */
export function reviewApplyBy(answeredAt: string): string {
  return addDays(toShanghaiDate(answeredAt), REVIEW_APPLY_DAYS);
}

/** The report columns a review reads. */
interface ReviewRow {
  kind: string;
  recheck_answered_at: string | null;
  review_requested_at: string | null;
}

/**
 * Whether the petitioner may ask for a review today: a petition whose re-check was answered, not
 * yet reviewed, within 30 days of that answer (day 30 in, day 31 out). Never for an accusation.
 */
export function reviewOpen(row: ReviewRow, nowIsoText: string): boolean {
  return (
    row.kind === 'petition' &&
    row.recheck_answered_at !== null &&
    row.review_requested_at === null &&
    toShanghaiDate(nowIsoText) <= reviewApplyBy(row.recheck_answered_at)
  );
}

type Owner = { owner_unit_id: string; owner_unit_path: string; region_path: string; county_code: string | null };

/** Where a review goes: the organ that reviews, who holds its clock, and whether it leaves the platform. */
interface ReviewRoute {
  reviewer: { id: string; name: string };
  clockOwner: Owner;
  forwardedTo: string | null;
}

/**
 * Routes a review (XF 第三十六条): the commission one level above the organ that re-checked (the
 * organ a re-check was forwarded to, or the holder of the re-check clock). Someone on the platform
 * with intake authority over it holds the clock; when nobody does, the request is forwarded like a
 * forwarded re-check: the organ that held the re-check clock keeps this one, sends the request up
 * and records the higher organ's opinion. With no commission above, the re-checking organ keeps it.
 */
async function routeReview(
  tx: Ctx,
  report: Owner & { id: string; recheck_forwarded_to: string | null },
): Promise<ReviewRoute> {
  const recheckClock = await clockOf(tx, 'report', report.id, 'recheck');
  const recheckOrganId = report.recheck_forwarded_to ?? recheckClock?.owner_unit_id ?? report.owner_unit_id;
  // The organ that chased the re-check chases a forwarded review too (the report's owner when the
  // re-check was itself forwarded).
  const keeper: Owner =
    recheckClock && !report.recheck_forwarded_to
      ? {
          owner_unit_id: recheckClock.owner_unit_id,
          owner_unit_path: recheckClock.owner_unit_path,
          region_path: report.region_path,
          county_code: report.county_code,
        }
      : report;
  const above = await recheckReviewer(tx, recheckOrganId);
  if (!above) {
    const own = await commissionOf(tx, recheckOrganId);
    return { reviewer: { id: own.id, name: own.short_name ?? own.name }, clockOwner: keeper, forwardedTo: null };
  }
  const reviewerOwner: Owner = {
    owner_unit_id: above.id,
    owner_unit_path: above.path,
    region_path: report.region_path,
    county_code: report.county_code,
  };
  const staffed = (await usersCovering(tx.db, tx.clock.nowMs(), 'report.manage', reviewerOwner)).length > 0;
  const reviewer = { id: above.id, name: above.short_name ?? above.name };
  return staffed
    ? { reviewer, clockOwner: reviewerOwner, forwardedTo: null }
    : { reviewer, clockOwner: keeper, forwardedTo: above.id };
}

/** Display name of the organ that reviews (or would review) a report's re-check answer. */
export async function reviewOrganName(ctx: Ctx, row: { id: string; review_unit_id: string | null }): Promise<string> {
  if (row.review_unit_id) return unitName(ctx, row.review_unit_id);
  const report = await ctx.db
    .selectFrom('reports')
    .select(['id', 'owner_unit_id', 'owner_unit_path', 'region_path', 'county_code', 'recheck_forwarded_to'])
    .where('id', '=', row.id)
    .executeTakeFirstOrThrow();
  return (await routeReview(ctx, report)).reviewer.name;
}

async function unitName(ctx: Ctx, unitId: string): Promise<string> {
  const u = await ctx.db
    .selectFrom('units')
    .select(['name', 'short_name'])
    .where('id', '=', unitId)
    .executeTakeFirstOrThrow();
  return u.short_name ?? u.name;
}

/**
 * Records the petitioner's one request for a review (复核) of the re-check answer and starts the
 * 30-day answer clock (`petition_review`); its holders are told to answer (or to send it up).
 * REPORT_STATE for an accusation, before the re-check is answered, a second request, or after
 * the 30 days.
 */
export async function requestReview(ctx: Ctx, receipt: string, reason: string): Promise<{ dueOn: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await requireByReceipt(tx, receipt);
    if (row.kind !== 'petition')
      throw domainError(
        'REPORT_STATE',
        { reason: 'accusation_objection' },
        '检举控告不适用信访复核：对办理结果有异议的，请留言说明，我们将记录并作出解释',
      );
    if (!row.recheck_answered_at)
      throw domainError('REPORT_STATE', { reason: 'recheck_not_answered' }, '收到复查意见后才能申请复核');
    if (row.review_requested_at !== null) throw domainError('REPORT_STATE', {}, '复核只能申请一次');
    const now = nowIso(tx);
    if (!reviewOpen(row, now))
      throw domainError(
        'REPORT_STATE',
        { reason: 'review_apply_expired', applyBy: reviewApplyBy(row.recheck_answered_at) },
        '已超过申请复核的期限（收到复查意见之日起 30 日内）',
      );
    const report = await tx.db
      .selectFrom('reports')
      .select([
        'id',
        'number',
        'owner_unit_id',
        'owner_unit_path',
        'region_path',
        'county_code',
        'recheck_forwarded_to',
      ])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    const route = await routeReview(tx, report);
    const res = await tx.db
      .updateTable('reports')
      .set({
        review_requested_at: now,
        review_reason: reason,
        review_unit_id: route.reviewer.id,
        review_forwarded_to: route.forwardedTo,
        version: row.version + 1,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .where('review_requested_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw domainError('REPORT_STATE', {}, '复核只能申请一次');
    const { dueOn } = await startPetitionRequest(tx, {
      kind: 'review',
      reportId: row.id,
      number: report.number ?? '',
      reason,
      now,
      clockOwner: route.clockOwner,
      reviewerName: route.reviewer.name,
      forwarded: route.forwardedTo !== null,
    });
    await recordAudit(tx, {
      action: 'report.review_request',
      resourceType: 'report',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { review_unit_id: [null, route.reviewer.id], review_forwarded_to: [null, route.forwardedTo] },
    });
    return { dueOn };
  });
}

/**
 * Checks that the caller answers the review: asked for and not yet answered, and the caller's
 * scope reaches the review clock's owner — the reviewing organ, or when the review was forwarded
 * off the platform the organ that keeps its clock and records the higher organ's opinion (never
 * the re-checking organ's subordinates, nor the re-checking organ itself when it is on the platform).
 */
export async function requireReviewReviewer(
  tx: Ctx,
  row: {
    id: string;
    review_requested_at: string | null;
    review_answered_at: string | null;
    review_forwarded_to: string | null;
  },
): Promise<void> {
  if (!row.review_requested_at)
    throw domainError('REPORT_STATE', { reason: 'review_not_requested' }, '信访人未申请复核');
  if (row.review_answered_at) throw domainError('REPORT_STATE', { reason: 'review_answered' }, '复核已答复');
  const clock = await clockOf(tx, 'report', row.id, 'petition_review');
  // Not an access check (the report was loaded in scope): which organ answers, tested on the clock.
  if (clock && !inScope(scopeFor(tx, 'report.manage'), clock))
    throw domainError(
      'REPORT_STATE',
      { reason: 'review_by_higher_organ' },
      '复核由复查机关的上一级机关办理，本单位不能答复',
    );
}

/** The body of a forwarded review's answer: the higher organ's opinion under its name and number. */
export async function forwardedReviewBody(tx: Ctx, unitId: string, ref: string, body: string): Promise<string> {
  return `【${await unitName(tx, unitId)}复核意见 ${ref}】\n${body}`;
}

/** Marks the re-check (`recheck`) or the review (`review`) of a report answered now. */
export async function markAnswered(tx: Ctx, id: string, which: 'recheck' | 'review', at: string): Promise<void> {
  await tx.db
    .updateTable('reports')
    .set(which === 'recheck' ? { recheck_answered_at: at } : { review_answered_at: at })
    .where('id', '=', id)
    .execute();
}

/** Who answers a report's review, as its page shows it. */
export interface ReviewView {
  /** Display name of the organ that reviews (one level above the re-checking organ, XF 第三十六条). */
  by: string;
  /** Sent up off the platform: the keeper records the higher organ's opinion with its number. */
  forwarded: boolean;
  requestedAt: string;
  answered: boolean;
  /** The review clock's due date while it runs (null once answered or paused). */
  dueOn: string | null;
  /** A hearing runs: the clock is paused (its time is not counted). */
  paused: boolean;
  /** The caller may answer it now (and record a hearing). */
  canAnswer: boolean;
}

/** The review of a report as the caller may act on it, or null when none was asked for. */
export async function reviewView(
  ctx: Ctx,
  row: {
    id: string;
    review_requested_at: string | null;
    review_unit_id: string | null;
    review_forwarded_to: string | null;
    review_answered_at: string | null;
  },
): Promise<ReviewView | null> {
  if (!row.review_requested_at || !row.review_unit_id) return null;
  const clock = await clockOf(ctx, 'report', row.id, 'petition_review');
  const manage = can(ctx, 'report.manage') ? scopeFor(ctx, 'report.manage') : null;
  return {
    by: await unitName(ctx, row.review_unit_id),
    forwarded: row.review_forwarded_to !== null,
    requestedAt: row.review_requested_at,
    answered: row.review_answered_at !== null,
    dueOn: clock && clock.met_at === null && clock.due_on !== PAUSED_DUE_ON ? clock.due_on : null,
    paused: clock !== undefined && clock.met_at === null && clock.due_on === PAUSED_DUE_ON,
    // A flag for the page, not an access check: whether the caller holds the review clock.
    canAnswer: row.review_answered_at === null && manage !== null && clock !== undefined && inScope(manage, clock),
  };
}

/**
 * Starts or ends a hearing (听证) on an open review: its time is not counted (XF 第三十六条; the
 * catalogue's `petition_review` clock pauses), so the clock pauses when it starts and resumes with
 * the days it had left when it ends. Only the review clock's holder may; the petitioner sees the
 * step (not the internal note). DEADLINE_STATE when already paused or not paused.
 */
export async function setReviewHearing(
  ctx: Ctx,
  id: string,
  input: { state: 'started' | 'ended'; note: string },
): Promise<{ dueOn: string | null }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ReportAction, ReportRow>(tx, reportPolicy, id, 'manage');
    await requireReviewReviewer(tx, row);
    const target = { resourceType: 'report', resourceId: id, kind: 'petition_review' };
    const clock =
      input.state === 'started'
        ? await pauseClock(tx, target, { reason: input.note })
        : await resumeClock(tx, target, { note: input.note });
    await addReportEvent(tx, id, input.state === 'started' ? 'review_hearing_started' : 'review_hearing_ended', {
      public: true,
      ...(clock.dueOn ? { note: `复核意见期限顺延至${chineseDay(clock.dueOn)}` } : {}),
      staffNote: input.note,
    });
    await recordAudit(tx, {
      action: 'report.review_hearing',
      resourceType: 'report',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { hearing: [input.state === 'started' ? null : 'started', input.state], note: [null, input.note] },
    });
    return { dueOn: clock.dueOn };
  });
}

/** A `YYYY-MM-DD` date as the petitioner reads it: 2027年1月2日. */
function chineseDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
