/**
 * The Excel export of the recommendations list (监察建议书 / 纪律检查建议书, issue 15 §4):
 * exactly the recommendations the list's filters select for this reader (issued by or addressed
 * to units in scope, as the list), in the list's order, at most `RECOMMENDATION_EXPORT_CAP`, with
 * one `rectification.recommendation_export` audit event naming every recommendation, in the
 * read's transaction. Its own route plugin, beside the recommendations' routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, Enum, Id, Obj } from '../../http/schema.js';
import { sendXlsx } from '../../http/xlsx.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import {
  RECOMMENDATION_KINDS,
  RECOMMENDATION_KIND_LABELS,
  RECOMMENDATION_SOURCE_LABELS,
  RECOMMENDATION_STATUSES,
  RECOMMENDATION_STATUS_LABELS,
} from '../../shared/recommendation.codes.js';
import type { XlsxColumn } from '../../shared/spreadsheet/sheet.js';
import { recordAudit } from '../audit/index.js';
import {
  type RecommendationQuery,
  type RecommendationView,
  listRecommendations,
} from './rectification.recommendations.js';

/** The most recommendations one export holds; more is RECOMMENDATION_EXPORT_TOO_LARGE. */
export const RECOMMENDATION_EXPORT_CAP = 10_000;

/** The list's filters without the page. */
export type RecommendationFilter = Omit<RecommendationQuery, 'page' | 'pageSize'>;

/** The list's filters without the page, as the export route takes them. */
export const RecommendationFilterSchema = Obj(
  {
    kind: Type.Optional(Enum(RECOMMENDATION_KINDS, 'Kind')),
    status: Type.Optional(Enum(RECOMMENDATION_STATUSES, 'Status')),
    recipientUnitId: Type.Optional(Id('Recipient unit')),
    issuerUnitId: Type.Optional(Id('Issuing commission')),
    overdue: Type.Optional(Bool('Issued, not answered, reply date passed')),
    accountability: Type.Optional(Bool('Refused without good reason (recorded for accountability)')),
  },
  { description: 'Filters' },
);

/**
 * The recommendations the filters select, in the list's order (overdue replies first, then
 * newest), audited. RECOMMENDATION_EXPORT_TOO_LARGE past `cap` (a parameter so a test can reach
 * it): nothing is audited.
 */
export async function exportRecommendations(
  ctx: Ctx,
  filter: RecommendationFilter,
  cap: number = RECOMMENDATION_EXPORT_CAP,
): Promise<RecommendationView[]> {
  return inTransaction(ctx, async (tx) => {
    const { items } = await listRecommendations(tx, { ...filter, page: 1, pageSize: cap + 1 });
    if (items.length > cap) throw domainError('RECOMMENDATION_EXPORT_TOO_LARGE', { max: cap });
    await recordAudit(tx, {
      action: 'rectification.recommendation_export',
      resourceType: 'recommendation',
      changes: { filters: [null, filter], recommendations: [null, items.map((r) => r.id)] },
    });
    return items;
  });
}

const day = (iso: string | null) => (iso ? toShanghaiDate(iso) : '');

/** The export's columns (Chinese headers; instants as Asia/Shanghai dates). */
export function recommendationExportColumns(): XlsxColumn<RecommendationView>[] {
  return [
    { header: '文号', width: 20, text: true, value: (r) => r.number ?? '' },
    { header: '种类', width: 14, value: (r) => RECOMMENDATION_KIND_LABELS[r.kind] ?? r.kind },
    { header: '事由', width: 40, value: (r) => r.subject },
    { header: '制发机关', width: 24, value: (r) => r.issuerUnitName },
    { header: '主送单位', width: 24, value: (r) => r.recipientUnitName },
    { header: '主送单位负责人', width: 12, value: (r) => r.recipientPrincipal ?? '' },
    {
      header: '来源',
      width: 12,
      value: (r) => (r.sourceKind ? (RECOMMENDATION_SOURCE_LABELS[r.sourceKind] ?? r.sourceKind) : ''),
    },
    { header: '状态', width: 12, value: (r) => RECOMMENDATION_STATUS_LABELS[r.status] ?? r.status },
    { header: '制发日期', width: 12, text: true, value: (r) => day(r.issuedAt) },
    { header: '回复期限', width: 12, text: true, value: (r) => r.replyDueOn ?? '' },
    { header: '是否逾期未复', width: 10, value: (r) => (r.replyOverdue ? '逾期未复' : '') },
    { header: '回复日期', width: 12, text: true, value: (r) => day(r.repliedAt) },
    { header: '拒不采纳日期', width: 12, text: true, value: (r) => day(r.refusedAt) },
    { header: '记录问责', width: 10, value: (r) => (r.accountabilityFlaggedAt ? '已记录问责' : '') },
  ];
}

async function* fromArray<T>(rows: readonly T[]): AsyncGenerator<T> {
  for (const r of rows) yield r;
}

/** The export's route: `GET /api/recommendations/export.xlsx` with the list's filters. */
export const recommendationExportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/recommendations/export.xlsx',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: ['rectification'],
        summary:
          'Export exactly the recommendations the list filters select as Excel (at most 10,000; audited, naming every one)',
        querystring: RecommendationFilterSchema,
      },
    },
    async (req, reply) => {
      const rows = await exportRecommendations(req.ctx, req.query);
      return sendXlsx(reply, '建议书列表.xlsx', '建议书列表', recommendationExportColumns(), fromArray(rows));
    },
  );
};
