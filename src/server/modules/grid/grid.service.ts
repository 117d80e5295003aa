/**
 * The grid's staff side: outposts per village, informants per villager group (1–3), invitations,
 * revocation, tasks and their confirmation, the county's scoring rules. Every write is audited in
 * its transaction; names, phones and the outpost's people are sealed before the database.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { insertRow } from '../../db/insert-row.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { idNumberProblem, normalizeIdNumber } from '../../shared/id-number.js';
import { newId } from '../../shared/ids.js';
import { maskName, maskPhone } from '../../shared/masking.js';
import { personNumberHash } from '../../shared/personal-keys.js';
import { scopePredicate } from '../../shared/scope.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { recordAudit } from '../audit/index.js';
import { gridWhere } from './grid.policy.js';

/** How many active informants a villager group may have. */
export const GROUP_MAX = 3;
/** How long an invitation link is valid. */
export const INVITATION_DAYS = 7;
/** The kinds of task the township pushes. */
export const GRID_TASK_KINDS = ['subsidy_list', 'villagers_meeting', 'other'] as const;
/** A kind of task. */
export type GridTaskKind = (typeof GRID_TASK_KINDS)[number];
/** The default points per event (a county may change them). */
export const DEFAULT_RULES = { cluePoints: 5, casePoints: 10, falseReportPoints: -10, taskPoints: 2 };
/** A county's points per event. */
export type ScoreRules = typeof DEFAULT_RULES;

/** Keyed-hash purpose of invitation tokens. */
export const MAC_INVITATION = 'grid.invitation';
const outpostContext = (id: string) => `grid_outpost:${id}`;
/** The sealing context of an informant's name and phone. */
export const informantContext = (id: string) => `grid_informant:${id}`;

/** An outpost as the console shows it. */
export interface OutpostView {
  id: string;
  regionCode: string;
  name: string;
  head: string;
  deputies: string[];
  informantCount: number;
  createdAt: string;
}

/** An informant as the console shows it (the ID number never leaves the server). */
export interface InformantView {
  id: string;
  outpostId: string;
  regionCode: string;
  groupCode: string;
  groupName: string;
  name: string;
  phone: string;
  termStart: string;
  termEnd: string;
  trainings: { on: string; topic: string }[];
  dutySignedOn: string | null;
  status: 'active' | 'revoked';
  enrolled: boolean;
  locked: boolean;
}

async function ownerOfVillage(ctx: Ctx, regionCode: string) {
  const region = await ctx.db.selectFrom('regions').selectAll().where('code', '=', regionCode).executeTakeFirst();
  if (!region || region.level !== 'village' || !region.parent_code)
    throw domainError('GRID_NOT_VILLAGE', { field: 'regionCode' });
  const scope = ctx.actor?.scopes.get('grid.manage');
  const owner = scope
    ? await ctx.db
        .selectFrom('units as su')
        .select(['su.id', 'su.path', 'su.county_code'])
        .where('su.region_code', '=', region.parent_code)
        .where('su.kind', '=', 'township_commission')
        .where('su.active', '=', 1)
        .where((eb) =>
          scopePredicate(eb, scope, { unitId: 'su.id', unitPath: 'su.path', regionPath: 'su.region_path' }),
        )
        .executeTakeFirst()
    : undefined;
  // Outside the actor's reach reads as unknown (404), like any record out of scope.
  if (!owner) throw errors.notFound('region');
  return { region, owner };
}

