import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { connectPostgresClient } from '../../db/pg-failover.js';
import { RANGE_SQL, RangeVerifier, type RawAuditRow, type WorkerInput } from './audit-verify.js';
import { eventHasher } from './audit.chain.js';

/** Worker: verifies one range of the audit chain over its own read-only connection. */

const { source, from, to, chainKey, keyedFrom } = workerData as WorkerInput;

async function verifyPostgres(v: RangeVerifier): Promise<void> {
  // Multi-host URLs too (a failover pair): the first host that suits target_session_attrs.
  const client = await connectPostgresClient(
    source.databaseUrl,
    source.pgSchema ? { options: `-c search_path=${source.pgSchema}` } : {},
  );
  try {
    for (let start = from; start <= to; start += 20_000) {
      const res = await client.query<RawAuditRow>({
        text: RANGE_SQL,
        values: [start, Math.min(to, start + 19_999)],
        rowMode: 'array',
      });
      for (const row of res.rows) if (!v.push(row)) return;
    }
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const v = new RangeVerifier(from, to, eventHasher(chainKey, keyedFrom));
  if (/^postgres(ql)?:\/\//.test(source.databaseUrl)) {
    await verifyPostgres(v);
    parentPort!.postMessage(v.result());
    return;
  }
  const file = source.databaseUrl.startsWith('sqlite:')
    ? source.databaseUrl.slice('sqlite:'.length)
    : source.databaseUrl;
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const stmt = db.prepare(RANGE_SQL.replace('$1', '?').replace('$2', '?')).raw(true);
    for (const row of stmt.iterate(from, to) as Iterable<RawAuditRow>) if (!v.push(row)) break;
    parentPort!.postMessage(v.result());
  } finally {
    db.close();
  }
}

void main();
