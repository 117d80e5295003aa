/** The sanctions ledger's routes: the ledger, the integrity file, the "under an effect period" export, the counts and the county's four-forms mapping. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Bool, DateStr, IdParams, Obj, PageQuery, PagedOf, errorResponses } from '../../http/schema.js';
import { sendXlsx } from '../../http/xlsx.js';
import { inTransaction } from '../../shared/context.js';
import { recordAudit } from '../audit/index.js';
import { countRows, sanctionCounts } from './sanctions.counts.js';
import { readFourFormsSetting, setFourFormsSetting } from './sanctions.forms-setting.js';
import { listSanctions } from './sanctions.ledger-page.js';
import { type UnderEffectLine, exportUnderEffect, readIntegrityFile } from './sanctions.ledger.js';
import {
  CountsQueryProps,
  CountsSchema,
  CountyParam,
  FourFormsBody,
  FourFormsSchema,
  IntegrityFileSchema,
  SanctionFilterProps,
  SanctionLineSchema,
  SanctionSortProp,
} from './sanctions.ledger.schemas.js';

const tags = ['sanctions'];
const read = { access: { permission: 'sanction.read' as const } };
const exporting = { access: { permission: 'sanction.export' as const } };
const settings = { access: { permission: 'setting.manage' as const } };

/** `{ months, days }` in words (`3个月12天`). */
function remainderText(r: { months: number; days: number }): string {
  if (r.months === 0 && r.days === 0) return '0天';
  return `${r.months > 0 ? `${r.months}个月` : ''}${r.days > 0 ? `${r.days}天` : ''}`;
}

async function* each<T>(rows: readonly T[]): AsyncGenerator<T> {
  for (const r of rows) yield r;
}

/** The ledger's routes. */
export const sanctionLedgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/sanctions',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The sanctions ledger (处分台账) in scope: filters, sort, paging; underEffectOn lists who is under an effect period on a date',
        querystring: Obj({ ...SanctionFilterProps, ...SanctionSortProp, ...PageQuery }, { description: 'Filters' }),
        response: {
          200: PagedOf(SanctionLineSchema, 'Sanctions', {
            total: 'Rows matching the filters, counted up to 10,000',
            extra: { totalCapped: Bool('True when more than 10,000 match (narrow the filters)') },
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({
      ...(await listSanctions(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/sanctions/under-effect.xlsx',
    {
      config: exporting,
      schema: {
        tags,
        summary:
          'Export who is under an effect period on a date, for personnel departments (Excel, in scope, audited naming every record)',
        querystring: Obj(
          { on: DateStr('The date (YYYY-MM-DD)'), ...SanctionFilterProps },
          { description: 'The date and filters' },
        ),
      },
    },
    async (req, reply) => {
      const { on, ...filters } = req.query;
      const rows = await exportUnderEffect(req.ctx, on, filters);
      return sendXlsx<UnderEffectLine>(
        reply,
        `处分影响期内人员名单（${on}）.xlsx`,
        '影响期内人员',
        [
          { header: '姓名', value: (r) => r.personName, width: 12 },
          { header: '职务', value: (r) => r.personPosition, width: 20 },
          { header: '工作单位', value: (r) => r.personEmployer, width: 24 },
          { header: '类别', value: (r) => r.systemLabel, width: 12 },
          { header: '处分种类', value: (r) => r.outcomeLabel, width: 16 },
          { header: '决定日期', value: (r) => r.decidedOn, width: 12 },
          { header: '决定文号', value: (r) => r.decisionRef, width: 20 },
          { header: '批准机关', value: (r) => r.approvingBodyName, width: 20 },
          { header: '期间起', value: (r) => r.effectStart, width: 12 },
          { header: '期间止', value: (r) => r.effectEnd, width: 12 },
          { header: '期满解除日', value: (r) => r.liftsOn, width: 12 },
          { header: `${on}后剩余`, value: (r) => remainderText(r.remainder), width: 14 },
          { header: '办理单位', value: (r) => r.ownerUnitName, width: 20 },
        ],
        each(rows),
      );
    },
  );

  app.get(
    '/api/sanctions/counts',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Counts of the records decided in a range, in scope: by four form, outcome, zone, handling mode and month',
        querystring: Obj({ ...CountsQueryProps, ...SanctionFilterProps }, { description: 'Range and filters' }),
        response: { 200: CountsSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { from, to, ...filters } = req.query;
      return sanctionCounts(req.ctx, { from, to }, filters);
    },
  );

  app.get(
    '/api/sanctions/counts.xlsx',
    {
      config: exporting,
      schema: {
        tags,
        summary: 'The counts as Excel (audited)',
        querystring: Obj({ ...CountsQueryProps, ...SanctionFilterProps }, { description: 'Range and filters' }),
      },
    },
    async (req, reply) => {
      const { from, to, ...filters } = req.query;
      const counts = await inTransaction(req.ctx, async (tx) => {
        const c = await sanctionCounts(tx, { from, to }, filters);
        await recordAudit(tx, {
          action: 'sanction.counts_export',
          resourceType: 'sanction',
          resourceId: null,
          unitId: null,
          changes: { range: [null, `${from}..${to}`], total: [null, c.total] },
        });
        return c;
      });
      return sendXlsx(
        reply,
        `处分统计（${from}至${to}）.xlsx`,
        '处分统计',
        [
          { header: '维度', value: (r) => r.dimension, width: 12 },
          { header: '项目', value: (r) => r.label, width: 24 },
          { header: '数量', value: (r) => r.count, width: 10 },
        ],
        each(countRows(counts)),
      );
    },
  );

  app.get(
    '/api/integrity-files/:id',
    {
      config: read,
      schema: {
        tags,
        summary:
          "A person's integrity file (廉政档案): every record in scope, its period, the remainder today, appeals and restoration (audited)",
        params: IdParams("The registry's person (subjects.id)"),
        response: { 200: IntegrityFileSchema, ...errorResponses },
      },
    },
    async (req) => readIntegrityFile(req.ctx, req.params.id),
  );

  app.get(
    '/api/sanction-four-forms/:regionCode',
    {
      config: settings,
      schema: {
        tags,
        summary: "A county's four-forms mapping (the national default while it keeps none)",
        params: CountyParam,
        response: { 200: FourFormsSchema, ...errorResponses },
      },
    },
    async (req) => readFourFormsSetting(req.ctx, req.params.regionCode),
  );

  app.put(
    '/api/sanction-four-forms/:regionCode',
    {
      config: settings,
      schema: {
        tags,
        summary:
          "Set a county's four-forms mapping over the national default (version-checked, audited; each problem named)",
        params: CountyParam,
        body: FourFormsBody,
        response: { 200: FourFormsSchema, ...errorResponses },
      },
    },
    async (req) => setFourFormsSetting(req.ctx, req.params.regionCode, req.body),
  );
};