/** Sets up a village's outpost; its head and deputies are sealed. Throws GRID_NOT_VILLAGE, GRID_OUTPOST_EXISTS. */
export async function createOutpost(
  ctx: Ctx,
  input: { regionCode: string; head: string; deputies: string[] },
): Promise<OutpostView> {
  return inTransaction(ctx, async (tx) => {
    const { region, owner } = await ownerOfVillage(tx, input.regionCode);
    const exists = await tx.db
      .selectFrom('grid_outposts')
      .select('id')
      .where('region_code', '=', region.code)
      .executeTakeFirst();
    if (exists) throw domainError('GRID_OUTPOST_EXISTS', { id: exists.id });
    const id = newId();
    const at = nowIso(tx);
    const name = `${region.name}廉情前哨站`;
    await insertRow(tx.db, 'grid_outposts', {
      id,
      region_code: region.code,
      name,
      head_enc: tx.keyring.seal(input.head, outpostContext(id)),
      deputies_enc: tx.keyring.seal(JSON.stringify(input.deputies), outpostContext(id)),
      owner_unit_id: owner.id,
      owner_unit_path: owner.path,
      region_path: region.path,
      county_code: region.county_code ?? owner.county_code,
      created_by: tx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
    });
    await recordAudit(tx, {
      action: 'grid.outpost_create',
      resourceType: 'grid_outpost',
      resourceId: id,
      unitId: owner.id,
    });
    return {
      id,
      regionCode: region.code,
      name,
      head: input.head,
      deputies: input.deputies,
      informantCount: 0,
      createdAt: at,
    };
  });
}

/** The outposts in the actor's reach, with their number of active informants. */
export async function listOutposts(ctx: Ctx): Promise<OutpostView[]> {
  const rows = await ctx.db
    .selectFrom('grid_outposts as o')
    .select([
      'o.id',
      'o.region_code',
      'o.name',
      'o.head_enc',
      'o.deputies_enc',
      'o.created_at',
      (eb) =>
        eb
          .selectFrom('grid_informants as i')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('i.outpost_id', '=', 'o.id')
          .where('i.status', '=', 'active')
          .as('informants'),
    ])
    .where((eb) => gridWhere(ctx, 'grid.read', 'o')(eb as never))
    .orderBy('o.region_code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.region_code,
    name: r.name,
    head: ctx.keyring.openText(r.head_enc, outpostContext(r.id)),
    deputies: JSON.parse(ctx.keyring.openText(r.deputies_enc, outpostContext(r.id))) as string[],
    informantCount: Number(r.informants ?? 0),
    createdAt: r.created_at,
  }));
}

/** What the township records of a new informant. */
export interface InformantInput {
  outpostId: string;
  groupCode: string;
  name: string;
  phone: string;
  idNumber: string;
  termStart: string;
  termEnd: string;
  trainings: { on: string; topic: string }[];
  dutySignedOn?: string | null;
}

/**
 * Appoints an informant of a villager group of the outpost's village: at most 3 active per group
 * (GRID_GROUP_FULL), name and phone sealed, the ID number only as the platform's keyed hash.
 */
export async function createInformant(ctx: Ctx, input: InformantInput): Promise<InformantView> {
  const idNumber = normalizeIdNumber(input.idNumber);
  const problem = idNumberProblem(idNumber);
  if (problem) throw errors.validation({ field: 'idNumber', problem }, '身份证号码不正确');
  if (input.termEnd <= input.termStart) throw domainError('INVALID_DATE_RANGE', { field: 'termEnd' });
  return inTransaction(ctx, async (tx) => {
    const outpost = await tx.db
      .selectFrom('grid_outposts as o')
      .selectAll('o')
      .where('o.id', '=', input.outpostId)
      .where((eb) => gridWhere(tx, 'grid.manage', 'o')(eb as never))
      .executeTakeFirst();
    if (!outpost) throw errors.notFound('grid_outpost');
    const group = await tx.db
      .selectFrom('regions')
      .select(['code', 'level', 'parent_code'])
      .where('code', '=', input.groupCode)
      .executeTakeFirst();
    if (!group || group.level !== 'villager_group' || group.parent_code !== outpost.region_code)
      throw domainError('GRID_NOT_VILLAGE', { field: 'groupCode' });
    // Serialise appointments to one group: the count and the insert see the same rows.
    await tx.db
      .updateTable('grid_outposts')
      .set({ updated_at: nowIso(tx) })
      .where('id', '=', outpost.id)
      .execute();
    const count = await tx.db
      .selectFrom('grid_informants')
      .select(sql<number>`count(*)`.as('n'))
      .where('group_code', '=', group.code)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= GROUP_MAX) throw domainError('GRID_GROUP_FULL', { groupCode: group.code, max: GROUP_MAX });
    const id = newId();
    const at = nowIso(tx);
    await insertRow(tx.db, 'grid_informants', {
      id,
      outpost_id: outpost.id,
      region_code: outpost.region_code,
      group_code: group.code,
      name_enc: tx.keyring.seal(input.name, informantContext(id)),
      name_masked: maskName(input.name),
      phone_enc: tx.keyring.seal(input.phone, informantContext(id)),
      person_hash: personNumberHash(tx.keyring, idNumber),
      term_start: input.termStart,
      term_end: input.termEnd,
      trainings: JSON.stringify(input.trainings),
      duty_signed_on: input.dutySignedOn ?? null,
      status: 'active',
      pin_hash: null,
      device_hash: null,
      pin_failures: 0,
      locked_at: null,
      revoked_at: null,
      owner_unit_id: outpost.owner_unit_id,
      owner_unit_path: outpost.owner_unit_path,
      region_path: outpost.region_path,
      county_code: outpost.county_code,
      created_by: tx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
    });
    await recordAudit(tx, {
      action: 'grid.informant_create',
      resourceType: 'grid_informant',
      resourceId: id,
      unitId: outpost.owner_unit_id,
    });
    const [view] = await listInformants(tx, { id });
    return view!;
  });
}

