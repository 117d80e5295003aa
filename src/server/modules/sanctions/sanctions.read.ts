/**
 * Reading sanction records: one record's page (the record, its branch meetings, trail, clocks,
 * warnings and what may be done next) and a case's outcomes (with the party/state match warning).
 * Scope in SQL: a record out of scope is not found.
 */
import {
  FORM_OUTCOME_LABELS,
  type FormOutcome,
  type PartySanction,
  type StateSanction,
} from '../../shared/sanctions.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { visibleWhere } from '../access/index.js';
import { loadCase } from '../cases/index.js';
import { deadlinesOf } from '../deadlines/index.js';
import { type SanctionNotice, partyStateMatch } from './sanctions.rules.js';
import { notRecusedFromSanctionCase, sanctionPolicy } from './sanctions.policy.js';
import { loadSanction } from './sanctions.service.js';
import { stepsOpen } from './sanctions.steps.js';
import { approvingCommitteeOf } from './sanctions.submission.js';
import type { SanctionRow } from './sanctions.tables.js';

/** A record as the API shows it. */
export function sanctionView(r: SanctionRow) {
  return {
    id: r.id,
    version: r.version,
    caseId: r.case_id,
    reviewId: r.review_id,
    caseSubjectId: r.case_subject_id,
    caseNumber: r.case_number,
    personName: r.person_name,
    personPosition: r.person_position,
    authority: r.authority,
    limitedSubject: r.limited_subject,
    partyMember: r.party_member === 1,
    system: r.system,
    kind: r.kind,
    outcomeCode: r.outcome_code,
    outcomeLabel: FORM_OUTCOME_LABELS[r.outcome_code as FormOutcome] ?? r.outcome_code,
    probationYears: r.probation_years,
    inPlaceOfPostRemoval: r.in_place_of_post_removal === 1,
    holdsPartyPost: r.holds_party_post === null ? null : Number(r.holds_party_post) === 1,
    importantOrComplex: r.important_or_complex === 1,
    fourForm: r.four_form,
    status: r.status,
    summary: r.summary,
    exemptionConclusion: r.exemption_conclusion,
    requiredBody: r.required_body,
    approvingBody: r.approving_body,
    approvingBodyName: r.approving_body_name,
    decisionRef: r.decision_ref,
    decidedOn: r.decided_on,
    directReason: r.direct_reason,
    directNote: r.direct_note,
    defenceHeardOn: r.defence_heard_on,
    defenceSummary: r.defence_summary,
    newFact: r.new_fact,
    effectStart: r.effect_start,
    effectEnd: r.effect_end,
    effectMonths: r.effect_months,
    stackedDays: Number(r.stacked_days),
    priorId: r.prior_id,
    deliveredOn: r.delivered_on,
    announcedOn: r.announced_on,
    jobPayOn: r.job_pay_on,
    executionReportedOn: r.execution_reported_on,
    submittedOn: r.submitted_on,
    submittedUpOn: r.submitted_up_on,
  };
}

/** What happened to a decided record since (lifting, a 留党察看's end, a record that replaced it), for its page. */
function afterDecisionView(r: SanctionRow) {
  return {
    liftedOn: r.lifted_on,
    readmissionAfter: r.readmission_after,
    probationOutcome: r.probation_outcome,
    probationOutcomeOn: r.probation_outcome_on,
    restoredOn: r.restored_on,
    restrictionEnd: r.restriction_end,
    supersedesId: r.supersedes_id,
    supersededBy: r.superseded_by,
  };
}

/** The warnings on one person's outcomes in a case: the party/state match, a village cadre's allowance. */
function warningsFor(rows: readonly SanctionRow[], subjectRowId: string | null): SanctionNotice[] {
  const mine = rows.filter(
    (r) => r.case_subject_id === subjectRowId && r.status !== 'withdrawn' && r.status !== 'revoked',
  );
  const party = mine.find((r) => r.system === 'party');
  const state = mine.find((r) => r.system === 'state');
  const out: SanctionNotice[] = [];
  if (mine[0])
    out.push(
      ...partyStateMatch({
        partyMember: mine[0].party_member === 1,
        // Unless the record says the person holds no party post, the stricter floor applies.
        holdsPartyPost: !party || (party.in_place_of_post_removal !== 1 && party.holds_party_post !== 0),
        party: (party?.kind as PartySanction) ?? null,
        state: (state?.kind as StateSanction) ?? null,
      }),
    );
  if (state && state.limited_subject === 'village_cadre')
    out.push({
      code: 'allowance_reduced',
      reason: '村（社区）干部受到政务处分的，由县级或者乡镇人民政府减发或者扣发补贴、奖金',
    });
  return out;
}

