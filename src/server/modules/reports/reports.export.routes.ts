import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Obj, Str } from '../../http/schema.js';
import { sendXlsx } from '../../http/xlsx.js';
import { can } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { grantExport, streamLedger } from './reports.export.js';
import {
  CHANNEL_LABELS,
  RATING_LABELS,
  REPORTER_LABEL,
  REPORT_CATEGORIES,
  type ReportChannel,
  type ReportStatus,
  SOURCE_BODY_LABELS,
  STATUS_LABELS,
  parseCategories,
} from './reports.model.js';
import { LedgerFilters } from './reports.schemas.js';

/**
 * The ledger's Excel export: exactly the filtered rows, audited; the reporter's name and phone
 * only for a holder of report.identity who states a reason (`identityReason`), as a reveal.
 */
export const reportExportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/reports/export.xlsx',
    {
      config: { access: { permission: 'report.export' } },
      schema: {
        tags: ['reports'],
        summary:
          'Export exactly the filtered ledger rows (audited); identities only with report.identity and a stated reason',
        querystring: Obj(
          {
            ...LedgerFilters,
            identityReason: Type.Optional(
              Str(
                "Why the reporters' identities are needed: the file then carries the named reporters' name and phone (needs report.identity; audited as a reveal of each)",
                { min: 10, max: 500 },
              ),
            ),
          },
          { description: 'Filters' },
        ),
      },
    },
    async (req, reply) => {
      if (!can(req.ctx, 'report.read')) throw errors.forbidden('report.read');
      const ctx = req.ctx;
      const { identityReason, ...filters } = req.query;
      const withIdentity = identityReason !== undefined;
      // Audited before the first byte: the file carries only the reports (and identities) named.
      const grant = await grantExport(ctx, filters, identityReason ?? null);
      type Row =
        Parameters<typeof streamLedger> extends never
          ? never
          : Awaited<ReturnType<ReturnType<typeof streamLedger>['next']>>['value'];
      const identity = (r: NonNullable<Row>) => grant.identities.get(r.id) ?? null;
      async function* granted() {
        for await (const r of streamLedger(ctx, filters)) if (grant.ids.has(r.id)) yield r;
      }
      return sendXlsx(
        reply,
        '信访举报台账.xlsx',
        '台账',
        [
          { header: '编号', width: 24, value: (r) => r.number },
          { header: '收件日期', width: 12, value: (r) => r.received_on },
          { header: '来源', value: (r) => CHANNEL_LABELS[r.channel as ReportChannel] ?? r.channel },
          { header: '类别', value: (r) => (r.kind === 'accusation' ? '检举控告' : '信访') },
          {
            header: '问题类型',
            width: 24,
            value: (r) =>
              parseCategories(r.categories)
                .map((c) => REPORT_CATEGORIES[c])
                .join('、'),
          },
          { header: '被反映人', value: (r) => r.subject_name },
          { header: '职务', width: 20, value: (r) => r.subject_position },
          { header: '所在区划', width: 20, value: (r) => r.region_name },
          { header: '承办机关', width: 24, value: (r) => r.unit_name },
          { header: '状态', value: (r) => STATUS_LABELS[r.status as ReportStatus] ?? r.status },
          { header: '举报方式', value: (r) => (r.anonymous === 1 ? REPORTER_LABEL.anonymous : '实名') },
          ...(withIdentity
            ? [
                { header: '举报人', value: (r: NonNullable<Row>) => identity(r)?.name ?? null },
                { header: '联系电话', width: 16, value: (r: NonNullable<Row>) => identity(r)?.phone ?? null },
              ]
            : []),
          {
            header: '移送机关',
            value: (r) => (r.source_body ? SOURCE_BODY_LABELS[r.source_body as keyof typeof SOURCE_BODY_LABELS] : null),
          },
          { header: '重复件', value: (r) => (r.repeat_of ? '是' : '否') },
          { header: '办结日期', width: 12, value: (r) => r.closed_at?.slice(0, 10) ?? null },
          { header: '评价', value: (r) => (r.rating ? RATING_LABELS[r.rating as keyof typeof RATING_LABELS] : null) },
          { header: '反映内容', width: 60, value: (r) => r.content },
        ],
        granted(),
      );
    },
  );
};
