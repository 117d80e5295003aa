import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { IdParams, Obj, RegionCode, Str } from '../../http/schema.js';
import { inTransaction, scopeFor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { type QrPosterInput, streamQrPosters } from '../../documents/index.js';
import { inScope } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';
import { findCompetentUnit } from '../org/index.js';
import {
  DOCUMENT_FORMATS,
  DOCUMENT_TITLES,
  type DocumentFormat,
  REPORT_DOCUMENTS,
  type ReportDocument,
  buildReportDocument,
  buildReportingGuide,
  render,
} from './reports.documents.js';

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const fileParam = (kinds: readonly string[]) =>
  Str(`Document and format: ${kinds.map((k) => `${k}.pdf`).join(', ')} (or .docx)`, {
    pattern: `^(${kinds.join('|')})\\.(${DOCUMENT_FORMATS.join('|')})$`,
  });

function parseFile<K extends string>(file: string): { kind: K; format: DocumentFormat } {
  const dot = file.lastIndexOf('.');
  return { kind: file.slice(0, dot) as K, format: file.slice(dot + 1) as DocumentFormat };
}

function sendDocument(reply: FastifyReply, bytes: Buffer, title: string, format: DocumentFormat): FastifyReply {
  return reply
    .header('content-type', CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
    .header('cache-control', 'no-store')
    .send(bytes);
}

/** Routes of generated documents: a report's official forms, the reporting guide and QR posters. */
export const reportDocumentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/reports/:id/documents/:file',
    {
      config: { access: { permission: 'report.read' } },
      schema: {
        tags: ['reports'],
        summary: "A report's official document in GB/T 9704 layout, as PDF or DOCX (audited)",
        description:
          'acceptance_notice and named_feedback_form are addressed to the named reporter and need report.identity; ' +
          'the other forms print the identity only for its holders.',
        params: IdParams('Report id', { file: fileParam(REPORT_DOCUMENTS) }),
      },
    },
    async (req, reply) => {
      const { kind, format } = parseFile<ReportDocument>(req.params.file);
      const doc = await buildReportDocument(req.ctx, req.params.id, kind);
      return sendDocument(reply, await render(doc, format), DOCUMENT_TITLES[kind], format);
    },
  );

  app.get(
    '/api/public/documents/:file',
    {
      config: { access: { public: true }, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'The reporting guide (检举控告明白卡) of the commission competent for a region',
        params: Obj({ file: fileParam(['reporting_guide']) }, { description: 'Path parameters' }),
        querystring: Obj(
          { regionCode: Type.Optional(RegionCode('Region whose commission issues the guide')) },
          { description: 'Options' },
        ),
      },
    },
    async (req, reply) => {
      const { format } = parseFile<'reporting_guide'>(req.params.file);
      const doc = await buildReportingGuide(req.ctx, req.query.regionCode);
      return sendDocument(reply, await render(doc, format), DOCUMENT_TITLES.reporting_guide, format);
    },
  );

  app.get(
    '/api/regions/:code/qr-posters.pdf',
    {
      config: { access: { permission: 'org.export' } },
      schema: {
        tags: ['org'],
        summary: 'Printable A4 QR posters, one page per village under a region (township or county)',
        params: Obj({ code: RegionCode('Township or county') }, { description: 'Path parameters' }),
      },
    },
    async (req, reply) => {
      const ctx = req.ctx;
      const region = await ctx.db
        .selectFrom('regions')
        .selectAll()
        .where('code', '=', req.params.code)
        .executeTakeFirst();
      if (!region) throw errors.notFound('region');
      const scope = scopeFor(ctx, 'org.export');
      // Posters are printed for places in the caller's reach (its units' region subtrees).
      const reach = await ctx.db
        .selectFrom('units')
        .select(['id', 'path', 'region_path'])
        .where('region_path', '<=', region.path)
        .execute();
      const allowed =
        scope.global ||
        reach.some(
          (u) =>
            region.path.startsWith(u.region_path) &&
            inScope(scope, { owner_unit_id: u.id, owner_unit_path: u.path, region_path: u.region_path }),
        );
      if (!allowed) throw errors.notFound('region');
      if (region.level !== 'township' && region.level !== 'county')
        throw errors.validation({ field: 'code' }, '请选择乡镇或县级区划');
      const villages = await ctx.db
        .selectFrom('regions as v')
        .leftJoin('regions as t', 't.code', 'v.parent_code')
        .select(['v.code', 'v.name', 't.name as township'])
        .where('v.level', '=', 'village')
        .where('v.path', '>=', region.path)
        .where('v.path', '<', `${region.path}\uffff`)
        .orderBy('v.code')
        .execute();
      if (villages.length === 0) throw errors.notFound('village');
      const county = region.county_code
        ? await ctx.db.selectFrom('regions').select('name').where('code', '=', region.county_code).executeTakeFirst()
        : undefined;
      const commission = await findCompetentUnit(ctx, region.code, 'county_managed');
      const inputs: QrPosterInput[] = villages.map((v) => ({
        regionName: `${v.township ?? ''}${v.name}`,
        countyName: county?.name ?? '',
        commissionName: commission?.name ?? '',
        hotline: ctx.config.hotline,
        url: `${ctx.config.publicUrl}/r/${v.code}`,
      }));
      await inTransaction(ctx, (tx) =>
        recordAudit(tx, {
          action: 'region.qr_posters',
          resourceType: 'region',
          resourceId: region.code,
          changes: { pages: [null, inputs.length] },
        }),
      );
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`${region.name}举报二维码.pdf`)}`,
        )
        .send(streamQrPosters(inputs));
    },
  );
};
