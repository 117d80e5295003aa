/**
 * The review's core: loading a review for an action (scope, recusal from the case, need-to-know),
 * its one checked state move, its trail, who reviews a case (乡案县审, the township's commission,
 * a zone panel) and the review opened when a case is transferred (the 审查调查报告's approval).
 */
import {
  REVIEW_EVENT_LABELS,
  type ReviewEventAction,
  type ReviewRoute,
  type ReviewStatus,
  reviewTransitionAllowed,
} from '../../shared/review.codes.js';
import type { HandlingMode } from '../../shared/cases.codes.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { DomainError, domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { assertNotRecusedThrough, loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import type { CaseRow } from '../cases/index.js';
import { type ReviewAction, notRecusedFromCase, reviewLineWhere, reviewPolicy } from './review.policy.js';
import { countyReview, goesToCounty } from './review.settings.js';
import type { ReviewRow } from './review.tables.js';

/** The resource name of reviews (audit events, approvals, clocks). */
export const REVIEW_RESOURCE = 'review';
/** The clock of timer 13 (审理期限, 1 month from acceptance). */
export const REVIEW_CLOCK = 'review';

/**
 * Loads review `id` for `action`: 404 when out of scope or recused (from the review or from its
 * case), 403 NEED_TO_KNOW for a reader who sees only its line (the case's handling unit, a colleague
 * in scope who is neither on the team nor over the reviewing unit).
 */
export async function loadReview(
  tx: Ctx,
  id: string,
  action: ReviewAction,
  opts: { version?: number; forUpdate?: boolean } = {},
): Promise<ReviewRow> {
  const from = { table: 'reviews', alias: 'v', id } as const;
  await assertNotRecusedThrough(tx, from, notRecusedFromCase(tx, from.alias), REVIEW_RESOURCE);
  try {
    return await loadInScope<ReviewAction, ReviewRow>(tx, reviewPolicy, id, action, opts);
  } catch (e) {
    if (!(e instanceof DomainError) || e.code !== 'NOT_FOUND' || !tx.actor?.scopes.get('review.read')) throw e;
    const line = await tx.db
      .selectFrom('reviews as v')
      .select('v.id')
      .where('v.id', '=', id)
      .where((eb) => reviewLineWhere(tx, 'v')(eb as never))
      .executeTakeFirst();
    if (!line) throw e;
    throw domainError('NEED_TO_KNOW', { resource: REVIEW_RESOURCE });
  }
}

/**
 * Moves a review to `status` inside the caller's transaction if its state allows it
 * (`REVIEW_TRANSITIONS`; 409 REVIEW_TRANSITION `{ from, to }` otherwise), version-checked (409
 * CONFLICT). `set` carries other columns changed with the move.
 */
export async function setReviewState(
  tx: Ctx,
  id: string,
  version: number,
  status: ReviewStatus,
  set: Record<string, unknown> = {},
): Promise<{ version: number; from: ReviewStatus }> {
  const current = await tx.db
    .selectFrom('reviews')
    .select(['status', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!current) throw errors.notFound(REVIEW_RESOURCE);
  if (current.version !== version) throw errors.conflict({ id, version: current.version });
  if (!reviewTransitionAllowed(current.status, status))
    throw domainError('REVIEW_TRANSITION', { from: current.status, to: status });
  const res = await tx.db
    .updateTable('reviews')
    .set({ ...set, status, version: version + 1, updated_at: nowIso(tx) })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id });
  return { version: version + 1, from: current.status as ReviewStatus };
}

/** Refuses an action in a state not in `allowed` (409 REVIEW_TRANSITION `{ status, action }`). */
export function requireReviewStatus(row: Pick<ReviewRow, 'status'>, allowed: readonly ReviewStatus[], action: string) {
  if (!allowed.includes(row.status as ReviewStatus))
    throw domainError('REVIEW_TRANSITION', { status: row.status, action });
}

/** Bumps a review's version (a change to one of its records), version-checked: CONFLICT when stale. */
export async function touchReview(tx: Ctx, id: string, version: number, set: Record<string, unknown> = {}) {
  const res = await tx.db
    .updateTable('reviews')
    .set({ ...set, version: version + 1, updated_at: nowIso(tx) })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id });
  return version + 1;
}

/** Appends a step to a review's trail, signed by the actor (or 系统). */
export async function addReviewEvent(tx: Ctx, reviewId: string, action: ReviewEventAction, note: string | null = null) {
  await tx.db
    .insertInto('review_events')
    .values({
      id: newId(),
      review_id: reviewId,
      at: nowIso(tx),
      actor_id: tx.actor?.userId ?? null,
      actor_name: tx.actor?.displayName ?? '系统',
      action,
      label: REVIEW_EVENT_LABELS[action],
      note,
    })
    .execute();
}

