/**
 * What a petitioner's request for a re-check (复查, XF 第三十五条) and for a review (复核, XF
 * 第三十六条) have in common once it is accepted: the 30-day answer clock, the note to its holders
 * (answer it, or send it up when the answering organ is not on the platform), the request in the
 * reporter's messages and the public steps of the timeline.
 */
import type { Ctx } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import { openDeadline } from '../deadlines/index.js';
import { notify, usersCovering } from '../notifications/index.js';
import { addReportEvent } from './reports.service.js';

/** The owner fields a clock and the notification scope read. */
export type RequestClockOwner = {
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string | null;
};

/** The words and codes that differ between a re-check and a review. */
const REQUESTS = {
  recheck: {
    word: '复查',
    who: '举报人',
    clock: 'recheck',
    notification: 'recheck_requested',
    requested: 'recheck_requested',
    forwarded: 'recheck_forwarded',
  },
  review: {
    word: '复核',
    who: '信访人',
    clock: 'petition_review',
    notification: 'review_requested',
    requested: 'review_requested',
    forwarded: 'review_forwarded',
  },
} as const;

/** A petitioner's accepted request, as `startPetitionRequest` records it. */
export interface PetitionRequest {
  /** Re-check (复查) or review (复核). */
  kind: keyof typeof REQUESTS;
  /** The report's id. */
  reportId: string;
  /** The report's number, for the notification text. */
  number: string;
  /** The reporter's reason, kept as their message. */
  reason: string;
  /** Now (ISO), the clock's start and the message's time. */
  now: string;
  /** Who holds the clock: the answering organ, or the organ that sends the request up. */
  clockOwner: RequestClockOwner;
  /** Display name of the organ that answers (the higher organ when forwarded). */
  reviewerName: string;
  /** The request leaves the platform: its holders send it up and record the higher organ's opinion. */
  forwarded: boolean;
}

/**
 * Opens the request's answer clock (`recheck` or `petition_review`), tells the clock's holders to
 * answer it (or to send it up, when forwarded), keeps the reason as the reporter's message and adds
 * the public steps (requested; forwarded). Runs inside the caller's transaction. Returns the due
 * date and the users told, so the caller can leave them out of further notes.
 */
export async function startPetitionRequest(tx: Ctx, r: PetitionRequest): Promise<{ dueOn: string; told: string[] }> {
  const k = REQUESTS[r.kind];
  const dueOn = await openDeadline(tx, {
    resourceType: 'report',
    resourceId: r.reportId,
    kind: k.clock,
    startAt: r.now,
    owner: r.clockOwner,
  });
  const told = await usersCovering(tx.db, tx.clock.nowMs(), 'report.manage', r.clockOwner);
  await notify(tx.db, r.now, told, {
    kind: k.notification,
    ...(r.forwarded
      ? {
          title: `${k.word}申请待转送上级机关`,
          body: `${r.number} 的${k.who}申请${k.word}，应由${r.reviewerName}${k.word}：请转送，收到${k.word}意见后于 ${dueOn} 前录入答复。`,
        }
      : { title: `收到${k.word}申请`, body: `${r.number} 的${k.who}申请${k.word}，请于 ${dueOn} 前答复。` }),
    resourceType: 'report',
    resourceId: r.reportId,
    dedupeKey: `${r.kind}:${r.reportId}`,
  });
  await tx.db
    .insertInto('report_messages')
    .values({
      id: newId(),
      report_id: r.reportId,
      author: 'reporter',
      body: `【申请${k.word}】${r.reason}`,
      created_at: r.now,
    })
    .execute();
  await addReportEvent(tx, r.reportId, k.requested, { public: true });
  if (r.forwarded)
    await addReportEvent(tx, r.reportId, k.forwarded, { public: true, note: `转${r.reviewerName}${k.word}` });
  return { dueOn, told };
}
