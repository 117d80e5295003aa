/**
 * Reading appeals: a sanction's appeals (following a changed record), the list in scope, an
 * appeal's page with its team, the sanction's current state and its clocks, and the decision's
 * document (复查决定, 复审决定书, 复核决定书).
 */
import type { SanctionAppealKind, SanctionAppealOutcome } from '../../shared/sanctions.codes.js';
import { SANCTION_APPEAL_KIND_LABELS } from '../../shared/sanctions.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { type DeadlineView, deadlinesOf } from '../deadlines/index.js';
import { visibleWhere } from '../access/index.js';
import { loadSanction } from './sanctions.service.js';
import { appealNotRecused, sanctionAppealPolicy } from './sanctions.appeals.policy.js';
import { renderDocx, renderPdf } from '../../documents/index.js';
import { APPEAL_DECISION_TITLES, appealDecision } from '../../documents/sanction-appeal-templates.js';
import {
  SANCTION_APPEAL_RESOURCE,
  type SanctionAppealRow,
  type SanctionAppealStatus,
  decidingUnit,
  loadAppeal,
  sanctionWords,
} from './sanctions.appeals.js';

/** One appeal as listed. */
export interface AppealLine {
  id: string;
  sanctionId: string;
  kind: SanctionAppealKind;
  kindLabel: string;
  personName: string;
  sanction: string;
  applicant: string;
  appliedOn: string;
  status: SanctionAppealStatus;
  outcome: SanctionAppealOutcome | null;
  decidedOn: string | null;
  newSanctionId: string | null;
  createdAt: string;
}

function lineOf(
  r: SanctionAppealRow & { person_name: string; s_system: string; s_kind: string; s_probation_years: number | null },
): AppealLine {
  return {
    id: r.id,
    sanctionId: r.sanction_id,
    kind: r.kind as SanctionAppealKind,
    kindLabel: SANCTION_APPEAL_KIND_LABELS[r.kind as SanctionAppealKind] ?? r.kind,
    personName: r.person_name,
    sanction: sanctionWords({ system: r.s_system, kind: r.s_kind, probation_years: r.s_probation_years }),
    applicant: r.applicant,
    appliedOn: r.applied_on,
    status: r.status as SanctionAppealStatus,
    outcome: (r.outcome as SanctionAppealOutcome | null) ?? null,
    decidedOn: r.decided_on,
    newSanctionId: r.new_sanction_id,
    createdAt: r.created_at,
  };
}

function appealsQuery(tx: Ctx) {
  let q = tx.db
    .selectFrom('sanction_appeals as a')
    .innerJoin('sanctions as s', 's.id', 'a.sanction_id')
    .selectAll('a')
    .select(['s.person_name', 's.system as s_system', 's.kind as s_kind', 's.probation_years as s_probation_years'])
    .where((eb) => visibleWhere(tx, sanctionAppealPolicy, 'read', { alias: 'a' })(eb));
  const notRecused = appealNotRecused(tx, 'a');
  if (notRecused) q = q.where((eb) => notRecused(eb));
  return q;
}

/** The appeals of sanction `sanctionId` the actor may see, oldest first (NOT_FOUND when the sanction is not theirs). */
export async function appealsOfSanction(ctx: Ctx, sanctionId: string): Promise<AppealLine[]> {
  await loadSanction(ctx, sanctionId, 'read');
  // Appeals of the sanction and of the one it changed into (a 复核 follows a changed 复审).
  const rows = await appealsQuery(ctx)
    .where((eb) => eb.or([eb('a.sanction_id', '=', sanctionId), eb('a.new_sanction_id', '=', sanctionId)]))
    .orderBy('a.applied_on')
    .orderBy('a.id')
    .execute();
  return rows.map(lineOf);
}

/** Filters of the appeals list. */
export interface AppealListQuery {
  kind?: SanctionAppealKind | undefined;
  status?: SanctionAppealStatus | undefined;
  page: number;
  pageSize: number;
}

