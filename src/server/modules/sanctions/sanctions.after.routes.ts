/** Routes of what follows a sanction's decision: notices, 留党察看's end, the documents. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Id, Obj, errorResponses } from '../../http/schema.js';
import {
  NoticeBody,
  NoticeSchema,
  ProbationBody,
  ProbationDoneSchema,
  type SanctionDocumentName,
  SanctionDocumentParams,
  SanctionIdParam,
} from './sanctions.after.schemas.js';
import { sanctionDocument } from './sanctions.documents.js';
import { listNotices, recordNotice } from './sanctions.notices.js';
import { decideProbationOutcome } from './sanctions.probation.js';

const tags = ['sanctions'];
const read = { access: { permission: 'sanction.read' as const } };
const manage = { access: { permission: 'sanction.manage' as const } };
const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** The routes of notices, 留党察看's end and the sanction documents. */
export const sanctionAfterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/sanctions/:id/notices',
    {
      config: read,
      schema: {
        tags,
        summary: 'Who was told of the sanction (decision, change, lifting, probation outcome), oldest first',
        params: SanctionIdParam,
        response: {
          200: Obj({ items: Type.Array(NoticeSchema, { description: 'Notices' }) }, { description: 'Notices' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listNotices(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/sanctions/:id/notices',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Record who was told of the decision (or of a change)',
        params: SanctionIdParam,
        body: NoticeBody,
        response: { 201: Obj({ id: Id('Notice id') }, { description: 'Recorded' }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await recordNotice(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/sanctions/:id/probation-outcome',
    {
      config: manage,
      schema: {
        tags,
        summary: "Decide a 留党察看's end: restore rights (with the branch's resolution), extend one year, or expel",
        params: SanctionIdParam,
        body: ProbationBody,
        response: { 200: ProbationDoneSchema, ...errorResponses },
      },
    },
    async (req) => decideProbationOutcome(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/sanctions/:id/documents/:file',
    {
      config: read,
      schema: {
        tags,
        summary:
          'A sanction document as PDF or DOCX (处分决定, 政务处分决定书, 通报材料, 支部大会决议, 恢复党员权利决定)',
        params: SanctionDocumentParams,
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const [name, format] = req.params.file.split('.') as [SanctionDocumentName, 'pdf' | 'docx'];
      const { bytes, title } = await sanctionDocument(req.ctx, req.params.id, name, format);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
};
