/** Jobs of the attachments module: sweeping what interrupted uploads left behind. */
import type { JobDefinition } from '../../shared/module.js';
import { blobStoreFor, sweepOrphanBlobs } from './attachments.service.js';

/** The module's jobs, each once a day. */
export const attachmentJobs: JobDefinition[] = [
  {
    // Temp files left by uploads that a crash interrupted (never renamed into place).
    kind: 'attachments.sweep_temp',
    every: 'day',
    run: async (_payload, _job, env) => {
      await blobStoreFor(env.dataDir).sweepTemp(3600_000);
    },
  },
  {
    // Finished blobs older than a day that no attachment row references (a crash between writing
    // the blob and committing its row); the run's counts go to the audit log.
    kind: 'attachments.sweep_orphans',
    every: 'day',
    run: async (_payload, _job, env) => {
      await sweepOrphanBlobs(env.db, env.dialect, env.clock, env.dataDir);
    },
  },
];
