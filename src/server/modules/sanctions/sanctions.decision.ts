/**
 * The decision on a sanction record (issue 14 §2, §3): by a body with the power for the person's
 * level (a higher one may), after a passed branch meeting or a direct decision for a party
 * sanction and the defence for a state one; the effect period computed and stacked on the
 * person's latest party period, the four form fixed by the county's mapping, and the clocks of
 * timers 14–17 and 19–20 opened on resource `sanction`. One transaction with its trail and audit.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import {
  APPROVING_BODY_LABELS,
  type ApprovingBody,
  type DirectDecisionReason,
  type FormOutcome,
  type LimitedStateSubject,
  type PartySanction,
  type Sanction,
  type StateSanction,
} from '../../shared/sanctions.codes.js';
import type { CadreAuthority } from '../../shared/org.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { openClock } from '../deadlines/index.js';
import { type ClockDescriptor, partySanctionClocks, stateSanctionClocks } from './sanctions.clocks.js';
import { carriedDays, latestPartyPeriod, sanctionOfRow } from './sanctions.import.js';
import { fourFormsFor } from './sanctions.mapping.js';
import { type EffectPeriod, partyEffectPeriod, statePeriod } from './sanctions.periods.js';
import {
  requireApprover,
  requireDirectDecision,
  requireExemptionConclusion,
  requirePartySanction,
  requireStateSanctionFor,
} from './sanctions.rules.js';
import { SANCTION_RESOURCE, addSanctionEvent, loadSanction, touchSanction } from './sanctions.service.js';
import type { SanctionRow } from './sanctions.tables.js';
import { postOf, requireSanctionStatus } from './sanctions.records.js';

/** The decision as recorded. */
export interface SanctionDecisionInput {
  version: number;
  approvingBody: ApprovingBody;
  approvingBodyName: string;
  decisionRef: string;
  /** The body's collective decision (the effect period runs from it). */
  decidedOn: string;
  /** Timer 17's second leg: the same-level party committee's agreement before it went up. */
  committeeAgreedOn?: string | null | undefined;
}

/** The commission standing committee's vote on the case (timer 17's first leg runs from it). */
export async function commissionVoteOf(tx: Ctx, reviewId: string | null): Promise<string | null> {
  if (!reviewId) return null;
  const row = await tx.db
    .selectFrom('review_deliberations')
    .select('held_on')
    .where('review_id', '=', reviewId)
    .where('kind', '=', 'committee')
    .orderBy('held_on', 'desc')
    .executeTakeFirst();
  return row?.held_on ?? null;
}

/**
 * A party committee decides only what the commission submitted to it: a decision by a
 * `*_party_committee` body on a record still `drafted` is SANCTION_TRANSITION in words. A
 * commission's own decision (the direct path) is not concerned.
 */
export function requireSubmittedForCommittee(row: SanctionRow, body: ApprovingBody): void {
  if (body.endsWith('_party_committee') && row.status === 'drafted')
    throw domainError(
      'SANCTION_TRANSITION',
      { status: row.status, action: 'decide', body },
      `该处分尚未由纪委报送${APPROVING_BODY_LABELS[body]}，党委不能作出处分决定：请先报送党委审批`,
    );
}

/** The scope a sanction's clocks carry (its owner and region). */
export function sanctionClockOwner(row: SanctionRow) {
  return {
    owner_unit_id: row.owner_unit_id,
    owner_unit_path: row.owner_unit_path,
    region_path: row.region_path,
    county_code: row.county_code,
  };
}

