/**
 * Appeals against a decided sanction (issue 14 §4; domain rules §1.8, §3.3, §5.3; timers 18, 21, 22):
 * party 申诉/复议/复查 (decided within 3 months, GZ 第五十九条), state 复审 (apply within 1 month of
 * receiving the decision, decided within 1 month) and 复核 (apply within 1 month of receiving the
 * 复审 decision, to the next-higher organ, decided within 2 months; JCF24 第五十六条).
 *
 * - Lodging registers and accepts the application at once (受理) and opens the deciding clock from
 *   that day; an application out of time is refused in words with the dates, nothing written. The
 *   time to apply is counted as TL21 第二百八十五条 says (the corresponding day of the next month,
 *   moved past a holiday or weekend by the official calendar).
 * - The team (复查组): at least two, nobody who took part in the original matter — the case team
 *   (removed members too), the clue stage (keeper, handler, verification team) or the review (team
 *   or panel, removed members too) — refused in words naming who and why
 *   (SANCTION_APPEAL_SEPARATION), and each cleared by the recusal engine's check as `rechecker`
 *   with those people marked `original_handler` (GZ 第五十九条; TL21 第二百一十一条).
 * - **Appeals do not suspend** (ZW 第五十五条; domain rules §11): nothing on the sanction changes
 *   while an appeal runs — its status, period and clocks stay as they are.
 * - The decision: upheld; changed (a new record supersedes the old, which becomes `revoked` with
 *   `superseded_by`); or revoked (`revoked`, no period). A state sanction is never made heavier
 *   (ZW 第五十六条: 公职人员不因提出复审、复核而被加重政务处分). A party appeal may end heavier: no party
 *   text bars it — 党章 第四十三条, GZ 第五十九条, CF23 and 《党的纪律检查机关案件审理工作条例》 第三条、
 *   第十九条 (处理错了的案件，一经发现，坚决改正; 申诉有理，需要改变的，实事求是地予以改正) speak of
 *   correcting the decision either way, and the CCDI 审理室's opinion on changes on 复查
 *   (中纪委审〔2000〕29号, as quoted in CCDI practice articles) dates a heavier one (below).
 * - A changed sanction's period: a lighter one (or a state one) runs **from the original
 *   decision's date** — the appeal did not suspend the sanction, the person has been under it
 *   since that day, and the change replaces the original decision (a party period stacks on the
 *   same earlier period the original did; 〔2000〕29号; 中纪委审〔2005〕43号 for 开除党籍 changed to
 *   留党察看). A heavier party one runs from the appeal decision, the time already served under the
 *   original deducted (〔2000〕29号): it ends where it would have from the original decision; a
 *   开除党籍's 5 years before re-admission run from the appeal decision.
 * - The new record gets what a decided record gets: its steps (delivered, announced …) and the
 *   clocks of timers 14–16 (party) or 19–20 (state) from the appeal decision's date (no timer 17:
 *   the commission decides an appeal, GZ 第五十九条); the original's running clocks stop. A change
 *   or a revocation is told to everyone told of the sanction before (`sanction_notices`, kind `change`).
 * - A party appeal has no time limit to apply: none of 党章 第四十三条, GZ 第五十九条, CF23 or the
 *   审理工作条例 sets one (GZ sets only the 3 months to decide, timer 18). The 复审/复核 limits are
 *   the state side's (JCF24 第五十六条).
 */
