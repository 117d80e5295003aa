/** The clue ledger's routes: the ledger, its counts and export, registration, 备案, detail, corrections, the 第二十二条 report. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, Enum, Id, Int, Nullable, Obj, PageQuery, PagedOf, Str, errorResponses } from '../../http/schema.js';
import { sendXlsx } from '../../http/xlsx.js';
import {
  CLUE_DISPOSALS,
  CLUE_DISPOSAL_LABELS,
  CLUE_SOURCE_LABELS,
  CLUE_STATUS_LABELS,
} from '../../shared/clues.codes.js';
import { REPORT_CATEGORIES, type ReportCategory } from '../../shared/reports.codes.js';
import { readClue } from './clues.detail.js';
import { grantClueExport, streamClueLines } from './clues.export.js';
import { type ClueLine, clueStats, listClues } from './clues.ledger.js';
import {
  ClueCorrectionBody,
  ClueCreateBody,
  ClueDetailSchema,
  ClueFilters,
  ClueIdParam,
  ClueLineSchema,
  HigherReportBody,
} from './clues.schemas.js';
import { correctClue, recordHigherReport, registerClueByHand } from './clues.service.js';

const Created = Obj({ id: Id('Clue id'), number: Str('Number issued') }, { description: 'Registered' });
const NewVersion = Obj({ version: Int('New row version') }, { description: 'Saved' });

/** The line's fields as the Excel export writes them (content empty on a line-only row). */
function exportColumns() {
  return [
    { header: '编号', width: 26, value: (r: ClueLine) => r.number },
    { header: '收到日期', width: 12, value: (r: ClueLine) => r.receivedOn },
    { header: '来源', width: 18, value: (r: ClueLine) => CLUE_SOURCE_LABELS[r.sourceKind] },
    { header: '来源文号', width: 22, value: (r: ClueLine) => r.sourceRef },
    { header: '反映对象', width: 20, value: (r: ClueLine) => r.subjectNames },
    {
      header: '问题类别',
      width: 24,
      value: (r: ClueLine) => r.categories?.map((c) => REPORT_CATEGORIES[c as ReportCategory] ?? c).join('、') ?? null,
    },
    { header: '所在区划', width: 16, value: (r: ClueLine) => r.regionName },
    { header: '管理机关', width: 24, value: (r: ClueLine) => r.unitName },
    { header: '承办部门', width: 20, value: (r: ClueLine) => r.handlingUnitName },
    { header: '线索管理人', value: (r: ClueLine) => r.keeperName },
    { header: '状态', value: (r: ClueLine) => CLUE_STATUS_LABELS[r.status] },
    { header: '处置方式', value: (r: ClueLine) => (r.disposal ? CLUE_DISPOSAL_LABELS[r.disposal] : null) },
    { header: '处置意见期限', width: 12, value: (r: ClueLine) => r.dueOn },
    { header: '报告上级', value: (r: ClueLine) => (r.higherReportRequired ? (r.higherReportedOn ?? '待报告') : null) },
    {
      header: '涉及金额（元）',
      value: (r: ClueLine) => (r.amountFen === null ? null : (r.amountFen / 100).toFixed(2)),
    },
    { header: '主要问题', width: 60, value: (r: ClueLine) => r.summary },
  ];
}

/** The clue ledger's routes. */
export const clueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/clues',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: 'The clue ledger in scope, newest first (content only on the clues one is on)',
        querystring: Obj(
          {
            ...ClueFilters,
            ...PageQuery,
            after: Type.Optional(
              Str(
                "The previous page's nextCursor: page by keyset (offset ignored); a deep page costs what the first does",
                {
                  min: 1,
                  max: 400,
                },
              ),
            ),
          },
          { description: 'Filters' },
        ),
        response: {
          200: PagedOf(ClueLineSchema, 'Clues', {
            total: 'Rows matching the filters, exact up to 10,000',
            extra: {
              totalCapped: Bool('More than 10,000 rows match: narrow the filters'),
              nextCursor: Nullable(Str('Pass as `after` with page + 1 for the next page; null on the last page')),
            },
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ ...(await listClues(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/clues/stats',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: 'Counts of the filtered ledger by disposal and by month received',
        querystring: Obj(ClueFilters, { description: 'Filters' }),
        response: {
          200: Obj(
            {
              byDisposal: Type.Array(
                Obj(
                  {
                    disposal: Nullable(Enum(CLUE_DISPOSALS, 'Disposal (null: not yet disposed of)')),
                    count: Int('Clues'),
                  },
                  { description: 'One disposal' },
                ),
                { description: 'By disposal' },
              ),
              byMonth: Type.Array(
                Obj({ month: Str('Month received (YYYY-MM, CST)'), count: Int('Clues') }, { description: 'One month' }),
                { description: 'By month' },
              ),
            },
            { description: 'Counts' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => clueStats(req.ctx, req.query),
  );

  app.get(
    '/api/clues/export.xlsx',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: 'Export exactly the filtered ledger rows as Excel (audited, naming every clue)',
        querystring: Obj(ClueFilters, { description: 'Filters' }),
      },
    },
    async (req, reply) => {
      // Audited before the first byte (ids only); the lines are read while the file is written,
      // and the file carries exactly the clues the event names.
      const granted = await grantClueExport(req.ctx, req.query);
      return sendXlsx(
        reply,
        '问题线索台账.xlsx',
        '线索台账',
        exportColumns(),
        streamClueLines(req.ctx, req.query, granted),
      );
    },
  );

  app.post(
    '/api/clues',
    {
      config: { access: { permission: 'clue.register' } },
      schema: {
        tags: ['clues'],
        summary: "Register a clue by hand (案管: inspections, audits, 巡察, data alerts, a higher organ's assignment)",
        body: ClueCreateBody,
        response: { 201: Created, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await registerClueByHand(req.ctx, req.body);
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/api/clues/filings',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: "File a department's own clue with 案管 (备案, source self_found)",
        body: ClueCreateBody,
        response: { 201: Created, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await registerClueByHand(req.ctx, req.body, true);
      reply.status(201);
      return r;
    },
  );

  app.get(
    '/api/clues/:id',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: 'A clue in full: subjects, source, trail, team, clocks (audited; needs to be on the clue)',
        params: ClueIdParam,
        response: { 200: ClueDetailSchema, ...errorResponses },
      },
    },
    async (req) => readClue(req.ctx, req.params.id),
  );

  app.patch(
    '/api/clues/:id',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: "Correct a clue's ledger fields (version checked, signed in the trail)",
        params: ClueIdParam,
        body: ClueCorrectionBody,
        response: { 200: NewVersion, ...errorResponses },
      },
    },
    async (req) => correctClue(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/clues/:id/higher-report',
    {
      config: { access: { permission: 'clue.register' } },
      schema: {
        tags: ['clues'],
        summary: 'Record the report of a flagged clue to the higher organ (GZ 第二十二条)',
        params: ClueIdParam,
        body: HigherReportBody,
        response: { 200: NewVersion, ...errorResponses },
      },
    },
    async (req) => recordHigherReport(req.ctx, req.params.id, req.body),
  );
};
