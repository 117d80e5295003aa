/**
 * The informants' side (廉情监督员 on their phone): redeeming an invitation and setting a 6-digit PIN
 * (argon2id, like staff passwords), which binds the phone by a device credential cookie; signing in
 * with the PIN on that phone only (5 wrong PINs lock); sessions with their own CSRF token, idle and
 * absolute expiry; revocation and the end of term end access. Then: reporting (intake channel
 * `informant`), the status of their own reports, and their tasks.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { insertRow } from '../../db/insert-row.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { recordAudit } from '../audit/index.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../auth/index.js';
import { type InformantReportInput, submitInformantReport } from '../reports/index.js';
import { MAC_INVITATION, type TaskView, informantContext } from './grid.service.js';

/** The informant's session cookie (path `/api/informant`). */
export const INFORMANT_COOKIE = 'qf_informant';
/** The phone's device credential cookie (path `/api/informant`, a year). */
export const DEVICE_COOKIE = 'qf_device';
/** Wrong PINs in a row before the informant is locked. */
export const MAX_PIN_FAILURES = 5;
const MAC_SESSION = 'grid.session';
const MAC_DEVICE = 'grid.device';
const TOUCH_MS = 60_000;

/** The informant a request acts as (resolved by the session hook on `informant` routes). */
export interface InformantActor {
  id: string;
  sessionId: string;
  regionCode: string;
  ownerUnitId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on routes of access kind `informant`. */
    informant?: InformantActor;
  }
}

/** The CSRF token of an informant session, derived from its cookie token. */
export function informantCsrf(ctx: Pick<Ctx, 'keyring'>, token: string): string {
  return ctx.keyring.mac('grid.csrf', token).slice(0, 43);
}

/** What a successful activation or sign-in hands back: cookies to set and the view. */
export interface InformantSignIn {
  sessionToken: string;
  deviceToken: string | null;
  csrfToken: string;
  name: string;
}

async function openSession(tx: Ctx, informantId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const at = nowIso(tx);
  await insertRow(tx.db, 'grid_sessions', {
    id: newId(),
    informant_id: informantId,
    token_hash: tx.keyring.mac(MAC_SESSION, token),
    created_at: at,
    last_seen_at: at,
    expires_at: new Date(tx.clock.nowMs() + tx.config.sessionAbsoluteHours * 3_600_000).toISOString(),
    revoked_at: null,
  });
  return token;
}

/**
 * Redeems an invitation: sets the PIN, binds this phone (a new device credential replaces any
 * earlier phone, whose sessions end) and signs in. Throws INFORMANT_INVITATION_INVALID.
 */
