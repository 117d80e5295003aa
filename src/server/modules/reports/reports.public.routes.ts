import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DateStr, Enum, Instant, Obj, Ok, Str, errorResponses } from '../../http/schema.js';
import { RATINGS } from './reports.model.js';
import { addReporterMessage, lookupReceipt, rateReport, submitReport } from './reports.receipt.js';
import { requestRecheck } from './reports.recheck.js';
import { requestReview } from './reports.review.js';
import { IdempotencyHeaders, Receipt, ReceiptStatus, SubmitAnswer, SubmitBody } from './reports.schemas.js';

/**
 * The reporter's routes: public submission and the receipt page (status, messages, rating,
 * re-check). They need no account and take the receipt in the body, never in the URL (a URL
 * reaches logs and browser history).
 */
export const reportPublicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/public/reports',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'Submit a report (no account; named or anonymous)',
        headers: IdempotencyHeaders,
        body: SubmitBody,
        response: { 201: SubmitAnswer, ...errorResponses },
      },
    },
    async (req, reply) => {
      const answer = await submitReport(req.ctx, req.body, req.headers['idempotency-key']);
      reply.status(201);
      return answer;
    },
  );

  app.post(
    '/api/public/receipt-lookups',
    {
      config: { access: { public: true }, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'Look up a report by its receipt code',
        body: Obj({ receipt: Receipt }, { description: 'Receipt' }),
        response: { 200: ReceiptStatus, ...errorResponses },
      },
    },
    async (req) => lookupReceipt(req.ctx, req.body.receipt),
  );

  app.post(
    '/api/public/receipt-messages',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'Add a message to a report, by its receipt code',
        body: Obj(
          { receipt: Receipt, body: Str('Message', { min: 1, max: 2000 }) },
          { description: 'Receipt and message' },
        ),
        response: {
          201: Obj({ createdAt: Instant('When the message was stored') }, { description: 'Stored' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const answer = await addReporterMessage(req.ctx, req.body.receipt, req.body.body);
      reply.status(201);
      return answer;
    },
  );

  app.post(
    '/api/public/receipt-ratings',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'Rate the result of a closed report (once)',
        body: Obj(
          { receipt: Receipt, rating: Enum(RATINGS, '满意 / 基本满意 / 不满意') },
          { description: 'Receipt and rating' },
        ),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await rateReport(req.ctx, req.body.receipt, req.body.rating);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/public/receipt-rechecks',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'Ask once for a re-check of a closed report',
        body: Obj(
          { receipt: Receipt, reason: Str('Why the result is not accepted', { min: 5, max: 2000 }) },
          { description: 'Receipt and reason' },
        ),
        response: {
          201: Obj({ dueOn: DateStr('Date by which the re-check is answered') }, { description: 'Requested' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const answer = await requestRecheck(req.ctx, req.body.receipt, req.body.reason);
      reply.status(201);
      return answer;
    },
  );

  app.post(
    '/api/public/receipt-reviews',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: "Ask once for a review (复核) of a petition's re-check answer, within 30 days of it",
        body: Obj(
          { receipt: Receipt, reason: Str('Why the re-check answer is not accepted', { min: 5, max: 2000 }) },
          { description: 'Receipt and reason' },
        ),
        response: {
          201: Obj({ dueOn: DateStr('Date by which the review is answered') }, { description: 'Requested' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const answer = await requestReview(req.ctx, req.body.receipt, req.body.reason);
      reply.status(201);
      return answer;
    },
  );
};