/** What may be done next on a record. */
async function nextActions(tx: Ctx, r: SanctionRow): Promise<string[]> {
  if (r.status === 'drafted') {
    const out = ['edit', 'withdraw', 'decide'];
    if (r.system === 'party' || r.system === 'state') out.push('defence');
    if (r.system === 'party') out.push('branch_meeting', 'direct_decision');
    if (approvingCommitteeOf(r)) out.push('submit');
    return out;
  }
  if (r.status === 'submitted') return ['withdraw', 'decide'];
  if (r.status === 'decided') return stepsOpen(tx, r);
  return [];
}

/**
 * A record's page, with the server's `today` (Asia/Shanghai) that its remaining days and overdue
 * clocks are counted from (a browser's clock may be wrong). Needs `read` (NOT_FOUND outside scope
 * or when recused).
 */
export async function readSanction(ctx: Ctx, id: string) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadSanction(tx, id, 'read');
    const [meetings, events, clocks, siblings] = await Promise.all([
      tx.db
        .selectFrom('sanction_branch_meetings')
        .selectAll()
        .where('sanction_id', '=', id)
        .orderBy('held_on')
        .orderBy('id')
        .execute(),
      tx.db
        .selectFrom('sanction_events')
        .selectAll()
        .where('sanction_id', '=', id)
        .orderBy('at')
        .orderBy('id')
        .execute(),
      deadlinesOf(tx, 'sanction', id),
      row.case_subject_id
        ? tx.db.selectFrom('sanctions').selectAll().where('case_subject_id', '=', row.case_subject_id).execute()
        : Promise.resolve([row]),
    ]);
    return {
      ...sanctionView(row),
      today: toShanghaiDate(nowIso(tx)),
      branchMeetings: meetings.map((m) => ({
        id: m.id,
        branchName: m.branch_name,
        heldOn: m.held_on,
        shouldAttend: Number(m.should_attend),
        present: Number(m.present_voting),
        yes: Number(m.votes_for),
        no: Number(m.votes_against),
        abstain: Number(m.abstentions),
        quorate: Number(m.quorate) === 1,
        passed: Number(m.passed) === 1,
        resolution: m.resolution,
        personOpinion: m.person_opinion,
        personSignature: m.person_signature,
      })),
      events: events.map((e) => ({
        at: e.at,
        actorName: e.actor_name,
        action: e.action,
        label: e.label,
        note: e.note,
      })),
      ...afterDecisionView(row),
      clocks,
      warnings: warningsFor(siblings, row.case_subject_id),
      next: await nextActions(tx, row),
    };
  });
}

/**
 * A case's outcomes in the caller's scope (the person's own township's too), with the warnings per
 * person; none to a reader recused from the case. With none in scope the case itself must be
 * readable (NOT_FOUND otherwise, and for the recused).
 */
export async function caseSanctions(ctx: Ctx, caseId: string) {
  return inTransaction(ctx, async (tx) => {
    const notRecused = notRecusedFromSanctionCase(tx, 's');
    const rows = await tx.db
      .selectFrom('sanctions as s')
      .selectAll('s')
      .where('s.case_id', '=', caseId)
      .where(visibleWhere(tx, sanctionPolicy, 'read', { alias: 's', reach: true }))
      // Recused from the case: none of its outcomes (and the case itself is not found below).
      .$if(notRecused !== null, (q) => q.where((eb) => notRecused!(eb as never)))
      .orderBy('s.created_at')
      .orderBy('s.id')
      .execute();
    // No outcome in scope: the case must be readable, else it is not found (404 outside scope).
    const today = toShanghaiDate(nowIso(tx));
    if (rows.length === 0) {
      await loadCase(tx, caseId, 'read');
      return { items: [], warnings: [], today };
    }
    const people = [...new Set(rows.map((r) => r.case_subject_id))];
    return {
      today,
      items: rows.map(sanctionView),
      warnings: people.flatMap((p) =>
        warningsFor(rows, p).map((w) => ({
          ...w,
          personName: rows.find((r) => r.case_subject_id === p)?.person_name ?? '',
        })),
      ),
    };
  });
}
