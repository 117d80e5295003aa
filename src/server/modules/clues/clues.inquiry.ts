/**
 * 谈话函询 (GZ 第二十六条 to 第三十一条; domain rules §1.4, timers 2–5 of §9): a clue in state
 * `inquiry` goes through rounds. Each round is requested (报批请示 + 谈话方案 + 工作预案, the
 * officers checked for recusal) and approved through `clue.inquiry_request`; then either a talk
 * (in a venue with safety guarantees; optionally a written explanation due in 15 working days, or
 * a talk delegated to the target's principal leader within 15 working days of the delegation
 * letter) or a letter (the reply due 15 working days after receipt, with the principal leader's
 * signed opinion unless the target is that leader). The situation report that follows is in
 * `clues.inquiry-report.ts`. Every step: one transaction, signed on the trail, audited.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { CLUE_STATUS_LABELS, type INQUIRY_OUTCOMES } from '../../shared/clues.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { loadInScope } from '../access/index.js';
import { startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { deadlinesOf, openClock, restartClock } from '../deadlines/index.js';
import { conflictGate } from './clues.gates.js';
import { type ClueAction, cluePolicy } from './clues.policy.js';
import { addClueEvent, addClueMember, clueSubjectsOf } from './clues.service.js';
import { clueTargetLevel, requireClueStatus, setClueState } from './clues.state.js';
import type { ClueInquiryRow, ClueRow } from './clues.tables.js';

/** The clocks of an inquiry (timers 2–5 of §9), as the timer catalogue names them. */
export const INQUIRY_CLOCKS = {
  letterReply: 'letter_reply',
  writtenExplanation: 'written_explanation',
  delegatedTalk: 'delegated_talk',
  report: 'talk_letter_report',
} as const;

/** An inquiry outcome (GZ 第三十条). */
export type InquiryOutcome = (typeof INQUIRY_OUTCOMES)[number];

/** How a round is carried out. */
export type InquiryMode = 'talk' | 'letter';

/** An officer named on a round. */
export interface InquiryOfficer {
  userId: string;
  name: string;
}

/** The talk plan (谈话方案 with the 工作预案's safety measures). */
export interface TalkPlanInput {
  time: string;
  place: string;
  recorder: string;
  attendees?: string | null | undefined;
  points: string[];
  safety: string[];
  writtenExplanation: boolean;
}

/** The letter (函询函) as the request drafts it. */
export interface LetterPlanInput {
  matters: string[];
  /** 抄送: the target's party organisation. */
  copyTo: string;
  /** Who signs an opinion on the reply, e.g. "中共坡头乡委员会书记" (ignored when the target is that leader). */
  principalLeader?: string | null | undefined;
  contactPerson: string;
  contactPhone: string;
}

/** A request for a round of talk or letter. */
export interface InquiryRequestInput {
  /** The clue's version as read. */
  version: number;
  mode: InquiryMode;
  reason: string;
  officerIds: string[];
  /** The recorded conflict check whose warnings were confirmed (absent: a new check is run). */
  conflictCheckId?: string | null | undefined;
  /** The target is the principal leader of their party organisation (default: from the subjects' ranks). */
  targetIsPrincipal?: boolean | undefined;
  talk?: TalkPlanInput | undefined;
  letter?: LetterPlanInput | undefined;
}

/** What a round stores as its plan (JSON). */
export interface InquiryPlan {
  talk: TalkPlanInput | null;
  letter: LetterPlanInput | null;
  draftingUnitName: string | null;
  requestNumber: string | null;
  reportNumber?: string | null;
}

