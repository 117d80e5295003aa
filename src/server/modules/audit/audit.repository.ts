import type { Kysely } from 'kysely';
import type { AuditEventRow } from './audit.tables.js';
import type { Database } from '../../db/types.js';

/** Filters of the audit log. */
export interface AuditFilters {
  actor?: string | undefined;
  action?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** An audit event as the API shows it. */
export interface AuditEventView {
  seq: number;
  occurredAt: string;
  actorUsername: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  unitId: string | null;
  requestId: string | null;
  changes: Record<string, unknown> | null;
}

function filtered(db: Kysely<Database>, f: AuditFilters) {
  let q = db.selectFrom('audit_events');
  if (f.actor) q = q.where('actor_username', '=', f.actor);
  if (f.action)
    q = f.action.endsWith('.')
      ? q.where('action', 'like', `${f.action.replace(/[%_]/g, '')}%`)
      : q.where('action', '=', f.action);
  if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
  if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
  if (f.from) q = q.where('occurred_at', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('occurred_at', '<', new Date(f.to).toISOString());
  return q;
}

function present(r: AuditEventRow): AuditEventView {
  return {
    seq: Number(r.seq),
    occurredAt: r.occurred_at,
    actorUsername: r.actor_username,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    unitId: r.unit_id,
    requestId: r.request_id,
    changes: r.changes ? (JSON.parse(r.changes) as Record<string, unknown>) : null,
  };
}

/** Lists audit events newest first. */
export async function listAuditEvents(
  db: Kysely<Database>,
  f: AuditFilters & { page: number; pageSize: number },
): Promise<{ items: AuditEventView[]; total: number }> {
  const [count, rows] = await Promise.all([
    filtered(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    filtered(db, f)
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return { items: rows.map(present), total: Number(count.n) };
}

/** Streams every matching event in chain order, in batches, for exports. */
export async function* iterateAuditEvents(db: Kysely<Database>, f: AuditFilters): AsyncGenerator<AuditEventView> {
  let after = 0;
  for (;;) {
    const rows = await filtered(db, f).selectAll().where('seq', '>', after).orderBy('seq').limit(2000).execute();
    for (const r of rows) yield present(r);
    if (rows.length < 2000) return;
    after = Number(rows.at(-1)!.seq);
  }
}
