/**
 * Investigative actions (审查调查措施, GZ 第四十条 to 第四十二条, 第四十八条, 第四十九条, 第六十九条;
 * JCF24 第四十四条): one record per action with its kind, time, place, the officers present (at
 * least two current team members), the notice and credentials shown and, for talks (笔录), the
 * room, its monitoring, the audio and video recording with its file reference and the safety
 * checklist. The engine refuses what the rules forbid, in words: fewer than two officers, an
 * important talk in a room without monitoring, a talk, interrogation or search without recording.
 */
import {
  CASE_ACTION_KIND_LABELS,
  CASE_EVIDENCE_EVENT_LABELS,
  CASE_MIN_OFFICERS,
  CASE_RECORDED_KINDS,
  CASE_TALK_KINDS,
  CASE_WORKING_STATES,
  type CaseActionKind,
} from '../../shared/cases.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { loadCase } from './cases.read.js';
import { requireZoneAuthorised } from './cases.zone.js';
import { addCaseEvent, caseMembersOf } from './cases.service.js';
import { requireCaseStatus } from './cases.state.js';
import type { CaseActionTable } from './cases.evidence.tables.js';

/** An investigative action as recorded. */
export interface CaseActionInput {
  kind: CaseActionKind;
  startedAt: string;
  endedAt?: string | null | undefined;
  place: string;
  personName?: string | null | undefined;
  personRole?: string | null | undefined;
  /** The officers present: current team members, at least two. */
  officerIds: readonly string[];
  /** The written notice issued and the credentials shown, in words. */
  notice: string;
  credentialsShown: boolean;
  /** Talks: the room and whether it has monitoring equipment. */
  room?: string | null | undefined;
  roomMonitored?: boolean | null | undefined;
  /** An important talk besides 审查调查谈话 and 讯问 (always important). */
  important?: boolean | undefined;
  audioVideo?: boolean | undefined;
  recordingRef?: string | null | undefined;
  safetyChecked?: boolean | undefined;
  summary?: string | null | undefined;
}

/** An officer named on a record. */
export interface Officer {
  userId: string;
  name: string;
}

/** An action as read. */
export interface CaseActionView {
  id: string;
  seq: number;
  kind: CaseActionKind;
  kindLabel: string;
  startedAt: string;
  endedAt: string | null;
  place: string;
  personName: string | null;
  personRole: string | null;
  officers: Officer[];
  notice: string;
  credentialsShown: boolean;
  room: string | null;
  roomMonitored: boolean | null;
  important: boolean;
  audioVideo: boolean;
  recordingRef: string | null;
  safetyChecked: boolean;
  summary: string | null;
  createdAt: string;
}

function unsafe(reason: string, message: string): never {
  throw domainError('CASE_TALK_UNSAFE', { reason }, message);
}

/**
 * The officers of an action or the collectors of an item, as current (or, with `former`, past)
 * members of the team (not the filing drafter's row). Throws `code` naming who is not.
 */
export async function teamOfficers(
  tx: Ctx,
  caseId: string,
  userIds: readonly string[],
  opts: { former?: boolean; code?: 'CASE_OFFICER_NOT_ON_TEAM' | 'CASE_EVIDENCE_COLLECTORS' } = {},
): Promise<Officer[]> {
  const members = (await caseMembersOf(tx, caseId, { all: opts.former === true })).filter((m) => m.role !== 'drafter');
  const outside = userIds.filter((id) => !members.some((m) => m.userId === id));
  if (outside.length > 0) {
    const names = await tx.db.selectFrom('users').select('display_name').where('id', 'in', outside).execute();
    const who = names.map((n) => n.display_name).join('、') || '所列人员';
    throw domainError(
      opts.code ?? 'CASE_OFFICER_NOT_ON_TEAM',
      { userIds: outside },
      opts.code === 'CASE_EVIDENCE_COLLECTORS'
        ? `${who}不是（也不曾是）本案审查调查组成员，不能作为证据收集人`
        : `${who}不是本案审查调查组的现任成员，不能参加审查调查措施`,
    );
  }
  return userIds.map((id) => ({ userId: id, name: members.find((m) => m.userId === id)!.name }));
}

/** Checks a talk's room, monitoring, recording and safety checklist (CASE_TALK_UNSAFE with `reason`). */
function checkConduct(input: CaseActionInput): { important: boolean } {
  const label = CASE_ACTION_KIND_LABELS[input.kind];
  const talk = CASE_TALK_KINDS.includes(input.kind);
  const important = input.kind === 'talk' || input.kind === 'interrogation' || (talk && input.important === true);
  if (talk) {
    if (!input.room?.trim()) unsafe('room_missing', `${label}应当写明谈话场所（谈话室）`);
    // GZ 第四十九条: no important talk in a room without monitoring equipment.
    if (important && input.roomMonitored !== true)
      unsafe('unmonitored', `${input.room}没有监控设备，不得在此进行${input.kind === 'talk' ? '审查调查谈话' : label}`);
    // GZ 第六十九条: risk assessment, medical support, safety arrangements and an emergency plan first.
    if (input.safetyChecked !== true)
      unsafe('safety_unconfirmed', `${label}前应当确认安全检查清单（风险评估、医疗保障、安全措施、应急预案）`);
  }
  // GZ 第四十八条; JCF24 第二十条, 第二十七条: full-process recording, and where it is kept.
  if (
    (CASE_RECORDED_KINDS.includes(input.kind) || important) &&
    (input.audioVideo !== true || !input.recordingRef?.trim())
  )
    unsafe('recording_missing', `${label}应当全程同步录音录像，并写明录音录像文件的编号`);
  return { important };
}