/** A round as the API shows it. */
export interface InquiryRoundView {
  id: string;
  round: number;
  mode: InquiryMode;
  status: string;
  reason: string;
  officers: InquiryOfficer[];
  plan: InquiryPlan;
  targetIsPrincipal: boolean;
  requestApprovalId: string | null;
  approvedAt: string | null;
  talkOn: string | null;
  talkVenue: string | null;
  talkRecordTaken: boolean | null;
  talkAttendees: string | null;
  delegate: string | null;
  delegationReceivedOn: string | null;
  explanationRequired: boolean;
  explanationOn: string | null;
  letterReceivedOn: string | null;
  replyOn: string | null;
  replyDirect: boolean | null;
  replyLeaderName: string | null;
  replyLeaderOpinion: string | null;
  reportSummary: string | null;
  reportOutcome: InquiryOutcome | null;
  reportApprovalId: string | null;
  outcome: InquiryOutcome | null;
  decidedAt: string | null;
  version: number;
  createdAt: string;
}

/** Rounds not yet ended: a new request waits until they are. */
const OPEN_STATUSES = ['requested', 'approved', 'reported'];

/** Ranks whose holder is the principal leader of their party organisation (GZ 第二十七条, 第二十九条). */
const PRINCIPAL_RANKS = new Set(['lower_principal', 'unit_principal']);

/** A row as the API shows it. */
export function presentRound(r: ClueInquiryRow): InquiryRoundView {
  const bool = (v: number | null) => (v === null ? null : Number(v) === 1);
  return {
    id: r.id,
    round: Number(r.round),
    mode: r.mode as InquiryMode,
    status: r.status,
    reason: r.reason,
    officers: JSON.parse(r.officers) as InquiryOfficer[],
    plan: JSON.parse(r.plan) as InquiryPlan,
    targetIsPrincipal: Number(r.target_is_principal) === 1,
    requestApprovalId: r.request_approval_id,
    approvedAt: r.approved_at,
    talkOn: r.talk_on,
    talkVenue: r.talk_venue,
    talkRecordTaken: bool(r.talk_record_taken),
    talkAttendees: r.talk_attendees,
    delegate: r.delegate,
    delegationReceivedOn: r.delegation_received_on,
    explanationRequired: Number(r.explanation_required) === 1,
    explanationOn: r.explanation_on,
    letterReceivedOn: r.letter_received_on,
    replyOn: r.reply_on,
    replyDirect: bool(r.reply_direct),
    replyLeaderName: r.reply_leader_name,
    replyLeaderOpinion: r.reply_leader_opinion,
    reportSummary: r.report_summary,
    reportOutcome: r.report_outcome as InquiryOutcome | null,
    reportApprovalId: r.report_approval_id,
    outcome: r.outcome as InquiryOutcome | null,
    decidedAt: r.decided_at,
    version: Number(r.version),
    createdAt: r.created_at,
  };
}

/** The UTC instant a Shanghai date stands for (09:00 that day): dated clocks count from its date. */
export function dateInstant(on: string): string {
  return new Date(Date.parse(`${on}T09:00:00+08:00`)).toISOString();
}

/** Refuses a date after today (Shanghai): VALIDATION_FAILED naming the field. */
export function notFuture(tx: Ctx, on: string, field: string): void {
  if (on > toShanghaiDate(nowIso(tx))) throw errors.validation({ field }, '日期不能晚于今天');
}

/** The scope columns a clock or approval copies from its clue. */
export function ownerOf(row: ClueRow) {
  return {
    owner_unit_id: row.owner_unit_id,
    owner_unit_path: row.owner_unit_path,
    region_path: row.region_path,
    county_code: row.county_code,
  };
}

/**
 * Starts a clue's clock of `kind` from `on`: the first of its kind is opened; a later round's
 * opens the next occurrence (repeatable timers) or starts the kind afresh (the others).
 */
export async function startInquiryClock(tx: Ctx, clue: ClueRow, kind: string, on: string): Promise<void> {
  const input = { resourceType: 'clue', resourceId: clue.id, kind, startAt: dateInstant(on), owner: ownerOf(clue) };
  const existing = (await deadlinesOf(tx, 'clue', clue.id)).filter((d) => d.kind === kind);
  if (existing.length === 0) await openClock(tx, input);
  else if (kind === INQUIRY_CLOCKS.letterReply || kind === INQUIRY_CLOCKS.report)
    await openClock(tx, { ...input, repeat: true });
  else await restartClock(tx, input);
}