/** The scope columns a review's clocks and approvals copy. */
export function reviewOwner(row: Pick<ReviewRow, 'owner_unit_id' | 'owner_unit_path' | 'region_path' | 'county_code'>) {
  return {
    owner_unit_id: row.owner_unit_id,
    owner_unit_path: row.owner_unit_path,
    region_path: row.region_path,
    county_code: row.county_code,
  };
}

/** A case as the review stage reads it (its own table is the cases module's: read only). */
export async function caseOf(tx: Ctx, caseId: string): Promise<CaseRow> {
  const row = await tx.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row) throw errors.notFound('case');
  return row;
}

/** Who reviews a case: the route and the reviewing unit. */
export interface ReviewRouting {
  route: ReviewRoute;
  unit: { id: string; path: string };
}

/**
 * Who reviews case `kase` (domain rules §1.7; the seeds' 乡案县审): a case handled at county level
 * (提级办理, the county's offices) goes to the county commission's 案件审理室; a township case goes
 * there too when the county's setting says so (`review.county_review`), otherwise to the handling
 * township's own commission (or the zone's workroom for a zone case), where the zone may convene a
 * cross-review panel.
 */
export async function routeFor(tx: Ctx, kase: CaseRow): Promise<ReviewRouting> {
  const handling = await tx.db
    .selectFrom('units')
    .select(['id', 'path', 'kind'])
    .where('id', '=', kase.handling_unit_id)
    .executeTakeFirstOrThrow();
  const county = await tx.db
    .selectFrom('units')
    .select(['id', 'path'])
    .where('kind', '=', 'commission')
    .where('county_code', '=', kase.county_code)
    .where('active', '=', 1)
    .executeTakeFirst();
  const townshipLevel = handling.kind === 'township_commission' || handling.kind === 'workroom';
  if (!townshipLevel || !county) return { route: 'county', unit: county ?? handling };
  const setting = await countyReview.valueOf(tx, kase.county_code);
  if (goesToCounty(setting, kase.mode as HandlingMode)) return { route: 'county', unit: county };
  return { route: 'township', unit: handling };
}

/**
 * Opens the review of case `caseId` (status `status`, routed by `routeFor`) inside the caller's
 * transaction, audited (`review.open`); returns its id.
 */
export async function openReview(tx: Ctx, caseId: string, status: ReviewStatus): Promise<ReviewRow> {
  const kase = await caseOf(tx, caseId);
  const routing = await routeFor(tx, kase);
  const handling = await tx.db
    .selectFrom('units')
    .select('path')
    .where('id', '=', kase.handling_unit_id)
    .executeTakeFirstOrThrow();
  const now = nowIso(tx);
  const id = newId();
  await tx.db
    .insertInto('reviews')
    .values({
      id,
      case_id: caseId,
      status,
      route: routing.route,
      zone_id: null,
      case_number: kase.number,
      subject_name: kase.subject_name,
      handling_unit_id: kase.handling_unit_id,
      handling_unit_path: handling.path,
      owner_unit_id: routing.unit.id,
      owner_unit_path: routing.unit.path,
      region_path: kase.region_path,
      reach_path: routing.route === 'county' ? routing.unit.path : kase.region_path,
      county_code: kase.county_code,
      transferred_at: status === 'awaiting' ? now : null,
      acceptance: null,
      acceptance_reason: null,
      accepted_on: null,
      decided_at: null,
      early_status: null,
      early_reason: null,
      early_approval_id: null,
      return_kind: null,
      return_reason: null,
      return_approval_id: null,
      return_pending: 0,
      version: 1,
      created_by: tx.actor?.userId ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const unitName = await tx.db.selectFrom('units').select('name').where('id', '=', routing.unit.id).executeTakeFirst();
  await addReviewEvent(tx, id, 'routed', unitName?.name ?? null);
  if (status === 'awaiting') await addReviewEvent(tx, id, 'transferred', kase.number);
  await recordAudit(tx, {
    action: 'review.open',
    resourceType: 'review',
    resourceId: id,
    unitId: routing.unit.id,
    changes: { caseId: [null, caseId], route: [null, routing.route], status: [null, status] },
  });
  return tx.db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The review of a case, if any (no access check: for engines that already hold the case). */
export async function reviewOfCase(tx: Ctx, caseId: string): Promise<ReviewRow | undefined> {
  return tx.db.selectFrom('reviews').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

/** Applies a transfer to an existing review (early → awaiting; refused or re-investigated → awaiting again). */
export async function transferAgain(tx: Ctx, review: ReviewRow): Promise<void> {
  const moved = await setReviewState(tx, review.id, review.version, 'awaiting', {
    transferred_at: nowIso(tx),
    acceptance: null,
    acceptance_reason: null,
  });
  await addReviewEvent(tx, review.id, 'transferred', review.case_number);
  await recordAudit(tx, {
    action: 'review.transferred',
    resourceType: 'review',
    resourceId: review.id,
    unitId: review.owner_unit_id,
    changes: { status: [moved.from, 'awaiting'] },
  });
}
