/**
 * The jobs module: the job queue and its worker.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { queueJobs } from './jobs.jobs.js';

export { DONE_JOB_RETENTION_MS, purgeDoneJobs } from './jobs.jobs.js';
export { type QueuedJobCount, countQueuedJobs } from './jobs.metrics.js';
export { Worker, enqueueJob } from './jobs.service.js';
export type { JobRow, JobsTables } from './jobs.tables.js';

/** The jobs module as the platform sees it: its routes, jobs and scoped tables. */
export const jobsModule: ModuleDefinition = {
  name: 'jobs',
  jobs: queueJobs,
};
