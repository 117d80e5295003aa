/**
 * Clues (问题线索): registration (from intake, by hand by 案管, 备案 by a department), the trail
 * every handler signs, the need-to-know team, 案管's corrections and the GZ 第二十二条 report to
 * the higher organ. Only this module writes the clue tables: other modules call these functions.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import {
  type ClueEventAction,
  type ClueMemberRole,
  type ClueSource,
  CLUE_EVENT_LABELS,
  CLUE_MEMBER_ROLE_LABELS,
} from '../../shared/clues.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor, scopeFor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { inScope } from '../../shared/scope.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { openClock } from '../deadlines/index.js';
import { commissionOf, issueNumber } from '../numbering/index.js';
import { type ClueAction, cluePolicy } from './clues.policy.js';
import type { Updateable } from 'kysely';
import type { ClueRow, ClueTable } from './clues.tables.js';
import { requireClueOpen } from './clues.state.js';

export { clueMembersOf, clueNumberOf, clueSubjectsOf } from './clues.lookups.js';

/** The kind of clock the clue's disposal opinion runs on (timer 1, GZ 第二十一条). */
export const DISPOSAL_CLOCK = 'clue_disposal';

/** A person a clue concerns, as registration and corrections take it. */
export interface ClueSubjectInput {
  subjectId?: string | null | undefined;
  name: string;
  position?: string | null | undefined;
  employer?: string | null | undefined;
  authority?: string | null | undefined;
  regionCode?: string | null | undefined;
  /** GZ 第二十二条 rank (`CLUE_SUBJECT_RANKS`): any rank flags the clue for the higher organ. */
  rank?: string | null | undefined;
}

/** What a clue registered from a report records (intake's "register as clue"). */
export interface NewClue {
  /** The report it was registered from, or null for a clue from another source. */
  reportId: string | null;
  subjectName: string;
  subjectId: string | null;
  summary: string;
  /** The owning unit and the scope columns the clue carries (copied from its origin). */
  ownerUnitId: string;
  ownerUnitPath: string;
  regionPath: string;
  countyCode: string | null;
  /** The report's number (the source reference shown on the ledger). */
  sourceRef?: string | null | undefined;
  /** The report's categories, region code and amount. */
  categories?: readonly string[] | undefined;
  regionCode?: string | null | undefined;
  amountFen?: number | null | undefined;
  /** The subjects in full (default: one, from subjectName / subjectId). */
  subjects?: readonly ClueSubjectInput[] | undefined;
  /** Where it came from when not a report (default `manual`): an inspection hands its finding over as `inspection`. */
  sourceKind?: Exclude<ClueSource, 'report'> | undefined;
}

/** The names of a clue's subjects as the ledger stores and searches them. */
function joinedNames(subjects: readonly ClueSubjectInput[]): string {
  return subjects.map((s) => s.name.trim()).join('、');
}

/** Whether any subject has a GZ 第二十二条 rank. */
function reportable(subjects: readonly ClueSubjectInput[]): boolean {
  return subjects.some((s) => !!s.rank);
}

/** Writes the subject rows of a clue (replacing none: callers delete first on a correction). */
async function insertSubjects(tx: Ctx, clueId: string, subjects: readonly ClueSubjectInput[]): Promise<void> {
  if (subjects.length === 0) return;
  await tx.db
    .insertInto('clue_subjects')
    .values(
      subjects.map((s, i) => ({
        id: newId(),
        clue_id: clueId,
        seq: i + 1,
        subject_id: s.subjectId ?? null,
        name: s.name.trim(),
        position: s.position ?? null,
        employer: s.employer ?? null,
        authority: s.authority ?? null,
        region_code: s.regionCode ?? null,
        rank: s.rank ?? null,
      })),
    )
    .execute();
}

/**
 * Signs one step of a clue's trail (GZ 第二十三条: every person who handles a clue signs): the
 * actor (and their name at the time), the action code with its Chinese words, now, and a note.
 * Later stages (assignment, disposals) call it with their own action codes and words.
 */