/** The informants in reach (optionally of one outpost), names and phones opened for the township. */
export async function listInformants(
  ctx: Ctx,
  filter: { outpostId?: string; id?: string } = {},
): Promise<InformantView[]> {
  let q = ctx.db
    .selectFrom('grid_informants as i')
    .innerJoin('regions as g', 'g.code', 'i.group_code')
    .selectAll('i')
    .select('g.name as group_name')
    .where((eb) => gridWhere(ctx, 'grid.read', 'i')(eb as never));
  if (filter.outpostId) q = q.where('i.outpost_id', '=', filter.outpostId);
  if (filter.id) q = q.where('i.id', '=', filter.id);
  const rows = await q.orderBy('i.group_code').orderBy('i.created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    outpostId: r.outpost_id,
    regionCode: r.region_code,
    groupCode: r.group_code,
    groupName: r.group_name,
    name: ctx.keyring.openText(r.name_enc, informantContext(r.id)),
    phone: maskPhone(ctx.keyring.openText(r.phone_enc, informantContext(r.id))),
    termStart: r.term_start,
    termEnd: r.term_end,
    trainings: JSON.parse(r.trainings) as { on: string; topic: string }[],
    dutySignedOn: r.duty_signed_on,
    status: r.status as InformantView['status'],
    enrolled: r.device_hash !== null,
    locked: r.locked_at !== null,
  }));
}

async function manageableInformant(tx: Ctx, id: string) {
  const row = await tx.db
    .selectFrom('grid_informants as i')
    .selectAll('i')
    .where('i.id', '=', id)
    .where((eb) => gridWhere(tx, 'grid.manage', 'i')(eb as never))
    .executeTakeFirst();
  if (!row) throw errors.notFound('grid_informant');
  return row;
}

/**
 * Issues a one-time invitation (valid 7 days) for an active informant in term; the token is shown
 * once, as the fragment of `/r/informant#invite=<token>`, and stored only as a keyed hash. Earlier
 * unused invitations of the informant stop working.
 */