/** The appeals in the actor's scope, newest first. */
export async function listAppeals(ctx: Ctx, query: AppealListQuery): Promise<{ items: AppealLine[]; total: number }> {
  let q = appealsQuery(ctx);
  if (query.kind) q = q.where('a.kind', '=', query.kind);
  if (query.status) q = q.where('a.status', '=', query.status);
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q
    .orderBy('a.applied_on', 'desc')
    .orderBy('a.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: rows.map(lineOf), total: Number(total.n) };
}

/** An appeal's page. */
export interface AppealDetail extends AppealLine {
  version: number;
  grounds: string;
  receivedDecisionOn: string | null;
  outcomeReason: string | null;
  decisionRef: string | null;
  /** The sanction's status and period today: an appeal does not suspend it. */
  sanctionStatus: string;
  effectStart: string | null;
  effectEnd: string | null;
  team: { userId: string; name: string }[];
  clocks: DeadlineView[];
}

/** An appeal's page (NOT_FOUND out of scope). */
export async function readAppeal(ctx: Ctx, id: string): Promise<AppealDetail> {
  const a = await loadAppeal(ctx, id, 'read');
  const row = await appealsQuery(ctx).where('a.id', '=', id).executeTakeFirstOrThrow();
  const s = await ctx.db
    .selectFrom('sanctions')
    .select(['status', 'effect_start', 'effect_end'])
    .where('id', '=', a.sanction_id)
    .executeTakeFirstOrThrow();
  const team = await ctx.db
    .selectFrom('sanction_appeal_members')
    .select(['user_id', 'name'])
    .where('appeal_id', '=', id)
    .where('removed_at', 'is', null)
    .orderBy('added_at')
    .orderBy('id')
    .execute();
  return {
    ...lineOf(row),
    version: a.version,
    grounds: a.grounds,
    receivedDecisionOn: a.received_decision_on,
    outcomeReason: a.outcome_reason,
    decisionRef: a.decision_ref,
    sanctionStatus: s.status,
    effectStart: s.effect_start,
    effectEnd: s.effect_end,
    team: team.map((m) => ({ userId: m.user_id, name: m.name })),
    clocks: await deadlinesOf(ctx, SANCTION_APPEAL_RESOURCE, id),
  };
}

/**
 * A decided appeal's decision as PDF or DOCX (appeal_decision: 复查决定, 复审决定书, 复核决定书 …),
 * audited. SANCTION_APPEAL_STATE before the decision; NOT_FOUND out of scope.
 */
export async function appealDecisionDocument(
  ctx: Ctx,
  id: string,
  format: 'pdf' | 'docx',
): Promise<{ bytes: Buffer; title: string }> {
  return inTransaction(ctx, async (tx) => {
    const a = await loadAppeal(tx, id, 'read');
    if (a.status !== 'decided' || !a.outcome || !a.decided_on)
      throw domainError(
        'SANCTION_APPEAL_STATE',
        { status: a.status, action: 'document' },
        '尚未作出决定，不能生成决定文书',
      );
    const s = await tx.db.selectFrom('sanctions').selectAll().where('id', '=', a.sanction_id).executeTakeFirstOrThrow();
    const changed = a.new_sanction_id
      ? await tx.db.selectFrom('sanctions').selectAll().where('id', '=', a.new_sanction_id).executeTakeFirst()
      : undefined;
    const units = await tx.db
      .selectFrom('units')
      .select(['id', 'name', 'parent_id'])
      .where('id', 'in', [a.owner_unit_id, s.owner_unit_id])
      .execute();
    const unitName = (u: string) => units.find((x) => x.id === u)?.name ?? '';
    const deciding = units.find((x) => x.id === a.owner_unit_id);
    let higherOrgan: string | null = null;
    if (a.kind === 'state_review') {
      const higher = await decidingUnit(tx, s, 'state_recheck');
      higherOrgan =
        higher.id === a.owner_unit_id
          ? null
          : unitName(higher.id) ||
            ((await tx.db.selectFrom('units').select('name').where('id', '=', higher.id).executeTakeFirst())?.name ??
              null);
    }
    const team = await tx.db
      .selectFrom('sanction_appeal_members')
      .select('name')
      .where('appeal_id', '=', id)
      .where('removed_at', 'is', null)
      .orderBy('added_at')
      .orderBy('id')
      .execute();
    const doc = appealDecision({
      kind: a.kind as SanctionAppealKind,
      decisionRef: a.decision_ref ?? '',
      person: {
        name: s.person_name,
        position: [s.person_employer, s.person_position].filter(Boolean).join('') || null,
      },
      applicant: a.applicant,
      original: {
        ref: s.decision_ref,
        decidedOn: s.decided_on,
        body: s.approving_body_name ?? unitName(s.owner_unit_id),
        sanction: sanctionWords(s),
      },
      appliedOn: a.applied_on,
      grounds: a.grounds,
      team: team.map((m) => m.name),
      outcome: a.outcome as SanctionAppealOutcome,
      reason: a.outcome_reason ?? '',
      changedTo: changed
        ? { sanction: sanctionWords(changed), effectStart: changed.effect_start, effectEnd: changed.effect_end }
        : null,
      decidingUnit: deciding?.name ?? '',
      higherOrgan,
      decidedOn: a.decided_on,
    });
    await recordAudit(tx, {
      action: 'sanction.appeal_document',
      resourceType: SANCTION_APPEAL_RESOURCE,
      resourceId: id,
      unitId: a.owner_unit_id,
      changes: { document: [null, `appeal_decision.${format}`] },
    });
    const bytes = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
    return { bytes, title: `${APPEAL_DECISION_TITLES[a.kind as SanctionAppealKind]}（${s.person_name}）` };
  });
}
