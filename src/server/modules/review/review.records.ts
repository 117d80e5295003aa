/**
 * What the review records while it works: the review talk (审理谈话, TL21 第一百九十五条: at least
 * two reviewers of the team, the person's statement and defence) and the collective deliberation
 * of the team or the zone's cross-review panel (集体审议: members present, each one's opinion and
 * vote, the tally).
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import {
  REVIEW_MIN_REVIEWERS,
  REVIEW_TALK_REASON_LABELS,
  REVIEW_VOTE_LABELS,
  type ReviewTalkReason,
  type ReviewVote,
} from '../../shared/review.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { caseSubjectsOf } from '../cases/index.js';
import { addReviewEvent, loadReview, requireReviewStatus, touchReview } from './review.service.js';
import { reviewMembersOf } from './review.team.js';

/** A review talk as recorded. */
export interface TalkInput {
  version: number;
  /** The case subject (`subjects[].id` of the review page) heard. */
  subjectId: string;
  heldOn: string;
  reason: ReviewTalkReason;
  /** The reviewers who held it (at least two current team members). */
  reviewers: string[];
  /** The person's statement and defence (陈述和申辩), in words. */
  defence: string;
  /** Where the talk record is kept, if noted. */
  recordRef?: string | null | undefined;
}

function notFuture(tx: Ctx, date: string, field: string) {
  if (date > toShanghaiDate(nowIso(tx))) throw errors.validation({ field }, '日期不能晚于今天');
}

/**
 * Records a review talk: at least two current members of the review team, a subject of the case,
 * the defence in words (REVIEW_TALK_INVALID otherwise). Under review only (REVIEW_TRANSITION).
 * Needs `manage`. Throws NOT_FOUND, NEED_TO_KNOW, CONFLICT, VALIDATION_FAILED.
 */
export async function recordTalk(ctx: Ctx, id: string, input: TalkInput) {
  const defence = input.defence.trim();
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadReview(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireReviewStatus(row, ['reviewing'], 'talk');
    notFuture(tx, input.heldOn, 'heldOn');
    const subject = (await caseSubjectsOf(tx, row.case_id)).find((s) => s.id === input.subjectId);
    if (!subject) throw domainError('REVIEW_TALK_INVALID', { reason: 'not_subject' }, '所选人员不是本案被审查调查人');
    if (!defence)
      throw domainError(
        'REVIEW_TALK_INVALID',
        { reason: 'no_defence' },
        '审理谈话须记录被审查调查人的陈述和申辩（无申辩的也应注明）',
      );
    const team = await reviewMembersOf(tx, id);
    const ids = [...new Set(input.reviewers)];
    const notOnTeam = ids.filter((u) => !team.some((m) => m.userId === u));
    if (notOnTeam.length > 0 || ids.length < REVIEW_MIN_REVIEWERS)
      throw domainError(
        'REVIEW_TALK_INVALID',
        { reason: notOnTeam.length > 0 ? 'not_on_team' : 'too_few', notOnTeam },
        notOnTeam.length > 0
          ? '参加审理谈话的人员须是本案审理组成员'
          : `审理谈话须由${REVIEW_MIN_REVIEWERS}名以上审理人员进行`,
      );
    const reviewers = team.filter((m) => ids.includes(m.userId)).map((m) => ({ userId: m.userId, name: m.name }));
    const version = await touchReview(tx, id, input.version);
    const talkId = newId();
    await tx.db
      .insertInto('review_talks')
      .values({
        id: talkId,
        review_id: id,
        subject_row_id: subject.id,
        held_on: input.heldOn,
        reason: input.reason,
        reviewers: JSON.stringify(reviewers),
        defence,
        record_ref: input.recordRef?.trim() || null,
        created_by: actor.userId,
        created_at: nowIso(tx),
      })
      .execute();
    await addReviewEvent(
      tx,
      id,
      'talk',
      `${subject.name}（${REVIEW_TALK_REASON_LABELS[input.reason]}）：${reviewers.map((r) => r.name).join('、')}`,
    );
    await recordAudit(tx, {
      action: 'review.talk',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { talk: [null, talkId], reviewers: [null, reviewers.map((r) => r.userId)] },
    });
    return { id: talkId, version };
  });
}

