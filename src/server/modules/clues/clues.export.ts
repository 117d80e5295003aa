/**
 * Streamed Excel exports of clue lists (the ledger, a pool): which clues the file carries is read
 * first (ids and numbers only) in the transaction that records the export's audit event naming
 * every one; the lines are then read batch by batch (keyset) while the file is written, and only
 * the named clues are written. Memory holds the ids, never the rows; a clue registered between the
 * two reads is left out, so nothing leaves the platform unaudited.
 */
import { type Ctx, inTransaction } from '../../shared/context.js';
import { recordAudit } from '../audit/index.js';
import {
  type ClueLedgerQuery,
  type ClueLine,
  clueLedgerQuery,
  disposalClocks,
  presentLine,
  withClueColumns,
} from './clues.ledger.js';
import { type CluesQuery, type KeysetOrder, afterKey, keysetBatches } from './clues.ledger-plan.js';

/**
 * Rows per read of the stream: small, so a batch is collected young while the sheet is written
 * (as the intake ledger's export, bench/ledger-export.bench.ts).
 */
export const CLUE_STREAM_BATCH = 250;

/** Ids read per statement while the grant is recorded (two columns a row). */
const GRANT_BATCH = 2_000;

/** What an audited clue export carries: its filtered query (built per transaction), its order, its audit action. */
export interface ClueExportSource {
  /** The audit action naming the clues (`clue.export`, `clue.pool_export`). */
  action: string;
  /** The filters, recorded in the audit event as given. */
  filters: object;
  /** The filtered, scoped query over `clues as c` (no columns). */
  query: (ctx: Ctx) => Promise<CluesQuery>;
  order: KeysetOrder;
}

/**
 * Records which clues an export of `source` carries: one audit event naming every one (id and
 * number) and the filters, in one transaction. Returns the set the stream may write.
 */
export async function grantClues(ctx: Ctx, source: ClueExportSource): Promise<ReadonlySet<string>> {
  return inTransaction(ctx, async (tx) => {
    const ids = new Set<string>();
    const listed: [string, string][] = [];
    const read = async (after: Parameters<typeof afterKey>[1] | null) => {
      let query = await source.query(tx);
      if (after) query = afterKey(query, after, source.order);
      return query
        .select(['c.id', 'c.number', 'c.received_at'])
        .orderBy('c.received_at', source.order)
        .orderBy('c.id', source.order)
        .limit(GRANT_BATCH)
        .execute();
    };
    for await (const rows of keysetBatches(read, GRANT_BATCH))
      for (const r of rows) {
        ids.add(r.id);
        listed.push([r.id, r.number]);
      }
    await recordAudit(tx, {
      action: source.action,
      resourceType: 'clue',
      changes: { filters: [null, source.filters], clues: [null, listed] },
    });
    return ids;
  });
}

/** Records which clues the ledger export of `q` carries (`clue.export`); see `grantClues`. */
export async function grantClueExport(ctx: Ctx, q: ClueLedgerQuery): Promise<ReadonlySet<string>> {
  return grantClues(ctx, ledgerSource(q));
}

/** The ledger export's source: the ledger query, newest first. */
function ledgerSource(q: ClueLedgerQuery): ClueExportSource {
  return { action: 'clue.export', filters: q, query: (ctx) => clueLedgerQuery(ctx, q), order: 'desc' };
}

/**
 * Streams the ledger lines of `q` newest first, `batch` rows per statement (keyset on
 * received_at, id), each with its timer 1 clock; only the clues in `granted` are yielded.
 */
export async function* streamClueLines(
  ctx: Ctx,
  q: ClueLedgerQuery,
  granted: ReadonlySet<string>,
  batch = CLUE_STREAM_BATCH,
): AsyncGenerator<ClueLine> {
  const read = async (after: Parameters<typeof afterKey>[1] | null) => {
    let query = await clueLedgerQuery(ctx, q);
    if (after) query = afterKey(query, after);
    return withClueColumns(ctx, query).orderBy('c.received_at', 'desc').orderBy('c.id', 'desc').limit(batch).execute();
  };
  for await (const rows of keysetBatches(read, batch)) {
    const clocks = await disposalClocks(
      ctx,
      rows.map((r) => r.id),
    );
    for (const r of rows) if (granted.has(r.id)) yield presentLine(r, clocks.get(r.id));
  }
}
