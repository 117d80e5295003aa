/** The routes of preliminary verification (初步核实): team check, plan, its extension, report, signatures, submission, documents. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateStr, Id, IdParams, Instant, Int, Nullable, Obj, Str, errorResponses } from '../../http/schema.js';
import { ClueIdParam, LetterToQuery } from './clues.schemas.js';
import {
  checkVerificationTeam,
  signVerificationReport,
  saveVerificationReport,
  submitVerificationPlan,
  submitVerificationReport,
} from './clues.verification.js';
import { extendVerificationPlan } from './clues.verification.clock.js';
import {
  VERIFICATION_DOCUMENTS,
  type VerificationDocument,
  readVerification,
  verificationCandidates,
  verificationDocument,
} from './clues.verification.read.js';
import {
  SignatureBody,
  SubmissionBody,
  TeamCheckBody,
  TeamCheckResult,
  VerificationExtensionBody,
  VerificationPlanBody,
  VerificationReportBody,
  VerificationViewSchema,
} from './clues.verification.schemas.js';

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** The verification routes. */
export const clueVerificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/clues/:id/verification',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: "A clue's preliminary verification: plan, team, report, signatures (needs to be on the clue)",
        params: ClueIdParam,
        response: { 200: VerificationViewSchema, ...errorResponses },
      },
    },
    async (req) => readVerification(req.ctx, req.params.id),
  );

  app.get(
    '/api/clues/:id/verification/candidates',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: 'People the verification team picker offers (own unit and clue.manage scope)',
        params: ClueIdParam,
        querystring: Obj({ q: Type.Optional(Str('Part of the name', { max: 40 })) }, { description: 'Search' }),
        response: {
          200: Obj(
            {
              items: Type.Array(
                Obj(
                  { id: Id('User id'), name: Str('Name'), unitName: Nullable(Str('Unit')) },
                  { description: 'Person' },
                ),
                { description: 'People' },
              ),
            },
            { description: 'Candidates' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await verificationCandidates(req.ctx, req.params.id, req.query.q) }),
  );

  app.post(
    '/api/clues/:id/verification/team-check',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: 'Run the conflict check on people proposed for the verification team (recorded)',
        params: ClueIdParam,
        body: TeamCheckBody,
        response: { 200: TeamCheckResult, ...errorResponses },
      },
    },
    async (req) => checkVerificationTeam(req.ctx, req.params.id, req.body.userIds),
  );

  app.post(
    '/api/clues/:id/verification/plan',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: 'Submit the work plan and the team (≥ 2, conflict-checked) for approval (GZ 第三十三条)',
        params: ClueIdParam,
        body: VerificationPlanBody,
        response: {
          201: Obj(
            { id: Id('Verification id'), approvalId: Id('Approval started'), version: Int('New clue version') },
            { description: 'Submitted' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = await submitVerificationPlan(req.ctx, req.params.id, req.body);
      reply.status(201);
      return r;
    },
  );

  app.put(
    '/api/clues/:id/verification/report',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: 'Save the verification report (a team member; a change of text voids the signatures)',
        params: ClueIdParam,
        body: VerificationReportBody,
        response: {
          200: Obj(
            {
              version: Int('New verification version'),
              reportHash: Str('Hash of the saved text'),
              voided: Int('Signatures voided by this change'),
            },
            { description: 'Saved' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => saveVerificationReport(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/clues/:id/verification/signatures',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: 'Sign the current text of the report as oneself (a team member, GZ 第三十五条)',
        params: ClueIdParam,
        body: SignatureBody,
        response: {
          201: Obj(
            { signedAt: Instant('Signed at'), version: Int('New verification version') },
            { description: 'Signed' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = await signVerificationReport(req.ctx, req.params.id, req.body);
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/api/clues/:id/verification/submission',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: 'Submit the report signed by every member for approval',
        params: ClueIdParam,
        body: SubmissionBody,
        response: {
          201: Obj(
            { approvalId: Id('Approval started'), version: Int('New verification version') },
            { description: 'Submitted' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = await submitVerificationReport(req.ctx, req.params.id, req.body);
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/api/clues/:id/verification/extension',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: "Extend the work plan's period (初核工作方案期限), approved by the organ head, with the reason",
        params: ClueIdParam,
        body: VerificationExtensionBody,
        response: {
          200: Obj(
            {
              version: Int('New verification version'),
              dueOn: Nullable(DateStr('New due date (a holiday moves it to the next working day)')),
              legalDueOn: DateStr('New planned completion date as counted'),
            },
            { description: 'Extended' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => extendVerificationPlan(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/clues/:id/verification/documents/:file',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary:
          'A verification document (verification_plan, verification_report, clarification_letter) as PDF or DOCX; the 澄清函 to a picked or typed addressee',
        params: IdParams('Clue id', {
          file: Str('<kind>.pdf or <kind>.docx', {
            pattern: `^(${VERIFICATION_DOCUMENTS.join('|')})\\.(pdf|docx)$`,
          }),
        }),
        querystring: Obj(LetterToQuery, { description: "The 澄清函's addressee (other documents ignore it)" }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const dot = req.params.file.lastIndexOf('.');
      const kind = req.params.file.slice(0, dot) as VerificationDocument;
      const format = req.params.file.slice(dot + 1) as 'pdf' | 'docx';
      const { bytes, title } = await verificationDocument(req.ctx, req.params.id, kind, format, req.query);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
};
