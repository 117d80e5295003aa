import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './types.js';
import type { JobRow } from '../modules/jobs/index.js';
import { transact } from './durability.js';

/** The few things that differ between SQLite and PostgreSQL, behind one interface. */
export interface DialectHelpers {
  /** Engine name reported by /api/health. */
  readonly name: 'sqlite' | 'postgres';
  /**
   * Locks the audit chain's tip for the rest of `trx`, so appends are serialized; returns the tip
   * where taking the lock read it (PostgreSQL: one round trip instead of two), else null.
   */
  lockAuditHead(trx: Transaction<Database>): Promise<AuditHeadRow | null>;
  /**
   * Claims up to `limit` due jobs for `workerId` until `leaseUntil`; on PostgreSQL with row
   * locks that skip rows other workers hold (FOR UPDATE SKIP LOCKED).
   */
  claimJobs(
    db: Kysely<Database>,
    limit: number,
    workerId: string,
    nowIso: string,
    leaseUntil: string,
  ): Promise<JobRow[]>;
}

/** The audit chain's tip as stored (`audit_head`). */
export interface AuditHeadRow {
  last_seq: number | string;
  last_hash: string;
  keyed_from: number | string;
}

/** SQLite: one writer at a time, so locks are implicit. */
export const sqliteDialect: DialectHelpers = {
  name: 'sqlite',
  async lockAuditHead() {
    // better-sqlite3 is one connection serialized by Kysely's driver mutex: the transaction is
    // already the only writer.
    return null;
  },
  async claimJobs(db, limit, workerId, nowIso, leaseUntil) {
    return transact(db, async (trx) => {
      const ids = await trx
        .selectFrom('jobs')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', nowIso)]),
            eb.and([eb('status', '=', 'running'), eb('locked_until', '<', nowIso)]),
          ]),
        )
        .orderBy('run_at')
        .limit(limit)
        .execute();
      if (ids.length === 0) return [];
      return trx
        .updateTable('jobs')
        .set({ status: 'running', locked_by: workerId, locked_until: leaseUntil, attempts: sql`attempts + 1` })
        .where(
          'id',
          'in',
          ids.map((r) => r.id),
        )
        .returningAll()
        .execute();
    });
  },
};

/** PostgreSQL: explicit row locks. */
export const postgresDialect: DialectHelpers = {
  name: 'postgres',
  async lockAuditHead(trx) {
    const { rows } = await sql<AuditHeadRow>`
      select last_seq, last_hash, keyed_from from audit_head where id = 1 for update`.execute(trx);
    return rows[0] ?? null;
  },
  async claimJobs(db, limit, workerId, nowIso, leaseUntil) {
    const res = await sql<JobRow>`
      update jobs set status = 'running', locked_by = ${workerId}, locked_until = ${leaseUntil},
        attempts = attempts + 1
      where id in (
        select id from jobs
        where (status = 'pending' and run_at <= ${nowIso})
           or (status = 'running' and locked_until < ${nowIso})
        order by run_at
        limit ${limit}
        for update skip locked
      )
      returning *`.execute(db);
    return res.rows;
  },
};
