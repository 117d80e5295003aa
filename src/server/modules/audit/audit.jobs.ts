/** Jobs of the audit module: anchoring the chain's head outside the database, archiving old events. */
import type { JobDefinition } from '../../shared/module.js';
import { writeAuditAnchor } from './audit.anchors.js';
import { archiveAuditEvents } from './audit.archive.js';

/** The module's jobs: the head is appended to the anchor file every hour (a repeat only adds a line). */
export const auditJobs: JobDefinition[] = [
  {
    kind: 'audit.anchor',
    every: 'hour',
    run: async (_payload, _job, env) => {
      await writeAuditAnchor(env.db, env.clock.nowMs());
    },
  },
  {
    // Events older than the online period (QF_AUDIT_ONLINE_MONTHS, at least 6) go to signed files.
    kind: 'audit.archive',
    every: 'day',
    run: async (_payload, _job, env) => {
      const run = await archiveAuditEvents(env.db, env.dialect, env.clock.nowMs(), env.log);
      if (run.archives.length > 0 || run.pruned > 0)
        env.log.info({ archives: run.archives.length, pruned: run.pruned }, 'audit retention ran');
    },
  },
];
