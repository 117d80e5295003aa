/**
 * The clue-assignment module (分办): the assignment opinion (分办意见) through the approval chain,
 * the unit and zone clue pools (线索池), putting people on a pooled clue after the conflict check,
 * and the clue as a recusal target. A module of its own because it joins clues with recusal and
 * intake (the named reporter), and recusal already depends on intake, which depends on clues:
 * inside the clues module it would close a cycle. It writes clue rows only through the clues index.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import { CLUE_EVENT_LABELS } from '../../shared/clues.codes.js';
import type { ModuleDefinition } from '../../shared/module.js';
import { onApprovalDecided } from '../approvals/index.js';
import { registerClueTrailSource } from '../clues/index.js';
import { recusalsOf, registerRecusalTarget } from '../recusal/index.js';
import { clueAssignmentRoutes } from './clues.assignment.routes.js';
import { ASSIGNMENT_ACTION, onAssignmentDecided } from './clues.assignment.js';
import { loadClueRecusalTarget } from './clues.recusal-target.js';
import { clueAssignmentWorkbench } from './clues.pools.workbench.js';

export {
  type AssignmentOpinionInput,
  type AssignmentTargets,
  assignmentTargets,
  draftAssignmentOpinion,
} from './clues.assignment.js';
export { type AssignPeopleInput, type RemoveMemberInput, assignPeople, removeMember } from './clues.assign-people.js';
export { type PoolLine, type PoolListQuery, type PoolPage, type PoolQuery, listPool } from './clues.pools.js';
export { buildAssignmentOpinion } from './clues.assignment-document.js';

// At load: the chain's decision moves the clue, and recusal knows a clue's subjects and reporter.
onApprovalDecided(ASSIGNMENT_ACTION, onAssignmentDecided);
registerRecusalTarget('clue', loadClueRecusalTarget);
// A person recused from a clue is named in its trail (the decision is the recusal module's record).
registerClueTrailSource(async (ctx, clueId) =>
  (await recusalsOf(ctx, 'clue', clueId)).map((r) => ({
    at: r.decidedAt ?? '',
    actorUserId: null,
    actorName: r.decidedByName ?? '系统',
    action: 'recused',
    label: CLUE_EVENT_LABELS.recused,
    note: `${r.userName}回避本线索`,
    meetingId: null,
  })),
);

/** The clue-assignment module as the platform sees it: its routes and workbench card. */
export const clueAssignmentModule: ModuleDefinition = {
  name: 'clue-assignment',
  routes: [clueAssignmentRoutes],
  workbench: clueAssignmentWorkbench,
};