export async function issueInvitation(
  ctx: Ctx,
  informantId: string,
): Promise<{ token: string; path: string; expiresAt: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await manageableInformant(tx, informantId);
    const today = toShanghaiDate(nowIso(tx));
    if (row.status !== 'active' || row.term_end < today)
      throw domainError('INFORMANT_INVITATION_INVALID', { reason: 'inactive' });
    const token = randomBytes(24).toString('base64url');
    const at = nowIso(tx);
    const expiresAt = new Date(tx.clock.nowMs() + INVITATION_DAYS * 86_400_000).toISOString();
    await tx.db
      .updateTable('grid_invitations')
      .set({ used_at: at })
      .where('informant_id', '=', row.id)
      .where('used_at', 'is', null)
      .execute();
    await insertRow(tx.db, 'grid_invitations', {
      id: newId(),
      informant_id: row.id,
      token_hash: tx.keyring.mac(MAC_INVITATION, token),
      expires_at: expiresAt,
      used_at: null,
      created_by: tx.actor?.userId ?? null,
      created_at: at,
    });
    await recordAudit(tx, {
      action: 'grid.invitation_issue',
      resourceType: 'grid_informant',
      resourceId: row.id,
      unitId: row.owner_unit_id,
    });
    return { token, path: `/r/informant#invite=${token}`, expiresAt };
  });
}

/** Revokes an informant: their sessions end at once and no invitation or PIN works again. */
export async function revokeInformant(ctx: Ctx, informantId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await manageableInformant(tx, informantId);
    if (row.status === 'revoked') return;
    const at = nowIso(tx);
    await tx.db
      .updateTable('grid_informants')
      .set({ status: 'revoked', revoked_at: at, device_hash: null, updated_at: at })
      .where('id', '=', row.id)
      .execute();
    await tx.db
      .updateTable('grid_sessions')
      .set({ revoked_at: at })
      .where('informant_id', '=', row.id)
      .where('revoked_at', 'is', null)
      .execute();
    await recordAudit(tx, {
      action: 'grid.informant_revoke',
      resourceType: 'grid_informant',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, 'revoked'] },
    });
  });
}

/** A task as the console and the phone show it. */
export interface TaskView {
  id: string;
  informantId: string;
  informantName: string;
  kind: string;
  title: string;
  dueOn: string | null;
  status: 'open' | 'done' | 'confirmed';
  doneNote: string | null;
  doneAt: string | null;
  confirmedAt: string | null;
  createdAt: string;
}

/** Pushes a task to an active informant. */
export async function createTask(
  ctx: Ctx,
  input: { informantId: string; kind: GridTaskKind; title: string; dueOn?: string | null },
): Promise<{ id: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await manageableInformant(tx, input.informantId);
    if (row.status !== 'active') throw domainError('GRID_TASK_STATE', { informant: 'revoked' });
    const id = newId();
    await insertRow(tx.db, 'grid_tasks', {
      id,
      informant_id: row.id,
      region_code: row.region_code,
      kind: input.kind,
      title: input.title,
      due_on: input.dueOn ?? null,
      status: 'open',
      done_note: null,
      done_at: null,
      confirmed_at: null,
      confirmed_by: null,
      owner_unit_id: row.owner_unit_id,
      owner_unit_path: row.owner_unit_path,
      region_path: row.region_path,
      county_code: row.county_code,
      created_by: requireActor(tx).userId,
      created_at: nowIso(tx),
    });
    await recordAudit(tx, {
      action: 'grid.task_create',
      resourceType: 'grid_task',
      resourceId: id,
      unitId: row.owner_unit_id,
    });
    return { id };
  });
}

/** The tasks in reach, newest first. */
export async function listTasks(ctx: Ctx): Promise<TaskView[]> {
  const rows = await ctx.db
    .selectFrom('grid_tasks as t')
    .innerJoin('grid_informants as i', 'i.id', 't.informant_id')
    .selectAll('t')
    .select('i.name_masked')
    .where((eb) => gridWhere(ctx, 'grid.read', 't')(eb as never))
    .orderBy('t.created_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    informantId: r.informant_id,
    informantName: r.name_masked,
    kind: r.kind,
    title: r.title,
    dueOn: r.due_on,
    status: r.status as TaskView['status'],
    doneNote: r.done_note,
    doneAt: r.done_at,
    confirmedAt: r.confirmed_at,
    createdAt: r.created_at,
  }));
}

