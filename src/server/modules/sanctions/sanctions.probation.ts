/**
 * 留党察看's end (CF23 第十二条; PZ 第二十一条, 第二十二条), through the engine's `probationOutcome`:
 *
 * - `restore`: the branch's resolution (支部党员大会, quorum and majority from the roll) → the
 *   decision of the body that approved the 留党察看 (or one above it) → the 恢复党员权利决定; rights
 *   come back on the decision date but never before the 察看 ends, then 2 years with no party post
 *   equal to or above the old one, plus what remained of an earlier effect period when the 留党察看
 *   was decided inside it (CF23 第二十一条);
 * - `extend`: a 1-year 察看 extended by one year, once, by the approving body;
 * - `expel`: 开除党籍 by a body with that power (`requireApprover`), a new `party.expulsion` record
 *   superseding the 留党察看 with its 5-year re-admission bar.
 *
 * Each is version-checked, on the trail, audited and told to everyone told before, in one
 * transaction. A record that is not a decided 留党察看, one already restored or expelled, a
 * decision dated in the future or before the 察看 began: a 4xx, nothing written.
 */
import type { Static } from '@sinclair/typebox';
import type { Generated } from 'kysely';
import type { CadreAuthority } from '../../shared/org.codes.js';
import {
  APPROVING_BODIES,
  APPROVING_BODY_LABELS,
  type ApprovingBody,
  PROBATION_OUTCOME_LABELS,
  sanctionLabel,
} from '../../shared/sanctions.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { requireRollResolution } from './sanctions.branch.js';
import type { ProbationBody } from './sanctions.after.schemas.js';
import { carriedDays, periodOfRow } from './sanctions.import.js';
import { fourFormsFor } from './sanctions.mapping.js';
import { notifyToldBefore, requireDecided, requireStepDate } from './sanctions.notices.js';
import { type EffectPeriod, probationOutcome, remainderOf, underEffectOn } from './sanctions.periods.js';
import { requireApprover, requiredApprover } from './sanctions.rules.js';
import { SANCTION_RESOURCE, addSanctionEvent, loadSanction, touchSanction } from './sanctions.service.js';
import type { SanctionRow } from './sanctions.tables.js';

// The columns of migration 2026120617c_sanction_after, merged into the module's table types.
declare module './sanctions.tables.js' {
  interface SanctionTable {
    /** 留党察看 restored: the day the member's rights came back. */
    restored_on: string | null;
    /** 留党察看 restored: the last day of the 2 years (and any carried remainder) with no post as high as before. */
    restriction_end: string | null;
  }
  interface SanctionBranchMeetingTable {
    /** sanction (the meeting on the sanction) | restoration (the resolution to restore rights). */
    purpose: Generated<string>;
  }
}

/** What a probation outcome left. */
export interface ProbationDone {
  version: number;
  outcome: 'restore' | 'extend' | 'expel';
  /** `restore`: rights back on. */
  restoredOn: string | null;
  /** `restore`: the restriction's last day. */
  restrictionEnd: string | null;
  /** The probation's last day (moved by `extend`). */
  probationEnd: string;
  /** `expel`: the new 开除党籍 record. */
  expulsionId: string | null;
  /** Recipients of earlier notices told of the outcome. */
  told: number;
}

/**
 * What remained of the person's earlier party effect period when the 留党察看 was decided: it is
 * carried into the restriction after restoration (CF23 第二十一条; the engine keeps it aside).
 */
