/** Routes of 谈话函询 (GZ 第二十六条 to 第三十一条): the rounds of a clue, their steps, documents. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Id, Obj, Str, errorResponses } from '../../http/schema.js';
import { listInquiries, requestInquiry } from './clues.inquiry.js';
import {
  recordDelegation,
  recordExplanation,
  recordLetterReceipt,
  recordReply,
  recordTalk,
} from './clues.inquiry-steps.js';
import {
  INQUIRY_DOCUMENTS,
  INQUIRY_DOCUMENT_FORMATS,
  type InquiryDocument,
  type InquiryDocumentFormat,
  inquiryDocument,
} from './clues.inquiry.documents.js';
import { submitInquiryReport } from './clues.inquiry-report.js';
import {
  DelegationBody,
  InquiryListSchema,
  InquiryReportBody,
  InquiryRequestBody,
  InquiryRoundSchema,
  ReceivedBody,
  ReplyBody,
  RoundParams,
  TalkBody,
} from './clues.inquiry.schemas.js';
import { ClueIdParam } from './clues.schemas.js';

const CONTENT_TYPES: Record<InquiryDocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const MANAGE = { access: { permission: 'clue.manage' as const } };
const STEP = (summary: string) => ({ tags: ['clues'], summary, params: RoundParams });

/** The inquiry routes. */
export const clueInquiryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/clues/:id/inquiries',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: "A clue's rounds of 谈话函询, oldest first (needs to be on the clue)",
        params: ClueIdParam,
        response: { 200: InquiryListSchema, ...errorResponses },
      },
    },
    async (req) => listInquiries(req.ctx, req.params.id),
  );

  app.post(
    '/api/clues/:id/inquiries',
    {
      config: MANAGE,
      schema: {
        tags: ['clues'],
        summary: 'Request a round of talk or letter (GZ 第二十七条): officers checked for recusal, approval started',
        params: ClueIdParam,
        body: InquiryRequestBody,
        response: {
          201: Obj(
            { id: Id('Round id'), approvalId: Id('Approval'), number: Str('Number of the request') },
            { description: 'Requested' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = await requestInquiry(req.ctx, req.params.id, req.body);
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/api/clues/:id/inquiries/:roundId/talk',
    {
      config: MANAGE,
      schema: {
        ...STEP('Record the talk (venue with safety guarantees; timers 3 and 5)'),
        body: TalkBody,
        response: { 200: InquiryRoundSchema, ...errorResponses },
      },
    },
    async (req) => recordTalk(req.ctx, req.params.id, req.params.roundId, req.body),
  );

  app.post(
    '/api/clues/:id/inquiries/:roundId/delegation',
    {
      config: MANAGE,
      schema: {
        ...STEP('Record the delegation letter received by the delegate (timer 4)'),
        body: DelegationBody,
        response: { 200: InquiryRoundSchema, ...errorResponses },
      },
    },
    async (req) => recordDelegation(req.ctx, req.params.id, req.params.roundId, req.body),
  );

  app.post(
    '/api/clues/:id/inquiries/:roundId/explanation',
    {
      config: MANAGE,
      schema: {
        ...STEP('Record the written explanation received (meets timer 3)'),
        body: ReceivedBody,
        response: { 200: InquiryRoundSchema, ...errorResponses },
      },
    },
    async (req) => recordExplanation(req.ctx, req.params.id, req.params.roundId, req.body),
  );

  app.post(
    '/api/clues/:id/inquiries/:roundId/letter-receipt',
    {
      config: MANAGE,
      schema: {
        ...STEP('Record the date the person received the letter (timer 2)'),
        body: ReceivedBody,
        response: { 200: InquiryRoundSchema, ...errorResponses },
      },
    },
    async (req) => recordLetterReceipt(req.ctx, req.params.id, req.params.roundId, req.body),
  );

  app.post(
    '/api/clues/:id/inquiries/:roundId/reply',
    {
      config: MANAGE,
      schema: {
        ...STEP("Record the reply with the principal leader's signed opinion, or direct (GZ 第二十九条)"),
        body: ReplyBody,
        response: { 200: InquiryRoundSchema, ...errorResponses },
      },
    },
    async (req) => recordReply(req.ctx, req.params.id, req.params.roundId, req.body),
  );

  app.post(
    '/api/clues/:id/inquiries/:roundId/report',
    {
      config: MANAGE,
      schema: {
        ...STEP('Submit the situation report and disposal opinion for approval (GZ 第三十条)'),
        body: InquiryReportBody,
        response: { 200: InquiryRoundSchema, ...errorResponses },
      },
    },
    async (req) => submitInquiryReport(req.ctx, req.params.id, req.params.roundId, req.body),
  );

  app.get(
    '/api/clues/:id/inquiries/:roundId/documents/:file',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: 'A document of the round as PDF or DOCX (audited; needs to be on the clue)',
        params: Obj(
          {
            id: Id('Clue id'),
            roundId: Id('Inquiry round id'),
            file: Type.String({
              description: `${INQUIRY_DOCUMENTS.join(' | ')} with .pdf or .docx`,
              pattern: `^(${INQUIRY_DOCUMENTS.join('|')})\\.(${INQUIRY_DOCUMENT_FORMATS.join('|')})$`,
            }),
          },
          { description: 'Path parameters' },
        ),
      },
    },
    async (req, reply) => {
      const file = req.params.file;
      const format = file.slice(file.lastIndexOf('.') + 1) as InquiryDocumentFormat;
      const kind = file.slice(0, file.lastIndexOf('.')) as InquiryDocument;
      const { bytes, title } = await inquiryDocument(req.ctx, req.params.id, req.params.roundId, kind, format);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
};