export async function addClueEvent(
  tx: Ctx,
  clueId: string,
  action: string,
  opts: { label?: string; note?: string | null; meetingId?: string | null } = {},
): Promise<void> {
  const label = opts.label ?? CLUE_EVENT_LABELS[action as ClueEventAction] ?? action;
  await tx.db
    .insertInto('clue_events')
    .values({
      id: newId(),
      clue_id: clueId,
      at: nowIso(tx),
      actor_user_id: tx.actor?.userId ?? null,
      actor_name: tx.actor?.displayName ?? '系统',
      action,
      label,
      note: opts.note ?? null,
      meeting_id: opts.meetingId ?? null,
    })
    .execute();
}

/**
 * Puts a person on a clue's team in `role` (need-to-know: from then on they see the whole clue),
 * signed in the trail. A role held already is kept as it is. CLUE_USER_INVALID when the account
 * does not exist or is disabled. Recusal is the caller's check (the assignment wave).
 */
export async function addClueMember(tx: Ctx, clueId: string, userId: string, role: ClueMemberRole): Promise<void> {
  const user = await tx.db
    .selectFrom('users')
    .select(['id', 'display_name', 'disabled'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || Number(user.disabled) === 1) throw domainError('CLUE_USER_INVALID', { userId });
  const held = await tx.db
    .selectFrom('clue_members')
    .select(['removed_at'])
    .where('clue_id', '=', clueId)
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .executeTakeFirst();
  if (held && held.removed_at === null) return;
  const now = nowIso(tx);
  if (held)
    await tx.db
      .updateTable('clue_members')
      .set({ removed_at: null, added_at: now, added_by: tx.actor?.userId ?? null })
      .where('clue_id', '=', clueId)
      .where('user_id', '=', userId)
      .where('role', '=', role)
      .execute();
  else
    await tx.db
      .insertInto('clue_members')
      .values({
        clue_id: clueId,
        user_id: userId,
        role,
        added_at: now,
        added_by: tx.actor?.userId ?? null,
        removed_at: null,
      })
      .execute();
  // The trail is read by people: the role in words, not its code.
  if (role !== 'registrar')
    await addClueEvent(tx, clueId, 'member_added', {
      note: `${user.display_name}（${CLUE_MEMBER_ROLE_LABELS[role]}）`,
    });
}

/** Ends a person's `role` on a clue (kept in the record, signed in the trail). */
export async function removeClueMember(tx: Ctx, clueId: string, userId: string, role: ClueMemberRole): Promise<void> {
  const res = await tx.db
    .updateTable('clue_members')
    .set({ removed_at: nowIso(tx) })
    .where('clue_id', '=', clueId)
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) > 0)
    await addClueEvent(tx, clueId, 'member_removed', { note: CLUE_MEMBER_ROLE_LABELS[role] });
}

/** The row fields of a new clue besides its id, number and times. */
interface ClueFields {
  reportId: string | null;
  summary: string;
  owner: { id: string; path: string; regionPath: string; countyCode: string | null };
  regionPath: string;
  regionCode: string | null;
  sourceKind: ClueSource;
  sourceRef: string | null;
  receivedAt: string;
  categories: readonly string[];
  amountFen: number | null;
  keeperId: string | null;
  filedByUnitId: string | null;
  subjects: readonly ClueSubjectInput[];
}

/**
 * Numbers and writes a clue with its subjects, trail, team and timer 1, in the caller's
 * transaction. The clock runs from the received date (Shanghai), under the county's rule.
 */
