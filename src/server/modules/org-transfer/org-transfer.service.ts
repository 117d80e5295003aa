/**
 * Import of the organisation workbook (capability C1; the layout is in
 * `org-transfer.workbook.ts`, the export in `org-transfer.export.ts`). An import is all or
 * nothing: every row is validated first (`plan/`), and one bad row rejects the whole file with
 * the list of bad rows (IMPORT_REJECTED); a valid file is written in one transaction by the
 * modules that own the tables (`org-transfer.write.ts`), with one audit event.
 */
import { createHash } from 'node:crypto';
import { invalidateAccessCache } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { readTransferWorkbook } from './org-transfer.read.js';
import { TRANSFER_ENTITIES, type TransferCounts, zeroCounts } from './org-transfer.workbook.js';
import { writePlan } from './org-transfer.write.js';
import { planImport } from './plan/plan.js';

export { readTransferWorkbook } from './org-transfer.read.js';

/** What an import did (or, in a dry run, would do). */
export interface ImportResult {
  /** Rows inserted plus rows updated, per sheet. */
  imported: TransferCounts;
  inserted: TransferCounts;
  updated: TransferCounts;
  /** Rows identical to the database (nothing written). */
  unchanged: TransferCounts;
  dryRun: boolean;
}

/**
 * Imports an organisation workbook (the export's layout, any subset of sheets): validates every
 * row against the database and the importer's `org.import` scope, then — unless `dryRun` —
 * writes all of it in one transaction with one `organisation.import` audit event. Rows with an
 * existing id or code update it; others are inserted (a non-UUID id is a key local to the file).
 * Throws INVALID_FILE, IMPORT_REJECTED (`details.rows`: every bad row), CONFLICT (a row changed
 * while the file was being checked).
 */
export async function importOrganisation(ctx: Ctx, buffer: Buffer, opts: { dryRun: boolean }): Promise<ImportResult> {
  const wb = await readTransferWorkbook(buffer);
  const plan = await planImport(ctx, wb);
  const inserted = zeroCounts();
  const updated = zeroCounts();
  const imported = zeroCounts();
  for (const e of TRANSFER_ENTITIES) {
    inserted[e] = plan[e].inserts.length;
    updated[e] = plan[e].updates.length;
    imported[e] = inserted[e] + updated[e];
  }
  if (!opts.dryRun) {
    await inTransaction(ctx, async (tx) => {
      await writePlan(tx, plan);
      const changes: Record<string, [unknown, unknown]> = {};
      for (const e of TRANSFER_ENTITIES) changes[e] = [null, { inserted: inserted[e], updated: updated[e] }];
      changes.sha256 = [null, createHash('sha256').update(buffer).digest('hex')];
      await recordAudit(tx, {
        action: 'organisation.import',
        resourceType: 'organisation',
        resourceId: null,
        unitId: ctx.actor?.unitId ?? null,
        changes,
      });
    });
    invalidateAccessCache();
  }
  return { imported, inserted, updated, unchanged: plan.unchanged, dryRun: opts.dryRun };
}