/** A Shanghai day as the instant a dated clock starts from. */
export function dayStart(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

/** Opens a sanction's clocks (timer 17's second leg as the next occurrence). */
export async function openSanctionClocks(tx: Ctx, row: SanctionRow, clocks: readonly ClockDescriptor[]) {
  for (const c of clocks)
    await openClock(tx, {
      resourceType: SANCTION_RESOURCE,
      resourceId: row.id,
      kind: c.kind,
      startAt: dayStart(c.startOn),
      owner: sanctionClockOwner(row),
      repeat: c.leg === 'to_higher',
    });
}

/**
 * Decides a drafted record: refused when the body lacks the power (`requireApprover`, a higher
 * body accepted), when a party sanction has neither a passed branch meeting nor a direct decision
 * (SANCTION_NO_BRANCH_RESOLUTION; a direct one also needs a county-level body), when a state
 * sanction's defence was not heard (SANCTION_DEFENCE_NOT_HEARD), a village cadre's limit, a
 * probation's length, an exemption's conclusion, 撤销党内职务 with the person's party post not
 * recorded (VALIDATION_FAILED) or recorded as none (SANCTION_NO_PARTY_POST), a party committee's
 * decision on a record its commission has not submitted (SANCTION_TRANSITION). Then `decided`: the period computed from
 * `decidedOn` and stacked on the person's latest party period, the four form fixed, the clocks
 * opened (timers 14–17 for a party sanction, 19–20 for a state one). Needs `manage`.
 */
export async function decideSanction(ctx: Ctx, id: string, input: SanctionDecisionInput) {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadSanction(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireSanctionStatus(row, ['drafted', 'submitted'], 'decide');
    const today = toShanghaiDate(nowIso(tx));
    if (input.decidedOn > today) throw errors.validation({ field: 'decidedOn' }, '处分决定日期不能晚于今天');
    const name = input.approvingBodyName.trim();
    const ref = input.decisionRef.trim();
    if (!name || !ref)
      throw errors.validation({ field: !name ? 'approvingBodyName' : 'decisionRef' }, '请写明批准机关名称和决定文号');
    let period: EffectPeriod | null = null;
    let clocks: ClockDescriptor[] = [];
    let sanction: Sanction | null = null;
    if (row.system === 'party') {
      sanction = sanctionOfRow(row);
      requireApprover({
        subject: row.authority as CadreAuthority,
        sanction: row.kind as PartySanction,
        importantOrComplex: row.important_or_complex === 1,
        inPlaceOfPostRemoval: row.in_place_of_post_removal === 1,
        body: input.approvingBody,
      });
      requireSubmittedForCommittee(row, input.approvingBody);
      const heldPost = postOf(row);
      if (sanction.kind === 'post_removal' && heldPost === null)
        throw errors.validation(
          { field: 'holdsPartyPost' },
          '请先在拟定处理中写明被处分人是否担任党内职务：未担任党内职务的，不能给予撤销党内职务处分（CF23 第十一条）',
        );
      requirePartySanction(sanction, { holdsPartyPost: heldPost !== false });
      const passed = await tx.db
        .selectFrom('sanction_branch_meetings')
        .select('id')
        .where('sanction_id', '=', id)
        .where('passed', '=', 1)
        .executeTakeFirst();
      if (!passed) {
        if (!row.direct_reason) throw domainError('SANCTION_NO_BRANCH_RESOLUTION', { sanctionId: id });
        requireDirectDecision({
          body: input.approvingBody,
          reason: row.direct_reason as DirectDecisionReason,
          note: row.direct_note,
        });
      }
      period = partyEffectPeriod(sanction, input.decidedOn, await latestPartyPeriod(tx, row.subject_id));
      clocks = partySanctionClocks({
        kind: row.kind as PartySanction,
        decidedOn: input.decidedOn,
        approvedBy: input.approvingBody,
        commissionVoteOn: await commissionVoteOf(tx, row.review_id),
        committeeAgreedOn: input.committeeAgreedOn ?? null,
      }).filter((c) => !(row.submitted_on !== null && c.leg === 'to_party_committee'));
      // (A submitted record's first leg was opened and met by the submission.)
    } else if (row.system === 'state') {
      sanction = sanctionOfRow(row);
      requireStateSanctionFor(row.limited_subject as LimitedStateSubject | null, row.kind as StateSanction);
      if (!row.defence_heard_on) throw domainError('SANCTION_DEFENCE_NOT_HEARD', { sanctionId: id });
      period = statePeriod(row.kind as StateSanction, input.decidedOn);
      clocks = stateSanctionClocks({ kind: row.kind as StateSanction, decidedOn: input.decidedOn });
    } else if (row.system === 'lighter' && row.kind === 'exemption') {
      requireExemptionConclusion(row.exemption_conclusion);
    }
    if (row.decided_on === null && row.review_id) {
      const vote = await commissionVoteOf(tx, row.review_id);
      if (vote && input.decidedOn < vote)
        throw errors.validation({ field: 'decidedOn' }, '处分决定日期不能早于纪委常委会审议日期');
    }
    const mapping = await fourFormsFor(tx, row.county_code);
    const version = await touchSanction(tx, id, row.version, {
      status: 'decided',
      approving_body: input.approvingBody,
      approving_body_name: name,
      decision_ref: ref,
      decided_on: input.decidedOn,
      decided_by: actor.userId,
      four_form: mapping[row.outcome_code as FormOutcome] ?? null,
      effect_start: period?.startsOn ?? null,
      effect_end: period?.endsOn ?? null,
      effect_months: period ? period.months : null,
      stacked_days: period ? carriedDays(period) : 0,
      prior_id: period && carriedDays(period) > 0 ? await priorPartyId(tx, row) : null,
      readmission_after: period?.nature === 'readmission_bar' ? period.liftsOn : null,
    });
    const decided = await tx.db.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await openSanctionClocks(tx, decided, clocks);
    await addSanctionEvent(
      tx,
      id,
      'decided',
      `${name}${ref}${period ? `，影响期（处分期）${period.startsOn}至${period.endsOn}` : ''}`,
    );
    await recordAudit(tx, {
      action: 'sanction.decide',
      resourceType: SANCTION_RESOURCE,
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        status: [row.status, 'decided'],
        approvingBody: [null, input.approvingBody],
        decidedOn: [null, input.decidedOn],
        effectEnd: [null, period?.endsOn ?? null],
      },
    });
    return {
      version,
      effectStart: period?.startsOn ?? null,
      effectEnd: period?.endsOn ?? null,
      stackedDays: decided.stacked_days,
    };
  });
}

async function priorPartyId(tx: Ctx, row: SanctionRow): Promise<string | null> {
  if (!row.subject_id) return null;
  const prior = await tx.db
    .selectFrom('sanctions')
    .select('id')
    .where('subject_id', '=', row.subject_id)
    .where('system', '=', 'party')
    .where('status', '=', 'decided')
    .where('id', '!=', row.id)
    .orderBy('decided_on', 'desc')
    .limit(1)
    .executeTakeFirst();
  return prior?.id ?? null;
}