async function insertClue(tx: Ctx, f: ClueFields, event: ClueEventAction): Promise<{ id: string; number: string }> {
  const now = nowIso(tx);
  const id = newId();
  const number = await issueNumber(tx, f.owner.id, 'clue', now);
  const first = f.subjects[0];
  await tx.db
    .insertInto('clues')
    .values({
      id,
      number,
      report_id: f.reportId,
      status: 'registered',
      subject_name: joinedNames(f.subjects),
      subject_id: first?.subjectId ?? null,
      summary: f.summary,
      owner_unit_id: f.owner.id,
      owner_unit_path: f.owner.path,
      region_path: f.regionPath,
      county_code: f.owner.countyCode,
      source_kind: f.sourceKind,
      source_ref: f.sourceRef,
      received_at: f.receivedAt,
      received_on: toShanghaiDate(f.receivedAt),
      disposal: null,
      keeper_id: f.keeperId,
      handling_unit_id: null,
      zone_id: null,
      region_code: f.regionCode,
      amount_fen: f.amountFen,
      categories: JSON.stringify(f.categories),
      version: 1,
      filed_by_unit_id: f.filedByUnitId,
      higher_report_required: reportable(f.subjects) ? 1 : 0,
      higher_reported_on: null,
      higher_report_ref: null,
      higher_reported_by: null,
      higher_reported_by_name: null,
      created_by: tx.actor?.userId ?? null,
      updated_by: tx.actor?.userId ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await insertSubjects(tx, id, f.subjects);
  await addClueEvent(tx, id, event, { note: f.sourceRef });
  if (tx.actor) await addClueMember(tx, id, tx.actor.userId, 'registrar');
  if (f.keeperId) await addClueMember(tx, id, f.keeperId, 'keeper');
  await openClock(tx, {
    resourceType: 'clue',
    resourceId: id,
    kind: DISPOSAL_CLOCK,
    startAt: f.receivedAt,
    owner: {
      owner_unit_id: f.owner.id,
      owner_unit_path: f.owner.path,
      region_path: f.regionPath,
      county_code: f.owner.countyCode,
    },
  });
  await recordAudit(tx, {
    action: event === 'file_record' ? 'clue.file_record' : 'clue.register',
    resourceType: 'clue',
    resourceId: id,
    unitId: f.owner.id,
    changes: { number: [null, number], source_kind: [null, f.sourceKind] },
  });
  return { id, number };
}

/**
 * Registers a clue from an accepted report inside the caller's transaction (intake's "register
 * as clue"): numbers it in the owning commission's clue series (渑纪线〔2026〕0001号), records
 * its subjects, categories and source, opens timer 1 and signs the trail. Returns id and number.
 */
export async function registerClue(tx: Ctx, input: NewClue): Promise<{ id: string; number: string }> {
  const subjects = input.subjects ?? [{ subjectId: input.subjectId, name: input.subjectName }];
  return insertClue(
    tx,
    {
      reportId: input.reportId,
      summary: input.summary,
      owner: { id: input.ownerUnitId, path: input.ownerUnitPath, regionPath: '', countyCode: input.countyCode },
      regionPath: input.regionPath,
      regionCode: input.regionCode ?? null,
      sourceKind: input.reportId ? 'report' : (input.sourceKind ?? 'manual'),
      sourceRef: input.sourceRef ?? null,
      receivedAt: nowIso(tx),
      categories: input.categories ?? [],
      amountFen: input.amountFen ?? null,
      keeperId: null,
      filedByUnitId: null,
      subjects,
    },
    'register',
  );
}

/** A clue registered by hand (by 案管 from another source) or filed by a department (备案). */
export interface ClueInput {
  sourceKind: ClueSource;
  sourceRef?: string | null | undefined;
  /** The Shanghai date the clue was received (default: today). */
  receivedOn?: string | undefined;
  summary: string;
  categories: readonly string[];
  /** Where the matter lies (a village, township or the county). */
  regionCode: string;
  amountFen?: number | null | undefined;
  keeperId?: string | null | undefined;
  subjects: readonly ClueSubjectInput[];
}

/**
 * The registering commission of the actor (their unit's commission). The clue it would make
 * (that commission, the matter's region) must lie in the permission's scope: 案管 and a township
 * registers in their subtree, a zone's investigator files clues about the zone's townships.
 */
async function registeringCommission(tx: Ctx, permission: 'clue.register' | 'clue.manage', regionCode: string) {
  const actor = requireActor(tx);
  if (!actor.unitId) throw errors.forbidden(permission);
  const commission = await commissionOf(tx, actor.unitId);
  const regionPath = await regionPathIn(tx, regionCode, commission.region_path);
  const row = { owner_unit_id: commission.id, owner_unit_path: commission.path, region_path: regionPath };
  if (!inScope(scopeFor(tx, permission), row)) throw errors.forbidden(permission);
  return { commission, regionPath };
}

/** The region path of `code`, which must lie in the commission's region (CLUE_REGION_OUTSIDE). */
async function regionPathIn(tx: Ctx, code: string, commissionRegionPath: string): Promise<string> {
  const region = await tx.db.selectFrom('regions').select(['path']).where('code', '=', code).executeTakeFirst();
  if (!region) throw domainError('INVALID_REGION_CODE', { regionCode: code });
  if (!region.path.startsWith(commissionRegionPath)) throw domainError('CLUE_REGION_OUTSIDE', { regionCode: code });
  return region.path;
}

/** The UTC instant a received date stands for: that Shanghai day at 09:00, or now when it is today. */
function receivedInstant(tx: Ctx, on: string | undefined): string {
  const now = nowIso(tx);
  if (!on || on === toShanghaiDate(now)) return now;
  if (on > toShanghaiDate(now)) throw errors.validation({ field: 'receivedOn' }, '收到日期不能晚于今天');
  return new Date(Date.parse(`${on}T09:00:00+08:00`)).toISOString();
}

/**
 * Registers a clue by hand (案管, GZ 第二十条: clues from inspections, audits, 巡察, data alerts, a
 * higher organ) or, with `filing`, a department's own clue filed with 案管 (备案, source
 * `self_found`). Numbered in the actor's commission's series, timer 1 opened, the GZ 第二十二条
 * flag set from the subjects' ranks, one transaction. Throws CLUE_SOURCE_INVALID (source
 * `report`, or a filing of another source), CLUE_REGION_OUTSIDE, INVALID_REGION_CODE,
 * CLUE_USER_INVALID (keeper), FORBIDDEN (the actor's commission outside their scope).
 */
export async function registerClueByHand(
  ctx: Ctx,
  input: ClueInput,
  filing = false,
): Promise<{ id: string; number: string }> {
  if (input.sourceKind === 'report' || (filing && input.sourceKind !== 'self_found'))
    throw domainError('CLUE_SOURCE_INVALID', { sourceKind: input.sourceKind });
  return inTransaction(ctx, async (tx) => {
    const { commission, regionPath } = await registeringCommission(
      tx,
      filing ? 'clue.manage' : 'clue.register',
      input.regionCode,
    );
    return insertClue(
      tx,
      {
        reportId: null,
        summary: input.summary,
        owner: {
          id: commission.id,
          path: commission.path,
          regionPath: commission.region_path,
          countyCode: commission.county_code,
        },
        regionPath,
        regionCode: input.regionCode,
        sourceKind: input.sourceKind,
        sourceRef: input.sourceRef ?? null,
        receivedAt: receivedInstant(tx, input.receivedOn),
        categories: input.categories,
        amountFen: input.amountFen ?? null,
        keeperId: input.keeperId ?? (filing ? requireActor(tx).userId : null),
        filedByUnitId: filing ? requireActor(tx).unitId : null,
        subjects: input.subjects,
      },
      filing ? 'file_record' : 'register',
    );
  });
}

/** 案管's correction of a ledger line: the fields to change, the reason and the version read. */
export interface ClueCorrection {
  version: number;
  /** Why (signed in the trail). */
  note: string;
  summary?: string | undefined;
  sourceRef?: string | null | undefined;
  categories?: readonly string[] | undefined;
  amountFen?: number | null | undefined;
  keeperId?: string | null | undefined;
  subjects?: readonly ClueSubjectInput[] | undefined;
}

/**
 * Corrects a clue's ledger fields (案管 or the clue's team, within clue.manage's scope) with
 * an optimistic version check, signed in the trail and audited with the changes, one
 * transaction. A new keeper joins the team, the old one leaves it; new subjects re-derive the
 * GZ 第二十二条 flag (a report already recorded stays recorded). Throws NOT_FOUND, NEED_TO_KNOW,
 * CONFLICT (stale version), CLUE_TRANSITION (a final state), CLUE_USER_INVALID.
 */
export async function correctClue(ctx: Ctx, id: string, input: ClueCorrection): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, id, 'manage', {
      version: input.version,
      forUpdate: true,
    });
    // A concluded (or handed over) clue is archived: read-only from then on.
    await requireClueOpen(tx, id, 'correct');
    const set: Updateable<ClueTable> = {};
    if (input.summary !== undefined) set.summary = input.summary;
    if (input.sourceRef !== undefined) set.source_ref = input.sourceRef;
    if (input.categories !== undefined) set.categories = JSON.stringify(input.categories);
    if (input.amountFen !== undefined) set.amount_fen = input.amountFen;
    if (input.keeperId !== undefined) set.keeper_id = input.keeperId;
    if (input.subjects !== undefined) {
      set.subject_name = joinedNames(input.subjects);
      set.subject_id = input.subjects[0]?.subjectId ?? null;
      set.higher_report_required = reportable(input.subjects) || row.higher_reported_on ? 1 : 0;
    }
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries(set)) {
      const before = row[k as keyof ClueRow];
      if (before !== v) changes[k] = [before, v];
    }
    const version = row.version + 1;
    await tx.db
      .updateTable('clues')
      .set({ ...set, version, updated_at: nowIso(tx), updated_by: requireActor(tx).userId })
      .where('id', '=', id)
      .execute();
    if (input.subjects !== undefined) {
      await tx.db.deleteFrom('clue_subjects').where('clue_id', '=', id).execute();
      await insertSubjects(tx, id, input.subjects);
      changes.subjects = [null, input.subjects.map((s) => s.name)];
    }
    if (input.keeperId !== undefined && input.keeperId !== row.keeper_id) {
      if (row.keeper_id) await removeClueMember(tx, id, row.keeper_id, 'keeper');
      if (input.keeperId) await addClueMember(tx, id, input.keeperId, 'keeper');
    }
    await addClueEvent(tx, id, 'correct', { note: input.note });
    await recordAudit(tx, {
      action: 'clue.update',
      resourceType: 'clue',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { ...changes, version: [row.version, version] },
    });
    return { version };
  });
}

