import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import type { Ctx } from '../../shared/context.js';
import { nowIso, requireActor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { loadAccessProfile } from '../access/access.service.js';
import type { Permission } from '../access/permissions.js';
import { inScope } from '../access/scope.js';
import { DEADLINE_KINDS, DUE_SOON_DAYS, type DeadlineKind, addDays } from '../deadlines/deadlines.service.js';
import { transact } from '../../db/durability.js';

/** Kinds of in-app notification. */
export const NOTIFICATION_KINDS = [
  'deadline_due_soon',
  'deadline_overdue',
  'report_transferred_in',
  'recheck_requested',
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

/** Writes one notification per user, once per dedupe key (a repeat run adds nothing). */
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
  for (const userId of userIds) {
    const res = await db
      .insertInto('notifications')
      .values({
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
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    written += Number(res.numInsertedOrUpdatedRows ?? 0n);
  }
  return written;
}

/**
 * The reminder job: for every running clock that became due soon or overdue since the last
 * run, notifies the people who handle reports in its unit (report.manage in scope). Each clock
 * is reminded once per stage; running it twice a day sends nothing new.
 */
export async function sendDeadlineReminders(db: Kysely<Database>, clock: Clock): Promise<number> {
  const now = new Date(clock.nowMs()).toISOString();
  const today = toShanghaiDate(now);
  const rows = await db
    .selectFrom('deadlines as d')
    .leftJoin('reports as r', (j) => j.onRef('r.id', '=', 'd.resource_id').on('d.resource_type', '=', 'report'))
    .select([
      'd.id',
      'd.kind',
      'd.due_on',
      'd.reminded_stage',
      'd.resource_type',
      'd.resource_id',
      'd.owner_unit_id',
      'd.owner_unit_path',
      'd.region_path',
      'r.number',
      'r.subject_name',
    ])
    .where('d.met_at', 'is', null)
    .where('d.due_on', '<=', addDays(today, DUE_SOON_DAYS))
    .where((eb) => eb.or([eb('d.reminded_stage', 'is', null), eb('d.reminded_stage', '!=', 'overdue')]))
    .execute();
  let sent = 0;
  for (const d of rows) {
    const stage = d.due_on < today ? 'overdue' : 'due_soon';
    if (d.reminded_stage === stage) continue;
    const label = DEADLINE_KINDS[d.kind as DeadlineKind]?.label ?? d.kind;
    const what = d.number ? `${d.number}（${d.subject_name ?? ''}）` : (d.subject_name ?? '');
    const users = await usersCovering(db, clock.nowMs(), 'report.manage', d);
    await transact(db, async (trx) => {
      sent += await notify(trx, now, users, {
        kind: stage === 'overdue' ? 'deadline_overdue' : 'deadline_due_soon',
        title: stage === 'overdue' ? `已超期：${label}` : `即将到期：${label}`,
        body: `${what} 的“${label}”时限为 ${d.due_on}${stage === 'overdue' ? '，已超期' : ''}。`,
        resourceType: d.resource_type,
        resourceId: d.resource_id,
        dedupeKey: `deadline:${d.id}:${stage}`,
      });
      await trx.updateTable('deadlines').set({ reminded_stage: stage }).where('id', '=', d.id).execute();
    });
  }
  return sent;
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
