/**
 * Jobs of the cases module: sweeping what interrupted evidence uploads left in the evidence blob
 * store (`<dataDir>/evidence`, beside the report attachments' store, which its own sweep covers).
 */
import { join } from 'node:path';
import type { JobDefinition } from '../../shared/module.js';
import { blobStoreFor, sweepStoreOrphans } from '../attachments/index.js';

/** The evidence blob store's folder under the data folder (where `cases.files.ts` seals). */
export const EVIDENCE_DIR = 'evidence';

/** The evidence blob store's root under the data folder (as `cases.files.ts` writes it). */
export const evidenceRoot = (dataDir: string): string => join(dataDir, EVIDENCE_DIR);

/** The module's jobs, each once a day. */
export const caseJobs: JobDefinition[] = [
  {
    // Temp files of uploads that a crash interrupted (never renamed into place).
    kind: 'cases.sweep_file_temp',
    every: 'day',
    run: async (_payload, _job, env) => {
      await blobStoreFor(evidenceRoot(env.dataDir)).sweepTemp(3600_000);
    },
  },
  {
    // Sealed evidence blobs older than a day that no `case_files` row references (a crash, or a
    // refused write, between storing the bytes and committing the row); counts audited.
    kind: 'cases.sweep_file_orphans',
    every: 'day',
    run: async (_payload, _job, env) => {
      await sweepStoreOrphans(env.db, env.dialect, env.clock, {
        root: evidenceRoot(env.dataDir),
        referenced: async (blobIds) => {
          const rows = await env.db
            .selectFrom('case_files')
            .select('blob_id')
            .where('blob_id', 'in', blobIds)
            .execute();
          return new Set(rows.map((r) => r.blob_id));
        },
        action: 'case.file_sweep_orphans',
        resourceType: 'case_file',
      });
    },
  },
];