/** The rounds of a clue, oldest first (no access check: callers loaded the clue). */
export async function roundsOf(tx: Ctx, clueId: string): Promise<ClueInquiryRow[]> {
  return tx.db.selectFrom('clue_inquiries').selectAll().where('clue_id', '=', clueId).orderBy('round').execute();
}

/**
 * The rounds of 谈话函询 on clue `id` (the team only: NOT_FOUND outside scope or recused,
 * NEED_TO_KNOW off the team), with whether the target is a principal leader by rank.
 */
export async function listInquiries(
  ctx: Ctx,
  clueId: string,
): Promise<{ items: InquiryRoundView[]; principalByRank: boolean }> {
  await loadInScope<ClueAction, ClueRow>(ctx, cluePolicy, clueId, 'detail');
  const [rows, subjects] = await Promise.all([roundsOf(ctx, clueId), clueSubjectsOf(ctx, clueId)]);
  return {
    items: rows.map(presentRound),
    principalByRank: subjects.some((s) => !!s.rank && PRINCIPAL_RANKS.has(s.rank)),
  };
}

/** The officers' names (CLUE_USER_INVALID for an unknown or disabled account). */
async function officersOf(tx: Ctx, ids: readonly string[]): Promise<InquiryOfficer[]> {
  const users = await tx.db
    .selectFrom('users')
    .select(['id', 'display_name', 'disabled'])
    .where('id', 'in', [...ids])
    .execute();
  return ids.map((id) => {
    const u = users.find((x) => x.id === id);
    if (!u || Number(u.disabled) === 1) throw domainError('CLUE_USER_INVALID', { userId: id });
    return { userId: id, name: u.display_name };
  });
}

/**
 * Runs and records the recusal check of the officers (its own transaction: the record stays
 * even when the request is refused) and refuses with INQUIRY_OFFICER_CONFLICT (the check id and
 * each person's reasons in words) unless everyone is clear. Warnings are confirmed through
 * `POST /api/conflict-checks/{id}/confirmations`, then the request is sent again with the check id.
 */
async function checkOfficers(ctx: Ctx, clue: ClueRow, officerIds: readonly string[]): Promise<string> {
  const subjects = await clueSubjectsOf(ctx, clue.id);
  const result = await inTransaction(ctx, (tx) =>
    conflictGate().check(tx, {
      resource: 'clue',
      resourceId: clue.id,
      userIds: officerIds,
      subjects: subjects.map((s) => ({
        subjectId: s.subjectId,
        name: s.name,
        regionCode: s.regionCode,
        employer: s.employer,
      })),
      role: 'talk_officer',
      countyCode: clue.county_code,
    }),
  );
  if (result.people.some((p) => p.outcome !== 'clear'))
    throw domainError('INQUIRY_OFFICER_CONFLICT', {
      checkId: result.checkId,
      people: result.people.map((p) => ({
        userId: p.userId,
        name: p.name,
        outcome: p.outcome,
        reasons: p.reasons.map((r) => r.text),
      })),
    });
  return result.checkId;
}

/**
 * Requests a round of 谈话函询 on a clue in state `inquiry` (GZ 第二十七条): the mode, the reason,
 * the officers (recusal: refused people never, warned ones only once confirmed), the talk plan or
 * the letter; starts `clue.inquiry_request` at the subjects' target level (the next-lower
 * principal leader's case goes to the principal leader). The officers join the clue's team.
 * Throws NOT_FOUND, NEED_TO_KNOW, CONFLICT, CLUE_TRANSITION, INQUIRY_ROUND_OPEN,
 * INQUIRY_OFFICER_CONFLICT, CONFLICT_REFUSED / CONFLICT_UNCONFIRMED / CONFLICT_CHECK_MISMATCH,
 * CLUE_USER_INVALID, VALIDATION_FAILED (the plan does not match the mode), NO_APPROVER.
 */
