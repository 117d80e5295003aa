/**
 * The routes of handling-mode changes and the zone's rules on a case: mode changes, 一案一授权,
 * 一案一汇报, 一案一剖析 with its 以案促改 recommendations, 挂牌督办's schedule and reports, and the
 * 授权书 / 指定管辖决定书. Schema → service; access in the services through `loadCase`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateStr, Id, Int, Obj, PageQuery, PagedOf, Str, errorResponses } from '../../http/schema.js';
import type { ZoneDocument } from '../../shared/cases.codes.js';
import { listModeChanges, requestModeChange } from './cases.mode-change.js';
import { CaseIdParam } from './cases.schemas.js';
import { authorizeCase, listBriefings, readAuthorization, recordBriefing } from './cases.zone.js';
import {
  addRecommendation,
  listRecommendations,
  readAnalysis,
  saveAnalysis,
  updateRecommendation,
} from './cases.zone.analysis.js';
import { logFlagReport, readFlag, setFlagSchedule, zoneDocument } from './cases.zone.flag.js';
import {
  AnalysisBody,
  AnalysisViewSchema,
  AuthorizationBody,
  AuthorizationViewSchema,
  BriefingBody,
  BriefingListSchema,
  FlagReportBody,
  FlagScheduleBody,
  FlagViewSchema,
  ModeChangeBody,
  ModeChangeSchema,
  RecommendationBody,
  RecommendationFilters,
  RecommendationLineSchema,
  RecommendationParams,
  RecommendationStatusBody,
  ZoneDocumentParams,
} from './cases.zone.schemas.js';

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;
const Created = Obj({ id: Id('New record id') }, { description: 'Recorded' });
const NewVersion = Obj({ version: Int('New row version') }, { description: 'Saved' });

/** The routes of this part. */
export const caseZoneRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cases/:id/mode-changes',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: "A case's handling-mode changes, newest first (readers of its content)",
        params: CaseIdParam,
        response: {
          200: Obj({ items: Type.Array(ModeChangeSchema, { description: 'Changes' }) }, { description: 'Changes' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listModeChanges(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/cases/:id/mode-changes',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Ask to change the handling mode (approval case.mode_change, GZ 第十条)',
        params: CaseIdParam,
        body: ModeChangeBody,
        response: {
          201: Obj(
            { id: Id('Mode change id'), approvalId: Id('Approval started'), approvalNumber: Str('Approval number') },
            { description: 'Sent up' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await requestModeChange(req.ctx, req.params.id, req.body)),
  );

  app.get(
    '/api/cases/:id/authorization',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: "A case's authorisation by the zone's commander (一案一授权): needed, held, history",
        params: CaseIdParam,
        response: { 200: AuthorizationViewSchema, ...errorResponses },
      },
    },
    async (req) => readAuthorization(req.ctx, req.params.id),
  );

  app.post(
    '/api/cases/:id/authorization',
    {
      config: { access: { permission: 'case.assign' } },
      schema: {
        tags: ['cases'],
        summary: "Authorise a zone case and its team (the zone's commander; a former authorisation is superseded)",
        params: CaseIdParam,
        body: AuthorizationBody,
        response: {
          201: Obj({ id: Id('Authorisation id'), version: Int('New case version') }, { description: 'Authorised' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await authorizeCase(req.ctx, req.params.id, req.body)),
  );

  app.get(
    '/api/cases/:id/briefings',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: "A case's briefings to the commander (一案一汇报), oldest first",
        params: CaseIdParam,
        response: { 200: BriefingListSchema, ...errorResponses },
      },
    },
    async (req) => ({ items: await listBriefings(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/cases/:id/briefings',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: 'Record a briefing to the commander (a team member or the commander)',
        params: CaseIdParam,
        body: BriefingBody,
        response: { 201: Created, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await recordBriefing(req.ctx, req.params.id, req.body)),
  );

  app.get(
    '/api/cases/:id/analysis',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: "A case's closing analysis (一案一剖析) and its 以案促改 recommendations",
        params: CaseIdParam,
        response: { 200: AnalysisViewSchema, ...errorResponses },
      },
    },
    async (req) => readAnalysis(req.ctx, req.params.id),
  );

  app.put(
    '/api/cases/:id/analysis',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Write or revise the closing analysis: causes, lessons, weaknesses (version 0 for the first)',
        params: CaseIdParam,
        body: AnalysisBody,
        response: { 200: NewVersion, ...errorResponses },
      },
    },
    async (req) => saveAnalysis(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/cases/:id/recommendations',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Add a 以案促改 recommendation to the unit concerned (owner, due date), after the analysis',
        params: CaseIdParam,
        body: RecommendationBody,
        response: { 201: Created, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await addRecommendation(req.ctx, req.params.id, req.body)),
  );

  app.get(
    '/api/cases/recommendations',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: '以案促改 recommendations of every case the reader sees in full, the soonest due first',
        querystring: Obj({ ...RecommendationFilters, ...PageQuery }, { description: 'Filters' }),
        response: { 200: PagedOf(RecommendationLineSchema, 'Recommendations'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listRecommendations(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.put(
    '/api/cases/:id/recommendations/:recId',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Mark a recommendation done (with a note) or open again',
        params: RecommendationParams,
        body: RecommendationStatusBody,
        response: { 200: NewVersion, ...errorResponses },
      },
    },
    async (req) => updateRecommendation(req.ctx, req.params.id, req.params.recId, req.body),
  );

  app.get(
    '/api/cases/:id/flag',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: "A flagged case's supervision (挂牌督办): organ, report schedule (overdue?), reports",
        params: CaseIdParam,
        response: { 200: FlagViewSchema, ...errorResponses },
      },
    },
    async (req) => readFlag(req.ctx, req.params.id),
  );

  app.put(
    '/api/cases/:id/flag-schedule',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: "Set a flagged case's report schedule to its supervising organ (every N days or weeks)",
        params: CaseIdParam,
        body: FlagScheduleBody,
        response: { 200: NewVersion, ...errorResponses },
      },
    },
    async (req) => setFlagSchedule(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/cases/:id/flag-reports',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Log a progress report to the supervising organ (the next one falls due an interval later)',
        params: CaseIdParam,
        body: FlagReportBody,
        response: {
          201: Obj({ id: Id('Report id'), nextDueOn: DateStr('Next report due') }, { description: 'Logged' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await logFlagReport(req.ctx, req.params.id, req.body)),
  );

  app.get(
    '/api/cases/:id/zone-documents/:file',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: '授权书 (case_authorization) of a zone case or 指定管辖决定书 (designation_decision), as PDF or DOCX',
        params: ZoneDocumentParams,
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const dot = req.params.file.lastIndexOf('.');
      const kind = req.params.file.slice(0, dot) as ZoneDocument;
      const format = req.params.file.slice(dot + 1) as 'pdf' | 'docx';
      const { bytes, title } = await zoneDocument(req.ctx, req.params.id, kind, format);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
};
