/**
 * The ledger as a stream of rows for the Excel export. The export carries no reporter identity
 * unless the caller holds report.identity and states a reason (the reveal rule); either way one
 * audit event names every report that left in the file, written in the transaction that read them.
 */
import type { Ctx } from '../../shared/context.js';
import { can, inTransaction } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
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
export async function* streamLedger(ctx: Ctx, q: LedgerQuery, batch = STREAM_BATCH): AsyncGenerator<ListedRow> {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    // In list order (the scope only filters) with an index-friendly keyset bound: each batch is a
    // range read, never a sort of the whole scope.
    let query = withColumns(await ledgerQuery(ctx, q, false));
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
      .execute()) as ListedRow[];
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

/** What an export may write, as fixed (and audited) before its first row is sent. */
export interface ExportGrant {
  /** The reports the file may carry: exactly those named in the audit event. */
  ids: ReadonlySet<string>;
  /** The opened identities of the named reports among them (empty without a stated reason). */
  identities: ReadonlyMap<string, ReporterIdentity>;
}

/**
 * Reads which reports an export of `q` will carry, and records that read in one audit event in
 * the same transaction: `report.export` naming every report (ids and numbers), or, with
 * `identityReason`, `report.identity_export` naming the reason and every report whose identity
 * leaves in the file (the reveal rule: report.identity and a reason). Rows added after this
 * read are left out of the file, so nothing leaves unaudited. FORBIDDEN (report.identity) when
 * a reason is given without the permission.
 */
export async function grantExport(ctx: Ctx, q: LedgerQuery, identityReason: string | null): Promise<ExportGrant> {
  if (identityReason !== null && !can(ctx, 'report.identity')) throw errors.forbidden('report.identity');
  return inTransaction(ctx, async (tx) => {
    const ids = new Set<string>();
    const identities = new Map<string, ReporterIdentity>();
    const listed: [string, string | null][] = [];
    const revealed: [string, string | null][] = [];
    let after: { at: string; id: string } | null = null;
    for (;;) {
      // The list's own query and keyset (see streamLedger), narrowed to the columns the audit needs.
      let query = (await ledgerQuery(tx, q, false)).select(['r.id', 'r.number', 'r.received_at', 'r.reporter_enc']);
      if (after) {
        const { at, id } = after;
        query = query
          .where('r.received_at', '<=', at)
          .where((eb) => eb.or([eb('r.received_at', '<', at), eb('r.id', '<', id)]));
      }
      const rows = await query.orderBy('r.received_at', 'desc').orderBy('r.id', 'desc').limit(2000).execute();
      for (const r of rows) {
        ids.add(r.id);
        listed.push([r.id, r.number]);
        if (identityReason !== null && r.reporter_enc) {
          identities.set(r.id, openIdentity(tx, r.id, r.reporter_enc));
          revealed.push([r.id, r.number]);
        }
      }
      if (rows.length < 2000) break;
      const last = rows[rows.length - 1]!;
      after = { at: last.received_at, id: last.id };
    }
    await recordAudit(tx, {
      action: identityReason === null ? 'report.export' : 'report.identity_export',
      resourceType: 'report',
      changes: {
        filters: [null, q],
        ...(identityReason === null ? {} : { reason: [null, identityReason], identities: [null, revealed] }),
        reports: [null, listed],
      },
    });
    return { ids, identities };
  });
}