async function carriedIntoProbation(tx: Ctx, row: SanctionRow): Promise<{ months: number; days: number }> {
  if (!row.subject_id || !row.decided_on) return { months: 0, days: 0 };
  const prior = await tx.db
    .selectFrom('sanctions')
    .selectAll()
    .where('subject_id', '=', row.subject_id)
    .where('system', '=', 'party')
    .where('status', '=', 'decided')
    .where('id', '<>', row.id)
    .where('decided_on', '<=', row.decided_on)
    .orderBy('decided_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const p = prior ? periodOfRow(prior) : null;
  if (!p || p.nature !== 'effect' || !underEffectOn(p, row.decided_on)) return { months: 0, days: 0 };
  return remainderOf(p, row.decided_on);
}

/** The 留党察看 as the engine sees it, with what it carries and whether it was extended. */
async function probationOf(tx: Ctx, row: SanctionRow): Promise<EffectPeriod> {
  const p = periodOfRow(row);
  if (!p || p.nature !== 'probation') throw domainError('SANCTION_PROBATION_OUTCOME', { problem: 'not_probation' });
  return { ...p, carried: await carriedIntoProbation(tx, row), extended: row.probation_outcome === 'extend' };
}

/**
 * Restoring or extending is decided by the body that approved the 留党察看, or one above it (PZ
 * 第二十一条): SANCTION_APPROVER otherwise, naming the body.
 */
function requireOriginalBody(row: SanctionRow, body: ApprovingBody, outcome: 'restore' | 'extend'): void {
  const required =
    (row.approving_body as ApprovingBody | null) ??
    requiredApprover({
      subject: row.authority as CadreAuthority,
      sanction: 'probation',
      importantOrComplex: row.important_or_complex === 1,
    }).required;
  if (APPROVING_BODIES.indexOf(body) >= APPROVING_BODIES.indexOf(required)) return;
  const what = PROBATION_OUTCOME_LABELS[outcome];
  throw domainError(
    'SANCTION_APPROVER',
    { body, required, reviewedBy: null, agreedBy: null, article: 'PZ 第二十一条' },
    `${APPROVING_BODY_LABELS[body]}无权决定${what}，应当由原处分批准机关${APPROVING_BODY_LABELS[required]}批准（PZ 第二十一条）`,
  );
}

/**
 * Decides how a 留党察看 ends (see the file's comment). Needs `manage` in scope (404 outside), the
 * record's current version (CONFLICT when stale); the refusals are the engine's
 * (SANCTION_PROBATION_OUTCOME), the approving body's (SANCTION_APPROVER), the branch's
 * (SANCTION_BRANCH_ROLL / _QUORUM / _MAJORITY) and the dates' (VALIDATION_FAILED).
 */
export async function decideProbationOutcome(
  ctx: Ctx,
  id: string,
  input: Static<typeof ProbationBody>,
): Promise<ProbationDone> {
  requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const row = await loadSanction(tx, id, 'manage', { version: input.version });
    if (row.system !== 'party' || row.kind !== 'probation')
      throw domainError('SANCTION_PROBATION_OUTCOME', { problem: 'not_probation' });
    requireDecided(row, 'probation_outcome');
    if (row.probation_outcome === 'restore' || row.probation_outcome === 'expel' || row.superseded_by)
      throw domainError('SANCTION_PROBATION_OUTCOME', { problem: 'already_ended', outcome: row.probation_outcome });
    requireStepDate(tx, row, input.decidedOn, 'decidedOn');
    const probation = await probationOf(tx, row);
    if (input.outcome === 'restore' && !input.branch)
      throw domainError('SANCTION_PROBATION_OUTCOME', { problem: 'branch_resolution_missing' });
    if (input.outcome === 'expel')
      requireApprover({
        subject: row.authority as CadreAuthority,
        sanction: 'expulsion',
        importantOrComplex: row.important_or_complex === 1,
        body: input.body,
      });
    else requireOriginalBody(row, input.body, input.outcome);
    const result = probationOutcome(probation, input.outcome, input.decidedOn);
    const now = nowIso(tx);
    if (input.branch) {
      const b = input.branch;
      if (b.heldOn > input.decidedOn || b.heldOn < (row.effect_start ?? b.heldOn))
        throw errors.validation(
          { field: 'branch.heldOn', value: b.heldOn },
          '支部党员大会应在留党察看期间召开，且不晚于决定日期',
        );
      const vote = requireRollResolution(b.roll, row.subject_id ?? row.id);
      await tx.db
        .insertInto('sanction_branch_meetings')
        .values({
          id: newId(),
          sanction_id: row.id,
          purpose: 'restoration',
          branch_name: b.branchName,
          held_on: b.heldOn,
          roll: JSON.stringify(b.roll),
          should_attend: vote.counts.shouldAttend,
          present_voting: vote.counts.present,
          votes_for: vote.counts.yes,
          votes_against: vote.counts.no,
          abstentions: vote.counts.abstain,
          quorate: vote.quorum ? 1 : 0,
          passed: vote.passed ? 1 : 0,
          resolution: b.resolution,
          person_opinion: b.personOpinion ?? null,
          person_signature: b.personSignature,
          created_by: tx.actor?.userId ?? null,
          created_at: now,
        })
        .execute();
      await addSanctionEvent(tx, row.id, 'branch_meeting', `${b.branchName}党员大会（${b.heldOn}）：${b.resolution}`);
    }
    const common = {
      probation_outcome: input.outcome,
      probation_outcome_on: input.decidedOn,
      probation_outcome_ref: input.decisionRef,
    };
    let version: number;
    let expulsionId: string | null = null;
    const label = PROBATION_OUTCOME_LABELS[input.outcome];
    if (input.outcome === 'restore') {
      version = await touchSanction(tx, row.id, row.version, {
        ...common,
        restored_on: result.restoredOn,
        restriction_end: result.next?.endsOn ?? null,
      });
    } else if (input.outcome === 'extend') {
      version = await touchSanction(tx, row.id, row.version, { ...common, effect_end: result.probation.endsOn });
    } else {
      const next = result.next!;
      expulsionId = newId();
      const mapping = await fourFormsFor(tx, row.county_code);
      await tx.db
        .insertInto('sanctions')
        .values({
          ...row,
          id: expulsionId,
          kind: 'expulsion',
          outcome_code: 'party.expulsion',
          probation_years: null,
          in_place_of_post_removal: 0,
          four_form: mapping['party.expulsion'],
          status: 'decided',
          summary: `留党察看期间${input.reason}，开除党籍`,
          exemption_conclusion: null,
          required_body: requiredApprover({
            subject: row.authority as CadreAuthority,
            sanction: 'expulsion',
            importantOrComplex: row.important_or_complex === 1,
          }).required,
          approving_body: input.body,
          approving_body_name: input.bodyName,
          decision_ref: input.decisionRef,
          decided_on: input.decidedOn,
          decided_by: tx.actor?.userId ?? null,
          direct_reason: null,
          direct_note: null,
          defence_heard_on: null,
          defence_summary: null,
          proposed_kind_before_defence: null,
          new_fact: null,
          effect_start: next.startsOn,
          effect_end: next.endsOn,
          effect_months: next.months,
          prior_id: row.id,
          stacked_days: carriedDays(next),
          readmission_after: next.liftsOn,
          delivered_on: null,
          announced_on: null,
          job_pay_on: null,
          execution_reported_on: null,
          submitted_on: null,
          submitted_up_on: null,
          lifted_on: null,
          probation_outcome: null,
          probation_outcome_on: null,
          probation_outcome_ref: null,
          supersedes_id: row.id,
          superseded_by: null,
          restored_on: null,
          restriction_end: null,
          version: 1,
          created_by: tx.actor?.userId ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await addSanctionEvent(
        tx,
        expulsionId,
        'decided',
        `留党察看期间开除党籍（${input.decisionRef}）：${input.reason}`,
      );
      version = await touchSanction(tx, row.id, row.version, { ...common, superseded_by: expulsionId });
      await recordAudit(tx, {
        action: 'sanction.expelled',
        resourceType: SANCTION_RESOURCE,
        resourceId: expulsionId,
        unitId: row.owner_unit_id,
        changes: { supersedes: [null, row.id], decidedOn: [null, input.decidedOn] },
      });
    }
    const words =
      input.outcome === 'restore'
        ? `${label}，自${result.restoredOn}起恢复党员权利，至${result.next?.endsOn}不得在党内担任和向党外组织推荐担任与其原任职务相当或者高于其原任职务的职务`
        : input.outcome === 'extend'
          ? `${label}，察看期至${result.probation.endsOn}`
          : `${label}，${next5(result.next!.liftsOn)}`;
    await addSanctionEvent(
      tx,
      row.id,
      'probation_outcome',
      `${APPROVING_BODY_LABELS[input.body]}（${input.decisionRef}）：${words}。${input.reason}`,
    );
    const told = await notifyToldBefore(tx, {
      sanctionId: row.id,
      kind: 'probation',
      note: `${sanctionLabel({ system: 'party', kind: 'probation', probationYears: (row.probation_years ?? 1) as 1 | 2 })}：${words}`,
      sentOn: input.decidedOn,
    });
    await recordAudit(tx, {
      action: 'sanction.probation_outcome',
      resourceType: SANCTION_RESOURCE,
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: {
        probation_outcome: [row.probation_outcome, input.outcome],
        effect_end: [row.effect_end, result.probation.endsOn],
        ...(result.restoredOn ? { restored_on: [null, result.restoredOn] } : {}),
      },
    });
    return {
      version,
      outcome: input.outcome,
      restoredOn: result.restoredOn,
      restrictionEnd: input.outcome === 'restore' ? (result.next?.endsOn ?? null) : null,
      probationEnd: result.probation.endsOn,
      expulsionId,
      told: told.length,
    };
  });
}

/** "no re-admission before …" in words. */
function next5(liftsOn: string): string {
  return `${liftsOn}以前不得重新入党`;
}
