/** Re-checks (复查, XF 第三十五条): who re-checks a closed report, and the reporter's one request for it. */
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import type { UnitRow } from '../org/index.js';
import { recordAudit } from '../audit/index.js';
import { notify, usersCovering } from '../notifications/index.js';
import { addDays } from '../deadlines/index.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { COMMISSION_KINDS, commissionOf } from '../numbering/index.js';
import { CLOSED_STATUSES, type ReportStatus } from './reports.model.js';
import { requireByReceipt } from './reports.service.js';
import { startPetitionRequest } from './reports.requests.js';

/**
 * Display name of the commission that re-checks a report owned by `ownerUnitId`: the one
 * `requestRecheck` gives the re-check clock to (XF 第三十五条), that is the commission above the
 * owner's, or the owner's own commission when the platform holds none above it.
 */
export async function recheckOrganName(ctx: Ctx, ownerUnitId: string): Promise<string> {
  const organ = (await recheckReviewer(ctx, ownerUnitId)) ?? (await commissionOf(ctx, ownerUnitId));
  return organ.short_name ?? organ.name;
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

/** Days after the written answer within which a petitioner may ask for a re-check (XF 第三十五条). */
export const RECHECK_APPLY_DAYS = 30;

/**
 * The last day (`YYYY-MM-DD`, China time) a petitioner may ask for a re-check of a report closed
 * at `closedAt`: 30 days after the answer (XF 第三十五条; 日 read as calendar days, domain-rules §4).
 */
export function recheckApplyBy(closedAt: string): string {
  return addDays(toShanghaiDate(closedAt), RECHECK_APPLY_DAYS);
}

/**
 * Whether the reporter of this report may ask for a re-check today: a closed petition, not yet
 * re-checked, within 30 days of its answer. An accusation has no petition re-check (JK 第二十七条:
 * an objection to the result is recorded and explained, through the receipt page's messages).
 */
export function recheckOpen(
  row: { kind: string; status: string; closed_at: string | null; recheck_requested_at: string | null },
  nowIsoText: string,
): boolean {
  return (
    row.kind === 'petition' &&
    CLOSED_STATUSES.includes(row.status as ReportStatus) &&
    row.closed_at !== null &&
    row.recheck_requested_at === null &&
    toShanghaiDate(nowIsoText) <= recheckApplyBy(row.closed_at)
  );
}

/**
 * Records the petitioner's one request for a re-check (复查) of a closed petition and starts the
 * 30-day answer clock (XF 第三十五条; it has no extension); the clock's holders are told to
 * answer (or to send it up), and the owning unit's handlers that the report is being re-checked.
 * REPORT_STATE when not closed, already requested, past the 30 days after the answer, or an
 * accusation (its objection is a message, recorded and explained: JK 第二十七条).
 */
export async function requestRecheck(ctx: Ctx, receipt: string, reason: string): Promise<{ dueOn: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await requireByReceipt(tx, receipt);
    if (row.kind !== 'petition')
      throw domainError(
        'REPORT_STATE',
        { reason: 'accusation_objection' },
        '检举控告不适用信访复查：对办理结果有异议的，请留言说明，我们将记录并作出解释',
      );
    if (!CLOSED_STATUSES.includes(row.status as ReportStatus) || !row.closed_at)
      throw domainError('REPORT_STATE', { status: row.status }, '办结后才能申请复查');
    const now = nowIso(tx);
    if (row.recheck_requested_at === null && !recheckOpen(row, now))
      throw domainError(
        'REPORT_STATE',
        { reason: 'recheck_apply_expired', applyBy: recheckApplyBy(row.closed_at) },
        '已超过申请复查的期限（收到答复之日起 30 日内）',
      );
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
    const { dueOn, told } = await startPetitionRequest(tx, {
      kind: 'recheck',
      reportId: row.id,
      number: report.number ?? '',
      reason,
      now,
      clockOwner: route.clockOwner,
      reviewerName: route.reviewerName,
      forwarded: route.forwardedTo !== null,
    });
    // The owning unit's handlers hear of it too when the organ above holds the clock: they do not
    // answer it (GZ 第五十九条), but their report is being re-checked.
    if (route.clockOwner.owner_unit_id !== report.owner_unit_id) {
      const owners = await usersCovering(tx.db, tx.clock.nowMs(), 'report.manage', report);
      await notify(
        tx.db,
        now,
        owners.filter((u) => !told.includes(u)),
        {
          kind: 'recheck_requested',
          title: '举报人申请复查',
          body: `${report.number ?? ''} 的举报人申请复查，由${route.reviewerName}复查，本单位不作答复。`,
          resourceType: 'report',
          resourceId: row.id,
          dedupeKey: `recheck:${row.id}`,
        },
      );
    }
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