import type { SanctionAppealKind, SanctionAppealOutcome } from '../../shared/sanctions.codes.js';
import {
  PARTY_SANCTION_LABELS,
  SANCTION_APPEAL_KIND_LABELS,
  SANCTION_APPEAL_OUTCOME_LABELS,
  STATE_SANCTION_LABELS,
} from '../../shared/sanctions.codes.js';
import { createOfficialCalendar, toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { type DomainError, domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { meetAllDeadlines, openClock } from '../deadlines/index.js';
import { loadInScope } from '../access/index.js';
import { appealClocks } from './sanctions.clocks.js';
import { changedClocks, changedPeriod, changedSanction, noticeChange } from './sanctions.appeals.change.js';
import { openSanctionClocks } from './sanctions.decision.js';
import { dayOf } from './sanctions.dates.js';
import { carriedDays, outcomeCodeOf } from './sanctions.import.js';
import { fourFormsFor } from './sanctions.mapping.js';
import { severityOf } from './sanctions.rules.js';
import { sanctionOfRow } from './sanctions.import.js';
import { SANCTION_RESOURCE, addSanctionEvent, loadSanction, touchSanction } from './sanctions.service.js';
import { type SanctionAppealAction, appealNotRecused, sanctionAppealPolicy } from './sanctions.appeals.policy.js';
import type { SanctionAppealTable, SanctionRow } from './sanctions.tables.js';
import type { Selectable } from 'kysely';
import {} from '../../documents/sanction-appeal-templates.js';

/** The resource name of appeals (audit events, clocks). */
export const SANCTION_APPEAL_RESOURCE = 'sanction_appeal';

/** An appeal row as read. */
export type SanctionAppealRow = Selectable<SanctionAppealTable>;

/** The states of an appeal: lodged appeals are accepted at once; `received` and `refused` are kept for the table's other uses. */
export const SANCTION_APPEAL_STATUSES = ['received', 'accepted', 'decided', 'refused'] as const;
/** An appeal's state. */
export type SanctionAppealStatus = (typeof SANCTION_APPEAL_STATUSES)[number];

/** The party kinds (GZ 第五十九条) and the state kinds (JCF24 第五十六条). */
export const PARTY_APPEAL_KINDS: readonly SanctionAppealKind[] = ['complaint', 'reconsideration', 're_examination'];
/** The state kinds: 复审, then 复核. */
export const STATE_APPEAL_KINDS: readonly SanctionAppealKind[] = ['state_review', 'state_recheck'];

/** The least number of people on an appeal's team (a 复查组 studies collectively, GZ 第五十九条). */
export const APPEAL_MIN_MEMBERS = 2;

/** What an appeal is lodged with. */
export interface LodgeAppealInput {
  kind: SanctionAppealKind;
  applicant: string;
  grounds: string;
  /** The day the application was made (not after today). */
  appliedOn: string;
  /** 复审: the day the person received the sanction decision; 复核: the day they received the 复审 decision. */
  receivedDecisionOn?: string | null | undefined;
}

/** The team as proposed, with the check that cleared them. */
export interface AppealTeamInput {
  version: number;
  checkId: string;
  userIds: readonly string[];
}

/** The appeal's decision. */
export interface AppealDecisionInput {
  version: number;
  outcome: SanctionAppealOutcome;
  reason: string;
  decidedOn: string;
  decisionRef: string;
  /** `changed`: the new sanction's kind (same system as the original). */
  newKind?: string | null | undefined;
  /** `changed` to 留党察看: 1 or 2 years. */
  probationYears?: 1 | 2 | null | undefined;
}

/** Today in Shanghai, by the context's clock. */
export const today = (tx: Ctx) => toShanghaiDate(nowIso(tx));
/** A date in Chinese words (2026年11月20日). */
export const DATE_WORDS = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/**
 * The last day to apply: one month after `receivedOn` (TL21 第二百八十五条: the corresponding day,
 * or the month's last day; a last day on a holiday or weekend moves to the next working day).
 */
export function applicationDeadline(receivedOn: string): string {
  return createOfficialCalendar().addMonths(receivedOn, 1);
}

/** Loads appeal `id` for `action`: 404 out of scope or when recused from the sanction's case; CONFLICT when stale. */
export async function loadAppeal(
  tx: Ctx,
  id: string,
  action: SanctionAppealAction,
  opts: { version?: number; forUpdate?: boolean } = {},
): Promise<SanctionAppealRow> {
  const notRecused = appealNotRecused(tx, 'a');
  if (notRecused) {
    const seen = await tx.db
      .selectFrom('sanction_appeals as a')
      .select('a.id')
      .where('a.id', '=', id)
      .where((eb) => notRecused(eb))
      .executeTakeFirst();
    if (!seen) throw errors.notFound(SANCTION_APPEAL_RESOURCE);
  }
  return loadInScope<SanctionAppealAction, SanctionAppealRow>(tx, sanctionAppealPolicy, id, action, opts);
}

/** The unit an appeal goes to: the deciding unit, or for 复核 the next-higher commission (JCF24 第五十六条). */
export async function decidingUnit(tx: Ctx, s: SanctionRow, kind: SanctionAppealKind) {
  const unit = await tx.db
    .selectFrom('units')
    .select(['id', 'path', 'parent_id', 'kind', 'county_code'])
    .where('id', '=', s.owner_unit_id)
    .executeTakeFirstOrThrow();
  if (kind !== 'state_recheck') return unit;
  let parentId = unit.parent_id;
  for (let hops = 0; parentId && hops < 10; hops++) {
    const up = await tx.db
      .selectFrom('units')
      .select(['id', 'path', 'parent_id', 'kind', 'county_code'])
      .where('id', '=', parentId)
      .executeTakeFirst();
    if (!up) break;
    if (up.kind === 'commission') return up;
    parentId = up.parent_id;
  }
  return unit;
}

function outOfTime(
  what: string,
  receivedOn: string,
  deadline: string,
  appliedOn: string,
  kind: SanctionAppealKind,
): DomainError {
  return domainError(
    'SANCTION_APPEAL_OUT_OF_TIME',
    { kind, receivedDecisionOn: receivedOn, deadline, appliedOn },
    `收到${what}之日为${DATE_WORDS(receivedOn)}，申请${SANCTION_APPEAL_KIND_LABELS[kind]}的期限至${DATE_WORDS(deadline)}届满；` +
      `${DATE_WORDS(appliedOn)}提出申请，已超过期限，不予受理`,
  );
}

/** The decided 复审 a 复核 follows: on this sanction, or the one it changed into this one. */
async function decidedStateReview(tx: Ctx, s: SanctionRow): Promise<SanctionAppealRow | null> {
  const row = await tx.db
    .selectFrom('sanction_appeals')
    .selectAll()
    .where('kind', '=', 'state_review')
    .where('status', '=', 'decided')
    .where((eb) => eb.or([eb('sanction_id', '=', s.id), eb('new_sanction_id', '=', s.id)]))
    .orderBy('decided_on', 'desc')
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Lodges (and accepts) an appeal against decided sanction `sanctionId`: its kind must fit the
 * sanction (party kinds on a party sanction, 复审/复核 on a state one — SANCTION_APPEAL_KIND), no
 * other appeal on it may be pending (SANCTION_APPEAL_PENDING), a 复核 needs a decided 复审 and
 * each of them is made once (SANCTION_APPEAL_ORDER), a 复审 or 复核 out of time is refused with
 * the dates (SANCTION_APPEAL_OUT_OF_TIME). The deciding clock opens; the sanction's trail notes
 * it and nothing else on the sanction changes (appeals do not suspend). Needs `sanction.manage`
 * on the sanction (NOT_FOUND out of scope). Returns the appeal's id and its clock's due date.
 */
export async function lodgeAppeal(
  ctx: Ctx,
  sanctionId: string,
  input: LodgeAppealInput,
): Promise<{ id: string; dueOn: string | null }> {
  return inTransaction(ctx, async (tx) => {
    const s = await loadSanction(tx, sanctionId, 'manage', { forUpdate: true });
    if (s.status !== 'decided' || s.superseded_by)
      throw domainError(
        'SANCTION_APPEAL_STATE',
        { status: s.status },
        '只能对已经作出且仍然有效的处分决定提出申诉（复审、复核）',
      );
    const party = PARTY_APPEAL_KINDS.includes(input.kind);
    if ((party && s.system !== 'party') || (!party && s.system !== 'state'))
      throw domainError('SANCTION_APPEAL_KIND', { kind: input.kind, system: s.system });
    const applied = input.appliedOn;
    dayOf(applied, 'appliedOn');
    const now = today(tx);
    if (applied > now) throw errors.validation({ field: 'appliedOn' }, '申请日期不能晚于今天');
    if (s.decided_on && applied < s.decided_on)
      throw errors.validation({ field: 'appliedOn' }, '申请日期不能早于处分决定日期');
    const pending = await tx.db
      .selectFrom('sanction_appeals')
      .select(['id', 'kind'])
      .where('sanction_id', '=', s.id)
      .where('status', 'in', ['received', 'accepted'])
      .executeTakeFirst();
    if (pending)
      throw domainError('SANCTION_APPEAL_PENDING', {
        appealId: pending.id,
        kind: pending.kind,
      });
    const received: string | null = input.receivedDecisionOn ?? null;
    if (!party) {
      if (!received)
        throw errors.validation(
          { field: 'receivedDecisionOn' },
          input.kind === 'state_review' ? '请填写收到政务处分决定的日期' : '请填写收到复审决定的日期',
        );
      dayOf(received, 'receivedDecisionOn');
      if (received > applied)
        throw errors.validation({ field: 'receivedDecisionOn' }, '收到决定的日期不能晚于申请日期');
      const review = await decidedStateReview(tx, s);
      if (input.kind === 'state_review') {
        if (
          review ||
          (await tx.db
            .selectFrom('sanction_appeals')
            .select('id')
            .where('sanction_id', '=', s.id)
            .where('kind', '=', 'state_review')
            .executeTakeFirst())
        )
          throw domainError(
            'SANCTION_APPEAL_ORDER',
            { kind: input.kind },
            '该政务处分已经复审，对复审决定不服的，可以申请复核',
          );
        if (s.decided_on && received < s.decided_on)
          throw errors.validation({ field: 'receivedDecisionOn' }, '收到决定的日期不能早于处分决定日期');
        const deadline = applicationDeadline(received);
        if (applied > deadline) throw outOfTime('政务处分决定', received, deadline, applied, input.kind);
      } else {
        if (!review)
          throw domainError(
            'SANCTION_APPEAL_ORDER',
            { kind: input.kind },
            '对政务处分决定不服的，应当先申请复审；对复审决定不服的，才可以申请复核',
          );
        const done = await tx.db
          .selectFrom('sanction_appeals')
          .select('id')
          .where('kind', '=', 'state_recheck')
          .where((eb) => eb.or([eb('sanction_id', '=', s.id), eb('sanction_id', '=', review.sanction_id)]))
          .executeTakeFirst();
        if (done)
          throw domainError('SANCTION_APPEAL_ORDER', { kind: input.kind }, '该政务处分已经复核，不能再次申请复核');
        if (review.decided_on && received < review.decided_on)
          throw errors.validation({ field: 'receivedDecisionOn' }, '收到复审决定的日期不能早于复审决定日期');
        const deadline = applicationDeadline(received);
        if (applied > deadline) throw outOfTime('复审决定', received, deadline, applied, input.kind);
      }
    }
    const unit = await decidingUnit(tx, s, input.kind);
    const id = newId();
    const at = nowIso(tx);
    await tx.db
      .insertInto('sanction_appeals')
      .values({
        id,
        sanction_id: s.id,
        kind: input.kind,
        applicant: input.applicant,
        grounds: input.grounds,
        received_decision_on: received,
        applied_on: applied,
        status: 'accepted',
        outcome: null,
        outcome_reason: null,
        new_sanction_id: null,
        decided_on: null,
        decision_ref: null,
        owner_unit_id: unit.id,
        owner_unit_path: unit.path,
        region_path: s.reach_path,
        county_code: unit.county_code ?? s.county_code,
        version: 1,
        created_by: requireActor(tx).userId,
        created_at: at,
        updated_at: at,
      })
      .execute();
    // Accepted the day it is registered: the deciding clock runs from today (受理之日).
    let dueOn: string | null = null;
    for (const c of appealClocks({ kind: input.kind, acceptedOn: now })) {
      const clock = await openClock(tx, {
        resourceType: SANCTION_APPEAL_RESOURCE,
        resourceId: id,
        kind: c.kind,
        // Accepted now: the clock's start is this instant (its Shanghai date is `now`).
        startAt: at,
        owner: {
          owner_unit_id: unit.id,
          owner_unit_path: unit.path,
          region_path: s.reach_path,
          county_code: unit.county_code ?? s.county_code,
        },
      });
      dueOn = clock.dueOn;
    }
    await addSanctionEvent(
      tx,
      s.id,
      'appeal_received',
      `${SANCTION_APPEAL_KIND_LABELS[input.kind]}：${input.applicant}于${DATE_WORDS(applied)}提出（处分继续执行）`,
    );
    await recordAudit(tx, {
      action: 'sanction.appeal_lodged',
      resourceType: SANCTION_APPEAL_RESOURCE,
      resourceId: id,
      unitId: unit.id,
      changes: { kind: [null, input.kind], sanctionId: [null, s.id], appliedOn: [null, applied] },
    });
    return { id, dueOn };
  });
}

/** Bumps an appeal's version with `set`, version-checked (CONFLICT when stale). */
export async function touchAppeal(tx: Ctx, id: string, version: number, set: Record<string, unknown> = {}) {
  const res = await tx.db
    .updateTable('sanction_appeals')
    .set({ ...set, version: version + 1, updated_at: nowIso(tx) })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id });
  return version + 1;
}

/** The sanction's label in words (党纪处分：严重警告). */
export function sanctionWords(row: Pick<SanctionRow, 'system' | 'kind' | 'probation_years'>): string {
  if (row.system === 'party')
    return `${PARTY_SANCTION_LABELS[row.kind as keyof typeof PARTY_SANCTION_LABELS] ?? row.kind}${row.kind === 'probation' && row.probation_years ? `${row.probation_years}年` : ''}处分`;
  if (row.system === 'state')
    return `政务${STATE_SANCTION_LABELS[row.kind as keyof typeof STATE_SANCTION_LABELS] ?? row.kind}处分`;
  return row.kind;
}

/**
 * Decides an accepted appeal with its team formed (SANCTION_APPEAL_STATE otherwise):
 * upheld; changed (a new decided record superseding the original, its period recomputed from the
 * original decision's date, never heavier — SANCTION_HEAVIER_ON_APPEAL); or revoked (status
 * `revoked`, no period). A change or revocation is told to everyone told before. The deciding
 * clock is met. Needs `manage` on the appeal and the sanction.
 */
export async function decideAppeal(
  ctx: Ctx,
  id: string,
  input: AppealDecisionInput,
): Promise<{ version: number; newSanctionId: string | null; noticed: number }> {
  return inTransaction(ctx, async (tx) => {
    const appeal = await loadAppeal(tx, id, 'manage', { version: input.version, forUpdate: true });
    if (appeal.status !== 'accepted') throw domainError('SANCTION_APPEAL_STATE', { status: appeal.status });
    const members = await tx.db
      .selectFrom('sanction_appeal_members')
      .select('id')
      .where('appeal_id', '=', id)
      .where('removed_at', 'is', null)
      .execute();
    if (members.length < APPEAL_MIN_MEMBERS)
      throw domainError(
        'SANCTION_APPEAL_STATE',
        { status: appeal.status, team: members.length },
        '尚未组成复查（复审、复核）组，不能作出决定',
      );
    dayOf(input.decidedOn, 'decidedOn');
    if (input.decidedOn < appeal.applied_on)
      throw errors.validation({ field: 'decidedOn' }, '决定日期不能早于申请日期');
    if (input.decidedOn > today(tx)) throw errors.validation({ field: 'decidedOn' }, '决定日期不能晚于今天');
    const original = await loadSanction(tx, appeal.sanction_id, 'read', { forUpdate: true });
    if (original.status !== 'decided' || original.superseded_by)
      throw domainError('SANCTION_APPEAL_STATE', { status: original.status }, '原处分已经变更或者撤销');
    const kindWords = SANCTION_APPEAL_KIND_LABELS[appeal.kind as SanctionAppealKind];
    let newSanctionId: string | null = null;
    let noticed = 0;
    if (input.outcome === 'changed') {
      const after = changedSanction(original, input);
      const heavier = severityOf(after) > severityOf(sanctionOfRow(original));
      const from = heavier ? input.decidedOn : (original.decided_on ?? input.decidedOn);
      const period = await changedPeriod(tx, original, after, input.decidedOn, heavier);
      const code = outcomeCodeOf(after);
      const mapping = await fourFormsFor(tx, original.county_code);
      newSanctionId = newId();
      const at = nowIso(tx);
      const { id: _old, ...copy } = original;
      await tx.db
        .insertInto('sanctions')
        .values({
          ...copy,
          id: newSanctionId,
          kind: after.kind,
          outcome_code: code,
          probation_years: after.system === 'party' && after.kind === 'probation' ? after.probationYears : null,
          in_place_of_post_removal: 0,
          four_form: mapping[code],
          status: 'decided',
          summary: `${kindWords}变更：${input.reason}`,
          decision_ref: input.decisionRef,
          decided_on: from,
          decided_by: requireActor(tx).userId,
          effect_start: period?.startsOn ?? null,
          effect_end: period?.endsOn ?? null,
          effect_months: period ? period.months : null,
          stacked_days: period ? carriedDays(period) : 0,
          readmission_after: period?.nature === 'readmission_bar' ? period.liftsOn : null,
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
          supersedes_id: original.id,
          superseded_by: null,
          version: 1,
          created_by: requireActor(tx).userId,
          created_at: at,
          updated_at: at,
        })
        .execute();
      const created = await tx.db
        .selectFrom('sanctions')
        .selectAll()
        .where('id', '=', newSanctionId)
        .executeTakeFirstOrThrow();
      await openSanctionClocks(tx, created, changedClocks(after, input.decidedOn));
      await meetAllDeadlines(tx, SANCTION_RESOURCE, original.id);
      await touchSanction(tx, original.id, original.version, { status: 'revoked', superseded_by: newSanctionId });
      const words = `${kindWords}决定（${input.decisionRef}）：${sanctionWords(original)}变更为${sanctionWords({ system: original.system, kind: after.kind, probation_years: after.system === 'party' && after.kind === 'probation' ? after.probationYears : null })}`;
      await addSanctionEvent(tx, original.id, 'changed', words);
      await addSanctionEvent(
        tx,
        newSanctionId,
        'decided',
        heavier
          ? `${words}；期间自本决定之日${from}起计算，扣除原处分已经执行的时间，至${period?.endsOn ?? ''}`
          : `${words}；期间自原处分决定之日${from}起计算`,
      );
      noticed = await noticeChange(tx, original, newSanctionId, input.decidedOn, words);
    } else if (input.outcome === 'revoked') {
      await meetAllDeadlines(tx, SANCTION_RESOURCE, original.id);
      await touchSanction(tx, original.id, original.version, {
        status: 'revoked',
        effect_start: null,
        effect_end: null,
        effect_months: null,
        stacked_days: 0,
        readmission_after: null,
      });
      const words = `${kindWords}决定（${input.decisionRef}）：撤销${sanctionWords(original)}`;
      await addSanctionEvent(tx, original.id, 'revoked', words);
      noticed = await noticeChange(tx, original, original.id, input.decidedOn, words);
    }
    await addSanctionEvent(
      tx,
      original.id,
      'appeal_decided',
      `${kindWords}：${SANCTION_APPEAL_OUTCOME_LABELS[input.outcome]}。${input.reason}`,
    );
    const version = await touchAppeal(tx, id, input.version, {
      status: 'decided',
      outcome: input.outcome,
      outcome_reason: input.reason,
      new_sanction_id: newSanctionId,
      decided_on: input.decidedOn,
      decision_ref: input.decisionRef,
    });
    await meetAllDeadlines(tx, SANCTION_APPEAL_RESOURCE, id);
    await recordAudit(tx, {
      action: 'sanction.appeal_decided',
      resourceType: SANCTION_APPEAL_RESOURCE,
      resourceId: id,
      unitId: appeal.owner_unit_id,
      changes: {
        outcome: [null, input.outcome],
        sanctionStatus: [original.status, input.outcome === 'upheld' ? original.status : 'revoked'],
        newSanctionId: [null, newSanctionId],
        effectEnd: [original.effect_end, input.outcome === 'upheld' ? original.effect_end : null],
      },
    });
    return { version, newSanctionId, noticed };
  });
}
