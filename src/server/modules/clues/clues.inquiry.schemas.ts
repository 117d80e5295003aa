/** Request and response schemas of 谈话函询 (GZ 第二十六条 to 第三十一条): rounds, steps, report. */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import { INQUIRY_OUTCOMES } from '../../shared/clues.codes.js';

/** Path parameters of one round of a clue. */
export const RoundParams = Obj(
  { id: Id('Clue id'), roundId: Id('Inquiry round id') },
  { description: 'Clue and round' },
);

const Lines = (what: string, max = 20) =>
  Type.Array(Str(what, { min: 1, max: 500 }), { description: `${what} (one per item)`, minItems: 1, maxItems: max });

/** The talk plan (谈话方案 with the 工作预案's safety measures). */
const TalkPlan = Obj(
  {
    time: Str('Planned time, e.g. 2026年12月10日上午9时 or an ISO date', { min: 1, max: 60 }),
    place: Str('Venue (must have safety guarantees)', { min: 1, max: 100 }),
    recorder: Str('Who keeps the record', { min: 1, max: 60 }),
    attendees: Type.Optional(Nullable(Str("Attending from the target's party committee or commission", { max: 200 }))),
    points: Lines('Talking point'),
    safety: Lines('Safety measure (工作预案)'),
    writtenExplanation: Bool('A written explanation will be asked for (15 working days)'),
  },
  { description: 'Talk plan' },
);

/** The letter (函询函). */
const LetterPlan = Obj(
  {
    matters: Lines('Matter to explain'),
    copyTo: Str("Copied to: the target's party organisation", { min: 1, max: 200 }),
    principalLeader: Type.Optional(
      Nullable(Str('Who signs an opinion on the reply (ignored when the target is that leader)', { max: 100 })),
    ),
    contactPerson: Str('Contact person', { min: 1, max: 40 }),
    contactPhone: Str('Contact phone', { min: 1, max: 40 }),
  },
  { description: 'Letter' },
);

/** A request for a round of talk or letter (GZ 第二十七条). */
export const InquiryRequestBody = Obj(
  {
    version: Int("The clue's version as read"),
    mode: Enum(['talk', 'letter'] as const, 'Talk or letter'),
    reason: Str('Why this mode', { min: 1, max: 1000 }),
    officerIds: Type.Array(Id('Officer (user id)'), {
      description: 'Officers who talk or handle the reply',
      minItems: 1,
      maxItems: 10,
    }),
    conflictCheckId: Type.Optional(Nullable(Id('A recorded conflict check whose warnings were confirmed'))),
    targetIsPrincipal: Type.Optional(
      Bool("The target is the principal leader of their party organisation (default: from the subjects' ranks)"),
    ),
    talk: Type.Optional(TalkPlan),
    letter: Type.Optional(LetterPlan),
  },
  { description: 'Inquiry request' },
);

/** The round version a step is based on. */
const V = { version: Int("The round's version as read") };

/** A talk as held (GZ 第二十八条). */
export const TalkBody = Obj(
  {
    ...V,
    talkOn: DateStr('Date of the talk'),
    venue: Str('Venue', { min: 1, max: 100 }),
    venueSafe: Bool('The venue has safety guarantees (具备安全保障条件): required'),
    recordTaken: Bool('A record of the talk (谈话笔录) was made'),
    attendees: Str('Who attended', { min: 1, max: 300 }),
    writtenExplanation: Bool('A written explanation is asked for (due in 15 working days)'),
  },
  { description: 'Talk' },
);

/** The delegation letter's receipt (委托谈话). */
export const DelegationBody = Obj(
  {
    ...V,
    delegate: Str("The delegate: the principal leader of the target's party organisation", { min: 1, max: 100 }),
    receivedOn: DateStr('Date the delegate received the delegation letter'),
  },
  { description: 'Delegation' },
);

/** A dated receipt (written explanation, letter). */
export const ReceivedBody = Obj({ ...V, receivedOn: DateStr('Date received') }, { description: 'Receipt' });

/** The reply to a letter (GZ 第二十九条). */
export const ReplyBody = Obj(
  {
    ...V,
    repliedOn: DateStr('Date the reply arrived'),
    leaderName: Type.Optional(Nullable(Str('Who signed the opinion on the reply', { max: 60 }))),
    leaderOpinion: Type.Optional(Nullable(Str('The signed opinion', { max: 2000 }))),
  },
  { description: 'Reply' },
);

/** The situation report and disposal opinion (GZ 第三十条). */
export const InquiryReportBody = Obj(
  {
    ...V,
    summary: Str('Situation report', { min: 1, max: 5000 }),
    outcome: Enum(INQUIRY_OUTCOMES, 'Proposed outcome'),
  },
  { description: 'Situation report' },
);

const D = (what: string) => Nullable(DateStr(what));
const S = (what: string, max = 5000) => Nullable(Str(what, { max }));

/** One round of 谈话函询. */
export const InquiryRoundSchema = Obj(
  {
    id: Id('Round id'),
    round: Int('Round number (1, 2… after 再次谈话函询)'),
    mode: Enum(['talk', 'letter'] as const, 'Talk or letter'),
    status: Str('requested / approved / rejected / withdrawn / reported / decided'),
    reason: Str('Why this mode', { max: 1000 }),
    officers: Type.Array(Obj({ userId: Id('User'), name: Str('Name') }, { description: 'Officer' }), {
      description: 'Officers',
    }),
    plan: Obj(
      {
        talk: Nullable(TalkPlan),
        letter: Nullable(LetterPlan),
        draftingUnitName: S('Drafting department', 200),
        requestNumber: S('Number of the request', 100),
        reportNumber: Type.Optional(S('Number of the situation report', 100)),
      },
      { description: 'Plan' },
    ),
    targetIsPrincipal: Bool('The target is the principal leader (the reply comes directly)'),
    requestApprovalId: Nullable(Id('Approval of the request')),
    approvedAt: Nullable(Instant('When the request was approved')),
    talkOn: D('Talk held on'),
    talkVenue: S('Venue', 100),
    talkRecordTaken: Nullable(Bool('Record taken')),
    talkAttendees: S('Who attended', 300),
    delegate: S('Delegate', 100),
    delegationReceivedOn: D('Delegation letter received on'),
    explanationRequired: Bool('Written explanation asked for'),
    explanationOn: D('Written explanation received on'),
    letterReceivedOn: D('Letter received on'),
    replyOn: D('Reply arrived on'),
    replyDirect: Nullable(Bool('The reply came directly (target is the principal leader)')),
    replyLeaderName: S('Who signed the opinion', 60),
    replyLeaderOpinion: S('Signed opinion', 2000),
    reportSummary: S('Situation report'),
    reportOutcome: Nullable(Enum(INQUIRY_OUTCOMES, 'Proposed outcome')),
    reportApprovalId: Nullable(Id('Approval of the report')),
    outcome: Nullable(Enum(INQUIRY_OUTCOMES, 'Approved outcome')),
    decidedAt: Nullable(Instant('When the report was approved')),
    version: Int('Row version'),
    createdAt: Instant('Requested'),
  },
  { description: 'Inquiry round' },
);

/** The rounds of a clue. */
export const InquiryListSchema = Obj(
  {
    items: Type.Array(InquiryRoundSchema, { description: 'Rounds, oldest first' }),
    principalByRank: Bool("A subject's rank makes them a principal leader"),
  },
  { description: 'Inquiry rounds' },
);
