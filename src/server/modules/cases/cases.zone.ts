/**
 * The zone's three rules on a case (issue 13 §2; the seeds' 协作区 model):
 *
 * - 一案一授权: the zone's commander (a holder of `case.assign` over the case by a zone-scoped
 *   role of that zone, or a 指挥长/组长 in the zone's roles) authorises the case and its team; the
 *   record keeps the team's names as of that day and the scope of authority, and prints as the
 *   授权书. `zoneAuthorised` tells other parts whether a zone case has it (investigative steps
 *   should require it: `requireZoneAuthorised`).
 * - 一案一汇报: briefings to the commander (date, who briefed, who received, what, instructions),
 *   recorded by the team or the commander, each a step of the trail.
 * - 一案一剖析 lives in `cases.zone.analysis.ts`; 挂牌督办 and the documents in `cases.zone.flag.ts`.
 */
import {
  BRIEFING_STATES,
  CASE_MEMBER_ROLE_LABELS,
  MODE_CHANGE_STATES,
  ZONE_EVENT_LABELS,
} from '../../shared/cases.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { casePolicy } from './cases.policy.js';
import { loadCase } from './cases.read.js';
import { addCaseEvent, caseMembersOf } from './cases.service.js';
import { requireCaseStatus, touchCase } from './cases.state.js';
import type { CaseRow } from './cases.tables.js';
import type { CaseAuthorizationTable } from './cases.zone.tables.js';

const ZONE_ROLE_WORDS: Record<string, string> = { commander: '协作区指挥长', leader: '协作区组长' };

/**
 * The actor's standing as commander of zone `zoneId`, in words, or null: a role granting
 * `case.assign` assigned with that zone as its scope (the demo county's 协作区负责人), or a current
 * 指挥长/组长 of the zone's roles (`zone_roles`) held by the actor's staff record.
 */
export async function zoneCommanderRole(tx: Ctx, zoneId: string): Promise<string | null> {
  const actor = requireActor(tx);
  const assigned = await tx.db
    .selectFrom('role_assignments as ra')
    .innerJoin('role_permissions as rp', 'rp.role_id', 'ra.role_id')
    .innerJoin('roles as r', 'r.id', 'ra.role_id')
    .select('r.name')
    .where('ra.user_id', '=', actor.userId)
    .where('ra.scope_type', '=', 'zone')
    .where('ra.scope_zone_id', '=', zoneId)
    .where('rp.permission', '=', 'case.assign')
    .executeTakeFirst();
  if (assigned) return assigned.name;
  const today = toShanghaiDate(nowIso(tx));
  const role = await tx.db
    .selectFrom('users as u')
    .innerJoin('zone_roles as zr', 'zr.staff_id', 'u.staff_id')
    .select('zr.role')
    .where('u.id', '=', actor.userId)
    .where('zr.zone_id', '=', zoneId)
    .where('zr.role', 'in', ['commander', 'leader'])
    .where('zr.effective_from', '<=', today)
    .where((eb) => eb.or([eb('zr.effective_to', 'is', null), eb('zr.effective_to', '>', today)]))
    .orderBy('zr.role')
    .executeTakeFirst();
  return role ? (ZONE_ROLE_WORDS[role.role] ?? role.role) : null;
}

