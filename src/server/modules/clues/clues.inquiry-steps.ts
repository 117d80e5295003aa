/**
 * The steps of an approved 谈话函询 round (GZ 第二十八条, 第二十九条): the talk (or the talk
 * delegated to the target's principal leader), the written explanation, the letter's receipt and
 * the reply. Each step: one transaction, its clock opened or met, signed on the trail, audited.
 */
import { type Ctx, inTransaction } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { meetDeadline } from '../deadlines/index.js';
import { INQUIRY_CLOCKS, loadRound, notFuture, requireStage, saveStep, startInquiryClock } from './clues.inquiry.js';

/** A talk as recorded (GZ 第二十八条). */
export interface TalkInput {
  version: number;
  talkOn: string;
  venue: string;
  /** The venue has safety guarantees (具备安全保障条件): a talk anywhere else is refused. */
  venueSafe: boolean;
  recordTaken: boolean;
  attendees: string;
  /** A written explanation is asked for (due in 15 working days, timer 3). */
  writtenExplanation: boolean;
}

/**
 * Records the talk of an approved talk round (or the delegated talk, which meets its clock):
 * refused without a venue with safety guarantees (INQUIRY_VENUE_UNSAFE); opens timer 3 when a
 * written explanation is asked for and timer 5 (the report) from the talk's date. Throws as
 * `loadRound`, INQUIRY_NOT_APPROVED, INQUIRY_STEP, VALIDATION_FAILED (a future date, or one
 * before the delegation letter).
 */
export async function recordTalk(ctx: Ctx, clueId: string, roundId: string, input: TalkInput) {
  if (!input.venueSafe) throw domainError('INQUIRY_VENUE_UNSAFE', { venue: input.venue });
  return inTransaction(ctx, async (tx) => {
    const { clue, round } = await loadRound(tx, clueId, roundId, input.version, 'inquiry_talk');
    requireStage(round, 'talk', 'talk', round.talk_on === null);
    notFuture(tx, input.talkOn, 'talkOn');
    if (round.delegation_received_on && input.talkOn < round.delegation_received_on)
      throw errors.validation({ field: 'talkOn' }, '谈话日期不能早于收到委托函的日期');
    if (round.delegation_received_on) await meetDeadline(tx, 'clue', clueId, INQUIRY_CLOCKS.delegatedTalk);
    if (input.writtenExplanation) await startInquiryClock(tx, clue, INQUIRY_CLOCKS.writtenExplanation, input.talkOn);
    await startInquiryClock(tx, clue, INQUIRY_CLOCKS.report, input.talkOn);
    return saveStep(
      tx,
      clue,
      round,
      {
        talk_on: input.talkOn,
        talk_venue: input.venue,
        talk_record_taken: input.recordTaken ? 1 : 0,
        talk_attendees: input.attendees,
        explanation_required: input.writtenExplanation ? 1 : 0,
      },
      {
        action: 'inquiry_talk',
        note: `${input.talkOn} ${input.venue}${round.delegate ? `（委托${round.delegate}）` : ''}；${input.recordTaken ? '已制作谈话笔录' : '未制作谈话笔录'}${input.writtenExplanation ? '；要求15个工作日内书面说明' : ''}`,
      },
    );
  });
}

/**
 * Records that the delegate (the target's principal leader, GZ 第二十八条) received the
 * delegation letter on `receivedOn`: timer 4 runs 15 working days from it. INQUIRY_STEP once the
 * talk was held or a delegation recorded.
 */
export async function recordDelegation(
  ctx: Ctx,
  clueId: string,
  roundId: string,
  input: { version: number; delegate: string; receivedOn: string },
) {
  return inTransaction(ctx, async (tx) => {
    const { clue, round } = await loadRound(tx, clueId, roundId, input.version, 'inquiry_delegation');
    requireStage(round, 'talk', 'delegation', round.talk_on === null && round.delegation_received_on === null);
    notFuture(tx, input.receivedOn, 'receivedOn');
    await startInquiryClock(tx, clue, INQUIRY_CLOCKS.delegatedTalk, input.receivedOn);
    return saveStep(
      tx,
      clue,
      round,
      { delegate: input.delegate, delegation_received_on: input.receivedOn },
      { action: 'inquiry_delegation', note: `${input.delegate}于${input.receivedOn}收到委托函` },
    );
  });
}