export async function requestInquiry(
  ctx: Ctx,
  clueId: string,
  input: InquiryRequestInput,
): Promise<{ id: string; approvalId: string; number: string }> {
  if (input.mode === 'talk' ? !input.talk : !input.letter)
    throw errors.validation({ field: input.mode }, input.mode === 'talk' ? '请填写谈话方案' : '请填写函询函内容');
  if (new Set(input.officerIds).size !== input.officerIds.length)
    throw errors.validation({ field: 'officerIds' }, '谈话人员不能重复');
  let checkId = input.conflictCheckId ?? null;
  if (!checkId) {
    const clue = await loadInScope<ClueAction, ClueRow>(ctx, cluePolicy, clueId, 'manage', { version: input.version });
    await requireClueStatus(ctx, clueId, ['inquiry'], 'inquiry_request');
    await officersOf(ctx, input.officerIds);
    checkId = await checkOfficers(ctx, clue, input.officerIds);
  }
  const conflictCheckId = checkId;
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const clue = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'manage', {
      version: input.version,
      forUpdate: true,
    });
    await requireClueStatus(tx, clueId, ['inquiry'], 'inquiry_request');
    const rounds = await roundsOf(tx, clueId);
    if (rounds.some((r) => OPEN_STATUSES.includes(r.status)))
      throw domainError('INQUIRY_ROUND_OPEN', { status: CLUE_STATUS_LABELS.inquiry });
    const officers = await officersOf(tx, input.officerIds);
    for (const o of officers)
      await conflictGate().requireAssignable(tx, conflictCheckId, {
        resource: 'clue',
        resourceId: clueId,
        userId: o.userId,
        role: 'talk_officer',
      });
    const subjects = await clueSubjectsOf(tx, clueId);
    const principal = input.targetIsPrincipal ?? subjects.some((s) => !!s.rank && PRINCIPAL_RANKS.has(s.rank));
    const unit = actor.unitId
      ? await tx.db.selectFrom('units').select('name').where('id', '=', actor.unitId).executeTakeFirst()
      : undefined;
    const plan: InquiryPlan = {
      talk: input.mode === 'talk' ? (input.talk ?? null) : null,
      letter: input.mode === 'letter' ? (input.letter ?? null) : null,
      draftingUnitName: unit?.name ?? null,
      requestNumber: null,
    };
    const round = rounds.length + 1;
    const id = newId();
    const now = nowIso(tx);
    const modeWord = input.mode === 'talk' ? '谈话' : '函询';
    const name = subjects[0]?.name ?? clue.subject_name;
    const approval = await startApproval(tx, {
      action: 'clue.inquiry_request',
      targetLevel: clueTargetLevel(subjects.map((s) => s.rank)),
      resourceType: 'clue',
      resourceId: clueId,
      title: `关于对${name}同志进行${modeWord}的请示`,
      content: {
        summary: `线索${clue.number}：拟对${name}同志进行${modeWord}（第${round}次）。理由：${input.reason}。谈话（函询）人员：${officers.map((o) => o.name).join('、')}。`,
        clueNumber: clue.number,
        round,
        mode: input.mode,
        reason: input.reason,
        officers: officers.map((o) => o.name),
        plan: input.mode === 'talk' ? plan.talk : plan.letter,
      },
      draftingUnitId: actor.unitId ?? clue.owner_unit_id,
      ownerUnitId: clue.owner_unit_id,
      ownerUnitPath: clue.owner_unit_path,
      regionPath: clue.region_path,
      countyCode: clue.county_code,
    });
    plan.requestNumber = approval.number;
    await tx.db
      .insertInto('clue_inquiries')
      .values({
        id,
        clue_id: clueId,
        round,
        mode: input.mode,
        status: 'requested',
        reason: input.reason,
        officers: JSON.stringify(officers),
        conflict_check_id: conflictCheckId,
        plan: JSON.stringify(plan),
        target_is_principal: principal ? 1 : 0,
        request_approval_id: approval.id,
        explanation_required: input.mode === 'talk' && input.talk?.writtenExplanation ? 1 : 0,
        version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await setClueState(tx, clueId, clue.version, { status: 'inquiry' });
    for (const o of officers) await addClueMember(tx, clueId, o.userId, 'handler');
    await addClueEvent(tx, clueId, 'inquiry_request', {
      note: `第${round}次${modeWord}，${approval.number}；人员：${officers.map((o) => o.name).join('、')}`,
    });
    await recordAudit(tx, {
      action: 'clue.inquiry_request',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: clue.owner_unit_id,
      changes: {
        round: [null, round],
        mode: [null, input.mode],
        officers: [null, officers.map((o) => o.userId)],
        approval: [null, approval.id],
      },
    });
    return { id, approvalId: approval.id, number: approval.number };
  });
}