/** The current (not superseded) authorisation of a case for zone `zoneId`, or undefined. */
async function currentAuthorization(tx: Ctx, caseId: string, zoneId: string | null) {
  if (!zoneId) return undefined;
  return tx.db
    .selectFrom('case_authorizations')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('zone_id', '=', zoneId)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Whether case `caseId` may be worked as far as 一案一授权 goes: true for a case that is not
 * handled by a zone (nothing to authorise), and for a zone case its zone's commander has
 * authorised; false for a zone case without it. No access check: callers load the case first.
 */
export async function zoneAuthorised(tx: Ctx, caseId: string): Promise<boolean> {
  const row = await tx.db.selectFrom('cases').select(['mode', 'zone_id']).where('id', '=', caseId).executeTakeFirst();
  if (!row || row.mode !== 'zone') return true;
  return (await currentAuthorization(tx, caseId, row.zone_id)) !== undefined;
}

/** Refuses work on a zone case its commander has not authorised (409 CASE_ZONE_UNAUTHORIZED). */
export async function requireZoneAuthorised(tx: Ctx, caseId: string): Promise<void> {
  if (!(await zoneAuthorised(tx, caseId))) throw domainError('CASE_ZONE_UNAUTHORIZED', { caseId });
}

/** An authorisation as read. */
export interface AuthorizationView {
  id: string;
  zoneId: string;
  team: { name: string; role: string; unitName: string }[];
  scope: string;
  authorizedOn: string;
  authorizerName: string;
  authorizerRole: string;
  createdAt: string;
  supersededAt: string | null;
}

function authorizationOf(r: CaseAuthorizationTable): AuthorizationView {
  return {
    id: r.id,
    zoneId: r.zone_id,
    team: JSON.parse(r.team) as AuthorizationView['team'],
    scope: r.scope_text,
    authorizedOn: r.authorized_on,
    authorizerName: r.authorizer_name,
    authorizerRole: r.authorizer_role,
    createdAt: r.created_at,
    supersededAt: r.superseded_at,
  };
}

/** Refuses a date after today or before the filing (VALIDATION_FAILED naming the field). */
function checkDate(tx: Ctx, row: CaseRow, field: string, value: string) {
  if (value > toShanghaiDate(nowIso(tx))) throw errors.validation({ field }, '日期不能晚于今天');
  if (row.filed_on && value < row.filed_on)
    throw errors.validation({ field }, `日期不能早于立案日期（${row.filed_on}）`);
}

/**
 * 一案一授权: the zone's commander authorises a zone case and its current team (at least two, the
 * names kept as of today), with the scope of authority; a former authorisation of the case is
 * superseded. Needs `assign` on the case and to be the commander of its zone. Throws NOT_FOUND,
 * NEED_TO_KNOW, CONFLICT (stale version), CASE_TRANSITION (not under investigation),
 * CASE_MODE_MISMATCH (not a zone case), CASE_NOT_COMMANDER, CASE_AUTHORIZATION_TEAM,
 * VALIDATION_FAILED (a date in the future or before the filing).
 */
export async function authorizeCase(
  ctx: Ctx,
  caseId: string,
  input: { version: number; scope: string; authorizedOn: string },
): Promise<{ id: string; version: number }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'assign', { version: input.version, forUpdate: true });
    await requireCaseStatus(tx, caseId, MODE_CHANGE_STATES, 'authorization');
    if (row.mode !== 'zone' || !row.zone_id) throw domainError('CASE_MODE_MISMATCH', { mode: row.mode, needs: 'zone' });
    const role = await zoneCommanderRole(tx, row.zone_id);
    if (!role) throw domainError('CASE_NOT_COMMANDER', { zoneId: row.zone_id });
    checkDate(tx, row, 'authorizedOn', input.authorizedOn);
    const team = (await caseMembersOf(tx, caseId)).filter((m) => m.role !== 'drafter');
    if (team.length < 2) throw domainError('CASE_AUTHORIZATION_TEAM', { size: team.length });
    const now = nowIso(tx);
    const superseded = await tx.db
      .updateTable('case_authorizations')
      .set({ superseded_at: now })
      .where('case_id', '=', caseId)
      .where('superseded_at', 'is', null)
      .executeTakeFirst();
    const id = newId();
    await tx.db
      .insertInto('case_authorizations')
      .values({
        id,
        case_id: caseId,
        zone_id: row.zone_id,
        team: JSON.stringify(
          team.map((m) => ({
            name: m.name,
            role: CASE_MEMBER_ROLE_LABELS[m.role as keyof typeof CASE_MEMBER_ROLE_LABELS],
            unitName: m.unitName,
          })),
        ),
        scope_text: input.scope.trim(),
        authorized_on: input.authorizedOn,
        authorizer_id: actor.userId,
        authorizer_name: actor.displayName,
        authorizer_role: role,
        created_at: now,
        superseded_at: null,
      })
      .execute();
    const version = await touchCase(tx, caseId, input.version);
    await addCaseEvent(tx, caseId, 'authorized', {
      label: ZONE_EVENT_LABELS.authorized,
      note: `${role}${actor.displayName}授权；审查调查组：${team.map((m) => m.name).join('、')}`,
    });
    await recordAudit(tx, {
      action: 'case.authorize',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: {
        authorization: [null, id],
        superseded: [0, Number(superseded.numUpdatedRows)],
        version: [input.version, version],
      },
    });
    return { id, version };
  });
}