/** Records the written explanation received (meets timer 3). INQUIRY_STEP when none was asked for or it is in. */
export async function recordExplanation(
  ctx: Ctx,
  clueId: string,
  roundId: string,
  input: { version: number; receivedOn: string },
) {
  return inTransaction(ctx, async (tx) => {
    const { clue, round } = await loadRound(tx, clueId, roundId, input.version, 'inquiry_explanation');
    requireStage(
      round,
      'talk',
      'explanation',
      round.talk_on !== null && Number(round.explanation_required) === 1 && round.explanation_on === null,
    );
    notFuture(tx, input.receivedOn, 'receivedOn');
    if (input.receivedOn < round.talk_on!)
      throw errors.validation({ field: 'receivedOn' }, '书面说明日期不能早于谈话日期');
    await meetDeadline(tx, 'clue', clueId, INQUIRY_CLOCKS.writtenExplanation);
    return saveStep(
      tx,
      clue,
      round,
      { explanation_on: input.receivedOn },
      { action: 'inquiry_explanation', note: `${input.receivedOn}收到书面说明` },
    );
  });
}

/**
 * Records the date the person received the 函询函 (GZ 第二十九条): timer 2 runs 15 working days
 * from it. INQUIRY_STEP for a talk round or a second receipt.
 */
export async function recordLetterReceipt(
  ctx: Ctx,
  clueId: string,
  roundId: string,
  input: { version: number; receivedOn: string },
) {
  return inTransaction(ctx, async (tx) => {
    const { clue, round } = await loadRound(tx, clueId, roundId, input.version, 'inquiry_letter_receipt');
    requireStage(round, 'letter', 'letter_receipt', round.letter_received_on === null);
    notFuture(tx, input.receivedOn, 'receivedOn');
    await startInquiryClock(tx, clue, INQUIRY_CLOCKS.letterReply, input.receivedOn);
    return saveStep(
      tx,
      clue,
      round,
      { letter_received_on: input.receivedOn },
      { action: 'inquiry_letter_receipt', note: `被函询人于${input.receivedOn}收到函询函` },
    );
  });
}

/** A reply to the letter as recorded. */
export interface ReplyInput {
  version: number;
  repliedOn: string;
  /** Who signed the opinion (the principal leader of the target's party organisation). */
  leaderName?: string | null | undefined;
  leaderOpinion?: string | null | undefined;
}

/**
 * Records the reply to the letter: with the signed opinion of the principal leader of the
 * target's party organisation, unless the target is that leader (then it came directly, GZ
 * 第二十九条). Meets timer 2 and opens timer 5 from the reply's date. CLUE_TRANSITION when the
 * clue is no longer in `inquiry`; INQUIRY_LEADER_OPINION_REQUIRED; INQUIRY_STEP before the
 * receipt or for a second reply; VALIDATION_FAILED for a date before the receipt or in the future.
 */
export async function recordReply(ctx: Ctx, clueId: string, roundId: string, input: ReplyInput) {
  return inTransaction(ctx, async (tx) => {
    const { clue, round } = await loadRound(tx, clueId, roundId, input.version, 'inquiry_reply');
    requireStage(round, 'letter', 'reply', round.letter_received_on !== null && round.reply_on === null);
    notFuture(tx, input.repliedOn, 'repliedOn');
    if (input.repliedOn < round.letter_received_on!)
      throw errors.validation({ field: 'repliedOn' }, '回复日期不能早于收到函询函的日期');
    const direct = Number(round.target_is_principal) === 1;
    if (!direct && (!input.leaderName?.trim() || !input.leaderOpinion?.trim()))
      throw domainError('INQUIRY_LEADER_OPINION_REQUIRED');
    await meetDeadline(tx, 'clue', clueId, INQUIRY_CLOCKS.letterReply);
    await startInquiryClock(tx, clue, INQUIRY_CLOCKS.report, input.repliedOn);
    return saveStep(
      tx,
      clue,
      round,
      {
        reply_on: input.repliedOn,
        reply_direct: direct ? 1 : 0,
        reply_leader_name: direct ? null : input.leaderName!.trim(),
        reply_leader_opinion: direct ? null : input.leaderOpinion!.trim(),
      },
      {
        action: 'inquiry_reply',
        note: direct
          ? `${input.repliedOn}收到本人直接回复（被函询人系主要负责人）`
          : `${input.repliedOn}收到回复，${input.leaderName!.trim()}签署意见：${input.leaderOpinion!.trim()}`,
      },
    );
  });
}
