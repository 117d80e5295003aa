/** The inspections' routes: checklist templates and their adaptations, inspections, checks, findings, report, documents. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { oneUploadedFile, sendSealedFile } from '../../http/files.js';
import { ErrorBody, Id, IdParams, Obj, PagedOf, Str, errorResponses } from '../../http/schema.js';
import { teamCandidates } from './inspections.candidates.js';
import { MAX_CHECK_FILE_BYTES, addCheckFile, openCheckFile, recordCheck } from './inspections.checks.js';
import { type InspectionDocument, inspectionDocument } from './inspections.documents.js';
import { decideFinding } from './inspections.findings.js';
import {
  closeInspection,
  createInspection,
  reportInspection,
  startInspection,
  submitInspection,
} from './inspections.plans.js';
import { listInspections, readInspection } from './inspections.read.js';
import {
  AdaptationListSchema,
  CandidateListSchema,
  CandidateQuery,
  CheckBody,
  CheckFileSchema,
  DecisionBody,
  InspectionBody,
  InspectionLineSchema,
  InspectionQuery,
  InspectionSchema,
  ReportBody,
  TemplateBody,
  TemplateListSchema,
  TemplateQuery,
  TemplateSchema,
  TemplateUpdateBody,
  VersionBody,
} from './inspections.schemas.js';
import {
  adaptTemplate,
  createTemplate,
  issueTemplate,
  listAdaptations,
  listTemplates,
  readTemplate,
  updateTemplate,
} from './inspections.templates.js';

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

const TemplateParams = IdParams('Template version id');
const InspectionParams = IdParams('Inspection id');
const tags = ['inspections'];
const read = { access: { permission: 'inspection.read' as const } };
const manage = { access: { permission: 'inspection.manage' as const } };
const checklist = { access: { permission: 'checklist.manage' as const } };

/** The inspections' routes. */
export const inspectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/checklist-templates',
    {
      config: read,
      schema: {
        tags,
        summary: "Checklist templates: the reader's own scope's and the county's issued versions",
        querystring: TemplateQuery,
        response: { 200: TemplateListSchema, ...errorResponses },
      },
    },
    async (req) => listTemplates(req.ctx, req.query),
  );

  app.post(
    '/api/checklist-templates',
    {
      config: checklist,
      schema: {
        tags,
        summary: "A new template (version 1, draft) owned by the actor's unit",
        body: TemplateBody,
        response: { 201: TemplateSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createTemplate(req.ctx, req.body)),
  );

  app.get(
    '/api/checklist-templates/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A template version with its items (404 for another township’s)',
        params: TemplateParams,
        response: { 200: TemplateSchema, ...errorResponses },
      },
    },
    async (req) => readTemplate(req.ctx, req.params.id),
  );

  app.put(
    '/api/checklist-templates/:id',
    {
      config: checklist,
      schema: {
        tags,
        summary: 'Change the items: a draft in place; an issued version gives a new draft version',
        params: TemplateParams,
        body: TemplateUpdateBody,
        response: { 200: TemplateSchema, ...errorResponses },
      },
    },
    async (req) => updateTemplate(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/checklist-templates/:id/issue',
    {
      config: checklist,
      schema: {
        tags,
        summary: 'Issue a draft version (the previous issued version of its lineage is superseded)',
        params: TemplateParams,
        body: VersionBody,
        response: { 200: TemplateSchema, ...errorResponses },
      },
    },
    async (req) => issueTemplate(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/checklist-templates/:id/adaptations',
    {
      config: checklist,
      schema: {
        tags,
        summary: 'A township adapts an issued county version: a draft of its own, based on that version',
        params: TemplateParams,
        response: { 201: TemplateSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await adaptTemplate(req.ctx, req.params.id)),
  );

  app.get(
    '/api/checklist-templates/:id/adaptations',
    {
      config: read,
      schema: {
        tags,
        summary: "Which townships adapted which version of this template's lineage",
        params: TemplateParams,
        response: { 200: AdaptationListSchema, ...errorResponses },
      },
    },
    async (req) => listAdaptations(req.ctx, req.params.id),
  );

  app.get(
    '/api/inspections',
    {
      config: read,
      schema: {
        tags,
        summary: 'Inspections in scope or on whose team the reader is, newest first',
        querystring: InspectionQuery,
        response: { 200: PagedOf(InspectionLineSchema, 'Inspections'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listInspections(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/inspections/team-candidates',
    {
      config: manage,
      schema: {
        tags,
        summary: "People the plan's team picker offers: active accounts of the actor's county, by name",
        querystring: CandidateQuery,
        response: { 200: CandidateListSchema, ...errorResponses },
      },
    },
    async (req) => teamCandidates(req.ctx, req.query.q),
  );

  app.post(
    '/api/inspections',
    {
      config: manage,
      schema: {
        tags,
        summary: "Make a plan owned by the actor's unit: targets, period, team (conflict-checked), checklists",
        body: InspectionBody,
        response: { 201: Obj({ id: Id('Inspection id') }, { description: 'Made' }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createInspection(req.ctx, req.body)),
  );

  app.get(
    '/api/inspections/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'An inspection: plan, team, checklists, checks with files, findings, report',
        params: InspectionParams,
        response: { 200: InspectionSchema, ...errorResponses },
      },
    },
    async (req) => readInspection(req.ctx, req.params.id),
  );

  app.post(
    '/api/inspections/:id/submission',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Submit the plan for approval (inspection.plan chain)',
        params: InspectionParams,
        body: VersionBody,
        response: { 200: InspectionSchema, ...errorResponses },
      },
    },
    async (req) => submitInspection(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/inspections/:id/start',
    {
      config: read,
      schema: {
        tags,
        summary: 'Start the work of an approved inspection (team leader or organiser)',
        params: InspectionParams,
        body: VersionBody,
        response: { 200: InspectionSchema, ...errorResponses },
      },
    },
    async (req) => startInspection(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/inspections/:id/files',
    {
      config: read,
      schema: {
        tags,
        summary: 'Upload a photo (metadata stripped) or PDF for a check, before recording it (a team member)',
        description: 'multipart/form-data with one field `file` (at most 20 MB), sealed in the blob store.',
        consumes: ['multipart/form-data'],
        params: InspectionParams,
        response: { 201: CheckFileSchema, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await addCheckFile(req.ctx, req.params.id, await oneUploadedFile(req, MAX_CHECK_FILE_BYTES))),
  );

  app.get(
    '/api/inspections/:id/files/:fileId',
    {
      config: read,
      schema: {
        tags,
        summary: 'Download a check file, audited; x-content-sha256 carries its hash',
        params: IdParams('Inspection id', { fileId: Id('File id') }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => sendSealedFile(reply, await openCheckFile(req.ctx, req.params.id, req.params.fileId)),
  );

  app.put(
    '/api/inspections/:id/checks',
    {
      config: read,
      schema: {
        tags,
        summary: "Record one item's result on one target (a team member); refused without the required evidence",
        params: InspectionParams,
        body: CheckBody,
        response: { 200: InspectionSchema, ...errorResponses },
      },
    },
    async (req) => recordCheck(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/inspections/:id/findings/:findingId/decision',
    {
      config: read,
      schema: {
        tags,
        summary: "Decide a finding's next step: rectification item, talk, recommendation or clue (leader or organiser)",
        params: IdParams('Inspection id', { findingId: Id('Finding id') }),
        body: DecisionBody,
        response: { 200: InspectionSchema, ...errorResponses },
      },
    },
    async (req) => decideFinding(req.ctx, req.params.id, req.params.findingId, req.body),
  );

  app.put(
    '/api/inspections/:id/report',
    {
      config: read,
      schema: {
        tags,
        summary: 'Write the report (a team member; every finding decided first)',
        params: InspectionParams,
        body: ReportBody,
        response: { 200: InspectionSchema, ...errorResponses },
      },
    },
    async (req) => reportInspection(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/inspections/:id/closure',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Close a reported inspection (the organiser)',
        params: InspectionParams,
        body: VersionBody,
        response: { 200: InspectionSchema, ...errorResponses },
      },
    },
    async (req) => closeInspection(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/inspections/:id/documents/:file',
    {
      config: read,
      schema: {
        tags,
        summary: 'The plan (检查方案) or report (检查报告) as PDF or DOCX',
        params: IdParams('Inspection id', {
          file: Str('plan|report .pdf|.docx', { pattern: '^(plan|report)\\.(pdf|docx)$' }),
        }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const [name, ext] = req.params.file.split('.') as [InspectionDocument, 'pdf' | 'docx'];
      const { bytes, title } = await inspectionDocument(req.ctx, req.params.id, name, ext);
      return reply
        .header('content-type', CONTENT_TYPES[ext])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${ext}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
};