/** A case's authorisations: whether one is needed and held, the current one and the history. */
export async function readAuthorization(
  ctx: Ctx,
  caseId: string,
): Promise<{
  required: boolean;
  authorized: boolean;
  current: AuthorizationView | null;
  history: AuthorizationView[];
}> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail');
    const rows = await tx.db
      .selectFrom('case_authorizations')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const current = rows.find((r) => r.superseded_at === null && r.zone_id === row.zone_id);
    return {
      required: row.mode === 'zone',
      authorized: row.mode !== 'zone' || current !== undefined,
      current: current ? authorizationOf(current) : null,
      history: rows.map(authorizationOf),
    };
  });
}

/** True when the actor may act as the case's commander (`assign` on it), without noting a denial. */
async function mayAssign(tx: Ctx, caseId: string): Promise<boolean> {
  if (!tx.actor?.permissions.has('case.assign')) return false;
  try {
    await loadInScope(tx, casePolicy, caseId, 'assign');
    return true;
  } catch {
    return false;
  }
}

/** A briefing to the commander (一案一汇报). */
export interface BriefingInput {
  briefedOn: string;
  briefedBy: string;
  receivedBy: string;
  content: string;
  instructions?: string | null | undefined;
}

/**
 * Records a briefing to the commander (一案一汇报) as a team member or the commander (`assign` on
 * the case), from filing until review; a step of the trail. Throws NOT_FOUND, NEED_TO_KNOW,
 * CASE_TRANSITION, CASE_ZONE_ROLE (neither on the team nor the commander), VALIDATION_FAILED.
 */
export async function recordBriefing(ctx: Ctx, caseId: string, input: BriefingInput): Promise<{ id: string }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'detail', { forUpdate: true });
    await requireCaseStatus(tx, caseId, BRIEFING_STATES, 'briefing');
    const onTeam = (await caseMembersOf(tx, caseId)).some((m) => m.userId === actor.userId && m.role !== 'drafter');
    if (!onTeam && !(await mayAssign(tx, caseId))) throw domainError('CASE_ZONE_ROLE');
    checkDate(tx, row, 'briefedOn', input.briefedOn);
    const id = newId();
    await tx.db
      .insertInto('case_briefings')
      .values({
        id,
        case_id: caseId,
        briefed_on: input.briefedOn,
        briefed_by: input.briefedBy.trim(),
        received_by: input.receivedBy.trim(),
        content: input.content.trim(),
        instructions: input.instructions?.trim() || null,
        created_by: actor.userId,
        created_by_name: actor.displayName,
        created_at: nowIso(tx),
      })
      .execute();
    await addCaseEvent(tx, caseId, 'briefed', {
      label: ZONE_EVENT_LABELS.briefed,
      note: `${input.briefedOn} ${input.briefedBy.trim()}向${input.receivedBy.trim()}汇报`,
    });
    await recordAudit(tx, {
      action: 'case.briefing',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { briefing: [null, id] },
    });
    return { id };
  });
}

/** A case's briefings, oldest first (a reader of its content). */
export async function listBriefings(ctx: Ctx, caseId: string) {
  return inTransaction(ctx, async (tx) => {
    await loadCase(tx, caseId, 'detail');
    const rows = await tx.db
      .selectFrom('case_briefings')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('briefed_on')
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      briefedOn: r.briefed_on,
      briefedBy: r.briefed_by,
      receivedBy: r.received_by,
      content: r.content,
      instructions: r.instructions,
      recordedByName: r.created_by_name,
      recordedAt: r.created_at,
    }));
  });
}
