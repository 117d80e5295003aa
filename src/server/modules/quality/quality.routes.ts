/** The quality review's routes: checklist, reviews, picked cases, results, problem lists, their documents. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { oneUploadedFile, sendSealedFile } from '../../http/files.js';
import { ErrorBody, Id, IdParams, Int, Obj, PagedOf, Str, errorResponses } from '../../http/schema.js';
import { readChecklist, setChecklist } from './quality.checklist.js';
import { problemListDocument } from './quality.document.js';
import { MAX_QUALITY_FILE_BYTES, addProblemFile, openProblemFile, readProblem } from './quality.files.js';
import { concludeCase, confirmProblem, listProblems, problemCountsByUnit, rectifyProblem } from './quality.problems.js';
import { closeReview, createReview, listReviews, pickCase, readReview, recordResults } from './quality.reviews.js';
import {
  ChecklistBody,
  ChecklistSchema,
  ConcludeBody,
  ConfirmBody,
  PickBody,
  ProblemDetailSchema,
  ProblemFileSchema,
  ProblemQuery,
  ProblemSchema,
  RectifyBody,
  ResultsBody,
  ReviewBody,
  ReviewCaseParams,
  ReviewLineSchema,
  ReviewQuery,
  ReviewSchema,
  UnitCountsSchema,
} from './quality.schemas.js';

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

const ReviewParams = IdParams('Review id');
const ProblemParams = IdParams('Problem id');

/** The quality review's routes. */
export const qualityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/quality-checklist',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: "The county's quality review checklist (its own, or the national defaults)",
        response: { 200: ChecklistSchema, ...errorResponses },
      },
    },
    async (req) => readChecklist(req.ctx),
  );

  app.put(
    '/api/quality-checklist',
    {
      config: { access: { permission: 'quality.manage' } },
      schema: {
        tags: ['quality'],
        summary: "Replace the county's checklist (reviews already opened keep theirs)",
        body: ChecklistBody,
        response: { 200: ChecklistSchema, ...errorResponses },
      },
    },
    async (req) => setChecklist(req.ctx, req.body.items),
  );

  app.get(
    '/api/quality-reviews',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: 'Quality reviews (案件质量评查) in scope or on whose panel the reader sits, newest first',
        querystring: ReviewQuery,
        response: { 200: PagedOf(ReviewLineSchema, 'Reviews'), ...errorResponses },
      },
    },
    async (req) => ({ ...(await listReviews(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.post(
    '/api/quality-reviews',
    {
      config: { access: { permission: 'quality.manage' } },
      schema: {
        tags: ['quality'],
        summary: "Open a review owned by the organiser's unit, with its panel and the county's checklist",
        body: ReviewBody,
        response: { 201: Obj({ id: Id('Review id') }, { description: 'Opened' }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createReview(req.ctx, req.body)),
  );

  app.get(
    '/api/quality-reviews/:id',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: 'A review: panel, checklist, cases with automatic findings and recorded results',
        params: ReviewParams,
        response: { 200: ReviewSchema, ...errorResponses },
      },
    },
    async (req) => readReview(req.ctx, req.params.id),
  );

  app.post(
    '/api/quality-reviews/:id/cases',
    {
      config: { access: { permission: 'quality.manage' } },
      schema: {
        tags: ['quality'],
        summary:
          'Pick a closed case for a panel member (never of its township; the recusal check) and run the automatic items',
        params: ReviewParams,
        body: PickBody,
        response: { 201: ReviewSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await pickCase(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/quality-reviews/:id/closure',
    {
      config: { access: { permission: 'quality.manage' } },
      schema: {
        tags: ['quality'],
        summary: 'Close a review once every picked case is concluded (no more cases; the problems run on)',
        params: ReviewParams,
        body: Obj({ version: Int("The review's version read") }, { description: 'Closure' }),
        response: { 200: ReviewSchema, ...errorResponses },
      },
    },
    async (req) => closeReview(req.ctx, req.params.id, req.body),
  );

  app.put(
    '/api/quality-reviews/:id/cases/:caseId/results',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: "Record the manual items' results on a picked case (its examiner)",
        params: ReviewCaseParams,
        body: ResultsBody,
        response: { 200: ReviewSchema, ...errorResponses },
      },
    },
    async (req) => recordResults(req.ctx, req.params.id, req.params.caseId, req.body),
  );

  app.post(
    '/api/quality-reviews/:id/cases/:caseId/conclusion',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: 'Conclude a picked case (its examiner): score, grade and the problem list to the handling unit',
        params: ReviewCaseParams,
        body: ConcludeBody,
        response: { 201: ReviewSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await concludeCase(req.ctx, req.params.id, req.params.caseId, req.body)),
  );

  app.get(
    '/api/quality-reviews/:id/cases/:caseId/documents/:file',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: "A reviewed case's problem list (问题清单) as PDF or DOCX, addressed to the handling unit",
        params: IdParams('Review id', {
          caseId: Id('Case id'),
          file: Str('problem_list.pdf or problem_list.docx', { pattern: '^problem_list\\.(pdf|docx)$' }),
        }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const format = req.params.file.endsWith('.pdf') ? 'pdf' : 'docx';
      const { bytes, title } = await problemListDocument(req.ctx, req.params.id, req.params.caseId, format);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  app.get(
    '/api/quality-problems',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary:
          "The problem ledger: problems addressed to units in scope or of the reader's reviews, outstanding first by due date",
        querystring: ProblemQuery,
        response: { 200: PagedOf(ProblemSchema, 'Problems'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listProblems(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/quality-problems/unit-counts',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: 'Outstanding, overdue and confirmed problems per handling unit (for the unit assessment)',
        response: { 200: UnitCountsSchema, ...errorResponses },
      },
    },
    async (req) => ({ items: await problemCountsByUnit(req.ctx) }),
  );

  app.get(
    '/api/quality-problems/:id',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: 'A problem with its rectification and evidence files',
        params: ProblemParams,
        response: { 200: ProblemDetailSchema, ...errorResponses },
      },
    },
    async (req) => readProblem(req.ctx, req.params.id),
  );

  app.post(
    '/api/quality-problems/:id/files',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: 'Seal a rectification evidence file (the handling unit, while the problem is open)',
        description: 'multipart/form-data with one field `file` (at most 20 MB), stored as received and sealed.',
        consumes: ['multipart/form-data'],
        params: ProblemParams,
        response: { 201: ProblemFileSchema, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await addProblemFile(req.ctx, req.params.id, await oneUploadedFile(req, MAX_QUALITY_FILE_BYTES))),
  );

  app.get(
    '/api/quality-problems/:id/files/:fileId',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: 'Download a rectification evidence file, audited; x-content-sha256 carries its hash',
        params: IdParams('Problem id', { fileId: Id('File id') }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => sendSealedFile(reply, await openProblemFile(req.ctx, req.params.id, req.params.fileId)),
  );

  app.post(
    '/api/quality-problems/:id/rectification',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: 'Report a problem rectified with a note (the handling unit; at least one evidence file)',
        params: ProblemParams,
        body: RectifyBody,
        response: { 200: ProblemSchema, ...errorResponses },
      },
    },
    async (req) => rectifyProblem(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/quality-problems/:id/confirmation',
    {
      config: { access: { permission: 'quality.read' } },
      schema: {
        tags: ['quality'],
        summary: 'Confirm a rectified problem (销号) or send it back (the panel, not the person who rectified)',
        params: ProblemParams,
        body: ConfirmBody,
        response: { 200: ProblemSchema, ...errorResponses },
      },
    },
    async (req) => confirmProblem(req.ctx, req.params.id, req.body),
  );
};