/**
 * Records that a flagged clue (GZ 第二十二条) was reported to the higher organ: the date, the
 * document reference and who (案管, clue.register in scope), signed and audited. Throws
 * NOT_FOUND, CONFLICT, CLUE_TRANSITION (a final state), CLUE_NOT_REPORTABLE, CLUE_ALREADY_REPORTED.
 */
export async function recordHigherReport(
  ctx: Ctx,
  id: string,
  input: { version: number; reportedOn: string; reference: string },
): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, id, 'register', {
      version: input.version,
      forUpdate: true,
    });
    // Not `requireClueOpen`: the report to the higher organ (GZ 第二十二条) is owed whatever became
    // of the clue, and recording that it was made changes nothing of its handling; refused on a
    // closed clue, a flagged clue concluded before it was recorded stayed on the workbench for good.
    if (row.higher_report_required !== 1) throw domainError('CLUE_NOT_REPORTABLE');
    if (row.higher_reported_on) throw domainError('CLUE_ALREADY_REPORTED', { reportedOn: row.higher_reported_on });
    if (input.reportedOn > toShanghaiDate(nowIso(tx)))
      throw errors.validation({ field: 'reportedOn' }, '报告日期不能晚于今天');
    const actor = requireActor(tx);
    const version = row.version + 1;
    await tx.db
      .updateTable('clues')
      .set({
        higher_reported_on: input.reportedOn,
        higher_report_ref: input.reference,
        higher_reported_by: actor.userId,
        higher_reported_by_name: actor.displayName,
        version,
        updated_at: nowIso(tx),
        updated_by: actor.userId,
      })
      .where('id', '=', id)
      .execute();
    await addClueEvent(tx, id, 'higher_report', { note: `${input.reportedOn} ${input.reference}` });
    await recordAudit(tx, {
      action: 'clue.higher_report',
      resourceType: 'clue',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { higher_reported_on: [null, input.reportedOn], higher_report_ref: [null, input.reference] },
    });
    return { version };
  });
}
