/**
 * Routes of recommendations (监察建议书 / 纪律检查建议书) and the documents of recommendations and
 * rectification items (整改通知书, 整改验收表).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { Id, IdParams, Obj, PagedOf, Str, errorResponses } from '../../http/schema.js';
import { type ItemDocument, itemDocument, recommendationDocument } from './rectification.documents.js';
import {
  createRecommendation,
  submitRecommendation,
  listRecommendations,
  readRecommendation,
  updateRecommendation,
} from './rectification.recommendations.js';
import { refuseRecommendation, replyToRecommendation, ruleOnRefusal } from './rectification.recommendations.reply.js';
import {
  RecommendationBody,
  RecommendationPatchBody,
  RecommendationQuery,
  RecommendationSchema,
  RefusalBody,
  ReplyBody,
  RulingBody,
  VersionBody,
} from './rectification.recommendations.schemas.js';

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

const Params = IdParams('Recommendation id');
const tags = ['rectification'];

/** Sends a rendered document as a download. */
function sendDocument(reply: FastifyReply, doc: { bytes: Buffer; title: string }, format: 'pdf' | 'docx') {
  return reply
    .header('content-type', CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${doc.title}.${format}`)}`)
    .header('cache-control', 'no-store')
    .send(doc.bytes);
}

/** The recommendations' routes. */
export const recommendationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/recommendations',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags,
        summary: 'Recommendations issued by or addressed to units in scope; overdue replies first, then newest',
        querystring: RecommendationQuery,
        response: { 200: PagedOf(RecommendationSchema, 'Recommendations'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listRecommendations(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.post(
    '/api/recommendations',
    {
      config: { access: { permission: 'rectification.manage' } },
      schema: {
        tags,
        summary: 'Draft a recommendation from a commission in scope to a unit in its area',
        body: RecommendationBody,
        response: { 201: Obj({ id: Id('Recommendation id') }, { description: 'Drafted' }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createRecommendation(req.ctx, req.body)),
  );

  app.get(
    '/api/recommendations/:id',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags,
        summary: "A recommendation with its reply's rectification items (issuer or recipient side)",
        params: Params,
        response: { 200: RecommendationSchema, ...errorResponses },
      },
    },
    async (req) => readRecommendation(req.ctx, req.params.id),
  );

  app.patch(
    '/api/recommendations/:id',
    {
      config: { access: { permission: 'rectification.manage' } },
      schema: {
        tags,
        summary: 'Edit a draft (issuer side)',
        params: Params,
        body: RecommendationPatchBody,
        response: { 200: RecommendationSchema, ...errorResponses },
      },
    },
    async (req) => updateRecommendation(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/recommendations/:id/submission',
    {
      config: { access: { permission: 'rectification.manage' } },
      schema: {
        tags,
        summary:
          'Submit a complete draft for approval (rectification.recommendation; RECOMMENDATION_INCOMPLETE names missing parts); the approved chain issues it: its number (文号) and reply date',
        params: Params,
        body: VersionBody,
        response: { 200: RecommendationSchema, ...errorResponses },
      },
    },
    async (req) => submitRecommendation(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/recommendations/:id/reply',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags,
        summary: 'Reply with measures (the recipient): each measure becomes a rectification item',
        params: Params,
        body: ReplyBody,
        response: { 200: RecommendationSchema, ...errorResponses },
      },
    },
    async (req) => replyToRecommendation(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/recommendations/:id/refusal',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags,
        summary: 'Refuse (the recipient): with a reason (an objection), or without: recorded for accountability',
        params: Params,
        body: RefusalBody,
        response: { 200: RecommendationSchema, ...errorResponses },
      },
    },
    async (req) => refuseRecommendation(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/recommendations/:id/refusal-ruling',
    {
      config: { access: { permission: 'rectification.manage' } },
      schema: {
        tags,
        summary: "Rule on a refusal's reason (issuer side): unjustified is recorded for accountability",
        params: Params,
        body: RulingBody,
        response: { 200: RecommendationSchema, ...errorResponses },
      },
    },
    async (req) => ruleOnRefusal(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/recommendations/:id/documents/:file',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags,
        summary: 'The 监察建议书 or 纪律检查建议书 as PDF or DOCX (a draft is marked 草稿), audited',
        params: IdParams('Recommendation id', {
          file: Str('recommendation.pdf or recommendation.docx', { pattern: '^recommendation\\.(pdf|docx)$' }),
        }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const format = req.params.file.endsWith('.pdf') ? 'pdf' : 'docx';
      return sendDocument(reply, await recommendationDocument(req.ctx, req.params.id, format), format);
    },
  );

  app.get(
    '/api/rectification-items/:id/documents/:file',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags,
        summary: "An item's 整改通知书 (notice) or 整改验收表 (acceptance) as PDF or DOCX, audited",
        params: IdParams('Rectification item id', {
          file: Str('notice.pdf|docx or acceptance.pdf|docx', { pattern: '^(notice|acceptance)\\.(pdf|docx)$' }),
        }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const [kind, ext] = req.params.file.split('.') as [ItemDocument, 'pdf' | 'docx'];
      return sendDocument(reply, await itemDocument(req.ctx, req.params.id, kind, ext), ext);
    },
  );
};
