/**
 * The measures ledger's routes: a case's measures (record, carry out, notify, transfer, extend,
 * restart, change requests, lift, documents), the case's periods, and the county ledger filed
 * with 案管 (list, filings, acknowledgement, the approver-level settings).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import type { Ctx } from '../../shared/context.js';
import {
  Bool,
  DateStr,
  Id,
  IdParams,
  Int,
  Nullable,
  Obj,
  PageQuery,
  PagedOf,
  Str,
  errorResponses,
} from '../../http/schema.js';
import { extendMeasure, extendPeriod, openPartyPeriod, restartDetention } from './cases.measures.clocks.js';
import { type MeasureDocument, measureDocument } from './cases.measures.documents.js';
import {
  acknowledgeFiling,
  approverLevels,
  fileMeasureLedger,
  listMeasureFilings,
  setApproverLevel,
} from './cases.measures.filings.js';
import { caseMeasures, listMeasures } from './cases.measures.ledger.js';
import { liftMeasure, recordMeasure, startMeasure } from './cases.measures.js';
import {
  ApproverLevelBody,
  ApproverLevelsSchema,
  ChangeDecisionBody,
  ChangeRequestBody,
  CountyParam,
  FilingAckBody,
  FilingBody,
  FilingSchema,
  MeasureBody,
  MeasureDocumentParams,
  MeasureExtensionBody,
  MeasureFilters,
  MeasureLiftBody,
  MeasureLineSchema,
  MeasureNoticeBody,
  MeasureParams,
  MeasureRestartBody,
  MeasureSchema,
  MeasureStartBody,
  MeasureTransferBody,
  PartyPeriodBody,
  PeriodExtensionBody,
} from './cases.measures.schemas.js';
import { decideChangeRequest, recordChangeRequest, recordNotice, recordTransfer } from './cases.measures.steps.js';

const NewVersion = Obj({ version: Int('New row version') }, { description: 'Saved' });
const Due = Obj(
  { version: Int('New row version'), dueOn: Nullable(DateStr('New due date')) },
  { description: 'Saved, with the new due date' },
);
const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;
const manage = { access: { permission: 'case.manage' as const } };
const read = { access: { permission: 'case.read' as const } };
const tags = ['cases'];

/** The measures ledger's routes. */
export const measureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cases/:id/measures',
    {
      config: read,
      schema: {
        tags,
        summary: "A case's measures with their clocks (team or supervisors)",
        params: IdParams('Case id'),
        response: {
          200: Obj({ items: Type.Array(MeasureSchema, { description: 'Measures' }) }, { description: 'Measures' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await caseMeasures(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/cases/:id/measures',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Record a measure with the approval the rules name (主要负责人; 留置: collective decision and the higher organ; 限制出境: 省级以上)',
        params: IdParams('Case id'),
        body: MeasureBody,
        response: {
          201: Obj({ id: Id('Measure id'), version: Int('Row version') }, { description: 'Recorded' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await recordMeasure(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/cases/:id/measures/:measureId/start',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Carry out an approved measure: the notice served, at least two team members present; opens its clocks',
        params: MeasureParams,
        body: MeasureStartBody,
        response: {
          200: Obj(
            {
              version: Int('New row version'),
              clocks: Type.Array(Str('Timer kind'), { description: 'Clocks opened' }),
            },
            { description: 'Carried out' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => startMeasure(req.ctx, req.params.id, req.params.measureId, req.body),
  );

  // The steps on one measure share their shape: case.manage, the measure's path, a body, an answer.
  const step = (
    path: string,
    summary: string,
    body: TSchema,
    run: (ctx: Ctx, id: string, measureId: string, b: never) => Promise<unknown>,
    response: TSchema = NewVersion,
  ) =>
    app.post(
      `/api/cases/:id/measures/:measureId/${path}`,
      {
        config: manage,
        schema: { tags, summary, params: MeasureParams, body, response: { 200: response, ...errorResponses } },
      },
      async (req) => run(req.ctx, req.params.id, req.params.measureId, req.body as never),
    );

  step(
    'notice',
    'Record the notice of the unit and family within 24 hours, or the approved decision not to notify',
    MeasureNoticeBody,
    recordNotice,
  );
  step(
    'transfer',
    '管护: record that the person was sent to the 留置场所 (within 24 hours)',
    MeasureTransferBody,
    recordTransfer,
  );
  step(
    'extension',
    "Extend the measure's clock by the next step of its rule, before it expires (late: MEASURE_EXTENSION_LATE)",
    MeasureExtensionBody,
    extendMeasure,
    Obj(
      {
        version: Int('New row version'),
        dueOn: Nullable(DateStr('New due date')),
        dueAt: Nullable(Str('New due instant (hour clocks)')),
        extensions: Int('Extensions so far'),
      },
      { description: 'Extended' },
    ),
  );
  step(
    'restart',
    '留置: restart its time once (newly found major crimes), with the approval',
    MeasureRestartBody,
    restartDetention,
    Due,
  );
  step(
    'change-request',
    '留置: record a change request (answered within 3 days)',
    ChangeRequestBody,
    recordChangeRequest,
  );
  step('change-decision', 'Answer the pending change request', ChangeDecisionBody, decideChangeRequest);
  step('lift', 'Lift the measure (解除): its clocks are met', MeasureLiftBody, liftMeasure);

  app.get(
    '/api/cases/:id/measures/:measureId/documents/:file',
    {
      config: read,
      schema: {
        tags,
        summary: 'A measure document (留置决定书, 留置通知书, 责令候查决定书, 管护决定书) as PDF or DOCX',
        params: MeasureDocumentParams,
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const dot = req.params.file.lastIndexOf('.');
      const doc = req.params.file.slice(0, dot) as MeasureDocument;
      const format = req.params.file.slice(dot + 1) as 'pdf' | 'docx';
      const { bytes, title } = await measureDocument(req.ctx, req.params.id, req.params.measureId, doc, format);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  app.post(
    '/api/cases/:id/measures/periods/extension',
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Extend the case's investigation period (timer 12: ≤ 6 months, the higher organ's approval) or the local party-side period",
        params: IdParams('Case id'),
        body: PeriodExtensionBody,
        response: { 200: Due, ...errorResponses },
      },
    },
    async (req) => extendPeriod(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/cases/:id/measures/periods/party',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Start the party-side investigation period from the filing, where the county set a length',
        params: IdParams('Case id'),
        body: PartyPeriodBody,
        response: { 200: Due, ...errorResponses },
      },
    },
    async (req) => openPartyPeriod(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/case-measures',
    {
      config: read,
      schema: {
        tags,
        summary: "The measures ledger across cases: 案管 the county's, others the cases they see in full",
        querystring: Obj({ ...MeasureFilters, ...PageQuery }, { description: 'Filters' }),
        response: { 200: PagedOf(MeasureLineSchema, 'Measures'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listMeasures(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/case-measures/filings',
    {
      config: read,
      schema: {
        tags,
        summary: 'Filings of measures ledgers with 案管 (报备), newest first',
        querystring: Obj(
          { pending: Type.Optional(Bool('Only those not acknowledged yet')), ...PageQuery },
          { description: 'Filters' },
        ),
        response: { 200: PagedOf(FilingSchema, 'Filings'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listMeasureFilings(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.post(
    '/api/case-measures/filings',
    {
      config: manage,
      schema: {
        tags,
        summary: "File a handling unit's measures ledger of a period with 案管",
        body: FilingBody,
        response: {
          201: Obj({ id: Id('Filing id'), measureCount: Int('Measures covered') }, { description: 'Filed' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await fileMeasureLedger(req.ctx, req.body)),
  );

  app.post(
    '/api/case-measures/filings/:id/acknowledgement',
    {
      config: { access: { permission: 'case.register' as const } },
      schema: {
        tags,
        summary: '案管 acknowledges a filing after cross-checking it against the ledger',
        params: IdParams('Filing id'),
        body: FilingAckBody,
        response: {
          200: Obj(
            {
              version: Int('New row version'),
              missing: Type.Array(Id('Measure'), { description: 'In the ledger, not filed' }),
              extra: Type.Array(Id('Measure'), { description: 'Filed, not in the ledger' }),
              ackNote: Str('Cross-check result', { max: 2000 }),
            },
            { description: 'Acknowledged' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => acknowledgeFiling(req.ctx, req.params.id, req.body),
  );

  const setting = { access: { permission: 'setting.manage' as const } };
  app.get(
    '/api/case-measures/approver-levels/:regionCode',
    {
      config: setting,
      schema: {
        tags,
        summary: "A county's approver levels of the measures the law leaves to 按规定报批",
        params: CountyParam,
        response: { 200: ApproverLevelsSchema, ...errorResponses },
      },
    },
    async (req) => ({ regionCode: req.params.regionCode, items: await approverLevels(req.ctx, req.params.regionCode) }),
  );
  app.put(
    '/api/case-measures/approver-levels/:regionCode',
    {
      config: setting,
      schema: {
        tags,
        summary: "Set a county's approver level of one 按规定报批 measure",
        params: CountyParam,
        body: ApproverLevelBody,
        response: { 200: ApproverLevelsSchema, ...errorResponses },
      },
    },
    async (req) => ({
      regionCode: req.params.regionCode,
      items: await setApproverLevel(req.ctx, req.params.regionCode, req.body),
    }),
  );
};
