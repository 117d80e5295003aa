import { type Kysely, sql } from 'kysely';
import { resolveResourceIds } from './audit.resolve.js';
import { SECURITY_ACTION_PREFIX } from './audit.security.js';
import type { AuditEventRow } from './audit.tables.js';
import type { Database } from '../../db/types.js';

/** Filters of the audit log. */
export interface AuditFilters {
  actor?: string | undefined;
  action?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  /** What a person knows of the record (a number, a username, a name) or its id: see audit.resolve.ts. */
  resource?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** `security`: only the security events (the `security.` actions). */
  category?: 'security' | undefined;
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
  /** What the record is called (a report's or clue's number, a person's or unit's name), when known. */
  resourceName: string | null;
}

/** The filters with `resource` resolved to the ids it may stand for. */
type Resolved = AuditFilters & { resourceIds?: string[] | undefined };

async function resolve(db: Kysely<Database>, f: AuditFilters): Promise<Resolved> {
  return f.resource ? { ...f, resourceIds: await resolveResourceIds(db, f.resource) } : f;
}

function filtered(db: Kysely<Database>, f: Resolved) {
  let q = db.selectFrom('audit_events');
  if (f.resourceIds) q = q.where('resource_id', 'in', f.resourceIds.length ? f.resourceIds : ['']);
  if (f.category === 'security') q = q.where('action', 'like', `${SECURITY_ACTION_PREFIX}%`);
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

/** The records an event can be named by: resource type → how to read a name for an id. */
const NAMERS: Record<string, (db: Kysely<Database>, ids: string[]) => Promise<{ id: string; name: string | null }[]>> =
  {
    report: (db, ids) => db.selectFrom('reports').select(['id', 'number as name']).where('id', 'in', ids).execute(),
    clue: (db, ids) => db.selectFrom('clues').select(['id', 'number as name']).where('id', 'in', ids).execute(),
    user: (db, ids) =>
      db
        .selectFrom('users')
        .select(['id', sql<string>`display_name || '（' || username || '）'`.as('name')])
        .where('id', 'in', ids)
        .execute(),
    unit: (db, ids) => db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute(),
    role: (db, ids) => db.selectFrom('roles').select(['id', 'name']).where('id', 'in', ids).execute(),
    zone: (db, ids) => db.selectFrom('zones').select(['id', 'name']).where('id', 'in', ids).execute(),
    region: (db, ids) => db.selectFrom('regions').select(['code as id', 'name']).where('code', 'in', ids).execute(),
  };

/**
 * Names the records of a page of events (one query per resource type on the page): the audit
 * administrator sees a report's number or an account's name instead of a bare id. Names of
 * people outside the accounts (staff, subjects) are not shown: the audit roles may not read them.
 */
async function nameResources(db: Kysely<Database>, rows: AuditEventRow[]): Promise<Map<string, string>> {
  const byType = new Map<string, Set<string>>();
  for (const r of rows)
    if (r.resource_id && NAMERS[r.resource_type])
      (byType.get(r.resource_type) ?? byType.set(r.resource_type, new Set()).get(r.resource_type)!).add(r.resource_id);
  const names = new Map<string, string>();
  await Promise.all(
    [...byType].map(async ([type, ids]) => {
      for (const { id, name } of await NAMERS[type]!(db, [...ids])) if (name) names.set(`${type}:${id}`, name);
    }),
  );
  return names;
}

function present(r: AuditEventRow, names?: Map<string, string>): AuditEventView {
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
    resourceName: (r.resource_id && names?.get(`${r.resource_type}:${r.resource_id}`)) ?? null,
  };
}

/** Lists audit events newest first. */
export async function listAuditEvents(
  db: Kysely<Database>,
  filters: AuditFilters & { page: number; pageSize: number },
): Promise<{ items: AuditEventView[]; total: number }> {
  const f = { ...(await resolve(db, filters)), page: filters.page, pageSize: filters.pageSize };
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
  const names = await nameResources(db, rows);
  return { items: rows.map((r) => present(r, names)), total: Number(count.n) };
}

/** Streams every matching event in chain order, in batches, for exports. */
export async function* iterateAuditEvents(db: Kysely<Database>, filters: AuditFilters): AsyncGenerator<AuditEventView> {
  const f = await resolve(db, filters);
  let after = 0;
  for (;;) {
    const rows = await filtered(db, f).selectAll().where('seq', '>', after).orderBy('seq').limit(2000).execute();
    const names = await nameResources(db, rows);
    for (const r of rows) yield present(r, names);
    if (rows.length < 2000) return;
    after = Number(rows.at(-1)!.seq);
  }
}
