/**
 * The routes of plans (审查调查方案, 谈话方案, 外查方案 and their changes), the end of the
 * investigation (facts shown, collective discussion, the report, its signatures and submission),
 * the filing with the higher organ after closing, and the one route of every case document.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateStr, Id, IdParams, Instant, Int, Nullable, Obj, Str, errorResponses } from '../../http/schema.js';
import { recordDiscussion, recordFactsShown, recordHigherFiling } from './cases.conclusion.js';
import { caseDocument, listCaseDocuments } from './cases.documents.js';
import { changePlan, listPlans, submitPlan } from './cases.plans.js';
import {
  ConclusionSchema,
  DiscussionBody,
  FactsShownBody,
  HigherFilingBody,
  PlanBody,
  PlanChangeBody,
  PlanListSchema,
  PlanParams,
  CaseDocumentListSchema,
  ReportBody,
  ReportSignatureBody,
  ReportSubmissionBody,
} from './cases.plans.schemas.js';
import { readConclusion, saveCaseReport, signCaseReport, submitCaseReport } from './cases.report.js';
import { CaseIdParam } from './cases.schemas.js';

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

const Recorded = Obj({ id: Id('Record id'), version: Int('New case version') }, { description: 'Recorded' });

/** The routes of plans, the end of the investigation and the case documents. */
export const casePlanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cases/:id/plans',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: 'The plans of a case (审查调查方案, 谈话方案, 外查方案) with every version',
        params: CaseIdParam,
        response: { 200: PlanListSchema, ...errorResponses },
      },
    },
    async (req) => listPlans(req.ctx, req.params.id),
  );

  app.post(
    '/api/cases/:id/plans',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary:
          'Submit a plan for approval (GZ 第三十九条; a serious case’s 审查调查方案 with its 专题会议); the approved 审查调查方案 starts the investigation',
        params: CaseIdParam,
        body: PlanBody,
        response: {
          201: Obj(
            { planId: Id('Plan id'), approvalId: Id('Approval started'), version: Int('New case version') },
            { description: 'Submitted' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await submitPlan(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/cases/:id/plans/:planId/changes',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Submit a change of an approved plan for approval (the working text changes only when approved)',
        params: PlanParams,
        body: PlanChangeBody,
        response: {
          201: Obj(
            {
              revision: Int('The proposed version'),
              approvalId: Id('Approval started'),
              version: Int('New plan version'),
            },
            { description: 'Submitted' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await changePlan(req.ctx, req.params.id, req.params.planId, req.body)),
  );

  app.get(
    '/api/cases/:id/conclusion',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: 'The end of the investigation: facts shown, discussions, the report with signatures, closing',
        params: CaseIdParam,
        response: { 200: ConclusionSchema, ...errorResponses },
      },
    },
    async (req) => readConclusion(req.ctx, req.params.id),
  );

  app.post(
    '/api/cases/:id/facts-shown',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Record the facts material shown to the person, with their signed opinion or the refusal noted',
        params: CaseIdParam,
        body: FactsShownBody,
        response: { 201: Recorded, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await recordFactsShown(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/cases/:id/discussions',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: "Record the team's collective discussion (every current member present or the absence noted)",
        params: CaseIdParam,
        body: DiscussionBody,
        response: { 201: Recorded, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await recordDiscussion(req.ctx, req.params.id, req.body)),
  );

  app.put(
    '/api/cases/:id/report',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: 'Save the 审查调查报告 (a team member; cited evidence checked; a change of text voids the signatures)',
        params: CaseIdParam,
        body: ReportBody,
        response: {
          200: Obj(
            {
              version: Int('New report version'),
              contentHash: Str('Hash of the saved text'),
              voided: Int('Signatures voided by this change'),
            },
            { description: 'Saved' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => saveCaseReport(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/cases/:id/report/signatures',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: 'Sign the current text of the report as oneself (a team member, GZ 第五十二条)',
        params: CaseIdParam,
        body: ReportSignatureBody,
        response: { 201: Obj({ signedAt: Instant('Signed at') }, { description: 'Signed' }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await signCaseReport(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/cases/:id/report/submission',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: 'Submit the report signed by every member, with the three attachments noted, to the principal leader',
        params: CaseIdParam,
        body: ReportSubmissionBody,
        response: {
          201: Obj(
            { approvalId: Id('Approval started'), version: Int('New report version') },
            { description: 'Submitted' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await submitCaseReport(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/cases/:id/higher-filing',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Record the closed case’s filing with the higher organ (7 working days, TL21 第二百零六条)',
        params: CaseIdParam,
        body: HigherFilingBody,
        response: {
          200: Obj(
            {
              version: Int('New closing record version'),
              dueOn: Nullable(DateStr('Due date')),
              late: Type.Boolean({ description: 'Filed after the due date' }),
            },
            { description: 'Recorded' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => recordHigherFiling(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/cases/:id/documents',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary:
          'Every document the case has so far (the registry, the measures’ documents, the zone documents), with PDF and DOCX paths',
        params: CaseIdParam,
        response: { 200: CaseDocumentListSchema, ...errorResponses },
      },
    },
    async (req) => ({ items: await listCaseDocuments(req.ctx, req.params.id) }),
  );

  app.get(
    '/api/cases/:id/documents/:file',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary:
          'A case document as PDF or DOCX, from the registry every part adds to (case_filing_form, case_filing_decision, case_filing_notice, investigation_report, …)',
        params: IdParams('Case id', {
          file: Str('<name>.pdf or <name>.docx', { pattern: '^[a-z][a-z0-9_]{1,60}\\.(pdf|docx)$' }),
        }),
        querystring: Obj(
          {
            recordId: Type.Optional(
              Id('The action, measure or item a per-record document is about (its own documents require it)'),
            ),
          },
          { description: 'Which record' },
        ),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const dot = req.params.file.lastIndexOf('.');
      const format = req.params.file.slice(dot + 1) as 'pdf' | 'docx';
      const { bytes, title } = await caseDocument(req.ctx, req.params.id, req.params.file.slice(0, dot), format, {
        recordId: req.query.recordId,
      });
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
};
