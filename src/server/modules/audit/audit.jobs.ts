/** Jobs of the audit module: anchoring the chain's head outside the database. */
import type { JobDefinition } from '../../shared/module.js';
import { writeAuditAnchor } from './audit.anchors.js';

/** The module's jobs: the head is appended to the anchor file every hour (a repeat only adds a line). */
export const auditJobs: JobDefinition[] = [
  {
    kind: 'audit.anchor',
    every: 'hour',
    run: async (_payload, _job, env) => {
      await writeAuditAnchor(env.db, env.clock.nowMs());
    },
  },
];
