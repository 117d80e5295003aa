/** Routes of the disposal opinion (处置意见), parking (暂存待查) and the 了结函 of a clue. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, Str, errorResponses } from '../../http/schema.js';
import { CLUE_DISPOSALS } from '../../shared/clues.codes.js';
import { CONCLUSION_REASON_CODES, readDisposal } from './clues.disposal.read.js';
import { proposeDisposal } from './clues.disposal.js';
import { conclusionLetterFile, letterAddressees } from './clues.letter.js';
import { ClueIdParam, ClueVersion, LetterToQuery } from './clues.schemas.js';
import { registerCountySettingRoutes } from '../settings/index.js';
import { MAX_SHELVED_REVIEW_MONTHS, reviewShelvedClue, shelvedReview } from './clues.shelved.js';

/** A disposal opinion (input). */
const DisposalBody = Obj(
  {
    version: ClueVersion,
    disposal: Enum(CLUE_DISPOSALS, 'The disposal proposed (GZ 第二十一条)'),
    reasons: Str('Why this disposal', { min: 2, max: 4000 }),
    plan: Str('What is to be done', { min: 2, max: 4000 }),
    meetingId: Type.Optional(Nullable(Id('The clue-review meeting that studied the clue'))),
    noMeetingNote: Type.Optional(
      Nullable(Str('Why no clue-review meeting studied it (required without meetingId)', { max: 1000 })),
    ),
    conclusionReason: Type.Optional(
      Nullable(Enum(CONCLUSION_REASON_CODES, '予以了结 only: the closing reason (CONCLUSION_REASONS)')),
    ),
    conclusionDetail: Type.Optional(Nullable(Str('予以了结 only: words on the reason', { max: 1000 }))),
  },
  { description: 'Disposal opinion' },
);

const Proposed = Obj(
  {
    approvalId: Id('Approval started'),
    approvalNumber: Str('Its number'),
    version: Int('New clue version'),
  },
  { description: 'Proposed' },
);

const OpinionSchema = Obj(
  {
    id: Id('Opinion id'),
    approvalId: Id('Approval'),
    disposal: Enum(CLUE_DISPOSALS, 'Disposal'),
    reasons: Str('Reasons', { max: 4000 }),
    plan: Str('Plan', { max: 4000 }),
    meetingId: Nullable(Id('Meeting cited')),
    noMeetingNote: Nullable(Str('Why no meeting', { max: 1000 })),
    conclusionReason: Nullable(Str('Closing reason code')),
    conclusionReasonText: Nullable(Str('Closing reason')),
    conclusionDetail: Nullable(Str('Closing reason detail', { max: 1000 })),
    status: Enum(['pending', 'returned', 'approved', 'rejected', 'withdrawn'] as const, 'How its approval stands'),
    draftedBy: Id('Drafter'),
    createdAt: Instant('Proposed'),
    decidedAt: Nullable(Instant('Decided')),
    approval: Nullable(
      Obj(
        {
          number: Str('Approval number'),
          status: Str('Approval status'),
          round: Int('Round'),
          currentHolderName: Nullable(Str('Who signs next')),
          version: Int('Approval version'),
        },
        { description: 'The approval (when the reader may read it)' },
      ),
    ),
  },
  { description: 'Disposal opinion' },
);

const ParkingSchema = Obj(
  {
    id: Id('Parking period'),
    parkedOn: DateStr('Parked on'),
    reviewOn: DateStr('Review due'),
    status: Enum(['parked', 'continued', 'reopened'] as const, 'How the period ended'),
    note: Nullable(Str('Review note', { max: 1000 })),
    reviewedAt: Nullable(Instant('Reviewed')),
    due: Bool('The review is due'),
  },
  { description: 'Parking period' },
);

const DisposalView = Obj(
  {
    status: Str('Clue state'),
    version: Int('Clue version'),
    canPropose: Bool('The reader may propose a disposal now (keeper or handler of an assigned clue)'),
    opinions: Type.Array(OpinionSchema, { description: 'Opinions, newest first' }),
    parkings: Type.Array(ParkingSchema, { description: 'Parking periods, newest first' }),
  },
  { description: 'Disposal of a clue' },
);

const ReviewBody = Obj(
  {
    version: ClueVersion,
    decision: Enum(['continue', 'reopen'] as const, 'continue: park again; reopen: back to assigned'),
    note: Str('The review in words', { min: 2, max: 1000 }),
    months: Type.Optional(
      Int('continue only: months until the next review', { min: 1, max: MAX_SHELVED_REVIEW_MONTHS }),
    ),
  },
  { description: 'Review of a parked clue' },
);

/** The disposal routes. */
export const clueDisposalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/clues/:id/disposal',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: "A clue's disposal opinions with their approvals, and its parking periods (needs to be on the clue)",
        params: ClueIdParam,
        response: { 200: DisposalView, ...errorResponses },
      },
    },
    async (req) => readDisposal(req.ctx, req.params.id),
  );

  app.post(
    '/api/clues/:id/disposal',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: 'Propose the disposal of an assigned clue and put it up for approval (GZ 第二十一条)',
        params: ClueIdParam,
        body: DisposalBody,
        response: { 201: Proposed, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await proposeDisposal(req.ctx, req.params.id, req.body);
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/api/clues/:id/shelved-review',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: 'Review a parked clue: park it again or reopen it for a new disposal opinion',
        params: ClueIdParam,
        body: ReviewBody,
        response: {
          200: Obj(
            { version: Int('New clue version'), reviewOn: Nullable(DateStr('Next review (continue)')) },
            { description: 'Reviewed' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => reviewShelvedClue(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/clues/:id/letter-addressees',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: 'Whom a clue\'s 了结函 may be addressed to: each subject ("<name>同志") and the unit each works in',
        params: ClueIdParam,
        response: {
          200: Type.Array(
            Obj(
              {
                key: Str('Pass as `addressee` to the letter'),
                kind: Enum(['subject', 'employer'] as const, 'A subject or the unit a subject works in'),
                text: Str('The addressee as the letter prints it'),
              },
              { description: 'Addressee' },
            ),
            { description: 'Addressees, in subject order' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => letterAddressees(req.ctx, req.params.id),
  );

  app.get(
    '/api/clues/:id/conclusion-letter',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: '问题线索了结函 of a concluded clue, filled from the clue, to a picked or a typed addressee (audited)',
        params: ClueIdParam,
        querystring: Obj(
          {
            format: Enum(['pdf', 'docx'] as const, 'File format'),
            ...LetterToQuery,
            number: Type.Optional(Str('Document number (文号)', { max: 100 })),
          },
          { description: 'Letter' },
        ),
      },
    },
    async (req, reply) => {
      const file = await conclusionLetterFile(req.ctx, req.params.id, req.query);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(file.body);
    },
  );

  registerCountySettingRoutes(app, shelvedReview, {
    path: '/api/clue-settings',
    tag: 'clues',
    readSummary: "A county's clue settings (the review period of parked clues)",
    setSummary: "Set a county's review period of parked clues (clues parked from now on take it)",
    description: 'Parking settings',
    unit: 'Months',
    isDefaultDescription: 'The county has not set its own',
  });
};