/**
 * Loads a round of clue `clueId` for a step (the clue through the policy with `manage`, locked;
 * the round by id with its version): NOT_FOUND, NEED_TO_KNOW, CONFLICT; CLUE_TRANSITION when the
 * clue is no longer in `inquiry` (a reply recorded after the clue was concluded).
 */
export async function loadRound(
  tx: Ctx,
  clueId: string,
  roundId: string,
  version: number,
  action: string,
): Promise<{ clue: ClueRow; round: ClueInquiryRow }> {
  const clue = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'manage', { forUpdate: true });
  await requireClueStatus(tx, clueId, ['inquiry'], action);
  const round = await tx.db
    .selectFrom('clue_inquiries')
    .selectAll()
    .where('id', '=', roundId)
    .where('clue_id', '=', clueId)
    .executeTakeFirst();
  if (!round) throw errors.notFound('clue_inquiry');
  if (Number(round.version) !== version) throw errors.conflict({ currentVersion: Number(round.version) });
  return { clue, round };
}

/** Refuses a step the round's mode or stage does not allow (INQUIRY_NOT_APPROVED, INQUIRY_STEP). */
export function requireStage(round: ClueInquiryRow, mode: InquiryMode, step: string, ok: boolean): void {
  if (round.status === 'requested' || round.status === 'rejected' || round.status === 'withdrawn')
    throw domainError('INQUIRY_NOT_APPROVED', { status: round.status, step });
  if (round.mode !== mode || round.status !== 'approved' || !ok)
    throw domainError('INQUIRY_STEP', { status: round.status, mode: round.mode, step });
}

/** Writes a step's fields on the round with the next version, signs the trail and audits it. */
export async function saveStep(
  tx: Ctx,
  clue: ClueRow,
  round: ClueInquiryRow,
  set: Partial<ClueInquiryRow>,
  event: { action: string; note: string },
): Promise<InquiryRoundView> {
  await tx.db
    .updateTable('clue_inquiries')
    .set({ ...set, version: Number(round.version) + 1, updated_at: nowIso(tx) })
    .where('id', '=', round.id)
    .execute();
  await addClueEvent(tx, clue.id, event.action, { note: event.note });
  const changes: Record<string, [unknown, unknown]> = { round: [null, Number(round.round)] };
  for (const [k, v] of Object.entries(set)) changes[k] = [round[k as keyof ClueInquiryRow] ?? null, v];
  await recordAudit(tx, {
    action: `clue.${event.action}`,
    resourceType: 'clue',
    resourceId: clue.id,
    unitId: clue.owner_unit_id,
    changes,
  });
  const row = await tx.db.selectFrom('clue_inquiries').selectAll().where('id', '=', round.id).executeTakeFirstOrThrow();
  return presentRound(row);
}