/** The township confirms a task the informant marked done (the scoring job then gives its points). */
export async function confirmTask(ctx: Ctx, taskId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await tx.db
      .selectFrom('grid_tasks as t')
      .selectAll('t')
      .where('t.id', '=', taskId)
      .where((eb) => gridWhere(tx, 'grid.manage', 't')(eb as never))
      .executeTakeFirst();
    if (!row) throw errors.notFound('grid_task');
    if (row.status !== 'done') throw domainError('GRID_TASK_STATE', { status: row.status });
    await tx.db
      .updateTable('grid_tasks')
      .set({ status: 'confirmed', confirmed_at: nowIso(tx), confirmed_by: requireActor(tx).userId })
      .where('id', '=', row.id)
      .where('status', '=', 'done')
      .execute();
    await recordAudit(tx, {
      action: 'grid.task_confirm',
      resourceType: 'grid_task',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { status: ['done', 'confirmed'] },
    });
  });
}

/** The county of the actor's unit, or null. */
async function actorCounty(ctx: Ctx): Promise<{ countyCode: string | null; level: string | null }> {
  const unitId = ctx.actor?.unitId;
  if (!unitId) return { countyCode: null, level: null };
  const u = await ctx.db
    .selectFrom('units as u')
    .innerJoin('regions as r', 'r.code', 'u.region_code')
    .select(['u.county_code', 'r.level'])
    .where('u.id', '=', unitId)
    .executeTakeFirst();
  return { countyCode: u?.county_code ?? null, level: u?.level ?? null };
}

/** The scoring rules of a county (the defaults when it has set none). */
export async function rulesOf(ctx: Pick<Ctx, 'db'>, countyCode: string | null): Promise<ScoreRules> {
  if (!countyCode) return { ...DEFAULT_RULES };
  const row = await ctx.db
    .selectFrom('grid_score_rules')
    .selectAll()
    .where('county_code', '=', countyCode)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_RULES };
  return {
    cluePoints: Number(row.clue_points),
    casePoints: Number(row.case_points),
    falseReportPoints: Number(row.false_report_points),
    taskPoints: Number(row.task_points),
  };
}

/** The actor's county's rules, and whether the actor may change them (a county-level unit with grid.manage). */
export async function readRules(ctx: Ctx): Promise<ScoreRules & { countyCode: string | null; editable: boolean }> {
  const { countyCode, level } = await actorCounty(ctx);
  return {
    ...(await rulesOf(ctx, countyCode)),
    countyCode,
    editable: level === 'county' && (ctx.actor?.permissions.has('grid.manage') ?? false),
  };
}

/** Sets the county's points per event; only a county-level holder of grid.manage (403 otherwise). */
export async function setRules(ctx: Ctx, rules: ScoreRules): Promise<ScoreRules> {
  const { countyCode, level } = await actorCounty(ctx);
  if (!countyCode || level !== 'county') throw errors.forbidden('grid.manage');
  return inTransaction(ctx, async (tx) => {
    const before = await rulesOf(tx, countyCode);
    const at = nowIso(tx);
    const row = {
      clue_points: rules.cluePoints,
      case_points: rules.casePoints,
      false_report_points: rules.falseReportPoints,
      task_points: rules.taskPoints,
      updated_by: requireActor(tx).userId,
      updated_at: at,
    };
    const exists = await tx.db
      .selectFrom('grid_score_rules')
      .select('county_code')
      .where('county_code', '=', countyCode)
      .executeTakeFirst();
    if (exists) await tx.db.updateTable('grid_score_rules').set(row).where('county_code', '=', countyCode).execute();
    else await insertRow(tx.db, 'grid_score_rules', { county_code: countyCode, ...row });
    await recordAudit(tx, {
      action: 'grid.rules_update',
      resourceType: 'grid_score_rule',
      resourceId: countyCode,
      unitId: requireActor(tx).unitId,
      changes: Object.fromEntries(
        (Object.keys(rules) as (keyof ScoreRules)[])
          .filter((k) => before[k] !== rules[k])
          .map((k) => [k, [before[k], rules[k]]]),
      ),
    });
    return rules;
  });
}
