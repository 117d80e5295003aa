import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { IdParams, Obj, RegionCode, Str } from '../../http/schema.js';
import { POSTER_URL_WARNING_HEADER, isLocalPublicUrl, streamQrPosters } from '../../documents/index.js';
import {
  DOCUMENT_FORMATS,
  DOCUMENT_TITLES,
  type DocumentFormat,
  REPORT_DOCUMENTS,
  type ReportDocument,
  buildReportDocument,
  buildReportingGuide,
  qrPosterPages,
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
      config: { access: { permission: 'org.poster' } },
      schema: {
        tags: ['org'],
        summary: 'Printable A4 QR posters, one page per village under a region (township or county)',
        description:
          'Township commission secretaries print their own villages (404 for another township). When the ' +
          `QR codes would point to this machine (QF_PUBLIC_URL unset), the ${POSTER_URL_WARNING_HEADER} ` +
          'header carries the address they encode, and the console warns before saving the file.',
        params: Obj({ code: RegionCode('Township or county') }, { description: 'Path parameters' }),
      },
    },
    async (req, reply) => {
      const { region, inputs } = await qrPosterPages(req.ctx, req.params.code);
      const publicUrl = req.ctx.config.publicUrl;
      if (isLocalPublicUrl(publicUrl)) {
        req.log.warn('QR posters printed while QF_PUBLIC_URL points to this machine');
        void reply.header(POSTER_URL_WARNING_HEADER, publicUrl);
      }
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