export async function activate(ctx: Ctx, token: string, pin: string): Promise<InformantSignIn> {
  const pinHash = await hashPassword(pin);
  return inTransaction(ctx, async (tx) => {
    const inv = await tx.db
      .selectFrom('grid_invitations as v')
      .innerJoin('grid_informants as i', 'i.id', 'v.informant_id')
      .select([
        'v.id',
        'v.expires_at',
        'v.used_at',
        'i.id as informant_id',
        'i.status',
        'i.term_end',
        'i.name_enc',
        'i.owner_unit_id',
      ])
      .where('v.token_hash', '=', tx.keyring.mac(MAC_INVITATION, token))
      .executeTakeFirst();
    const at = nowIso(tx);
    if (
      !inv ||
      inv.used_at ||
      Date.parse(inv.expires_at) <= tx.clock.nowMs() ||
      inv.status !== 'active' ||
      inv.term_end < toShanghaiDate(at)
    )
      throw domainError('INFORMANT_INVITATION_INVALID');
    const used = await tx.db
      .updateTable('grid_invitations')
      .set({ used_at: at })
      .where('id', '=', inv.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw domainError('INFORMANT_INVITATION_INVALID');
    const deviceToken = randomBytes(32).toString('base64url');
    await tx.db
      .updateTable('grid_informants')
      .set({
        pin_hash: pinHash,
        device_hash: tx.keyring.mac(MAC_DEVICE, deviceToken),
        pin_failures: 0,
        locked_at: null,
        updated_at: at,
      })
      .where('id', '=', inv.informant_id)
      .execute();
    await tx.db
      .updateTable('grid_sessions')
      .set({ revoked_at: at })
      .where('informant_id', '=', inv.informant_id)
      .where('revoked_at', 'is', null)
      .execute();
    const sessionToken = await openSession(tx, inv.informant_id);
    await recordAudit(tx, {
      action: 'grid.informant_activate',
      resourceType: 'grid_informant',
      resourceId: inv.informant_id,
      unitId: inv.owner_unit_id,
    });
    return {
      sessionToken,
      deviceToken,
      csrfToken: informantCsrf(tx, sessionToken),
      name: tx.keyring.openText(inv.name_enc, informantContext(inv.informant_id)),
    };
  });
}

/**
 * Signs in with the PIN on a bound phone (the device credential cookie). A phone without it, a
 * wrong PIN, a revoked informant or one out of term: INFORMANT_SIGN_IN_FAILED; the fifth wrong PIN
 * in a row locks (INFORMANT_LOCKED) until a new invitation is redeemed.
 */
export async function signIn(ctx: Ctx, deviceToken: string | undefined, pin: string): Promise<InformantSignIn> {
  const row = deviceToken
    ? await ctx.db
        .selectFrom('grid_informants')
        .selectAll()
        .where('device_hash', '=', ctx.keyring.mac(MAC_DEVICE, deviceToken))
        .executeTakeFirst()
    : undefined;
  if (!row || !row.pin_hash) {
    await verifyAgainstDummy(pin);
    throw domainError('INFORMANT_SIGN_IN_FAILED');
  }
  if (row.locked_at) throw domainError('INFORMANT_LOCKED');
  const ok = await verifyPassword(row.pin_hash, pin);
  const at = nowIso(ctx);
  if (!ok) {
    const failures = Number(row.pin_failures) + 1;
    await inTransaction(ctx, async (tx) => {
      await tx.db
        .updateTable('grid_informants')
        .set({ pin_failures: failures, locked_at: failures >= MAX_PIN_FAILURES ? at : null, updated_at: at })
        .where('id', '=', row.id)
        .execute();
      if (failures >= MAX_PIN_FAILURES)
        await recordAudit(tx, {
          action: 'grid.informant_lock',
          resourceType: 'grid_informant',
          resourceId: row.id,
          unitId: row.owner_unit_id,
        });
    });
    if (failures >= MAX_PIN_FAILURES) throw domainError('INFORMANT_LOCKED');
    throw domainError('INFORMANT_SIGN_IN_FAILED', { attemptsLeft: MAX_PIN_FAILURES - failures });
  }
  if (row.status !== 'active' || row.term_end < toShanghaiDate(at)) throw domainError('INFORMANT_SIGN_IN_FAILED');
  return inTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('grid_informants')
      .set({ pin_failures: 0, updated_at: at })
      .where('id', '=', row.id)
      .execute();
    const sessionToken = await openSession(tx, row.id);
    return {
      sessionToken,
      deviceToken: null,
      csrfToken: informantCsrf(tx, sessionToken),
      name: tx.keyring.openText(row.name_enc, informantContext(row.id)),
    };
  });
}

/**
 * Resolves an informant session token: revoked, expired (absolute or idle), a revoked, locked or
 * out-of-term informant all answer null.
 */
