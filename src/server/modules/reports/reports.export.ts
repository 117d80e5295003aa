/** The ledger as a stream of rows for the Excel export, with the identity opened only for holders of report.identity. */
import type { Ctx } from '../../shared/context.js';
import { can } from '../../shared/context.js';
import { type LedgerQuery, ledgerQuery, withColumns } from './reports.ledger.js';
import { type ListedRow, type ReporterIdentity, reporterContext } from './reports.model.js';

/**
 * Rows per read of `streamLedger`. Small on purpose: a 2,000-row batch outlives several young
 * garbage collections while the export writes it, gets promoted, and let the server's heap grow
 * by ~180 MB over a 100,000-row export before a full collection; at 250 the heap stays flat
 * (bench/ledger-export.bench.ts, docs/benchmarks.md).
 */
export const STREAM_BATCH = 250;

/** Streams the ledger rows of `q` in pages of `batch` (keyset on received_at, id), newest first. */
export async function* streamLedger(
  ctx: Ctx,
  q: LedgerQuery,
  batch = STREAM_BATCH,
): AsyncGenerator<ListedRow & { reporter_enc: string | null }> {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    // In list order (the scope only filters) with an index-friendly keyset bound: each batch is a
    // range read, never a sort of the whole scope.
    let query = withColumns(await ledgerQuery(ctx, q, false)).select('r.reporter_enc');
    if (after) {
      const { at, id } = after;
      query = query
        .where('r.received_at', '<=', at)
        .where((eb) => eb.or([eb('r.received_at', '<', at), eb('r.id', '<', id)]));
    }
    const rows = (await query
      .orderBy('r.received_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(batch)
      .execute()) as (ListedRow & {
      reporter_enc: string | null;
    })[];
    for (const r of rows) yield r;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.received_at, id: last.id };
  }
}

/** Opens a sealed identity (for the export of a holder of report.identity). */
export function openIdentity(ctx: Ctx, id: string, sealed: string): ReporterIdentity {
  return JSON.parse(ctx.keyring.openText(sealed, reporterContext(id))) as ReporterIdentity;
}

/** Whether an export by the caller may include reporter identity. */
export function exportIncludesIdentity(ctx: Ctx): boolean {
  return can(ctx, 'report.identity');
}
