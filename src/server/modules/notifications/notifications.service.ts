import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, nowIso, requireActor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { type Permission, loadAccessProfile } from '../access/index.js';
import { inScope } from '../../shared/scope.js';

/** Kinds of in-app notification. */
export const NOTIFICATION_KINDS = [
  'deadline_due_soon',
  'deadline_overdue',
  'report_transferred_in',
  'recheck_requested',
  'review_requested',
  // A reporter's doings on the public pages, told to the handlers of the owning unit.
  'report_received',
  'reporter_message',
  'reporter_files',
  // The approval chain (呈批): a document waits for the person's signature; one they drafted was decided.
  'approval_waiting',
  'approval_decided',
  // Clue disposals: a concluded clue from a named report owes the reporter feedback; a parked clue's review is due.
  'clue_feedback_due',
  'clue_shelved_review_due',
  // The zones' meetings: the invitation when scheduled (again when moved), the reminder the working day before.
  'meeting_invitation',
  'meeting_reminder',
  // The rectification ledger: a reminder to the responsible unit; an escalation rung due for the issuer side.
  'rectification_reminder',
  'rectification_escalation_due',
  // An item assigned to the unit (交办); a recommendation issued to it; the recipient's answer to its issuer.
  'rectification_assigned',
  'recommendation_issued',
  'recommendation_answered',
  // The outcome of an extension the responsible unit asked for (approved along the chain, or refused).
  'rectification_extension_decided',
] as const;
/** A kind of notification. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A notification as the API shows it. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  resourceType: string | null;
  resourceId: string | null;
  read: boolean;
  createdAt: string;
}

/** The users (active accounts) whose `permission` scope covers a record of `owner`. */
export async function usersCovering(
  db: Kysely<Database>,
  nowMs: number,
  permission: Permission,
  owner: { owner_unit_id: string; owner_unit_path: string; region_path: string },
): Promise<string[]> {
  const candidates = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('role_permissions as rp', 'rp.role_id', 'ra.role_id')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select('u.id')
    .distinct()
    .where('rp.permission', '=', permission)
    .where('u.disabled', '=', 0)
    .execute();
  const out: string[] = [];
  for (const c of candidates) {
    const profile = await loadAccessProfile(db, c.id, nowMs);
    const scope = profile.scopes.get(permission);
    if (scope && inScope(scope, owner)) out.push(c.id);
  }
  return out;
}

/** Rows per INSERT of `notify` (10 parameters a row: well under every engine's limit). */
const NOTIFY_BATCH = 200;

/**
 * Writes one notification per user, once per dedupe key and user (a repeat run adds nothing),
 * as set-based INSERTs (one per 200 users). Returns how many were written.
 */
export async function notify(
  db: Kysely<Database>,
  at: string,
  userIds: string[],
  n: {
    kind: NotificationKind;
    title: string;
    body: string;
    resourceType?: string;
    resourceId?: string;
    dedupeKey: string;
  },
): Promise<number> {
  let written = 0;
  const users = [...new Set(userIds)];
  for (let i = 0; i < users.length; i += NOTIFY_BATCH) {
    const res = await db
      .insertInto('notifications')
      .values(
        users.slice(i, i + NOTIFY_BATCH).map((userId) => ({
          id: newId(),
          user_id: userId,
          kind: n.kind,
          title: n.title,
          body: n.body,
          resource_type: n.resourceType ?? null,
          resource_id: n.resourceId ?? null,
          dedupe_key: `${n.dedupeKey}:${userId}`,
          read_at: null,
          created_at: at,
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    written += Number(res.numInsertedOrUpdatedRows ?? 0n);
  }
  return written;
}

/** The caller's notifications, newest first, with the unread count. */
export async function listMyNotifications(
  ctx: Ctx,
  q: { unreadOnly?: boolean | undefined; page: number; pageSize: number },
): Promise<{ items: NotificationView[]; total: number; unread: number }> {
  const actor = requireActor(ctx);
  let base = ctx.db.selectFrom('notifications').where('user_id', '=', actor.userId);
  if (q.unreadOnly) base = base.where('read_at', 'is', null);
  const [count, unread, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', actor.userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return {
    total: Number(count.n),
    unread: Number(unread.n),
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind as NotificationKind,
      title: r.title,
      body: r.body,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      read: r.read_at !== null,
      createdAt: r.created_at,
    })),
  };
}

/** Marks one of the caller's notifications read (NOT_FOUND for anyone else's). */
export async function markNotificationRead(ctx: Ctx, id: string): Promise<void> {
  const actor = requireActor(ctx);
  const res = await ctx.db
    .updateTable('notifications')
    .set({ read_at: nowIso(ctx) })
    .where('id', '=', id)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw errors.notFound('notification');
}
