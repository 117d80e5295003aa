/**
 * The clue ledger's Excel export as a stream: which clues the file carries is read first (ids
 * and numbers only) in the transaction that records the `clue.export` audit event naming every
 * one; the ledger lines are then read batch by batch while the file is written, and only the
 * named clues are written. Memory holds the ids, never the rows; a clue registered between the
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

/**
 * Rows per read of the stream: small, so a batch is collected young while the sheet is written
 * (as the intake ledger's export, bench/ledger-export.bench.ts).
 */
export const CLUE_STREAM_BATCH = 250;

/** Ids read per statement while the grant is recorded (two columns a row). */
const GRANT_BATCH = 2_000;

/** The keyset bound after the last row read (newest first: received_at desc, id desc). */
type After = { at: string; id: string } | null;

/**
 * Records which clues an export of `q` carries: one `clue.export` audit event naming every one
 * (id and number) and the filters, in one transaction. Returns the set the stream may write.
 */
export async function grantClueExport(ctx: Ctx, q: ClueLedgerQuery): Promise<ReadonlySet<string>> {
  return inTransaction(ctx, async (tx) => {
    const ids = new Set<string>();
    const listed: [string, string][] = [];
    let after: After = null;
    for (;;) {
      let query = (await clueLedgerQuery(tx, q)).select(['c.id', 'c.number', 'c.received_at']);
      if (after) {
        const { at, id } = after;
        query = query
          .where('c.received_at', '<=', at)
          .where((eb) => eb.or([eb('c.received_at', '<', at), eb('c.id', '<', id)]));
      }
      const rows = await query.orderBy('c.received_at', 'desc').orderBy('c.id', 'desc').limit(GRANT_BATCH).execute();
      for (const r of rows) {
        ids.add(r.id);
        listed.push([r.id, r.number]);
      }
      if (rows.length < GRANT_BATCH) break;
      const last = rows[rows.length - 1]!;
      after = { at: last.received_at, id: last.id };
    }
    await recordAudit(tx, {
      action: 'clue.export',
      resourceType: 'clue',
      changes: { filters: [null, q], clues: [null, listed] },
    });
    return ids;
  });
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
  let after: After = null;
  for (;;) {
    let query = withClueColumns(ctx, await clueLedgerQuery(ctx, q));
    if (after) {
      const { at, id } = after;
      query = query
        .where('c.received_at', '<=', at)
        .where((eb) => eb.or([eb('c.received_at', '<', at), eb('c.id', '<', id)]));
    }
    const rows = await query.orderBy('c.received_at', 'desc').orderBy('c.id', 'desc').limit(batch).execute();
    const clocks = await disposalClocks(
      ctx,
      rows.map((r) => r.id),
    );
    for (const r of rows) if (granted.has(r.id)) yield presentLine(r, clocks.get(r.id));
    if (rows.length < batch) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.received_at, id: last.id };
  }
}