/**
 * Records an investigative action on a case (team or supervisors with `manage`; a working state).
 * Throws CASE_OFFICERS_TOO_FEW, CASE_OFFICER_NOT_ON_TEAM, CASE_TALK_UNSAFE, VALIDATION_FAILED
 * (credentials not shown, an end before the start), NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION.
 * One transaction, audited (`case.action`), a trail step.
 */
export async function recordCaseAction(
  ctx: Ctx,
  caseId: string,
  input: CaseActionInput,
): Promise<{ id: string; seq: number }> {
  const ids = [...new Set(input.officerIds)];
  // GZ 第四十二条, JCF24 第四十四条: at least two people take part in every action.
  if (ids.length < CASE_MIN_OFFICERS)
    throw domainError(
      'CASE_OFFICERS_TOO_FEW',
      { count: ids.length },
      `${CASE_ACTION_KIND_LABELS[input.kind]}应当由${CASE_MIN_OFFICERS}名以上审查调查人员进行，本次只列了${ids.length}名`,
    );
  if (!input.credentialsShown)
    throw errors.validation({ field: 'credentialsShown' }, '采取审查调查措施应当出示证件，出具书面通知');
  if (input.endedAt && input.endedAt < input.startedAt)
    throw errors.validation({ field: 'endedAt' }, '结束时间不能早于开始时间');
  const { important } = checkConduct(input);
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage');
    await requireCaseStatus(tx, caseId, CASE_WORKING_STATES, 'action');
    // 一案一授权: a zone case is worked only once its commander has authorised it and its team.
    await requireZoneAuthorised(tx, caseId);
    const officers = await teamOfficers(tx, caseId, ids);
    const last = await tx.db
      .selectFrom('case_actions')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    const id = newId();
    const talk = CASE_TALK_KINDS.includes(input.kind);
    await tx.db
      .insertInto('case_actions')
      .values({
        id,
        case_id: caseId,
        seq,
        kind: input.kind,
        started_at: input.startedAt,
        ended_at: input.endedAt ?? null,
        place: input.place.trim(),
        person_name: input.personName?.trim() || null,
        person_role: input.personRole?.trim() || null,
        officers: JSON.stringify(officers),
        notice: input.notice.trim(),
        credentials_shown: 1,
        room: talk ? input.room!.trim() : null,
        room_monitored: talk ? (input.roomMonitored ? 1 : 0) : null,
        important: important ? 1 : 0,
        audio_video: input.audioVideo ? 1 : 0,
        recording_ref: input.recordingRef?.trim() || null,
        safety_checked: input.safetyChecked ? 1 : 0,
        summary: input.summary?.trim() || null,
        created_by: actor.userId,
        created_at: nowIso(tx),
      })
      .execute();
    await addCaseEvent(tx, caseId, 'action_recorded', {
      label: CASE_EVIDENCE_EVENT_LABELS.action_recorded,
      note: `${CASE_ACTION_KIND_LABELS[input.kind]}（${officers.map((o) => o.name).join('、')}；${input.place.trim()}）`,
    });
    await recordAudit(tx, {
      action: 'case.action',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { action: [null, id], kind: [null, input.kind], officers: [null, ids] },
    });
    return { id, seq };
  });
}

/** An action row as read. */
export function actionView(r: CaseActionTable): CaseActionView {
  return {
    id: r.id,
    seq: Number(r.seq),
    kind: r.kind as CaseActionKind,
    kindLabel: CASE_ACTION_KIND_LABELS[r.kind as CaseActionKind] ?? r.kind,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    place: r.place,
    personName: r.person_name,
    personRole: r.person_role,
    officers: JSON.parse(r.officers) as Officer[],
    notice: r.notice,
    credentialsShown: Number(r.credentials_shown) === 1,
    room: r.room,
    roomMonitored: r.room_monitored === null ? null : Number(r.room_monitored) === 1,
    important: Number(r.important) === 1,
    audioVideo: Number(r.audio_video) === 1,
    recordingRef: r.recording_ref,
    safetyChecked: Number(r.safety_checked) === 1,
    summary: r.summary,
    createdAt: r.created_at,
  };
}

/** The actions of a case, in order (team or supervisors: NOT_FOUND, NEED_TO_KNOW), audited (`case.actions_read`). */
export async function listCaseActions(ctx: Ctx, caseId: string): Promise<CaseActionView[]> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail');
    const rows = await tx.db
      .selectFrom('case_actions')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    await recordAudit(tx, {
      action: 'case.actions_read',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
    });
    return rows.map(actionView);
  });
}