export async function resolveInformantSession(ctx: Ctx, token: string): Promise<InformantActor | null> {
  const now = ctx.clock.nowMs();
  const row = await ctx.db
    .selectFrom('grid_sessions as s')
    .innerJoin('grid_informants as i', 'i.id', 's.informant_id')
    .select([
      's.id as session_id',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      'i.id',
      'i.status',
      'i.term_end',
      'i.locked_at',
      'i.region_code',
      'i.owner_unit_id',
    ])
    .where('s.token_hash', '=', ctx.keyring.mac(MAC_SESSION, token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.status !== 'active' || row.locked_at) return null;
  const lastSeen = Date.parse(row.last_seen_at);
  if (Date.parse(row.expires_at) <= now || lastSeen + ctx.config.sessionIdleMinutes * 60_000 <= now) return null;
  if (row.term_end < toShanghaiDate(new Date(now).toISOString())) return null;
  if (now - lastSeen > TOUCH_MS)
    await ctx.db
      .updateTable('grid_sessions')
      .set({ last_seen_at: new Date(now).toISOString() })
      .where('id', '=', row.session_id)
      .execute();
  return { id: row.id, sessionId: row.session_id, regionCode: row.region_code, ownerUnitId: row.owner_unit_id };
}

/** Ends the informant's current session. */
export async function signOut(ctx: Ctx, who: InformantActor): Promise<void> {
  await ctx.db
    .updateTable('grid_sessions')
    .set({ revoked_at: nowIso(ctx) })
    .where('id', '=', who.sessionId)
    .execute();
}

/** The informant's own view: name, village, group and open tasks count. */
export async function informantMe(ctx: Ctx, who: InformantActor, token: string) {
  const row = await ctx.db
    .selectFrom('grid_informants as i')
    .innerJoin('regions as v', 'v.code', 'i.region_code')
    .innerJoin('regions as g', 'g.code', 'i.group_code')
    .select(['i.id', 'i.name_enc', 'i.term_end', 'v.name as village', 'g.name as grp'])
    .where('i.id', '=', who.id)
    .executeTakeFirstOrThrow();
  return {
    name: ctx.keyring.openText(row.name_enc, informantContext(row.id)),
    village: row.village,
    group: row.grp,
    regionCode: who.regionCode,
    termEnd: row.term_end,
    csrfToken: informantCsrf(ctx, token),
  };
}

/** Reports from the phone: routed like a public report of the informant's village. */
export async function reportFromPhone(
  ctx: Ctx,
  who: InformantActor,
  input: Omit<InformantReportInput, 'regionCode'>,
): Promise<{ number: string; receivedAt: string }> {
  return inTransaction(ctx, async (tx) => {
    const made = await submitInformantReport(tx, who.id, { ...input, regionCode: who.regionCode });
    await recordAudit(tx, {
      action: 'grid.report_submit',
      resourceType: 'report',
      resourceId: made.id,
      unitId: who.ownerUnitId,
    });
    return { number: made.number, receivedAt: made.receivedAt };
  });
}

/** The informant's own reports: number, date and status only. */
export async function ownReports(db: Kysely<Database>, who: InformantActor) {
  const rows = await db
    .selectFrom('reports')
    .select(['number', 'received_at', 'status'])
    .where('informant_id', '=', who.id)
    .orderBy('received_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ number: r.number ?? '', receivedAt: r.received_at, status: r.status }));
}

/** The informant's tasks, open first. */
export async function ownTasks(
  db: Kysely<Database>,
  who: InformantActor,
): Promise<Omit<TaskView, 'informantName' | 'informantId'>[]> {
  const rows = await db
    .selectFrom('grid_tasks')
    .selectAll()
    .where('informant_id', '=', who.id)
    .orderBy('status')
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
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

/** Marks one of the informant's open tasks done (404 for anyone else's). */
export async function markTaskDone(
  ctx: Ctx,
  who: InformantActor,
  taskId: string,
  note: string | undefined,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await tx.db
      .selectFrom('grid_tasks')
      .select(['id', 'status', 'owner_unit_id'])
      .where('id', '=', taskId)
      .where('informant_id', '=', who.id)
      .executeTakeFirst();
    if (!row) throw errors.notFound('grid_task');
    if (row.status !== 'open') throw domainError('GRID_TASK_STATE', { status: row.status });
    await tx.db
      .updateTable('grid_tasks')
      .set({ status: 'done', done_note: note ?? null, done_at: nowIso(tx) })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(tx, {
      action: 'grid.task_done',
      resourceType: 'grid_task',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { status: ['open', 'done'] },
    });
  });
}
