/** A clue's disposal as its page shows it: the opinions with their approvals, the parking periods. */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { ClueDisposal } from '../../shared/clues.codes.js';
import { type Ctx, nowIso, requireActor } from '../../shared/context.js';
import { CONCLUSION_REASONS, type ConclusionReason } from '../../documents/clue-verification-templates.js';
import { loadInScope } from '../access/index.js';
import { approvalsFor } from '../approvals/index.js';
import { type ClueAction, cluePolicy } from './clues.policy.js';
import type { ClueRow } from './clues.tables.js';

/** The closing reasons' codes (予以了结), for the request schema. */
export const CONCLUSION_REASON_CODES = Object.keys(CONCLUSION_REASONS) as ConclusionReason[];

/** One disposal opinion as the API shows it. */
export interface DisposalOpinionView {
  id: string;
  approvalId: string;
  disposal: ClueDisposal;
  reasons: string;
  plan: string;
  meetingId: string | null;
  noMeetingNote: string | null;
  conclusionReason: string | null;
  conclusionReasonText: string | null;
  conclusionDetail: string | null;
  status: 'pending' | 'returned' | 'approved' | 'rejected' | 'withdrawn';
  draftedBy: string;
  createdAt: string;
  decidedAt: string | null;
  approval: {
    number: string;
    status: string;
    round: number;
    currentHolderName: string | null;
    version: number;
  } | null;
}

/** A clue's disposal. */
export interface DisposalView {
  status: string;
  version: number;
  canPropose: boolean;
  opinions: DisposalOpinionView[];
  parkings: {
    id: string;
    parkedOn: string;
    reviewOn: string;
    status: 'parked' | 'continued' | 'reopened';
    note: string | null;
    reviewedAt: string | null;
    due: boolean;
  }[];
}

/**
 * A clue's disposal opinions (newest first, each with its approval when the reader may read it)
 * and parking periods. Needs to be on the clue (NEED_TO_KNOW), NOT_FOUND outside scope.
 */
export async function readDisposal(ctx: Ctx, clueId: string): Promise<DisposalView> {
  const row = await loadInScope<ClueAction, ClueRow>(ctx, cluePolicy, clueId, 'detail');
  const userId = requireActor(ctx).userId;
  const [opinions, parkings, approvals, role] = await Promise.all([
    ctx.db
      .selectFrom('clue_disposal_opinions')
      .selectAll()
      .where('clue_id', '=', clueId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    ctx.db
      .selectFrom('clue_parkings')
      .selectAll()
      .where('clue_id', '=', clueId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    approvalsFor(ctx, 'clue', clueId),
    ctx.db
      .selectFrom('clue_members')
      .select('role')
      .where('clue_id', '=', clueId)
      .where('user_id', '=', userId)
      .where('role', 'in', ['keeper', 'handler'])
      .where('removed_at', 'is', null)
      .executeTakeFirst(),
  ]);
  const today = toShanghaiDate(nowIso(ctx));
  const byId = new Map(approvals.map((a) => [a.id, a]));
  return {
    status: row.status,
    version: row.version,
    canPropose:
      row.status === 'assigned' && (row.keeper_id === userId || !!role) && ctx.actor!.permissions.has('clue.manage'),
    opinions: opinions.map((o) => {
      const a = byId.get(o.approval_id);
      return {
        id: o.id,
        approvalId: o.approval_id,
        disposal: o.disposal as ClueDisposal,
        reasons: o.reasons,
        plan: o.plan,
        meetingId: o.meeting_id,
        noMeetingNote: o.no_meeting_note,
        conclusionReason: o.conclusion_reason,
        conclusionReasonText: o.conclusion_reason
          ? (CONCLUSION_REASONS[o.conclusion_reason as ConclusionReason] ?? o.conclusion_reason)
          : null,
        conclusionDetail: o.conclusion_detail,
        status: o.status as DisposalOpinionView['status'],
        draftedBy: o.drafted_by,
        createdAt: o.created_at,
        decidedAt: o.decided_at,
        approval: a
          ? {
              number: a.number,
              status: a.status,
              round: a.round,
              currentHolderName: a.currentHolderName,
              version: a.version,
            }
          : null,
      };
    }),
    parkings: parkings.map((p) => ({
      id: p.id,
      parkedOn: p.parked_on,
      reviewOn: p.review_on,
      status: p.status as 'parked' | 'continued' | 'reopened',
      note: p.note,
      reviewedAt: p.reviewed_at,
      due: p.status === 'parked' && p.review_on <= today,
    })),
  };
}