/** A member's opinion and vote in a deliberation. */
export interface OpinionInput {
  userId: string;
  opinion: string;
  vote: ReviewVote;
}

/** The tally of votes. */
export function tally(opinions: readonly { vote?: ReviewVote | null | undefined }[]) {
  return {
    votesFor: opinions.filter((o) => o.vote === 'agree').length,
    votesAgainst: opinions.filter((o) => o.vote === 'disagree').length,
    abstentions: opinions.filter((o) => o.vote === 'abstain').length,
  };
}

/**
 * Records the collective deliberation (集体审议) of the review team or cross-review panel: the
 * members present (current team members, at least two), each one's opinion and vote (exactly the
 * present ones: REVIEW_DELIBERATION_INVALID otherwise), the conclusion; the tally is computed and
 * `adopted` says whether more than half of those present agreed. Needs `manage`; under review.
 */
export async function recordDeliberation(
  ctx: Ctx,
  id: string,
  input: { version: number; heldOn: string; present: string[]; opinions: OpinionInput[]; conclusion: string },
) {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadReview(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireReviewStatus(row, ['reviewing'], 'deliberation');
    notFuture(tx, input.heldOn, 'heldOn');
    const team = await reviewMembersOf(tx, id);
    const present = [...new Set(input.present)];
    const invalid = (reason: string, message: string, more: Record<string, unknown> = {}) =>
      domainError('REVIEW_DELIBERATION_INVALID', { reason, ...more }, message);
    const notOnTeam = present.filter((u) => !team.some((m) => m.userId === u));
    if (notOnTeam.length > 0)
      throw invalid('not_on_team', '出席集体审议的人员须是本案审理组（交叉审理小组）成员', { notOnTeam });
    if (present.length < REVIEW_MIN_REVIEWERS)
      throw invalid('too_few', `集体审议出席人员不得少于${REVIEW_MIN_REVIEWERS}人`);
    const opinionIds = input.opinions.map((o) => o.userId);
    const missing = present.filter((u) => !opinionIds.includes(u));
    if (
      missing.length > 0 ||
      new Set(opinionIds).size !== opinionIds.length ||
      opinionIds.some((u) => !present.includes(u))
    )
      throw invalid(
        'opinions',
        `须逐一记录每名出席人员的意见和表决${
          missing.length > 0
            ? `（未记录：${team
                .filter((m) => missing.includes(m.userId))
                .map((m) => m.name)
                .join('、')}）`
            : ''
        }`,
        { missing },
      );
    if (input.opinions.some((o) => !o.opinion.trim())) throw invalid('opinion_empty', '每名出席人员的意见不能为空');
    const name = (u: string) => team.find((m) => m.userId === u)!.name;
    const opinions = input.opinions.map((o) => ({
      userId: o.userId,
      name: name(o.userId),
      opinion: o.opinion.trim(),
      vote: o.vote,
    }));
    const t = tally(opinions);
    const adopted = t.votesFor * 2 > present.length;
    const version = await touchReview(tx, id, input.version);
    const deliberationId = newId();
    await tx.db
      .insertInto('review_deliberations')
      .values({
        id: deliberationId,
        review_id: id,
        kind: 'team',
        held_on: input.heldOn,
        members_total: team.length,
        present: JSON.stringify(present.map((u) => ({ userId: u, name: name(u) }))),
        opinions: JSON.stringify(opinions),
        votes_for: t.votesFor,
        votes_against: t.votesAgainst,
        abstentions: t.abstentions,
        quorate: present.length * 2 > team.length ? 1 : 0,
        decision: input.conclusion.trim(),
        outcomes: null,
        created_by: actor.userId,
        created_at: nowIso(tx),
      })
      .execute();
    await addReviewEvent(
      tx,
      id,
      'deliberation',
      `出席${present.length}人，${REVIEW_VOTE_LABELS.agree}${t.votesFor}、${REVIEW_VOTE_LABELS.disagree}${t.votesAgainst}、${REVIEW_VOTE_LABELS.abstain}${t.abstentions}${adopted ? '，形成审理意见' : '，未形成多数意见'}`,
    );
    await recordAudit(tx, {
      action: 'review.deliberation',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { deliberation: [null, deliberationId], votes: [null, [t.votesFor, t.votesAgainst, t.abstentions]] },
    });
    return { id: deliberationId, version, ...t, adopted };
  });
}
